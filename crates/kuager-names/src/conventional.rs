//! Kazakh given names and their conventional Russian forms.
//!
//! Transliteration keys fold spellings of one written form together
//! (Нұрлан, Нурлан, Nurlan), but a Kazakh name often has a second,
//! Russian form that is not a spelling of the first: Жүсіп is Юсуп on a
//! Russian-language list, Ыбырай is Ибрагим, Шолпан is Чолпан. Official
//! lists use the Russian form, Kazakh NGOs the Kazakh one, so record
//! linkage must treat them as one name. Each group below lists forms of
//! one name; every form maps to the key of the group's first form.

use crate::translit::key;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Forms of one name, Kazakh form first. Facts of usage, not prose.
const GROUPS: &[&[&str]] = &[
    &["Жүсіп", "Юсуп", "Юсуф", "Жусуп"],
    &["Жақып", "Якуб", "Якып", "Жакуп", "Jakub"],
    &[
        "Ыбырай",
        "Ибрагим",
        "Ибраһим",
        "Ибрай",
        "Ыбыраһым",
        "Ибрахим",
    ],
    &["Ысқақ", "Исхак", "Искак"],
    &["Ысмайыл", "Исмаил", "Смаил", "Исмайыл"],
    &["Ыдырыс", "Идрис"],
    &["Ілияс", "Ильяс", "Ельяс"],
    &["Ғиса", "Иса", "Гиса"],
    &["Сүлеймен", "Сулейман", "Сулеймен"],
    &["Әбілқайыр", "Абулхаир", "Абилкаир"],
    &["Әбдірахман", "Абдрахман", "Абдурахман", "Абдырахман"],
    &["Әбдіжаппар", "Абдыжаппар", "Абдужаппар"],
    &["Ғабдолла", "Габдулла", "Абдулла", "Абдолла"],
    &["Ғұмар", "Гумар", "Умар", "Омар"],
    &["Оспан", "Усман", "Осман"],
    &["Ахмет", "Ахмед", "Ахмад"],
    &["Рақым", "Рахим", "Рахым"],
    &["Хамит", "Хамид", "Қамит"],
    &["Хасен", "Хасан", "Қасен"],
    &["Шолпан", "Чолпан", "Чулпан"],
    &["Зейнеп", "Зейнаб", "Зайнаб", "Зайнеп"],
    &["Патима", "Фатима"],
    &["Қадиша", "Хадиша", "Кадиша", "Хадиджа"],
    &["Мәриям", "Мариям", "Марьям", "Мариам"],
    &["Бауыржан", "Бауржан"],
    &["Мұхаммед", "Мухаммед", "Мухамед", "Мұхамед"],
    &["Мұхамбет", "Мухамбет", "Мухамбетжан"],
    &["Жүніс", "Юнус", "Жунус"],
    &["Мүсілім", "Муслим", "Мусилим"],
    &["Әлімжан", "Алимжан"],
    &["Нұрғали", "Нургали", "Нурали"],
    &["Ізбасар", "Избасар"],
    &["Тілеуберді", "Тлеуберди", "Тілеуберди"],
    &["Төлеген", "Тулеген"],
    &["Төлеу", "Тулеу"],
    &["Тұрсын", "Турсун"],
    &["Сейітқали", "Сеиткали", "Сейткали"],
    &["Жұмағали", "Жумагали"],
    &["Ерболат", "Ерболат", "Ербулат"],
    // Soviet-era Russian forms, still on official lists: Ж as Дж, Ө and
    // О as У, Ш as Ч, Е as И.
    &["Жамбыл", "Джамбул", "Жамбул"],
    &["Жұмабай", "Джумабай"],
    &["Жәнібек", "Джанибек"],
    &["Қожахмет", "Ходжахмет", "Кожахмет"],
    &["Зейнолла", "Зейнулла"],
    &["Ораз", "Ураз"],
    &["Оразбек", "Уразбек"],
    &["Өмірзақ", "Умирзак", "Омирзак"],
    &["Өтеген", "Утеген", "Отеген"],
    &["Шоқан", "Чокан"],
    &["Шыңғыс", "Чингиз", "Чингис", "Шынгыс"],
    &["Махмұт", "Махмуд", "Махмут"],
    &["Есет", "Исет"],
    &["Зылиха", "Зулейха", "Зулиха"],
    &["Ләйлә", "Лейла", "Лайла"],
];

/// Family names whose Russian form is a convention of its own, not a
/// letter-by-letter one nor made from a given name's conventional form:
/// Сәтбаев is Сатпаев, Уәлиханов Валиханов. Kazakh form first.
const FAMILY_GROUPS: &[&[&str]] = &[
    &["Сәтбаев", "Сатпаев"],
    &["Уәлиханов", "Валиханов", "Уалиханов"],
    &["Тілеубаев", "Тлеубаев"],
    &["Қабдолов", "Кабдулов", "Кабдолов"],
    &["Амангелдіев", "Амангельдыев", "Амангельдиев"],
    &["Әуезов", "Ауэзов", "Ауезов"],
];

/// Every form's key to the key of its group's first form.
fn canonical_keys(groups: &[&[&str]]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for group in groups {
        let Some(first) = group.first() else { continue };
        let canonical = key(first);
        for form in *group {
            map.insert(key(form), canonical.clone());
        }
    }
    map
}

static CANONICAL_FAMILY: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| canonical_keys(FAMILY_GROUPS));

/// The key that stands for every form of a family name with a
/// conventional Russian form (the Kazakh form's), else the key itself.
///
/// ```
/// use kuager_names::conventional::canonical_family;
/// use kuager_names::key;
/// assert_eq!(canonical_family(&key("Сатпаев")), canonical_family(&key("Сәтбаев")));
/// assert_eq!(canonical_family(&key("Валиханов")), canonical_family(&key("Уәлиханов")));
/// assert_eq!(canonical_family("akhmetov"), "akhmetov");
/// ```
pub fn canonical_family(k: &str) -> &str {
    CANONICAL_FAMILY.get(k).map(String::as_str).unwrap_or(k)
}

static CANONICAL: LazyLock<HashMap<String, String>> = LazyLock::new(|| canonical_keys(GROUPS));

static FORM_INITIALS: LazyLock<HashMap<String, Vec<char>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<char>> = HashMap::new();
    for group in GROUPS {
        let Some(first) = group.first() else { continue };
        let initials = map.entry(key(first)).or_default();
        for form in *group {
            if let Some(c) = key(form).chars().next() {
                if !initials.contains(&c) {
                    initials.push(c);
                }
            }
        }
    }
    map
});

/// The keyed first letters of every form of a name, by the name's
/// [`canonical_given`] key: an initial written from any form is the
/// name's initial (Ю. is Жүсіп's as Юсуп's, И. Ыбырай's as Ибрагим's).
/// Empty for a name without conventional forms.
///
/// ```
/// use kuager_names::conventional::{canonical_given, form_initials};
/// use kuager_names::key;
/// let initials = form_initials(canonical_given(&key("Жүсіп")));
/// assert!(initials.contains(&key("Ю").chars().next().unwrap()));
/// assert!(initials.contains(&key("Ж").chars().next().unwrap()));
/// assert!(form_initials("nurlan").is_empty());
/// ```
pub fn form_initials(canonical: &str) -> &'static [char] {
    FORM_INITIALS.get(canonical).map_or(&[], Vec::as_slice)
}

/// The key that stands for every form of a given name: the key of its
/// Kazakh form when the name has a conventional Russian form, else the
/// key itself.
///
/// ```
/// use kuager_names::conventional::canonical_given;
/// use kuager_names::key;
/// assert_eq!(canonical_given(&key("Юсуп")), canonical_given(&key("Жүсіп")));
/// assert_eq!(canonical_given(&key("Yusup")), canonical_given(&key("Zhusip")));
/// assert_ne!(canonical_given(&key("Юсуп")), canonical_given(&key("Якуб")));
/// assert_eq!(canonical_given("nurlan"), "nurlan");
/// ```
pub fn canonical_given(k: &str) -> &str {
    CANONICAL.get(k).map(String::as_str).unwrap_or(k)
}

/// [`canonical_given`] of a given name's key, reading a first "J" as the
/// glide of Я or Ю (German, Polish and scholarly Jakub, Jurij, Jana)
/// rather than as Ж when only that reading is a known name: the key reads
/// a first j as ж, which is right for Jandos and Janar.
///
/// ```
/// use kuager_names::conventional::given_reading;
/// use kuager_names::key;
/// assert_eq!(given_reading(&key("Jurij")), given_reading(&key("Юрий")));
/// assert_eq!(given_reading(&key("Jandos")), given_reading(&key("Жандос")));
/// ```
pub fn given_reading(k: &str) -> &str {
    if let Some(rest) = k.strip_prefix('J') {
        let known = |k: &str| CANONICAL.contains_key(k) || crate::lexicon::given_key(k).is_some();
        if rest.starts_with(['a', 'u', 'e', 'o']) && !known(k) && known(rest) {
            return canonical_given(rest);
        }
    }
    canonical_given(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_do_not_overlap() {
        // A form listed in two groups would make the map depend on order.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, group) in GROUPS.iter().enumerate() {
            for form in *group {
                if let Some(j) = seen.insert(key(form), i) {
                    assert_eq!(i, j, "{form} is in groups {j} and {i}");
                }
            }
        }
    }

    #[test]
    fn latin_spellings_reach_the_group() {
        for (a, b) in [
            ("Ibragim", "Ыбырай"),
            ("Chulpan", "Шолпан"),
            ("Fatima", "Патима"),
            ("Baurzhan", "Bauyrzhan"),
            ("Ismail", "Ысмайыл"),
        ] {
            assert_eq!(
                canonical_given(&key(a)),
                canonical_given(&key(b)),
                "{a} / {b}"
            );
        }
    }
}
