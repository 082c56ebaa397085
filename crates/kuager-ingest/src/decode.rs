//! Character encoding detection and decoding.
//!
//! Order of decisions:
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE) is believed;
//! 2. bytes that are valid UTF-8 are UTF-8;
//! 3. anything else containing a NUL byte is binary;
//! 4. bytes that are UTF-8 except for a rare broken sequence (a truncated
//!    file) are UTF-8, with U+FFFD for the broken bytes;
//! 5. otherwise a single-byte encoding: windows-1251 or KOI8-R for Cyrillic,
//!    windows-1252 for Latin text. chardetng makes the first guess; between
//!    the two Cyrillic encodings our own scoring of the decoded letters
//!    decides, because on short texts that is more reliable.
//!
//! The decoded text then has its line endings normalised to `\n`, and text
//! that is mostly control characters is refused as binary.

use encoding_rs::{
    Encoding, KOI8_R, KOI8_U, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251, WINDOWS_1252,
};

/// Why bytes could not be decoded into a text document.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary data, not a text document (NUL bytes at byte {offset})")]
    NulBytes { offset: usize },
    #[error("binary data, not a text document ({percent}% control characters)")]
    ControlCharacters { percent: u8 },
    #[error("cannot decode text: no known encoding fits")]
    NoEncoding,
}

impl DecodeError {
    /// For the binary errors, what gave the data away ("NUL bytes at byte 12").
    pub(crate) fn binary_detail(&self) -> String {
        match self {
            DecodeError::NulBytes { offset } => format!("NUL bytes at byte {offset}"),
            DecodeError::ControlCharacters { percent } => {
                format!("{percent}% control characters")
            }
            other => other.to_string(),
        }
    }
}

/// Share of control characters (other than tab, line feed, carriage return
/// and form feed) from which decoded text counts as binary.
const MAX_CONTROL_PERCENT: usize = 10;

/// When a byte order mark declares the encoding, this share of malformed
/// sequences (decoded as U+FFFD) is tolerated; more means the mark lies.
const MAX_REPLACEMENT_PER_MILLE: usize = 10;

/// Decode bytes into text, detecting the encoding.
///
/// Returns the text, with line endings normalised to `\n` and any byte
/// order mark removed, and the encoding's name: "UTF-8", "UTF-16LE",
/// "UTF-16BE", "windows-1251", "KOI8-R" or "windows-1252".
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    decode_text_with_hint(bytes, None)
}

/// [`decode_text`] with a declared encoding (from an HTML `<meta charset>`)
/// that is used instead of guessing when the bytes are neither marked nor
/// valid UTF-8 and it is one of the single-byte encodings Kuager knows.
pub(crate) fn decode_text_with_hint(
    bytes: &[u8],
    hint: Option<&'static Encoding>,
) -> Result<(String, &'static str), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (text, encoding) = decode_raw(bytes, hint)?;
    let text = normalize_newlines(&text);
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    check_control_characters(&text)?;
    Ok((text, encoding.name()))
}

fn decode_raw(
    bytes: &[u8],
    hint: Option<&'static Encoding>,
) -> Result<(String, &'static Encoding), DecodeError> {
    // 1. Byte order marks.
    let marked = [
        (&[0xEF, 0xBB, 0xBF][..], UTF_8),
        (&[0xFF, 0xFE][..], UTF_16LE),
        (&[0xFE, 0xFF][..], UTF_16BE),
    ];
    for (bom, encoding) in marked {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors && too_many_replacements(&text) {
                return Err(DecodeError::NoEncoding);
            }
            return Ok((text.into_owned(), encoding));
        }
    }

    // 2. Valid UTF-8 (which includes plain ASCII).
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), UTF_8));
    }

    // 3. Not UTF-8, no byte order mark, and NUL bytes: not text.
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::NulBytes { offset });
    }

    // 4. UTF-8 with a rare broken sequence.
    let lossy = String::from_utf8_lossy(bytes);
    if mostly_utf8(&lossy) {
        return Ok((lossy.into_owned(), UTF_8));
    }

    // 5. A single-byte encoding.
    let encoding = match hint.filter(is_supported_single_byte) {
        Some(declared) => declared,
        None => detect_single_byte(bytes)?,
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), encoding))
}

fn is_supported_single_byte(encoding: &&'static Encoding) -> bool {
    // KOI8-U is only ever used when a document declares it.
    [WINDOWS_1251, KOI8_R, KOI8_U, WINDOWS_1252].contains(encoding)
}

fn too_many_replacements(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    bad * 1000 > total * MAX_REPLACEMENT_PER_MILLE
}

/// Lossily decoded UTF-8 that is real UTF-8 with a few broken bytes: many
/// well-formed non-ASCII characters, few replacements. Text in a single-byte
/// Cyrillic encoding almost never forms valid multi-byte sequences.
fn mostly_utf8(lossy: &str) -> bool {
    let mut good = 0usize;
    let mut bad = 0usize;
    for c in lossy.chars() {
        if c == '\u{FFFD}' {
            bad += 1;
        } else if !c.is_ascii() {
            good += 1;
        }
    }
    good >= 8 && bad * 50 <= good
}

fn check_control_characters(text: &str) -> Result<(), DecodeError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            control += 1;
        }
    }
    if total > 0 && control * 100 >= total * MAX_CONTROL_PERCENT {
        let percent = u8::try_from(control * 100 / total).unwrap_or(100);
        return Err(DecodeError::ControlCharacters { percent });
    }
    Ok(())
}

/// `\r\n` and lone `\r` become `\n`; a leading U+FEFF is dropped.
pub(crate) fn normalize_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Single-byte detection

/// chardetng's answers that mean "some Cyrillic single-byte encoding".
fn is_cyrillic_family(encoding: &'static Encoding) -> bool {
    encoding == WINDOWS_1251
        || encoding == KOI8_R
        || encoding == KOI8_U
        || encoding == encoding_rs::IBM866
        || encoding == encoding_rs::ISO_8859_5
        || encoding == encoding_rs::X_MAC_CYRILLIC
}

/// How much of a file the single-byte detection looks at: plenty for a
/// reliable guess, and it keeps a 64 MiB file from being decoded three times.
const DETECTION_SAMPLE_BYTES: usize = 256 * 1024;

fn detect_single_byte(bytes: &[u8]) -> Result<&'static Encoding, DecodeError> {
    let bytes = bytes
        .get(..bytes.len().min(DETECTION_SAMPLE_BYTES))
        .unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);

    let cp1251 = CyrillicScore::of(&WINDOWS_1251.decode_without_bom_handling(bytes).0);
    let koi8 = CyrillicScore::of(&KOI8_R.decode_without_bom_handling(bytes).0);
    let (best, best_score) = if koi8.total > cp1251.total {
        (KOI8_R, &koi8)
    } else if cp1251.total > koi8.total {
        (WINDOWS_1251, &cp1251)
    } else if guess == KOI8_R {
        (KOI8_R, &koi8)
    } else {
        (WINDOWS_1251, &cp1251)
    };

    if guess == WINDOWS_1251 || guess == KOI8_R || guess == KOI8_U || best_score.plausible() {
        return Ok(best);
    }
    if is_cyrillic_family(guess) {
        // IBM866, ISO-8859-5, Mac Cyrillic: not supported, and neither of
        // the supported ones reads as Russian or Kazakh.
        return Err(DecodeError::NoEncoding);
    }
    if guess == WINDOWS_1252 {
        return Ok(WINDOWS_1252);
    }
    Err(DecodeError::NoEncoding)
}

/// How much a decoding reads like Russian or Kazakh in Cyrillic.
#[derive(Debug, Default)]
pub(crate) struct CyrillicScore {
    /// Sum of letter log-frequencies and penalties; higher is better.
    pub total: f64,
    /// Cyrillic letters seen.
    pub letters: usize,
    /// Cyrillic letters in words without Latin letters.
    pub letters_in_cyrillic_words: usize,
}

impl CyrillicScore {
    pub(crate) fn of(text: &str) -> CyrillicScore {
        let mut score = CyrillicScore::default();
        let mut word: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_alphabetic() {
                word.push(c);
                continue;
            }
            score.add_word(&word);
            word.clear();
            if !c.is_ascii() {
                score.total += symbol_score(c);
            }
        }
        score.add_word(&word);
        score
    }

    fn add_word(&mut self, word: &[char]) {
        let cyrillic = word.iter().filter(|c| is_cyrillic(**c)).count();
        if cyrillic == 0 {
            return;
        }
        self.letters += cyrillic;
        let latin = word
            .iter()
            .any(|c| c.is_ascii_alphabetic() || is_latin1_letter(*c));
        if latin {
            // "cafй": a Latin word with a byte decoded as a Cyrillic letter.
            self.total -= 4.0 * cyrillic as f64;
            return;
        }
        self.letters_in_cyrillic_words += cyrillic;
        // Running text is mostly lower case; a wrong code page swaps the
        // cases, so all-capital words are a (weak) sign of one.
        if word.len() >= 2 && word.iter().all(|c| !c.is_lowercase()) {
            self.total -= 0.5 * cyrillic as f64;
        }
        let mut previous_lower = false;
        for &c in word {
            let lower = c.to_lowercase().next().unwrap_or(c);
            self.total += letter_log_frequency(lower);
            let is_upper = c.is_uppercase();
            // Upper case after lower case inside a word ("пЯХБЕР" turned
            // around) does not happen in real text.
            if is_upper && previous_lower {
                self.total -= 3.0;
            }
            previous_lower = c.is_lowercase();
        }
    }

    /// Does this decoding read as Cyrillic text at all?
    pub(crate) fn plausible(&self) -> bool {
        if self.letters < 2 {
            return false;
        }
        let in_words = self.letters_in_cyrillic_words as f64 / self.letters as f64;
        let per_letter = self.total / self.letters as f64;
        in_words >= 0.7 && per_letter >= -3.7
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn is_latin1_letter(c: char) -> bool {
    ('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic()
}

/// Natural log of a lower-case letter's frequency in Russian text, with the
/// Ukrainian/Kazakh і given a modest share; letters the languages do not use
/// (Serbian, Macedonian) are very unlikely.
fn letter_log_frequency(c: char) -> f64 {
    // Per ten thousand letters, rounded, from common Russian frequency tables.
    let per_10k: f64 = match c {
        'о' => 1097.0,
        'е' => 845.0,
        'а' => 801.0,
        'и' => 735.0,
        'н' => 670.0,
        'т' => 626.0,
        'с' => 547.0,
        'р' => 473.0,
        'в' => 454.0,
        'л' => 440.0,
        'к' => 349.0,
        'м' => 321.0,
        'д' => 298.0,
        'п' => 281.0,
        'у' => 262.0,
        'я' => 201.0,
        'ы' => 190.0,
        'ь' => 174.0,
        'г' => 170.0,
        'з' => 165.0,
        'б' => 159.0,
        'ч' => 144.0,
        'й' => 121.0,
        'х' => 97.0,
        'ж' => 94.0,
        'ш' => 73.0,
        'ю' => 64.0,
        'ц' => 48.0,
        'щ' => 36.0,
        'э' => 32.0,
        'ф' => 26.0,
        'і' => 50.0,
        'ё' => 10.0,
        'ъ' => 4.0,
        // Kazakh letters (only in UTF texts, but harmless here).
        'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' => 30.0,
        'ї' | 'є' | 'ґ' | 'ў' => 2.0,
        _ => 0.2,
    };
    (per_10k / 10_000.0).ln()
}

/// Non-ASCII, non-letter characters: typographic punctuation is normal,
/// box drawing and C1 controls are what a wrong code page produces.
fn symbol_score(c: char) -> f64 {
    match c {
        '«' | '»' | '–' | '—' | '…' | '№' | '“' | '”' | '„' | '‘' | '’' | '•' | '·' | '°' | '§'
        | '©' | '®' | '™' | '±' | '×' | '\u{A0}' => 0.0,
        '\u{80}'..='\u{9F}' => -5.0,
        '\u{2500}'..='\u{25FF}' | '\u{2320}'..='\u{2321}' => -3.0,
        _ => -1.0,
    }
}

/// Decoded text as a `Cow`, for tests of the scoring.
#[cfg(test)]
fn decode_with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
    encoding.decode_without_bom_handling(bytes).0
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUSSIAN: &str = "Правозащитники сообщили, что 11 октября 2018 года в Алматы был \
        задержан поэт Арон Атабек. Суд приговорил его к лишению свободы.";
    // Kazakh written with only the letters the single-byte code pages have.
    const KAZAKH_ISH: &str = "Алматы облысы бойынша сот отырысы болды. Арон Атабек \
        бостандыгынан айырылды деп хабарлады, ол жылы сотталды.";
    const KAZAKH: &str = "Алматы қаласы бойынша сот Арон Атабекті бостандығынан айырды және \
        құқық қорғаушылар үшін бұл шешім әділетсіз деп мәлімдеді.";

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding.encode(text);
        assert!(!had_errors, "sample not encodable in {}", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn single_byte_round_trips() {
        for sample in [RUSSIAN, KAZAKH_ISH] {
            for encoding in [WINDOWS_1251, KOI8_R] {
                let bytes = encode(encoding, sample);
                let (text, name) = decode_text(&bytes).unwrap();
                assert_eq!(name, encoding.name(), "{sample}");
                assert_eq!(text, sample);
            }
        }
    }

    #[test]
    fn short_cyrillic_texts_both_directions() {
        let samples = [
            "Арон Атабек задержан в Алматы.",
            "Суд приговорил активиста к трём годам колонии.",
            "АРЕСТ ЖУРНАЛИСТА В АЛМАТЫ",
            "Мы требуем освободить всех политических заключённых немедленно!",
            "Сот бойынша ол бостандыгынан айырылды.",
            "Да",
            "«Свобода слова — не преступление», — заявил адвокат по делу № 2-115/18.",
            "В колонии ЕЦ-166/11 Атабек провёл голодовку; ОБСЕ и ООН выразили обеспокоенность.",
            "Ол 2018 жылы Алматы облысы бойынша сотталды деп хабарлады «Адилет» бюросы.",
        ];
        for sample in samples {
            for encoding in [WINDOWS_1251, KOI8_R] {
                // KOI8-R has no « » — №: those samples are windows-1251 only.
                let (bytes, _, had_errors) = encoding.encode(sample);
                if had_errors {
                    assert_eq!(encoding, KOI8_R, "{sample}");
                    continue;
                }
                let (text, name) = decode_text(&bytes).unwrap();
                assert_eq!((text.as_str(), name), (sample, encoding.name()));
            }
        }
    }

    #[test]
    fn utf16_round_trips_with_bom() {
        for sample in [RUSSIAN, KAZAKH, "Aron Atabek, Алматы, 2018"] {
            let mut le = vec![0xFF, 0xFE];
            let mut be = vec![0xFE, 0xFF];
            for unit in sample.encode_utf16() {
                le.extend_from_slice(&unit.to_le_bytes());
                be.extend_from_slice(&unit.to_be_bytes());
            }
            assert_eq!(decode_text(&le).unwrap(), (sample.to_string(), "UTF-16LE"));
            assert_eq!(decode_text(&be).unwrap(), (sample.to_string(), "UTF-16BE"));
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = KAZAKH.as_bytes().to_vec();
        let mut marked = vec![0xEF, 0xBB, 0xBF];
        marked.extend_from_slice(KAZAKH.as_bytes());
        assert_eq!(decode_text(&plain).unwrap(), (KAZAKH.to_string(), "UTF-8"));
        assert_eq!(decode_text(&marked).unwrap(), (KAZAKH.to_string(), "UTF-8"));
    }

    #[test]
    fn truncated_utf8_is_still_utf8() {
        let mut bytes = RUSSIAN.as_bytes().to_vec();
        bytes.push(0xD0); // first half of a two-byte letter
        let (text, name) = decode_text(&bytes).unwrap();
        assert_eq!(name, "UTF-8");
        assert!(text.starts_with(RUSSIAN));
    }

    #[test]
    fn line_endings_are_normalised() {
        let (text, _) = decode_text(b"one\r\ntwo\rthree\n").unwrap();
        assert_eq!(text, "one\ntwo\nthree\n");
        let bytes = encode(WINDOWS_1251, "первая строка\r\nвторая строка\r\n");
        assert_eq!(
            decode_text(&bytes).unwrap().0,
            "первая строка\nвторая строка\n"
        );
    }

    #[test]
    fn empty_and_bom_only() {
        assert_eq!(decode_text(b""), Err(DecodeError::Empty));
        assert_eq!(decode_text(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
        assert_eq!(decode_text(&[0xFF, 0xFE]), Err(DecodeError::Empty));
    }

    #[test]
    fn nul_bytes_are_binary() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
        ];
        assert_eq!(decode_text(&png), Err(DecodeError::NulBytes { offset: 8 }));
    }

    #[test]
    fn control_characters_are_binary() {
        let bytes: Vec<u8> = (0u8..200).map(|i| 1 + i % 8).collect();
        assert!(matches!(
            decode_text(&bytes),
            Err(DecodeError::ControlCharacters { .. })
        ));
    }

    #[test]
    fn latin_single_byte_text_is_windows_1252() {
        let (bytes, _, _) = WINDOWS_1252
            .encode("The café owner said the protesters were détenus à Almaty — “peacefully”.");
        let (text, name) = decode_text(&bytes).unwrap();
        assert_eq!(name, "windows-1252");
        assert!(text.contains("café"));
    }

    #[test]
    fn scoring_prefers_the_right_code_page() {
        for encoding in [WINDOWS_1251, KOI8_R] {
            let bytes = encode(encoding, RUSSIAN);
            let right = CyrillicScore::of(&decode_with(encoding, &bytes));
            let other = if encoding == WINDOWS_1251 {
                KOI8_R
            } else {
                WINDOWS_1251
            };
            let wrong = CyrillicScore::of(&decode_with(other, &bytes));
            assert!(right.total > wrong.total);
            assert!(right.plausible(), "{right:?}");
            assert!(!wrong.plausible(), "{wrong:?}");
        }
    }
}
