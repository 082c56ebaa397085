//! Links the lists of a `kuager-gen lists` directory in memory (no
//! database) and scores the result against its truth.csv: the quick loop
//! for tuning the linker. `kuager link` does the same through the store.
//!
//!     cargo run --release -p kuager-linkage --example link_lists -- DIR

use kuager_ingest::lists::{read_list, ColumnMap};
use kuager_linkage::{link, pairwise, InputRecord, LinkOptions, Silent};
use std::collections::HashMap;
use std::time::Instant;

/// Prints how long each stage took (with STAGES=1).
struct Stages {
    started: Instant,
    last: std::sync::Mutex<(String, f64)>,
}

impl kuager_linkage::Progress for Stages {
    fn stage(&self, name: &str, _total: u64) {
        let now = self.started.elapsed().as_secs_f64();
        if let Ok(mut last) = self.last.lock() {
            if !last.0.is_empty() {
                eprintln!("  {:<24} {:6.2} s", last.0, now - last.1);
            }
            *last = (name.to_string(), now);
        }
    }
    fn advance(&self, _: u64) {}
}

impl Drop for Stages {
    fn drop(&mut self) {
        kuager_linkage::Progress::stage(self, "", 0);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(words) = std::env::var("KEYS") {
        // The transliteration keys of some words, for checking folds.
        for w in words.split(',') {
            let k = kuager_names::translit::key(w);
            println!(
                "{w} -> {k} -> {}",
                kuager_names::conventional::canonical_given(&k)
            );
        }
        return Ok(());
    }
    let dir = std::env::args().nth(1).ok_or("usage: link_lists DIR")?;
    let dir = std::path::Path::new(&dir);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json"))?)?;
    let mut records = Vec::new();
    let started = Instant::now();
    for list in manifest["lists"].as_array().ok_or("manifest: no lists")? {
        let file = list["file"].as_str().ok_or("manifest: list without file")?;
        let bytes = std::fs::read(dir.join(file))?;
        let read = read_list(file, &bytes, &ColumnMap::new())?;
        for r in read.records {
            records.push(InputRecord {
                list: file.to_string(),
                record_id: r.record_id,
                full_name: r.full_name,
                given: r.given,
                family: r.family,
                patronymic: r.patronymic,
                birth_year: r.birth_year,
                city: r.city,
                event_date: r.event_date,
                // As `kuager link` reads them when no --event-type was
                // given at import: a list's default is not the record's.
                event_type: r.event_type,
            });
        }
    }
    eprintln!(
        "read {} records in {:.1} s",
        records.len(),
        started.elapsed().as_secs_f64()
    );
    let truth: HashMap<String, String> = std::fs::read_to_string(dir.join("truth.csv"))?
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.split_once(',')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .collect();
    let started = Instant::now();
    // MERGE_AT fixes the threshold; without it the linker chooses.
    let fixed: Option<f64> = std::env::var("MERGE_AT").ok().and_then(|v| v.parse().ok());
    let merge_at = fixed.unwrap_or(LinkOptions::default().merge_at);
    let max_block = std::env::var("MAX_BLOCK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(LinkOptions::default().max_block);
    let options = LinkOptions {
        merge_at,
        auto_merge: fixed.is_none(),
        max_block,
        ..LinkOptions::default()
    };
    let linkage = if std::env::var("STAGES").is_ok() {
        let stages = Stages {
            started: Instant::now(),
            last: std::sync::Mutex::new((String::new(), 0.0)),
        };
        link(&records, &[], &options, &stages)?
    } else {
        link(&records, &[], &options, &Silent)?
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Ok(path) = std::env::var("OUT") {
        // list,record_id,cluster for analysis outside.
        let mut out = String::from("list,record_id,cluster\n");
        for (c, cl) in linkage.clusters.iter().enumerate() {
            for &i in &cl.records {
                out.push_str(&format!(
                    "{},{},{c}\n",
                    records[i].list, records[i].record_id
                ));
            }
        }
        std::fs::write(path, out)?;
    }
    let score = pairwise(linkage.clusters.iter().map(|c| {
        c.records
            .iter()
            .map(|&i| truth.get(&records[i].record_id).map(String::as_str))
            .collect::<Vec<_>>()
    }));
    println!(
        "{}",
        serde_json::json!({"seconds": seconds, "stats": linkage.stats, "score": score, "lambda": linkage.parameters.lambda})
    );
    // Each record's cluster, and each true person's records, for the
    // analyses below.
    let mut cluster_of = vec![0usize; records.len()];
    for (c, cl) in linkage.clusters.iter().enumerate() {
        for &i in &cl.records {
            cluster_of[i] = c;
        }
    }
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(p) = truth.get(&r.record_id) {
            by_person.entry(p).or_default().push(i);
        }
    }
    if std::env::var("MISSED").is_ok() {
        // True pairs left apart: are they candidates, and how did they score?
        let prepared = kuager_linkage::prepare::prepare(&records, &Silent);
        let blocked = kuager_linkage::block::candidate_pairs(&prepared, options.max_block, &Silent);
        let cand: std::collections::HashSet<(u32, u32)> = blocked.pairs.iter().copied().collect();
        let (mut not_cand, mut shown) = (0, 0);
        let mut bands: HashMap<(&str, bool), usize> = HashMap::new();
        for members in by_person.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if cluster_of[i] == cluster_of[j] {
                        continue;
                    }
                    let (a, b) = (i.min(j) as u32, i.max(j) as u32);
                    let is_cand = cand.contains(&(a, b));
                    if !is_cand {
                        not_cand += 1;
                    }
                    let band = {
                        let (fa, fb) = (
                            &prepared.features[a as usize],
                            &prepared.features[b as usize],
                        );
                        let v = kuager_linkage::compare::compare(&prepared, fa, fb);
                        let pr = linkage.parameters.probability(&prepared, &v, fa, fb);
                        let band = if !is_cand {
                            "not-candidate"
                        } else if pr < options.review_at {
                            "below-review"
                        } else if pr < options.merge_at {
                            "review-band"
                        } else {
                            "above-merge"
                        };
                        let same_list = fa.list == fb.list;
                        *bands.entry((band, same_list)).or_insert(0usize) += 1;
                        band
                    };
                    if std::env::var("BAND").is_ok_and(|b| b != band) {
                        continue;
                    }
                    if shown
                        < std::env::var("SHOW")
                            .ok()
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(60)
                    {
                        shown += 1;
                        let (fa, fb) = (
                            &prepared.features[a as usize],
                            &prepared.features[b as usize],
                        );
                        let v = kuager_linkage::compare::compare(&prepared, fa, fb);
                        let pr = linkage.parameters.probability(&prepared, &v, fa, fb);
                        let show = |r: &InputRecord| {
                            format!(
                                "{} | {:?} | {:?} | {:?}",
                                r.full_name, r.birth_year, r.city, r.event_date
                            )
                        };
                        println!(
                            "cand={is_cand} p={pr:.3} v={v:?}\n   {}\n   {}",
                            show(&records[a as usize]),
                            show(&records[b as usize])
                        );
                    }
                }
            }
        }
        println!("missed pairs not candidates: {not_cand}");
        let mut bands: Vec<_> = bands.into_iter().collect();
        bands.sort();
        println!("missed pairs by (band, same list): {bands:?}");
    }
    if std::env::var("CITIES").is_ok() {
        // Place texts of one person's records that the gazetteer reads as
        // different places, commonest first.
        let prepared = kuager_linkage::prepare::prepare(&records, &Silent);
        let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Some(p) = truth.get(&r.record_id) {
                by_person.entry(p).or_default().push(i);
            }
        }
        let mut differ: HashMap<(String, String), usize> = HashMap::new();
        for members in by_person.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    let (fa, fb) = (&prepared.features[i], &prepared.features[j]);
                    let v = kuager_linkage::compare::compare(&prepared, fa, fb);
                    if v[kuager_linkage::Field::City as usize] == 3 {
                        let mut pair = [
                            records[i].city.clone().unwrap_or_default(),
                            records[j].city.clone().unwrap_or_default(),
                        ];
                        pair.sort();
                        let [a, b] = pair;
                        *differ.entry((a, b)).or_default() += 1;
                    }
                }
            }
        }
        let mut differ: Vec<_> = differ.into_iter().collect();
        differ.sort_by_key(|d| std::cmp::Reverse(d.1));
        for ((a, b), n) in differ.iter().take(60) {
            println!("CITY {n} {a} | {b}");
        }
    }
    if let Ok(reason) = std::env::var("REFUSED") {
        // Review pairs of one person refused for REFUSED (or "" for all).
        let mut shown = 0;
        for r in &linkage.review {
            let (a, b) = (&records[r.a], &records[r.b]);
            let same = truth.contains_key(&a.record_id)
                && truth.get(&a.record_id) == truth.get(&b.record_id);
            if !same
                || !r.refused.as_deref().unwrap_or("").contains(&reason)
                || shown
                    >= std::env::var("SHOW")
                        .ok()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(40)
            {
                continue;
            }
            shown += 1;
            println!("REFUSED p={:.3} {:?}", r.probability, r.refused);
            for x in [a, b] {
                println!(
                    "   {} | {} | {:?} | {:?} | {:?}",
                    x.list, x.full_name, x.birth_year, x.city, x.event_date
                );
            }
        }
    }
    if let Ok(needle) = std::env::var("TRACE") {
        // The clusters of the records whose name holds TRACE, whole.
        for cl in &linkage.clusters {
            if cl
                .records
                .iter()
                .any(|&i| records[i].full_name.contains(&needle))
            {
                println!("CLUSTER");
                for &i in &cl.records {
                    let r = &records[i];
                    println!(
                        "   {} {} | {} | {:?} | {:?} | {:?} | person {:?}",
                        r.list,
                        r.record_id,
                        r.full_name,
                        r.birth_year,
                        r.city,
                        r.event_date,
                        truth.get(&r.record_id)
                    );
                }
            }
        }
    }
    if std::env::var("IDENT").is_ok() {
        identifiability(&records, &truth, &cluster_of, &linkage.parameters);
    }
    if std::env::var("GAP").is_ok() {
        // Where the errors are: true pairs left apart and false pairs put
        // together, by their final probability (after priors and rivals)
        // or as not scored / joined only through other records.
        let (scored, _) = final_scores(&records, &options, &linkage.parameters);
        let final_p: HashMap<(u32, u32), f32> = scored
            .iter()
            .map(|&(p, i, j)| ((i.min(j), i.max(j)), p))
            .collect();
        let merge_at = linkage.stats.merge_at as f32;
        let band = |p: Option<&f32>| match p {
            None => "unscored",
            Some(&p) if p < 0.15 => "<0.15",
            Some(&p) if p < merge_at => "review",
            Some(_) => ">=merge",
        };
        let short = |i: usize| records[i].list.chars().take(3).collect::<String>();
        let mut missed: HashMap<(String, &str), usize> = HashMap::new();
        for members in by_person.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if cluster_of[i] != cluster_of[j] {
                        let key = (i.min(j) as u32, i.max(j) as u32);
                        let lists = format!("{}-{}", short(key.0 as usize), short(key.1 as usize));
                        *missed.entry((lists, band(final_p.get(&key)))).or_default() += 1;
                    }
                }
            }
        }
        let mut wrong: HashMap<(String, &str), usize> = HashMap::new();
        for cl in &linkage.clusters {
            for (x, &i) in cl.records.iter().enumerate() {
                for &j in &cl.records[x + 1..] {
                    if truth.get(&records[i].record_id) != truth.get(&records[j].record_id) {
                        let key = (i.min(j) as u32, i.max(j) as u32);
                        let lists = format!("{}-{}", short(key.0 as usize), short(key.1 as usize));
                        let b = match final_p.get(&key) {
                            Some(&p) if p >= merge_at => "direct",
                            Some(_) => "indirect (scored lower)",
                            None => "indirect (unscored)",
                        };
                        *wrong.entry((lists, b)).or_default() += 1;
                    }
                }
            }
        }
        let mut refusals: HashMap<(String, bool), usize> = HashMap::new();
        for r in &linkage.review {
            let same = truth.get(&records[r.a].record_id) == truth.get(&records[r.b].record_id);
            let reason = r.refused.clone().unwrap_or_else(|| "uncertain".into());
            *refusals.entry((reason, same)).or_default() += 1;
        }
        let mut rows: Vec<_> = refusals.into_iter().collect();
        rows.sort();
        for ((reason, same), n) in rows {
            println!("review {reason} (true pair: {same}): {n}");
        }
        for (name, table) in [("missed", missed), ("wrong", wrong)] {
            let mut rows: Vec<_> = table.into_iter().collect();
            rows.sort();
            for ((lists, b), n) in rows {
                println!("{name} {lists} {b}: {n}");
            }
        }
    }
    if let Ok(path) = std::env::var("PAIRS") {
        // a,b,probability of every pair kept after rivals are weighed.
        let (scored, _) = final_scores(&records, &options, &linkage.parameters);
        let mut out = String::from("a,b,p\n");
        for &(p, i, j) in &scored {
            out.push_str(&format!(
                "{},{},{p}\n",
                records[i as usize].record_id, records[j as usize].record_id
            ));
        }
        std::fs::write(&path, out)?;
    }
    if std::env::var("CALIB").is_ok() {
        // Calibration: among the scored pairs, how many are true matches per
        // probability band? (Pairs below the review threshold are not kept.)
        let (scored, compared) = final_scores(&records, &options, &linkage.parameters);
        let mut bands = [(0usize, 0usize); 10];
        let mut false_shown = 0;
        let show_false: usize = std::env::var("FALSE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        for &(p, i, j) in &scored {
            let (a, b) = (&records[i as usize], &records[j as usize]);
            if p >= 0.9
                && false_shown < show_false
                && truth.get(&a.record_id) != truth.get(&b.record_id)
            {
                false_shown += 1;
                println!("FALSE p={p:.3}");
                for x in [a, b] {
                    println!(
                        "   {} | {} | {:?} | {:?} | {:?} | {:?}",
                        x.list,
                        x.full_name,
                        x.birth_year,
                        x.city,
                        x.event_date,
                        truth.get(&x.record_id)
                    );
                }
            }
            let b = ((p * 10.0) as usize).min(9);
            bands[b].0 += 1;
            let same = truth.get(&records[i as usize].record_id)
                == truth.get(&records[j as usize].record_id);
            if same {
                bands[b].1 += 1;
            }
        }
        println!("compared {compared}, scored >= 0.01: {}", scored.len());
        for (b, (n, t)) in bands.iter().enumerate() {
            println!(
                "p {:.1}-{:.1}: {n} pairs, {t} true ({:.3})",
                b as f64 / 10.0,
                (b + 1) as f64 / 10.0,
                *t as f64 / (*n).max(1) as f64
            );
        }
    }
    if std::env::var("ESTIMATE").is_ok() {
        // Capture histories of the linked people, then every estimator;
        // then the same from the true people, which tells the linkage's
        // share of an estimate's error from the models'.
        let mut lists: Vec<String> = records.iter().map(|r| r.list.clone()).collect();
        lists.sort();
        lists.dedup();
        let list_bit = |i: usize| {
            1u32 << lists
                .iter()
                .position(|l| *l == records[i].list)
                .unwrap_or(0)
        };
        let linked: Vec<u32> = linkage
            .clusters
            .iter()
            .map(|c| c.records.iter().fold(0, |m, &i| m | list_bit(i)))
            .collect();
        let mut true_masks: HashMap<&str, u32> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Some(p) = truth.get(&r.record_id) {
                *true_masks.entry(p).or_default() |= list_bit(i);
            }
        }
        let true_masks: Vec<u32> = true_masks.into_values().collect();
        for (what, masks) in [("linked", &linked), ("true people", &true_masks)] {
            let mut h = kuager_estimate::CaptureHistories::new(lists.clone())?;
            let mut counts: HashMap<u32, u64> = HashMap::new();
            for &mask in masks {
                *counts.entry(mask).or_default() += 1;
            }
            for (mask, n) in counts {
                h.add(mask, n)?;
            }
            println!(
                "{what}: documented {} (true total {})",
                h.documented(),
                manifest["true_total"]
            );
            for e in kuager_estimate::estimate_all(&h, 1) {
                match e {
                    Ok(e) => println!(
                        "  {} {}: {:.0} ({:.0}-{:.0})",
                        e.method, e.model, e.estimate, e.lower, e.upper
                    ),
                    Err(e) => println!("  not estimated: {e}"),
                }
            }
        }
    }
    let mut reasons: HashMap<&str, usize> = HashMap::new();
    for r in &linkage.review {
        *reasons
            .entry(r.refused.as_deref().unwrap_or("uncertain"))
            .or_default() += 1;
    }
    eprintln!("review: {reasons:?}");
    if std::env::var("PARAMS").is_ok() {
        println!("m {:?}\nu {:?}", linkage.parameters.m, linkage.parameters.u);
    }
    Ok(())
}

/// How many true pairs could be told apart at all: a pair (a, b) has a
/// rival when another person's record on b's list carries exactly b's
/// values on every field that both a and b give (or the same on a's side).
/// Such a pair is a guess among look-alikes whatever the linker does.
/// The candidate pairs scoring at least 0.01, with their final
/// probabilities as the linker computes them (priors per pair of lists,
/// then rivals), and how many pairs were compared.
fn final_scores(
    records: &[InputRecord],
    options: &LinkOptions,
    params: &kuager_linkage::Parameters,
) -> (Vec<(f32, u32, u32)>, usize) {
    let prepared = kuager_linkage::prepare::prepare(records, &Silent);
    let blocks = kuager_linkage::block::Blocks::new(
        &prepared,
        kuager_linkage::block::RULES,
        options.max_block,
    );
    let low = LinkOptions {
        review_at: 0.01,
        ..options.clone()
    };
    let (mut scored, compared) = kuager_linkage::cluster::score(&prepared, &blocks, params, &low);
    kuager_linkage::cluster::list_priors(&prepared, &mut scored, params.lambda, 10);
    kuager_linkage::cluster::compete(&prepared, &mut scored);
    (scored, compared)
}

fn identifiability(
    records: &[InputRecord],
    truth: &HashMap<String, String>,
    cluster_of: &[usize],
    params: &kuager_linkage::Parameters,
) {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let prepared = kuager_linkage::prepare::prepare(records, &Silent);
    let f = &prepared.features;
    let values = |x: &kuager_linkage::prepare::Features| -> [u64; 7] {
        [
            u64::from(x.family[0]),
            if x.given != 0 {
                u64::from(x.given)
            } else if x.given_initial != '\0' {
                (1 << 40) + u64::from(x.given_initial)
            } else {
                0
            },
            u64::from(x.patronymic),
            x.birth_year as u64,
            u64::from(x.city),
            if x.date_precision == kuager_linkage::prepare::DatePrecision::None {
                0
            } else {
                (x.date as i64 + 1_000_000) as u64
            },
            u64::from(x.event_type),
        ]
    };
    let vals: Vec<[u64; 7]> = f.iter().map(values).collect();
    let present = |v: &[u64; 7]| -> u8 {
        v.iter()
            .enumerate()
            .fold(0u8, |m, (i, x)| if *x != 0 { m | 1 << i } else { m })
    };
    let key = |list: u16, mask: u8, v: &[u64; 7]| -> u64 {
        let mut h = DefaultHasher::new();
        (list, mask).hash(&mut h);
        for (i, x) in v.iter().enumerate() {
            if mask & (1 << i) != 0 {
                x.hash(&mut h);
            }
        }
        h.finish()
    };
    let person: Vec<&str> = records
        .iter()
        .map(|r| truth.get(&r.record_id).map(String::as_str).unwrap_or(""))
        .collect();
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in person.iter().enumerate() {
        by_person.entry(p).or_default().push(i);
    }
    // The (list, mask) combinations the true pairs need.
    let mut pairs = Vec::new();
    let mut needed: std::collections::HashSet<(u16, u8)> = Default::default();
    for members in by_person.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let mask = present(&vals[i]) & present(&vals[j]);
                needed.insert((f[j].list, mask));
                needed.insert((f[i].list, mask));
                pairs.push((i, j, mask));
            }
        }
    }
    let mut members: HashMap<u64, Vec<u32>> = HashMap::new();
    let masks: Vec<(u16, u8)> = needed.into_iter().collect();
    for (c, v) in vals.iter().enumerate() {
        let pc = present(v);
        for &(list, mask) in &masks {
            if list == f[c].list && pc & mask == mask {
                members
                    .entry(key(list, mask, v))
                    .or_default()
                    .push(c as u32);
            }
        }
    }
    // Rivals of `target` as the partner of `other`: another person's
    // records on target's list with target's values on the shared fields.
    // Strict ones also agree with `other` on every field they and other
    // give beyond those, so nothing tells them from target.
    let rivals_of = |target: usize, other: usize, mask: u8| -> (u32, u32) {
        let k = key(f[target].list, mask, &vals[target]);
        let (mut loose, mut strict) = (0, 0);
        for &c in members.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
            let c = c as usize;
            if person[c] == person[target] {
                continue;
            }
            loose += 1;
            let beyond = present(&vals[c]) & present(&vals[other]) & !mask;
            if (0..7).all(|b| beyond & (1 << b) == 0 || vals[c][b] == vals[other][b]) {
                strict += 1;
            }
        }
        (loose, strict)
    };
    let mut hist = [0usize; 5];
    let mut found = [0usize; 5];
    let mut missed_band = [0usize; 5];
    let show: usize = std::env::var("SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut shown = 0;
    let mut by_mask: HashMap<u8, usize> = HashMap::new();
    let mut pairs_by_rivals: std::collections::BTreeMap<u32, usize> = Default::default();
    let mut pairs_by_strict_rivals: std::collections::BTreeMap<u32, usize> = Default::default();
    for &(i, j, mask) in &pairs {
        let (loose_j, strict_j) = rivals_of(j, i, mask);
        let (loose_i, strict_i) = rivals_of(i, j, mask);
        let r = loose_j.max(loose_i);
        *pairs_by_rivals.entry(r).or_default() += 1;
        *pairs_by_strict_rivals
            .entry(strict_j.max(strict_i))
            .or_default() += 1;
        let b = match r {
            0 => 0,
            1 => 1,
            2..=4 => 2,
            5..=20 => 3,
            _ => 4,
        };
        hist[b] += 1;
        if cluster_of[i] == cluster_of[j] {
            found[b] += 1;
        } else if r == 0 {
            let v = kuager_linkage::compare::compare(&prepared, &f[i], &f[j]);
            let pr = params.probability(&prepared, &v, &f[i], &f[j]);
            let band = match pr {
                x if x < 0.01 => 0,
                x if x < 0.15 => 1,
                x if x < 0.3 => 2,
                x if x < 0.9 => 3,
                _ => 4,
            };
            missed_band[band] += 1;
            let min_band: usize = std::env::var("MIN_BAND")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(3);
            if shown >= show || band < min_band {
                continue;
            }
            shown += 1;
            println!("p={pr:.3} v={v:?}");
            let line = |k: usize| {
                let x = &records[k];
                format!(
                    "{} | {} | {:?} | {:?} | {:?} | {:?}",
                    x.list,
                    x.full_name,
                    x.birth_year,
                    x.city,
                    x.event_date,
                    (&x.given, &x.family, &x.patronymic)
                )
            };
            println!("MISSED\n   {}\n   {}", line(i), line(j));
        }
        if r > 0 {
            *by_mask.entry(mask).or_default() += 1;
        }
    }
    let mut by_mask: Vec<(u8, usize)> = by_mask.into_iter().collect();
    by_mask.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!(
        "pairs with rivals by shared fields (family given patronymic year city date): {:?}",
        by_mask
            .iter()
            .take(8)
            .map(|(m, n)| (format!("{m:06b}").chars().rev().collect::<String>(), *n))
            .collect::<Vec<_>>()
    );
    let total = pairs.len().max(1) as f64;
    println!("missed rival-free pairs by raw probability (<0.01, <0.15, <0.3, <0.9, >=0.9): {missed_band:?}");
    println!(
        "recall by rivals (0, 1, 2-4, 5-20, >20): {:?}",
        hist.iter()
            .zip(&found)
            .map(|(h, f)| format!("{:.3}", *f as f64 / (*h).max(1) as f64))
            .collect::<Vec<_>>()
    );
    println!(
        "true pairs {}: rivals 0: {:.3}, 1: {:.3}, 2-4: {:.3}, 5-20: {:.3}, >20: {:.3}",
        pairs.len(),
        hist[0] as f64 / total,
        hist[1] as f64 / total,
        hist[2] as f64 / total,
        hist[3] as f64 / total,
        hist[4] as f64 / total
    );
    let (k, f1) = best_f1_among_look_alikes(&pairs_by_rivals);
    println!(
        "bound: a linker that finds every rival-free pair, guesses where a pair has at most {k} rivals and abstains beyond: F1 {f1:.4}"
    );
    let strict_free = pairs_by_strict_rivals.get(&0).copied().unwrap_or(0) as f64 / total;
    let (k, f1) = best_f1_among_look_alikes(&pairs_by_strict_rivals);
    println!(
        "the same with strict rivals (nothing either record gives tells them apart; {strict_free:.3} of true pairs have none): at most {k} rivals, F1 {f1:.4}"
    );
}

/// The best expected pairwise F1 of a linker that links every rival-free
/// true pair without a false one and, for a pair with r look-alike rivals,
/// either guesses (right with chance 1/(r+1), otherwise one false pair) or
/// abstains; the cut-off in r is chosen to maximise F1. It is a bound for
/// decisions made pair by pair on the fields both records give: a third
/// record of the same person can tell look-alikes apart, so a linker may
/// beat it by as much as such chains help, which this does not measure.
fn best_f1_among_look_alikes(
    pairs_by_rivals: &std::collections::BTreeMap<u32, usize>,
) -> (u32, f64) {
    let total: usize = pairs_by_rivals.values().sum();
    let mut best = (0, 0.0);
    let (mut true_found, mut false_made) = (0.0, 0.0);
    for (&r, &n) in pairs_by_rivals {
        let n = n as f64;
        true_found += n / f64::from(r + 1);
        false_made += n * f64::from(r) / f64::from(r + 1);
        let missed = total as f64 - true_found;
        let f1 = 2.0 * true_found / (2.0 * true_found + false_made + missed);
        if f1 > best.1 {
            best = (r, f1);
        }
    }
    best
}
