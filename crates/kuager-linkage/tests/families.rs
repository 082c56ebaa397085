//! Linkage on a small population built to hold every trap the issue
//! names: scripts and romanisations, conventional forms, initials, renamed
//! cities, siblings, twins, a father and son, namesakes, human decisions.

use kuager_linkage::{link, InputRecord, LinkOptions, PairDecision, Silent, REGISTER_LIST};
use std::collections::HashMap;

struct Row<'a> {
    list: &'a str,
    id: &'a str,
    name: &'a str,
    year: Option<i32>,
    city: Option<&'a str>,
    date: Option<&'a str>,
    /// The true person.
    person: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    let r = |list, id, name, year, city, date, person| Row {
        list,
        id,
        name,
        year,
        city,
        date,
        person,
    };
    vec![
        // Brothers Barlyk and Bekizhan, same patronymic, city, day.
        r(
            "official",
            "o1",
            "МЕНДЫГАЗИЕВ Барлык Тулегенович",
            Some(1975),
            Some("Нур-Султан"),
            Some("2022-01-05"),
            "barlyk",
        ),
        r(
            "official",
            "o2",
            "МЕНДЫГАЗИЕВ Бекижан Тулегенович",
            Some(1977),
            Some("Нур-Султан"),
            Some("2022-01-05"),
            "bekizhan",
        ),
        r(
            "abroad",
            "a1",
            "Barlyk Mendygaziyev",
            Some(1975),
            Some("Astana"),
            Some("2022-01-05"),
            "barlyk",
        ),
        r(
            "abroad",
            "a2",
            "Bekizhan Mendygaziev",
            Some(1977),
            Some("Nur-Sultan"),
            Some("2022-01-05"),
            "bekizhan",
        ),
        r(
            "ngo",
            "n1",
            "Бекижан Төлегенұлы Мендығазиев",
            Some(1977),
            Some("Астана"),
            Some("2022-01-05"),
            "bekizhan",
        ),
        // Initials only: must join one brother or none, never chain both.
        r(
            "media",
            "m1",
            "Мендыгазиев Б.Т.",
            None,
            Some("Астана"),
            Some("2022-01-05"),
            "barlyk",
        ),
        // Twins: same year, patronymic, city, day; different given names.
        r(
            "official",
            "o3",
            "АБИШЕВ Асет Кенжебекович",
            Some(1990),
            Some("Капчагай"),
            Some("2022-01-06"),
            "aset",
        ),
        r(
            "official",
            "o4",
            "АБИШЕВ Асан Кенжебекович",
            Some(1990),
            Some("Капчагай"),
            Some("2022-01-06"),
            "asan",
        ),
        r(
            "ngo",
            "n2",
            "Әсет Кенжебекұлы Әбішев",
            Some(1990),
            Some("Қонаев"),
            Some("2022-01-06"),
            "aset",
        ),
        r(
            "abroad",
            "a3",
            "Asan Abishev",
            Some(1990),
            Some("Kapchagay"),
            None,
            "asan",
        ),
        // Their father, whose given name is their patronymic.
        r(
            "official",
            "o5",
            "АБИШЕВ Кенжебек Сапарович",
            Some(1962),
            Some("Капчагай"),
            Some("2022-01-06"),
            "kenzhebek",
        ),
        r(
            "abroad",
            "a4",
            "Kenzhebek Abishev",
            Some(1962),
            Some("Konaev"),
            Some("2022-01-06"),
            "kenzhebek",
        ),
        // Conventional forms: Жүсіп on the Kazakh list, Юсуп on the Russian.
        r(
            "ngo",
            "n3",
            "Жүсіп Ахметұлы Сейітов",
            Some(1985),
            Some("Өскемен"),
            Some("2022-01-07"),
            "zhusip",
        ),
        r(
            "official",
            "o6",
            "СЕИТОВ Юсуп Ахметович",
            Some(1986),
            Some("Усть-Каменогорск"),
            Some("2022-01-07"),
            "zhusip",
        ),
        r(
            "abroad",
            "a5",
            "Yusup Seitov",
            None,
            Some("Oskemen"),
            None,
            "zhusip",
        ),
        // A sister: same family, female forms.
        r(
            "official",
            "o7",
            "СЕИТОВА Айгуль Ахметовна",
            Some(1988),
            Some("Усть-Каменогорск"),
            Some("2022-01-07"),
            "aigul",
        ),
        r(
            "ngo",
            "n4",
            "Айгүл Ахметқызы Сейітова",
            Some(1988),
            Some("Өскемен"),
            None,
            "aigul",
        ),
        // Namesakes: same full name, different birth years and cities.
        r(
            "official",
            "o8",
            "ЖУМАБЕКОВ Нурлан Серикович",
            Some(1970),
            Some("Алматы"),
            Some("2022-01-05"),
            "nurlan70",
        ),
        r(
            "abroad",
            "a6",
            "Nurlan Zhumabekov",
            Some(1970),
            Some("Almaty"),
            Some("2022-01-05"),
            "nurlan70",
        ),
        r(
            "official",
            "o9",
            "ЖУМАБЕКОВ Нурлан Маратович",
            Some(1995),
            Some("Шымкент"),
            Some("2022-01-08"),
            "nurlan95",
        ),
        r(
            "abroad",
            "a7",
            "Nurlan Zhumabekov",
            Some(1995),
            Some("Shymkent"),
            Some("2022-01-08"),
            "nurlan95",
        ),
        // A typo in the surname, a one-year birth error.
        r(
            "official",
            "o10",
            "ТОРЕГОЖИНА Бахытжан Кайратовна",
            Some(1968),
            Some("Алматы"),
            None,
            "bakhytzhan",
        ),
        r(
            "abroad",
            "a8",
            "Bakhytzhan Toregozhina",
            Some(1969),
            Some("Almaty"),
            None,
            "bakhytzhan",
        ),
        r(
            "media",
            "m2",
            "Бахытжан Торегожинна",
            None,
            Some("Алматы"),
            None,
            "bakhytzhan",
        ),
    ]
}

fn records(rows: &[Row]) -> Vec<InputRecord> {
    rows.iter()
        .map(|r| InputRecord {
            list: r.list.into(),
            record_id: r.id.into(),
            full_name: r.name.into(),
            birth_year: r.year,
            city: r.city.map(str::to_string),
            event_date: r.date.map(str::to_string),
            ..InputRecord::default()
        })
        .collect()
}

fn small_options() -> LinkOptions {
    LinkOptions {
        u_sample: 50_000,
        ..LinkOptions::default()
    }
}

/// person of each record's cluster, by record id
fn assignment(recs: &[InputRecord], decisions: &[PairDecision]) -> HashMap<String, String> {
    let linkage = link(recs, decisions, &small_options(), &Silent).expect("links");
    let mut out = HashMap::new();
    for c in &linkage.clusters {
        for &i in &c.records {
            out.insert(recs[i].record_id.clone(), c.person.clone());
        }
    }
    out
}

#[test]
fn relatives_stay_apart_and_spellings_meet() {
    let rows = rows();
    let recs = records(&rows);
    let got = assignment(&recs, &[]);
    let truth: HashMap<&str, &str> = rows.iter().map(|r| (r.id, r.person)).collect();
    // Never two true people in one cluster (no chaining of relatives).
    let mut people_of_cluster: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &rows {
        people_of_cluster
            .entry(got[r.id].as_str())
            .or_default()
            .push(truth[r.id]);
    }
    for (cluster, people) in &people_of_cluster {
        let first = people[0];
        assert!(
            people.iter().all(|p| *p == first),
            "cluster {cluster} mixes {people:?}"
        );
    }
    // The spellings of one person meet.
    for (a, b) in [
        ("o1", "a1"),
        ("o2", "a2"),
        ("a2", "n1"),
        ("o3", "n2"),
        ("o4", "a3"),
        ("o5", "a4"),
        ("n3", "o6"),
        ("o6", "a5"),
        ("o7", "n4"),
        ("o8", "a6"),
        ("o9", "a7"),
        ("o10", "a8"),
    ] {
        assert_eq!(got[a], got[b], "{a} and {b} are one person");
    }
    assert_ne!(got["o8"], got["o9"], "namesakes");
}

#[test]
fn a_distinct_decision_is_a_hard_constraint() {
    let rows = rows();
    let recs = records(&rows);
    let before = assignment(&recs, &[]);
    assert_eq!(before["o8"], before["a6"]);
    let decision = PairDecision {
        a: ("official".into(), "o8".into()),
        b: ("abroad".into(), "a6".into()),
        same: false,
    };
    let after = assignment(&recs, &[decision]);
    assert_ne!(after["o8"], after["a6"]);
    // Other links are untouched.
    assert_eq!(after["o9"], after["a7"]);
}

#[test]
fn a_same_decision_merges_whatever_the_scores() {
    let rows = rows();
    let recs = records(&rows);
    let decision = PairDecision {
        a: ("official".into(), "o10".into()),
        b: ("official".into(), "o9".into()),
        same: true,
    };
    let got = assignment(&recs, &[decision]);
    assert_eq!(got["o10"], got["o9"]);
}

#[test]
fn register_people_anchor_their_clusters() {
    let rows = rows();
    let mut recs = records(&rows);
    recs.push(InputRecord {
        list: REGISTER_LIST.into(),
        record_id: "p0123456789".into(),
        full_name: "Bekizhan Mendygaziyev".into(),
        ..InputRecord::default()
    });
    recs.push(InputRecord {
        list: REGISTER_LIST.into(),
        record_id: "p9876543210".into(),
        full_name: "Barlyk Mendygaziev".into(),
        ..InputRecord::default()
    });
    let got = assignment(&recs, &[]);
    assert_eq!(got["o2"], "p0123456789");
    assert_eq!(got["a2"], "p0123456789");
    assert_eq!(got["o1"], "p9876543210");
}

#[test]
fn every_record_is_in_exactly_one_cluster() {
    let recs = records(&rows());
    let linkage = link(&recs, &[], &small_options(), &Silent).expect("links");
    let mut seen = vec![0; recs.len()];
    for c in &linkage.clusters {
        for &i in &c.records {
            seen[i] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    // Deterministic.
    let again = link(&recs, &[], &small_options(), &Silent).expect("links");
    assert_eq!(linkage.clusters, again.clusters);
}

#[test]
fn a_duplicate_on_one_list_may_merge_but_a_namesake_there_may_not() {
    let rec = |list: &str, id: &str, name: &str, year: i32, city: &str, date: &str| InputRecord {
        list: list.into(),
        record_id: id.into(),
        full_name: name.into(),
        birth_year: Some(year),
        city: Some(city.into()),
        event_date: Some(date.into()),
        ..InputRecord::default()
    };
    let mut recs = vec![
        // The NGO wrote Ерболат twice (two reports of one detention).
        rec(
            "ngo",
            "n1",
            "Ерболат Серікұлы Қайырбеков",
            1988,
            "Тараз",
            "2022-01-06",
        ),
        rec(
            "ngo",
            "n2",
            "Ерболат Серікұлы Қайырбеков",
            1988,
            "Тараз",
            "2022-01-06",
        ),
        rec(
            "official",
            "o1",
            "КАЙЫРБЕКОВ Ерболат Серикович",
            1988,
            "Тараз",
            "2022-01-06",
        ),
        // A namesake on the official list: other father, other year.
        rec(
            "official",
            "o2",
            "КАЙЫРБЕКОВ Ерболат Маратович",
            1971,
            "Тараз",
            "2022-01-06",
        ),
        // His brother: same surname, patronymic, city and day.
        rec(
            "official",
            "o3",
            "КАЙЫРБЕКОВ Нурлан Серикович",
            1991,
            "Тараз",
            "2022-01-06",
        ),
    ];
    // Strangers, so the parameters have something to learn from.
    for i in 0..60 {
        recs.push(rec(
            if i % 2 == 0 { "ngo" } else { "official" },
            &format!("s{i}"),
            &format!(
                "{} {}",
                ["Марат", "Асхат", "Данияр", "Ерлан", "Бауыржан"][i % 5],
                [
                    "Ахметов",
                    "Омаров",
                    "Серикбаев",
                    "Жумабаев",
                    "Нурланов",
                    "Касымов",
                    "Исаев"
                ][i % 7]
            ),
            1960 + (i as i32 % 40),
            ["Алматы", "Шымкент", "Актобе"][i % 3],
            "2022-01-05",
        ));
    }
    let got = assignment(&recs, &[]);
    assert_eq!(got["n1"], got["n2"], "the duplicate merges");
    assert_eq!(got["n1"], got["o1"]);
    assert_ne!(got["o1"], got["o2"], "the namesake stays apart");
    assert_ne!(got["o1"], got["o3"], "the brother stays apart");
}
