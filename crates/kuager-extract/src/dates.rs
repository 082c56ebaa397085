//! placeholder
use kuager_domain::DateMention;
pub fn extract(_text: &str) -> Vec<DateMention> { Vec::new() }
