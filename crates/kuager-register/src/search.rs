//! Finding people by any spelling of any part of their name.

use crate::{RegisterError, Result};
use kuager_names::translit::neutral_family;
use kuager_names::{key, nominative};
use kuager_store::Store;
use serde::Serialize;

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Number of mentions of the person.
    pub mentions: usize,
    /// Number of distinct search keys of the query the person matched.
    pub score: usize,
}

/// Keys a query word may match: as written and, for Cyrillic, in the
/// nominative, as a family name (gender-neutral) and as a given name.
/// Sorted, without duplicates; empty when the query has no letters.
pub fn query_keys(query: &str) -> Vec<String> {
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

/// Everyone whose name matches the query, best first: most query keys
/// matched, then most mentions, then name, then id.
pub async fn search(store: &Store, query: &str) -> Result<Vec<Hit>> {
    search_limited(store, query, usize::MAX).await
}

/// The first `limit` hits of [`search`], in the same order.
///
/// The order needs every hit's name and number of mentions, but not its
/// mentions: those come for all hits from one query per thousand
/// ([`Store::person_summaries`]), so a query matching thousands of people
/// reads no person's mentions.
pub async fn search_limited(store: &Store, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let keys = query_keys(query);
    if keys.is_empty() {
        return Err(RegisterError::EmptyQuery {
            query: query.to_string(),
        });
    }
    let hits = store
        .search_persons(&keys, limit)
        .await?
        .into_iter()
        .map(|(p, score)| Hit {
            score,
            id: p.id,
            name: p.name,
            aliases: p.aliases,
            mentions: p.mentions,
        })
        .collect();
    Ok(hits)
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
        assert!(query_keys(" 12, -- ").is_empty());
    }
}
