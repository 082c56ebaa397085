//! Names and identity across scripts.
//!
//! - [`translit`]: folds every spelling of a name part (Cyrillic, Kazakh
//!   Cyrillic, the Latin romanisations) onto one comparison key;
//! - [`lexicon`]: given names, name endings, particles, honorifics;
//! - [`parse`]: reads the words of a mention into given name, patronymic,
//!   family name and initials, undoing Russian and Kazakh case endings;
//! - [`compare`]: scores two names as the same person or not;
//! - [`conventional`]: Kazakh given names and their Russian forms
//!   (Жүсіп / Юсуп), which no transliteration can fold together.
//!
//! Hand-written on purpose: no published crate romanises Kazakh Cyrillic
//! or compares names across these scripts (docs/decisions/0001).

pub mod compare;
pub mod conventional;
pub mod lexicon;
pub mod parse;
pub mod translit;

pub use compare::{compare, NameSig, Verdict};
pub use parse::{nominative, nominative_in, read_name, read_name_in, OrderHint, Part};
pub use translit::key;
