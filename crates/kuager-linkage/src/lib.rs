//! Record linkage: which records of several external lists (and which
//! people of the register) are the same person.
//!
//! Monitors hold partial lists of the detained, the killed and the missing:
//! an official list in Russian with surnames first, NGO lists in Kazakh,
//! Latin lists compiled abroad, names picked out of the media. [`link`]
//! groups their records into clusters, one per person, in the
//! Fellegi–Sunter tradition:
//!
//! 1. [`prepare`]: every record becomes comparable features — name parts
//!    read by `kuager-names` and folded to transliteration keys (with the
//!    conventional Russian forms of Kazakh names folded too), birth year,
//!    city through the gazetteer (which knows renamed cities), event date;
//! 2. [`block`]: candidate pairs come only from records that share a
//!    blocking key (several rules, so a typo in one field does not hide a
//!    pair; oversized blocks are left to the finer rules);
//! 3. [`compare`]: each candidate pair gets a comparison vector, one level
//!    per field (exact, close, initial only, different, missing);
//! 4. [`em`]: the probabilities of each level among true matches (m) and
//!    non-matches (u) are estimated from the data — u from random pairs,
//!    m and the match rate by expectation–maximisation — and exact
//!    agreement on a name is weighted by how common that name is
//!    (term-frequency adjustment: two "Ахметов" agree by chance far more
//!    often than two "Мендыгазиев");
//! 5. [`cluster`]: pairs merge best first, but never across a human
//!    `distinct` decision, two people of the register, two different
//!    given names or patronymics, a gender conflict or birth years too far
//!    apart — so relatives who share surname, patronymic, city and day of
//!    detention are not chained together through a record that only gives
//!    an initial. Uncertain pairs become [`ReviewCandidate`]s.
//!
//! The crate does no I/O; the store keeps lists, decisions and results and
//! the CLI wires them together. Why matching is hand-written rather than
//! delegated to a general linkage tool: docs/decisions/0014.

pub mod block;
pub mod cluster;
pub mod compare;
pub mod em;
pub mod eval;
pub mod prepare;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use cluster::ReviewCandidate;
pub use compare::{Field, Level};
pub use em::Parameters;
pub use eval::{pairwise, PairwiseScore};

/// The list name under which people of the register take part in linkage.
pub const REGISTER_LIST: &str = "register";

/// One record to link: a row of an imported list, or a person of the
/// register (list [`REGISTER_LIST`], record id = person id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputRecord {
    pub list: String,
    pub record_id: String,
    /// The name as written, any order and script; used when no part is
    /// given separately.
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub patronymic: Option<String>,
    pub birth_year: Option<i32>,
    /// As written ("г. Нур-Султан", "Kapchagay"); read through the
    /// gazetteer.
    pub city: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub event_date: Option<String>,
    /// An event-type code (`detention`, `killing`...), for strata.
    pub event_type: Option<String>,
}

impl InputRecord {
    pub fn is_register(&self) -> bool {
        self.list == REGISTER_LIST
    }
}

/// A human decision about two records, by (list, record id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairDecision {
    pub a: (String, String),
    pub b: (String, String),
    pub same: bool,
}

/// Thresholds and limits of a run.
#[derive(Debug, Clone, Serialize)]
pub struct LinkOptions {
    /// Pairs at or above this match probability merge (constraints
    /// permitting), unless `auto_merge`.
    pub merge_at: f64,
    /// Choose the merge threshold from the data instead: the one with the
    /// best expected pairwise F1 ([`cluster::best_threshold`]).
    pub auto_merge: bool,
    /// Pairs at or above this (and not merged) go to review.
    pub review_at: f64,
    /// Blocks with more records than this are skipped for that rule.
    pub max_block: usize,
    /// Random pairs drawn to estimate the u probabilities.
    pub u_sample: usize,
    pub em_iterations: usize,
    /// Seed for the random pairs: the same input gives the same result.
    pub seed: u64,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            // Measured on kuager-gen lists (docs/benchmarks.md, two seeds):
            // with priors per pair of lists and rival candidates weighed,
            // pairwise F1 at 100k is flat between 0.35 and 0.45 (0.815)
            // and 0.807 at 0.5; 0.4 keeps precision near 0.89.
            merge_at: 0.4,
            auto_merge: false,
            review_at: 0.15,
            // Blocks of more records are left to the finer rules: 100
            // instead of 200 compares a third fewer pairs at 100k for a
            // loss of 0.002 in F1.
            max_block: 100,
            u_sample: 2_000_000,
            em_iterations: 40,
            seed: 0x6b75_6167_6572,
        }
    }
}

/// One person: the records that are theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// The register person's id if the cluster holds one, else an id made
    /// from the cluster's first record (stable while that record stays).
    pub person: String,
    pub in_register: bool,
    /// Indices into the input, ascending.
    pub records: Vec<usize>,
}

/// Counts of a run, for progress reports and the benchmark.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkStats {
    pub records: usize,
    pub candidate_pairs: usize,
    /// The merge threshold used.
    pub merge_at: f64,
    pub oversized_blocks: usize,
    pub merged_pairs: usize,
    pub refused_merges: usize,
    pub clusters: usize,
    pub review_pairs: usize,
}

/// What [`link`] found.
#[derive(Debug, Clone)]
pub struct Linkage {
    pub clusters: Vec<Cluster>,
    pub review: Vec<ReviewCandidate>,
    pub parameters: Parameters,
    pub stats: LinkStats,
}

/// Reports the stages of a long run (the CLI shows progress bars).
pub trait Progress: Sync {
    fn stage(&self, name: &str, total: u64);
    fn advance(&self, n: u64);
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Why a run could not be made.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    #[error("too many records to link: {0} (at most {max})", max = u32::MAX)]
    TooMany(usize),
}

/// Links the records: see the crate documentation.
pub fn link(
    records: &[InputRecord],
    decisions: &[PairDecision],
    options: &LinkOptions,
    progress: &dyn Progress,
) -> Result<Linkage, LinkError> {
    if u32::try_from(records.len()).is_err() {
        return Err(LinkError::TooMany(records.len()));
    }
    let prepared = prepare::prepare(records, progress);
    progress.stage("blocking", 1);
    let blocks = block::Blocks::new(&prepared, block::RULES, options.max_block);
    progress.advance(1);
    let parameters = em::estimate(&prepared, options, progress);
    let decisions = cluster::resolve_decisions(records, decisions);
    let result = cluster::cluster(
        records,
        &prepared,
        &blocks,
        &parameters,
        &decisions,
        options,
        progress,
    );
    let mut stats = result.stats;
    stats.records = records.len();
    stats.oversized_blocks = blocks.oversized;
    stats.clusters = result.clusters.len();
    stats.review_pairs = result.review.len();
    Ok(Linkage {
        clusters: result.clusters,
        review: result.review,
        parameters,
        stats,
    })
}

/// The id of a cluster that holds no register person: made from its first
/// record, so it stays the same across runs while that record does.
pub fn cluster_id(list: &str, record_id: &str) -> String {
    let mut h = Sha256::new();
    h.update(list.as_bytes());
    h.update([0]);
    h.update(record_id.as_bytes());
    let digest = h.finalize();
    format!("x{}", &hex::encode(digest)[..11])
}
