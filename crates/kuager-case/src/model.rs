//! Events, participants, sources, reports and recognitions, with the rules
//! that hold whatever stores or shows them.

use crate::charge::Charge;
use crate::date::CaseDate;
use crate::vocab::*;
use kuager_domain::MentionKey;
use serde::{Deserialize, Serialize};

/// Who took part in an event and how. A participant is a person of the
/// register (referred to by one of their mentions, so the link survives
/// merges and id changes), or an organisation or official known only by
/// name and position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub role: ParticipantRole,
    /// A mention of the person in the register, if they are in it.
    pub person: Option<MentionKey>,
    /// The name as written (a person not in the register, an organisation,
    /// or the register person's name at the time of linking).
    pub name: String,
    /// Position of an official ("judge", "head of the investigation team").
    pub position: String,
    /// The organisation, court or body ("Specialised Inter-District Court of
    /// Almaty", "Police Department of Zhanaozen").
    pub organisation: String,
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SourceRef {
    /// A span of a document in the register.
    Document {
        sha256: String,
        start: usize,
        end: usize,
    },
    /// A report in the intake queue.
    Report { report_id: i64 },
    /// A citation outside the register.
    Reference { citation: String, url: String },
}

impl SourceRef {
    pub fn kind(&self) -> SourceKind {
        match self {
            SourceRef::Document { .. } => SourceKind::Document,
            SourceRef::Report { .. } => SourceKind::Report,
            SourceRef::Reference { .. } => SourceKind::Reference,
        }
    }
}

/// The legal side of an event: charges, court, judge, verdict, sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalDetails {
    pub charges: Vec<Charge>,
    pub court: String,
    pub judge: String,
    pub verdict: String,
    pub sentence_kind: Option<SentenceKind>,
    /// Length of the sentence in months (imprisonment, restricted freedom,
    /// probation), or days for administrative arrest (see `sentence_days`).
    pub sentence_months: Option<u32>,
    pub sentence_days: Option<u32>,
    /// Fine in tenge.
    pub fine_kzt: Option<u64>,
}

/// An event as an analyst enters it: "who did what to whom, when, where".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    pub event_type: EventType,
    pub date: CaseDate,
    /// Key of a place of the gazetteer ([`crate::places`]), if known.
    pub place_key: Option<String>,
    /// The place as written, for details the gazetteer lacks (street,
    /// village, detention centre).
    pub place_detail: String,
    pub description: String,
    pub verification: Verification,
    pub participants: Vec<Participant>,
    pub legal: LegalDetails,
}

/// Why an event or a recognition cannot be stored as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("an event without a source cannot be {0}: add a source first")]
    UnsourcedVerification(&'static str),
    #[error("an event needs at least one participant who is a victim or the target")]
    NoVictim,
    #[error("participant {0} has no name and no person of the register")]
    NamelessParticipant(usize),
    #[error("a recognition as political prisoner must name at least one PACE criterion")]
    NoCriterion,
    #[error("the description is too long ({0} characters; the limit is {1})")]
    TooLong(usize, usize),
}

pub const MAX_TEXT: usize = 20_000;

impl EventDraft {
    /// Checks the rules that do not depend on stored data except the number
    /// of sources the event has (or will have once saved).
    pub fn check(&self, sources: usize) -> Result<(), RuleError> {
        if sources == 0 {
            match self.verification {
                Verification::Verified => return Err(RuleError::UnsourcedVerification("verified")),
                Verification::Corroborated => {
                    return Err(RuleError::UnsourcedVerification("corroborated"))
                }
                Verification::Reported | Verification::Disputed => {}
            }
        }
        for (i, p) in self.participants.iter().enumerate() {
            if p.person.is_none() && p.name.trim().is_empty() && p.organisation.trim().is_empty() {
                return Err(RuleError::NamelessParticipant(i + 1));
            }
        }
        let len = self.description.chars().count();
        if len > MAX_TEXT {
            return Err(RuleError::TooLong(len, MAX_TEXT));
        }
        Ok(())
    }
}

/// A political-prisoner recognition decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recognition {
    pub decision: RecognitionDecision,
    pub criteria: Vec<PaceCriterion>,
    /// Who decided: the body ("Kuager editorial board", "Memorial", "a
    /// coalition of Kazakhstani human-rights organisations").
    pub decided_by: String,
    /// When it was decided (may precede when it was recorded here).
    pub decided_on: CaseDate,
    pub note: String,
}

impl Recognition {
    pub fn check(&self) -> Result<(), RuleError> {
        if self.decision == RecognitionDecision::Recognised && self.criteria.is_empty() {
            return Err(RuleError::NoCriterion);
        }
        Ok(())
    }
}

/// A report as a volunteer or a member of the public submits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    /// What happened, in the reporter's words.
    pub what: String,
    /// When, as typed (free text is allowed: "last Tuesday evening").
    pub when: String,
    /// Place key of the gazetteer, if picked.
    pub place_key: Option<String>,
    /// Where, as typed.
    pub place_detail: String,
    /// Who: names in any script, one person per line.
    pub who: String,
    pub consent: Option<Consent>,
    /// How to reach the reporter (optional; confidential by nature).
    pub contact: String,
}

/// A form field that failed validation, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// Fluent message id of the reason.
    pub message: &'static str,
}

pub const MAX_REPORT_TEXT: usize = 20_000;
pub const MAX_SHORT_TEXT: usize = 500;

impl ReportDraft {
    /// Every problem at once, so a form can show each next to its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut field = |field, message| errors.push(FieldError { field, message });
        if self.what.trim().is_empty() {
            field("what", "error-required");
        } else if self.what.chars().count() > MAX_REPORT_TEXT {
            field("what", "error-too-long");
        }
        for (name, value) in [
            ("when", &self.when),
            ("place_detail", &self.place_detail),
            ("contact", &self.contact),
        ] {
            if value.chars().count() > MAX_SHORT_TEXT {
                field(name, "error-too-long");
            }
        }
        if self.who.chars().count() > MAX_REPORT_TEXT {
            field("who", "error-too-long");
        }
        if self.consent.is_none() {
            field("consent", "error-choose-consent");
        }
        if let Some(key) = &self.place_key {
            if crate::places::place(key).is_none() {
                field("place", "error-unknown-place");
            }
        }
        errors
    }

    /// The names the reporter listed, one per non-empty line.
    pub fn names(&self) -> Vec<&str> {
        self.who
            .lines()
            .flat_map(|l| l.split(';'))
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::CaseDate;

    fn draft(verification: Verification) -> EventDraft {
        EventDraft {
            event_type: EventType::Detention,
            date: CaseDate::parse("2022-01-05").unwrap(),
            place_key: None,
            place_detail: String::new(),
            description: "Detained at home".into(),
            verification,
            participants: vec![Participant {
                role: ParticipantRole::Victim,
                person: None,
                name: "Bekizhan Mendygaziyev".into(),
                position: String::new(),
                organisation: String::new(),
            }],
            legal: LegalDetails::default(),
        }
    }

    #[test]
    fn an_unsourced_event_cannot_be_verified() {
        assert_eq!(
            draft(Verification::Verified).check(0),
            Err(RuleError::UnsourcedVerification("verified"))
        );
        assert!(draft(Verification::Corroborated).check(0).is_err());
        assert!(draft(Verification::Reported).check(0).is_ok());
        assert!(draft(Verification::Verified).check(1).is_ok());
    }

    #[test]
    fn recognition_needs_a_criterion() {
        let mut r = Recognition {
            decision: RecognitionDecision::Recognised,
            criteria: vec![],
            decided_by: "Board".into(),
            decided_on: CaseDate::parse("2023").unwrap(),
            note: String::new(),
        };
        assert_eq!(r.check(), Err(RuleError::NoCriterion));
        r.criteria.push(PaceCriterion::A);
        assert!(r.check().is_ok());
    }

    #[test]
    fn report_validation_names_each_field() {
        let r = ReportDraft {
            when: "x".repeat(MAX_SHORT_TEXT + 1),
            place_key: Some("kz-nowhere".into()),
            ..Default::default()
        };
        let fields: Vec<_> = r.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["what", "when", "consent", "place"]);
        let ok = ReportDraft {
            what: "Задержали у дома".into(),
            who: "Бекижан Мендыгазиев\n\nАрон Атабек; Жанар".into(),
            consent: Some(Consent::Anonymised),
            ..Default::default()
        };
        assert!(ok.validate().is_empty());
        assert_eq!(ok.names(), ["Бекижан Мендыгазиев", "Арон Атабек", "Жанар"]);
    }
}
