//! Transliteration keys: one spelling for every way a name is written.
//!
//! A Kazakh or Russian name reaches us in Cyrillic (Russian or Kazakh
//! alphabet), in one of several Latin romanisations (passport/ICAO,
//! BGN/PCGN, scholarly with háček letters, Kazakh Latin 2021, the 2017
//! apostrophe alphabet) and in informal spellings that mix them. Instead of
//! converting between each pair of systems we fold every spelling onto one
//! *key*: a short ASCII string in which the distinctions that
//! romanisations disagree on are erased (zh/j/dzh, kh/h, y/i, ye/e, doubled
//! letters, the Kazakh-only vowels) and the distinctions that tell names
//! apart are kept. Two spellings of one name give the same key; the key is
//! never shown to a user.
//!
//! Upper-case letters in a key are placeholders for single sounds that
//! romanisations spell with two Latin letters (`S` = sh, `C` = ch, `J` =
//! zh/j/dzh, `H` = kh/h, `Z` = ts), so a key never confuses "s"+"h" with
//! "sh" once folded.

/// Fold one name part (one word, any script) to its key.
///
/// ```
/// use kuager_names::translit::key;
/// assert_eq!(key("Mendygaziyev"), key("Мендыгазиев"));
/// assert_eq!(key("Төрегожина"), key("Toreghozhina"));
/// assert_eq!(key("Құшақбаев"), key("Kushakbayev"));
/// assert_ne!(key("Galles"), key("Gavan"));
/// ```
pub fn key(part: &str) -> String {
    // A national list writes the same few thousand words a million times:
    // each thread remembers the keys it made (up to a bound, so a
    // long-running server does not grow without end).
    const REMEMBERED: usize = 200_000;
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    KEYS.with(|keys| {
        if let Some(k) = keys.borrow().get(part) {
            return k.clone();
        }
        let k = fold_latin(&to_latin(part));
        let mut keys = keys.borrow_mut();
        if keys.len() >= REMEMBERED {
            keys.clear();
        }
        keys.insert(part.to_string(), k.clone());
        k
    })
}

/// Map every character to lower-case Latin letters (several for some),
/// dropping what is not a letter.
fn to_latin(part: &str) -> String {
    let mut out = String::with_capacity(part.len() + 4);
    let mut after_prime = false;
    for ch in part.chars() {
        // The prime of scholarly romanisation marks a soft sign (Ilʹja,
        // Olʹga): dropped, and the j after it is the glide of я.
        if matches!(ch, 'ʹ' | 'ʼ' | '\'' | '’' | 'ʺ' | '`') {
            after_prime = true;
            continue;
        }
        for lc in ch.to_lowercase() {
            if after_prime && lc == 'j' {
                out.push('y');
            } else {
                push_latin(lc, &mut out);
            }
        }
        after_prime = false;
    }
    out
}

fn push_latin(c: char, out: &mut String) {
    let s: &str = match c {
        'a'..='z' => {
            out.push(c);
            return;
        }
        // Russian and Kazakh Cyrillic.
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' => "i",
        'й' => "y",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' | 'ў' => "u",
        'ф' => "f",
        'х' | 'һ' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh Latin 2021 and 2017, scholarly, Turkish-style letters.
        'ä' | 'á' | 'à' | 'â' | 'ã' | 'å' | 'ā' => "a",
        'ğ' | 'ǵ' | 'ĝ' | 'ġ' => "g",
        'ñ' | 'ń' => "n",
        'ö' | 'ó' | 'ò' | 'ô' | 'ō' | 'ø' => "o",
        'ū' | 'ú' | 'ù' | 'û' | 'ü' | 'ŭ' => "u",
        'ı' | 'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
        'ş' | 'š' | 'ś' => "sh",
        'ç' | 'č' | 'ć' => "ch",
        'ž' | 'ź' | 'ż' => "zh",
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ě' => "e",
        'ý' | 'ÿ' => "y",
        'ł' => "l",
        'ß' => "ss",
        'ř' => "r",
        'ď' => "d",
        'ť' => "t",
        'ň' => "n",
        'ľ' | 'ĺ' => "l",
        _ => {
            if c.is_alphabetic() {
                // Other scripts pass through unchanged; keys of them only
                // ever match themselves.
                out.push(c);
            }
            return;
        }
    };
    out.push_str(s);
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Fold a lower-case Latin spelling onto the key.
fn fold_latin(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    // 1. Digraphs and letters that romanisations spell differently.
    let mut folded: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    let at = |j: usize| chars.get(j).copied();
    while i < chars.len() {
        let c = chars[i];
        let n1 = at(i + 1);
        let n2 = at(i + 2);
        let n3 = at(i + 3);
        let (out, used) = match (c, n1, n2, n3) {
            ('s', Some('h'), Some('c'), Some('h')) => ('S', 4),
            ('d', Some('z'), Some('h'), _) => ('J', 3),
            ('s', Some('c'), Some('h'), _) => ('S', 3),
            ('t', Some('c'), Some('h'), _) => ('C', 3),
            ('z', Some('h'), _, _) => ('J', 2),
            ('d', Some('j'), _, _) => ('J', 2),
            ('s', Some('h'), _, _) => ('S', 2),
            ('c', Some('h'), _, _) => ('C', 2),
            ('k', Some('h'), _, _) => ('H', 2),
            // Latin x is х in Kazakh and scholarly spellings (Mixail,
            // Abdraxman) and кс in English ones (Alexandr): both are
            // folded onto х, and so is кс itself.
            ('k', Some('s'), _, _) => ('H', 2),
            ('g', Some('h'), _, _) => ('g', 2),
            ('t', Some('s'), _, _) => ('Z', 2),
            ('c', Some('k'), _, _) => ('k', 2),
            ('p', Some('h'), _, _) => ('f', 2),
            // j after a vowel and not before one is й (Bektaj, Kajrat);
            // elsewhere it is ж (Jandos, Töregojina).
            ('j', next, _, _)
                if folded.last().is_some_and(|c| is_vowel(*c)) && !next.is_some_and(is_vowel) =>
            {
                ('y', 1)
            }
            ('j', _, _, _) => ('J', 1),
            ('h', _, _, _) => ('H', 1),
            ('q', _, _, _) => ('k', 1),
            ('w', _, _, _) => ('v', 1),
            ('c', Some('e' | 'i' | 'y'), _, _) => ('Z', 1),
            ('c', _, _, _) => ('k', 1),
            ('x', _, _, _) => ('H', 1),
            _ => (c, 1),
        };
        // с + х is spelt sh where x is written h (Ashat / Асхат).
        if out == 'H' && folded.last() == Some(&'s') {
            folded.pop();
            folded.push('S');
        } else {
            folded.push(out);
        }
        i += used;
    }

    // 2. Glides: a "y" (й, the j of ye/ya/yu) or "i" before a vowel is
    //    written in some systems and not in others (Yerlan/Erlan,
    //    Mendygaziyev/Mendygaziev, Aiya/Aya): drop it when a vowel follows.
    //    A remaining "y" is the vowel ы, which English texts write as "i"
    //    (Yedygeyev/Edigeev).
    // "yo" is how Latin spells ё, which Russian itself usually writes е
    // (Пётр/Петр, Artyom/Артём, Ponomaryov/Пономарёв).
    let mut folded_yo: Vec<char> = Vec::with_capacity(folded.len());
    let mut k = 0;
    while k < folded.len() {
        if folded[k] == 'y' && folded.get(k + 1) == Some(&'o') {
            folded_yo.push('e');
            k += 2;
        } else {
            folded_yo.push(folded[k]);
            k += 1;
        }
    }
    let folded = folded_yo;
    let mut glided: Vec<char> = Vec::with_capacity(folded.len());
    for &c in &folded {
        // "iy" -> "i" (Mendygaziyev, Kaliyeva).
        if c == 'y' && glided.last() == Some(&'i') {
            continue;
        }
        glided.push(c);
    }
    let strict_vowel = |c: Option<&char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    let mut unglided: Vec<char> = Vec::with_capacity(glided.len());
    for (j, &c) in glided.iter().enumerate() {
        let next = glided.get(j + 1);
        // "y" before a vowel is the glide of ye/ya/yu (Yerlan, Bokayev);
        // after a consonant at the end of a name it is the soft sign's,
        // spelt i as often (Ilya / Ilia / Илья, Darya / Daria). Not inside
        // a name: Ляззат is Ләззат.
        if c == 'y' && strict_vowel(next) {
            if j > 0
                && j + 2 == glided.len()
                && !is_vowel(glided[j - 1])
                && glided[j - 1].is_ascii_lowercase()
            {
                unglided.push('i');
            }
            continue;
        }
        unglided.push(if c == 'y' { 'i' } else { c });
    }
    // "i" between vowels is a glide too (Aiya/Aya/Айя), and so is a first
    // "i" before a or u: the passport romanisation writes Я and Ю as ia
    // and iu (Iurii / Юрий, Iakov / Яков).
    let mut glided: Vec<char> = Vec::with_capacity(unglided.len());
    for (j, &c) in unglided.iter().enumerate() {
        let next = unglided.get(j + 1);
        if c == 'i' && j == 0 && unglided.len() > 2 && matches!(next, Some('a' | 'u')) {
            continue;
        }
        if c == 'i'
            && j > 0
            && strict_vowel(unglided.get(j - 1))
            && matches!(next, Some('a' | 'e' | 'o' | 'u'))
        {
            continue;
        }
        glided.push(c);
    }

    // 3. Doubled letters are spelled single in some systems (Asset/Aset,
    //    Larissa/Larisa, Bekkulova/Bekulova).
    let mut out = String::with_capacity(glided.len());
    let mut last: Option<char> = None;
    for c in glided {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Grammatical gender a family name shows by its ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Male,
    Female,
}

/// Key of a family name with the gender ending removed, so that the
/// brother and the sister (Alzhanov, Alzhanova) share a block, and the
/// gender it showed, if any.
pub fn family_key(part: &str) -> (String, Option<Gender>) {
    let k = key(part);
    neutral_family(&k)
}

/// Remove the feminine/masculine ending from a family-name key.
pub fn neutral_family(k: &str) -> (String, Option<Gender>) {
    // Order matters: longest endings first.
    const FEMININE: &[(&str, &str)] = &[
        ("ska", "ski"),
        ("Zka", "Zki"),
        ("ova", "ov"),
        ("eva", "ev"),
        ("ina", "in"),
    ];
    const MASCULINE: &[&str] = &["ov", "ev", "in", "ski", "Zki"];
    if k.chars().count() > 4 {
        for (fem, masc) in FEMININE {
            if let Some(stem) = k.strip_suffix(fem) {
                return (format!("{stem}{masc}"), Some(Gender::Female));
            }
        }
        for masc in MASCULINE {
            if k.ends_with(masc) {
                return (k.to_string(), Some(Gender::Male));
            }
        }
    }
    if k.ends_with("kizi") || k.ends_with("kiz") {
        return (k.to_string(), Some(Gender::Female));
    }
    if k.ends_with("uli") {
        return (k.to_string(), Some(Gender::Male));
    }
    (k.to_string(), None)
}

/// The first letter of a key, for comparing an initial with a name: the
/// initial "Ж." and the name "Zhanar" both start with `J`.
pub fn initial_key(c: char) -> Option<char> {
    let mut s = String::new();
    s.push(c);
    // An initial stands alone, so its digraph expansions ("zh") fold as a
    // unit.
    key(&s).chars().next().or(match c.to_lowercase().next() {
        Some('y') | Some('й') => Some('i'),
        _ => None,
    })
}

/// The key's consonant skeleton, a coarse blocking key that survives vowel
/// typos (Mendigaziev/Mendygaziev are already equal; Toregozhina/Toregazhina
/// are not, but share a skeleton).
pub fn skeleton(k: &str) -> String {
    let mut out = String::new();
    for (i, c) in k.chars().enumerate() {
        if i == 0 || !is_vowel(c) {
            out.push(c);
        }
    }
    out
}

/// Does `text` contain Cyrillic letters?
pub fn is_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}'))
}

/// Levenshtein distance between two short strings, counting chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(key(a), key(b), "{a} vs {b}");
    }
    fn differ(a: &str, b: &str) {
        assert_ne!(key(a), key(b), "{a} vs {b}");
    }

    #[test]
    fn romanisations_fold_together() {
        same("Mendygaziev", "Mendygaziyev");
        same("Mendygaziev", "Мендыгазиев");
        same("Mendygaziev", "Мендығазиев");
        same("Toregozhina", "Toreghozhina");
        same("Toregozhina", "Торегожина");
        same("Toregozhina", "Төрегожина");
        same("Toregozhina", "Töregojina");
        same("Kushakbayev", "Құшақбаев");
        same("Kushakbayev", "Qūşaqbaev");
        same("Kushakbayev", "Kušakbaev");
        same("Aset", "Asset");
        same("Aset", "Асет");
        same("Max", "Maks");
        same("Max", "Макс");
        same("Edigeev", "Yedygeyev");
        same("Yerlan", "Erlan");
        same("Yerlan", "Ерлан");
        same("Aiya", "Aya");
        same("Aiya", "Айя");
        same("Ponomaryov", "Пономарёв");
        same("Artyom", "Артём");
        same("Artyom", "Artem");
        same("Dzhakishev", "Джакишев");
        same("Dzhakishev", "Jakishev");
        same("Akhmedyarov", "Ahmedyarov");
        same("Bakhytzhan", "Бахытжан");
        same("Bakhytzhan", "Bahytjan");
        same("Bekizhan", "Bekijan");
        same("Tskhai", "Цхай");
        same("Issenova", "Исенова");
        // Soft sign and glide: Илья is Ilya, Ilia and Ilʹja.
        same("Илья", "Ilia");
        same("Илья", "Ilʹja");
        same("Дарья", "Daria");
        same("Ляззат", "Ләззат");
        // The passport's ia and iu for a first Я and Ю.
        same("Юрий", "Iurii");
        same("Яков", "Iakov");
        same("Юлия", "Iuliia");
        assert_ne!(key("Иван"), key("Ван"));
        // x for х, sh for сх, j for й after a vowel.
        same("Михаил", "Mixail");
        same("Александр", "Alexandr");
        same("Асхат", "Ashat");
        same("Бектай", "Bektaj");
        same("Қайрат", "Qajrat");
    }

    #[test]
    fn different_names_stay_apart() {
        differ("Galles", "Gavan");
        differ("Barlyk", "Bekizhan");
        differ("Aset", "Kenzhebek");
        differ("Alzhanova", "Alzhanov");
        differ("Kaliyev", "Kusmankyzy");
        differ("Sadyrbayeva", "Sadvakasova");
    }

    #[test]
    fn family_keys_drop_gender() {
        assert_eq!(family_key("Alzhanova").0, family_key("Alzhanov").0);
        assert_eq!(family_key("Alzhanova").1, Some(Gender::Female));
        assert_eq!(family_key("Bekkulova").0, family_key("Bekkulov").0);
        assert_eq!(family_key("Kaliyeva").0, family_key("Калиев").0);
        assert_eq!(family_key("Krestyanskaya").0, family_key("Krestyanskiy").0);
        assert_eq!(family_key("Kusmankyzy").1, Some(Gender::Female));
    }

    #[test]
    fn initials_match_names() {
        assert_eq!(initial_key('Ж'), key("Zhanar").chars().next());
        assert_eq!(initial_key('J'), key("Zhanar").chars().next());
        assert_eq!(initial_key('Н'), key("Nurbek").chars().next());
        assert_eq!(initial_key('L'), key("Larissa").chars().next());
    }

    #[test]
    fn edit_distance_counts() {
        assert_eq!(edit_distance("shalip", "shalipa"), 1);
        assert_eq!(edit_distance("galles", "gavan"), 4);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
