//! `kuager-gen lists`: every file is read by the importer the linker uses
//! (`kuager_ingest::lists::read_list`) with no row errors and the right
//! columns; the truth covers every record once; the statistics hold; the
//! same seed gives the same bytes.

use kuager_bench::lists::{generate, Config, ListKind, Summary};
use kuager_ingest::lists::{read_list, ColumnMap, ListRead};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kuager-lists-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn make(name: &str, people: usize, seed: u64, lists: usize) -> (PathBuf, Summary) {
    let dir = out_dir(name);
    let s = generate(
        &Config {
            people,
            seed,
            lists,
        },
        &dir,
    )
    .expect("generate");
    (dir, s)
}

fn read(dir: &Path, kind: ListKind) -> ListRead {
    let bytes = std::fs::read(dir.join(kind.file())).expect("read file");
    read_list(kind.file(), &bytes, &ColumnMap::new()).expect("list readable")
}

fn fields(read: &ListRead) -> HashSet<String> {
    read.columns
        .iter()
        .filter(|(f, _)| f != "notes")
        .map(|(f, _)| f.clone())
        .collect()
}

#[test]
fn every_list_is_read_without_row_errors() {
    let (dir, s) = make("read", 3_000, 7, 5);
    let truth = std::fs::read_to_string(dir.join("truth.csv")).expect("truth");
    let mut truth_ids: HashMap<String, String> = HashMap::new();
    for line in truth.lines().skip(1) {
        let (rid, pid) = line.split_once(',').expect("truth line");
        assert!(
            truth_ids.insert(rid.to_string(), pid.to_string()).is_none(),
            "{rid} twice in truth.csv"
        );
    }
    let mut seen = HashSet::new();
    let mut total = 0;
    for kind in ListKind::for_count(5).expect("kinds") {
        let read = read(&dir, kind);
        assert!(
            read.errors.is_empty(),
            "{}: {} row errors, first {}",
            kind.file(),
            read.errors.len(),
            read.errors[0]
        );
        let f = fields(&read);
        let want: &[&str] = match kind {
            ListKind::Official => &["record_id", "full_name", "birth_year", "city", "event_date"],
            ListKind::NgoKk => &[
                "record_id",
                "family_name",
                "given_name",
                "patronymic",
                "birth_year",
                "city",
                "event_date",
                "event_type",
            ],
            ListKind::Abroad => &[
                "record_id",
                "full_name",
                "birth_year",
                "city",
                "event_date",
                "event_type",
            ],
            ListKind::Media => &["record_id", "full_name", "age", "city", "event_date"],
            ListKind::Relatives => &[
                "record_id",
                "family_name",
                "given_name",
                "patronymic",
                "birth_date",
                "city",
                "event_date",
            ],
        };
        let want: HashSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(f, want, "{}: columns {:?}", kind.file(), read.columns);
        let expected_encoding = match kind {
            ListKind::Official => "windows-1251",
            _ => "UTF-8",
        };
        assert_eq!(read.encoding, expected_encoding, "{}", kind.file());
        for r in &read.records {
            assert!(
                truth_ids.contains_key(&r.record_id),
                "{} not in truth",
                r.record_id
            );
            assert!(
                seen.insert(r.record_id.clone()),
                "{} on two rows",
                r.record_id
            );
            assert!(!r.full_name.is_empty());
        }
        total += read.records.len();
    }
    assert_eq!(total, s.records);
    assert_eq!(truth_ids.len(), s.records, "truth covers every record once");
    assert_eq!(seen.len(), truth_ids.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn statistics_hold() {
    let (dir, s) = make("stats", 20_000, 11, 4);
    assert_eq!(s.people_documented, 20_000);
    let per = s.records as f64 / s.people_documented as f64;
    assert!((1.3..=1.8).contains(&per), "{per} records a person");
    assert!(
        s.true_total > s.people_documented,
        "some people are on no list"
    );
    assert!(s.sibling_pairs > 0 && s.twin_pairs > 0 && s.father_son_pairs > 0);
    assert!(s.married_pairs > 0);
    assert!(s.within_list_duplicates > 0);
    assert!(s.conventional_variant_records > 0);
    // Activists are far more often documented than ordinary detainees.
    let rate = |c: usize| s.documented_by_class[c] as f64 / s.true_by_class[c] as f64;
    assert!(
        rate(0) > 0.9 && rate(2) < 0.7,
        "{:?} {:?}",
        s.documented_by_class,
        s.true_by_class
    );

    let official = read(&dir, ListKind::Official);
    let ngo = read(&dir, ListKind::NgoKk);
    let abroad = read(&dir, ListKind::Abroad);
    let media = read(&dir, ListKind::Media);
    let has =
        |r: &ListRead, pred: &dyn Fn(&str) -> bool| r.records.iter().any(|x| pred(&x.full_name));
    // Russian conventional forms and Kazakh letters side by side.
    assert!(has(&official, &|n| n.contains("Юсуп")));
    assert!(ngo
        .records
        .iter()
        .any(|r| r.given.as_deref() == Some("Жүсіп")));
    assert!(ngo
        .records
        .iter()
        .any(|r| r.patronymic.as_deref().is_some_and(|p| p.ends_with("ұлы"))));
    assert!(ngo.records.iter().any(|r| r
        .patronymic
        .as_deref()
        .is_some_and(|p| p.ends_with(" қызы"))));
    // Upper-case surnames first, initials, Russian patronymics.
    assert!(has(&official, &|n| {
        n.split(' ')
            .next()
            .is_some_and(|w| w.chars().count() > 2 && w.chars().all(|c| !c.is_lowercase()))
    }));
    assert!(has(&official, &|n| n.ends_with('.')));
    assert!(has(&official, &|n| n.ends_with("ович") || n.ends_with("овна")));
    // Romanisations.
    for needle in ["Zh", "Yu", "Kh", "Q", "ş", "š", "ü"] {
        assert!(
            has(&abroad, &|n| n.contains(needle)),
            "no {needle} in abroad list"
        );
    }
    // Old city names and missing birth years.
    assert!(official
        .records
        .iter()
        .any(|r| r.city.as_deref() == Some("Нур-Султан")));
    assert!(abroad
        .records
        .iter()
        .any(|r| r.city.as_deref() == Some("Ust-Kamenogorsk")));
    let missing = ngo
        .records
        .iter()
        .filter(|r| r.birth_year.is_none())
        .count();
    let share = missing as f64 / ngo.records.len() as f64;
    assert!((0.2..0.4).contains(&share), "{share} without birth year");
    // January 2022 dominates.
    let jan = official
        .records
        .iter()
        .filter(|r| {
            r.event_date
                .as_deref()
                .is_some_and(|d| d.starts_with("2022-01"))
        })
        .count();
    assert!(jan * 10 > official.records.len() * 7);
    // Media reports give an age in most rows; with a date it is a birth
    // year, which mostly agrees with the official list's for the person.
    let dated_age = media
        .records
        .iter()
        .filter(|r| r.birth_year.is_some())
        .count() as f64
        / media.records.len() as f64;
    assert!((0.35..0.55).contains(&dated_age), "{dated_age} with an age");
    let truth = std::fs::read_to_string(dir.join("truth.csv")).expect("truth");
    let person: HashMap<&str, &str> = truth
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect();
    let official_year: HashMap<&str, i32> = official
        .records
        .iter()
        .filter_map(|r| Some((*person.get(r.record_id.as_str())?, r.birth_year?)))
        .collect();
    let (mut same, mut near, mut compared) = (0, 0, 0);
    for r in &media.records {
        let Some(official) = person
            .get(r.record_id.as_str())
            .and_then(|p| official_year.get(p))
        else {
            continue;
        };
        let Some(year) = r.birth_year else { continue };
        compared += 1;
        same += usize::from(year == *official);
        near += usize::from(year.abs_diff(*official) <= 1);
    }
    assert!(compared > 100, "{compared} media records to compare");
    let share = |n: usize| n as f64 / compared as f64;
    assert!(
        share(same) > 0.75 && share(near) > 0.9,
        "{same} {near} of {compared}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kuager lists import --name` refuses a ':' (it separates list and
/// record in LIST:RECORD), so bench/linkage.sh can import every list
/// under its manifest name.
#[test]
fn list_names_can_be_imported_as_they_are() {
    let (dir, _) = make("names", 500, 3, 5);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    let lists = manifest["lists"].as_array().expect("lists");
    assert_eq!(lists.len(), 5);
    for list in lists {
        let name = list["name"].as_str().expect("name");
        assert!(
            !name.is_empty() && !name.contains(':'),
            "list name {name:?}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn same_seed_same_bytes() {
    let (a, _) = make("det-a", 2_000, 5, 4);
    let (b, _) = make("det-b", 2_000, 5, 4);
    let (c, _) = make("det-c", 2_000, 6, 4);
    for file in [
        "official.csv",
        "ngo_kk.csv",
        "abroad_latin.csv",
        "media.tsv",
        "truth.csv",
        "manifest.json",
    ] {
        let x = std::fs::read(a.join(file)).expect("a");
        let y = std::fs::read(b.join(file)).expect("b");
        assert!(x == y, "{file} differs for the same seed");
        if file != "manifest.json" {
            let z = std::fs::read(c.join(file)).expect("c");
            assert!(x != z, "{file} is the same for another seed");
        }
    }
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}
