//! Human identity decisions: merge, keep apart, split.
//!
//! Decisions are recorded on mentions, not on person ids: a person id may
//! change when the register is resolved again, a mention (document hash and
//! offset) does not. Every decision is followed by a new resolution, which
//! never undoes it.

use crate::{resolve, RegisterError, Result};
use kuager_domain::{Decision, MentionKey};
use kuager_store::{PersonRecord, Store};
use serde::Serialize;

/// The register after a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecisionOutcome {
    /// People in the register.
    pub persons: usize,
    /// Pairs left for a human to review.
    pub review: usize,
}

/// One person of the current resolution, or [`RegisterError::NoSuchPerson`].
pub async fn person(store: &Store, id: &str) -> Result<PersonRecord> {
    store
        .person(id)
        .await?
        .ok_or_else(|| RegisterError::NoSuchPerson { id: id.to_string() })
}

/// The anchor mention of a person (the smallest of its mention keys): what
/// a decision about the person is recorded on.
pub async fn anchor(store: &Store, person_id: &str) -> Result<MentionKey> {
    let person = person(store, person_id).await?;
    person
        .mentions
        .iter()
        .map(|m| m.key.clone())
        .min()
        .ok_or_else(|| RegisterError::NoMentions {
            id: person_id.to_string(),
        })
}

/// Record that two people are the same person (`merge`) or different
/// people, and resolve the register again.
pub async fn decide(
    store: &Store,
    a_person_id: &str,
    b_person_id: &str,
    merge: bool,
) -> Result<DecisionOutcome> {
    if a_person_id == b_person_id {
        return Err(RegisterError::SamePerson {
            id: a_person_id.to_string(),
        });
    }
    let a = anchor(store, a_person_id).await?;
    let b = anchor(store, b_person_id).await?;
    let decision = if merge {
        Decision::Merge { a, b }
    } else {
        Decision::Distinct { a, b }
    };
    store.add_decision(&decision).await?;
    let (persons, review) = resolve(store).await?;
    Ok(DecisionOutcome { persons, review })
}

/// The stored person mention a user names as FILE:START (the document's
/// file name) or SHA256-PREFIX:START (at least six hex digits), START being
/// the mention's character offset, as a person's page shows it.
pub async fn mention_key(store: &Store, spec: &str) -> Result<MentionKey> {
    let (doc, start) = spec
        .rsplit_once(':')
        .ok_or_else(|| RegisterError::MentionSyntax {
            spec: spec.to_string(),
        })?;
    let start: usize = start.parse().map_err(|_| RegisterError::MentionOffset {
        spec: spec.to_string(),
        start: start.to_string(),
    })?;
    let docs = store.documents().await?;
    let prefix = doc.to_lowercase();
    let matching: Vec<_> = docs
        .iter()
        .filter(|d| d.file_name == doc || (doc.len() >= 6 && d.sha256.starts_with(&prefix)))
        .collect();
    let sha256 = match matching.as_slice() {
        [one] => one.sha256.clone(),
        [] => {
            return Err(RegisterError::MentionDocument {
                spec: spec.to_string(),
                document: doc.to_string(),
            })
        }
        _ => {
            return Err(RegisterError::MentionAmbiguous {
                spec: spec.to_string(),
                document: doc.to_string(),
                count: matching.len(),
            })
        }
    };
    let key = MentionKey { sha256, start };
    if store.person_of_mention(&key).await?.is_none() {
        return Err(RegisterError::NoMentionAt {
            spec: spec.to_string(),
            start,
        });
    }
    Ok(key)
}

/// Split mentions (named as for [`mention_key`]) off the people they were
/// grouped with, and resolve the register again. Nothing is recorded
/// unless every mention is found.
pub async fn split<S: AsRef<str>>(store: &Store, mention_specs: &[S]) -> Result<DecisionOutcome> {
    let mut keys = Vec::with_capacity(mention_specs.len());
    for spec in mention_specs {
        keys.push(mention_key(store, spec.as_ref()).await?);
    }
    for mention in keys {
        store.add_decision(&Decision::Split { mention }).await?;
    }
    let (persons, review) = resolve(store).await?;
    Ok(DecisionOutcome { persons, review })
}
