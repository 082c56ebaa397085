//! Property tests of the redaction layer: random people and events with
//! random consent and publication, every text field a unique marker
//! (Latin, Cyrillic and Kazakh letters), every renderer run over whatever
//! redaction lets through. No marker of a field that must not be public
//! may appear in any output; markers of fields that must be public must
//! appear, so the tests cannot pass by publishing nothing.
//!
//! The expectations are written here from the rules of
//! docs/decisions/0011-redaction.md, not from the implementation.

use kuager_case::newsletter::Section;
use kuager_case::{
    CaseDate, Charge, Consent, Day, EventType, LegalCode, LegalDetails, PaceCriterion,
    ParticipantRole, Publication, Recognition, RecognitionDecision, SentenceKind, Verification,
};
use kuager_i18n::Locale;
use kuager_publish::atom::FeedInfo;
use kuager_publish::{
    atom, csv, html, json, newsletter, redact_event, redact_person, text, InternalEvent,
    InternalParticipant, InternalPerson, InternalSource, LinkedPerson, PseudonymKey, PublicEvent,
};
use proptest::prelude::*;

// ---- the shape of a random register ---------------------------------------

#[derive(Debug, Clone)]
enum Link {
    Nobody,
    /// The person whose page is rendered.
    ThePerson,
    /// Another person of the register, with their consent.
    Other(Consent),
}

#[derive(Debug, Clone)]
struct ParticipantShape {
    role: ParticipantRole,
    consent: Consent,
    link: Link,
    /// Which of name, position, organisation are filled.
    filled: [bool; 3],
}

#[derive(Debug, Clone)]
enum SourceShape {
    Document,
    Report,
    Reference,
}

#[derive(Debug, Clone)]
struct EventShape {
    publication: Publication,
    event_type: EventType,
    day: u32,
    place: Option<&'static str>,
    participants: Vec<ParticipantShape>,
    sources: Vec<SourceShape>,
    /// Which of place detail, description, court, judge, verdict are filled.
    typed: [bool; 5],
    sentence: Option<(SentenceKind, u32)>,
    notes: usize,
    published_at: bool,
}

#[derive(Debug, Clone)]
struct PersonShape {
    consent: Consent,
    names: usize,
    events: Vec<EventShape>,
    recognitions: usize,
    /// Letters the markers are made of.
    letters: Vec<String>,
}

fn consent() -> impl Strategy<Value = Consent> {
    prop::sample::select(Consent::ALL.to_vec())
}

fn participant_shape() -> impl Strategy<Value = ParticipantShape> {
    (
        prop::sample::select(ParticipantRole::ALL.to_vec()),
        consent(),
        prop_oneof![
            2 => Just(Link::Nobody),
            2 => Just(Link::ThePerson),
            1 => consent().prop_map(Link::Other),
        ],
        prop::array::uniform3(prop::bool::weighted(0.8)),
    )
        .prop_map(|(role, consent, link, filled)| ParticipantShape {
            role,
            consent,
            link,
            filled,
        })
}

fn event_shape() -> impl Strategy<Value = EventShape> {
    (
        prop_oneof![
            3 => Just(Publication::Published),
            1 => Just(Publication::Unpublished),
            1 => Just(Publication::Withheld),
        ],
        prop::sample::select(EventType::ALL.to_vec()),
        1u32..=28,
        prop::option::of(prop::sample::select(vec![
            "kz-almaty",
            "kz-astana",
            "kz-region-mangystau",
        ])),
        prop::collection::vec(participant_shape(), 0..5),
        prop::collection::vec(
            prop_oneof![
                Just(SourceShape::Document),
                Just(SourceShape::Report),
                Just(SourceShape::Reference)
            ],
            0..4,
        ),
        prop::array::uniform5(prop::bool::weighted(0.8)),
        prop::option::of((prop::sample::select(SentenceKind::ALL.to_vec()), 1u32..120)),
        0usize..3,
        any::<bool>(),
    )
        .prop_map(
            |(
                publication,
                event_type,
                day,
                place,
                participants,
                sources,
                typed,
                sentence,
                notes,
                published_at,
            )| EventShape {
                publication,
                event_type,
                day,
                place,
                participants,
                sources,
                typed,
                sentence,
                notes,
                published_at,
            },
        )
}

fn person_shape() -> impl Strategy<Value = PersonShape> {
    (
        consent(),
        1usize..4,
        prop::collection::vec(event_shape(), 0..6),
        0usize..3,
        prop::collection::vec("[a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{1,8}", 8),
    )
        .prop_map(
            |(consent, names, events, recognitions, letters)| PersonShape {
                consent,
                names,
                events,
                recognitions,
                letters,
            },
        )
}

// ---- what must and must not appear ---------------------------------------

/// Where a marker that must be public has to show up.
#[derive(Debug, Clone, PartialEq)]
enum Must {
    /// On the person's page (JSON and HTML in every language).
    PersonPage,
    /// In the JSON of the person's page.
    PersonJson,
    /// In every output of event `id`: the CSV, the JSON list, every feed
    /// and the event's newsletter item in every language.
    Event(i64),
    /// In the JSON of event `id` (alone and in the list).
    EventJson(i64),
}

#[derive(Debug, Default)]
struct Expect {
    counter: usize,
    letters: Vec<String>,
    forbidden: Vec<(String, &'static str)>,
    required: Vec<(String, Must, &'static str)>,
}

impl Expect {
    /// A new unique marker. The fixed-width counter keeps any marker from
    /// containing another; the letters carry no characters any output
    /// escapes, so a leak shows verbatim.
    fn marker(&mut self) -> String {
        self.counter += 1;
        let prefix = ["SECRET", "СЕКРЕТ", "ҚҰПИЯ"][self.counter % 3];
        let letters = &self.letters[self.counter % self.letters.len()];
        format!("{prefix}-{:05}-{letters}", self.counter)
    }

    /// A marker that must appear nowhere.
    fn secret(&mut self, why: &'static str) -> String {
        let m = self.marker();
        self.forbidden.push((m.clone(), why));
        m
    }

    /// A marker that must appear where `must` says when `public`, and
    /// nowhere otherwise.
    fn field(&mut self, public: bool, must: Must, why: &'static str) -> String {
        if public {
            let m = self.marker();
            self.required.push((m.clone(), must, why));
            m
        } else {
            self.secret(why)
        }
    }
}

fn stricter(a: Consent, b: Consent) -> Consent {
    if a == Consent::Confidential || b == Consent::Confidential {
        Consent::Confidential
    } else if a == Consent::Anonymised || b == Consent::Anonymised {
        Consent::Anonymised
    } else {
        Consent::Public
    }
}

fn build(shape: &PersonShape) -> (InternalPerson, Expect) {
    let mut x = Expect {
        letters: shape.letters.clone(),
        ..Expect::default()
    };
    let named = shape.consent == Consent::Public;
    let id = x.field(
        named,
        Must::PersonJson,
        "the id of a person not public by name",
    );
    let names = (0..shape.names)
        .map(|_| {
            x.field(
                named,
                Must::PersonPage,
                "a name of a person not public by name",
            )
        })
        .collect();
    let mut events = Vec::new();
    for (i, e) in shape.events.iter().enumerate() {
        let event_id = i as i64 + 1;
        let published = e.publication == Publication::Published;
        let must = Must::Event(event_id);
        let effective: Vec<Consent> = e
            .participants
            .iter()
            .map(|p| match p.link {
                Link::Nobody => p.consent,
                Link::ThePerson => stricter(p.consent, shape.consent),
                Link::Other(c) => stricter(p.consent, c),
            })
            .collect();
        let all_public = effective.iter().all(|c| *c == Consent::Public);
        let mut participants = Vec::new();
        for (p, consent) in e.participants.iter().zip(&effective) {
            let shown = published && *consent == Consent::Public;
            let mut text = |filled: bool| {
                if filled {
                    x.field(shown, must.clone(), "a participant not public by name")
                } else {
                    String::new()
                }
            };
            let name = text(p.filled[0]);
            let position = text(p.filled[1]);
            let organisation = text(p.filled[2]);
            let person = match p.link {
                Link::Nobody => None,
                Link::ThePerson => Some(LinkedPerson {
                    id: id.clone(),
                    consent: shape.consent,
                }),
                Link::Other(c) => Some(LinkedPerson {
                    id: x.field(
                        shown,
                        Must::EventJson(event_id),
                        "the id of a participant not public",
                    ),
                    consent: c,
                }),
            };
            participants.push(InternalParticipant {
                role: p.role,
                name,
                position,
                organisation,
                consent: p.consent,
                person,
            });
        }
        let typed_public = published && all_public;
        let mut typed = |filled: bool, why| {
            if filled {
                x.field(typed_public, must.clone(), why)
            } else {
                String::new()
            }
        };
        let place_detail = typed(e.typed[0], "typed text of an event not all public");
        let description = typed(e.typed[1], "typed text of an event not all public");
        let court = typed(e.typed[2], "typed text of an event not all public");
        let judge = typed(e.typed[3], "typed text of an event not all public");
        let verdict = typed(e.typed[4], "typed text of an event not all public");
        let mut sources = Vec::new();
        for s in &e.sources {
            sources.push(match s {
                SourceShape::Report => {
                    x.counter += 1;
                    let report_id = 9_100_000_000_000 + x.counter as i64 * 7_919;
                    x.forbidden
                        .push((report_id.to_string(), "the number of a report source"));
                    InternalSource::Report { report_id }
                }
                SourceShape::Document => {
                    x.counter += 1;
                    let sha256 = format!("{:064x}", 0xd0c0_0000_0000_u64 + x.counter as u64);
                    if typed_public {
                        x.required
                            .push((sha256.clone(), must.clone(), "the hash of a document"));
                    } else {
                        x.forbidden.push((
                            sha256.clone(),
                            "the hash of a document of a protected event",
                        ));
                    }
                    InternalSource::Document {
                        sha256,
                        start: 0,
                        end: 5,
                        title: x.field(typed_public, must.clone(), "a document title"),
                        file_name: x.secret("a document's file name"),
                    }
                }
                SourceShape::Reference => InternalSource::Reference {
                    citation: x.field(typed_public, must.clone(), "a citation"),
                    url: format!(
                        "https://example.org/{}",
                        x.field(typed_public, must.clone(), "an address")
                    ),
                },
            });
        }
        events.push(InternalEvent {
            id: event_id,
            publication: e.publication,
            event_type: e.event_type,
            date: CaseDate::day(Day::new(2022, 1, e.day).unwrap()),
            place_key: e.place.map(String::from),
            place_detail,
            description,
            verification: Verification::Reported,
            participants,
            legal: LegalDetails {
                charges: vec![Charge {
                    code: LegalCode::Criminal,
                    article: 174,
                    part: Some(1),
                }],
                court,
                judge,
                verdict,
                sentence_kind: e.sentence.map(|s| s.0),
                sentence_months: e.sentence.map(|s| s.1),
                sentence_days: None,
                fine_kzt: None,
            },
            sources,
            published_at: e.published_at.then(|| "2022-02-01T09:30:00Z".to_string()),
            internal_notes: (0..e.notes).map(|_| x.secret("an internal note")).collect(),
        });
    }
    let recognitions = (0..shape.recognitions)
        .map(|_| Recognition {
            decision: RecognitionDecision::Recognised,
            criteria: vec![PaceCriterion::A, PaceCriterion::E],
            decided_by: x.field(
                named,
                Must::PersonPage,
                "who decided, on a pseudonymous page",
            ),
            decided_on: CaseDate::parse("2023-03").unwrap(),
            note: x.secret("a recognition note"),
        })
        .collect();
    let person = InternalPerson {
        id,
        names,
        consent: shape.consent,
        events,
        recognitions,
    };
    (person, x)
}

// ---- rendering everything ---------------------------------------------------

fn feed_info() -> FeedInfo {
    FeedInfo {
        id: "tag:example.org,2024:events".into(),
        title: "Events".into(),
        author: "Kuager".into(),
        updated: "2024-01-01T00:00:00Z".into(),
        self_href: "feed.atom".into(),
        event_href_prefix: "events/".into(),
    }
}

/// Every output of every renderer, labelled.
fn render(person: &InternalPerson, key: &PseudonymKey) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let page = redact_person(person, key);
    if let Some(page) = &page {
        out.push(("json-person".to_string(), json::person(page)));
        for locale in Locale::ALL {
            out.push((
                format!("html-{}", locale.code()),
                html::person_page(page, locale).into_string(),
            ));
        }
    }
    let events: Vec<PublicEvent> = person.events.iter().filter_map(redact_event).collect();
    out.push(("csv".to_string(), csv::events(&events)));
    out.push(("json-events".to_string(), json::events(&events)));
    for locale in Locale::ALL {
        out.push((
            format!("atom-{}", locale.code()),
            atom::feed(&events, &feed_info(), locale),
        ));
        for e in &events {
            out.push((
                format!("text-{}-{}", e.id(), locale.code()),
                text::newsletter_item(e, locale),
            ));
            out.push((
                format!("html-event-{}-{}", e.id(), locale.code()),
                html::event(e, locale).into_string(),
            ));
        }
    }
    for e in &events {
        out.push((format!("json-event-{}", e.id()), json::event(e)));
    }
    // A newsletter issue of all of them, each in its suggested section.
    for locale in Locale::ALL {
        let items = events
            .iter()
            .map(|e| (Section::suggested(e.event_type()), e.clone()))
            .collect();
        let day = Day {
            year: 2022,
            month: 1,
            day: 5,
        };
        let issue =
            newsletter::Issue::new(Some(3), "Issue", "Intro", day, day, None, locale, items);
        let links = newsletter::MailLinks {
            issue_url: "https://example.org/newsletter/3".into(),
            unsubscribe_url: "https://example.org/newsletter/unsubscribe/t".into(),
        };
        let code = locale.code();
        out.push((
            format!("newsletter-text-{code}"),
            newsletter::text(&issue, Some(&links)),
        ));
        out.push((
            format!("newsletter-mail-{code}"),
            newsletter::mail_html(&issue, &links),
        ));
        out.push((
            format!("newsletter-feed-{code}"),
            atom::issues_feed(
                std::slice::from_ref(&issue),
                &feed_info(),
                "/newsletter/",
                locale,
            ),
        ));
    }
    out
}

fn must_hold(must: &Must, label: &str) -> bool {
    match must {
        Must::PersonPage => {
            label == "json-person"
                || label.starts_with("html-") && !label.starts_with("html-event-")
        }
        Must::PersonJson => label == "json-person",
        Must::EventJson(id) => label == "json-events" || label == format!("json-event-{id}"),
        Must::Event(id) => {
            label == "csv"
                || label == "json-events"
                || label.starts_with("atom-")
                || label == format!("json-event-{id}")
                || label.starts_with(&format!("text-{id}-"))
                || label.starts_with(&format!("html-event-{id}-"))
        }
    }
}

fn check(shape: &PersonShape) -> Result<(), TestCaseError> {
    let (person, expect) = build(shape);
    let key = PseudonymKey::new([42; 32]);
    let outputs = render(&person, &key);
    for (marker, why) in &expect.forbidden {
        for (label, output) in &outputs {
            prop_assert!(
                !output.contains(marker.as_str()),
                "{why}: {marker} leaked into {label}:\n{output}"
            );
        }
    }
    for (marker, must, why) in &expect.required {
        for (label, output) in &outputs {
            if must_hold(must, label) {
                prop_assert!(
                    output.contains(marker.as_str()),
                    "public {why} {marker} missing from {label}:\n{output}"
                );
            }
        }
    }
    // The page exists exactly when the person is not confidential, and an
    // anonymised person is shown by pseudonym.
    let page = redact_person(&person, &key);
    prop_assert_eq!(page.is_some(), shape.consent != Consent::Confidential);
    // A page lists exactly the published events in which the person's own
    // participation may be shown at the page's level (by name on a named
    // page, at least anonymised on a pseudonymous one), and its timeline
    // comes from those where that participation is a victim's.
    if let Some(page) = &page {
        let visible = |p: &ParticipantShape| {
            let c = stricter(p.consent, shape.consent);
            matches!(p.link, Link::ThePerson)
                && match shape.consent {
                    Consent::Public => c == Consent::Public,
                    _ => c != Consent::Confidential,
                }
        };
        let listed: Vec<i64> = shape
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.publication == Publication::Published && e.participants.iter().any(visible)
            })
            .map(|(i, _)| i as i64 + 1)
            .collect();
        let mut got: Vec<i64> = page.events().iter().map(PublicEvent::id).collect();
        got.sort_unstable();
        prop_assert_eq!(got, listed.clone());
        for step in page.timeline() {
            let e = &shape.events[step.event_id as usize - 1];
            prop_assert!(listed.contains(&step.event_id));
            prop_assert!(e
                .participants
                .iter()
                .any(|p| p.role == ParticipantRole::Victim && visible(p)));
        }
    }
    if shape.consent == Consent::Anonymised {
        let code = key.pseudonym(&person.id);
        for (label, output) in &outputs {
            if must_hold(&Must::PersonPage, label) {
                prop_assert!(output.contains(&code), "pseudonym missing from {label}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Nothing confidential, non-consented or unpublished reaches any
    /// output; everything public by the rules does.
    #[test]
    fn no_protected_text_in_any_output(shape in person_shape()) {
        check(&shape)?;
    }

    /// The same with every person and participant at one consent level, so
    /// the all-public and all-confidential corners are well covered.
    #[test]
    fn uniform_consent(shape in person_shape(), level in consent()) {
        let mut shape = shape;
        shape.consent = level;
        for e in &mut shape.events {
            for p in &mut e.participants {
                p.consent = level;
                if let Link::Other(_) = p.link {
                    p.link = Link::Other(level);
                }
            }
        }
        check(&shape)?;
    }

    /// Public text with markup, quotes, separators and line breaks is
    /// published escaped: the HTML has no element of it, the CSV and the
    /// JSON read back to the same text, and the feed has no raw markup.
    #[test]
    fn public_text_is_escaped(
        description in "[a-zA-Zа-яәғқ<>&\"',;\n\r =+@-]{1,40}",
        name in "[a-zA-Zа-яәғқ<>&\"',;\n =-]{1,20}",
    ) {
        let event = InternalEvent {
            id: 7,
            publication: Publication::Published,
            event_type: EventType::Detention,
            date: CaseDate::parse("2022-01-05").unwrap(),
            place_key: None,
            place_detail: String::new(),
            description: format!("<script>alert(1)</script>{description}"),
            verification: Verification::Reported,
            participants: vec![InternalParticipant {
                role: ParticipantRole::Victim,
                name: format!("<b>{name}</b>"),
                position: String::new(),
                organisation: String::new(),
                consent: Consent::Public,
                person: None,
            }],
            legal: LegalDetails::default(),
            sources: vec![],
            published_at: None,
            internal_notes: vec![],
        };
        let public = redact_event(&event).unwrap();
        for locale in Locale::ALL {
            let page = html::event(&public, locale).into_string();
            prop_assert!(!page.contains("<script") && !page.contains("<b>"), "{}", page);
            let feed = atom::feed(std::slice::from_ref(&public), &feed_info(), locale);
            prop_assert!(!feed.contains("<script") && !feed.contains("<b>"), "{}", feed);
            prop_assert!(!feed.chars().any(|c| c.is_control() && !"\t\n\r".contains(c)));
        }
        let value: serde_json::Value = serde_json::from_str(&json::event(&public)).unwrap();
        prop_assert_eq!(value["description"].as_str(), public.description());
        prop_assert_eq!(value["participants"][0]["name"].as_str(), public.participants()[0].name());
        let rows = parse_csv(&csv::events(std::slice::from_ref(&public)));
        prop_assert_eq!(rows.len(), 2);
        prop_assert_eq!(rows[0].len(), rows[1].len());
        let column = rows[0].iter().position(|h| h == "description").unwrap();
        prop_assert_eq!(Some(rows[1][column].as_str()), public.description());
    }
}

/// RFC 4180 as a spreadsheet reads it: quoted fields may hold anything.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn the_csv_parser_of_these_tests_reads_quotes() {
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\r\nd\"\r\n"),
        vec![vec!["a".to_string(), "b,\"c\"\r\nd".to_string()]]
    );
}
