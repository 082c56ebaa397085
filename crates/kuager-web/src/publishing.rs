//! Filling the redaction layer's input from the store lives in
//! `kuager_register::publishing` (the command line needs it too); this
//! re-export keeps one copy.

pub use kuager_register::publishing::internal_event;

use kuager_case::Consent;
use kuager_domain::MentionKey;
use kuager_publish::InternalPerson;
use kuager_store::{Result, Store};

/// A person of the register with every event their mentions take part in
/// (each as [`internal_event`] fills it), their recognitions and their
/// consent (that of their anchor, the smallest mention key; confidential
/// when none is recorded). `None` when there is no such person.
pub async fn internal_person(store: &Store, id: &str) -> Result<Option<InternalPerson>> {
    let Some(person) = store.person(id).await? else {
        return Ok(None);
    };
    let keys: Vec<MentionKey> = person.mentions.iter().map(|m| m.key.clone()).collect();
    let consent = match keys.iter().min() {
        Some(anchor) => store.person_consent(anchor).await?,
        None => None,
    };
    let mut events = Vec::new();
    for e in store.events_of_mentions(&keys).await? {
        if let Some(event) = internal_event(store, e.id).await? {
            events.push(event);
        }
    }
    let recognitions = store
        .recognitions_of_mentions(&keys)
        .await?
        .into_iter()
        .map(|r| r.recognition)
        .collect();
    let mut names = vec![person.name];
    names.extend(person.aliases);
    Ok(Some(InternalPerson {
        id: person.id,
        names,
        consent: consent.unwrap_or(Consent::Confidential),
        events,
        recognitions,
    }))
}
