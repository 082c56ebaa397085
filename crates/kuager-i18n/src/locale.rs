//! The three interface languages and Accept-Language negotiation.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An interface language. Serialised as its code: `"ru"`, `"kk"`, `"en"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Russian, the project's default.
    #[default]
    Ru,
    /// Kazakh, in Cyrillic script.
    Kk,
    /// English.
    En,
}

impl Locale {
    /// Every locale, in the order the language switch shows them.
    pub const ALL: [Locale; 3] = [Locale::Ru, Locale::Kk, Locale::En];

    /// The BCP 47 language code: `"ru"`, `"kk"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ru => "ru",
            Locale::Kk => "kk",
            Locale::En => "en",
        }
    }

    /// Reads a language tag such as `"ru"`, `"KK"`, `"kk-KZ"`, `"en_GB"`.
    /// Region, script and other subtags are ignored. Returns `None` for any
    /// other language and for text that is not a language tag.
    pub fn from_code(s: &str) -> Option<Locale> {
        primary_language(s, false)
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Ru => "Русский",
            Locale::Kk => "Қазақша",
            Locale::En => "English",
        }
    }

    /// The Unicode language identifier used by the Fluent bundle.
    pub fn langid(self) -> unic_langid::LanguageIdentifier {
        // The three codes are valid language tags; the default is never used.
        self.code().parse().unwrap_or_default()
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Locale::Ru => 0,
            Locale::Kk => 1,
            Locale::En => 2,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Maps a language tag to a locale by its first subtag. With `lenient`, the
/// country code "kz" (a frequent mistake for Kazakh) is accepted too.
fn primary_language(tag: &str, lenient: bool) -> Option<Locale> {
    let tag = tag.trim();
    if tag.is_empty()
        || !tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let first = tag.split(['-', '_']).next().unwrap_or("");
    if first.eq_ignore_ascii_case("ru") {
        Some(Locale::Ru)
    } else if first.eq_ignore_ascii_case("kk") || (lenient && first.eq_ignore_ascii_case("kz")) {
        Some(Locale::Kk)
    } else if first.eq_ignore_ascii_case("en") {
        Some(Locale::En)
    } else {
        None
    }
}

/// Chooses the interface language for an `Accept-Language` header value.
///
/// The language with the highest quality value wins; among equal ones, the
/// one listed first. Region subtags are ignored (`kk-KZ` is Kazakh), `kz` is
/// taken as Kazakh, `*` stands for the default, and entries with `q=0` or a
/// malformed quality are skipped. With no header, or nothing we speak, the
/// answer is Russian.
pub fn negotiate(accept_language: Option<&str>) -> Locale {
    let Some(header) = accept_language else {
        return Locale::default();
    };
    let mut best: Option<(f32, Locale)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let mut quality = Some(1.0_f32);
        for param in parts {
            let param = param.trim();
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            if name.trim().eq_ignore_ascii_case("q") {
                quality = value
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q));
            }
        }
        let Some(q) = quality.filter(|q| *q > 0.0) else {
            continue;
        };
        let locale = if tag == "*" {
            Some(Locale::default())
        } else {
            primary_language(tag, true)
        };
        if let Some(locale) = locale {
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, locale));
            }
        }
    }
    best.map_or(Locale::default(), |(_, locale)| locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
            assert_eq!(locale.to_string(), locale.code());
            assert_eq!(locale.langid().language.as_str(), locale.code());
        }
        assert_eq!(Locale::ALL, [Locale::Ru, Locale::Kk, Locale::En]);
    }

    #[test]
    fn from_code_accepts_subtags_and_case() {
        assert_eq!(Locale::from_code("kk-KZ"), Some(Locale::Kk));
        assert_eq!(Locale::from_code("KK"), Some(Locale::Kk));
        assert_eq!(Locale::from_code("ru-RU"), Some(Locale::Ru));
        assert_eq!(Locale::from_code("ru_ru"), Some(Locale::Ru));
        assert_eq!(Locale::from_code("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_code(" En-us "), Some(Locale::En));
        assert_eq!(Locale::from_code("kk-Cyrl-KZ"), Some(Locale::Kk));
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::from_code("rus"), None);
        assert_eq!(Locale::from_code("english"), None);
        assert_eq!(Locale::from_code(""), None);
        assert_eq!(Locale::from_code("ru;q=1"), None);
    }

    #[test]
    fn native_names() {
        let names: Vec<_> = Locale::ALL.iter().map(|l| l.native_name()).collect();
        assert_eq!(names, ["Русский", "Қазақша", "English"]);
    }

    #[test]
    fn serde_uses_codes() {
        assert_eq!(serde_json::to_string(&Locale::Kk).unwrap(), "\"kk\"");
        assert_eq!(
            serde_json::from_str::<Locale>("\"en\"").unwrap(),
            Locale::En
        );
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate(Some("kk-KZ,kk;q=0.9,ru;q=0.8")), Locale::Kk);
        assert_eq!(negotiate(Some("en-US,en;q=0.9")), Locale::En);
        assert_eq!(negotiate(Some("de")), Locale::Ru);
        assert_eq!(negotiate(Some("ru;q=0.1, en;q=0.5")), Locale::En);
        assert_eq!(negotiate(Some("kz")), Locale::Kk);
        assert_eq!(negotiate(Some("kz-KZ, ru;q=0.5")), Locale::Kk);
        assert_eq!(negotiate(Some("de-DE,de;q=0.9,en;q=0.3")), Locale::En);
        assert_eq!(negotiate(Some("en;q=0.5, kk;q=0.5")), Locale::En);
        assert_eq!(negotiate(Some("en;q=0, kk;q=0.2")), Locale::Kk);
        assert_eq!(negotiate(Some("EN-gb;Q=0.7 , fr")), Locale::En);
        assert_eq!(negotiate(Some("*")), Locale::Ru);
        assert_eq!(negotiate(Some("en;q=0.4, *;q=0.5")), Locale::Ru);
        assert_eq!(negotiate(None), Locale::Ru);
    }

    #[test]
    fn negotiation_survives_garbage() {
        for junk in [
            "",
            ",,,",
            ";;;",
            "q=1",
            "en;q=abc",
            "en;q=2",
            "en;q=NaN",
            "en;q=-1",
            "💥,\u{0}",
            "en\u{202e}",
            "ru-RU;q",
        ] {
            let _ = negotiate(Some(junk));
        }
        assert_eq!(negotiate(Some("garbage!!")), Locale::Ru);
        assert_eq!(negotiate(Some("en;q=abc")), Locale::Ru);
        assert_eq!(negotiate(Some("en;q=abc, kk")), Locale::Kk);
        assert_eq!(negotiate(Some("ru-RU;q")), Locale::Ru);
    }
}
