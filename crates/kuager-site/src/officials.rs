//! Perpetrator dossiers: officials (judges, investigators, police and
//! prison officers) and the published acts they took part in, each with
//! the event's sources, in a form that can be attached to a
//! targeted-sanctions submission.
//!
//! An official is found in two places of a published event: a
//! participant in the role of perpetrator shown by name (redaction shows
//! a name only with consent — for officials, the editor's decision that
//! the act is public), and the event's judge (shown when the event's
//! typed text is public). The same official is recognised by their
//! register id when the participant is linked to a person, otherwise by
//! their name written the same way (case and spacing aside): names are
//! not merged across spellings here, a wrong merge would accuse the
//! wrong person.

use kuager_case::{CaseDate, EventType, ParticipantRole};
use kuager_publish::PublicEvent;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// What an official did in an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActRole {
    /// A participant in the role of perpetrator.
    Perpetrator,
    /// The judge of the case.
    Judge,
}

impl ActRole {
    pub fn code(self) -> &'static str {
        match self {
            ActRole::Perpetrator => "perpetrator",
            ActRole::Judge => "judge",
        }
    }
}

/// One published act of an official.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    pub event_id: i64,
    pub role: ActRole,
    pub date: CaseDate,
    pub event_type: EventType,
    /// Position and organisation as the event gives them, if shown.
    pub position: Option<String>,
    pub organisation: Option<String>,
}

/// An official and their acts, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    slug: String,
    name: String,
    other_names: Vec<String>,
    person_id: Option<String>,
    positions: Vec<String>,
    organisations: Vec<String>,
    acts: Vec<Act>,
}

impl Official {
    /// The dossier's address: stable for the same official.
    pub fn slug(&self) -> &str {
        &self.slug
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Other ways the name was written in the acts.
    pub fn other_names(&self) -> &[String] {
        &self.other_names
    }
    /// The official's public page in the register, if they have one.
    pub fn person_id(&self) -> Option<&str> {
        self.person_id.as_deref()
    }
    pub fn positions(&self) -> &[String] {
        &self.positions
    }
    pub fn organisations(&self) -> &[String] {
        &self.organisations
    }
    pub fn acts(&self) -> &[Act] {
        &self.acts
    }
    pub fn is_judge(&self) -> bool {
        self.acts.iter().any(|a| a.role == ActRole::Judge)
    }
}

/// Case and spacing aside.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn slug_of(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("o-{}", &hex::encode(digest)[..12])
}

#[derive(Default)]
struct Gathered {
    names: BTreeMap<String, usize>,
    person_id: Option<String>,
    positions: BTreeSet<String>,
    organisations: BTreeSet<String>,
    acts: Vec<Act>,
}

/// The officials of published events, by name.
pub fn collect(events: &[PublicEvent]) -> Vec<Official> {
    let mut by_key: BTreeMap<String, Gathered> = BTreeMap::new();
    for e in events {
        for p in e.participants() {
            if p.role() != ParticipantRole::Perpetrator {
                continue;
            }
            let Some(name) = p.name().filter(|n| !n.trim().is_empty()) else {
                continue;
            };
            let key = match p.person_id() {
                Some(id) => format!("person:{id}"),
                None => format!("name:{}", fold(name)),
            };
            let g = by_key.entry(key).or_default();
            *g.names.entry(name.trim().to_string()).or_default() += 1;
            if let Some(id) = p.person_id() {
                g.person_id = Some(id.to_string());
            }
            g.positions.extend(p.position().map(str::to_string));
            g.organisations.extend(p.organisation().map(str::to_string));
            g.acts.push(Act {
                event_id: e.id(),
                role: ActRole::Perpetrator,
                date: *e.date(),
                event_type: e.event_type(),
                position: p.position().map(str::to_string),
                organisation: p.organisation().map(str::to_string),
            });
        }
        if let Some(judge) = e.judge().filter(|j| !j.trim().is_empty()) {
            let g = by_key.entry(format!("name:{}", fold(judge))).or_default();
            *g.names.entry(judge.trim().to_string()).or_default() += 1;
            g.organisations.extend(e.court().map(str::to_string));
            g.acts.push(Act {
                event_id: e.id(),
                role: ActRole::Judge,
                date: *e.date(),
                event_type: e.event_type(),
                position: None,
                organisation: e.court().map(str::to_string),
            });
        }
    }
    let mut officials: Vec<Official> = by_key
        .into_iter()
        .map(|(key, mut g)| {
            // The most frequent spelling names the dossier.
            let mut names: Vec<(String, usize)> = g.names.into_iter().collect();
            names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut names = names.into_iter().map(|(n, _)| n);
            let name = names.next().unwrap_or_default();
            g.acts.sort_by(|a, b| {
                (a.date.start, a.event_id, a.role).cmp(&(b.date.start, b.event_id, b.role))
            });
            g.acts
                .dedup_by(|a, b| a.event_id == b.event_id && a.role == b.role);
            Official {
                slug: slug_of(&key),
                name,
                other_names: names.collect(),
                person_id: g.person_id,
                positions: g.positions.into_iter().collect(),
                organisations: g.organisations.into_iter().collect(),
                acts: g.acts,
            }
        })
        .collect();
    officials.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    officials
}
