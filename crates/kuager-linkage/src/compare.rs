//! The comparison vector of a pair: one agreement level per field.
//!
//! Level 0 is always "missing on one side": it carries no evidence either
//! way (weight 0), which is how Fellegi–Sunter treats nulls. The other
//! levels go from full agreement to clear disagreement.

use crate::prepare::{DatePrecision, Features, Prepared, NONE};
use serde::{Deserialize, Serialize};

/// A compared field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Family,
    Given,
    Patronymic,
    BirthYear,
    City,
    EventDate,
    /// The kind of event (detention, killing...), by code.
    EventType,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Family,
        Field::Given,
        Field::Patronymic,
        Field::BirthYear,
        Field::City,
        Field::EventDate,
        Field::EventType,
    ];

    /// The field's code, as in the stored evidence (and the web app's
    /// message `link-field-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Field::Family => "family",
            Field::Given => "given",
            Field::Patronymic => "patronymic",
            Field::BirthYear => "birth-year",
            Field::City => "city",
            Field::EventDate => "event-date",
            Field::EventType => "event-type",
        }
    }

    /// Levels of the field, level 0 (missing) included.
    pub fn levels(self) -> usize {
        match self {
            Field::Family | Field::Given | Field::Patronymic | Field::BirthYear => 5,
            Field::City => 4,
            Field::EventDate => 5,
            Field::EventType => 3,
        }
    }

    /// The code of a level, for the evidence shown to reviewers: the web
    /// app shows it as message `link-level-<code>` in the reader's language.
    pub fn level_code(self, level: u8) -> &'static str {
        match (self, level) {
            (_, 0) => "missing",
            (
                Field::Family
                | Field::Given
                | Field::Patronymic
                | Field::BirthYear
                | Field::EventType,
                1,
            ) => "same",
            (Field::Family | Field::Given | Field::Patronymic, 2) => "one-letter",
            (Field::Family, 3) => "two-letters",
            (Field::Given | Field::Patronymic, 3) => "initial",
            (Field::BirthYear, 2) => "one-year",
            (Field::BirthYear, 3) => "few-years",
            (Field::City, 1) => "same-city",
            (Field::City, 2) => "same-region",
            (Field::EventDate, 1) => "same-day",
            (Field::EventDate, 2) => "three-days",
            (Field::EventDate, 3) => "month",
            _ => "different",
        }
    }
}

/// A field's level in a pair.
pub type Level = u8;

/// Levels of all fields, in [`Field::ALL`] order.
pub type Vector = [Level; 7];

/// Packs a vector into one number (for counting patterns).
pub fn pack(v: &Vector) -> u32 {
    v.iter().fold(0u32, |acc, &l| acc * 8 + u32::from(l))
}

pub fn unpack(mut code: u32) -> Vector {
    let mut v = [0u8; 7];
    for slot in v.iter_mut().rev() {
        *slot = (code % 8) as u8;
        code /= 8;
    }
    v
}

/// Compares two records.
pub fn compare(p: &Prepared, a: &Features, b: &Features) -> Vector {
    [
        family_level(p, a, b),
        name_level(
            p,
            (a.given, a.given_initial, a.given_initial_alt),
            (b.given, b.given_initial, b.given_initial_alt),
        ),
        name_level(
            p,
            (a.patronymic, a.patronymic_initial, a.patronymic_initial_alt),
            (b.patronymic, b.patronymic_initial, b.patronymic_initial_alt),
        ),
        birth_level(a.birth_year, b.birth_year),
        city_level(a, b),
        date_level(a, b),
        event_type_level(a, b),
    ]
}

/// Lists name the event by code once read (`event_type_code`); a list that
/// gives none says nothing. Lists may disagree for one person (detained,
/// then tortured in custody): EM learns how often.
fn event_type_level(a: &Features, b: &Features) -> Level {
    match (a.event_type, b.event_type) {
        (NONE, _) | (_, NONE) => 0,
        (x, y) if x == y => 1,
        _ => 2,
    }
}

fn family_level(p: &Prepared, a: &Features, b: &Features) -> Level {
    if !a.has_family() || !b.has_family() {
        return 0;
    }
    let pairs = a.family.iter().filter(|x| **x != NONE).flat_map(|x| {
        b.family
            .iter()
            .filter(|y| **y != NONE)
            .map(move |y| (*x, *y))
    });
    let mut best = 4;
    for (x, y) in pairs {
        let level = if x == y {
            1
        } else if p.close(x, y) {
            2
        } else if p.near(x, y) {
            3
        } else {
            4
        };
        best = best.min(level);
    }
    if best > 2 && a.family_skeleton == b.family_skeleton && a.family_skeleton != NONE {
        // Same consonants, vowels apart (Toregozhina / Toregazhina).
        let sk = p.string(a.family_skeleton).chars().count();
        if sk >= 4 {
            best = 2;
        }
    }
    best
}

/// A name as compared: its key, its initial, the initials of its other
/// conventional forms.
type NameParts = (u32, char, [char; 2]);

/// Given names and patronymics: a full name on both sides compares keys;
/// an initial on one side can only agree or not — with the name's initial
/// or that of one of its conventional forms (Ю. for Жүсіп, as Юсуп).
fn name_level(p: &Prepared, (a, ai, a_alt): NameParts, (b, bi, b_alt): NameParts) -> Level {
    let initials_of =
        |i: char, alt: [char; 2]| [i, alt[0], alt[1]].into_iter().filter(|c| *c != '\0');
    match (a != NONE, b != NONE) {
        (true, true) => {
            if a == b {
                1
            } else if p.close(a, b) {
                2
            } else {
                4
            }
        }
        _ if ai == '\0' || bi == '\0' => 0,
        _ if initials_of(ai, a_alt)
            .any(|x| initials_of(bi, b_alt).any(|y| initials_agree(x, y))) =>
        {
            3
        }
        _ => 4,
    }
}

/// The class of a keyed initial: romanisations disagree on Е / Ye / I at
/// the start of a name, and a Russian text's Д. may be the Дж of a Kazakh
/// Ж (Джумабай / Жұмабай). Blocking keys initials by this class too.
pub fn initial_class(c: char) -> char {
    match c {
        'i' => 'e',
        'd' => 'J',
        c => c,
    }
}

/// Initials of one [`initial_class`].
pub fn initials_agree(a: char, b: char) -> bool {
    initial_class(a) == initial_class(b)
}

fn birth_level(a: i16, b: i16) -> Level {
    if a == 0 || b == 0 {
        return 0;
    }
    match a.abs_diff(b) {
        0 => 1,
        1 => 2,
        2 | 3 => 3,
        _ => 4,
    }
}

fn city_level(a: &Features, b: &Features) -> Level {
    if (a.city == NONE && a.region == NONE) || (b.city == NONE && b.region == NONE) {
        return 0;
    }
    if a.city != NONE && a.city == b.city {
        1
    } else if same_region(a, b) {
        2
    } else {
        3
    }
}

/// One region, counting a city's region before 2022 as its own.
fn same_region(a: &Features, b: &Features) -> bool {
    let agree = |x: u32, y: u32| x != NONE && x == y;
    agree(a.region, b.region)
        || agree(a.former_region, b.region)
        || agree(a.region, b.former_region)
}

fn date_level(a: &Features, b: &Features) -> Level {
    if a.date_precision == DatePrecision::None || b.date_precision == DatePrecision::None {
        return 0;
    }
    let coarse = a.date_precision.min(b.date_precision);
    let gap = a.date.abs_diff(b.date);
    match coarse {
        DatePrecision::Day => match gap {
            0 => 1,
            1..=3 => 2,
            4..=31 => 3,
            _ => 4,
        },
        // A month against a day of that month, or two equal months.
        DatePrecision::Month => {
            let (early, late) = if a.date <= b.date { (a, b) } else { (b, a) };
            let span = if early.date_precision == DatePrecision::Month {
                31
            } else {
                0
            };
            if late.date - early.date < span || gap == 0 {
                2
            } else if gap <= 62 {
                3
            } else {
                4
            }
        }
        DatePrecision::Year => {
            if gap <= 366 {
                3
            } else {
                4
            }
        }
        DatePrecision::None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;
    use crate::{InputRecord, Silent};

    fn rec(full: &str, year: Option<i32>, city: Option<&str>, date: Option<&str>) -> InputRecord {
        InputRecord {
            list: "l".into(),
            record_id: full.into(),
            full_name: full.into(),
            birth_year: year,
            city: city.map(str::to_string),
            event_date: date.map(str::to_string),
            ..InputRecord::default()
        }
    }

    #[test]
    fn codes_are_the_names_in_stored_evidence() {
        for field in Field::ALL {
            let stored = serde_json::to_string(&field).expect("serialises");
            assert_eq!(stored, format!("\"{}\"", field.code()));
            let back: Field = serde_json::from_str(&stored).expect("reads back");
            assert_eq!(back, field);
            assert_eq!(field.level_code(0), "missing");
        }
    }

    #[test]
    fn levels_follow_the_fields() {
        let rs = vec![
            rec(
                "Бекижан Мендыгазиев",
                Some(1980),
                Some("Нур-Султан"),
                Some("2022-01-05"),
            ),
            rec(
                "Bekizhan Mendygaziyev",
                Some(1981),
                Some("Astana"),
                Some("2022-01-07"),
            ),
            rec(
                "Барлык Мендыгазиев",
                Some(1975),
                Some("Алматы"),
                Some("2022-01"),
            ),
            rec("Б. Мендыгазиев", None, None, None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        let v = compare(&p, &f[0], &f[1]);
        assert_eq!(v, [1, 1, 0, 2, 1, 2, 0], "no event type given: level 0");
        let v = compare(&p, &f[0], &f[2]);
        assert_eq!(v[1], 4, "brothers: given names differ");
        assert_eq!(v[3], 4);
        assert_eq!(v[4], 3);
        assert_eq!(v[5], 2, "a day inside the month");
        let v = compare(&p, &f[3], &f[0]);
        assert_eq!(v, [1, 3, 0, 0, 0, 0, 0]);
        assert_eq!(unpack(pack(&v)), v);
    }

    #[test]
    fn event_types_compare_by_code_and_only_where_both_give_one() {
        let typed = |name: &str, event: Option<&str>| InputRecord {
            event_type: event.map(str::to_string),
            ..rec(name, None, None, None)
        };
        let rs = vec![
            typed("Бекижан Мендыгазиев", Some("detention")),
            typed("Bekizhan Mendygaziyev", Some("detention")),
            typed("Бекижан Мендыгазиев", Some("killing")),
            typed("Бекижан Мендыгазиев", None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        let event = Field::ALL
            .iter()
            .position(|x| *x == Field::EventType)
            .expect("a field");
        assert_eq!(compare(&p, &f[0], &f[1])[event], 1);
        assert_eq!(compare(&p, &f[0], &f[2])[event], 2);
        assert_eq!(compare(&p, &f[2], &f[3])[event], 0);
        assert_eq!(Field::EventType.level_code(1), "same");
        assert_eq!(Field::EventType.level_code(2), "different");
    }

    #[test]
    fn short_kazakh_names_read_as_written() {
        // Али is no genitive of Аля, and Лейла is Ләйлә's Russian form.
        let separate = |given: &str, family: &str| InputRecord {
            given: Some(given.into()),
            family: Some(family.into()),
            ..rec(&format!("{family} {given}"), None, None, None)
        };
        let rs = vec![
            separate("Әли", "Шормамбетов"),
            rec("Шормамбетов Али Ержанович", None, None, None),
            rec("Әли Шормамбетов", None, None, None),
            separate("Ләйлә", "Ахметова"),
            rec("Ахметова Лейла", None, None, None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        assert_eq!(compare(&p, &f[0], &f[1])[1], 1);
        assert_eq!(compare(&p, &f[0], &f[2])[1], 1);
        assert!(f[..3].iter().all(|x| x.gender == 1), "Әли is a man");
        assert_eq!(compare(&p, &f[3], &f[4])[1], 1);
    }

    #[test]
    fn family_names_with_a_conventional_russian_form_meet() {
        let rs = vec![
            rec("Сәтбаев Қаныш", None, None, None),
            rec("САТПАЕВ Каныш Имантаевич", None, None, None),
            rec("Валиханова Айгуль", None, None, None),
            rec("Уәлиханова Айгүл", None, None, None),
            rec("Сатыбаев Каныш", None, None, None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        assert_eq!(compare(&p, &f[0], &f[1])[0], 1);
        assert_eq!(compare(&p, &f[2], &f[3])[0], 1, "and the women's forms");
        assert_ne!(
            compare(&p, &f[0], &f[4])[0],
            1,
            "another name stays another"
        );
    }

    #[test]
    fn an_initial_of_a_name_s_conventional_form_is_its_initial() {
        let rs = vec![
            rec("Тоқаев Жүсіп", None, None, None),
            rec("Токаев Ю.", None, None, None),
            rec("Yu. Tokayev", None, None, None),
            rec("Токаев Юсуп", None, None, None),
            rec("Токаев Ж.", None, None, None),
            rec("Токаев Е.", None, None, None),
            // Father Жүсіп, written as a Russian patronymic's initial.
            rec("Тоқаев Ерлан Жүсіпұлы", None, None, None),
            rec("Токаев Е.Ю.", None, None, None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        let given = |a: usize, b: usize| compare(&p, &f[a], &f[b])[1];
        assert_eq!(given(0, 1), 3, "Ю. is Жүсіп's initial (Юсуп)");
        assert_eq!(given(0, 2), 3, "and Yu. too");
        assert_eq!(given(3, 4), 3, "Ж. is Юсуп's (Жүсіп)");
        assert_eq!(given(0, 3), 1, "the full forms fold as before");
        assert_eq!(given(0, 5), 4, "Е. is not his");
        assert_eq!(
            compare(&p, &f[6], &f[7])[2],
            3,
            "nor is the father's Ю. lost"
        );
    }

    #[test]
    fn places_meet_under_old_names_old_regions_and_loose_spellings() {
        let city = |a: &str, b: &str| {
            let rs = vec![
                rec("Ерлан Ахметов", None, Some(a), None),
                rec("Ерлан Ахметов", None, Some(b), None),
            ];
            let p = prepare(&rs, &Silent);
            compare(&p, &p.features[0], &p.features[1])[Field::City as usize]
        };
        // Soviet-era names and a spelling without its Kazakh letter.
        assert_eq!(city("Кзыл-Орда", "Қызылорда"), 1);
        assert_eq!(city("Новый Узень", "Janaozen"), 1);
        assert_eq!(city("Иссык", "Есік"), 1);
        assert_eq!(city("г. Оскемен", "Усть-Каменогорск"), 1);
        assert_eq!(city("Yekibastuz", "Экибастуз"), 1);
        // Taldykorgan was in Almaty Region until June 2022, Zhezkazgan in
        // Karaganda Region.
        assert_eq!(city("Талдыкорган", "Алматинская область"), 2);
        assert_eq!(city("Almaty Region", "Талдықорған"), 2);
        assert_eq!(city("Жезказган", "Karaganda Region"), 2);
        assert_eq!(city("Талдыкорган", "Karaganda Region"), 3);
        assert_eq!(city("Талдыкорган", "Алматы"), 3);
    }

    #[test]
    fn a_russian_d_initial_may_stand_for_dzh() {
        let rs = vec![
            rec("Асқаров Жұмабай", None, None, None),
            rec("Аскаров Д.А.", None, None, None),
            rec("Аскаров Б.А.", None, None, None),
        ];
        let p = prepare(&rs, &Silent);
        let f = &p.features;
        assert_eq!(compare(&p, &f[0], &f[1])[Field::Given as usize], 3);
        assert_eq!(compare(&p, &f[0], &f[2])[Field::Given as usize], 4);
    }
}
