//! What may be published: the only input the renderers accept.
//!
//! Every field is private to this crate and there is no constructor, no
//! `Default` and no `Deserialize`: outside this crate a `Public*` value can
//! only come out of [`crate::redact_event`] or [`crate::redact_person`].
//! Code that publishes reads them through the accessors.
//!
//! ```compile_fail
//! // Fields are private: not even readable, let alone settable.
//! fn id(e: &kuager_publish::PublicEvent) -> i64 {
//!     e.id
//! }
//! ```
//!
//! ```compile_fail
//! let p: kuager_publish::PublicPerson = Default::default();
//! ```

use crate::labels;
use kuager_case::places::{self, Place};
use kuager_case::timeline::StatusStep;
use kuager_case::{
    CaseDate, Charge, EventType, PaceCriterion, ParticipantRole, PersonStatus, RecognitionDecision,
    SentenceKind, SourceKind, Verification,
};
use kuager_case::{HearingAccess, HearingTime, HearingType};
use kuager_i18n::Locale;

/// A published event, redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicEvent {
    pub(crate) id: i64,
    pub(crate) event_type: EventType,
    pub(crate) date: CaseDate,
    /// A key of the gazetteer (checked).
    pub(crate) place_key: Option<String>,
    pub(crate) place_detail: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) court: Option<String>,
    pub(crate) judge: Option<String>,
    pub(crate) verdict: Option<String>,
    /// True when typed text of the event was left out because someone in
    /// it did not consent to publication by name.
    pub(crate) text_withheld: bool,
    pub(crate) verification: Verification,
    pub(crate) participants: Vec<PublicParticipant>,
    pub(crate) charges: Vec<Charge>,
    pub(crate) sentence_kind: Option<SentenceKind>,
    pub(crate) sentence_months: Option<u32>,
    pub(crate) sentence_days: Option<u32>,
    pub(crate) fine_kzt: Option<u64>,
    pub(crate) sources: Vec<PublicSource>,
    pub(crate) published_at: Option<String>,
}

impl PublicEvent {
    pub fn id(&self) -> i64 {
        self.id
    }
    pub fn event_type(&self) -> EventType {
        self.event_type
    }
    pub fn date(&self) -> &CaseDate {
        &self.date
    }
    pub fn place_key(&self) -> Option<&str> {
        self.place_key.as_deref()
    }
    /// The place of the gazetteer (region or city).
    pub fn place(&self) -> Option<&'static Place> {
        self.place_key.as_deref().and_then(places::place)
    }
    /// Street, village, detention centre: only when everyone in the event
    /// consented to publication by name.
    pub fn place_detail(&self) -> Option<&str> {
        self.place_detail.as_deref()
    }
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    pub fn court(&self) -> Option<&str> {
        self.court.as_deref()
    }
    pub fn judge(&self) -> Option<&str> {
        self.judge.as_deref()
    }
    pub fn verdict(&self) -> Option<&str> {
        self.verdict.as_deref()
    }
    /// Whether typed text (description, place detail, court, judge,
    /// verdict, citations, document titles) was left out to protect
    /// someone in the event.
    pub fn text_withheld(&self) -> bool {
        self.text_withheld
    }
    pub fn verification(&self) -> Verification {
        self.verification
    }
    /// Participants who may be shown, in the stored order; confidential
    /// ones are not here at all.
    pub fn participants(&self) -> &[PublicParticipant] {
        &self.participants
    }
    pub fn charges(&self) -> &[Charge] {
        &self.charges
    }
    pub fn sentence_kind(&self) -> Option<SentenceKind> {
        self.sentence_kind
    }
    pub fn sentence_months(&self) -> Option<u32> {
        self.sentence_months
    }
    pub fn sentence_days(&self) -> Option<u32> {
        self.sentence_days
    }
    pub fn fine_kzt(&self) -> Option<u64> {
        self.fine_kzt
    }
    pub fn sources(&self) -> &[PublicSource] {
        &self.sources
    }
    /// When the event was published (RFC 3339), if known.
    pub fn published_at(&self) -> Option<&str> {
        self.published_at.as_deref()
    }
}

/// A participant as the public sees them: by name (public consent) or by
/// role only (anonymised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicParticipant {
    pub(crate) role: ParticipantRole,
    pub(crate) named: Option<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub(crate) name: Option<String>,
    pub(crate) position: Option<String>,
    pub(crate) organisation: Option<String>,
    /// The register id of a person whose page is public by name.
    pub(crate) person_id: Option<String>,
}

impl PublicParticipant {
    pub fn role(&self) -> ParticipantRole {
        self.role
    }
    /// False for an anonymised participant: only the role is shown.
    pub fn is_named(&self) -> bool {
        self.named.is_some()
    }
    pub fn name(&self) -> Option<&str> {
        self.named.as_ref()?.name.as_deref()
    }
    pub fn position(&self) -> Option<&str> {
        self.named.as_ref()?.position.as_deref()
    }
    pub fn organisation(&self) -> Option<&str> {
        self.named.as_ref()?.organisation.as_deref()
    }
    /// The register id of the person, when their page is public by name.
    pub fn person_id(&self) -> Option<&str> {
        self.named.as_ref()?.person_id.as_deref()
    }
}

/// A source as the public sees it. A report is only "a report to
/// Kuager"; a document or a reference shows its title, hash, citation or
/// address only when the event's typed text is public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSource {
    pub(crate) kind: SourceKind,
    pub(crate) title: Option<String>,
    pub(crate) sha256: Option<String>,
    pub(crate) citation: Option<String>,
    pub(crate) url: Option<String>,
}

impl PublicSource {
    pub fn kind(&self) -> SourceKind {
        self.kind
    }
    /// The title of a document source.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
    /// The SHA-256 of a document source.
    pub fn sha256(&self) -> Option<&str> {
        self.sha256.as_deref()
    }
    pub fn citation(&self) -> Option<&str> {
        self.citation.as_deref()
    }
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

/// A recognition decision as published (never its internal note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRecognition {
    pub(crate) decision: RecognitionDecision,
    pub(crate) criteria: Vec<PaceCriterion>,
    /// Only on a page public by name.
    pub(crate) decided_by: Option<String>,
    pub(crate) decided_on: CaseDate,
}

impl PublicRecognition {
    pub fn decision(&self) -> RecognitionDecision {
        self.decision
    }
    pub fn criteria(&self) -> &[PaceCriterion] {
        &self.criteria
    }
    pub fn decided_by(&self) -> Option<&str> {
        self.decided_by.as_deref()
    }
    pub fn decided_on(&self) -> &CaseDate {
        &self.decided_on
    }
}

/// How a published person is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Handle {
    /// Public consent: the register id and every name.
    Named { id: String, names: Vec<String> },
    /// Anonymised: a pseudonym code only (see [`crate::PseudonymKey`]).
    Pseudonymous { code: String },
}

/// A person's public page, redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPerson {
    pub(crate) handle: Handle,
    pub(crate) timeline: Vec<StatusStep>,
    pub(crate) recognitions: Vec<PublicRecognition>,
    pub(crate) events: Vec<PublicEvent>,
    /// Ids of the events of `events` the person is shown in as a victim.
    pub(crate) victim_of: Vec<i64>,
}

impl PublicPerson {
    /// The register id, for a person public by name.
    pub fn id(&self) -> Option<&str> {
        match &self.handle {
            Handle::Named { id, .. } => Some(id),
            Handle::Pseudonymous { .. } => None,
        }
    }
    /// Every name, best first; empty for an anonymised person.
    pub fn names(&self) -> &[String] {
        match &self.handle {
            Handle::Named { names, .. } => names,
            Handle::Pseudonymous { .. } => &[],
        }
    }
    /// The pseudonym code ("7F3K-92QD") of an anonymised person.
    pub fn pseudonym(&self) -> Option<&str> {
        match &self.handle {
            Handle::Named { .. } => None,
            Handle::Pseudonymous { code } => Some(code),
        }
    }
    /// The best name, or "Person 7F3K-92QD" in the reader's language.
    pub fn display_name(&self, locale: Locale) -> String {
        match &self.handle {
            Handle::Named { names, .. } => names.first().cloned().unwrap_or_default(),
            Handle::Pseudonymous { code } => labels::pseudonym(locale, code),
        }
    }
    /// The status now, from the published events the person is shown in
    /// as a victim.
    pub fn status(&self) -> PersonStatus {
        kuager_case::timeline::current(&self.timeline)
    }
    pub fn timeline(&self) -> &[StatusStep] {
        &self.timeline
    }
    pub fn recognitions(&self) -> &[PublicRecognition] {
        &self.recognitions
    }
    /// The published events the person may be shown in, by date.
    pub fn events(&self) -> &[PublicEvent] {
        &self.events
    }
    /// Is the person shown as a victim in event `id` (one of
    /// [`PublicPerson::events`])?
    pub fn is_victim_in(&self, id: i64) -> bool {
        self.victim_of.contains(&id)
    }
}

/// A hearing in a published case, redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicHearing {
    pub(crate) id: i64,
    pub(crate) case: PublicEvent,
    pub(crate) court: Option<String>,
    pub(crate) judge: Option<String>,
    pub(crate) courtroom: Option<String>,
    pub(crate) place_key: Option<String>,
    pub(crate) at: HearingTime,
    pub(crate) hearing_type: HearingType,
    pub(crate) access: HearingAccess,
}

impl PublicHearing {
    pub fn id(&self) -> i64 {
        self.id
    }
    /// The case the hearing belongs to, redacted as any published event.
    pub fn case(&self) -> &PublicEvent {
        &self.case
    }
    /// Court, judge and courtroom are typed text: shown only when everyone
    /// in the case consented to publication by name.
    pub fn court(&self) -> Option<&str> {
        self.court.as_deref()
    }
    pub fn judge(&self) -> Option<&str> {
        self.judge.as_deref()
    }
    pub fn courtroom(&self) -> Option<&str> {
        self.courtroom.as_deref()
    }
    /// The city of the court (always public: a place of the gazetteer).
    pub fn place(&self) -> Option<&'static Place> {
        self.place_key.as_deref().and_then(places::place)
    }
    pub fn at(&self) -> &HearingTime {
        &self.at
    }
    pub fn hearing_type(&self) -> HearingType {
        self.hearing_type
    }
    pub fn access(&self) -> HearingAccess {
        self.access
    }
    /// Named victims of the case, for a title ("Bekizhan Mendygaziyev");
    /// empty when none may be named.
    pub fn defendants(&self) -> Vec<&str> {
        self.case
            .participants()
            .iter()
            .filter(|p| p.role() == ParticipantRole::Victim)
            .filter_map(|p| p.name())
            .collect()
    }
}
