//! What the register holds, in full: the input of redaction.
//!
//! These types carry everything, confidential or not, and must never reach
//! a renderer; the renderers take only the `Public*` types of
//! [`crate::public`], which only [`crate::redact`] can make. The storage
//! layer fills these from its records (see each field for where from).

use kuager_case::{CaseDate, Consent, EventType, LegalDetails, ParticipantRole, Recognition};
use kuager_case::{HearingAccess, HearingTime, HearingType, Publication, SourceKind, Verification};

/// A person of the register with every event they take part in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalPerson {
    /// The register id of the person (`kuager_domain::Person::id`).
    pub id: String,
    /// Every name of the person, best first, in every script
    /// (`Person::name` then `Person::aliases`).
    pub names: Vec<String>,
    /// The consent recorded for the person (`person_consent` of their
    /// anchor mention); [`Consent::Confidential`] when none is recorded.
    pub consent: Consent,
    /// Every event any mention of the person takes part in, in any role
    /// and any publication state (`Store::events_of_mentions`). The status
    /// timeline is derived from them here, so that only published events
    /// move the public status.
    pub events: Vec<InternalEvent>,
    /// Political-prisoner recognitions of the person.
    pub recognitions: Vec<Recognition>,
}

/// An event with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalEvent {
    pub id: i64,
    /// `events.publication`.
    pub publication: Publication,
    pub event_type: EventType,
    pub date: CaseDate,
    /// Key of a place of the gazetteer (`kuager_case::places`).
    pub place_key: Option<String>,
    /// The place as typed: street, village, detention centre.
    pub place_detail: String,
    pub description: String,
    pub verification: Verification,
    /// In their stored order.
    pub participants: Vec<InternalParticipant>,
    /// Charges, court, judge, verdict, sentence, fine.
    pub legal: LegalDetails,
    pub sources: Vec<InternalSource>,
    /// When an editor published the event (RFC 3339, from the audit
    /// record of the publication), if known.
    pub published_at: Option<String>,
    /// Analysts' remarks and review notes about the event. Never public.
    pub internal_notes: Vec<String>,
}

/// A participant of an event (`event_participants`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalParticipant {
    pub role: ParticipantRole,
    /// The name as written on the event.
    pub name: String,
    pub position: String,
    pub organisation: String,
    /// `event_participants.consent`: what may be shown of this participation.
    pub consent: Consent,
    /// The person of the register holding the participant's mention now,
    /// with that person's own consent; `None` for a name-only participant.
    pub person: Option<LinkedPerson>,
}

/// The person of the register behind a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedPerson {
    /// The person's register id now (`Store::person_of_mention`).
    pub id: String,
    /// The person's consent, as in [`InternalPerson::consent`]
    /// (confidential when none is recorded).
    pub consent: Consent,
}

/// A source of an event (`sources`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InternalSource {
    /// A span of a document of the register.
    Document {
        sha256: String,
        start: usize,
        end: usize,
        /// `documents.title`.
        title: String,
        /// `documents.file_name`. Never public.
        file_name: String,
    },
    /// A report of the intake queue. Never public beyond "a report to
    /// Kuager": not its number, not a word of it.
    Report { report_id: i64 },
    /// A citation outside the register.
    Reference { citation: String, url: String },
}

impl InternalSource {
    pub fn kind(&self) -> SourceKind {
        match self {
            InternalSource::Document { .. } => SourceKind::Document,
            InternalSource::Report { .. } => SourceKind::Report,
            InternalSource::Reference { .. } => SourceKind::Reference,
        }
    }
}

/// A court hearing in the case of an event (`hearings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalHearing {
    pub id: i64,
    /// The case: the event the hearing belongs to, with its publication
    /// and consent, which decide what of the hearing is public.
    pub event: InternalEvent,
    pub court: String,
    pub judge: String,
    pub courtroom: String,
    /// City of the court (a key of the gazetteer).
    pub place_key: Option<String>,
    pub at: HearingTime,
    pub hearing_type: HearingType,
    pub access: HearingAccess,
    /// Names of the monitors assigned. Never public: monitors are at risk
    /// too.
    pub monitors: Vec<String>,
}
