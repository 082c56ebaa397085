//! The public site, built from the register: everything published is read
//! in one snapshot ([`Store::publication_snapshot`]), turned into the
//! redaction layer's input (`kuager_publish::Internal*`), redacted, and
//! indexed ([`kuager_site::Site`]). Redaction happens in kuager-publish
//! only; this module fills its input and nothing else decides what is
//! shown.

use crate::lists::{estimate, Strata};
use crate::{RegisterError, Result};
use kuager_case::{Consent, SourceRef};
use kuager_publish::{
    redact_event, redact_person, InternalEvent, InternalParticipant, InternalPerson,
    InternalSource, LinkedPerson, PseudonymKey,
};
use kuager_site::{Estimate, Extras, ReportedFigure, Site};
use kuager_store::{EventRecord, PublicationSnapshot, Store};
use std::collections::HashMap;

/// The key public pseudonyms are made with (from the register's data key).
pub fn pseudonym_key(store: &Store) -> PseudonymKey {
    PseudonymKey::derive(&store.pseudonym_secret())
}

/// One event as the redaction layer takes it.
pub fn internal_event(record: &EventRecord, snapshot: &PublicationSnapshot) -> InternalEvent {
    let consents = snapshot.participant_consent.get(&record.id);
    let participants = record
        .draft
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let person = p
                .person
                .as_ref()
                .and_then(|key| snapshot.person_of_mention.get(key))
                .map(|id| LinkedPerson {
                    id: id.clone(),
                    consent: snapshot
                        .person_consent
                        .get(id)
                        .copied()
                        .unwrap_or(Consent::Confidential),
                });
            InternalParticipant {
                role: p.role,
                name: p.name.clone(),
                position: p.position.clone(),
                organisation: p.organisation.clone(),
                // A participant without a recorded consent is confidential.
                consent: consents
                    .and_then(|c| c.get(i))
                    .copied()
                    .unwrap_or(Consent::Confidential),
                person,
            }
        })
        .collect();
    let sources = record
        .sources
        .iter()
        .map(|s| match &s.source {
            SourceRef::Document { sha256, start, end } => InternalSource::Document {
                sha256: sha256.clone(),
                start: *start,
                end: *end,
                title: snapshot
                    .document_titles
                    .get(sha256)
                    .cloned()
                    .unwrap_or_default(),
                // File names are never public: left out.
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
    let d = &record.draft;
    InternalEvent {
        id: record.id,
        publication: kuager_case::Publication::Published,
        event_type: d.event_type,
        date: d.date,
        place_key: d.place_key.clone(),
        place_detail: d.place_detail.clone(),
        description: d.description.clone(),
        verification: d.verification,
        participants,
        legal: d.legal.clone(),
        sources,
        published_at: snapshot.published_at.get(&record.id).cloned(),
        internal_notes: Vec::new(),
    }
}

/// Estimates of the undocumented from the linked lists, remembered per
/// linkage run (the latent-class model takes seconds; the site is rebuilt
/// whenever anything is published).
#[derive(Debug, Default)]
pub struct EstimateCache {
    run: Option<i64>,
    estimates: Vec<Estimate>,
}

impl EstimateCache {
    /// The estimates for the whole and by city, computed again only when
    /// the lists were linked again.
    pub async fn get(&mut self, store: &Store) -> Result<Vec<Estimate>> {
        let run = store.last_link_run().await?.map(|r| r.id);
        if run.is_none() {
            return Ok(Vec::new());
        }
        if run != self.run {
            let mut estimates = Vec::new();
            for by in [Strata::Whole, Strata::City] {
                match estimate(store, None, by, 1).await {
                    Ok(strata) => estimates.extend(strata.into_iter().filter_map(|s| {
                        Some(Estimate {
                            stratum: s.stratum,
                            documented: s.documented,
                            estimate: s.estimate?,
                            // An unbounded end is not an interval the
                            // site can show: such strata are left out.
                            lower: s.lower?,
                            upper: s.upper?,
                            method: s.method?,
                        })
                    })),
                    Err(RegisterError::NotLinked) => {}
                    Err(e) => return Err(e),
                }
            }
            self.run = run;
            self.estimates = estimates;
        }
        Ok(self.estimates.clone())
    }
}

/// How the last build went, for the logs and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub fingerprint: String,
    pub events: usize,
    pub persons: usize,
    pub millis_reading: u128,
    pub millis_redacting: u128,
}

/// Builds the public site from everything published now.
pub async fn build_site(
    store: &Store,
    generation: u64,
    estimates: &mut EstimateCache,
) -> Result<(Site, BuildReport)> {
    let started = std::time::Instant::now();
    let snapshot = store.publication_snapshot().await?;
    let assemblies = kuager_case::AssemblyStats::from_facts(&store.assembly_facts().await?);
    let estimates = estimates.get(store).await?;
    let key = pseudonym_key(store);
    let read = started.elapsed().as_millis();
    let redacting = std::time::Instant::now();
    let fingerprint = snapshot.fingerprint.clone();
    // Redaction takes whole cores on a national register: off the async
    // workers.
    let (site, events, persons) = tokio::task::spawn_blocking(move || {
        redact_all(generation, &snapshot, &key, assemblies, estimates)
    })
    .await
    .map_err(|e| RegisterError::Internal(format!("building the public site: {e}")))?;
    Ok((
        site,
        BuildReport {
            fingerprint,
            events,
            persons,
            millis_reading: read,
            millis_redacting: redacting.elapsed().as_millis(),
        },
    ))
}

fn redact_all(
    generation: u64,
    snapshot: &PublicationSnapshot,
    key: &PseudonymKey,
    assemblies: kuager_case::AssemblyStats,
    estimates: Vec<Estimate>,
) -> (Site, usize, usize) {
    let internal: Vec<InternalEvent> = snapshot
        .events
        .iter()
        .map(|e| internal_event(e, snapshot))
        .collect();
    let mut events_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in internal.iter().enumerate() {
        for p in &e.participants {
            if let Some(l) = &p.person {
                let list = events_of.entry(l.id.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut persons = Vec::with_capacity(snapshot.persons.len());
    for (id, names) in &snapshot.persons {
        let mut all_names = vec![names.name.clone()];
        all_names.extend(names.aliases.iter().cloned());
        let person = InternalPerson {
            id: id.clone(),
            names: all_names,
            consent: snapshot
                .person_consent
                .get(id)
                .copied()
                .unwrap_or(Consent::Confidential),
            events: events_of
                .get(id.as_str())
                .map(|ix| ix.iter().map(|&i| internal[i].clone()).collect())
                .unwrap_or_default(),
            recognitions: snapshot.recognitions.get(id).cloned().unwrap_or_default(),
        };
        if let Some(public) = redact_person(&person, key) {
            persons.push(public);
        }
    }
    let events: Vec<_> = internal.iter().filter_map(redact_event).collect();
    let figures = snapshot
        .figures
        .iter()
        .map(|f| ReportedFigure {
            event_id: f.event_id,
            value: f.value,
            qualifier: f.qualifier.as_str().to_string(),
            unit: f.unit.clone(),
            what: f.what.clone(),
            reported_by: f.reported_by,
            reporter: f.reporter.clone(),
        })
        .collect();
    let (n_events, n_persons) = (events.len(), persons.len());
    let site = Site::build(
        generation,
        persons,
        events,
        Extras {
            figures,
            assemblies: Some(assemblies),
            estimates,
        },
    );
    (site, n_events, n_persons)
}
