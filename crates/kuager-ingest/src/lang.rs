//! Language detection by script and a few Kazakh markers.

use kuager_domain::Language;

/// Letters Kazakh has and Russian does not.
const KAZAKH_LETTERS: &[char] = &[
    'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І',
];

/// Frequent Kazakh words that are not Russian words, including some written
/// without Kazakh letters (as legacy texts typed on Russian layouts are).
const KAZAKH_WORDS: &[&str] = &[
    "және",
    "мен",
    "бен",
    "пен",
    "бойынша",
    "үшін",
    "туралы",
    "деп",
    "бұл",
    "осы",
    "арқылы",
    "кейін",
    "сияқты",
    "болып",
    "болды",
    "деген",
    "жылы",
    "жылғы",
    "екен",
    "емес",
    "керек",
    "ретінде",
    "қарсы",
    "тарапынан",
];

/// The language of a text: "kk" when Kazakh letters make up at least 0.5%
/// of the Cyrillic letters (at least two of them) or at least two Kazakh
/// function words appear; "ru" when it is otherwise mostly Cyrillic; "en"
/// when mostly Latin; Unknown when there are no letters or neither script
/// has the majority.
pub fn detect_language(text: &str) -> Language {
    let mut cyrillic = 0usize;
    let mut latin = 0usize;
    let mut kazakh_letters = 0usize;
    let mut kazakh_words = 0usize;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        let mut word_cyrillic = false;
        for c in word.chars() {
            if ('\u{0400}'..='\u{052F}').contains(&c) {
                cyrillic += 1;
                word_cyrillic = true;
                if KAZAKH_LETTERS.contains(&c) {
                    kazakh_letters += 1;
                }
            } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                latin += 1;
            }
        }
        if word_cyrillic {
            let lower = word.to_lowercase();
            if KAZAKH_WORDS.contains(&lower.as_str()) {
                kazakh_words += 1;
            }
        }
    }

    if cyrillic > latin {
        let by_letters = kazakh_letters >= 2 && kazakh_letters * 200 >= cyrillic;
        if by_letters || kazakh_words >= 2 {
            Language::Kk
        } else {
            Language::Ru
        }
    } else if latin > cyrillic {
        Language::En
    } else {
        Language::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english() {
        assert_eq!(
            detect_language("Aron Atabek was detained in Almaty on 11 October 2018."),
            Language::En
        );
        // A Russian name in an English text does not make it Russian.
        assert_eq!(
            detect_language("The poet Арон Атабек was sentenced to 18 years in prison."),
            Language::En
        );
    }

    #[test]
    fn russian() {
        assert_eq!(
            detect_language("Поэт Арон Атабек был задержан в Алматы 11 октября 2018 года."),
            Language::Ru
        );
        // One Kazakh name in a long Russian text stays Russian.
        let text = format!(
            "{} Президент Қасым-Жомарт Тоқаев не ответил.",
            "Правозащитники потребовали освободить политических заключённых. ".repeat(10)
        );
        assert_eq!(detect_language(&text), Language::Ru);
    }

    #[test]
    fn kazakh() {
        assert_eq!(
            detect_language("Ақын Арон Атабек 2006 жылы сотталды және түрмеде қайтыс болды."),
            Language::Kk
        );
        // Without Kazakh letters, by its function words.
        assert_eq!(
            detect_language("Алматы облысы бойынша сот болды деп хабарлады, ол жылы сотталды."),
            Language::Kk
        );
    }

    #[test]
    fn unknown() {
        assert_eq!(detect_language(""), Language::Unknown);
        assert_eq!(detect_language("12.10.2018 — 42"), Language::Unknown);
        assert_eq!(detect_language("北京 東京"), Language::Unknown);
    }
}
