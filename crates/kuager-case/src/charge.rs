//! Charges: a code of law, an article and optionally its part.

use crate::vocab::LegalCode;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Charge {
    pub code: LegalCode,
    pub article: u32,
    pub part: Option<u32>,
}

/// Articles whose titles the UI knows (message `article-<code>-<number>`);
/// any other article is still accepted and shown by number.
pub const KNOWN_ARTICLES: &[(LegalCode, u32)] = &[
    (LegalCode::Criminal, 174),
    (LegalCode::Criminal, 179),
    (LegalCode::Criminal, 182),
    (LegalCode::Criminal, 256),
    (LegalCode::Criminal, 258),
    (LegalCode::Criminal, 272),
    (LegalCode::Criminal, 274),
    (LegalCode::Criminal, 380),
    (LegalCode::Criminal, 405),
    (LegalCode::Administrative, 434),
    (LegalCode::Administrative, 488),
    (LegalCode::Administrative, 489),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChargeError {
    #[error("{0:?} is not a charge: write the article and optionally its part, e.g. 174, 174-1, 405 ч.2, 488(6)")]
    Format(String),
    #[error("article {0} is out of range (1–999)")]
    Article(u32),
    #[error("part {0} is out of range (1–99)")]
    Part(u32),
}

impl Charge {
    /// Reads an article as lawyers write it: `174`, `174-1`, `174.1`,
    /// `174(1)`, `174 ч.1`, `ст. 174 ч. 1`, `174 part 1`, `174 1-бөлігі`.
    pub fn parse(code: LegalCode, input: &str) -> Result<Charge, ChargeError> {
        let bad = || ChargeError::Format(input.trim().to_string());
        let numbers: Vec<u32> = input
            .split(|c: char| !c.is_ascii_digit())
            .filter(|t| !t.is_empty())
            .map(|t| t.parse::<u32>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        // Anything besides numbers must be a known connector word.
        let words_ok = input
            .split(|c: char| c.is_ascii_digit() || c.is_whitespace() || "-.()/,".contains(c))
            .filter(|w| !w.is_empty())
            .all(|w| {
                let w = w.to_lowercase();
                [
                    "ст",
                    "статья",
                    "статьи",
                    "art",
                    "article",
                    "ч",
                    "часть",
                    "части",
                    "part",
                    "p",
                    "бап",
                    "бабы",
                    "бөлігі",
                    "бөлік",
                    "б",
                ]
                .contains(&w.trim_end_matches('.'))
            });
        if !words_ok {
            return Err(bad());
        }
        let (article, part) = match numbers.as_slice() {
            [a] => (*a, None),
            [a, p] => (*a, Some(*p)),
            _ => return Err(bad()),
        };
        if !(1..=999).contains(&article) {
            return Err(ChargeError::Article(article));
        }
        if let Some(p) = part {
            if !(1..=99).contains(&p) {
                return Err(ChargeError::Part(p));
            }
        }
        Ok(Charge {
            code,
            article,
            part,
        })
    }

    /// Fluent id of the article's title, if the UI knows it.
    pub fn title_message_id(&self) -> Option<String> {
        KNOWN_ARTICLES
            .contains(&(self.code, self.article))
            .then(|| format!("article-{}-{}", self.code.code(), self.article))
    }

    /// `174-1` / `174`: the form [`Charge::parse`] reads back.
    pub fn article_input(&self) -> String {
        match self.part {
            Some(p) => format!("{}-{}", self.article, p),
            None => self.article.to_string(),
        }
    }
}

impl fmt::Display for Charge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code.code(), self.article_input())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_forms() {
        let c = LegalCode::Criminal;
        for s in [
            "174-1",
            "174.1",
            "174(1)",
            "ст. 174 ч. 1",
            "174 part 1",
            "174 1-бөлігі",
            "Article 174, part 1",
        ] {
            assert_eq!(
                Charge::parse(c, s),
                Ok(Charge {
                    code: c,
                    article: 174,
                    part: Some(1)
                }),
                "{s}"
            );
        }
        assert_eq!(Charge::parse(c, "405").unwrap().part, None);
        assert!(Charge::parse(c, "").is_err());
        assert!(Charge::parse(c, "extremism").is_err());
        assert!(Charge::parse(c, "174-1-2").is_err());
        assert_eq!(Charge::parse(c, "1740"), Err(ChargeError::Article(1740)));
        assert_eq!(Charge::parse(c, "174-0"), Err(ChargeError::Part(0)));
    }

    #[test]
    fn known_articles_have_titles() {
        let c = Charge::parse(LegalCode::Criminal, "405-2").unwrap();
        assert_eq!(
            c.title_message_id().as_deref(),
            Some("article-criminal-405")
        );
        assert_eq!(
            Charge::parse(LegalCode::Criminal, "99")
                .unwrap()
                .title_message_id(),
            None
        );
        assert_eq!(Charge::parse(c.code, &c.article_input()), Ok(c));
    }
}
