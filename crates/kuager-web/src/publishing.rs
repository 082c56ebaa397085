//! Filling the redaction layer's input (`kuager_publish::Internal*`) from
//! the store, for the public outputs the web app serves. Redaction itself
//! happens in `kuager-publish`, never here.

use kuager_case::{Consent, SourceRef};
use kuager_domain::MentionKey;
use kuager_publish::{
    InternalEvent, InternalParticipant, InternalPerson, InternalSource, LinkedPerson,
};
use kuager_store::{Result, Store};

/// An event with its publication decision, every participant's consent
/// and the consent of the person behind each (taken from the person's
/// anchor, their smallest mention key; confidential when none is
/// recorded). `None` when there is no such event.
pub async fn internal_event(store: &Store, id: i64) -> Result<Option<InternalEvent>> {
    let Some(event) = store.event(id).await? else {
        return Ok(None);
    };
    let Some(publication) = store.event_publication(id).await? else {
        return Ok(None);
    };
    let mut participants = Vec::with_capacity(event.draft.participants.len());
    for (i, p) in event.draft.participants.iter().enumerate() {
        let person = match &p.person {
            Some(key) => linked_person(store, key).await?,
            None => None,
        };
        participants.push(InternalParticipant {
            role: p.role,
            name: p.name.clone(),
            position: p.position.clone(),
            organisation: p.organisation.clone(),
            // A participant without a recorded consent is confidential.
            consent: publication
                .participant_consent
                .get(i)
                .copied()
                .unwrap_or(Consent::Confidential),
            person,
        });
    }
    let sources = event
        .sources
        .iter()
        .map(|s| match &s.source {
            SourceRef::Document { sha256, start, end } => InternalSource::Document {
                sha256: sha256.clone(),
                start: *start,
                end: *end,
                // Titles are not shown by the outputs served here; leaving
                // them out withholds them.
                title: String::new(),
                file_name: String::new(),
            },
            SourceRef::Report { report_id } => InternalSource::Report {
                report_id: *report_id,
            },
            SourceRef::Reference { citation, url } => InternalSource::Reference {
                citation: citation.clone(),
                url: url.clone(),
            },
        })
        .collect();
    let d = event.draft;
    Ok(Some(InternalEvent {
        id,
        publication: publication.publication,
        event_type: d.event_type,
        date: d.date,
        place_key: d.place_key,
        place_detail: d.place_detail,
        description: d.description,
        verification: d.verification,
        participants,
        legal: d.legal,
        sources,
        published_at: None,
        internal_notes: Vec::new(),
    }))
}

async fn linked_person(store: &Store, key: &MentionKey) -> Result<Option<LinkedPerson>> {
    let Some(person_id) = store.person_of_mention(key).await? else {
        return Ok(None);
    };
    let anchor = store
        .person(&person_id)
        .await?
        .and_then(|p| p.mentions.into_iter().map(|m| m.key).min());
    let consent = match anchor {
        Some(anchor) => store.person_consent(&anchor).await?,
        None => None,
    };
    Ok(Some(LinkedPerson {
        id: person_id,
        consent: consent.unwrap_or(Consent::Confidential),
    }))
}

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
