//! Extraction: finds the people, places, dates and reported figures a
//! document's text names, each with character offsets into that text.
//!
//! Rule-based on purpose: every decision can be explained to an analyst and
//! nothing needs a model downloaded at run time (see docs/decisions).

pub mod dates;
pub mod figures;
pub mod people;
pub mod places;
mod text;

use kuager_domain::{Extraction, Language};

/// Extract everything from one document's text.
pub fn extract(text: &str, language: Language) -> Extraction {
    Extraction {
        persons: people::extract(text, language),
        places: places::extract(text),
        dates: dates::extract(text),
        figures: figures::extract(text),
    }
}
