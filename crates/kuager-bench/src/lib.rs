//! Synthetic corpus for benchmarking Kuager.
//!
//! `kuager-gen` writes documents in English, Russian and Kazakh that name
//! people from a synthetic population, each time in a spelling a real
//! document might use (passport or informal romanisation, Russian or Kazakh
//! Cyrillic, case forms, initials, surname first, a typo now and then), and
//! a `truth.tsv` saying who every name is. `kuager-gen eval` compares the
//! register Kuager built (`kuager persons --json`) with that truth.
//! `kuager-gen lists` writes partial lists of affected people (official,
//! NGO, abroad, media) with the truth, for record linkage benchmarks.
//! `kuager-gen casework` fills a database with a synthetic register of
//! people, events, reports and an account for the web benchmark.

pub mod casework;
pub mod data;
pub mod decline;
pub mod eval;
pub mod generate;
pub mod lists;
pub mod population;
pub mod template;
pub mod translit;
