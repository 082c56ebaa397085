//! People: finds the spans of a text that name a person.
//!
//! A name is a run of capitalised words, initials and particles. Each run
//! is cut at words that cannot be part of a name (stop words, places,
//! acronyms), dropped when it names an organisation, street or law, and
//! kept when the words themselves say "person": a known given name, a
//! family-name ending, a patronymic, initials, an honorific before it, or
//! a capitalised surname. A lone word is kept when it repeats the family
//! or given name of someone named earlier in the same document.

use crate::places::is_place_name;
use crate::text::CharIndex;
use kuager_domain::{Language, PersonMention, PersonName, Span};
use kuager_names::lexicon::{given_name, has_family_ending, is_honorific, is_particle, patronymic};
use kuager_names::parse::{read_name_in, OrderHint, Part};
use kuager_names::{key, NameSig};
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    kind: Kind,
    /// A line break stands between this token and the previous one.
    newline_before: bool,
    /// Whitespace stands between this token and the previous one.
    space_before: bool,
    /// The word carried a possessive "'s" that was cut off.
    possessive: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut newline = true;
    let mut space = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            if c == '\n' {
                newline = true;
            }
            space = true;
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            tokens.push(Token {
                text: &text[start..end],
                start,
                end,
                kind: Kind::Punct,
                newline_before: newline,
                space_before: space,
                possessive: false,
            });
            newline = false;
            space = false;
            continue;
        }
        if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            let mut possessive = false;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphabetic() || d.is_numeric() {
                    end = i + d.len_utf8();
                    chars.next();
                    continue;
                }
                if d == '-' || d == '‐' || is_apostrophe(d) {
                    // Joiner inside a word: Pierre-Alain, O'LOUGHLIN. A
                    // possessive 's ends the word instead.
                    let rest = &text[i + d.len_utf8()..];
                    let mut rest_chars = rest.chars();
                    let next = rest_chars.next();
                    let after = rest_chars.next();
                    if is_apostrophe(d)
                        && matches!(next, Some('s'))
                        && !after.is_some_and(char::is_alphabetic)
                    {
                        possessive = true;
                        chars.next();
                        chars.next();
                        break;
                    }
                    if next.is_some_and(char::is_alphabetic) {
                        chars.next();
                        continue;
                    }
                }
                break;
            }
            tokens.push(Token {
                text: &text[start..end],
                start,
                end,
                kind: Kind::Word,
                newline_before: newline,
                space_before: space,
                possessive,
            });
        } else {
            tokens.push(Token {
                text: &text[start..start + c.len_utf8()],
                start,
                end: start + c.len_utf8(),
                kind: Kind::Punct,
                newline_before: newline,
                space_before: space,
                possessive: false,
            });
        }
        newline = false;
        space = false;
    }
    tokens
}

/// Words of a list file: whitespace-separated, `#` starts a comment line.
fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

/// Capitalised words that are never part of a person's name, lower-cased.
static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("people_stopwords.txt")));

/// Words that make a run the name of an organisation, street, law or
/// event rather than a person, lower-cased.
static ORG: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("people_orgwords.txt")));

/// Words that, standing right before a capitalised name, make it the name
/// of a street or square ("улица Абая", "проспект Назарбаева").
static STREET_BEFORE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "улица",
        "улицы",
        "улице",
        "ул",
        "проспект",
        "проспекта",
        "пр",
        "переулок",
        "площадь",
        "бульвар",
        "мкр",
        "микрорайон",
        "street",
        "avenue",
        "square",
    ]
    .into_iter()
    .collect()
});

/// Titles that, like honorifics, stand before a name and show that a
/// person follows ("Journalist", "Blogger").
static TITLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "journalist",
        "blogger",
        "activist",
        "poet",
        "dissident",
        "lawyer",
        "advocate",
        "writer",
        "philanthropist",
        "entrepreneur",
        "businessman",
        "professor",
        "doctor",
        "chairman",
        "chairwoman",
        "head",
        "leader",
        "editor",
        "colleague",
        "citizen",
        "pensioner",
        "student",
        "журналист",
        "журналистка",
        "блогер",
        "активист",
        "активистка",
        "адвокат",
        "правозащитник",
        "правозащитница",
        "поэт",
        "писатель",
        "гражданин",
        "гражданка",
        "пенсионер",
        "пенсионерка",
        "журналисті",
        "белсенді",
        "құқық",
        "қорғаушы",
        "прокурор",
        "следователь",
        "судья",
        "председатель",
        "депутат",
        "сенатор",
        "президент",
        "президенті",
        "ақын",
        "aqyn",
        "prezident",
        "prezidenti",
        "prosecutor",
        "investigator",
        "senator",
        "president",
        "judge",
        "wife",
        "husband",
        "brother",
        "sister",
        "son",
        "daughter",
        "father",
        "mother",
        "supporter",
        "supporters",
        "жақтастары",
    ]
    .into_iter()
    .collect()
});

fn lower(w: &str) -> String {
    w.to_lowercase()
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(w: &str) -> bool {
    let mut n = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        n += 1;
    }
    n >= 2
}

fn is_stop(w: &str) -> bool {
    let l = lower(w);
    STOP.contains(l.as_str()) || is_place_name(w)
}

/// A place name that is also a given name (Sofia, Нұр-Сұлтан) is a name
/// part only when another name word follows it ("Sofia Petrova").
fn given_name_before_name(w: &str, next: Option<&str>) -> bool {
    given_name(w).is_some() && next.is_some_and(|n| !is_stop(n) && is_capitalised(n))
}

fn is_org_word(w: &str) -> bool {
    ORG.contains(lower(w).as_str())
}

/// A piece of a candidate run.
#[derive(Debug, Clone)]
enum Piece {
    Word {
        tok: usize,
    },
    Initial {
        tok: usize,
        end_tok: usize,
        letter: char,
    },
    Alternative {
        open: usize,
        word: usize,
        close: usize,
    },
}

impl Piece {
    fn first_tok(&self) -> usize {
        match self {
            Piece::Word { tok } | Piece::Initial { tok, .. } => *tok,
            Piece::Alternative { open, .. } => *open,
        }
    }
    fn last_tok(&self) -> usize {
        match self {
            Piece::Word { tok } => *tok,
            Piece::Initial { end_tok, .. } => *end_tok,
            Piece::Alternative { close, .. } => *close,
        }
    }
}

struct Candidate {
    pieces: Vec<Piece>,
    honorific: bool,
    list_item: bool,
}

/// Kazakh in the Latin alphabet (2017/2021) is often detected as English
/// or unknown; its letters give it away.
fn looks_kazakh_latin(text: &str) -> bool {
    let mut letters = 0usize;
    let mut kazakh = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(
            c,
            'ğ' | 'ñ'
                | 'ū'
                | 'ş'
                | 'ı'
                | 'ä'
                | 'ö'
                | 'ü'
                | 'q'
                | 'Ğ'
                | 'Ñ'
                | 'Ū'
                | 'Ş'
                | 'Ä'
                | 'Ö'
                | 'Ü'
                | 'Q'
        ) {
            kazakh += 1;
        }
    }
    letters > 0 && kazakh * 100 >= letters * 2
}

/// Does the document list people surname first ("12. Azhenova G.A.")?
fn order_hint(tokens: &[Token<'_>]) -> OrderHint {
    let mut surname_first_lines = 0;
    for (i, t) in tokens.iter().enumerate() {
        if !(t.newline_before && t.kind == Kind::Word && is_capitalised(t.text)) {
            continue;
        }
        let is_initial = |j: usize| {
            tokens.get(j).is_some_and(|x| {
                x.kind == Kind::Word && x.text.chars().count() == 1 && is_capitalised(x.text)
            }) && tokens.get(j + 1).is_some_and(|x| x.text == ".")
        };
        if is_initial(i + 1) && !tokens[i + 1].newline_before {
            surname_first_lines += 1;
        }
    }
    if surname_first_lines >= 3 {
        OrderHint::FamilyFirst
    } else {
        OrderHint::None
    }
}

/// Find the person mentions in a text.
pub fn extract(text: &str, language: Language) -> Vec<PersonMention> {
    let kazakh = language == Language::Kk || looks_kazakh_latin(text);
    let tokens = tokenize(text);
    let index = CharIndex::new(text);
    let hint = order_hint(&tokens);
    let candidates = candidates(&tokens);
    let mut mentions: Vec<PersonMention> = Vec::new();
    let mut sigs: Vec<NameSig> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();

    for cand in candidates {
        let Some(m) = judge(&cand, &tokens, hint, kazakh, &mentions, &sigs) else {
            continue;
        };
        let (mention, sig, tok_range) = m;
        covered.push(tok_range);
        let mention = PersonMention {
            span: Span::new(index.char_at(mention.0), index.char_at(mention.1)),
            text: text[mention.0..mention.1].to_string(),
            name: mention.2,
            refers_to: mention.3,
        };
        mentions.push(mention);
        sigs.push(sig);
    }
    mentions
}

type Judged = (
    (usize, usize, PersonName, Option<usize>),
    NameSig,
    (usize, usize),
);

/// Decide whether a candidate run names a person; if so, its byte span,
/// name, antecedent and signature.
fn judge(
    cand: &Candidate,
    tokens: &[Token<'_>],
    hint: OrderHint,
    kazakh: bool,
    earlier: &[PersonMention],
    earlier_sigs: &[NameSig],
) -> Option<Judged> {
    let mut parts = Vec::new();
    let mut words = 0;
    for p in &cand.pieces {
        match p {
            Piece::Word { tok } => {
                parts.push(Part::Word(tokens[*tok].text.to_string()));
                if !is_particle(tokens[*tok].text) {
                    words += 1;
                }
            }
            Piece::Initial { letter, .. } => parts.push(Part::Initial(*letter)),
            Piece::Alternative { word, .. } => {
                parts.push(Part::Alternative(tokens[*word].text.to_string()))
            }
        }
    }
    if words == 0 {
        return None;
    }
    // A surname in the plural names a family, not a person
    // ("Жумабековых", "the Nurpeissovs").
    let plural_surname = cand.pieces.iter().any(|p| match p {
        Piece::Word { tok } => {
            let w = lower(tokens[*tok].text);
            [
                "овых",
                "евых",
                "иных",
                "овы",
                "евы",
                "овтар",
                "евтер",
                "ovs",
                "evs",
                "ovy",
                "ovtar",
            ]
            .iter()
            .any(|e| w.ends_with(e) && w.chars().count() > e.chars().count() + 2)
        }
        _ => false,
    });
    if plural_surname {
        return None;
    }
    let (name, ev) = read_name_in(&parts, hint, kazakh);
    let sig = NameSig::from_name(&name);
    let has_initials = !name.initials.is_empty();
    let word_texts: Vec<&str> = cand
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Word { tok } => Some(tokens[*tok].text),
            _ => None,
        })
        .collect();
    let all_caps_run = word_texts.iter().all(|w| is_all_caps(w));

    let cyrillic = word_texts
        .iter()
        .any(|w| kuager_names::translit::is_cyrillic(w));
    let antecedent = find_antecedent(&sig, earlier, earlier_sigs, cyrillic);
    let accepted = if words >= 2 {
        if all_caps_run && !ev.known_given && !cand.honorific {
            false
        } else {
            cand.honorific
                || ev.known_given
                || ev.family_ending
                || ev.patronymic
                || ev.capital_family
                || (has_initials && words <= 3)
                || cand.list_item
                || antecedent.is_some()
        }
    } else {
        let w = word_texts.first().copied().unwrap_or("");
        // Judge the word without its case suffix ("Адвокаттың" is not a
        // surname in -ин).
        let nominal = name
            .family
            .first()
            .or(name.given.first())
            .map(String::as_str)
            .unwrap_or(w);
        let strong_family = if kuager_names::translit::is_cyrillic(nominal) {
            has_family_ending(&key(nominal))
                && nominal.chars().count() >= 5
                && !key(nominal).ends_with("ski")
        } else {
            // English has many words in -in/-ew/-ev sounds (Latin, Renew):
            // alone, a Latin word must end like a Kazakh or Russian surname
            // as written.
            let l = lower(nominal);
            [
                "ov", "ova", "ev", "eva", "yev", "yeva", "iev", "ieva", "ina", "uly", "kyzy",
                "enko",
            ]
            .iter()
            .any(|e| l.ends_with(e))
                && nominal.chars().count() >= 6
        };
        // A lone word that is a place, or stands where a place does ("in
        // Sofia", "в Софии"), is the place.
        let first_tok = cand.pieces.first().map(Piece::first_tok).unwrap_or(0);
        let after_locative = first_tok > 0
            && tokens.get(first_tok - 1).is_some_and(|t| {
                matches!(
                    lower(t.text).as_str(),
                    "in" | "at" | "from" | "to" | "near" | "в" | "во" | "из" | "под"
                )
            });
        let place = (is_place_name(w) || after_locative) && !cand.honorific;
        !place && (cand.honorific || (has_initials && !is_all_caps(w)) || antecedent.is_some())
            || (strong_family && given_name(nominal).is_none() && patronymic(nominal).is_none())
    };
    if !accepted {
        return None;
    }
    let first = cand.pieces.first()?.first_tok();
    let last = cand.pieces.last()?.last_tok();
    Some((
        (tokens[first].start, tokens[last].end, name, antecedent),
        sig,
        (first, last),
    ))
}

/// The earlier mention a short name refers back to: the same family name
/// with no conflicting initial, or the same lone given name; only when
/// exactly one earlier person fits.
fn find_antecedent(
    sig: &NameSig,
    earlier: &[PersonMention],
    sigs: &[NameSig],
    cyrillic: bool,
) -> Option<usize> {
    let lone = (sig.given.len() + sig.families.len() == 1)
        && sig.first_initial.is_none_or(|_| sig.has_given());
    if lone {
        // One word: a family name (in any case form; "Кенесова" may be the
        // wife or the husband in the genitive, so gender is ignored), else
        // a given name. Family readings win: reports refer back by surname.
        let word = sig
            .families
            .first()
            .or(sig.given.first())
            .cloned()
            .unwrap_or_default();
        let forms = case_forms(&word);
        let by_family = unique_root(earlier, sigs, |other| {
            // Latin texts do not inflect names, so there "Kenesova" is the
            // wife, never the husband.
            let gender_fits = cyrillic
                || sig.gender.is_none()
                || other.gender.is_none()
                || sig.gender == other.gender;
            other.has_given() && gender_fits && other.families.iter().any(|f| forms.contains(f))
        });
        match by_family {
            Found::One(i) => return Some(i),
            Found::Many => return None,
            Found::None => {}
        }
        return match unique_root(earlier, sigs, |other| other.given.first() == Some(&word)) {
            Found::One(i) => Some(i),
            _ => None,
        };
    }
    if sig.has_given() || sig.families.is_empty() {
        return None;
    }
    match unique_root(earlier, sigs, |other| {
        let v = kuager_names::compare(sig, other);
        other.has_given() && !v.incompatible && v.score >= kuager_names::compare::REVIEW
    }) {
        Found::One(i) => Some(i),
        _ => None,
    }
}

enum Found {
    None,
    One(usize),
    Many,
}

/// The most recent earlier mention that fits, if all that fit are one
/// person.
fn unique_root(
    earlier: &[PersonMention],
    sigs: &[NameSig],
    fits: impl Fn(&NameSig) -> bool,
) -> Found {
    let mut found = Found::None;
    let mut found_root = None;
    for (i, other) in sigs.iter().enumerate().rev() {
        if !fits(other) {
            continue;
        }
        let root = root_of(i, earlier);
        match found_root {
            None => {
                found = Found::One(i);
                found_root = Some(root);
            }
            Some(r) if r == root => {}
            Some(_) => return Found::Many,
        }
    }
    found
}

/// Gender-neutral family keys a lone word may stand for, undoing Russian
/// case endings ("Атабека", "Абишеву", "Кенесова").
fn case_forms(word_key: &str) -> Vec<String> {
    let mut out = vec![kuager_names::translit::neutral_family(word_key).0];
    for ending in ["a", "u", "e", "om", "em", "im", "oi", "i"] {
        if let Some(stem) = word_key.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                out.push(kuager_names::translit::neutral_family(stem).0);
            }
        }
    }
    out
}

fn root_of(mut i: usize, mentions: &[PersonMention]) -> usize {
    let mut steps = 0;
    while let Some(j) = mentions.get(i).and_then(|m| m.refers_to) {
        i = j;
        steps += 1;
        if steps > mentions.len() {
            break;
        }
    }
    i
}

/// Cut the token stream into candidate runs.
fn candidates(tokens: &[Token<'_>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind != Kind::Word || !is_capitalised(t.text) {
            i += 1;
            continue;
        }
        // Collect a raw run: capitalised words, initials, particles.
        let run_start = i;
        let mut pieces: Vec<Piece> = Vec::new();
        let mut j = i;
        while j < tokens.len() {
            let tk = &tokens[j];
            let after_initial = matches!(pieces.last(), Some(Piece::Initial { .. }));
            if j > run_start
                && (tk.newline_before
                    || !tk.space_before && tk.kind == Kind::Word && !after_initial)
            {
                break;
            }
            if tk.kind != Kind::Word {
                break;
            }
            let single_letter = tk.text.chars().count() == 1;
            // An initial: "G." — or, after another initial, a two-letter
            // transliterated one ("M.Kh.", "D.Ye."). "G.A." has no space.
            let dot_follows = tokens
                .get(j + 1)
                .is_some_and(|d| d.text == "." && !d.space_before);
            let digraph = after_initial
                && tk.text.chars().count() == 2
                && tk.text.chars().nth(1).is_some_and(char::is_lowercase);
            if dot_follows && is_capitalised(tk.text) && (single_letter || digraph) {
                let letter = tk.text.chars().next().unwrap_or('?');
                pieces.push(Piece::Initial {
                    tok: j,
                    end_tok: j + 1,
                    letter,
                });
                j += 2;
                continue;
            }
            // "Mr. Abishev", "Dr. Aliyeva": the dot after an honorific
            // does not end the run.
            if is_honorific(tk.text)
                && tokens
                    .get(j + 1)
                    .is_some_and(|d| d.text == "." && !d.space_before)
            {
                pieces.push(Piece::Word { tok: j });
                j += 2;
                continue;
            }
            if is_capitalised(tk.text) && !single_letter {
                pieces.push(Piece::Word { tok: j });
                if tk.possessive {
                    j += 1;
                    break;
                }
                j += 1;
                continue;
            }
            if is_particle(tk.text)
                && tokens
                    .get(j + 1)
                    .is_some_and(|n| n.kind == Kind::Word && is_capitalised(n.text))
                && !pieces.is_empty()
            {
                pieces.push(Piece::Word { tok: j });
                j += 1;
                continue;
            }
            break;
        }
        // "(Edigeev)" right after a run: an alternative family name.
        if !pieces.is_empty()
            && tokens.get(j).is_some_and(|t| t.text == "(")
            && tokens.get(j + 1).is_some_and(|t| {
                t.kind == Kind::Word
                    && is_capitalised(t.text)
                    && !is_stop(t.text)
                    && !is_all_caps(t.text)
            })
            && tokens.get(j + 2).is_some_and(|t| t.text == ")")
        {
            pieces.push(Piece::Alternative {
                open: j,
                word: j + 1,
                close: j + 2,
            });
            j += 3;
        }
        let next_i = j.max(i + 1);
        // "H.E." (His/Her Excellency) is an honorific, not initials.
        let mut excellency = false;
        if let (
            Some(Piece::Initial { letter: 'H', .. }),
            Some(Piece::Initial { letter: 'E', .. }),
        ) = (pieces.first(), pieces.get(1))
        {
            if pieces.len() > 2 {
                pieces.drain(..2);
                excellency = true;
            }
        }
        // "I. Introduction", "V. Suggested": numbered headings.
        let roman_heading = matches!(pieces.first(), Some(Piece::Initial { letter: 'I' | 'V' | 'X', tok, .. }) if tokens[*tok].newline_before)
            && !pieces
                .iter()
                .any(|p| matches!(p, Piece::Word { tok } if name_like(tokens[*tok].text)));
        if !roman_heading {
            split_run(tokens, pieces, excellency, &mut out);
        }
        i = next_i;
    }
    out
}

/// Split a raw run at words that cannot be in a name, drop organisation
/// runs, and record what stands before each piece.
fn split_run(tokens: &[Token<'_>], pieces: Vec<Piece>, excellency: bool, out: &mut Vec<Candidate>) {
    if pieces.is_empty() {
        return;
    }
    let first = pieces[0].first_tok();
    let last = pieces[pieces.len() - 1].last_tok();
    // An organisation word anywhere in the run, or right after it, or a
    // street word right before it, makes it not a person.
    let org_inside = pieces
        .iter()
        .any(|p| matches!(p, Piece::Word { tok } if is_org_word(tokens[*tok].text)));
    // "Tokayev's government" is a person's government.
    let possessive = tokens.get(last).is_some_and(|t| t.possessive);
    let org_after = !possessive
        && tokens
            .get(last + 1)
            .is_some_and(|t| t.kind == Kind::Word && is_org_word(t.text) && !t.newline_before);
    let org_before = first > 0
        && !tokens[first].newline_before
        && tokens.get(first - 1).is_some_and(|t| {
            t.kind == Kind::Word && STREET_BEFORE.contains(lower(t.text).as_str())
        });
    if org_inside || org_after || org_before {
        return;
    }
    let list_item = is_list_item_start(tokens, first);
    let preceded_by_title = first > 0
        && tokens
            .get(first - 1)
            .is_some_and(|t| t.kind == Kind::Word && TITLES.contains(lower(t.text).as_str()));
    let mut current: Vec<Piece> = Vec::new();
    let mut honorific = preceded_by_title || excellency;
    let mut sentence_start = is_sentence_start(tokens, first);
    let flush = |current: &mut Vec<Piece>, honorific: bool, out: &mut Vec<Candidate>| {
        // Trailing particles are not part of a name.
        while matches!(current.last(), Some(Piece::Word { tok }) if is_particle(tokens[*tok].text))
        {
            current.pop();
        }
        if !current.is_empty() {
            out.push(Candidate {
                pieces: std::mem::take(current),
                honorific,
                list_item,
            });
        }
    };
    let next_words: Vec<Option<&str>> = (0..pieces.len())
        .map(|i| match pieces.get(i + 1) {
            Some(Piece::Word { tok }) => Some(tokens[*tok].text),
            _ => None,
        })
        .collect();
    for (i, p) in pieces.into_iter().enumerate() {
        if let Piece::Word { tok } = &p {
            let w = tokens[*tok].text;
            let l = lower(w);
            if is_honorific(w) || TITLES.contains(l.as_str()) {
                flush(&mut current, honorific, out);
                honorific = true;
                sentence_start = false;
                continue;
            }
            let stop = STOP.contains(lower(w).as_str())
                || (is_place_name(w) && !given_name_before_name(w, next_words[i]));
            if stop || (is_all_caps(w) && w.chars().count() <= 2) {
                flush(&mut current, honorific, out);
                honorific = false;
                // A stop word opening a sentence ("Despite Aset Abishev")
                // does not make the next word sentence-initial.
                sentence_start = false;
                continue;
            }
        }
        current.push(p);
    }
    // Drop a leading sentence-initial word that is no name part when a
    // name follows ("Вчера Асет Абишев", "Прокурор Гончаренко").
    let word_count = current
        .iter()
        .filter(|p| matches!(p, Piece::Word { .. }))
        .count();
    let ends_in_patronymic = matches!(current.last(), Some(Piece::Word { tok }) if patronymic(tokens[*tok].text).is_some());
    // Two words: drop the first only when it is plainly a common noun
    // ("Защиту Жумабекова Е.М.", "Родственники Тлеубаева"); an unknown
    // given name before a surname stays ("Гүлжазира Мұқашева").
    let has_initials = current.iter().any(|p| matches!(p, Piece::Initial { .. }));
    if sentence_start && word_count == 2 {
        if let Some(Piece::Word { tok }) = current.first() {
            let w = tokens[*tok].text;
            if !name_like(w) && !is_all_caps(w) && (has_initials || looks_like_common_noun(w)) {
                current.remove(0);
            }
        }
    }
    if sentence_start && word_count >= 3 && !ends_in_patronymic {
        if let Some(Piece::Word { tok }) = current.first() {
            let w = tokens[*tok].text;
            let rest_is_name = current[1..].iter().any(|p| match p {
                Piece::Word { tok } => name_like(tokens[*tok].text),
                _ => true,
            });
            if !name_like(w) && !is_all_caps(w) && rest_is_name {
                current.remove(0);
            }
        }
    }
    flush(&mut current, honorific, out);
}

/// Russian word endings of common nouns and adjectives that names do not
/// have (names in -ия such as Мария are in the lexicon and never get here).
fn looks_like_common_noun(w: &str) -> bool {
    let l = lower(w);
    [
        "ие", "ия", "ии", "ость", "ости", "ики", "ение", "ание", "ции", "ция", "ство", "ства",
        "ому", "ему", "ого", "его", "ыми", "ими", "ых", "их", "ный", "ная", "ные", "ской", "ский",
    ]
    .iter()
    .any(|e| l.ends_with(e))
}

/// A word that is itself evidence of a name: a known given name or a
/// family-name ending (after Kazakh case suffixes come off).
fn name_like(w: &str) -> bool {
    let nominal = kuager_names::parse::nominative_in(&[w.to_string()], true);
    let w = nominal.first().map(String::as_str).unwrap_or(w);
    given_name(w).is_some() || has_family_ending(&key(w))
}

fn is_sentence_start(tokens: &[Token<'_>], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let Some(prev) = tokens.get(i - 1) else {
        return true;
    };
    if tokens[i].newline_before {
        return true;
    }
    matches!(
        prev.text,
        "." | "!" | "?" | "…" | ":" | "•" | "*" | "—" | "–" | "-" | "\"" | "“" | "«"
    ) && !(prev.text == "."
        && i >= 2
        && tokens
            .get(i - 2)
            .is_some_and(|t| t.text.chars().count() == 1 && is_capitalised(t.text)))
}

fn is_list_item_start(tokens: &[Token<'_>], i: usize) -> bool {
    if i < 2 {
        return false;
    }
    let (Some(num), Some(dot)) = (tokens.get(i - 2), tokens.get(i - 1)) else {
        return false;
    };
    let numeric = num.text.chars().all(|c| c.is_ascii_digit());
    num.newline_before && numeric && (dot.text == "." || dot.text == ")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        extract(text, Language::En)
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn finds_people_and_leaves_the_rest() {
        let t = "My brother Bekizhan Mendygaziev and my colleagues Baurzhan Dzhusupov, Natalya Dauletyarova are in prison. The Democratic Choice of Kazakhstan is banned.";
        assert_eq!(
            names(t),
            vec![
                "Bekizhan Mendygaziev",
                "Baurzhan Dzhusupov",
                "Natalya Dauletyarova"
            ]
        );
    }

    #[test]
    fn honorifics_possessives_and_back_references() {
        let t = "Activists such as Elena Semenova are persecuted. Ms Semenova's right to movement was restricted.";
        let ms = extract(t, Language::En);
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, vec!["Elena Semenova", "Semenova"]);
        assert_eq!(ms[1].refers_to, Some(0));
    }

    #[test]
    fn capitals_particles_and_initials() {
        let t = "Mr Roberto RAMPI, Italy, SOC ; Mr Caspar Van den BERG, Netherlands, ALDE ; Ms Fiona O'LOUGHLIN, Ireland";
        assert_eq!(
            names(t),
            vec!["Roberto RAMPI", "Caspar Van den BERG", "Fiona O'LOUGHLIN"]
        );
        let t = "\n  1. Azhenova G.A.\n  2. Alzhanova J.\n  3. Tskhai E.A.\n";
        assert_eq!(
            names(t),
            vec!["Azhenova G.A.", "Alzhanova J.", "Tskhai E.A."]
        );
    }

    #[test]
    fn alternative_surname_and_russian_cases() {
        let t = "Dissident and poet Aron Atabek (Edigeev) has been imprisoned.";
        assert_eq!(names(t), vec!["Aron Atabek (Edigeev)"]);
        let ms = extract(
            "Суд вынес приговор в отношении Арона Атабека и Мухтару Джакишеву отказали.",
            Language::Ru,
        );
        assert_eq!(ms[0].text, "Арона Атабека");
        assert_eq!(ms[0].name.display(), "Арон Атабек");
        assert_eq!(ms[1].name.display(), "Мухтар Джакишев");
    }

    #[test]
    fn honorifics_with_a_dot() {
        assert_eq!(
            names("The lawyer met Mr. Serik Nurlanov and Dr. Aliyeva on Monday."),
            vec!["Serik Nurlanov", "Aliyeva"]
        );
        assert_eq!(
            names("Signed by Ms. Sofia Petrova in Sofia."),
            vec!["Sofia Petrova"]
        );
    }

    #[test]
    fn streets_and_laws_are_not_people() {
        assert!(names(
            "10 Beibitshilik Street, Astana. Amendments to the Land Code led to protests."
        )
        .is_empty());
    }
}
