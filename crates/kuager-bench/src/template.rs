//! Sentence templates.
//!
//! A template is one line: a tag and the text. Tags: `H` headline, `P`
//! sentence naming people, `R` sentence naming a person `{A}` and a relative
//! `{R}`, `N` sentence naming nobody, `I` introduction of a numbered list.
//!
//! Slots: `{A}` … `{D}` people (with a case: `{A:gen}`; Russian cases nom,
//! gen, dat, acc, ins, prep; Kazakh suffixes gen, dat, acc, ins), `{R}` the
//! relative of `{A}`, `{rel}` / `{Rel}` / `{rel:acc}` the relation word,
//! `{L}` a list of three to six people, `{place}` (`:gen`, `:prep`, `:loc`),
//! `{date}`, `{n}` a reported number, `{y}` years, `{yrs}` / `{yrs_dat}`
//! years with a Russian noun, `{year}`. `[A:his|her]` picks by the gender of
//! person A.

use crate::decline::Case;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceForm {
    Nom,
    Gen,
    Prep,
    Loc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A person slot: 'A'..'D' or 'R'.
    Person(char, Case),
    List(Case),
    Relation {
        capital: bool,
        case: Case,
    },
    Gender {
        slot: char,
        male: String,
        female: String,
    },
    Place(PlaceForm),
    Date,
    Number,
    Years,
    YearsNoun,
    YearsDative,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Headline,
    People,
    Relative,
    Plain,
    ListIntro,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub kind: Kind,
    pub pieces: Vec<Piece>,
    /// Distinct person slots A..D in order of first appearance.
    pub slots: Vec<char>,
    pub has_list: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub headline: Vec<Template>,
    pub people: Vec<Template>,
    pub relative: Vec<Template>,
    pub plain: Vec<Template>,
    pub list_intro: Vec<Template>,
}

fn parse_slot(inner: &str) -> Result<Piece, String> {
    let (name, arg) = match inner.split_once(':') {
        Some((n, a)) => (n, Some(a)),
        None => (inner, None),
    };
    let case = || -> Result<Case, String> {
        match arg {
            None => Ok(Case::Nom),
            Some(a) => Case::parse(a).ok_or_else(|| format!("unknown case {a:?}")),
        }
    };
    Ok(match name {
        "A" | "B" | "C" | "D" | "R" => Piece::Person(name.chars().next().unwrap_or('A'), case()?),
        "L" => Piece::List(case()?),
        "rel" => Piece::Relation {
            capital: false,
            case: case()?,
        },
        "Rel" => Piece::Relation {
            capital: true,
            case: case()?,
        },
        "place" => Piece::Place(match arg {
            None => PlaceForm::Nom,
            Some("gen") => PlaceForm::Gen,
            Some("prep") => PlaceForm::Prep,
            Some("loc") => PlaceForm::Loc,
            Some(a) => return Err(format!("unknown place form {a:?}")),
        }),
        "date" => Piece::Date,
        "n" => Piece::Number,
        "y" => Piece::Years,
        "yrs" => Piece::YearsNoun,
        "yrs_dat" => Piece::YearsDative,
        "year" => Piece::Year,
        other => return Err(format!("unknown slot {{{other}}}")),
    })
}

fn parse_gender(inner: &str) -> Result<Piece, String> {
    let (slot, forms) = inner
        .split_once(':')
        .ok_or_else(|| format!("bad gender choice [{inner}]"))?;
    let (male, female) = forms
        .split_once('|')
        .ok_or_else(|| format!("bad gender choice [{inner}]"))?;
    let slot = match slot {
        "A" | "B" | "C" | "D" | "R" => slot.chars().next().unwrap_or('A'),
        _ => return Err(format!("bad slot in [{inner}]")),
    };
    Ok(Piece::Gender {
        slot,
        male: male.to_string(),
        female: female.to_string(),
    })
}

/// Parse one template text (without its tag).
pub fn parse(text: &str, kind: Kind) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(pos) = rest.find(['{', '[']) {
        literal.push_str(&rest[..pos]);
        let open = rest.as_bytes()[pos];
        let close = if open == b'{' { '}' } else { ']' };
        let after = &rest[pos + 1..];
        let end = after
            .find(close)
            .ok_or_else(|| format!("unclosed {} in {text:?}", open as char))?;
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
        }
        let inner = &after[..end];
        pieces.push(if open == b'{' {
            parse_slot(inner)?
        } else {
            parse_gender(inner)?
        });
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    let mut slots = Vec::new();
    for p in &pieces {
        if let Piece::Person(s, _) = p {
            if *s != 'R' && !slots.contains(s) {
                slots.push(*s);
            }
        }
    }
    let has_list = pieces.iter().any(|p| matches!(p, Piece::List(_)));
    let has_rel = pieces.iter().any(|p| matches!(p, Piece::Person('R', _)));
    if (kind == Kind::Relative) != has_rel {
        return Err(format!("R templates and only they name {{R}}: {text:?}"));
    }
    if matches!(kind, Kind::Plain | Kind::Headline | Kind::ListIntro)
        && (!slots.is_empty() || has_list)
    {
        return Err(format!("template must not name people: {text:?}"));
    }
    Ok(Template {
        kind,
        pieces,
        slots,
        has_list,
    })
}

/// Parse a template file.
pub fn parse_file(text: &str) -> Result<Templates, String> {
    let mut t = Templates::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (tag, body) = line
            .split_once(' ')
            .ok_or_else(|| format!("line {}: no tag", n + 1))?;
        let kind = match tag {
            "H" => Kind::Headline,
            "P" => Kind::People,
            "R" => Kind::Relative,
            "N" => Kind::Plain,
            "I" => Kind::ListIntro,
            other => return Err(format!("line {}: unknown tag {other}", n + 1)),
        };
        let tpl = parse(body, kind).map_err(|e| format!("line {}: {e}", n + 1))?;
        match kind {
            Kind::Headline => t.headline.push(tpl),
            Kind::People => t.people.push(tpl),
            Kind::Relative => t.relative.push(tpl),
            Kind::Plain => t.plain.push(tpl),
            Kind::ListIntro => t.list_intro.push(tpl),
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{TEMPLATES_EN, TEMPLATES_KK, TEMPLATES_RU};

    #[test]
    fn all_template_files_parse_with_enough_sentences() {
        for text in [TEMPLATES_EN, TEMPLATES_RU, TEMPLATES_KK] {
            let t = parse_file(text).unwrap();
            assert!(t.people.len() + t.relative.len() + t.plain.len() >= 40);
            assert!(!t.headline.is_empty() && !t.list_intro.is_empty());
        }
    }

    #[test]
    fn slots_and_genders() {
        let t = parse("{A:gen} и [B:его|её] {B}", Kind::People).unwrap();
        assert_eq!(t.slots, vec!['A', 'B']);
        assert_eq!(t.pieces[0], Piece::Person('A', Case::Gen));
        assert!(matches!(&t.pieces[2], Piece::Gender { slot: 'B', .. }));
    }
}
