use super::*;

fn gold(source: &str, start: usize, end: usize, person: &str) -> GoldMention {
    GoldMention {
        source: source.into(),
        text: format!("m{start}"),
        start,
        end,
        person: person.into(),
    }
}

fn pred(source: &str, start: usize, end: usize, person: &str) -> PredictedMention {
    PredictedMention {
        source: source.into(),
        text: format!("m{start}"),
        start,
        end,
        person: person.into(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Four mentions in two documents: brothers Barlyk (3 mentions) and
/// Bekizhan (1 mention). Gold positive pairs: C(3,2) = 3.
fn brothers() -> Vec<GoldMention> {
    vec![
        gold("a.txt", 0, 5, "barlyk"),
        gold("a.txt", 10, 15, "bekizhan"),
        gold("a.txt", 20, 25, "barlyk"),
        gold("b.txt", 0, 5, "barlyk"),
    ]
}

#[test]
fn perfect_prediction() {
    let g = brothers();
    let p: Vec<PredictedMention> = g
        .iter()
        .map(|m| pred(&m.source, m.start, m.end, &format!("p-{}", m.person)))
        .collect();
    let r = evaluate(&g, &p);
    assert_eq!((r.mentions.tp, r.mentions.fp, r.mentions.fn_), (4, 0, 0));
    assert!(close(r.mentions.f1, 1.0));
    assert_eq!((r.pairs.tp, r.pairs.fp, r.pairs.fn_), (3, 0, 0));
    assert!(close(r.pairs.precision, 1.0) && close(r.pairs.recall, 1.0));
    assert!(r.missed.is_empty() && r.spurious.is_empty());
    assert!(r.wrong_merges.is_empty() && r.missed_merges.is_empty());
}

#[test]
fn one_missed_mention() {
    let g = brothers();
    // The third Barlyk mention (b.txt) is not found; a span off by one
    // character is spurious, not a match.
    let p = vec![
        pred("a.txt", 0, 5, "x"),
        pred("a.txt", 10, 15, "y"),
        pred("a.txt", 20, 25, "x"),
        pred("b.txt", 0, 6, "x"),
    ];
    let r = evaluate(&g, &p);
    assert_eq!((r.mentions.tp, r.mentions.fp, r.mentions.fn_), (3, 1, 1));
    assert!(close(r.mentions.precision, 0.75));
    assert!(close(r.mentions.recall, 0.75));
    assert!(close(r.mentions.f1, 0.75));
    assert_eq!(r.missed, vec![gold("b.txt", 0, 5, "barlyk")]);
    assert_eq!(r.spurious, vec![pred("b.txt", 0, 6, "x")]);
    // Pairs are counted over matched mentions only: one Barlyk pair left.
    assert_eq!((r.pairs.tp, r.pairs.fp, r.pairs.fn_), (1, 0, 0));
}

#[test]
fn one_wrong_merge() {
    let g = brothers();
    // Everything found, but Bekizhan is merged into Barlyk.
    let p: Vec<PredictedMention> = g
        .iter()
        .map(|m| pred(&m.source, m.start, m.end, "mendygaziev"))
        .collect();
    let r = evaluate(&g, &p);
    assert!(close(r.mentions.f1, 1.0));
    // Predicted pairs C(4,2) = 6, of which 3 are right.
    assert_eq!((r.pairs.tp, r.pairs.fp, r.pairs.fn_), (3, 3, 0));
    assert!(close(r.pairs.precision, 0.5));
    assert!(close(r.pairs.recall, 1.0));
    assert!(close(r.pairs.f1, 2.0 / 3.0));
    assert_eq!(r.wrong_merges.len(), 1);
    let (a, b) = &r.wrong_merges[0];
    let mut people = [a.person.as_str(), b.person.as_str()];
    people.sort();
    assert_eq!(people, ["barlyk", "bekizhan"]);
    assert!(r.missed_merges.is_empty());
}

#[test]
fn one_missed_merge() {
    let g = brothers();
    // The b.txt mention of Barlyk is left as a person of its own.
    let p = vec![
        pred("a.txt", 0, 5, "x"),
        pred("a.txt", 10, 15, "y"),
        pred("a.txt", 20, 25, "x"),
        pred("b.txt", 0, 5, "z"),
    ];
    let r = evaluate(&g, &p);
    assert_eq!((r.pairs.tp, r.pairs.fp, r.pairs.fn_), (1, 0, 2));
    assert!(close(r.pairs.precision, 1.0));
    assert!(close(r.pairs.recall, 1.0 / 3.0));
    assert!(close(r.pairs.f1, 0.5));
    assert!(r.wrong_merges.is_empty());
    assert_eq!(r.missed_merges.len(), 1);
    let (a, b) = &r.missed_merges[0];
    assert_eq!((a.person.as_str(), b.person.as_str()), ("barlyk", "barlyk"));
    assert!(a.source == "b.txt" || b.source == "b.txt");
}

#[test]
fn other_sources_and_duplicates_are_handled() {
    let g = brothers();
    let mut p: Vec<PredictedMention> = g
        .iter()
        .map(|m| pred(&m.source, m.start, m.end, &m.person))
        .collect();
    p.push(pred("not-in-gold.txt", 0, 5, "barlyk"));
    p.push(pred("a.txt", 0, 5, "barlyk"));
    let r = evaluate(&g, &p);
    assert_eq!((r.mentions.tp, r.mentions.fp, r.mentions.fn_), (4, 1, 0));
    assert_eq!(r.spurious.len(), 1);
    assert_eq!(r.spurious[0].source, "a.txt");
}

#[test]
fn empty_inputs() {
    let r = evaluate(&[], &[]);
    assert!(close(r.mentions.f1, 1.0) && close(r.pairs.f1, 1.0));
    let r = evaluate(&brothers(), &[]);
    assert_eq!(r.mentions.fn_, 4);
    assert!(close(r.mentions.recall, 0.0) && close(r.mentions.f1, 0.0));
}

#[test]
fn pair_counts_match_brute_force() {
    // Three gold people over 9 mentions; predictions both split and merge.
    let gp = ["a", "a", "a", "b", "b", "c", "c", "c", "c"];
    let pp = ["1", "1", "2", "2", "2", "3", "3", "1", "4"];
    let g: Vec<GoldMention> = gp
        .iter()
        .enumerate()
        .map(|(i, p)| gold("d.txt", i * 10, i * 10 + 3, p))
        .collect();
    let p: Vec<PredictedMention> = pp
        .iter()
        .enumerate()
        .map(|(i, p)| pred("d.txt", i * 10, i * 10 + 3, p))
        .collect();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for i in 0..gp.len() {
        for j in i + 1..gp.len() {
            match (gp[i] == gp[j], pp[i] == pp[j]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    let r = evaluate(&g, &p);
    assert_eq!((r.pairs.tp, r.pairs.fp, r.pairs.fn_), (tp, fp, fn_));
}

#[test]
fn render_lists_errors() {
    let g = brothers();
    let p = vec![
        pred("a.txt", 0, 5, "x"),
        pred("a.txt", 10, 15, "x"),
        pred("b.txt", 0, 5, "z"),
        pred("b.txt", 30, 33, "w"),
    ];
    let text = evaluate(&g, &p).render();
    assert!(text.starts_with("mentions  P "), "{text}");
    assert!(text.contains("\npairs     P "), "{text}");
    assert!(text.contains("missed mentions (1):"), "{text}");
    assert!(text.contains("spurious mentions (1):"), "{text}");
    assert!(text.contains("wrong merges"), "{text}");
    assert!(text.contains("missed merges"), "{text}");
    assert!(text.contains("a.txt [20..25]"), "{text}");
}

#[test]
fn persons_json_is_flattened() {
    let json = r#"[
        {"id": "p1", "name": "Barlyk Mendygaziev", "aliases": ["Mendygaziyev"],
         "mentions": [{"source": "a.txt", "text": "Barlyk Mendygaziev", "start": 11, "end": 29},
                      {"source": "b.txt", "text": "Мендыгазиев", "start": 0, "end": 11}]},
        {"id": "p2", "name": "Bekizhan Mendygaziev", "aliases": [], "mentions": []}
    ]"#;
    let p = predicted_from_persons_json(json).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0], {
        let mut m = pred("a.txt", 11, 29, "p1");
        m.text = "Barlyk Mendygaziev".into();
        m
    });
    assert_eq!(p[1].person, "p1");
    assert_eq!(p[1].text, "Мендыгазиев");
    assert!(predicted_from_persons_json("{\"id\": 1}").is_err());
}

// ---- load_gold -------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("kuager-eval-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const DOC: &str = "Құқық қорғаушы Бахытжан Төрегожина. Төрегожина айтты. Bakhytzhan Toregozhina.";

#[test]
fn load_gold_resolves_character_offsets() {
    let dir = TempDir::new("ok");
    let docs = dir.0.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("kk.txt"), DOC).unwrap();
    let tsv = dir.write(
        "g.tsv",
        "# comment\nfile\tsurface\toccurrence\tperson\r\n\
         kk.txt\tБахытжан Төрегожина\t1\ttoregozhina-bakhytzhan\n\
         # the lone surname: occurrence 1 is inside the full name\n\
         kk.txt\tТөрегожина\t2\ttoregozhina-bakhytzhan\n\
         \n\
         kk.txt\tBakhytzhan Toregozhina\t1\ttoregozhina-bakhytzhan\n",
    );
    let g = load_gold(&tsv, &[dir.0.join("missing"), docs]).unwrap();
    assert_eq!(g.len(), 3);
    let chars: Vec<char> = DOC.chars().collect();
    for m in &g {
        let s: String = chars[m.start..m.end].iter().collect();
        assert_eq!(s, m.text);
    }
    assert_eq!((g[0].start, g[0].end), (15, 34));
    assert_eq!((g[1].start, g[1].end), (36, 46));
}

fn load_err(name: &str, rows: &str) -> String {
    let dir = TempDir::new(name);
    dir.write("kk.txt", DOC);
    let tsv = dir.write(
        "gold.tsv",
        &format!("file\tsurface\toccurrence\tperson\n{rows}"),
    );
    let err = load_gold(&tsv, std::slice::from_ref(&dir.0)).unwrap_err();
    err.to_string()
}

#[test]
fn error_bad_occurrence() {
    let msg = load_err(
        "occ",
        "kk.txt\tТөрегожина\t1\tt\nkk.txt\tТөрегожина\t3\ttoregozhina-bakhytzhan\n",
    );
    assert!(msg.contains("gold.tsv:3:"), "{msg}");
    assert!(msg.contains("field `occurrence`"), "{msg}");
    assert!(msg.contains("occurs 2 time(s) in kk.txt"), "{msg}");
    assert!(msg.contains("occurrence 3 does not exist"), "{msg}");

    let msg = load_err("occ0", "kk.txt\tТөрегожина\t0\tt\n");
    assert!(msg.contains("gold.tsv:2: field `occurrence`"), "{msg}");
    assert!(msg.contains("positive integer"), "{msg}");

    let msg = load_err("occx", "kk.txt\tТөрегожина\tfirst\tt\n");
    assert!(msg.contains("gold.tsv:2: field `occurrence`"), "{msg}");
}

#[test]
fn error_missing_document() {
    let msg = load_err("nofile", "kk.txt\tТөрегожина\t1\tt\nnope.txt\tX\t1\tt\n");
    assert!(msg.contains("gold.tsv:3: field `file`"), "{msg}");
    assert!(msg.contains("\"nope.txt\" not found"), "{msg}");

    let msg = load_err("dirname", "seeds/kk.txt\tX\t1\tt\n");
    assert!(msg.contains("gold.tsv:2: field `file`"), "{msg}");
    assert!(msg.contains("without directories"), "{msg}");
}

#[test]
fn error_missing_gold_file() {
    let err = load_gold(Path::new("/nonexistent/kuager/gold.tsv"), &[]).unwrap_err();
    assert!(matches!(err, GoldError::Read { .. }));
    assert!(err.to_string().contains("/nonexistent/kuager/gold.tsv"));
}

#[test]
fn error_wrong_column_count() {
    let msg = load_err("cols3", "kk.txt\tТөрегожина\t1\n");
    assert!(msg.contains("gold.tsv:2:"), "{msg}");
    assert!(msg.contains("expected 4 tab-separated fields"), "{msg}");
    assert!(msg.contains("found 3"), "{msg}");

    let msg = load_err("cols5", "kk.txt\tТөрегожина\t1\tt\textra\n");
    assert!(msg.contains("found 5"), "{msg}");
}

#[test]
fn error_header_person_and_duplicates() {
    let dir = TempDir::new("header");
    dir.write("kk.txt", DOC);
    let tsv = dir.write("h.tsv", "kk.txt\tТөрегожина\t1\tt\n");
    let msg = load_gold(&tsv, std::slice::from_ref(&dir.0))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("h.tsv:1: expected the header line"), "{msg}");

    let msg = load_err("slug", "kk.txt\tТөрегожина\t1\tToregozhina B\n");
    assert!(msg.contains("gold.tsv:2: field `person`"), "{msg}");

    let msg = load_err("empty", "kk.txt\t\t1\tt\n");
    assert!(msg.contains("gold.tsv:2: field `surface`: empty"), "{msg}");

    let msg = load_err(
        "dup",
        "kk.txt\tТөрегожина\t2\tt\nkk.txt\tТөрегожина\t2\tt\n",
    );
    assert!(msg.contains("gold.tsv:3: the same mention"), "{msg}");
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn load_gold_with_uses_supplied_text() {
    let dir = TempDir::new("with");
    let tsv = dir.write(
        "g.tsv",
        "file\tsurface\toccurrence\tperson\nx.html\tАрон Атабек\t1\tatabek-aron\n",
    );
    let g = load_gold_with(&tsv, |name| {
        (name == "x.html").then(|| "Ақын Арон Атабек.".to_string())
    })
    .unwrap();
    assert_eq!((g[0].start, g[0].end), (5, 16));
    let err = load_gold_with(&tsv, |_| None).unwrap_err().to_string();
    assert!(err.contains("g.tsv:2: field `file`"), "{err}");
}
