//! Case forms: Russian declension of given names, family names and
//! patronymics, and Kazakh case suffixes.

/// A grammatical case (the Kazakh suffixes use Gen, Dat, Acc and Ins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Nom,
    Gen,
    Dat,
    Acc,
    Ins,
    Prep,
}

impl Case {
    pub fn parse(s: &str) -> Option<Case> {
        Some(match s {
            "nom" => Case::Nom,
            "gen" => Case::Gen,
            "dat" => Case::Dat,
            "acc" => Case::Acc,
            "ins" => Case::Ins,
            "prep" => Case::Prep,
            _ => return None,
        })
    }
}

fn strip<'a>(s: &'a str, suffix: &str) -> &'a str {
    &s[..s.len() - suffix.len()]
}

fn ends_hushing(s: &str) -> bool {
    s.ends_with(['ж', 'ш', 'ч', 'щ', 'ц'])
}

/// Endings (gen, dat, acc, ins, prep) after a stem.
fn endings(stem: &str, e: [&str; 5], case: Case) -> String {
    let i = match case {
        Case::Nom => return stem.to_string(),
        Case::Gen => 0,
        Case::Dat => 1,
        Case::Acc => 2,
        Case::Ins => 3,
        Case::Prep => 4,
    };
    format!("{stem}{}", e[i])
}

fn feminine_a(name: &str, case: Case) -> String {
    let stem = strip(name, "а");
    let velar = stem.ends_with(['г', 'к', 'х', 'ж', 'ш', 'ч', 'щ']);
    let gen = if velar { "и" } else { "ы" };
    let ins = if ends_hushing(stem) { "ей" } else { "ой" };
    endings(stem, [gen, "е", "у", ins, "е"], case)
}

fn feminine_ya(name: &str, case: Case) -> String {
    if name.ends_with("ия") {
        endings(strip(name, "я"), ["и", "и", "ю", "ей", "и"], case)
    } else {
        endings(strip(name, "я"), ["и", "е", "ю", "ей", "е"], case)
    }
}

/// A given name in a Russian case.
pub fn ru_given(name: &str, male: bool, case: Case) -> String {
    if case == Case::Nom {
        return name.to_string();
    }
    if name.ends_with('а') {
        return feminine_a(name, case);
    }
    if name.ends_with('я') {
        return feminine_ya(name, case);
    }
    if male {
        if name.ends_with("ий") {
            endings(strip(name, "й"), ["я", "ю", "я", "ем", "и"], case)
        } else if name.ends_with('й') {
            endings(strip(name, "й"), ["я", "ю", "я", "ем", "е"], case)
        } else if name.ends_with('ь') {
            endings(strip(name, "ь"), ["я", "ю", "я", "ем", "е"], case)
        } else if name.ends_with(|c: char| "аеёиоуыэюяәөұүі".contains(c)) {
            name.to_string()
        } else {
            let ins = if ends_hushing(name) { "ем" } else { "ом" };
            endings(name, ["а", "у", "а", ins, "е"], case)
        }
    } else if name.ends_with('ь') {
        let stem = strip(name, "ь");
        match case {
            Case::Acc => name.to_string(),
            Case::Ins => format!("{name}ю"),
            _ => format!("{stem}и"),
        }
    } else {
        // Kazakh women's names ending in a consonant do not decline.
        name.to_string()
    }
}

/// A family name (already in its male or female form) in a Russian case.
pub fn ru_family(name: &str, male: bool, case: Case) -> String {
    if case == Case::Nom {
        return name.to_string();
    }
    if male {
        if name.ends_with("ов")
            || name.ends_with("ев")
            || name.ends_with("ёв")
            || name.ends_with("ин")
            || name.ends_with("ын")
        {
            return endings(name, ["а", "у", "а", "ым", "е"], case);
        }
        if name.ends_with("ий") {
            return endings(strip(name, "ий"), ["ого", "ому", "ого", "им", "ом"], case);
        }
    } else {
        if name.ends_with("ова")
            || name.ends_with("ева")
            || name.ends_with("ёва")
            || name.ends_with("ина")
            || name.ends_with("ына")
        {
            return endings(strip(name, "а"), ["ой", "ой", "у", "ой", "ой"], case);
        }
        if name.ends_with("ая") {
            return endings(strip(name, "ая"), ["ой", "ой", "ую", "ой", "ой"], case);
        }
    }
    name.to_string()
}

/// A Russian-style patronymic in a case.
pub fn ru_patronymic(name: &str, case: Case) -> String {
    if name.ends_with("ич") {
        endings(name, ["а", "у", "а", "ем", "е"], case)
    } else if name.ends_with("на") {
        endings(strip(name, "а"), ["ы", "е", "у", "ой", "е"], case)
    } else {
        name.to_string()
    }
}

/// The feminine form of a family name given in its male form.
pub fn feminine_family(male: &str) -> String {
    if male.ends_with("ов")
        || male.ends_with("ев")
        || male.ends_with("ёв")
        || male.ends_with("ин")
        || male.ends_with("ын")
    {
        format!("{male}а")
    } else if male.ends_with("ий") {
        format!("{}ая", strip(male, "ий"))
    } else {
        male.to_string()
    }
}

/// Whether a father's name can give a Russian-style patronymic here.
pub fn patronymic_base(father: &str) -> bool {
    !father.ends_with(['а', 'я', 'ы', 'о', 'у', 'е'])
}

/// Russian-style patronymic from the father's Russian given name.
pub fn ru_patronymic_of(father: &str, male: bool) -> String {
    let base = if father == "Дмитрий" || father == "Георгий" {
        format!("{}евич", strip(father, "й"))
    } else if father.ends_with("ий") {
        format!("{}ьевич", strip(father, "ий"))
    } else if father.ends_with('й') {
        format!("{}евич", strip(father, "й"))
    } else if father.ends_with('ь') {
        format!("{}евич", strip(father, "ь"))
    } else if father.ends_with('и') || ends_hushing(father) {
        format!("{father}евич")
    } else {
        format!("{father}ович")
    };
    if male {
        base
    } else {
        format!("{}вна", strip(&base, "вич"))
    }
}

/// Kazakh vowel harmony of a word: true when back (а о ұ ы у).
fn back(word: &str) -> bool {
    let mut w: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    // The е of a Russian -ев/-ева ending follows the stem.
    let n = w.len();
    if n > 3 && w[n - 2] == 'е' && w[n - 1] == 'в' {
        w.truncate(n - 2);
    } else if n > 4 && w[n - 3] == 'е' && w[n - 2] == 'в' && w[n - 1] == 'а' {
        w.truncate(n - 3);
        w.push('а');
    }
    for c in w.iter().rev() {
        match c {
            'а' | 'о' | 'ұ' | 'ы' | 'у' | 'я' | 'ю' | 'ё' => return true,
            'ә' | 'е' | 'ө' | 'ү' | 'і' | 'э' => return false,
            _ => {}
        }
    }
    // Only и (Никитин): front, as Kazakh reads it.
    false
}

/// The word with a Kazakh case suffix (genitive, dative, accusative,
/// instrumental): Ерлан → Ерланның, Тоқаев → Тоқаевқа, Атабек → Атабекке.
pub fn kk_case(word: &str, case: Case) -> String {
    let last = match word.chars().last() {
        Some(c) => c.to_lowercase().next().unwrap_or(c),
        None => return String::new(),
    };
    let b = back(word);
    let vowel = "аеёиоуыэюяәөұүі".contains(last) && last != 'у';
    let nasal = matches!(last, 'м' | 'н' | 'ң');
    let liquid = matches!(last, 'л' | 'р' | 'у' | 'й');
    let voiced = matches!(last, 'ж' | 'з');
    let pick = |back_form: &str, front_form: &str| {
        if b {
            back_form.to_string()
        } else {
            front_form.to_string()
        }
    };
    let suffix = match case {
        Case::Gen => {
            if vowel || nasal {
                pick("ның", "нің")
            } else if liquid || voiced {
                pick("дың", "дің")
            } else {
                pick("тың", "тің")
            }
        }
        Case::Dat => {
            if last == 'к' {
                "ке".to_string()
            } else if last == 'қ' {
                "қа".to_string()
            } else if vowel || nasal || liquid || voiced {
                pick("ға", "ге")
            } else {
                pick("қа", "ке")
            }
        }
        Case::Acc => {
            if vowel {
                pick("ны", "ні")
            } else if nasal || liquid || voiced {
                pick("ды", "ді")
            } else {
                pick("ты", "ті")
            }
        }
        Case::Ins => {
            if vowel || nasal || liquid {
                "мен".to_string()
            } else if voiced {
                "бен".to_string()
            } else {
                "пен".to_string()
            }
        }
        Case::Nom | Case::Prep => String::new(),
    };
    format!("{word}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_given() {
        assert_eq!(ru_given("Ерлан", true, Case::Gen), "Ерлана");
        assert_eq!(ru_given("Сергей", true, Case::Ins), "Сергеем");
        assert_eq!(ru_given("Дмитрий", true, Case::Prep), "Дмитрии");
        assert_eq!(ru_given("Игорь", true, Case::Dat), "Игорю");
        assert_eq!(ru_given("Лариса", false, Case::Gen), "Ларисы");
        assert_eq!(ru_given("Дарига", false, Case::Gen), "Дариги");
        assert_eq!(ru_given("Мария", false, Case::Dat), "Марии");
        assert_eq!(ru_given("Наталья", false, Case::Acc), "Наталью");
        assert_eq!(ru_given("Айгуль", false, Case::Gen), "Айгули");
        assert_eq!(ru_given("Жанар", false, Case::Gen), "Жанар");
        assert_eq!(ru_given("Никита", true, Case::Acc), "Никиту");
        assert_eq!(ru_given("Куаныш", true, Case::Ins), "Куанышем");
    }

    #[test]
    fn russian_family() {
        assert_eq!(ru_family("Мендыгазиев", true, Case::Gen), "Мендыгазиева");
        assert_eq!(ru_family("Кенесова", false, Case::Gen), "Кенесовой");
        assert_eq!(ru_family("Закирова", false, Case::Acc), "Закирову");
        assert_eq!(ru_family("Вишневский", true, Case::Dat), "Вишневскому");
        assert_eq!(ru_family("Вишневская", false, Case::Acc), "Вишневскую");
        assert_eq!(ru_family("Коваленко", true, Case::Gen), "Коваленко");
        assert_eq!(feminine_family("Троицкий"), "Троицкая");
    }

    #[test]
    fn patronymics() {
        assert_eq!(ru_patronymic_of("Сергей", true), "Сергеевич");
        assert_eq!(ru_patronymic_of("Юрий", false), "Юрьевна");
        assert_eq!(ru_patronymic_of("Дмитрий", true), "Дмитриевич");
        assert_eq!(ru_patronymic_of("Серик", true), "Серикович");
        assert_eq!(ru_patronymic_of("Ергали", false), "Ергалиевна");
        assert_eq!(ru_patronymic_of("Игорь", true), "Игоревич");
        assert_eq!(ru_patronymic("Сериковна", Case::Gen), "Сериковны");
        assert_eq!(ru_patronymic("Серикович", Case::Ins), "Сериковичем");
    }

    #[test]
    fn kazakh_cases() {
        assert_eq!(kk_case("Атабек", Case::Dat), "Атабекке");
        assert_eq!(kk_case("Тоқаев", Case::Gen), "Тоқаевтың");
        assert_eq!(kk_case("Тоқаев", Case::Dat), "Тоқаевқа");
        assert_eq!(kk_case("Нұрлан", Case::Gen), "Нұрланның");
        assert_eq!(kk_case("Айгерім", Case::Gen), "Айгерімнің");
        assert_eq!(kk_case("Абай", Case::Gen), "Абайдың");
        assert_eq!(kk_case("Әсел", Case::Acc), "Әселді");
        assert_eq!(kk_case("Тоқаев", Case::Ins), "Тоқаевпен");
        assert_eq!(kk_case("Дана", Case::Acc), "Дананы");
    }
}
