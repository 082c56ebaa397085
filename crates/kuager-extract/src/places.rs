//! placeholder
use kuager_domain::PlaceMention;
pub fn extract(_text: &str) -> Vec<PlaceMention> { Vec::new() }
/// True when `word` (any script, any case) is a gazetteer place name.
pub fn is_place_name(_word: &str) -> bool { false }
