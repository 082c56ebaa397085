//! People: placeholder until the name extractor lands.
use kuager_domain::{Language, PersonMention};
pub fn extract(_text: &str, _language: Language) -> Vec<PersonMention> {
    Vec::new()
}
