//! Identity quality on synthetic data: the register Kuager built
//! (`kuager persons --json`) against `truth.tsv`.
//!
//! Predicted mentions are matched to true ones by file and surface, in
//! order: the k-th predicted "Ерлана Мендыгазиева" of a file is the k-th
//! true one. Mention precision and recall measure extraction; pairwise
//! precision and recall (over matched mentions) measure who-is-who: a pair
//! of mentions is predicted together when Kuager put both under one person,
//! truly together when the truth names one person.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct TruthRow {
    pub file: String,
    pub surface: String,
    pub person: String,
    pub form: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PersonJson {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub mentions: Vec<MentionJson>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MentionJson {
    pub source: String,
    pub text: String,
    pub start: usize,
}

pub fn load_truth(path: &Path) -> anyhow::Result<Vec<TruthRow>> {
    let text = std::fs::read_to_string(path)?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if n == 0 && line.starts_with("file\t") || line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            anyhow::bail!(
                "{}:{}: expected file, surface, person",
                path.display(),
                n + 1
            );
        }
        rows.push(TruthRow {
            file: f[0].to_string(),
            surface: f[1].to_string(),
            person: f[2].to_string(),
            form: f.get(3).unwrap_or(&"").to_string(),
        });
    }
    Ok(rows)
}

pub fn load_persons(path: &Path) -> anyhow::Result<Vec<PersonJson>> {
    let text = std::fs::read_to_string(path)?;
    Ok(serde_json::from_str(&text)?)
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    fn new(tp: u64, predicted: u64, actual: u64) -> Scores {
        let p = if predicted == 0 {
            1.0
        } else {
            tp as f64 / predicted as f64
        };
        let r = if actual == 0 {
            1.0
        } else {
            tp as f64 / actual as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Scores {
            precision: p,
            recall: r,
            f1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FormRecall {
    pub form: String,
    pub truth: usize,
    pub found: usize,
}

/// A predicted person holding several true people (over-merge), or a true
/// person spread over several predicted ones (split).
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub id: String,
    pub parts: usize,
    /// A surface and mention count per part, biggest first.
    pub members: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub truth_mentions: usize,
    pub predicted_mentions: usize,
    pub matched_mentions: usize,
    pub mentions: Scores,
    pub truth_persons: usize,
    pub predicted_persons: usize,
    pub pairs_truth: u64,
    pub pairs_predicted: u64,
    pub pairs_correct: u64,
    pub pairs: Scores,
    /// Pairwise scores over mentions with at least two name parts.
    pub pairs_full_names: Scores,
    /// Mention recall by the way the name was written (base form).
    pub by_form: Vec<FormRecall>,
    /// Mention recall by flag (case, typo, kk-script, kk-spelling, list).
    pub by_flag: Vec<FormRecall>,
    pub merges: Vec<Example>,
    pub splits: Vec<Example>,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

pub fn evaluate(truth: &[TruthRow], persons: &[PersonJson], examples: usize) -> Report {
    // Truth per file, per surface, in order.
    let mut queues: HashMap<(&str, &str), VecDeque<usize>> = HashMap::new();
    for (i, t) in truth.iter().enumerate() {
        queues
            .entry((t.file.as_str(), t.surface.as_str()))
            .or_default()
            .push_back(i);
    }
    let mut predicted: Vec<(&str, usize, &str, usize)> = Vec::new(); // source, start, text, person
    for (pi, p) in persons.iter().enumerate() {
        for m in &p.mentions {
            predicted.push((m.source.as_str(), m.start, m.text.as_str(), pi));
        }
    }
    predicted.sort();
    let mut matched: Vec<Option<usize>> = vec![None; truth.len()]; // truth -> predicted person
    let mut n_matched = 0;
    for &(source, _, text, pi) in &predicted {
        if let Some(q) = queues.get_mut(&(source, text.trim())) {
            if let Some(ti) = q.pop_front() {
                matched[ti] = Some(pi);
                n_matched += 1;
            }
        }
    }
    let mentions = Scores::new(n_matched as u64, predicted.len() as u64, truth.len() as u64);

    // Contingency of matched mentions.
    let mut cells: HashMap<(usize, &str), u64> = HashMap::new();
    let mut pred_sizes: HashMap<usize, u64> = HashMap::new();
    let mut truth_sizes: HashMap<&str, u64> = HashMap::new();
    for (ti, m) in matched.iter().enumerate() {
        if let Some(pi) = *m {
            let tp = truth[ti].person.as_str();
            *cells.entry((pi, tp)).or_default() += 1;
            *pred_sizes.entry(pi).or_default() += 1;
            *truth_sizes.entry(tp).or_default() += 1;
        }
    }
    let pairs_correct: u64 = cells.values().map(|&n| pairs(n)).sum();
    let pairs_predicted: u64 = pred_sizes.values().map(|&n| pairs(n)).sum();
    let pairs_truth: u64 = truth_sizes.values().map(|&n| pairs(n)).sum();
    // The same over mentions that carry more than one name part (not a
    // bare surname or given name), which a resolver can place alone.
    let full_names = {
        let mut cells: HashMap<(usize, &str), u64> = HashMap::new();
        let mut pred: HashMap<usize, u64> = HashMap::new();
        let mut tru: HashMap<&str, u64> = HashMap::new();
        for (ti, m) in matched.iter().enumerate() {
            let base = truth[ti].form.split('+').next().unwrap_or("");
            if base == "surname" || base == "given" {
                continue;
            }
            if let Some(pi) = *m {
                let tp = truth[ti].person.as_str();
                *cells.entry((pi, tp)).or_default() += 1;
                *pred.entry(pi).or_default() += 1;
                *tru.entry(tp).or_default() += 1;
            }
        }
        Scores::new(
            cells.values().map(|&n| pairs(n)).sum(),
            pred.values().map(|&n| pairs(n)).sum(),
            tru.values().map(|&n| pairs(n)).sum(),
        )
    };

    // Recall by form and by flag.
    let mut forms: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut flags: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (ti, t) in truth.iter().enumerate() {
        let found = usize::from(matched[ti].is_some());
        let mut it = t.form.split('+');
        let base = it.next().unwrap_or("").to_string();
        let e = forms.entry(base).or_default();
        e.0 += 1;
        e.1 += found;
        for flag in it {
            let e = flags.entry(flag.to_string()).or_default();
            e.0 += 1;
            e.1 += found;
        }
    }
    let recall_list = |m: BTreeMap<String, (usize, usize)>| -> Vec<FormRecall> {
        m.into_iter()
            .map(|(form, (truth, found))| FormRecall { form, truth, found })
            .collect()
    };

    // Examples: a surface for each (predicted, true) cell.
    let mut cell_surface: HashMap<(usize, &str), &str> = HashMap::new();
    for (ti, m) in matched.iter().enumerate() {
        if let Some(pi) = *m {
            cell_surface
                .entry((pi, truth[ti].person.as_str()))
                .or_insert(truth[ti].surface.as_str());
        }
    }
    let mut by_pred: HashMap<usize, Vec<(&str, u64)>> = HashMap::new();
    let mut by_truth: HashMap<&str, Vec<(usize, u64)>> = HashMap::new();
    for (&(pi, tp), &n) in &cells {
        by_pred.entry(pi).or_default().push((tp, n));
        by_truth.entry(tp).or_default().push((pi, n));
    }
    let mut merges: Vec<Example> = by_pred
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(&pi, v)| {
            let mut v = v.clone();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            Example {
                id: persons[pi].id.clone(),
                parts: v.len(),
                members: v
                    .iter()
                    .take(4)
                    .map(|(tp, n)| (format!("{} [{tp}]", cell_surface[&(pi, *tp)]), *n as usize))
                    .collect(),
            }
        })
        .collect();
    merges.sort_by(|a, b| b.parts.cmp(&a.parts).then(a.id.cmp(&b.id)));
    merges.truncate(examples);
    let mut splits: Vec<Example> = by_truth
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(&tp, v)| {
            let mut v = v.clone();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Example {
                id: tp.to_string(),
                parts: v.len(),
                members: v
                    .iter()
                    .take(4)
                    .map(|(pi, n)| {
                        (
                            format!("{} [{}]", cell_surface[&(*pi, tp)], persons[*pi].id),
                            *n as usize,
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    splits.sort_by(|a, b| b.parts.cmp(&a.parts).then(a.id.cmp(&b.id)));
    splits.truncate(examples);

    Report {
        truth_mentions: truth.len(),
        predicted_mentions: predicted.len(),
        matched_mentions: n_matched,
        mentions,
        truth_persons: truth_sizes.len(),
        predicted_persons: pred_sizes.len(),
        pairs_truth,
        pairs_predicted,
        pairs_correct,
        pairs: Scores::new(pairs_correct, pairs_predicted, pairs_truth),
        pairs_full_names: full_names,
        by_form: recall_list(forms),
        by_flag: recall_list(flags),
        merges,
        splits,
    }
}

pub fn print_report(r: &Report) {
    println!(
        "mentions: truth {}, predicted {}, matched {}",
        r.truth_mentions, r.predicted_mentions, r.matched_mentions
    );
    println!(
        "mention precision {:.3}  recall {:.3}  F1 {:.3}",
        r.mentions.precision, r.mentions.recall, r.mentions.f1
    );
    println!(
        "people (matched mentions): truth {}, predicted {}",
        r.truth_persons, r.predicted_persons
    );
    println!(
        "pairwise precision {:.3}  recall {:.3}  F1 {:.3}  (pairs: truth {}, predicted {}, correct {})",
        r.pairs.precision,
        r.pairs.recall,
        r.pairs.f1,
        r.pairs_truth,
        r.pairs_predicted,
        r.pairs_correct
    );
    println!(
        "pairwise, names with two or more parts only: precision {:.3}  recall {:.3}  F1 {:.3}",
        r.pairs_full_names.precision, r.pairs_full_names.recall, r.pairs_full_names.f1
    );
    for (title, rows) in [("form", &r.by_form), ("flag", &r.by_flag)] {
        println!("mention recall by {title}:");
        for f in rows {
            println!(
                "  {:<20} {:>7} / {:<7} {:.3}",
                f.form,
                f.found,
                f.truth,
                f.found as f64 / f.truth.max(1) as f64
            );
        }
    }
    let show = |title: &str, list: &[Example]| {
        if list.is_empty() {
            return;
        }
        println!("{title}:");
        for e in list {
            let members: Vec<String> = e.members.iter().map(|(s, n)| format!("{s} ×{n}")).collect();
            println!("  {} ({} parts): {}", e.id, e.parts, members.join("; "));
        }
    };
    show(
        "largest over-merges (predicted person: true people)",
        &r.merges,
    );
    show("largest splits (true person: predicted people)", &r.splits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(file: &str, surface: &str, person: &str) -> TruthRow {
        TruthRow {
            file: file.into(),
            surface: surface.into(),
            person: person.into(),
            form: "given-family".into(),
        }
    }

    fn p(id: &str, mentions: &[(&str, &str, usize)]) -> PersonJson {
        PersonJson {
            id: id.into(),
            name: String::new(),
            mentions: mentions
                .iter()
                .map(|(s, text, start)| MentionJson {
                    source: s.to_string(),
                    text: text.to_string(),
                    start: *start,
                })
                .collect(),
        }
    }

    #[test]
    fn pairwise_counts() {
        let truth = vec![
            t("a", "Erlan X", "1"),
            t("a", "X", "1"),
            t("b", "Yerlan X", "1"),
            t("b", "Aigul X", "2"),
        ];
        // Kuager merged Aigul with Erlan and split off "Yerlan X".
        let persons = vec![
            p(
                "k1",
                &[("a", "Erlan X", 0), ("a", "X", 20), ("b", "Aigul X", 30)],
            ),
            p("k2", &[("b", "Yerlan X", 0), ("b", "Bogus", 50)]),
        ];
        let r = evaluate(&truth, &persons, 5);
        assert_eq!(r.matched_mentions, 4);
        assert_eq!(r.predicted_mentions, 5);
        // truth pairs: person 1 has 3 mentions -> 3 pairs.
        assert_eq!(r.pairs_truth, 3);
        // predicted pairs: k1 has 3 matched -> 3, k2 has 1 -> 0.
        assert_eq!(r.pairs_predicted, 3);
        // correct: (Erlan X, X) only.
        assert_eq!(r.pairs_correct, 1);
        assert_eq!(r.merges.len(), 1);
        assert_eq!(r.splits.len(), 1);
    }

    #[test]
    fn repeated_surfaces_match_in_order() {
        let truth = vec![t("a", "X", "1"), t("a", "X", "2")];
        let persons = vec![p("k1", &[("a", "X", 5)]), p("k2", &[("a", "X", 1)])];
        let r = evaluate(&truth, &persons, 5);
        // The earlier predicted X (k2 at 1) is the first true X (person 1).
        assert_eq!(r.matched_mentions, 2);
        assert_eq!(r.pairs_correct, 0);
        assert_eq!(r.pairs_truth, 0);
    }
}
