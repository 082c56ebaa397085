//! Gold annotations and the quality measures of Kuager's extraction and
//! identity resolution.
//!
//! Gold files (`gold/*.tsv`) list person mentions as
//! `file<TAB>surface<TAB>occurrence<TAB>person`: the mention is the
//! `occurrence`-th non-overlapping occurrence of `surface` in the document,
//! and `person` is a gold identity id shared by every mention of the same
//! real person across all documents. [`load_gold`] resolves each row to
//! character offsets; [`predicted_from_persons_json`] reads what
//! `kuager persons --json` prints; [`evaluate`] compares the two:
//!
//! * **mentions** — a predicted mention is correct when its source, start
//!   and end are exactly those of a gold mention;
//! * **pairs** — over the mentions found exactly, every pair of mentions is
//!   a positive in gold when both belong to the same gold person, and a
//!   positive in the prediction when both belong to the same predicted
//!   person. Pairs are counted across documents, so this measures both
//!   within-document and cross-document identity.
//!
//! Ratios whose denominator is zero are 1.0 (nothing claimed, so nothing
//! claimed wrongly; nothing to find, so nothing missed).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How many examples of each error kind [`Report::render`] prints.
pub const RENDER_EXAMPLES: usize = 30;

/// Upper bound on the example pairs kept in [`Report::wrong_merges`] and
/// [`Report::missed_merges`]; the counts in [`Report::pairs`] are exact.
pub const MAX_PAIR_EXAMPLES: usize = 1000;

/// The header line every gold file must start with (after comments).
pub const GOLD_HEADER: [&str; 4] = ["file", "surface", "occurrence", "person"];

/// A person mention from a gold file, resolved to character offsets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GoldMention {
    /// Document file name, without directories.
    pub source: String,
    /// The mention exactly as it stands in the document.
    pub text: String,
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// Gold identity id.
    pub person: String,
}

/// A person mention as the system found and resolved it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PredictedMention {
    pub source: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Id of the predicted person the mention was resolved to.
    pub person: String,
}

/// Why a gold file could not be loaded. Every variant that concerns a row
/// names the gold file, the 1-based line and the field.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{}: cannot read gold file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: expected the header line `file<TAB>surface<TAB>occurrence<TAB>person`, found {found:?}", path.display())]
    Header {
        path: PathBuf,
        line: usize,
        found: String,
    },
    #[error("{}: the file has no header line and no rows", path.display())]
    Empty { path: PathBuf },
    #[error("{}:{line}: expected 4 tab-separated fields (file, surface, occurrence, person), found {found}", path.display())]
    Columns {
        path: PathBuf,
        line: usize,
        found: usize,
    },
    #[error("{}:{line}: field `{field}`: {problem}", path.display())]
    Field {
        path: PathBuf,
        line: usize,
        field: &'static str,
        problem: String,
    },
    #[error("{}:{line}: field `file`: document {document:?} not found in {}", path.display(), list_dirs(dirs))]
    DocumentNotFound {
        path: PathBuf,
        line: usize,
        document: String,
        dirs: Vec<PathBuf>,
    },
    #[error("{}:{line}: field `file`: cannot read document {}: {source}", path.display(), document.display())]
    DocumentRead {
        path: PathBuf,
        line: usize,
        document: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: field `occurrence`: {surface:?} occurs {found} time(s) in {document}, so occurrence {occurrence} does not exist", path.display())]
    NoSuchOccurrence {
        path: PathBuf,
        line: usize,
        document: String,
        surface: String,
        occurrence: usize,
        found: usize,
    },
    #[error("{}:{line}: the same mention ({document} {start}..{end}) was already annotated on line {first_line}", path.display())]
    Duplicate {
        path: PathBuf,
        line: usize,
        document: String,
        start: usize,
        end: usize,
        first_line: usize,
    },
}

fn list_dirs(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        return "(no directories given)".to_string();
    }
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read a gold TSV. Documents are looked up by file name in `doc_dirs`
/// (the first directory that has the file wins) and read as UTF-8;
/// occurrences are resolved to *character* offsets into the file's text.
pub fn load_gold(tsv: &Path, doc_dirs: &[PathBuf]) -> Result<Vec<GoldMention>, GoldError> {
    let content = std::fs::read_to_string(tsv).map_err(|source| GoldError::Read {
        path: tsv.to_path_buf(),
        source,
    })?;
    parse_gold(tsv, &content, |document, line| {
        let Some(found) = doc_dirs
            .iter()
            .map(|d| d.join(document))
            .find(|p| p.is_file())
        else {
            return Err(GoldError::DocumentNotFound {
                path: tsv.to_path_buf(),
                line,
                document: document.to_string(),
                dirs: doc_dirs.to_vec(),
            });
        };
        std::fs::read_to_string(&found).map_err(|source| GoldError::DocumentRead {
            path: tsv.to_path_buf(),
            line,
            document: found,
            source,
        })
    })
}

/// Like [`load_gold`], but the text of each document comes from `text_of`
/// (called once per distinct file name) instead of the raw file. Use it
/// when offsets must refer to the text Kuager extracted from a document
/// (HTML, Markdown, PDF) rather than to its raw bytes: as long as names are
/// not split by markup, surfaces and occurrence numbers stay the same.
pub fn load_gold_with<F>(tsv: &Path, mut text_of: F) -> Result<Vec<GoldMention>, GoldError>
where
    F: FnMut(&str) -> Option<String>,
{
    let content = std::fs::read_to_string(tsv).map_err(|source| GoldError::Read {
        path: tsv.to_path_buf(),
        source,
    })?;
    parse_gold(tsv, &content, |document, line| {
        text_of(document).ok_or_else(|| GoldError::DocumentNotFound {
            path: tsv.to_path_buf(),
            line,
            document: document.to_string(),
            dirs: Vec::new(),
        })
    })
}

/// A document's text with a byte→character offset helper.
struct DocText {
    text: String,
}

impl DocText {
    fn char_offset(&self, byte: usize) -> usize {
        self.text[..byte].chars().count()
    }
}

/// Parse the content of a gold file named `path` (used only in messages).
/// `fetch(document, line)` supplies the text of a document the first time
/// it is named.
pub fn parse_gold<F>(
    path: &Path,
    content: &str,
    mut fetch: F,
) -> Result<Vec<GoldMention>, GoldError>
where
    F: FnMut(&str, usize) -> Result<String, GoldError>,
{
    let mut docs: HashMap<String, DocText> = HashMap::new();
    let mut seen: HashMap<(String, usize, usize), usize> = HashMap::new();
    let mut out = Vec::new();
    let mut header_seen = false;
    let field_err = |line: usize, field: &'static str, problem: String| GoldError::Field {
        path: path.to_path_buf(),
        line,
        field,
        problem,
    };

    for (idx, raw_line) in content.lines().enumerate() {
        let line = idx + 1;
        let row = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let row = if line == 1 {
            row.strip_prefix('\u{feff}').unwrap_or(row)
        } else {
            row
        };
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        if !header_seen {
            if fields != GOLD_HEADER {
                return Err(GoldError::Header {
                    path: path.to_path_buf(),
                    line,
                    found: row.to_string(),
                });
            }
            header_seen = true;
            continue;
        }
        if fields.len() != 4 {
            return Err(GoldError::Columns {
                path: path.to_path_buf(),
                line,
                found: fields.len(),
            });
        }
        let (document, surface, occurrence, person) = (fields[0], fields[1], fields[2], fields[3]);

        if document.is_empty() {
            return Err(field_err(line, "file", "empty".into()));
        }
        if document.contains(['/', '\\']) || document == "." || document == ".." {
            return Err(field_err(
                line,
                "file",
                format!("{document:?} must be a bare file name, without directories"),
            ));
        }
        if surface.is_empty() {
            return Err(field_err(line, "surface", "empty".into()));
        }
        if surface.trim() != surface {
            return Err(field_err(
                line,
                "surface",
                format!("{surface:?} has leading or trailing white space"),
            ));
        }
        let occurrence: usize = match occurrence.parse() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(field_err(
                    line,
                    "occurrence",
                    format!("{occurrence:?} is not a positive integer (occurrences count from 1)"),
                ))
            }
        };
        if !is_slug(person) {
            return Err(field_err(
                line,
                "person",
                format!("{person:?} is not a lower-case slug (a-z, 0-9 and single inner '-')"),
            ));
        }

        if !docs.contains_key(document) {
            let text = fetch(document, line)?;
            docs.insert(document.to_string(), DocText { text });
        }
        let doc = &docs[document];
        let mut found = 0;
        let mut hit = None;
        for (byte, _) in doc.text.match_indices(surface) {
            found += 1;
            if found == occurrence {
                hit = Some(byte);
                break;
            }
        }
        let Some(byte) = hit else {
            return Err(GoldError::NoSuchOccurrence {
                path: path.to_path_buf(),
                line,
                document: document.to_string(),
                surface: surface.to_string(),
                occurrence,
                found,
            });
        };
        let start = doc.char_offset(byte);
        let end = start + surface.chars().count();
        if let Some(&first_line) = seen.get(&(document.to_string(), start, end)) {
            return Err(GoldError::Duplicate {
                path: path.to_path_buf(),
                line,
                document: document.to_string(),
                start,
                end,
                first_line,
            });
        }
        seen.insert((document.to_string(), start, end), line);
        out.push(GoldMention {
            source: document.to_string(),
            text: surface.to_string(),
            start,
            end,
            person: person.to_string(),
        });
    }
    if !header_seen {
        return Err(GoldError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// A gold identity id: lower-case ASCII letters and digits in parts joined
/// by single hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[derive(Deserialize)]
struct JsonPerson {
    id: String,
    #[allow(dead_code)]
    #[serde(default)]
    name: String,
    #[allow(dead_code)]
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    mentions: Vec<JsonMention>,
}

#[derive(Deserialize)]
struct JsonMention {
    source: String,
    text: String,
    start: usize,
    end: usize,
}

/// Parse `kuager persons --json` output: a JSON array of
/// `{"id", "name", "aliases", "mentions": [{"source", "text", "start", "end"}]}`.
/// Every mention becomes a [`PredictedMention`] of the person's id.
pub fn predicted_from_persons_json(json: &str) -> Result<Vec<PredictedMention>, serde_json::Error> {
    let persons: Vec<JsonPerson> = serde_json::from_str(json)?;
    Ok(persons
        .into_iter()
        .flat_map(|p| {
            let id = p.id;
            p.mentions.into_iter().map(move |m| PredictedMention {
                source: m.source,
                text: m.text,
                start: m.start,
                end: m.end,
                person: id.clone(),
            })
        })
        .collect())
}

/// Counts and ratios of one measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    /// Scores from counts; a ratio with a zero denominator is 1.0.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Scores {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                1.0
            } else {
                num as f64 / den as f64
            }
        };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }

    fn line(&self, label: &str) -> String {
        format!(
            "{label:<9} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            self.precision, self.recall, self.f1, self.tp, self.fp, self.fn_
        )
    }
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Exact-span mention detection.
    pub mentions: Scores,
    /// Identity over pairs of exactly matched mentions.
    pub pairs: Scores,
    /// Gold mentions no prediction matched exactly, in document order.
    pub missed: Vec<GoldMention>,
    /// Predicted mentions (from gold sources) that match no gold mention.
    pub spurious: Vec<PredictedMention>,
    /// Example pairs of mentions of *different* gold persons that the
    /// system put into one person: one pair per merged pair of gold
    /// persons, the most damaging first, at most [`MAX_PAIR_EXAMPLES`].
    pub wrong_merges: Vec<(GoldMention, GoldMention)>,
    /// Example pairs of mentions of the *same* gold person that the system
    /// left in different persons: one pair per split, the most damaging
    /// first, at most [`MAX_PAIR_EXAMPLES`].
    pub missed_merges: Vec<(GoldMention, GoldMention)>,
}

fn choose2(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// Groups within one cluster larger than this are examined only through
/// their largest members when picking example pairs.
const MAX_GROUPS_PER_CLUSTER: usize = 50;

/// For every outer cluster, pick one example pair for each pair of distinct
/// inner groups in it. `members` are (outer, inner, gold index) triples.
fn example_pairs(
    members: &[(usize, usize, usize)],
    gold: &[GoldMention],
) -> Vec<(GoldMention, GoldMention)> {
    // outer -> inner -> gold indices (in gold order)
    let mut clusters: BTreeMap<usize, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for &(outer, inner, g) in members {
        clusters
            .entry(outer)
            .or_default()
            .entry(inner)
            .or_default()
            .push(g);
    }
    let mut weighted: Vec<(usize, usize, usize)> = Vec::new(); // (weight, a, b)
    for groups in clusters.values() {
        if groups.len() < 2 {
            continue;
        }
        let mut groups: Vec<&Vec<usize>> = groups.values().collect();
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        groups.truncate(MAX_GROUPS_PER_CLUSTER);
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (groups[i][0], groups[j][0]);
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                weighted.push((groups[i].len() * groups[j].len(), a, b));
            }
        }
    }
    weighted.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    weighted.truncate(MAX_PAIR_EXAMPLES);
    weighted
        .into_iter()
        .map(|(_, a, b)| (gold[a].clone(), gold[b].clone()))
        .collect()
}

/// Compare predicted mentions and identities with gold.
///
/// Only sources present in gold are evaluated; predicted mentions from
/// other sources are ignored. Mentions match on exact (source, start, end).
/// If a gold span is listed twice, the second copy counts as a gold mention
/// of its own; if a span is predicted twice, only the first prediction can
/// match and the second is spurious.
pub fn evaluate(gold: &[GoldMention], predicted: &[PredictedMention]) -> Report {
    let sources: BTreeSet<&str> = gold.iter().map(|g| g.source.as_str()).collect();
    let mut gold_at: HashMap<(&str, usize, usize), Vec<usize>> = HashMap::new();
    for (i, g) in gold.iter().enumerate() {
        gold_at
            .entry((g.source.as_str(), g.start, g.end))
            .or_default()
            .push(i);
    }
    let mut matched_pred: Vec<Option<usize>> = vec![None; gold.len()];
    let mut spurious = Vec::new();
    for (pi, p) in predicted.iter().enumerate() {
        if !sources.contains(p.source.as_str()) {
            continue;
        }
        let slot = gold_at
            .get(&(p.source.as_str(), p.start, p.end))
            .and_then(|gs| gs.iter().copied().find(|&g| matched_pred[g].is_none()));
        match slot {
            Some(g) => matched_pred[g] = Some(pi),
            None => spurious.push(p.clone()),
        }
    }
    let mut missed: Vec<GoldMention> = gold
        .iter()
        .zip(&matched_pred)
        .filter(|(_, m)| m.is_none())
        .map(|(g, _)| g.clone())
        .collect();
    let tp = gold.len() - missed.len();
    let mentions = Scores::from_counts(tp, spurious.len(), missed.len());
    missed.sort_by(|a, b| (&a.source, a.start, a.end).cmp(&(&b.source, b.start, b.end)));
    spurious.sort_by(|a, b| (&a.source, a.start, a.end).cmp(&(&b.source, b.start, b.end)));

    // Intern person ids so clusters can be counted by integers.
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let mut pred_ids: HashMap<&str, usize> = HashMap::new();
    // (gold person, predicted person, gold index) for every matched mention
    let mut members: Vec<(usize, usize, usize)> = Vec::new();
    for (g, m) in matched_pred.iter().enumerate() {
        let Some(pi) = m else { continue };
        let n = gold_ids.len();
        let gid = *gold_ids.entry(gold[g].person.as_str()).or_insert(n);
        let n = pred_ids.len();
        let pid = *pred_ids.entry(predicted[*pi].person.as_str()).or_insert(n);
        members.push((gid, pid, g));
    }
    let mut gold_sizes: HashMap<usize, usize> = HashMap::new();
    let mut pred_sizes: HashMap<usize, usize> = HashMap::new();
    let mut cell_sizes: HashMap<(usize, usize), usize> = HashMap::new();
    for &(gid, pid, _) in &members {
        *gold_sizes.entry(gid).or_default() += 1;
        *pred_sizes.entry(pid).or_default() += 1;
        *cell_sizes.entry((gid, pid)).or_default() += 1;
    }
    let both: usize = cell_sizes.values().map(|&n| choose2(n)).sum();
    let gold_pos: usize = gold_sizes.values().map(|&n| choose2(n)).sum();
    let pred_pos: usize = pred_sizes.values().map(|&n| choose2(n)).sum();
    let pairs = Scores::from_counts(both, pred_pos - both, gold_pos - both);

    // Wrong merges: inside a predicted cluster, different gold persons.
    let by_pred: Vec<(usize, usize, usize)> =
        members.iter().map(|&(gid, pid, g)| (pid, gid, g)).collect();
    let wrong_merges = example_pairs(&by_pred, gold);
    // Missed merges: inside a gold person, different predicted clusters.
    let missed_merges = example_pairs(&members, gold);

    Report {
        mentions,
        pairs,
        missed,
        spurious,
        wrong_merges,
        missed_merges,
    }
}

fn show_gold(g: &GoldMention) -> String {
    format!(
        "{} [{}..{}] {:?} ({})",
        g.source, g.start, g.end, g.text, g.person
    )
}

impl Report {
    /// A readable summary: the two score lines, then up to
    /// [`RENDER_EXAMPLES`] examples of each kind of error.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.mentions.line("mentions"));
        let _ = writeln!(out, "{}", self.pairs.line("pairs"));

        let heading = |out: &mut String, title: &str, shown: usize, total: usize| {
            if total == 0 {
                return;
            }
            let _ = writeln!(out);
            if shown < total {
                let _ = writeln!(out, "{title} (first {shown} of {total}):");
            } else {
                let _ = writeln!(out, "{title} ({total}):");
            }
        };

        let n = self.missed.len().min(RENDER_EXAMPLES);
        heading(&mut out, "missed mentions", n, self.missed.len());
        for g in &self.missed[..n] {
            let _ = writeln!(out, "  {}", show_gold(g));
        }

        let n = self.spurious.len().min(RENDER_EXAMPLES);
        heading(&mut out, "spurious mentions", n, self.spurious.len());
        for p in &self.spurious[..n] {
            let _ = writeln!(
                out,
                "  {} [{}..{}] {:?} (predicted {})",
                p.source, p.start, p.end, p.text, p.person
            );
        }

        let n = self.wrong_merges.len().min(RENDER_EXAMPLES);
        heading(
            &mut out,
            "wrong merges: different people put together",
            n,
            self.wrong_merges.len(),
        );
        for (a, b) in &self.wrong_merges[..n] {
            let _ = writeln!(out, "  {}\n    + {}", show_gold(a), show_gold(b));
        }

        let n = self.missed_merges.len().min(RENDER_EXAMPLES);
        heading(
            &mut out,
            "missed merges: one person left apart",
            n,
            self.missed_merges.len(),
        );
        for (a, b) in &self.missed_merges[..n] {
            let _ = writeln!(out, "  {}\n    | {}", show_gold(a), show_gold(b));
        }
        out
    }
}

#[cfg(test)]
mod tests;
