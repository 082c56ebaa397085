//! The register's use cases: ingest, resolve, search, decide.
//!
//! Everything a front end does to the register goes through here, so that
//! the command line (`kuager-cli`) and the web app behave the same and stay
//! thin: they parse requests and print or render answers, this crate does
//! the work over a [`Store`](kuager_store::Store). Nothing in here prints.
//!
//! - [`ingest()`]: files from disk, read and extracted on all cores while
//!   the previous batch is stored, one transaction per document, then one
//!   resolution; [`ingest_bytes`]: one uploaded file.
//! - [`resolve()`]: recompute who is who from all mentions and decisions.
//! - [`search()`] and [`search_limited`]: people by any spelling in any
//!   script.
//! - [`decide`], [`split`]: human identity decisions, recorded on mentions
//!   so that they outlive person ids, followed by a new resolution.
//! - [`add_person_record`]: a person known from outside the documents.
//! - [`staging`]: an external list's rows matched against the register,
//!   decided one by one and only then committed into it.
//! - [`newsletter`]: issues, subscribers and resumable sending;
//!   [`publishing`]: the redaction layer's input filled from the store.
//! - [`appeals`]: signing a collective appeal, with e-mail confirmation.
//!
//! The async functions run on any Tokio runtime (current-thread included):
//! parsing and resolving, which take whole cores, run on Tokio's blocking
//! threads or threads of their own.

pub mod appeals;
mod decide;
mod error;
mod ingest;
pub mod lists;
pub mod newsletter;
pub mod public;
pub mod publishing;
mod record;
mod resolve;
mod search;
pub mod staging;
mod view;

pub use decide::{anchor, decide, mention_key, person, split, DecisionOutcome};
pub use error::{RegisterError, Result};
pub use ingest::{
    ingest, ingest_bytes, prepare, prepare_batch, Batch, Failure, FileResult, FileStatus,
    IngestEvent, IngestOptions, Prepared, Summary,
};
pub use kuager_ingest::Limits;
pub use record::{add_person_record, RECORD_TITLE};
pub use resolve::resolve;
pub use search::{query_keys, search, search_limited, Hit};
pub use view::{person_with_texts, review_queue};
