//! Filling the redaction layer's input from the store lives in
//! `kuager_register::publishing` (the command line needs it too); this
//! re-export keeps one copy.

pub use kuager_register::publishing::internal_event;
