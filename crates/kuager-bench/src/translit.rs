//! Romanisation of Cyrillic names the way real documents do it.

/// How a name is written in Latin letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Kazakhstani passport style: Yerlan, Mendygaziyev, Sergey, Tatyana,
    /// Assel.
    Passport,
    /// Press and NGO style: Erlan, Mendygaziev, Sergei, Tatiana; `h` writes
    /// х as h (Ahmetov), `j` writes ж as j (Janar), `x` writes кс as x
    /// (Alexei).
    Informal { h: bool, j: bool, x: bool },
}

const VOWELS: &str = "аеёиоуыэюяәөұүі";

fn is_vowel(c: Option<char>) -> bool {
    c.is_some_and(|c| VOWELS.contains(c))
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn push_cased(out: &mut String, s: &str, upper: bool) {
    if upper {
        let mut it = s.chars();
        if let Some(f) = it.next() {
            out.extend(f.to_uppercase());
            out.push_str(it.as_str());
        }
    } else {
        out.push_str(s);
    }
}

/// Romanise one word. `double_s` doubles a single с between vowels in the
/// passport scheme (Асель → Assel, Асет → Asset).
pub fn latin(word: &str, scheme: Scheme, double_s: bool) -> String {
    if word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase()) {
        return latin(&word.to_lowercase(), scheme, double_s).to_uppercase();
    }
    let chars: Vec<char> = word.chars().collect();
    let passport = scheme == Scheme::Passport;
    let (h, j, x) = match scheme {
        Scheme::Passport => (false, false, false),
        Scheme::Informal { h, j, x } => (h, j, x),
    };
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let lc = lower(c);
        let upper = c != lc;
        let prev = if i > 0 {
            Some(lower(chars[i - 1]))
        } else {
            None
        };
        let next = chars.get(i + 1).map(|&c| lower(c));
        let s: &str = match lc {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' => {
                if passport && (prev.is_none() || is_vowel(prev) || matches!(prev, Some('ь' | 'ъ')))
                {
                    "ye"
                } else {
                    "e"
                }
            }
            'ё' => {
                if passport {
                    "yo"
                } else {
                    "e"
                }
            }
            'ж' => {
                if j {
                    "j"
                } else {
                    "zh"
                }
            }
            'з' => "z",
            'и' | 'і' => {
                if !passport && next == Some('й') && i + 2 == chars.len() {
                    // Дмитрий → Dmitry, Евгений → Evgeny
                    i += 1;
                    "y"
                } else {
                    "i"
                }
            }
            'й' => {
                if !passport && is_vowel(prev) {
                    "i"
                } else {
                    "y"
                }
            }
            'к' | 'қ' => {
                if x && next == Some('с') {
                    i += 1;
                    "x"
                } else {
                    "k"
                }
            }
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => {
                if passport && double_s && is_vowel(prev) && is_vowel(next) {
                    "ss"
                } else {
                    "s"
                }
            }
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' | 'һ' => {
                if h {
                    "h"
                } else {
                    "kh"
                }
            }
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' => "",
            'ы' => "y",
            'ь' => {
                if !passport && matches!(next, Some('я' | 'ю' | 'е' | 'ё')) {
                    "i"
                } else {
                    ""
                }
            }
            'э' => "e",
            'ю' => {
                if !passport && prev == Some('ь') {
                    "u"
                } else {
                    "yu"
                }
            }
            'я' => {
                if !passport && matches!(prev, Some('ь' | 'и')) {
                    "a"
                } else {
                    "ya"
                }
            }
            '-' => "-",
            other => {
                out.push(other);
                i += 1;
                continue;
            }
        };
        push_cased(&mut out, s, upper);
        i += 1;
    }
    out
}

/// The initial of a word with its dot: "Ye." / "E." for Ерлан, "Zh." for
/// Жанар, "Е." in Cyrillic.
pub fn initial(word: &str, scheme: Option<Scheme>) -> String {
    let first: String = word.chars().take(1).collect();
    match scheme {
        None => format!("{first}."),
        Some(s) => {
            let l = latin(&first, s, false);
            let mut it = l.chars();
            match it.next() {
                Some(f) => format!("{}{}.", f.to_uppercase(), it.as_str()),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const INF: Scheme = Scheme::Informal {
        h: false,
        j: false,
        x: false,
    };

    #[test]
    fn passport() {
        let p = Scheme::Passport;
        assert_eq!(latin("Ерлан", p, true), "Yerlan");
        assert_eq!(latin("Мендыгазиев", p, false), "Mendygaziyev");
        assert_eq!(latin("Сергей", p, false), "Sergey");
        assert_eq!(latin("Татьяна", p, false), "Tatyana");
        assert_eq!(latin("Асель", p, true), "Assel");
        assert_eq!(latin("Евгений", p, false), "Yevgeniy");
        assert_eq!(latin("Соловьев", p, false), "Solovyev");
        assert_eq!(latin("ЖАКИШЕВ", p, false), "ZHAKISHEV");
    }

    #[test]
    fn informal() {
        assert_eq!(latin("Ерлан", INF, true), "Erlan");
        assert_eq!(latin("Мендыгазиев", INF, false), "Mendygaziev");
        assert_eq!(latin("Сергей", INF, false), "Sergei");
        assert_eq!(latin("Дмитрий", INF, false), "Dmitry");
        assert_eq!(latin("Наталья", INF, false), "Natalia");
        let hx = Scheme::Informal {
            h: true,
            j: true,
            x: true,
        };
        assert_eq!(latin("Алексей", hx, false), "Alexei");
        assert_eq!(latin("Ахметов", hx, false), "Ahmetov");
        assert_eq!(latin("Жанар", hx, false), "Janar");
    }

    #[test]
    fn initials() {
        assert_eq!(initial("Ерлан", Some(Scheme::Passport)), "Ye.");
        assert_eq!(initial("Ерлан", Some(INF)), "E.");
        assert_eq!(initial("Жанар", Some(INF)), "Zh.");
        assert_eq!(initial("Ерлан", None), "Е.");
    }
}
