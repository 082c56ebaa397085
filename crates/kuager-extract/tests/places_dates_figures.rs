//! Places, dates and figures: the seed documents in shared/seeds, sentences
//! of our own in Russian and Kazakh, and properties on arbitrary text.

use kuager_domain::{PlaceKind, Qualifier, Span};
use kuager_extract::{dates, figures, places};
use proptest::prelude::*;
use std::path::PathBuf;

fn seeds_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ))
}

/// The text of the seed whose file name starts with `prefix` ("004").
fn seed(prefix: &str) -> String {
    let dir = seeds_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with(prefix) {
            return std::fs::read_to_string(&path).expect("seed is UTF-8");
        }
    }
    panic!("no seed {prefix} in {}", dir.display());
}

fn all_seeds() -> Vec<String> {
    ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| seed(p))
        .collect()
}

/// The characters `span` covers.
fn slice(text: &str, span: Span) -> String {
    text.chars()
        .skip(span.start)
        .take(span.end - span.start)
        .collect()
}

/// Character ranges of every occurrence of `needle` in `text`.
fn occurrences(text: &str, needle: &str) -> Vec<Span> {
    text.match_indices(needle)
        .map(|(b, m)| {
            let start = text[..b].chars().count();
            Span::new(start, start + m.chars().count())
        })
        .collect()
}

/// Spans are in bounds, non-empty, in order, non-overlapping, and their
/// text is the text they cover.
fn check_spans(text: &str, spans: &[(Span, &str)]) -> Result<(), String> {
    let n = text.chars().count();
    let mut prev_end = 0;
    for (span, t) in spans {
        if span.start >= span.end || span.end > n {
            return Err(format!("bad span {span:?} (text has {n} chars)"));
        }
        if span.start < prev_end {
            return Err(format!(
                "span {span:?} overlaps or precedes the previous one"
            ));
        }
        prev_end = span.end;
        let covered = slice(text, *span);
        if covered != *t {
            return Err(format!(
                "span {span:?} covers {covered:?}, mention says {t:?}"
            ));
        }
    }
    Ok(())
}

fn check_all(text: &str) -> Result<(), String> {
    let p = places::extract(text);
    check_spans(
        text,
        &p.iter()
            .map(|m| (m.span, m.text.as_str()))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| format!("places: {e}"))?;
    let d = dates::extract(text);
    check_spans(
        text,
        &d.iter()
            .map(|m| (m.span, m.text.as_str()))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| format!("dates: {e}"))?;
    let f = figures::extract(text);
    check_spans(
        text,
        &f.iter()
            .map(|m| (m.span, m.text.as_str()))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| format!("figures: {e}"))?;
    Ok(())
}

type Fig = (u64, Qualifier, String, Option<String>);

fn figs(text: &str) -> Vec<Fig> {
    figures::extract(text)
        .into_iter()
        .map(|f| (f.value, f.qualifier, f.unit, f.event))
        .collect()
}

fn fig(value: u64, q: Qualifier, unit: &str, event: Option<&str>) -> Fig {
    (value, q, unit.to_string(), event.map(str::to_string))
}

fn assert_has(text_name: &str, got: &[Fig], want: &[Fig]) {
    for w in want {
        assert!(got.contains(w), "{text_name}: missing {w:?}; got {got:?}");
    }
}

use Qualifier::{About, AtLeast, Exact, MoreThan, Order, UpTo};

#[test]
fn seed_figures() {
    let got = figs(&seed("000"));
    assert_has(
        "000",
        &got,
        &[
            fig(10_000, MoreThan, "people", Some("detained")),
            fig(238, Exact, "people", Some("died")),
            fig(100, Order, "people", Some("missing")),
            fig(107, Exact, "refusals", None),
        ],
    );
    let got = figs(&seed("001"));
    assert_has(
        "001",
        &got,
        &[
            fig(10_000, Exact, "protesters", Some("arrested")),
            fig(100, Order, "people", Some("killed")),
            fig(145, Exact, "political prisoners", None),
            fig(194, Exact, "civilians", Some("killed")),
        ],
    );
    let got = figs(&seed("003"));
    assert_has(
        "003",
        &got,
        &[
            fig(2_000, MoreThan, "volunteers", None),
            fig(15, MoreThan, "cities", None),
            fig(10, MoreThan, "persons", Some("searches")),
            fig(24, Exact, "MEPs", None),
            fig(6, Exact, "members", None),
            fig(5, Exact, "human rights activists", Some("death")),
        ],
    );
    let got = figs(&seed("004"));
    assert_has(
        "004",
        &got,
        &[
            fig(1_000, About, "people", Some("detention")),
            fig(55, Exact, "journalists", None),
            fig(30, Exact, "protesters", Some("arrested")),
            fig(150, Exact, "detainees", None),
            fig(40, About, "protesters", None),
            fig(50, MoreThan, "cases", Some("persecution")),
            fig(18, Exact, "cases", Some("detention")),
            fig(150, MoreThan, "signatories", None),
        ],
    );
}

#[test]
fn seed_figure_spans() {
    let text = seed("000");
    let f = figures::extract(&text);
    assert_eq!(f[0].text, "more than 10 thousand people");
    let text = seed("004");
    let texts: Vec<String> = figures::extract(&text)
        .into_iter()
        .map(|f| f.text)
        .collect();
    for t in [
        "about 1,000 people",
        "approx. 40 protesters",
        "more than 150 other signatories",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t:?} not in {texts:?}");
    }
}

#[test]
fn seed_non_figures() {
    // Seed 002 has list numbers, dates, a time, ordinals, and article and
    // paragraph numbers, but no figure.
    assert_eq!(figs(&seed("002")), Vec::<Fig>::new());
    let forbidden = [
        "No. 745",
        "Doc. 15575",
        "27 June 2022",
        "4:57",
        "7th",
        "20th",
        "paragraph 1",
        "Article 33",
        "Z10K8H4",
        "10 Beibitshilik",
        "11 years",
        "10 years",
        "2016",
        "2018",
        "1991",
        "January 10, 2021",
        "10 January, 2021",
        "December 20, 2020",
        "part 1",
        "part 2",
        "1. Azhenova",
        "37. Leong",
    ];
    for text in all_seeds() {
        let found = figures::extract(&text);
        for bad in forbidden {
            for occ in occurrences(&text, bad) {
                for f in &found {
                    assert!(
                        !f.span.overlaps(&occ),
                        "figure {:?} overlaps {bad:?}",
                        f.text
                    );
                }
            }
        }
        for f in &found {
            assert!(
                ![1991, 2016, 2018, 2019, 2020, 2021, 2022].contains(&f.value),
                "year as figure: {f:?}"
            );
            assert!(!f.unit.contains("year"), "duration as figure: {f:?}");
        }
    }
}

#[test]
fn seed_spans_slice_the_text() {
    for text in all_seeds() {
        check_all(&text).unwrap();
    }
}

#[test]
fn seed_places() {
    let has = |prefix: &str, text: &str, key: &str| {
        let p = places::extract(&seed(prefix));
        assert!(
            p.iter().any(|m| m.text == text && m.place_key == key),
            "{prefix}: no {text:?} -> {key}; got {:?}",
            p.iter()
                .map(|m| (&m.text, &m.place_key))
                .collect::<Vec<_>>()
        );
    };
    has("000", "Kazakhstan", "country-kz");
    has("000", "Russia", "country-ru");
    has("000", "Ukraine", "country-ua");
    has("001", "United Kingdom", "country-gb");
    has("001", "San Marino", "country-sm");
    has("001", "Russian Federation", "country-ru");
    has("002", "Borovoye", "kz-burabay");
    has("002", "South Korea", "country-kr");
    has("002", "Singapore", "country-sg");
    has("004", "Astana", "kz-astana");
    has("004", "Almaty", "kz-almaty");
    has("004", "Uralsk", "kz-oral");

    let p = places::extract(&seed("004"));
    let uralsk = p.iter().find(|m| m.text == "Uralsk").expect("Uralsk");
    assert_eq!(
        (uralsk.name.as_str(), uralsk.kind),
        ("Oral", PlaceKind::City)
    );
    // Names and adjectives that are no places.
    for prefix in ["001", "002", "003"] {
        for m in places::extract(&seed(prefix)) {
            assert!(
                !["Nursultan", "Almat", "Italian", "Kazakhstani", "Ekibatusz"]
                    .contains(&m.text.as_str()),
                "{prefix}: {m:?}"
            );
        }
    }
}

#[test]
fn seed_dates() {
    let dates_of = |prefix: &str| -> Vec<(String, String)> {
        dates::extract(&seed(prefix))
            .into_iter()
            .map(|d| (d.text, d.date.to_string()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        dates_of("004"),
        pairs(&[
            ("11 October 2018", "2018-10-11"),
            ("2016", "2016"),
            ("10 May 2018", "2018-05-10"),
            ("17", "2018-09-17"),
            ("18 September 2018", "2018-09-18"),
            ("8 October 2018", "2018-10-08"),
            ("1991", "1991"),
            ("9 October 2018", "2018-10-09"),
        ])
    );
    assert_eq!(
        dates_of("003"),
        pairs(&[
            ("January 10, 2021", "2021-01-10"),
            ("11 December", "2020-12-11"),
            ("23 November", "2020-11-23"),
            ("17 January 2021", "2021-01-17"),
            ("December 21", "2020-12-21"),
            ("10 January, 2021", "2021-01-10"),
            ("December 20, 2020", "2020-12-20"),
            ("25 November 2020", "2020-11-25"),
        ])
    );
    assert_eq!(
        dates_of("001"),
        pairs(&[("27 June 2022", "2022-06-27"), ("January 2022", "2022-01")])
    );
    assert_eq!(
        dates_of("002"),
        pairs(&[
            ("1 August 2019", "2019-08-01"),
            ("1 August 2019", "2019-08-01")
        ])
    );
    assert_eq!(dates_of("000"), pairs(&[("January 2022", "2022-01")]));
}

#[test]
fn russian_places() {
    let text = "Акции прошли в Астане, Алматы, Караганде, Уральске и в Жанаозене; \
                жители Алматинской области и Мангистауской области, а также \
                Усть-Каменогорска. Власти Казахстана, России и Китая.";
    let got: Vec<(String, String)> = places::extract(text)
        .into_iter()
        .map(|p| (p.text, p.place_key))
        .collect();
    let want = [
        ("Астане", "kz-astana"),
        ("Алматы", "kz-almaty"),
        ("Караганде", "kz-karaganda"),
        ("Уральске", "kz-oral"),
        ("Жанаозене", "kz-zhanaozen"),
        ("Алматинской области", "kz-region-almaty"),
        ("Мангистауской области", "kz-region-mangystau"),
        ("Усть-Каменогорска", "kz-oskemen"),
        ("Казахстана", "country-kz"),
        ("России", "country-ru"),
        ("Китая", "country-cn"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    check_all(text).unwrap();
}

#[test]
fn kazakh_places() {
    let text = "Алматыда және Астанада, Қарағандыдан Астанаға дейін. \
                Қазақстанның азаматтары Шығыс Қазақстан облысында тұрады.";
    let got: Vec<(String, String)> = places::extract(text)
        .into_iter()
        .map(|p| (p.text, p.place_key))
        .collect();
    let want = [
        ("Алматыда", "kz-almaty"),
        ("Астанада", "kz-astana"),
        ("Қарағандыдан", "kz-karaganda"),
        ("Астанаға", "kz-astana"),
        ("Қазақстанның", "country-kz"),
        ("Шығыс Қазақстан облысында", "kz-region-east-kazakhstan"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    check_all(text).unwrap();
}

#[test]
fn latin_variants_and_ambiguous_names() {
    let keys = |text: &str| -> Vec<String> {
        places::extract(text)
            .into_iter()
            .map(|p| p.place_key)
            .collect()
    };
    assert_eq!(
        keys("Alma-Ata, Nur-Sultan, Tselinograd, Qaraǵandy, Kapchagay, Ust-Kamenogorsk"),
        [
            "kz-almaty",
            "kz-astana",
            "kz-astana",
            "kz-karaganda",
            "kz-konaev",
            "kz-oskemen"
        ]
    );
    assert_eq!(
        keys("East Kazakhstan Region and the Almaty region, Mangystau region"),
        [
            "kz-region-east-kazakhstan",
            "kz-region-almaty",
            "kz-region-mangystau"
        ]
    );
    // Personal names and common words.
    assert!(keys("Abai Kunanbayev and Kanysh Satpayev wrote").is_empty());
    assert_eq!(
        keys("a school in Abai, Karaganda Region"),
        ["kz-abai", "kz-region-karaganda"]
    );
    assert!(keys("улица Абая, ул. Абая, Абай даңғылы, Satpayev Street").is_empty());
    assert_eq!(keys("в Абае и в Сатпаеве"), ["kz-abai", "kz-satpayev"]);
    assert!(keys("the turkey and an oral statement, есік ашық").is_empty());
    assert_eq!(keys("flights to Turkey"), ["country-tr"]);
    assert!(keys("help us").is_empty());

    for w in [
        "Алматы",
        "Астане",
        "Караганде",
        "Almaty",
        "ALMATY",
        "Алматыда",
        "Казахстане",
    ] {
        assert!(places::is_place_name(w), "{w}");
    }
    for w in ["Abai", "Satpayev", "Nursultan", "Almat", "Semenova", "Aron"] {
        assert!(!places::is_place_name(w), "{w}");
    }
}

#[test]
fn russian_and_kazakh_dates() {
    let got = |text: &str| -> Vec<(String, String)> {
        dates::extract(text)
            .into_iter()
            .map(|d| (d.text, d.date.to_string()))
            .collect()
    };
    let text = "Суд 10 января 2021 года; письмо от 10 января 2021 г.; в январе 2022 года; \
                в 2016 году; с 17 по 18 сентября 2018 года.";
    assert_eq!(
        got(text),
        [
            ("10 января 2021 года", "2021-01-10"),
            ("10 января 2021 г.", "2021-01-10"),
            ("январе 2022 года", "2022-01"),
            ("2016 году", "2016"),
            ("17", "2018-09-17"),
            ("18 сентября 2018 года", "2018-09-18"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    check_all(text).unwrap();
    let text = "2021 жылғы 10 қаңтарда сайлау өтті. 2022 жылдың қаңтарында наразылық \
                болды. 10 қаңтар 2021 жыл. 2016 жылы.";
    assert_eq!(
        got(text),
        [
            ("2021 жылғы 10 қаңтарда", "2021-01-10"),
            ("2022 жылдың қаңтарында", "2022-01"),
            ("10 қаңтар 2021 жыл", "2021-01-10"),
            ("2016 жылы", "2016"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    check_all(text).unwrap();
    assert!(got("30 февраля 2020 года").is_empty());
    assert!(got("дом 21.03.18").is_empty());
}

#[test]
fn russian_and_kazakh_figures() {
    let text = "В январе более 10 тысяч человек задержаны, 238 человек погибли. \
                Около 40 протестующих; свыше 2000 волонтёров; не менее 50 случаев; \
                до 100 человек. Сотни человек пропали без вести.";
    assert_eq!(
        figs(text),
        vec![
            fig(10_000, MoreThan, "человек", Some("задержаны")),
            fig(238, Exact, "человек", Some("погибли")),
            fig(40, About, "протестующих", None),
            fig(2_000, MoreThan, "волонтёров", None),
            fig(50, AtLeast, "случаев", None),
            fig(100, UpTo, "человек", None),
            fig(100, Order, "человек", Some("пропали")),
        ]
    );
    check_all(text).unwrap();
    let text = "10 мыңнан астам адам ұсталды, 238 адам қаза тапты, шамамен 40 белсенді \
                сотталды. 5 жыл бойы.";
    assert_eq!(
        figs(text),
        vec![
            fig(10_000, MoreThan, "адам", Some("ұсталды")),
            fig(238, Exact, "адам", Some("қаза тапты")),
            fig(40, About, "белсенді", Some("сотталды")),
        ]
    );
    check_all(text).unwrap();
    assert!(figs("статья 33, пункт 1, 7-й съезд, 20-летие, 10 лет, 45%").is_empty());
}

#[test]
fn speed() {
    // All three extractors on a ~2 KB document. Generous bound for
    // unoptimised test builds on a loaded machine; release is ~50x faster.
    let doc: String = seed("004").chars().take(2048).collect();
    let runs = 20;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(places::extract(&doc));
        std::hint::black_box(dates::extract(&doc));
        std::hint::black_box(figures::extract(&doc));
    }
    let per_doc = start.elapsed() / runs;
    assert!(
        per_doc < std::time::Duration::from_millis(20),
        "{per_doc:?} per 2 KB"
    );
}

/// Pieces that make arbitrary text look like the documents.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,5}",
        "[a-zA-Z]{1,8}",
        "[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]{1,9}",
        "[ ,.;:!?()«»\"'’\\-–—/%№#$\\n\\u{00A0}\\u{202F}\\u{0301}]{1,3}",
        Just("10 000".to_string()),
        Just("more than".to_string()),
        Just("January".to_string()),
        Just("января 2021 года".to_string()),
        Just("жылғы".to_string()),
        Just("қаңтарда".to_string()),
        Just("Алматы облысында".to_string()),
        Just("Alma-Ata".to_string()),
        Just("Abai".to_string()),
        Just("people".to_string()),
        Just("человек".to_string()),
        Just("мыңнан астам адам".to_string()),
        Just("-ден астам".to_string()),
        Just("hundreds".to_string()),
        Just("17-18".to_string()),
        Just("21.03.2018".to_string()),
        Just("2018-02-31".to_string()),
        Just("İ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    // 400 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn spans_hold_on_document_like_text(parts in proptest::collection::vec(piece(), 0..40), seps in proptest::collection::vec(prop_oneof![Just(""), Just(" ")], 40)) {
        let mut text = String::new();
        for (p, s) in parts.iter().zip(seps.iter()) {
            text.push_str(p);
            text.push_str(s);
        }
        prop_assert!(check_all(&text).is_ok(), "{:?}: {:?}", text, check_all(&text));
        let _ = places::is_place_name(&text);
    }

    #[test]
    fn spans_hold_on_any_text(text in any::<String>()) {
        prop_assert!(check_all(&text).is_ok(), "{:?}: {:?}", text, check_all(&text));
        let _ = places::is_place_name(&text);
    }
}
