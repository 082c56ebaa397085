//! The gold files under `gold/` load, and they say what the project knows
//! about who is who.

use kuager_eval::{evaluate, load_gold, GoldMention, PredictedMention};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gold_dir() -> PathBuf {
    root().join("../../gold")
}

fn seeds() -> Vec<GoldMention> {
    load_gold(
        &gold_dir().join("seeds.tsv"),
        &[root().join("../../../shared/seeds")],
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn corpus() -> Vec<GoldMention> {
    load_gold(&gold_dir().join("corpus.tsv"), &[gold_dir().join("corpus")])
        .unwrap_or_else(|e| panic!("{e}"))
}

fn persons(g: &[GoldMention]) -> BTreeSet<&str> {
    g.iter().map(|m| m.person.as_str()).collect()
}

/// The person of the first mention with exactly this text in this file.
fn person_of<'a>(g: &'a [GoldMention], file_prefix: &str, text: &str) -> &'a str {
    g.iter()
        .find(|m| m.source.starts_with(file_prefix) && m.text == text)
        .unwrap_or_else(|| panic!("no gold mention {text:?} in {file_prefix}*"))
        .person
        .as_str()
}

fn no_overlaps(g: &[GoldMention]) {
    let mut by_doc: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for m in g {
        by_doc.entry(&m.source).or_default().push((m.start, m.end));
    }
    for (doc, mut spans) in by_doc {
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlapping gold spans in {doc}: {w:?}");
        }
    }
}

#[test]
fn seeds_load_and_respect_identity_facts() {
    let g = seeds();
    assert!(g.len() > 100, "only {} seed mentions", g.len());
    assert_eq!(g.len(), 137);
    assert_eq!(persons(&g).len(), 116);
    let files: BTreeSet<&str> = g.iter().map(|m| m.source.as_str()).collect();
    assert_eq!(files.len(), 5);
    no_overlaps(&g);

    // 31 PACE signatories in 001.
    let sig_end = "Mr Andreas Sjalg UNNELAND, Norway, UEL";
    let doc =
        std::fs::read_to_string(root().join("../../../shared/seeds/001_5e131a3330f9d714.txt"))
            .unwrap();
    let end = doc[..doc.find(sig_end).unwrap() + sig_end.len()]
        .chars()
        .count();
    let signatories = g
        .iter()
        .filter(|m| m.source.starts_with("001_") && m.end <= end)
        .count();
    assert_eq!(signatories, 31);
    // 37 names in the list of 002 plus 11 in point 7.
    assert_eq!(
        g.iter().filter(|m| m.source.starts_with("002_")).count(),
        48
    );

    let same = [
        (
            ("000", "Bekizhan Mendygaziev"),
            ("001", "Bekizhan Mendygaziyev"),
        ),
        (
            ("000", "Barlyk Mendygaziev"),
            ("003", "Barlyk Mendygaziyev"),
        ),
        (("000", "Aiya Sadvakasova"), ("001", "Aya Sadvakasova")),
        (("000", "Shalip Bekkulov"), ("001", "Shalipa Bekkulova")),
        (
            ("000", "Bakhytzhan Toregozhina"),
            ("004", "Bakhytzhan Toregozhina"),
        ),
        (("000", "Raigul Sadyrbayeva"), ("001", "Raigul Sadyrbayeva")),
        (("001", "Aset Abishev"), ("002", "Asset Abishev")),
        (("002", "Max Bokayev"), ("004", "Maks Bokayev")),
        (("002", "Aron Yedygeyev"), ("004", "Aron Atabek (Edigeev)")),
        (("002", "Larissa Kharkova"), ("002", "Kharkova L.")),
        (("002", "Akhmedyarov L.S."), ("004", "Lukpan Ahmedyarov")),
        (
            ("001", "Iskander Yerimbetov"),
            ("004", "Iskander Yerimbetov"),
        ),
        (("004", "Elena Semenova"), ("004", "Semenova")),
        (("003", "Aigul Utepova"), ("003", "Aigul")),
    ];
    for ((fa, a), (fb, b)) in same {
        assert_eq!(person_of(&g, fa, a), person_of(&g, fb, b), "{a} / {b}");
    }
    let different = [
        (
            ("000", "Barlyk Mendygaziev"),
            ("000", "Bekizhan Mendygaziev"),
        ),
        (("004", "Aset Abishev"), ("004", "Kenzhebek Abishev")),
        (("002", "Alzhanova J."), ("002", "Alzhanov D.")),
        (("004", "Erlan Kaliyev"), ("002", "Kaliyeva D.I.")),
        (
            ("002", "Yerlan Baltabay"),
            ("003", "Baltabay Aduovich Dunbekbayev"),
        ),
        (("001", "Paul GALLES"), ("001", "Paul GAVAN")),
        (("004", "Ablovas Dzhumayev"), ("004", "Aygul Akberdiyeva")),
    ];
    for ((fa, a), (fb, b)) in different {
        assert_ne!(person_of(&g, fa, a), person_of(&g, fb, b), "{a} / {b}");
    }
}

#[test]
fn corpus_loads_and_covers_every_document() {
    let g = corpus();
    no_overlaps(&g);
    assert!(g.len() >= 150, "only {} corpus mentions", g.len());
    assert!(persons(&g).len() >= 35);

    let annotated: BTreeSet<&str> = g.iter().map(|m| m.source.as_str()).collect();
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(gold_dir().join("corpus")).unwrap() {
        on_disk.insert(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(annotated, on_disk, "every corpus document has gold rows");
    assert!(on_disk.len() >= 14);
    for ext in [".txt", ".md", ".html"] {
        assert!(
            on_disk.iter().any(|f| f.ends_with(ext)),
            "no {ext} document"
        );
    }

    // Cross-script identities inside the corpus.
    let same = [
        (
            ("c01", "Bekizhan Mendygaziev"),
            ("c07", "Бекижаном Мендыгазиевым"),
        ),
        (("c01", "Barlyk Mendygaziev"), ("c11", "Мендығазиев Барлық")),
        (("c06", "Арона Атабека"), ("c14", "Aron Atabek")),
        (("c09", "Кушакбаев Н."), ("c12", "Нұрбек Құшақбаевтың")),
        (("c08", "Закирову"), ("c03", "Dinara Zakirova")),
        (
            ("c08", "Бахытжан Торегожиной"),
            ("c14", "Bahytjan Töregojina"),
        ),
        (("c02", "Zhakishev M."), ("c06", "Мухтару Джакишеву")),
        (("c08", "Кенесова"), ("c03", "Daulet Kenesov")),
    ];
    for ((fa, a), (fb, b)) in same {
        assert_eq!(person_of(&g, fa, a), person_of(&g, fb, b), "{a} / {b}");
    }
    let different = [
        (("c05", "Abishev A."), ("c05", "Abishev K.")),
        (("c03", "Daulet Kenesov"), ("c03", "Madina Kenesova")),
        (
            ("c09", "Оспанов Данияр Талгатович"),
            ("c09", "Оспанов Талгат Серикович"),
        ),
        (
            ("c04", "Baltabay"),
            ("c04", "Baltabay Aduovich Dunbekbayev"),
        ),
    ];
    for ((fa, a), (fb, b)) in different {
        assert_ne!(person_of(&g, fa, a), person_of(&g, fb, b), "{a} / {b}");
    }
    // "Кенесова" is the husband (genitive) first and the wife second.
    let kenesova: Vec<&str> = g
        .iter()
        .filter(|m| m.source.starts_with("c08") && m.text == "Кенесова")
        .map(|m| m.person.as_str())
        .collect();
    assert_eq!(kenesova, ["kenesov-daulet", "kenesova-madina"]);
}

#[test]
fn seeds_and_corpus_share_identity_ids() {
    let s = seeds();
    let c = corpus();
    let (ps, pc) = (persons(&s), persons(&c));
    let shared: Vec<&&str> = ps.intersection(&pc).collect();
    for id in [
        "mendygaziev-barlyk",
        "mendygaziev-bekizhan",
        "toregozhina-bakhytzhan",
        "kushakbayev-nurbek",
        "atabek-aron",
        "bokayev-max",
        "abishev-aset",
        "abishev-kenzhebek",
        "dzhakishev-mukhtar",
        "baltabay-yerlan",
        "dunbekbayev-baltabay",
        "akhmedyarov-lukpan",
    ] {
        assert!(shared.contains(&&id), "{id} not in both gold files");
    }
}

#[test]
fn gold_against_itself_is_perfect() {
    let mut g = seeds();
    g.extend(corpus());
    let ids: HashMap<&str, String> = persons(&g)
        .into_iter()
        .enumerate()
        .map(|(i, p)| (p, format!("p{i}")))
        .collect();
    let p: Vec<PredictedMention> = g
        .iter()
        .map(|m| PredictedMention {
            source: m.source.clone(),
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            person: ids[m.person.as_str()].clone(),
        })
        .collect();
    let r = evaluate(&g, &p);
    assert_eq!(r.mentions.f1, 1.0);
    assert_eq!(r.pairs.f1, 1.0);
    assert!(r.pairs.tp > 100);
}
