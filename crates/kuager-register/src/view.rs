//! Reads that put a person or the review queue in context.

use crate::{person, Result};
use kuager_domain::ReviewPair;
use kuager_store::{PersonRecord, Store};
use std::collections::BTreeMap;

/// A person with the text of every document it is mentioned in (by
/// sha256), to show each mention in context.
pub async fn person_with_texts(
    store: &Store,
    id: &str,
) -> Result<(PersonRecord, BTreeMap<String, String>)> {
    let person = person(store, id).await?;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for m in &person.mentions {
        if !texts.contains_key(&m.key.sha256) {
            if let Some(doc) = store.document(&m.key.sha256).await? {
                texts.insert(m.key.sha256.clone(), doc.text);
            }
        }
    }
    Ok((person, texts))
}

/// The pairs the resolver was unsure of, best first, with the people they
/// name (by id).
pub async fn review_queue(
    store: &Store,
) -> Result<(Vec<ReviewPair>, BTreeMap<String, PersonRecord>)> {
    let pairs = store.review_pairs().await?;
    let mut people = BTreeMap::new();
    for p in &pairs {
        for id in [&p.a, &p.b] {
            if !people.contains_key(id) {
                if let Some(record) = store.person(id).await? {
                    people.insert(id.clone(), record);
                }
            }
        }
    }
    Ok((pairs, people))
}
