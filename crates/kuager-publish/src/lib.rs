//! The one redaction layer every public output goes through.
//!
//! Pages, feeds, exports, the API and the newsletter publish records of
//! the register. What they may show depends on an editor's decision
//! (an event's [`kuager_case::Publication`]) and on the consent people gave
//! ([`kuager_case::Consent`], per person and per participation). Those
//! rules are applied here, once:
//!
//! * the storage layer fills the [`internal`] types with everything it
//!   holds;
//! * [`redact_event`], [`redact_person`] and [`redact_hearing`] turn them into the [`public`]
//!   types, applying the rules (see [`redact`] and
//!   docs/decisions/0011-redaction.md);
//! * the renderers ([`json`], [`csv`], [`html`], [`atom`], [`text`],
//!   [`newsletter`]) take
//!   only `Public*` values, which nothing outside this crate can make.
//!
//! So a public output cannot show what redaction did not let through, and
//! the property tests in `tests/redaction.rs` check every renderer against
//! random records.
//!
//! Collective appeals go the same way: [`appeal::redact_appeal`] makes the
//! [`appeal::PublicAppeal`] its HTML, CSV and PDF ([`pdf`]) renderers take.
//!
//! Pure: no I/O, no clock, no randomness (but reading the PDF font, see
//! [`pdf::PdfFonts::load`]).

pub mod appeal;
pub mod atom;
pub mod csv;
pub mod html;
pub mod ics;
pub mod internal;
pub mod json;
mod labels;
pub mod newsletter;
pub mod pdf;
pub mod public;
pub mod redact;
pub mod text;

pub use internal::{
    InternalEvent, InternalHearing, InternalParticipant, InternalPerson, InternalSource,
    LinkedPerson,
};
pub use kuager_case::Publication;
pub use public::{
    PublicEvent, PublicHearing, PublicParticipant, PublicPerson, PublicRecognition, PublicSource,
};
pub use redact::{
    participant_consent, redact_event, redact_hearing, redact_person, stricter, PseudonymKey,
};
