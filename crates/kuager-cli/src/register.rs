//! Reading and deciding on the register: open, resolve, show, search,
//! human identity decisions.

use anyhow::{anyhow, bail, Context, Result};
use kuager_domain::{Decision, MentionKey};
use kuager_names::translit::neutral_family;
use kuager_names::{key, nominative};
use kuager_store::{PersonRecord, Store};
use std::collections::BTreeMap;

pub async fn open(db: &str) -> Result<Store> {
    Store::open(db)
        .await
        .with_context(|| format!("opening the register at {db}"))
}

/// Recompute who is who and store it. Returns (people, review pairs).
pub async fn resolve(store: &Store) -> Result<(usize, usize)> {
    let started = std::time::Instant::now();
    let mentions = store.person_mentions().await?;
    let decisions = store.decisions().await?;
    let loaded = started.elapsed();
    let previous = store.person_anchors().await?;
    let mut resolution =
        tokio::task::block_in_place(|| kuager_identity::resolve(&mentions, &decisions));
    kuager_identity::keep_ids(&mut resolution, &previous);
    let resolved = started.elapsed();
    drop(mentions);
    store
        .replace_resolution(&resolution.persons, &resolution.review)
        .await?;
    tracing::info!(
        load_s = loaded.as_secs_f64(),
        resolve_s = (resolved - loaded).as_secs_f64(),
        store_s = (started.elapsed() - resolved).as_secs_f64(),
        persons = resolution.persons.len(),
        review = resolution.review.len(),
        "resolved the register"
    );
    Ok((resolution.persons.len(), resolution.review.len()))
}

/// A search result.
#[derive(Debug, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub score: usize,
}

/// Keys a query word may match: as written and, for Cyrillic, in the
/// nominative, as a family name (gender-neutral) and as a given name.
fn query_keys(query: &str) -> Vec<String> {
    let words: Vec<String> = query
        .split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let mut keys = Vec::new();
    let mut forms = words.clone();
    forms.extend(nominative(&words));
    for w in &forms {
        let k = key(w);
        if k.is_empty() {
            continue;
        }
        let (neutral, _) = neutral_family(&k);
        keys.push(format!("f:{neutral}"));
        keys.push(format!("f:{k}"));
        keys.push(format!("g:{k}"));
        keys.push(format!("p:{k}"));
    }
    keys.sort();
    keys.dedup();
    keys
}

pub async fn search(store: &Store, query: &str) -> Result<Vec<Hit>> {
    let keys = query_keys(query);
    if keys.is_empty() {
        bail!("the query {query:?} has no letters to search for");
    }
    let found = store.find_by_keys(&keys).await?;
    let mut hits = Vec::new();
    for (id, score) in found {
        if let Some(p) = store.person(&id).await? {
            hits.push(Hit {
                id: p.id,
                name: p.name,
                aliases: p.aliases,
                mentions: p.mentions.len(),
                score,
            });
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
    });
    Ok(hits)
}

async fn person_or_error(store: &Store, id: &str) -> Result<PersonRecord> {
    store.person(id).await?.ok_or_else(|| {
        anyhow!("no person with id {id:?} (see `kuager persons` or `kuager search`)")
    })
}

pub async fn show_person(store: &Store, id: &str, json: bool) -> Result<()> {
    let person = person_or_error(store, id).await?;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for m in &person.mentions {
        if !texts.contains_key(&m.key.sha256) {
            if let Some(doc) = store.document(&m.key.sha256).await? {
                texts.insert(m.key.sha256.clone(), doc.text);
            }
        }
    }
    crate::output::person(&person, &texts, json)
}

pub async fn show_review(store: &Store, json: bool) -> Result<()> {
    let pairs = store.review_pairs().await?;
    let mut names = BTreeMap::new();
    for p in &pairs {
        for id in [&p.a, &p.b] {
            if !names.contains_key(id) {
                if let Some(rec) = store.person(id).await? {
                    names.insert(id.clone(), rec);
                }
            }
        }
    }
    crate::output::review(&pairs, &names, json)
}

/// The anchor mention of a person: decisions are recorded on mentions, so
/// they outlive person ids.
async fn anchor(store: &Store, id: &str) -> Result<MentionKey> {
    let person = person_or_error(store, id).await?;
    person
        .mentions
        .iter()
        .map(|m| m.key.clone())
        .min()
        .ok_or_else(|| anyhow!("person {id} has no mentions"))
}

pub async fn decide(store: &Store, a: &str, b: &str, merge: bool) -> Result<()> {
    if a == b {
        bail!("both ids are {a}: name two different people");
    }
    let (ka, kb) = (anchor(store, a).await?, anchor(store, b).await?);
    let decision = if merge {
        Decision::Merge { a: ka, b: kb }
    } else {
        Decision::Distinct { a: ka, b: kb }
    };
    store.add_decision(&decision).await?;
    let (persons, review) = resolve(store).await?;
    let verb = if merge { "merged" } else { "kept apart" };
    println!("{a} and {b} {verb}; decision recorded. Register: {persons} people, {review} pairs to review.");
    Ok(())
}

/// Parse FILE:START or SHA-PREFIX:START into a stored mention key.
async fn mention_key(store: &Store, spec: &str) -> Result<MentionKey> {
    let (doc, start) = spec
        .rsplit_once(':')
        .ok_or_else(|| anyhow!("mention {spec:?}: expected FILE:START or SHA256-PREFIX:START"))?;
    let start: usize = start.parse().map_err(|_| {
        anyhow!("mention {spec:?}: START must be a character offset, got {start:?}")
    })?;
    let docs = store.documents().await?;
    let matching: Vec<_> = docs
        .iter()
        .filter(|d| {
            d.file_name == doc || (doc.len() >= 6 && d.sha256.starts_with(&doc.to_lowercase()))
        })
        .collect();
    let sha = match matching.as_slice() {
        [one] => one.sha256.clone(),
        [] => bail!("mention {spec:?}: no document named or hashed {doc:?}"),
        _ => bail!(
            "mention {spec:?}: {doc:?} names {} documents; use the SHA-256 prefix",
            matching.len()
        ),
    };
    let key = MentionKey { sha256: sha, start };
    if store.person_of_mention(&key).await?.is_none() {
        bail!("mention {spec:?}: no person mention starts at offset {start} in that document");
    }
    Ok(key)
}

pub async fn split(store: &Store, specs: &[String]) -> Result<()> {
    let mut keys = Vec::new();
    for s in specs {
        keys.push(mention_key(store, s).await?);
    }
    for k in keys {
        store.add_decision(&Decision::Split { mention: k }).await?;
    }
    let (persons, review) = resolve(store).await?;
    println!("split {} mention(s); decision recorded. Register: {persons} people, {review} pairs to review.", specs.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::query_keys;

    #[test]
    fn query_keys_cover_scripts_and_cases() {
        let a = query_keys("Мендыгазиев");
        let b = query_keys("MENDYGAZIYEV");
        assert!(a.iter().any(|k| b.contains(k)));
        assert!(
            query_keys("Атабека").contains(&"f:atabek".to_string())
                || query_keys("Арона Атабека").contains(&"f:atabek".to_string())
        );
    }
}
