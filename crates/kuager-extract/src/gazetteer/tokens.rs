//! A small tokenizer shared by the place, date and figure extractors.
//!
//! It cuts a text into words (letters and combining marks), numbers (ASCII
//! digits) and single punctuation characters, and records for each token
//! its byte and character offsets, whether whitespace separates it from the
//! token before, and how many line breaks that whitespace holds. Nothing
//! here can panic: every slice is taken at offsets that `char_indices`
//! produced.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the look-up tables hold short fixed keys, for which this is
/// several times faster than the default SipHash.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// One token of a text.
#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    /// The token exactly as written.
    pub text: &'a str,
    /// Words: lower case, `ё` as `е`, Latin diacritics removed.
    /// Punctuation: one canonical character (hyphens `-`, dashes `–`,
    /// apostrophes `'`). Numbers: the digits.
    pub norm: Cow<'a, str>,
    pub kind: Kind,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Character offsets into the text.
    pub cstart: usize,
    pub cend: usize,
    /// No whitespace between the previous token and this one.
    pub glued: bool,
    /// Line breaks in the whitespace before this token (saturating).
    pub newlines: u8,
    /// First token of its line (or of the text).
    pub line_start: bool,
}

impl Token<'_> {
    /// The normal form as a `&str`.
    pub(crate) fn n(&self) -> &str {
        &self.norm
    }
    pub(crate) fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub(crate) fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }
    pub(crate) fn is_punct(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.norm == p
    }
    /// Starts with an upper-case letter.
    pub(crate) fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// Every letter upper case (and at least one letter).
    pub(crate) fn is_all_caps(&self) -> bool {
        let mut any = false;
        for c in self.text.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            any = true;
        }
        any
    }
    /// Separated from the previous token by whitespace on one line (or at
    /// most a single line break).
    pub(crate) fn spaced(&self) -> bool {
        !self.glued && self.newlines < 2
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

/// Lower-case and fold one character into `out`.
fn fold_into(c: char, out: &mut String) {
    // Fast paths for the common alphabets.
    match c {
        'a'..='z' | 'а'..='я' => return out.push(c),
        'A'..='Z' => return out.push(c.to_ascii_lowercase()),
        'А'..='Я' => {
            if let Some(l) = char::from_u32(c as u32 + 0x20) {
                return out.push(l);
            }
        }
        _ => {}
    }
    for l in c.to_lowercase() {
        let f = match l {
            'ё' => 'е',
            'ə' => 'ә',
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'ǵ' | 'ğ' => 'g',
            'ń' | 'ñ' => 'n',
            'ş' | 'ș' | 'š' => 's',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ı' | 'í' | 'ì' | 'î' | 'ï' => 'i',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'ç' | 'č' => 'c',
            'ž' => 'z',
            'ý' | 'ÿ' => 'y',
            m if is_mark(m) => continue,
            other => other,
        };
        out.push(f);
    }
}

/// True when `fold` would return the word unchanged.
fn is_folded(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, 'a'..='z' | 'а'..='е' | 'ж'..='я' | 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і'))
}

/// The normal form of a word: what `Token::norm` holds for words.
pub(crate) fn fold(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        fold_into(c, &mut s);
    }
    s
}

fn punct_norm(c: char) -> char {
    match c {
        '-' | '\u{2010}' | '\u{2011}' => '-',
        '–' | '—' | '−' | '\u{2012}' | '\u{2015}' => '–',
        '\'' | '’' | 'ʼ' | '‘' | '`' | '´' => '\'',
        '«' | '»' | '“' | '”' | '„' => '"',
        other => other,
    }
}

/// Cut `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 4 + 1);
    let mut it = text.char_indices().peekable();
    let mut chars = 0usize;
    let mut glued = false;
    let mut newlines: u8 = 0;
    let mut line_start = true;
    while let Some(&(start, c)) = it.peek() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines = newlines.saturating_add(1);
                line_start = true;
            }
            glued = false;
            it.next();
            chars += 1;
            continue;
        }
        let cstart = chars;
        it.next();
        chars += 1;
        let kind = if c.is_ascii_digit() {
            while let Some(&(_, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                it.next();
                chars += 1;
            }
            Kind::Num
        } else if is_word_char(c) {
            while let Some(&(_, d)) = it.peek() {
                if !is_word_char(d) {
                    break;
                }
                it.next();
                chars += 1;
            }
            Kind::Word
        } else {
            Kind::Punct
        };
        let end = it.peek().map_or(text.len(), |&(b, _)| b);
        let slice = &text[start..end];
        let norm = match kind {
            Kind::Word if is_folded(slice) => Cow::Borrowed(slice),
            Kind::Word => Cow::Owned(fold(slice)),
            Kind::Num => Cow::Borrowed(slice),
            Kind::Punct => {
                let p = punct_norm(c);
                if p == c {
                    Cow::Borrowed(slice)
                } else {
                    Cow::Owned(p.to_string())
                }
            }
        };
        out.push(Token {
            text: slice,
            norm,
            kind,
            start,
            end,
            cstart,
            cend: chars,
            glued,
            newlines,
            line_start,
        });
        glued = true;
        newlines = 0;
        line_start = false;
    }
    out
}

/// True when the string holds a Cyrillic letter.
pub(crate) fn has_cyrillic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// Word patterns: `stem*` accepts up to 3 more letters (1 for Latin stems),
/// `stem~` up to 5 (Kazakh case endings), a bare word only itself.
#[derive(Debug, Clone)]
enum Elem {
    Word { stem: String, extra: usize },
    Punct(String),
}

impl Elem {
    fn matches(&self, t: &Token<'_>) -> bool {
        match self {
            Elem::Word { stem, extra } => {
                t.is_word()
                    && t.norm.starts_with(stem.as_str())
                    && t.norm[stem.len()..].chars().count() <= *extra
            }
            Elem::Punct(p) => t.kind == Kind::Punct && t.norm == *p,
        }
    }
}

/// True when there is no best match yet, or `beats` says the new one is
/// better.
fn better(best: Option<(usize, usize)>, beats: impl Fn((usize, usize)) -> bool) -> bool {
    match best {
        None => true,
        Some(b) => beats(b),
    }
}

/// A list of word sequences ("more than", "political prisoner*",
/// "қаза тап*") matched against tokens.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    entries: Vec<(Vec<Elem>, usize)>,
    /// Index of entries by the stem of their first word.
    by_first: FastMap<String, Vec<usize>>,
    max_extra: usize,
}

impl Lexicon {
    /// Build from `(pattern, value)` pairs. Words of a pattern are separated
    /// by spaces; `-`, `'` and `.` inside a pattern must stand glued in the
    /// text ("approx.", "хабар-ошарсыз").
    pub(crate) fn new(items: &[(&str, usize)]) -> Lexicon {
        let mut lex = Lexicon::default();
        for &(pat, value) in items {
            let mut elems = Vec::new();
            for piece in pat.split_whitespace() {
                let (body, extra) = if let Some(b) = piece.strip_suffix('*') {
                    let latin = !has_cyrillic(b);
                    (b, if latin { 1 } else { 3 })
                } else if let Some(b) = piece.strip_suffix('~') {
                    (b, 5)
                } else {
                    (piece, 0)
                };
                // Split the body at glued punctuation.
                let mut word = String::new();
                for c in body.chars() {
                    if is_word_char(c) || c.is_ascii_digit() {
                        word.push(c);
                    } else {
                        if !word.is_empty() {
                            elems.push(Elem::Word {
                                stem: fold(&word),
                                extra: 0,
                            });
                            word.clear();
                        }
                        elems.push(Elem::Punct(punct_norm(c).to_string()));
                    }
                }
                if !word.is_empty() {
                    elems.push(Elem::Word {
                        stem: fold(&word),
                        extra,
                    });
                }
            }
            let Some(Elem::Word { stem, extra }) = elems.first() else {
                continue;
            };
            lex.max_extra = lex.max_extra.max(*extra);
            lex.by_first
                .entry(stem.clone())
                .or_default()
                .push(lex.entries.len());
            lex.entries.push((elems, value));
        }
        lex
    }

    fn match_from(elems: &[Elem], toks: &[Token<'_>], i: usize) -> Option<usize> {
        let mut j = i;
        for (k, e) in elems.iter().enumerate() {
            let t = toks.get(j)?;
            if !e.matches(t) {
                return None;
            }
            if k > 0 {
                let prev_punct = matches!(elems[k - 1], Elem::Punct(_));
                let ok = match e {
                    Elem::Punct(_) => t.glued,
                    Elem::Word { .. } if prev_punct => t.glued,
                    Elem::Word { .. } => t.spaced(),
                };
                if !ok {
                    return None;
                }
            }
            j += 1;
        }
        Some(j)
    }

    /// Number of entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The longest entry starting at token `i`: (end token, value).
    pub(crate) fn match_at(&self, toks: &[Token<'_>], i: usize) -> Option<(usize, usize)> {
        let t = toks.get(i)?;
        if !t.is_word() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut cut = t.norm.len();
        let mut dropped = 0;
        loop {
            if let Some(ids) = self.by_first.get(&t.n()[..cut]) {
                for &id in ids {
                    let (elems, value) = &self.entries[id];
                    if let Some(end) = Self::match_from(elems, toks, i) {
                        if better(best, |(e, _)| end > e) {
                            best = Some((end, *value));
                        }
                    }
                }
            }
            if dropped >= self.max_extra || cut == 0 {
                break;
            }
            // Step back one character.
            let Some((b, _)) = t.n()[..cut].char_indices().next_back() else {
                break;
            };
            cut = b;
            dropped += 1;
        }
        best
    }

    /// The longest entry ending just before token `end`: (start token, value).
    pub(crate) fn match_ending(&self, toks: &[Token<'_>], end: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (elems, value) in &self.entries {
            let n = elems.len();
            if n > end {
                continue;
            }
            let start = end - n;
            if Self::match_from(elems, toks, start) == Some(end) && better(best, |(s, _)| start < s)
            {
                best = Some((start, *value));
            }
        }
        best
    }
}
