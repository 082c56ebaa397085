//! The rules: what of an internal record may be published, and how.
//! docs/decisions/0011-redaction.md says why each rule is what it is.
//!
//! 1. An event is public only when an editor published it; an unpublished
//!    or withheld event gives nothing at all.
//! 2. A participant's consent is the stricter of the participation's own
//!    and, for a person of the register, that person's: public shows the
//!    name, position and organisation; anonymised shows the role only;
//!    confidential leaves the participant out entirely.
//! 3. Typed text of an event (description, place detail, court, judge,
//!    verdict, citations and addresses of references, titles and hashes of
//!    documents) is public only when every participant is public: free
//!    text cannot be searched reliably for the names it must not contain.
//!    Structured facts (type, date, gazetteer place, verification, charges,
//!    sentence, fine) are public with the event.
//! 4. A report source is only "a report to Kuager"; internal notes, file
//!    names and recognition notes are never public.
//! 5. A person is public only with public or anonymised consent; an
//!    anonymised person is shown under a keyed pseudonym with no name, no
//!    register id and no typed text, and their page lists only events in
//!    which their own participation may be shown at that level.
//! 6. Second line of defence: any public field that contains a withheld
//!    name, position or organisation (or, on a pseudonymous page, a name
//!    of the person) is left out as well.

use crate::internal::{
    InternalEvent, InternalHearing, InternalParticipant, InternalPerson, InternalSource,
};
use crate::public::{
    Handle, Named, PublicEvent, PublicHearing, PublicParticipant, PublicPerson, PublicRecognition,
    PublicSource,
};
use hmac::{Hmac, Mac};
use kuager_case::timeline::{self, TimelineEvent};
use kuager_case::{places, Consent, ParticipantRole, Publication, SourceKind};
use sha2::Sha256;
use std::fmt;

/// The secret that pseudonyms are derived with.
///
/// A pseudonym must not reveal who it stands for. Person ids are derived
/// from mentions in documents, and many documents are public, so a plain
/// hash of the id could be reversed by hashing every candidate id: the
/// pseudonym is an HMAC of the id under this key, which only the operator
/// holds. The same key gives the same pseudonym on every render.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey([u8; 32]);

impl PseudonymKey {
    /// A key of 32 secret bytes.
    pub fn new(secret: [u8; 32]) -> PseudonymKey {
        PseudonymKey(secret)
    }

    /// A key derived from other secret material (such as the register's
    /// data key), labelled so it cannot be confused with other uses of
    /// the same secret.
    pub fn derive(secret: &[u8]) -> PseudonymKey {
        PseudonymKey(hmac(secret, &[b"kuager-publish pseudonym key v1"]))
    }

    /// The pseudonym code of a person id: 8 characters of Crockford
    /// base32 in two groups ("7F3K-92QD"), 40 bits of the HMAC.
    pub fn pseudonym(&self, person_id: &str) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let mac = hmac(&self.0, &[b"person\0", person_id.as_bytes()]);
        let bits = mac[..5]
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let mut code = String::with_capacity(9);
        for i in 0..8 {
            if i == 4 {
                code.push('-');
            }
            let index = (bits >> (35 - 5 * i)) & 0x1f;
            code.push(char::from(ALPHABET[index as usize]));
        }
        code
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The stricter of two consents.
pub fn stricter(a: Consent, b: Consent) -> Consent {
    match (a, b) {
        (Consent::Confidential, _) | (_, Consent::Confidential) => Consent::Confidential,
        (Consent::Anonymised, _) | (_, Consent::Anonymised) => Consent::Anonymised,
        (Consent::Public, Consent::Public) => Consent::Public,
    }
}

/// What may be shown of a participant: the stricter of the participation's
/// consent and the consent of the person of the register behind it.
pub fn participant_consent(p: &InternalParticipant) -> Consent {
    match &p.person {
        Some(person) => stricter(p.consent, person.consent),
        None => p.consent,
    }
}

/// Withheld texts shorter than this are not searched for (a two-letter
/// needle would strike out half of any text); rule 3 is what protects
/// them.
const MIN_NEEDLE_CHARS: usize = 3;

/// Texts that must not appear in any public field of one output.
#[derive(Debug, Clone, Default)]
struct Withheld {
    needles: Vec<String>,
}

/// Lower case with runs of white space as one space, for comparing.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Withheld {
    fn add(&mut self, text: &str) {
        let needle = fold(text);
        if needle.chars().count() >= MIN_NEEDLE_CHARS && !self.needles.contains(&needle) {
            self.needles.push(needle);
        }
    }

    fn leaks(&self, text: &str) -> bool {
        if self.needles.is_empty() {
            return false;
        }
        let hay = fold(text);
        self.needles.iter().any(|n| hay.contains(n.as_str()))
    }

    /// `text`, trimmed, unless it is empty or contains a withheld text.
    fn keep(&self, text: &str) -> Option<String> {
        let t = text.trim();
        (!t.is_empty() && !self.leaks(t)).then(|| t.to_string())
    }
}

/// An RFC 3339 timestamp as the storage layer writes them, or nothing:
/// the field is not a place for text.
fn timestamp(text: &str) -> Option<String> {
    let t = text.trim();
    let ok = (10..=40).contains(&t.len())
        && t.bytes().take(4).all(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b"-:TZ.+".contains(&b));
    ok.then(|| t.to_string())
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The public form of an event: `None` unless an editor published it.
pub fn redact_event(event: &InternalEvent) -> Option<PublicEvent> {
    redact_event_guarding(event, &Withheld::default())
}

/// [`redact_event`] with `extra` texts withheld besides those of the
/// event's own non-public participants.
fn redact_event_guarding(event: &InternalEvent, extra: &Withheld) -> Option<PublicEvent> {
    if event.publication != Publication::Published {
        return None;
    }
    let consents: Vec<Consent> = event.participants.iter().map(participant_consent).collect();
    let mut withheld = extra.clone();
    for (p, consent) in event.participants.iter().zip(&consents) {
        if *consent != Consent::Public {
            withheld.add(&p.name);
            withheld.add(&p.position);
            withheld.add(&p.organisation);
            if let Some(person) = &p.person {
                withheld.add(&person.id);
            }
        }
    }
    let all_public = consents.iter().all(|c| *c == Consent::Public);

    let participants = event
        .participants
        .iter()
        .zip(&consents)
        .filter_map(|(p, consent)| match consent {
            Consent::Confidential => None,
            Consent::Anonymised => Some(PublicParticipant {
                role: p.role,
                named: None,
            }),
            Consent::Public => {
                let texts = [&p.name, &p.position, &p.organisation];
                // A public participant whose text contains a withheld one
                // would give it away: shown by role only.
                let named = (!texts.iter().any(|t| withheld.leaks(t))).then(|| Named {
                    name: withheld.keep(&p.name),
                    position: withheld.keep(&p.position),
                    organisation: withheld.keep(&p.organisation),
                    person_id: p.person.as_ref().and_then(|l| withheld.keep(&l.id)),
                });
                Some(PublicParticipant {
                    role: p.role,
                    named,
                })
            }
        })
        .collect();

    // Typed text: only when everyone in the event is public by name.
    let typed = |text: &str| {
        if all_public {
            withheld.keep(text)
        } else {
            None
        }
    };
    let legal = &event.legal;
    let mut sources: Vec<PublicSource> = Vec::new();
    for source in &event.sources {
        let mut public = PublicSource {
            kind: source.kind(),
            title: None,
            sha256: None,
            citation: None,
            url: None,
        };
        match source {
            InternalSource::Report { .. } => {}
            InternalSource::Document { sha256, title, .. } => {
                public.title = typed(title);
                public.sha256 = typed(sha256).filter(|s| is_sha256(s));
            }
            InternalSource::Reference { citation, url } => {
                public.citation = typed(citation);
                public.url = typed(url);
            }
        }
        if !sources.contains(&public) {
            sources.push(public);
        }
    }
    let has_typed_text = [
        &event.place_detail,
        &event.description,
        &legal.court,
        &legal.judge,
        &legal.verdict,
    ]
    .iter()
    .any(|t| !t.trim().is_empty())
        || event.sources.iter().any(|s| s.kind() != SourceKind::Report);

    Some(PublicEvent {
        id: event.id,
        event_type: event.event_type,
        date: event.date,
        place_key: event
            .place_key
            .as_deref()
            .and_then(places::place)
            .map(|p| p.key.to_string()),
        place_detail: typed(&event.place_detail),
        description: typed(&event.description),
        court: typed(&legal.court),
        judge: typed(&legal.judge),
        verdict: typed(&legal.verdict),
        text_withheld: !all_public && has_typed_text,
        verification: event.verification,
        participants,
        charges: legal.charges.clone(),
        sentence_kind: legal.sentence_kind,
        sentence_months: legal.sentence_months,
        sentence_days: legal.sentence_days,
        fine_kzt: legal.fine_kzt,
        sources,
        published_at: event.published_at.as_deref().and_then(timestamp),
    })
}

/// The public page of a person: `None` when the person's consent is
/// confidential (or a person public by name has no name to show).
pub fn redact_person(person: &InternalPerson, key: &PseudonymKey) -> Option<PublicPerson> {
    let mut names: Vec<String> = Vec::new();
    for name in &person.names {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let mut extra = Withheld::default();
    let handle = match person.consent {
        Consent::Confidential => return None,
        Consent::Public if names.is_empty() => return None,
        Consent::Public => Handle::Named {
            id: person.id.clone(),
            names,
        },
        Consent::Anonymised => {
            for name in &names {
                extra.add(name);
            }
            extra.add(&person.id);
            Handle::Pseudonymous {
                code: key.pseudonym(&person.id),
            }
        }
    };
    let page_level = person.consent;
    // May this participation of the person be shown on their page? On a
    // page by name only a public one; on a pseudonymous page an anonymised
    // one too (the event shows it by role only).
    let visible = |p: &InternalParticipant| {
        let own = p.person.as_ref().is_some_and(|l| l.id == person.id);
        let consent = stricter(participant_consent(p), page_level);
        own && match page_level {
            Consent::Public => consent == Consent::Public,
            _ => consent != Consent::Confidential,
        }
    };

    let mut events: Vec<PublicEvent> = Vec::new();
    let mut as_victim: Vec<TimelineEvent> = Vec::new();
    let mut internal: Vec<&InternalEvent> = person.events.iter().collect();
    internal.sort_by_key(|e| (e.date.start, e.id));
    internal.dedup_by_key(|e| e.id);
    for event in internal {
        if !event.participants.iter().any(visible) {
            continue;
        }
        let Some(public) = redact_event_guarding(event, &extra) else {
            continue;
        };
        if event
            .participants
            .iter()
            .any(|p| p.role == ParticipantRole::Victim && visible(p))
        {
            as_victim.push(TimelineEvent {
                event_id: event.id,
                event_type: event.event_type,
                date: event.date,
                sentence_kind: event.legal.sentence_kind,
                arrest_days: event.legal.sentence_days,
            });
        }
        events.push(public);
    }

    let named = page_level == Consent::Public;
    let recognitions = person
        .recognitions
        .iter()
        .map(|r| PublicRecognition {
            decision: r.decision,
            criteria: r.criteria.clone(),
            decided_by: if named {
                extra.keep(&r.decided_by)
            } else {
                None
            },
            decided_on: r.decided_on,
        })
        .collect();

    Some(PublicPerson {
        handle,
        victim_of: as_victim.iter().map(|e| e.event_id).collect(),
        timeline: timeline::derive(&as_victim),
        recognitions,
        events,
    })
}

/// The public form of a hearing: `None` unless its case (event) is
/// published. Court, judge and courtroom follow the typed-text rule of
/// the case: shown only when every participant is public by name, and
/// never when they contain a withheld name. The monitors are never public.
pub fn redact_hearing(hearing: &InternalHearing) -> Option<PublicHearing> {
    let case = redact_event(&hearing.event)?;
    let consents: Vec<Consent> = hearing
        .event
        .participants
        .iter()
        .map(participant_consent)
        .collect();
    let mut withheld = Withheld::default();
    for (p, consent) in hearing.event.participants.iter().zip(&consents) {
        if *consent != Consent::Public {
            withheld.add(&p.name);
            withheld.add(&p.position);
            withheld.add(&p.organisation);
        }
    }
    for monitor in &hearing.monitors {
        withheld.add(monitor);
    }
    let all_public = consents.iter().all(|c| *c == Consent::Public);
    let typed = |text: &str| {
        if all_public && !text.trim().is_empty() {
            withheld.keep(text)
        } else {
            None
        }
    };
    Some(PublicHearing {
        id: hearing.id,
        court: typed(&hearing.court),
        judge: typed(&hearing.judge),
        courtroom: typed(&hearing.courtroom),
        place_key: hearing
            .place_key
            .as_deref()
            .and_then(places::place)
            .map(|p| p.key.to_string()),
        at: hearing.at,
        hearing_type: hearing.hearing_type,
        access: hearing.access,
        case,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internal::LinkedPerson;
    use kuager_case::{
        CaseDate, Charge, EventType, LegalCode, LegalDetails, PaceCriterion, PersonStatus,
        Recognition, RecognitionDecision, SentenceKind, Verification,
    };

    fn participant(name: &str, consent: Consent) -> InternalParticipant {
        InternalParticipant {
            role: ParticipantRole::Victim,
            name: name.into(),
            position: format!("{name} position"),
            organisation: format!("{name} organisation"),
            consent,
            person: None,
        }
    }

    fn linked(name: &str, id: &str, consent: Consent, person: Consent) -> InternalParticipant {
        InternalParticipant {
            person: Some(LinkedPerson {
                id: id.into(),
                consent: person,
            }),
            ..participant(name, consent)
        }
    }

    fn event(id: i64, participants: Vec<InternalParticipant>) -> InternalEvent {
        InternalEvent {
            id,
            publication: Publication::Published,
            event_type: EventType::Detention,
            date: CaseDate::parse("2022-01-05").unwrap(),
            place_key: Some("kz-almaty".into()),
            place_detail: "Abai avenue 10".into(),
            description: "Detained at the square".into(),
            verification: Verification::Corroborated,
            participants,
            legal: LegalDetails {
                charges: vec![Charge {
                    code: LegalCode::Administrative,
                    article: 488,
                    part: Some(6),
                }],
                court: "Specialised Court of Almaty".into(),
                judge: "Judge Omarova".into(),
                verdict: "Guilty".into(),
                sentence_kind: Some(SentenceKind::AdministrativeArrest),
                sentence_months: None,
                sentence_days: Some(10),
                fine_kzt: None,
            },
            sources: vec![
                InternalSource::Report { report_id: 4242 },
                InternalSource::Reference {
                    citation: "RFE/RL, 6 January 2022".into(),
                    url: "https://example.org/a".into(),
                },
                InternalSource::Document {
                    sha256: "ab".repeat(32),
                    start: 0,
                    end: 10,
                    title: "Statement of the coalition".into(),
                    file_name: "statement-final.pdf".into(),
                },
            ],
            published_at: Some("2022-02-01T10:00:00Z".into()),
            internal_notes: vec!["call the lawyer".into()],
        }
    }

    fn person(consent: Consent, events: Vec<InternalEvent>) -> InternalPerson {
        InternalPerson {
            id: "p0123456789".into(),
            names: vec!["Aset Abishev".into(), "Асет Абишев".into()],
            consent,
            events,
            recognitions: vec![Recognition {
                decision: RecognitionDecision::Recognised,
                criteria: vec![PaceCriterion::A],
                decided_by: "Kuager board".into(),
                decided_on: CaseDate::parse("2022-03").unwrap(),
                note: "internal reasoning".into(),
            }],
        }
    }

    fn key() -> PseudonymKey {
        PseudonymKey::new([7; 32])
    }

    #[test]
    fn only_published_events_are_public() {
        for (publication, public) in [
            (Publication::Unpublished, false),
            (Publication::Withheld, false),
            (Publication::Published, true),
        ] {
            let mut e = event(1, vec![participant("Aset", Consent::Public)]);
            e.publication = publication;
            assert_eq!(redact_event(&e).is_some(), public, "{publication:?}");
        }
    }

    #[test]
    fn participants_by_consent() {
        let e = event(
            1,
            vec![
                participant("Public One", Consent::Public),
                participant("Anon Two", Consent::Anonymised),
                participant("Secret Three", Consent::Confidential),
            ],
        );
        let p = redact_event(&e).unwrap();
        assert_eq!(p.participants().len(), 2, "confidential: left out");
        let named = &p.participants()[0];
        assert_eq!(named.name(), Some("Public One"));
        assert_eq!(named.position(), Some("Public One position"));
        assert_eq!(named.organisation(), Some("Public One organisation"));
        let anon = &p.participants()[1];
        assert!(!anon.is_named());
        assert_eq!(anon.role(), ParticipantRole::Victim);
        assert_eq!(
            (anon.name(), anon.position(), anon.organisation()),
            (None, None, None)
        );
    }

    #[test]
    fn the_stricter_consent_of_participation_and_person_wins() {
        for (participation, person_consent, shown) in [
            (Consent::Public, Consent::Public, Some(true)),
            (Consent::Public, Consent::Anonymised, Some(false)),
            (Consent::Public, Consent::Confidential, None),
            (Consent::Anonymised, Consent::Public, Some(false)),
            (Consent::Confidential, Consent::Public, None),
        ] {
            let e = event(1, vec![linked("Aset", "p1", participation, person_consent)]);
            let p = redact_event(&e).unwrap();
            assert_eq!(
                p.participants().first().map(PublicParticipant::is_named),
                shown,
                "{participation:?} / {person_consent:?}"
            );
        }
        let e = event(
            1,
            vec![linked("Aset", "p1", Consent::Public, Consent::Public)],
        );
        assert_eq!(
            redact_event(&e).unwrap().participants()[0].person_id(),
            Some("p1")
        );
    }

    #[test]
    fn typed_text_only_when_everyone_is_public() {
        let open = redact_event(&event(1, vec![participant("Aset", Consent::Public)])).unwrap();
        assert_eq!(open.description(), Some("Detained at the square"));
        assert_eq!(open.place_detail(), Some("Abai avenue 10"));
        assert_eq!(open.court(), Some("Specialised Court of Almaty"));
        assert_eq!(open.judge(), Some("Judge Omarova"));
        assert_eq!(open.verdict(), Some("Guilty"));
        assert!(!open.text_withheld());
        assert_eq!(open.sources()[1].citation(), Some("RFE/RL, 6 January 2022"));
        assert_eq!(
            open.sources()[2].title(),
            Some("Statement of the coalition")
        );
        for other in [Consent::Anonymised, Consent::Confidential] {
            let e = event(
                1,
                vec![
                    participant("Aset", Consent::Public),
                    participant("Other", other),
                ],
            );
            let p = redact_event(&e).unwrap();
            assert_eq!(
                (
                    p.description(),
                    p.place_detail(),
                    p.court(),
                    p.judge(),
                    p.verdict()
                ),
                (None, None, None, None, None),
                "{other:?}"
            );
            assert!(p.text_withheld());
            for s in p.sources() {
                assert_eq!(
                    (s.title(), s.sha256(), s.citation(), s.url()),
                    (None, None, None, None)
                );
            }
            // Structured facts stay.
            assert_eq!(p.place().map(|p| p.key), Some("kz-almaty"));
            assert_eq!(p.charges().len(), 1);
            assert_eq!(p.sentence_days(), Some(10));
            assert_eq!(p.verification(), Verification::Corroborated);
        }
    }

    #[test]
    fn a_report_source_is_only_a_report() {
        let p = redact_event(&event(1, vec![participant("Aset", Consent::Public)])).unwrap();
        let report = &p.sources()[0];
        assert_eq!(report.kind(), SourceKind::Report);
        assert_eq!(
            (
                report.title(),
                report.sha256(),
                report.citation(),
                report.url()
            ),
            (None, None, None, None)
        );
        let mut e = event(1, vec![]);
        e.sources = vec![
            InternalSource::Report { report_id: 1 },
            InternalSource::Report { report_id: 2 },
        ];
        assert_eq!(
            redact_event(&e).unwrap().sources().len(),
            1,
            "one line for reports"
        );
    }

    #[test]
    fn unknown_places_and_odd_timestamps_are_dropped() {
        let mut e = event(1, vec![]);
        e.place_key = Some("Secret village".into());
        e.published_at = Some("Tuesday, when Aset called".into());
        let p = redact_event(&e).unwrap();
        assert_eq!(p.place_key(), None);
        assert_eq!(p.published_at(), None);
        assert_eq!(
            redact_event(&event(1, vec![])).unwrap().published_at(),
            Some("2022-02-01T10:00:00Z")
        );
    }

    #[test]
    fn a_public_field_containing_withheld_text_is_left_out() {
        let mut named = participant("Wife of Aset Abishev", Consent::Public);
        named.position = String::new();
        let e = event(
            1,
            vec![named, participant("aset  ABISHEV", Consent::Anonymised)],
        );
        let p = redact_event(&e).unwrap();
        assert!(p.participants().iter().all(|p| !p.is_named()));
        // Short withheld texts are not searched for.
        let mut short = participant("Ли", Consent::Confidential);
        short.position = String::new();
        short.organisation = String::new();
        let p = redact_event(&event(
            1,
            vec![participant("Алишер Ли", Consent::Public), short],
        ))
        .unwrap();
        assert_eq!(p.participants()[0].name(), Some("Алишер Ли"));
    }

    #[test]
    fn confidential_people_have_no_page() {
        assert!(redact_person(&person(Consent::Confidential, vec![]), &key()).is_none());
        let mut nameless = person(Consent::Public, vec![]);
        nameless.names = vec!["  ".into()];
        assert!(redact_person(&nameless, &key()).is_none());
    }

    #[test]
    fn a_public_person_by_name() {
        let p = person(
            Consent::Public,
            vec![event(
                1,
                vec![linked(
                    "Aset",
                    "p0123456789",
                    Consent::Public,
                    Consent::Public,
                )],
            )],
        );
        let page = redact_person(&p, &key()).unwrap();
        assert_eq!(page.id(), Some("p0123456789"));
        assert_eq!(page.names(), ["Aset Abishev", "Асет Абишев"]);
        assert_eq!(page.pseudonym(), None);
        assert_eq!(page.events().len(), 1);
        assert_eq!(page.status(), PersonStatus::Detained);
        let r = &page.recognitions()[0];
        assert_eq!(r.decided_by(), Some("Kuager board"));
        assert_eq!(r.criteria(), [PaceCriterion::A]);
    }

    #[test]
    fn an_anonymised_person_under_a_pseudonym() {
        let p = person(
            Consent::Anonymised,
            vec![event(
                1,
                vec![
                    linked("Aset", "p0123456789", Consent::Public, Consent::Anonymised),
                    participant("Asset Abishev's lawyer", Consent::Public),
                    participant("aset abishev", Consent::Public),
                ],
            )],
        );
        let page = redact_person(&p, &key()).unwrap();
        assert_eq!(page.id(), None);
        assert!(page.names().is_empty());
        let code = page.pseudonym().unwrap();
        assert_eq!(code.len(), 9);
        assert_eq!(code, key().pseudonym("p0123456789"), "stable");
        assert_ne!(
            code,
            PseudonymKey::new([8; 32]).pseudonym("p0123456789"),
            "keyed"
        );
        assert_ne!(code, key().pseudonym("p0123456780"));
        assert_eq!(
            page.display_name(kuager_i18n::Locale::En),
            format!("Person {code}")
        );
        let e = &page.events()[0];
        // The person by role only; a name-only row with their name is
        // struck out too; the lawyer stays.
        let names: Vec<Option<&str>> = e.participants().iter().map(|p| p.name()).collect();
        assert_eq!(names, [None, Some("Asset Abishev's lawyer"), None]);
        assert_eq!(e.description(), None);
        assert_eq!(page.recognitions()[0].decided_by(), None);
        assert_eq!(page.status(), PersonStatus::Detained);
    }

    #[test]
    fn a_page_lists_only_events_the_person_may_be_shown_in() {
        let id = "p0123456789";
        let events = vec![
            // Public participation: listed on a page by name.
            event(1, vec![linked("A", id, Consent::Public, Consent::Public)]),
            // Anonymised participation: on the pseudonymous page only.
            event(
                2,
                vec![linked("A", id, Consent::Anonymised, Consent::Public)],
            ),
            // Confidential participation: never.
            event(
                3,
                vec![linked("A", id, Consent::Confidential, Consent::Public)],
            ),
            // Someone else's event: not the person's.
            event(
                4,
                vec![linked("B", "p999", Consent::Public, Consent::Public)],
            ),
            // Not published.
            withheld(event(
                5,
                vec![linked("A", id, Consent::Public, Consent::Public)],
            )),
        ];
        let ids = |consent| {
            let page = redact_person(&person(consent, events.clone()), &key()).unwrap();
            page.events()
                .iter()
                .map(PublicEvent::id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Consent::Public), [1]);
        assert_eq!(ids(Consent::Anonymised), [1, 2]);
    }

    #[test]
    fn the_timeline_follows_published_events_in_which_the_person_is_a_victim() {
        let id = "p0123456789";
        let mut witness = linked("A", id, Consent::Public, Consent::Public);
        witness.role = ParticipantRole::Witness;
        let mut release = event(3, vec![linked("A", id, Consent::Public, Consent::Public)]);
        release.event_type = EventType::Release;
        release.date = CaseDate::parse("2022-03-01").unwrap();
        release.publication = Publication::Unpublished;
        let mut killing = event(4, vec![witness]);
        killing.event_type = EventType::Killing;
        let mut detention = event(1, vec![linked("A", id, Consent::Public, Consent::Public)]);
        detention.legal = LegalDetails::default();
        let page = redact_person(
            &person(Consent::Public, vec![release, killing, detention]),
            &key(),
        )
        .unwrap();
        let statuses: Vec<PersonStatus> = page.timeline().iter().map(|s| s.status).collect();
        assert_eq!(statuses, [PersonStatus::Detained]);
        assert_eq!(page.status(), PersonStatus::Detained);
        assert_eq!(
            page.events().len(),
            2,
            "detention and the killing they witnessed"
        );
    }

    #[test]
    fn derived_keys_differ_from_their_secret() {
        let a = PseudonymKey::derive(b"secret");
        assert_eq!(a, PseudonymKey::derive(b"secret"));
        assert_ne!(a, PseudonymKey::derive(b"secret2"));
        assert_eq!(format!("{a:?}"), "PseudonymKey(..)");
    }

    fn withheld(mut e: InternalEvent) -> InternalEvent {
        e.publication = Publication::Withheld;
        e
    }
}
