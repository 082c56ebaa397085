//! The public site built from redacted records: who is on which list,
//! what the filters keep, what the dossiers and statistics count, and
//! that nothing confidential reaches an export.

use kuager_case::{
    CaseDate, Charge, Consent, Day, EventType, FigureReporter, LegalCode, LegalDetails,
    PaceCriterion, ParticipantRole, Publication, Recognition, RecognitionDecision, SentenceKind,
    Verification,
};
use kuager_publish::{
    redact_event, redact_person, InternalEvent, InternalParticipant, InternalPerson,
    InternalSource, LinkedPerson, PseudonymKey,
};
use kuager_site::{Extras, ListKind, ListQuery, ReportedFigure, Site, Sort};

fn day(y: i32, m: u32, d: u32) -> CaseDate {
    CaseDate::day(Day::new(y, m, d).unwrap())
}

fn victim(name: &str, person: &str, consent: Consent) -> InternalParticipant {
    InternalParticipant {
        role: ParticipantRole::Victim,
        name: name.into(),
        position: String::new(),
        organisation: String::new(),
        consent,
        person: Some(LinkedPerson {
            id: person.into(),
            consent,
        }),
    }
}

fn official(
    name: &str,
    position: &str,
    organisation: &str,
    consent: Consent,
) -> InternalParticipant {
    InternalParticipant {
        role: ParticipantRole::Perpetrator,
        name: name.into(),
        position: position.into(),
        organisation: organisation.into(),
        consent,
        person: None,
    }
}

fn event(
    id: i64,
    t: EventType,
    date: CaseDate,
    place: &str,
    people: Vec<InternalParticipant>,
) -> InternalEvent {
    InternalEvent {
        id,
        publication: Publication::Published,
        event_type: t,
        date,
        place_key: Some(place.into()),
        place_detail: String::new(),
        description: String::new(),
        verification: Verification::Corroborated,
        participants: people,
        legal: LegalDetails::default(),
        sources: vec![InternalSource::Reference {
            citation: "Бюллетень, №12".into(),
            url: "https://example.org/12".into(),
        }],
        published_at: None,
        internal_notes: vec!["аналитик: проверить".into()],
    }
}

fn recognised() -> Recognition {
    Recognition {
        decision: RecognitionDecision::Recognised,
        criteria: vec![PaceCriterion::A],
        decided_by: "Coalition".into(),
        decided_on: day(2022, 3, 1),
        note: "internal note".into(),
    }
}

struct World {
    events: Vec<InternalEvent>,
    persons: Vec<InternalPerson>,
}

/// Four people: a recognised prisoner (public), a released one who was
/// recognised (public), an anonymised detainee, and a confidential
/// victim whose name must appear nowhere.
fn world() -> World {
    let mut conviction = event(
        2,
        EventType::Conviction,
        day(2022, 3, 20),
        "kz-almaty",
        vec![victim("Асанали Суюбаев", "p-asanali", Consent::Public)],
    );
    conviction.legal = LegalDetails {
        charges: vec![Charge {
            code: LegalCode::Criminal,
            article: 174,
            part: Some(2),
        }],
        court: "Алмалинский районный суд".into(),
        judge: "Ержанова А. Б.".into(),
        verdict: "виновен".into(),
        sentence_kind: Some(SentenceKind::Imprisonment),
        sentence_months: Some(60),
        ..LegalDetails::default()
    };
    let events = vec![
        event(
            1,
            EventType::Detention,
            day(2022, 1, 6),
            "kz-almaty",
            vec![
                victim("Асанали Суюбаев", "p-asanali", Consent::Public),
                official(
                    "Серікбай Нұрлан",
                    "полиция капитаны",
                    "Алматы қаласының полиция департаменті",
                    Consent::Public,
                ),
                official(
                    "Жасырын Тергеуші",
                    "тергеуші",
                    "Тергеу басқармасы",
                    Consent::Confidential,
                ),
            ],
        ),
        conviction,
        event(
            3,
            EventType::Detention,
            day(2022, 1, 7),
            "kz-taldykorgan",
            vec![victim("Maks Bokayev", "p-maks", Consent::Public)],
        ),
        event(
            4,
            EventType::Release,
            day(2022, 2, 1),
            "kz-taldykorgan",
            vec![victim("Maks Bokayev", "p-maks", Consent::Public)],
        ),
        event(
            5,
            EventType::Detention,
            day(2022, 1, 8),
            "kz-shymkent",
            vec![victim("Гүлнар Жасырынова", "p-anon", Consent::Anonymised)],
        ),
        event(
            6,
            EventType::Killing,
            day(2022, 1, 6),
            "kz-almaty",
            vec![victim("Құпия Адам", "p-secret", Consent::Confidential)],
        ),
    ];
    let of = |ids: &[i64]| -> Vec<InternalEvent> {
        events
            .iter()
            .filter(|e| ids.contains(&e.id))
            .cloned()
            .collect()
    };
    let persons = vec![
        InternalPerson {
            id: "p-asanali".into(),
            names: vec!["Асанали Суюбаев".into(), "Asanali Suyubayev".into()],
            consent: Consent::Public,
            events: of(&[1, 2]),
            recognitions: vec![recognised()],
        },
        InternalPerson {
            id: "p-maks".into(),
            names: vec!["Maks Bokayev".into(), "Макс Бокаев".into()],
            consent: Consent::Public,
            events: of(&[3, 4]),
            recognitions: vec![recognised()],
        },
        InternalPerson {
            id: "p-anon".into(),
            names: vec!["Гүлнар Жасырынова".into()],
            consent: Consent::Anonymised,
            events: of(&[5]),
            recognitions: vec![],
        },
        InternalPerson {
            id: "p-secret".into(),
            names: vec!["Құпия Адам".into()],
            consent: Consent::Confidential,
            events: of(&[6]),
            recognitions: vec![],
        },
    ];
    World { events, persons }
}

fn site(w: &World, figures: Vec<ReportedFigure>) -> Site {
    let key = PseudonymKey::new([7; 32]);
    let persons = w
        .persons
        .iter()
        .filter_map(|p| redact_person(p, &key))
        .collect();
    let events = w.events.iter().filter_map(redact_event).collect();
    Site::build(
        1,
        persons,
        events,
        Extras {
            figures,
            ..Extras::default()
        },
    )
}

fn names(site: &Site, q: &ListQuery) -> Vec<String> {
    site.list_all(q)
        .iter()
        .map(|p| p.person().display_name(kuager_i18n::Locale::En))
        .collect()
}

#[test]
fn each_list_holds_whom_it_says() {
    let w = world();
    let s = site(&w, vec![]);
    assert_eq!(
        names(&s, &ListQuery::new(ListKind::PoliticalPrisoners)),
        vec!["Асанали Суюбаев"],
        "recognised and held; the released one is not"
    );
    let persecuted = names(&s, &ListQuery::new(ListKind::Persecuted));
    assert_eq!(persecuted.len(), 3, "{persecuted:?}");
    assert!(persecuted.iter().any(|n| n.starts_with("Person ")));
    assert!(
        names(&s, &ListQuery::new(ListKind::Killed)).is_empty(),
        "the killed person is confidential"
    );
    let detained = names(&s, &ListQuery::new(ListKind::Detained));
    assert_eq!(detained.len(), 3);
}

#[test]
fn filters_narrow_the_lists() {
    let w = world();
    let s = site(&w, vec![]);
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.region = Some("kz-region-zhetysu".into());
    assert_eq!(
        names(&s, &q),
        vec!["Maks Bokayev"],
        "Taldykorgan is in Zhetysu region"
    );
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.city = Some("kz-taldykorgan".into());
    assert_eq!(names(&s, &q), vec!["Maks Bokayev"]);
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.charge = kuager_site::export::parse_charge("174");
    assert_eq!(names(&s, &q), vec!["Асанали Суюбаев"]);
    q.charge = kuager_site::export::parse_charge("174:3");
    assert!(names(&s, &q).is_empty());
    let mut q = ListQuery::new(ListKind::Detained);
    q.from = Some(Day::new(2022, 1, 7).unwrap());
    q.to = Some(Day::new(2022, 1, 7).unwrap());
    assert_eq!(names(&s, &q), vec!["Maks Bokayev"]);
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.event_type = Some(EventType::Conviction);
    assert_eq!(names(&s, &q), vec!["Асанали Суюбаев"]);
}

#[test]
fn pages_split_a_list_and_sorting_orders_it() {
    let w = world();
    let s = site(&w, vec![]);
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.per_page = 2;
    let first = s.list(&q);
    assert_eq!((first.total, first.pages, first.items.len()), (3, 2, 2));
    q.page = 2;
    assert_eq!(s.list(&q).items.len(), 1);
    q.page = 9;
    assert!(s.list(&q).items.is_empty());
    let mut q = ListQuery::new(ListKind::Persecuted);
    q.sort = Sort::Latest;
    assert_eq!(
        names(&s, &q)[0],
        "Асанали Суюбаев",
        "convicted in March, the latest event"
    );
}

#[test]
fn dossiers_name_only_public_officials_and_judges() {
    let w = world();
    let s = site(&w, vec![]);
    let names: Vec<&str> = s.officials().iter().map(|o| o.name()).collect();
    assert!(names.contains(&"Серікбай Нұрлан"), "{names:?}");
    assert!(names.contains(&"Ержанова А. Б."), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Жасырын")), "{names:?}");
    let judge = s.officials().iter().find(|o| o.is_judge()).unwrap();
    assert_eq!(judge.acts()[0].event_id, 2);
    assert!(s.official(judge.slug()).is_some());
}

#[test]
fn statistics_count_published_records_and_ignore_stray_figures() {
    let w = world();
    let figure = |event_id, value, by| ReportedFigure {
        event_id,
        value,
        qualifier: "exact".into(),
        unit: "people".into(),
        what: Some("died".into()),
        reported_by: by,
        reporter: String::new(),
    };
    let s = site(
        &w,
        vec![
            figure(6, 238, FigureReporter::Official),
            figure(6, 194, FigureReporter::Independent),
            figure(99, 1, FigureReporter::Media),
        ],
    );
    let st = s.statistics();
    assert_eq!(st.events, 6);
    assert_eq!(st.by_region.get("kz-almaty"), Some(&3));
    assert_eq!(st.by_region.get("kz-region-zhetysu"), Some(&2));
    assert_eq!(
        st.by_month.get("2022-01").map(|m| m.values().sum::<u64>()),
        Some(4)
    );
    assert_eq!(st.political_prisoners, 1);
    assert_eq!(st.figures.len(), 1);
    let values: Vec<u64> = st.figures[0].figures.iter().map(|f| f.value).collect();
    assert_eq!(
        values,
        vec![238, 194],
        "official first; the figure of no published event is dropped"
    );
    assert_eq!(st.months(), vec!["2022-01", "2022-02", "2022-03"]);
}

#[test]
fn exports_hold_nothing_confidential() {
    let w = world();
    let s = site(&w, vec![]);
    for kind in ListKind::ALL {
        let people = s.list_all(&ListQuery::new(*kind));
        let csv = kuager_site::export::csv(&people);
        let json = kuager_site::export::json(&people);
        for out in [&csv, &json] {
            for secret in [
                "Құпия",
                "p-secret",
                "Жасырынова",
                "p-anon",
                "internal note",
                "аналитик",
            ] {
                assert!(!out.contains(secret), "{kind:?} leaks {secret}: {out}");
            }
        }
    }
    let csv = kuager_site::export::csv(&s.list_all(&ListQuery::new(ListKind::Persecuted)));
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header.split(',').count(),
        kuager_site::export::COLUMNS.len()
    );
    assert!(csv.contains("Asanali Suyubayev"));
    assert!(csv.contains("criminal:174:2"));
}

mod index {
    //! The lists' precomputed orders against a plain pass over everyone:
    //! whatever the people and the reader's question, the same people in
    //! the same order.
    use super::*;
    use proptest::prelude::*;

    const TYPES: &[EventType] = &[
        EventType::Detention,
        EventType::Conviction,
        EventType::Killing,
        EventType::Disappearance,
        EventType::SearchSeizure,
        EventType::AdministrativeArrest,
        EventType::Release,
    ];
    const PLACES: &[&str] = &["kz-almaty", "kz-astana", "kz-region-abai", "kz-shymkent"];
    const REGIONS: &[&str] = &[
        "kz-almaty",
        "kz-astana",
        "kz-region-abai",
        "kz-region-akmola",
    ];

    /// (type, month in 2022, place, article 174 or 405) per event.
    type Spec = Vec<Vec<(usize, u32, usize, bool)>>;

    fn world_of(spec: &Spec) -> Site {
        let key = PseudonymKey::new([3; 32]);
        let mut id = 0;
        let persons = spec
            .iter()
            .enumerate()
            .filter_map(|(n, events)| {
                let person = format!("p-{n}");
                let events = events
                    .iter()
                    .map(|&(t, month, place, article)| {
                        id += 1;
                        let mut e = event(
                            id,
                            TYPES[t % TYPES.len()],
                            span_of(id, month),
                            PLACES[place % PLACES.len()],
                            vec![victim(&format!("Адам {n}"), &person, Consent::Public)],
                        );
                        e.legal.charges = vec![Charge {
                            code: LegalCode::Criminal,
                            article: if article { 174 } else { 405 },
                            part: Some(1),
                        }];
                        e
                    })
                    .collect();
                let inner = InternalPerson {
                    id: person.clone(),
                    // Names that tie (same text) test the tie-break.
                    names: vec![format!("Адам {}", n % 7)],
                    consent: if n % 5 == 4 {
                        Consent::Anonymised
                    } else {
                        Consent::Public
                    },
                    events,
                    recognitions: if n % 3 == 0 {
                        vec![recognised()]
                    } else {
                        vec![]
                    },
                };
                redact_person(&inner, &key)
            })
            .collect();
        Site::build(1, persons, vec![], Extras::default())
    }

    /// Mostly single days; some a month to a few months long, some years
    /// (a sentence), which the index keeps apart.
    fn span_of(id: i64, month: u32) -> CaseDate {
        let start = Day::new(2022, month, 1 + (id % 27) as u32).unwrap();
        let end = match id % 5 {
            0 => Day::new(2022, (month + 2).min(12), 28).unwrap(),
            1 => Day::new(2022 + (id % 7) as i32, 12, 31).unwrap(),
            _ => start,
        };
        CaseDate {
            precision: kuager_case::DatePrecision::Day,
            start,
            end,
        }
    }

    fn naive<'a>(site: &'a Site, q: &ListQuery) -> Vec<&'a str> {
        let mut found: Vec<_> = site
            .persons()
            .iter()
            .filter(|p| q.kind.includes(p) && q.matches(p))
            .collect();
        match q.sort {
            Sort::Name => {}
            Sort::Latest => found.sort_by_key(|p| std::cmp::Reverse(p.last_event())),
            Sort::Status => found.sort_by_key(|p| p.status()),
        }
        found.into_iter().map(|p| p.handle()).collect()
    }

    fn query() -> impl Strategy<Value = ListQuery> {
        (
            0..ListKind::ALL.len(),
            0..Sort::ALL.len(),
            proptest::option::of(0..REGIONS.len()),
            proptest::option::of(0..TYPES.len()),
            proptest::option::of(any::<bool>()),
            proptest::option::of((1u32..=12, 0u32..4, 0u8..3)),
            1usize..4,
            1usize..6,
        )
            .prop_map(|(kind, sort, region, t, article, period, page, per_page)| {
                let mut q = ListQuery::new(ListKind::ALL[kind]);
                q.sort = Sort::ALL[sort];
                q.region = region.map(|r| REGIONS[r].to_string());
                q.event_type = t.map(|t| TYPES[t]);
                q.charge = article.map(|a| Charge {
                    code: LegalCode::Criminal,
                    article: if a { 174 } else { 405 },
                    part: None,
                });
                if let Some((month, span, ends)) = period {
                    // Both ends, only a start, only an end.
                    if ends != 2 {
                        q.from = Day::new(2022, month, 1 + span * 5).ok();
                    }
                    if ends != 1 {
                        // span 3: a period of centuries (answered without the months).
                        let year = if span == 3 { 2300 } else { 2022 };
                        q.to = Day::new(year, (month + span).min(12), 28).ok();
                    }
                }
                q.page = page;
                q.per_page = per_page;
                q
            })
    }

    proptest! {
        #[test]
        fn indexed_lists_equal_a_plain_filter(
            spec in proptest::collection::vec(
                proptest::collection::vec((0usize..7, 1u32..=12, 0usize..4, any::<bool>()), 0..4),
                0..40,
            ),
            q in query(),
        ) {
            let site = world_of(&spec);
            let want = naive(&site, &q);
            let got: Vec<&str> = site.list_all(&q).iter().map(|p| p.handle()).collect();
            prop_assert_eq!(&got, &want);
            let page = site.list(&q);
            prop_assert_eq!(page.total, want.len());
            let from = (q.page - 1) * q.per_page;
            let on_page: Vec<&str> = page.items.iter().map(|p| p.handle()).collect();
            let expected: Vec<&str> = want.iter().skip(from).take(q.per_page).copied().collect();
            prop_assert_eq!(on_page, expected);
            let mut unfiltered = ListQuery::new(q.kind);
            unfiltered.sort = q.sort;
            let size = site.list_sizes().iter().find(|(k, _)| *k == q.kind).map(|(_, n)| *n);
            prop_assert_eq!(size, Some(naive(&site, &ListQuery::new(q.kind)).len()));
            prop_assert_eq!(site.list_all(&unfiltered).len(), size.unwrap_or(0));
        }
    }
}
