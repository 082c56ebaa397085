//! The case model: what happened to whom, when, where, according to whom.
//!
//! Events of a controlled type ([`vocab::EventType`]) with a date of known
//! precision ([`date::CaseDate`]), a place of the gazetteer ([`places`]),
//! participants in roles, legal details ([`charge::Charge`]), sources and a
//! verification status; each person's status timeline derived from the
//! events ([`timeline`]); political-prisoner recognition against the PACE
//! 1900 criteria; volunteers' reports and their consent levels; user roles;
//! court hearings and trial-monitoring reports ([`trials`]); the register of
//! assembly notifications and its yearly counts ([`assemblies`]); collective
//! appeals and their signatories ([`appeals`]).
//!
//! Pure types and rules, no I/O: storage and the web app depend on this
//! crate, never the reverse. Types parse what people type and refuse what
//! they cannot use, with a reason a person can act on.

pub mod appeals;
pub mod assemblies;
pub mod charge;
pub mod date;
pub mod model;
pub mod newsletter;
pub mod places;
pub mod timeline;
pub mod trials;
pub mod vocab;

pub use appeals::{AppealDraft, AppealState, Citation, Moderation, SignatureDraft};
pub use assemblies::{AssemblyDraft, AssemblyFact, AssemblyStats, YearCounts};
pub use charge::{Charge, ChargeError};
pub use date::{CaseDate, DateError, DatePrecision, Day};
pub use model::*;
pub use trials::{HearingDraft, HearingTime, HearingTimeError, MonitoringDraft};
pub use vocab::*;
