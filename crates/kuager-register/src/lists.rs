//! External lists: import, linkage with each other and with the register,
//! human decisions about record pairs, and the estimate of how many people
//! no list shows (multiple systems estimation).
//!
//! The matching is `kuager-linkage`, the statistics `kuager-estimate`; this
//! module reads and writes the store around them, for the command line and
//! the web app alike.

use crate::{RegisterError, Result};
use kuager_estimate::{CaptureHistories, Estimate};
use kuager_ingest::lists::{read_list, ColumnMap, RowError};
use kuager_linkage::{InputRecord, LinkOptions, LinkStats, PairDecision, Progress, REGISTER_LIST};
use kuager_store::lists::{LinkAssignment, LinkReviewRow, LinkRun, ListImport, ListRow, NewList};
use kuager_store::Store;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// How a list is imported.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub name: String,
    pub compiled_by: Option<String>,
    pub as_of: Option<String>,
    pub event_type: Option<String>,
    /// `field=Header` entries.
    pub columns: Vec<String>,
    pub replace: bool,
}

/// What an import did, and the rows it could not read.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub outcome: ListImport,
    pub records: usize,
    pub row_errors: Vec<RowError>,
    pub columns: Vec<(String, String)>,
    pub encoding: String,
}

/// Reads a list file and imports what it could read; rows it could not
/// read are reported, not imported, and do not stop the rest.
pub async fn import_list(
    store: &Store,
    actor: Option<i64>,
    file_name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportReport> {
    if options.name.contains(':') {
        return Err(RegisterError::BadList {
            file: file_name.into(),
            reason: format!(
                "list name {:?} contains ':', which separates list and record in LIST:RECORD",
                options.name
            ),
        });
    }
    let map = ColumnMap::parse(options.columns.iter().map(String::as_str)).map_err(|e| {
        RegisterError::BadList {
            file: file_name.into(),
            reason: e.to_string(),
        }
    })?;
    let read = read_list(file_name, bytes, &map).map_err(|e| RegisterError::BadList {
        file: file_name.into(),
        reason: e.to_string(),
    })?;
    let rows: Vec<ListRow> = read
        .records
        .iter()
        .map(|r| ListRow {
            record_id: r.record_id.clone(),
            row_number: i64::try_from(r.row).unwrap_or(i64::MAX),
            full_name: r.full_name.clone(),
            given: r.given.clone(),
            family: r.family.clone(),
            patronymic: r.patronymic.clone(),
            birth_year: r.birth_year.map(i64::from),
            birth_date: r.birth_date.clone(),
            city: r.city.clone(),
            event_date: r.event_date.clone(),
            event_type: r.event_type.clone(),
            notes: r.notes.clone(),
        })
        .collect();
    let list = NewList {
        name: options.name.clone(),
        compiled_by: options.compiled_by.clone().unwrap_or_default(),
        as_of: options.as_of.clone(),
        event_type: options
            .event_type
            .as_deref()
            .map(kuager_ingest::lists::event_type_code),
        file_name: file_name.to_string(),
        file_sha256: hex::encode(Sha256::digest(bytes)),
        encoding: read.encoding.clone(),
        columns: read.columns.clone(),
    };
    let outcome = store
        .import_list(actor, &list, &rows, options.replace)
        .await?;
    Ok(ImportReport {
        outcome,
        records: rows.len(),
        row_errors: read.errors,
        columns: read.columns,
        encoding: read.encoding,
    })
}

/// A record named `LIST:RECORD_ID` on the command line or in a form.
pub fn parse_record(spec: &str) -> Result<(String, String)> {
    match spec.split_once(':') {
        Some((list, record)) if !list.is_empty() && !record.is_empty() => {
            Ok((list.to_string(), record.to_string()))
        }
        _ => Err(RegisterError::RecordSyntax { spec: spec.into() }),
    }
}

/// Records a human decision about two records.
pub async fn decide_link(
    store: &Store,
    actor: Option<i64>,
    a: &str,
    b: &str,
    same: bool,
) -> Result<i64> {
    let (a, b) = (parse_record(a)?, parse_record(b)?);
    Ok(store
        .add_link_decision(actor, (&a.0, &a.1), (&b.0, &b.1), same)
        .await?)
}

/// One person of a linkage, as `kuager link --json` prints it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkedRecord {
    pub list: String,
    pub record_id: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkedPerson {
    pub person: String,
    pub in_register: bool,
    pub records: Vec<LinkedRecord>,
}

/// What a linkage run found.
#[derive(Debug, Clone)]
pub struct LinkSummary {
    pub people: Vec<LinkedPerson>,
    pub stats: LinkStats,
    pub run: i64,
}

/// Everything linkage reads: the records of every list, the register's
/// people, the decisions.
async fn linkage_input(store: &Store) -> Result<(Vec<InputRecord>, Vec<PairDecision>)> {
    let mut records: Vec<InputRecord> = store
        .linkage_records()
        .await?
        .into_iter()
        .map(|(list, r)| InputRecord {
            list,
            record_id: r.record_id,
            full_name: r.full_name,
            given: r.given,
            family: r.family,
            patronymic: r.patronymic,
            birth_year: r.birth_year.and_then(|y| i32::try_from(y).ok()),
            city: r.city,
            event_date: r.event_date,
            event_type: r.event_type,
        })
        .collect();
    for person in store.persons().await? {
        records.push(InputRecord {
            list: REGISTER_LIST.into(),
            record_id: person.id,
            full_name: person.name,
            ..InputRecord::default()
        });
    }
    let decisions = store
        .link_decisions()
        .await?
        .into_iter()
        .map(|d| PairDecision {
            a: d.a,
            b: d.b,
            same: d.same,
        })
        .collect();
    Ok((records, decisions))
}

/// Links every imported record with each other and with the register, and
/// stores the result (replacing the previous one).
pub async fn link(
    store: &Store,
    options: &LinkOptions,
    progress: std::sync::Arc<dyn Progress + Send>,
) -> Result<LinkSummary> {
    let started = std::time::Instant::now();
    let (records, decisions) = linkage_input(store).await?;
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        records = records.len(),
        "link: records read"
    );
    if records.iter().all(InputRecord::is_register) {
        return Err(RegisterError::NoLists);
    }
    let options = options.clone();
    let (records, linkage) = tokio::task::spawn_blocking(move || {
        let linkage = kuager_linkage::link(&records, &decisions, &options, progress.as_ref());
        (records, linkage)
    })
    .await
    .map_err(|e| RegisterError::Internal(format!("linkage: {e}")))?;
    let linkage = linkage.map_err(|e| RegisterError::Internal(e.to_string()))?;
    return_freed_memory();
    tracing::debug!(seconds = started.elapsed().as_secs_f64(), "link: linked");

    let mut assignments = Vec::with_capacity(records.len());
    let mut people = Vec::with_capacity(linkage.clusters.len());
    for cluster in &linkage.clusters {
        let mut members = Vec::with_capacity(cluster.records.len());
        for &i in &cluster.records {
            let r = &records[i];
            assignments.push(LinkAssignment {
                list: r.list.clone(),
                record_id: r.record_id.clone(),
                person: cluster.person.clone(),
            });
            members.push(LinkedRecord {
                list: r.list.clone(),
                record_id: r.record_id.clone(),
            });
        }
        people.push(LinkedPerson {
            person: cluster.person.clone(),
            in_register: cluster.in_register,
            records: members,
        });
    }
    let review: Vec<LinkReviewRow> = linkage
        .review
        .iter()
        .enumerate()
        .map(|(n, c)| LinkReviewRow {
            id: i64::try_from(n + 1).unwrap_or(i64::MAX),
            a: (records[c.a].list.clone(), records[c.a].record_id.clone()),
            b: (records[c.b].list.clone(), records[c.b].record_id.clone()),
            probability: c.probability,
            evidence: serde_json::to_string(&c.evidence).unwrap_or_default(),
            refused: c.refused.clone(),
        })
        .collect();
    let parameters = serde_json::json!({
        "parameters": linkage.parameters,
        "stats": linkage.stats,
    })
    .to_string();
    let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let run = LinkRun {
        id: 0,
        at: String::new(),
        records: to_i64(records.len()),
        clusters: to_i64(linkage.clusters.len()),
        review_pairs: to_i64(review.len()),
        parameters,
    };
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "link: rows built"
    );
    // A national linkage holds millions of strings: what the store does
    // not need goes before it writes.
    let stats = linkage.stats.clone();
    drop(linkage);
    drop(records);
    return_freed_memory();
    let run = store
        .replace_linkage(None, &assignments, &review, &run)
        .await?;
    tracing::debug!(seconds = started.elapsed().as_secs_f64(), "link: stored");
    Ok(LinkSummary { people, stats, run })
}

/// Gives the memory the linker's threads freed back to the system. glibc
/// keeps it in each thread's arena, where the store's rows on another
/// thread cannot reuse it: at a million records the run peaked at 3.9 GB
/// without this, 3.2 GB with it (docs/benchmarks.md, sixth round).
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers and only releases free memory.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A review pair with both records, for people to decide.
#[derive(Debug, Clone, Serialize)]
pub struct LinkReviewItem {
    pub pair: LinkReviewRow,
    pub a: Option<ListRow>,
    pub b: Option<ListRow>,
}

/// The open review pairs of the latest linkage with their records.
pub async fn link_review_queue(store: &Store, limit: i64) -> Result<Vec<LinkReviewItem>> {
    let pairs = store.link_review(limit).await?;
    let mut out = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let a = record_for_review(store, &pair.a).await?;
        let b = record_for_review(store, &pair.b).await?;
        out.push(LinkReviewItem { pair, a, b });
    }
    Ok(out)
}

async fn record_for_review(
    store: &Store,
    (list, id): &(String, String),
) -> Result<Option<ListRow>> {
    if list == REGISTER_LIST {
        return Ok(store.person(id).await?.map(|p| ListRow {
            record_id: p.id,
            full_name: p.name,
            notes: p.aliases.join("; "),
            ..ListRow::default()
        }));
    }
    Ok(store.list_record(list, id).await?)
}

/// Pairwise quality of the stored linkage against a truth file (CSV with
/// `record_id,person_id`, optionally `list`).
pub async fn link_eval(
    store: &Store,
    truth_file: &str,
    truth: &str,
) -> Result<kuager_linkage::PairwiseScore> {
    let truth = read_truth(truth_file, truth)?;
    let assignments = store.linkage().await?;
    if assignments.is_empty() {
        return Err(RegisterError::NotLinked);
    }
    let mut clusters: BTreeMap<&str, Vec<Option<&str>>> = BTreeMap::new();
    for a in &assignments {
        let person = truth
            .get(&(Some(a.list.as_str()), a.record_id.as_str()))
            .or_else(|| truth.get(&(None, a.record_id.as_str())))
            .map(String::as_str);
        clusters.entry(a.person.as_str()).or_default().push(person);
    }
    Ok(kuager_linkage::pairwise(clusters.into_values()))
}

type Truth<'a> = HashMap<(Option<&'a str>, &'a str), String>;

fn read_truth<'a>(file: &str, text: &'a str) -> Result<Truth<'a>> {
    let bad = |line: usize, reason: String| RegisterError::BadList {
        file: file.into(),
        reason: format!("line {line}: {reason}"),
    };
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or_else(|| {
        bad(
            1,
            "empty file; expected the header record_id,person_id".into(),
        )
    })?;
    let columns: Vec<&str> = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(str::trim)
        .collect();
    let find = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
    let (Some(rec), Some(per)) = (find("record_id"), find("person_id")) else {
        return Err(bad(
            1,
            format!("header {header:?} lacks record_id and person_id columns"),
        ));
    };
    let list_col = find("list");
    let mut truth = HashMap::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let (Some(r), Some(p)) = (cells.get(rec), cells.get(per)) else {
            return Err(bad(
                n + 1,
                format!("expected {} columns, found {}", columns.len(), cells.len()),
            ));
        };
        let list = list_col.and_then(|c| cells.get(c).copied());
        truth.insert((list, *r), (*p).to_string());
    }
    Ok(truth)
}

/// How estimates are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strata {
    Whole,
    City,
    Month,
    EventType,
}

/// The estimate of one stratum (or of the whole) by every method that
/// applies.
#[derive(Debug, Clone, Serialize)]
pub struct StratumEstimate {
    /// `all` for the whole.
    pub stratum: String,
    pub lists: Vec<String>,
    pub documented: u64,
    /// The headline estimate: the latent-class model where it applies (3 or
    /// more lists; capture is heterogeneous in human-rights data, and on
    /// linked synthetic lists it covered the true total where the
    /// log-linear model did not, docs/benchmarks.md), else Chapman (two
    /// lists). The log-linear estimate stays beside it in `estimates`.
    /// `None` when no method could estimate; never the documented count.
    pub estimate: Option<f64>,
    /// Its 95% interval; `None` for an unbounded end.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub method: Option<String>,
    /// Counts per capture pattern, as list names joined by `+`.
    pub capture_histories: BTreeMap<String, u64>,
    pub estimates: Vec<Estimate>,
    /// Methods that could not run here, and why.
    pub not_estimated: Vec<String>,
}

/// Capture histories from the stored linkage, then estimates per stratum.
pub async fn estimate(
    store: &Store,
    lists: Option<&[String]>,
    by: Strata,
    seed: u64,
) -> Result<Vec<StratumEstimate>> {
    let assignments = store.linkage().await?;
    if assignments.is_empty() {
        return Err(RegisterError::NotLinked);
    }
    let known: Vec<String> = store.lists().await?.into_iter().map(|l| l.name).collect();
    let chosen: Vec<String> = match lists {
        Some(names) => {
            for n in names {
                if !known.contains(n) {
                    return Err(RegisterError::NoSuchList {
                        name: n.clone(),
                        known: known.clone(),
                    });
                }
            }
            names.to_vec()
        }
        None => known,
    };
    let records: HashMap<(String, String), ListRow> = if by == Strata::Whole {
        HashMap::new()
    } else {
        store
            .all_list_records()
            .await?
            .into_iter()
            .map(|(list, r)| ((list, r.record_id.clone()), r))
            .collect()
    };
    // Each person: the lists they are on and the stratum of their records.
    let mut people: BTreeMap<&str, (u32, Vec<String>)> = BTreeMap::new();
    for a in &assignments {
        let Some(bit) = chosen.iter().position(|l| *l == a.list) else {
            continue;
        };
        let entry = people.entry(a.person.as_str()).or_default();
        entry.0 |= 1 << bit;
        if let Some(r) = records.get(&(a.list.clone(), a.record_id.clone())) {
            if let Some(s) = stratum_of(r, by) {
                entry.1.push(s);
            }
        }
    }
    let mut strata: BTreeMap<String, BTreeMap<u32, u64>> = BTreeMap::new();
    for (mask, labels) in people.values() {
        if *mask == 0 {
            continue;
        }
        *strata
            .entry("all".into())
            .or_default()
            .entry(*mask)
            .or_default() += 1;
        if by != Strata::Whole {
            let label = most_common(labels).unwrap_or_else(|| "unknown".into());
            *strata.entry(label).or_default().entry(*mask).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (stratum, counts) in strata {
        let mut h = CaptureHistories::new(chosen.clone())
            .map_err(|e| RegisterError::Internal(e.to_string()))?;
        let mut patterns = BTreeMap::new();
        for (&mask, &n) in &counts {
            h.add(mask, n)
                .map_err(|e| RegisterError::Internal(e.to_string()))?;
            let names: Vec<&str> = (0..chosen.len())
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| chosen[b].as_str())
                .collect();
            patterns.insert(names.join("+"), n);
        }
        let mut estimates = Vec::new();
        let mut not_estimated = Vec::new();
        for result in kuager_estimate::estimate_all(&h, seed) {
            match result {
                Ok(e) => estimates.push(e),
                Err(e) => not_estimated.push(e.to_string()),
            }
        }
        let headline = estimates
            .iter()
            .find(|e| e.method.starts_with("latent"))
            .or_else(|| estimates.first())
            .cloned();
        let finite = |x: f64| x.is_finite().then_some(x);
        out.push(StratumEstimate {
            stratum,
            lists: chosen.clone(),
            documented: h.documented(),
            estimate: headline.as_ref().and_then(|e| finite(e.estimate)),
            lower: headline.as_ref().and_then(|e| finite(e.lower)),
            upper: headline.as_ref().and_then(|e| finite(e.upper)),
            method: headline
                .as_ref()
                .map(|e| format!("{} {}", e.method, e.model)),
            capture_histories: patterns,
            estimates,
            not_estimated,
        });
    }
    // The whole first, then strata by name.
    out.sort_by_key(|s| (s.stratum != "all", s.stratum.clone()));
    Ok(out)
}

fn stratum_of(r: &ListRow, by: Strata) -> Option<String> {
    match by {
        Strata::Whole => None,
        Strata::City => {
            r.city
                .as_deref()
                .map(|c| match kuager_linkage::prepare::gazetteer_place(c) {
                    Some((Some(city), _)) => kuager_case::places::place(&city)
                        .map(|p| p.en.to_string())
                        .unwrap_or(city),
                    Some((None, region)) => kuager_case::places::place(&region)
                        .map(|p| p.en.to_string())
                        .unwrap_or(region),
                    None => c.trim().to_string(),
                })
        }
        Strata::Month => r
            .event_date
            .as_deref()
            .filter(|d| d.len() >= 7)
            .map(|d| d[..7].to_string()),
        Strata::EventType => r.event_type.clone(),
    }
}

fn most_common(labels: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in labels {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(l, _)| l.to_string())
}

#[cfg(test)]
mod tests {
    /// The store names register people by the same list name the linker
    /// gives them; the two crates do not depend on each other.
    #[test]
    fn store_and_linkage_agree_on_the_register_list() {
        assert_eq!(
            kuager_linkage::REGISTER_LIST,
            kuager_store::lists::REGISTER_LIST
        );
    }
}
