//! placeholder
use kuager_domain::FigureMention;
pub fn extract(_text: &str) -> Vec<FigureMention> { Vec::new() }
