//! `kuager-gen lists`: partial lists of people affected by the January 2022
//! events (detained, arrested, tortured, killed, missing), as different
//! compilers write them, with the truth of who is who — the test bed for
//! record linkage and multiple systems estimation.
//!
//! A true population of affected people is drawn household by household
//! (single people, brothers and sisters, twins, fathers and sons, married
//! couples) until `people` of them are on at least one list. Every person
//! belongs to a latent class (activists and journalists are very visible,
//! ordinary detainees much less) and the lists depend on one another (the
//! NGO list is partly built from media reports, the list compiled abroad
//! partly from the NGO's), so capture is heterogeneous and lists are not
//! independent, as in real multiple systems estimation. People on no list
//! are only counted (`true_total` in the manifest).
//!
//! Each list is written in its own style, row by row (nothing is built in
//! memory but the compact people and record tables): see [`ListKind`].
//! Lists do not always agree on what happened to a person: a few records
//! name a neighbouring event (arrest for detention, torture in custody).

mod names;
mod places;
mod slavic;

pub use names::{romanize, russify, Names, Roman};
pub use places::{City, CITIES};

use crate::data::Lexicon;
use crate::decline::{feminine_family, ru_patronymic_of};
use anyhow::{bail, Context, Result};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// People on at least one list (exactly).
    pub people: usize,
    pub seed: u64,
    /// Number of lists, 3 to 5.
    pub lists: usize,
}

/// The lists, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `official.csv`: Russian Cyrillic, windows-1251, `;`, CRLF;
    /// `№;ФИО;Год рождения;Город;Дата задержания;Мера`; surname first,
    /// upper case in part of the rows, Russian conventional forms.
    Official,
    /// `ngo_kk.csv`: Kazakh Cyrillic, UTF-8, `,`;
    /// `№,Тегі,Аты,Әкесінің аты,Туған жылы,Қала,Күні,Оқиға`.
    NgoKk,
    /// `abroad_latin.csv`: Latin in many romanisations, UTF-8, `,`;
    /// `record_id,full_name,birth_year,city,event_date,event_type,source`.
    Abroad,
    /// `media.tsv`: mixed scripts, UTF-8, tab;
    /// `id\tname\tвозраст\tгород\tдата\tисточник` (the age a report gives,
    /// in most rows).
    Media,
    /// `relatives.csv`: Russian, UTF-8 with a byte order mark, `|`;
    /// `Номер|Фамилия|Имя|Отчество|Дата рождения|Населённый пункт|Дата`.
    Relatives,
}

impl ListKind {
    pub fn for_count(n: usize) -> Result<Vec<ListKind>> {
        use ListKind::*;
        let all = [Official, NgoKk, Abroad, Media, Relatives];
        if !(3..=5).contains(&n) {
            bail!("--lists must be 3, 4 or 5 (got {n})");
        }
        Ok(all[..n].to_vec())
    }

    pub fn file(self) -> &'static str {
        match self {
            ListKind::Official => "official.csv",
            ListKind::NgoKk => "ngo_kk.csv",
            ListKind::Abroad => "abroad_latin.csv",
            ListKind::Media => "media.tsv",
            ListKind::Relatives => "relatives.csv",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            ListKind::Official => "OFF",
            ListKind::NgoKk => "NGO",
            ListKind::Abroad => "ABR",
            ListKind::Media => "MED",
            ListKind::Relatives => "REL",
        }
    }

    fn encoding(self) -> Encoding {
        match self {
            ListKind::Official => Encoding::Windows1251,
            ListKind::Relatives => Encoding::Utf8Bom,
            _ => Encoding::Utf8,
        }
    }

    fn delimiter(self) -> char {
        match self {
            ListKind::Official => ';',
            ListKind::NgoKk | ListKind::Abroad => ',',
            ListKind::Media => '\t',
            ListKind::Relatives => '|',
        }
    }

    pub fn headers(self) -> &'static [&'static str] {
        match self {
            ListKind::Official => &[
                "№",
                "ФИО",
                "Год рождения",
                "Город",
                "Дата задержания",
                "Мера",
            ],
            ListKind::NgoKk => &[
                "№",
                "Тегі",
                "Аты",
                "Әкесінің аты",
                "Туған жылы",
                "Қала",
                "Күні",
                "Оқиға",
            ],
            ListKind::Abroad => &[
                "record_id",
                "full_name",
                "birth_year",
                "city",
                "event_date",
                "event_type",
                "source",
            ],
            ListKind::Media => &["id", "name", "возраст", "город", "дата", "источник"],
            ListKind::Relatives => &[
                "Номер",
                "Фамилия",
                "Имя",
                "Отчество",
                "Дата рождения",
                "Населённый пункт",
                "Дата",
            ],
        }
    }

    /// (name, compiled_by, as_of, default event type) for the manifest.
    fn meta(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            ListKind::Official => (
                "Список задержанных (январь 2022)",
                "Prosecutor General's Office (synthetic)",
                "2022-03-01",
                "detention",
            ),
            ListKind::NgoKk => (
                "Қаңтар оқиғалары — зардап шеккендер тізімі",
                "Human-rights NGO coalition (synthetic)",
                "2022-06-30",
                "detention",
            ),
            ListKind::Abroad => (
                "January 2022 victims list",
                "Diaspora monitoring group (synthetic)",
                "2022-09-15",
                "detention",
            ),
            ListKind::Media => (
                "Упоминания в СМИ",
                "Media monitoring volunteers (synthetic)",
                "2023-01-10",
                "detention",
            ),
            ListKind::Relatives => (
                "Обращения родственников",
                "Relatives' helpline (synthetic)",
                "2022-04-20",
                "disappearance",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1251,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Windows1251 => "windows-1251",
        }
    }
}

/// The event a person is on the lists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Detention,
    Arrest,
    Torture,
    Killing,
    Disappearance,
}

impl EventType {
    pub fn code(self) -> &'static str {
        match self {
            EventType::Detention => "detention",
            EventType::Arrest => "arrest",
            EventType::Torture => "torture",
            EventType::Killing => "killing",
            EventType::Disappearance => "disappearance",
        }
    }
    fn ru(self) -> &'static str {
        match self {
            EventType::Detention => "задержан",
            EventType::Arrest => "арестован",
            EventType::Torture => "пытки",
            EventType::Killing => "погиб",
            EventType::Disappearance => "пропал без вести",
        }
    }
    fn kk(self) -> &'static str {
        match self {
            EventType::Detention => "ұсталды",
            EventType::Arrest => "қамауға алынды",
            EventType::Torture => "азаптау",
            EventType::Killing => "қаза тапты",
            EventType::Disappearance => "хабарсыз кетті",
        }
    }
}

/// The event as one list records it: lists see different parts of what
/// happened to a person (the official list has "detained" where the NGO
/// learnt of torture in custody, an arrest is still a detention to
/// another compiler), so 4 % of records name a neighbouring event.
fn listed_event<R: Rng>(p: &Person, rng: &mut R) -> EventType {
    if !rng.gen_bool(0.04) {
        return p.event;
    }
    match p.event {
        EventType::Detention => [EventType::Arrest, EventType::Torture][rng.gen_range(0..2)],
        EventType::Arrest | EventType::Torture => EventType::Detention,
        EventType::Killing => EventType::Disappearance,
        EventType::Disappearance => [EventType::Killing, EventType::Detention][rng.gen_range(0..2)],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Surname {
    /// Index into `Names::family` (male form).
    Listed(u16),
    /// From the father's given name: Нұрланұлы, Нұрланқызы.
    Patronymic,
}

/// Latent capture classes.
const ACTIVIST: u8 = 0;
const KNOWN: u8 = 1;
const ORDINARY: u8 = 2;

#[derive(Debug, Clone)]
struct Person {
    /// Index in the true population (documented or not).
    pid: u32,
    male: bool,
    kazakh: bool,
    given: u16,
    father: u16,
    surname: Surname,
    birth_year: i16,
    /// Day of the year of birth, 0..365.
    birth_day: u16,
    city: u8,
    event: EventType,
    /// Days since 2021-01-01.
    event_day: u16,
    class: u8,
    /// Lists (bit per list) the person is on.
    lists: u8,
}

/// Statistics of a generated set (also in the manifest).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub people_documented: usize,
    pub records: usize,
    pub true_total: usize,
    pub records_per_list: Vec<usize>,
    /// Records beyond the first of a person on the same list.
    pub within_list_duplicates: usize,
    /// Pairs of documented brothers/sisters (twins included).
    pub sibling_pairs: usize,
    pub twin_pairs: usize,
    pub father_son_pairs: usize,
    pub married_pairs: usize,
    /// Records in Russian Cyrillic of people whose Kazakh given name has a
    /// Russian conventional form (Жүсіп → Юсуп), written in that form.
    pub conventional_variant_records: usize,
    /// Documented people per latent class (activist, known, ordinary).
    pub documented_by_class: [usize; 3],
    pub true_by_class: [usize; 3],
}

struct Pool {
    items: Vec<u16>,
    dist: WeightedIndex<f64>,
}

impl Pool {
    fn new(items: Vec<u16>, weight: impl Fn(usize, u16) -> f64) -> Result<Pool> {
        let weights: Vec<f64> = items
            .iter()
            .enumerate()
            .map(|(rank, &i)| weight(rank, i))
            .collect();
        let dist = WeightedIndex::new(&weights).context("empty name pool")?;
        Ok(Pool { items, dist })
    }
    fn sample<R: Rng>(&self, rng: &mut R) -> u16 {
        self.items[self.dist.sample(rng)]
    }
}

struct Pools {
    names: Names,
    given: [[Pool; 2]; 2],
    family: [Pool; 2],
    cities: WeightedIndex<f64>,
}

impl Pools {
    fn new() -> Result<Pools> {
        let names = Names::build(&Lexicon::load());
        let zipf = |rank: usize, s: f64| 1.0 / ((rank + 1) as f64).powf(s);
        let given_pool = |kazakh: bool, male: bool| {
            let items: Vec<u16> = (0..names.given.len() as u16)
                .filter(|&i| {
                    let g = &names.given[i as usize];
                    g.kazakh == kazakh && g.male == male
                })
                .collect();
            // Kazakh names: the 2021 census counts Азамат, the commonest,
            // as about 1 % of Kazakh men, and 136 men's names with more
            // than 10,000 bearers; the documented are a few birth
            // cohorts, so the head is kept about twice as heavy (a top
            // name near 2 % of men; decision 0021). Russian ones
            // steeper (Александр near 11 %).
            let (offset, s) = if kazakh { (3, 0.65) } else { (0, 0.6) };
            Pool::new(items, |rank, i| {
                let w = zipf(rank + offset, s);
                if names.given[i as usize].conventional {
                    w.max(0.03)
                } else {
                    w
                }
            })
        };
        let family_pool = |kazakh: bool| {
            let items: Vec<u16> = (0..names.family.len() as u16)
                .filter(|&i| names.family[i as usize].kazakh == kazakh)
                .collect();
            // A top family name near 1 % of Kazakhs (Ахметов is 0.65 %
            // in the Ministry of Justice's count of 2014, half again for
            // the regions the documented come from) and 1 % of the others
            // (Иванов); both fall off as a Zipf–Mandelbrot tail
            // (decision 0021).
            if kazakh {
                Pool::new(items, |rank, _| zipf(rank + 5, 0.65))
            } else {
                Pool::new(items, |rank, _| zipf(rank + 5, 0.7))
            }
        };
        let given = [
            [given_pool(false, false)?, given_pool(false, true)?],
            [given_pool(true, false)?, given_pool(true, true)?],
        ];
        let family = [family_pool(false)?, family_pool(true)?];
        let cities = WeightedIndex::new(CITIES.iter().map(|c| c.weight)).context("no cities")?;
        Ok(Pools {
            names,
            given,
            family,
            cities,
        })
    }

    fn given<R: Rng>(&self, rng: &mut R, kazakh: bool, male: bool) -> u16 {
        self.given[usize::from(kazakh)][usize::from(male)].sample(rng)
    }
}

// ------------------------------------------------------------- people

fn birth_year<R: Rng>(rng: &mut R) -> i16 {
    if rng.gen_bool(0.07) {
        return rng.gen_range(1940..1960);
    }
    // Triangular on 1960..2005 with its mode at 1993.
    let (a, b, c) = (1960.0f64, 2005.0f64, 1993.0f64);
    let u: f64 = rng.gen();
    let y = if u < (c - a) / (b - a) {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    };
    y.round() as i16
}

/// Day 0 is 2021-01-01; January 4–11, 2022 are days 368–375.
const JAN4_2022: u16 = 368;
const LAST_DAY: u16 = 1094;

fn event<R: Rng>(rng: &mut R) -> (EventType, u16) {
    let event = match rng.gen_range(0..100) {
        0..=81 => EventType::Detention,
        82..=88 => EventType::Arrest,
        89..=93 => EventType::Torture,
        94..=97 => EventType::Killing,
        _ => EventType::Disappearance,
    };
    let in_january = match event {
        EventType::Disappearance => 0.6,
        _ => 0.88,
    };
    let day = if rng.gen_bool(in_january) {
        const W: [u32; 8] = [1, 3, 4, 3, 2, 1, 1, 1];
        let total: u32 = W.iter().sum();
        let mut x = rng.gen_range(0..total);
        let mut d = 0u16;
        for (i, w) in W.iter().enumerate() {
            if x < *w {
                d = i as u16;
                break;
            }
            x -= w;
        }
        JAN4_2022 + d
    } else {
        rng.gen_range(0..=LAST_DAY)
    };
    (event, day)
}

fn class<R: Rng>(rng: &mut R) -> u8 {
    match rng.gen_range(0..100) {
        0..=5 => ACTIVIST,
        6..=29 => KNOWN,
        _ => ORDINARY,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Relation {
    Sibling,
    Twin,
    FatherSon,
    Married,
}

struct Household {
    members: Vec<Person>,
    relations: Vec<(usize, usize, Relation)>,
}

fn household<R: Rng>(pools: &Pools, rng: &mut R) -> Household {
    let kazakh = rng.gen_bool(0.72);
    let city = pools.cities.sample(rng) as u8;
    let (ev, day) = event(rng);
    let listed = |rng: &mut R| Surname::Listed(pools.family[usize::from(kazakh)].sample(rng));
    let surname = if kazakh && rng.gen_bool(0.05) {
        Surname::Patronymic
    } else {
        listed(rng)
    };
    let person = |rng: &mut R, male: bool, father: u16, surname: Surname, year: i16| {
        let (own_ev, own_day) = if rng.gen_bool(0.6) {
            (ev, day)
        } else {
            event(rng)
        };
        Person {
            pid: 0,
            male,
            kazakh,
            given: pools.given(rng, kazakh, male),
            father,
            surname,
            birth_year: year,
            birth_day: rng.gen_range(0..365),
            city,
            event: own_ev,
            event_day: own_day,
            class: class(rng),
            lists: 0,
        }
    };
    let mut members = Vec::new();
    let mut relations = Vec::new();
    let kind = rng.gen_range(0..100);
    if kind < 62 {
        let male = rng.gen_bool(0.85);
        let father = pools.given(rng, kazakh, true);
        let year = birth_year(rng);
        members.push(person(rng, male, father, surname, year));
    } else if kind < 82 {
        let n = if rng.gen_bool(0.25) { 3 } else { 2 };
        let father = pools.given(rng, kazakh, true);
        let base = birth_year(rng).min(2003);
        let twins = rng.gen_bool(0.15);
        for k in 0..n {
            let year = if k == 1 && twins {
                base
            } else {
                (base + rng.gen_range(-6..=6)).min(2005)
            };
            let male = rng.gen_bool(0.8);
            let mut p = person(rng, male, father, surname, year);
            // Brothers and sisters have different given names.
            while members
                .iter()
                .any(|m: &Person| m.given == p.given && m.male == p.male)
            {
                p.given = pools.given(rng, kazakh, p.male);
            }
            if k > 0 && rng.gen_bool(0.7) {
                p.event = members[0].event;
                p.event_day = members[0].event_day;
            }
            members.push(p);
        }
        for i in 0..n {
            for j in i + 1..n {
                let twin = twins && i == 0 && j == 1;
                relations.push((
                    i,
                    j,
                    if twin {
                        Relation::Twin
                    } else {
                        Relation::Sibling
                    },
                ));
            }
        }
    } else if kind < 91 {
        let grandfather = pools.given(rng, kazakh, true);
        let fy = rng.gen_range(1950..1975);
        let father = person(rng, true, grandfather, surname, fy);
        let sons = if rng.gen_bool(0.2) { 2 } else { 1 };
        let fgiven = father.given;
        members.push(father);
        for _ in 0..sons {
            let year = (fy + rng.gen_range(20..36)).min(2005);
            let mut son = person(rng, true, fgiven, surname, year);
            while son.given == fgiven || members.iter().skip(1).any(|m| m.given == son.given) {
                son.given = pools.given(rng, kazakh, true);
            }
            let k = members.len();
            members.push(son);
            relations.push((0, k, Relation::FatherSon));
        }
    } else {
        let hy = birth_year(rng);
        let hf = pools.given(rng, kazakh, true);
        let surname = listed(rng);
        members.push(person(rng, true, hf, surname, hy));
        let wf = pools.given(rng, kazakh, true);
        let wy = (hy + rng.gen_range(-3..=6)).min(2005);
        members.push(person(rng, false, wf, surname, wy));
        relations.push((0, 1, Relation::Married));
    }
    Household { members, relations }
}

/// Capture probabilities: [list kind][class].
fn capture_p(kind: ListKind, class: u8, ev: EventType) -> f64 {
    let c = usize::from(class);
    let base = match kind {
        ListKind::Official => [0.55, 0.5, 0.38][c],
        ListKind::NgoKk => [0.8, 0.3, 0.1][c],
        ListKind::Abroad => [0.75, 0.15, 0.04][c],
        ListKind::Media => [0.9, 0.25, 0.06][c],
        ListKind::Relatives => [0.2, 0.1, 0.06][c],
    };
    match (kind, ev) {
        (ListKind::Official, EventType::Killing) => 0.85,
        (ListKind::Official, EventType::Disappearance) => 0.05,
        (ListKind::Official, EventType::Torture) => base * 0.4,
        (ListKind::Relatives, EventType::Disappearance | EventType::Killing) => 0.6,
        (ListKind::NgoKk | ListKind::Abroad, EventType::Torture | EventType::Killing) => {
            (base * 2.0).min(0.95)
        }
        _ => base,
    }
}

/// The lists a person is on (bit per list), with the dependence between
/// them: the NGO list takes in much of what the media report, the list
/// compiled abroad much of the NGO's.
fn captures<R: Rng>(kinds: &[ListKind], p: &Person, rng: &mut R) -> u8 {
    let mut on = [false; 5];
    // Media first: the others depend on it.
    let order = [3usize, 0, 1, 2, 4];
    for &i in &order {
        let Some(&kind) = kinds.get(i) else { continue };
        let mut prob = capture_p(kind, p.class, p.event);
        match kind {
            ListKind::NgoKk if on[3] => prob = prob + 0.45 * (1.0 - prob),
            ListKind::Abroad if on[1] => prob = prob + 0.3 * (1.0 - prob),
            _ => {}
        }
        on[i] = rng.gen_bool(prob.clamp(0.0, 1.0));
    }
    let mut mask = 0u8;
    for (i, &b) in on.iter().enumerate() {
        if b {
            mask |= 1 << i;
        }
    }
    mask
}

// ------------------------------------------------------------- names

/// The parts of a person's name in one Cyrillic orthography.
struct Parts {
    family: String,
    given: String,
    patronymic: Option<String>,
}

fn family_male<'a>(names: &'a Names, p: &Person, kazakh_script: bool) -> Option<&'a str> {
    match p.surname {
        Surname::Listed(i) => {
            let f = &names.family[usize::from(i)];
            Some(if kazakh_script { &f.kk } else { &f.ru })
        }
        Surname::Patronymic => None,
    }
}

/// Russian Cyrillic, as official lists write it: conventional given names
/// (Юсуп), Russian-style patronymics (Нурланович).
fn ru_parts(names: &Names, p: &Person) -> Parts {
    let g = &names.given[usize::from(p.given)];
    let f = &names.given[usize::from(p.father)];
    match family_male(names, p, false) {
        Some(fam) => Parts {
            family: if p.male {
                fam.to_string()
            } else {
                feminine_family(fam)
            },
            given: g.ru.clone(),
            patronymic: Some(ru_patronymic_of(&f.ru, p.male)),
        },
        None => Parts {
            family: format!("{}{}", russify(&f.kk), if p.male { "улы" } else { "кызы" }),
            given: g.ru.clone(),
            patronymic: None,
        },
    }
}

/// Kazakh Cyrillic: Kazakh letters and -ұлы/-қызы patronymics for Kazakhs
/// (`separate`: "Нұрлан ұлы").
fn kk_parts(names: &Names, p: &Person, separate: bool) -> Parts {
    let g = &names.given[usize::from(p.given)];
    let f = &names.given[usize::from(p.father)];
    let suffix = if p.male { "ұлы" } else { "қызы" };
    let kz_patronymic = if separate {
        format!("{} {suffix}", f.kk)
    } else {
        format!("{}{suffix}", f.kk)
    };
    match family_male(names, p, true) {
        Some(fam) => Parts {
            family: if p.male {
                fam.to_string()
            } else {
                feminine_family(fam)
            },
            given: g.kk.clone(),
            patronymic: Some(if p.kazakh {
                kz_patronymic
            } else {
                ru_patronymic_of(&f.ru, p.male)
            }),
        },
        None => Parts {
            family: format!("{}{suffix}", f.kk),
            given: g.kk.clone(),
            patronymic: None,
        },
    }
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn cyr_initial(word: &str) -> String {
    word.chars()
        .next()
        .map(|c| format!("{}.", c.to_uppercase()))
        .unwrap_or_default()
}

fn lat_initial(word: &str, scheme: Roman) -> String {
    let first: String = word.chars().take(1).collect();
    let l = romanize(&first.to_lowercase(), scheme);
    let mut it = l.chars();
    match it.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), it.as_str()),
        None => String::new(),
    }
}

/// One typing error in a word of `name` (swapped, dropped or doubled
/// letter), never in words shorter than four letters.
fn typo<R: Rng>(name: &str, rng: &mut R) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let Some(&w) = candidates.choose(rng) else {
        return name.to_string();
    };
    let mut chars: Vec<char> = words[w].chars().collect();
    // Not the first letter: initials and blocking keys survive most typos.
    let i = rng.gen_range(1..chars.len() - 1);
    match rng.gen_range(0..3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => {
            let c = chars[i];
            chars.insert(i, c);
        }
    }
    let changed: String = chars.into_iter().collect();
    words
        .iter()
        .enumerate()
        .map(|(k, s)| if k == w { changed.as_str() } else { s })
        .collect::<Vec<_>>()
        .join(" ")
}

// ------------------------------------------------------------- fields

const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// (year, month 1-12, day 1-31) of day `n` of year `year0` onwards.
fn ymd(year0: i32, mut n: u32) -> (i32, u32, u32) {
    let mut y = year0;
    loop {
        let len = if is_leap(y) { 366 } else { 365 };
        if n < len {
            break;
        }
        n -= len;
        y += 1;
    }
    let feb = if is_leap(y) { 29 } else { 28 };
    let lens = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while n >= lens[m] {
        n -= lens[m];
        m += 1;
    }
    (y, m as u32 + 1, n + 1)
}

#[derive(Clone, Copy)]
enum DateStyle {
    Dotted,
    Iso,
    RuWords,
    KkWords,
}

fn date_text(p: &Person, style: DateStyle, shift: i32) -> String {
    let day = (i32::from(p.event_day) + shift).clamp(0, i32::from(LAST_DAY));
    let (y, m, d) = ymd(2021, day as u32);
    match style {
        DateStyle::Dotted => format!("{d:02}.{m:02}.{y}"),
        DateStyle::Iso => format!("{y}-{m:02}-{d:02}"),
        DateStyle::RuWords => format!("{d} {} {y}", MONTHS_RU[m as usize - 1]),
        DateStyle::KkWords => format!("{d} {} {y}", MONTHS_KK[m as usize - 1]),
    }
}

/// The event date with a day's error now and then, or nothing.
fn event_date<R: Rng>(p: &Person, style: DateStyle, missing: f64, rng: &mut R) -> String {
    if rng.gen_bool(missing) {
        return String::new();
    }
    let shift = if rng.gen_bool(0.04) {
        if rng.gen_bool(0.5) {
            1
        } else {
            -1
        }
    } else {
        0
    };
    date_text(p, style, shift)
}

/// The birth year as a list records it: missing, off by one, or right.
fn year_of_birth<R: Rng>(p: &Person, missing: f64, wrong: f64, rng: &mut R) -> Option<i32> {
    if rng.gen_bool(missing) {
        return None;
    }
    let y = i32::from(p.birth_year);
    Some(if rng.gen_bool(wrong) {
        y + if rng.gen_bool(0.5) { 1 } else { -1 }
    } else {
        y
    })
}

/// The age in whole years on the day of the event.
fn age_at_event(p: &Person) -> i32 {
    let (year, _, _) = ymd(2021, u32::from(p.event_day));
    let day_of_year = if year == 2021 {
        p.event_day
    } else {
        p.event_day.saturating_sub(365)
    };
    let birthday_to_come = i32::from(p.birth_day > day_of_year);
    year - i32::from(p.birth_year) - birthday_to_come
}

/// The age as a news report gives it ("34", "34 года", "34-летний"): often
/// left out, now and then a year off (a report a year late, a neighbour's
/// guess).
fn reported_age<R: Rng>(p: &Person, missing: f64, wrong: f64, rng: &mut R) -> String {
    if rng.gen_bool(missing) {
        return String::new();
    }
    let mut age = age_at_event(p);
    if rng.gen_bool(wrong) {
        age += if rng.gen_bool(0.5) { 1 } else { -1 };
    }
    let age = age.max(0);
    match rng.gen_range(0..10) {
        0..=5 => age.to_string(),
        6..=7 => format!("{age} {}", years_word_ru(age)),
        _ => format!("{age}-летний"),
    }
}

/// "год", "года" or "лет" after a number of years.
fn years_word_ru(n: i32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "лет",
        (1, _) => "год",
        (2..=4, _) => "года",
        _ => "лет",
    }
}

#[derive(Clone, Copy)]
enum Script {
    Ru,
    Kk,
    En,
}

/// The city in one language: the current name, an older or other one, or
/// the region instead.
fn city_text<R: Rng>(p: &Person, script: Script, missing: f64, rng: &mut R) -> String {
    if rng.gen_bool(missing) {
        return String::new();
    }
    let c = &CITIES[usize::from(p.city)];
    if let Some((ru, kk, en)) = c.region {
        if rng.gen_bool(0.07) {
            return match script {
                Script::Ru => ru,
                Script::Kk => kk,
                Script::En => en,
            }
            .to_string();
        }
    }
    let forms = match script {
        Script::Ru => c.ru,
        Script::Kk => c.kk,
        Script::En => c.en,
    };
    let i = if forms.len() > 1 && rng.gen_bool(0.15) {
        rng.gen_range(1..forms.len())
    } else {
        0
    };
    forms[i].to_string()
}

// ------------------------------------------------------------- output

struct CsvOut {
    w: BufWriter<File>,
    delimiter: char,
    encoding: Encoding,
    crlf: bool,
    line: String,
}

impl CsvOut {
    fn create(path: &Path, delimiter: char, encoding: Encoding, crlf: bool) -> Result<CsvOut> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        if encoding == Encoding::Utf8Bom {
            w.write_all("\u{feff}".as_bytes())?;
        }
        Ok(CsvOut {
            w,
            delimiter,
            encoding,
            crlf,
            line: String::with_capacity(256),
        })
    }

    fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<()> {
        self.line.clear();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.line.push(self.delimiter);
            }
            let f = f.as_ref();
            if f.contains([self.delimiter, '"', '\n', '\r']) {
                self.line.push('"');
                self.line.push_str(&f.replace('"', "\"\""));
                self.line.push('"');
            } else {
                self.line.push_str(f);
            }
        }
        self.line.push_str(if self.crlf { "\r\n" } else { "\n" });
        match self.encoding {
            Encoding::Windows1251 => {
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&self.line);
                if unmappable {
                    bail!("not writable in windows-1251: {:?}", self.line.trim_end());
                }
                self.w.write_all(&bytes)?;
            }
            _ => self.w.write_all(self.line.as_bytes())?,
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

// ------------------------------------------------------------- records

struct Renderer<'a> {
    names: &'a Names,
    conventional_records: usize,
}

impl Renderer<'_> {
    fn note_ru_given(&mut self, p: &Person, given: &str) {
        let g = &self.names.given[usize::from(p.given)];
        if g.conventional && given == g.ru {
            self.conventional_records += 1;
        }
    }

    fn official<R: Rng>(&mut self, id: &str, p: &Person, rng: &mut R) -> Vec<String> {
        let mut parts = ru_parts(self.names, p);
        let g = &self.names.given[usize::from(p.given)];
        if p.kazakh && rng.gen_bool(0.1) {
            // A typist who writes the Kazakh name letter by letter: Жусип.
            parts.given = russify(&g.kk);
        }
        if p.kazakh && parts.family.starts_with('Ж') && rng.gen_bool(0.15) {
            // The Soviet spelling: Джумабаев.
            parts.family = format!("Дж{}", &parts.family['Ж'.len_utf8()..]);
        }
        self.note_ru_given(p, &parts.given);
        let family = if rng.gen_bool(0.45) {
            upper(&parts.family)
        } else {
            parts.family.clone()
        };
        let style = rng.gen_range(0..100);
        let mut name = match (&parts.patronymic, style) {
            (Some(pat), 0..=5) => {
                format!("{family} {}{}", cyr_initial(&parts.given), cyr_initial(pat))
            }
            (_, 0..=5) => format!("{family} {}", cyr_initial(&parts.given)),
            (Some(pat), 10..) => format!("{family} {} {pat}", parts.given),
            _ => format!("{family} {}", parts.given),
        };
        if rng.gen_bool(0.03) {
            name = typo(&name, rng);
        }
        let year = year_of_birth(p, 0.08, 0.05, rng)
            .map(|y| y.to_string())
            .unwrap_or_default();
        let mut city = city_text(p, Script::Ru, 0.03, rng);
        if !city.is_empty() && !city.contains(' ') && rng.gen_bool(0.2) {
            city = format!("г. {city}");
        }
        vec![
            id.to_string(),
            russify(&name),
            year,
            russify(&city),
            event_date(p, DateStyle::Dotted, 0.02, rng),
            listed_event(p, rng).ru().to_string(),
        ]
    }

    fn ngo<R: Rng>(&mut self, id: &str, p: &Person, rng: &mut R) -> Vec<String> {
        let mut parts = kk_parts(self.names, p, rng.gen_bool(0.25));
        if p.kazakh && rng.gen_bool(0.05) {
            parts.given = self.names.given[usize::from(p.given)].ru.clone();
        }
        if rng.gen_bool(0.15) {
            parts.patronymic = None;
        }
        let mut family = parts.family;
        let mut given = parts.given;
        if rng.gen_bool(0.04) {
            if rng.gen_bool(0.5) {
                family = typo(&family, rng);
            } else {
                given = typo(&given, rng);
            }
        }
        let year = year_of_birth(p, 0.3, 0.1, rng)
            .map(|y| y.to_string())
            .unwrap_or_default();
        let style = if rng.gen_bool(0.8) {
            DateStyle::Dotted
        } else {
            DateStyle::KkWords
        };
        vec![
            id.to_string(),
            family,
            given,
            parts.patronymic.unwrap_or_default(),
            year,
            city_text(p, Script::Kk, 0.1, rng),
            event_date(p, style, 0.1, rng),
            listed_event(p, rng).kk().to_string(),
        ]
    }

    fn latin_scheme<R: Rng>(rng: &mut R) -> Roman {
        match rng.gen_range(0..100) {
            0..=34 => Roman::Passport,
            35..=59 => Roman::Informal {
                h: rng.gen_bool(0.4),
                j: rng.gen_bool(0.4),
            },
            60..=74 => Roman::Bgn,
            75..=84 => Roman::Scholarly,
            _ => Roman::Kazakh2021,
        }
    }

    /// The name in Latin letters, romanised from the Kazakh or the Russian
    /// form, in one of the orders lists abroad use.
    fn latin_name<R: Rng>(&mut self, p: &Person, rng: &mut R) -> (String, Roman) {
        let scheme = Self::latin_scheme(rng);
        let from_kk = match scheme {
            Roman::Kazakh2021 => true,
            Roman::Passport => rng.gen_bool(0.6),
            Roman::Bgn => rng.gen_bool(0.5),
            Roman::Scholarly => rng.gen_bool(0.2),
            Roman::Informal { .. } => rng.gen_bool(0.3),
        };
        let parts = if from_kk {
            kk_parts(self.names, p, false)
        } else {
            let parts = ru_parts(self.names, p);
            self.note_ru_given(p, &parts.given);
            parts
        };
        let r = |w: &str| {
            w.split(' ')
                .map(|x| romanize(x, scheme))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (family, given) = (r(&parts.family), r(&parts.given));
        let pat = parts.patronymic.as_deref().map(r);
        let name = match (rng.gen_range(0..100), &pat) {
            (0..=59, _) => format!("{given} {family}"),
            (60..=71, Some(pat)) => format!("{given} {pat} {family}"),
            (60..=71, None) => format!("{given} {family}"),
            (72..=81, _) => format!("{} {given}", family.to_uppercase()),
            (82..=89, Some(_)) => format!(
                "{family} {}{}",
                lat_initial(&parts.given, scheme),
                parts
                    .patronymic
                    .as_deref()
                    .map(|x| lat_initial(x, scheme))
                    .unwrap_or_default()
            ),
            _ => format!("{} {family}", lat_initial(&parts.given, scheme)),
        };
        (name, scheme)
    }

    fn abroad<R: Rng>(&mut self, id: &str, p: &Person, rng: &mut R) -> Vec<String> {
        let (mut name, scheme) = self.latin_name(p, rng);
        if rng.gen_bool(0.05) {
            name = typo(&name, rng);
        }
        let year = year_of_birth(p, 0.35, 0.08, rng)
            .map(|y| y.to_string())
            .unwrap_or_default();
        let source = [
            "HRW",
            "Amnesty International",
            "OSCE/ODIHR",
            "press",
            "relatives",
        ][rng.gen_range(0..5)];
        vec![
            id.to_string(),
            name,
            year,
            city_text(p, Script::En, 0.15, rng),
            event_date(p, DateStyle::Iso, 0.08, rng),
            listed_event(p, rng).code().to_string(),
            format!("{source} ({})", scheme.code()),
        ]
    }

    fn media<R: Rng>(&mut self, id: &str, p: &Person, rng: &mut R) -> Vec<String> {
        let initial_only = rng.gen_bool(0.1);
        let mut name = match rng.gen_range(0..100) {
            0..=49 => {
                let parts = ru_parts(self.names, p);
                self.note_ru_given(p, &parts.given);
                if initial_only {
                    format!("{} {}", cyr_initial(&parts.given), parts.family)
                } else {
                    format!("{} {}", parts.given, parts.family)
                }
            }
            50..=74 => {
                let parts = kk_parts(self.names, p, false);
                if initial_only {
                    format!("{} {}", cyr_initial(&parts.given), parts.family)
                } else {
                    format!("{} {}", parts.given, parts.family)
                }
            }
            _ => self.latin_name(p, rng).0,
        };
        if rng.gen_bool(0.06) {
            name = typo(&name, rng);
        }
        let style = if rng.gen_bool(0.5) {
            DateStyle::Dotted
        } else {
            DateStyle::RuWords
        };
        let outlet = ["Vlast.kz", "Azattyq", "Orda.kz", "KazTAG", "Telegram"][rng.gen_range(0..5)];
        vec![
            id.to_string(),
            name,
            reported_age(p, 0.4, 0.08, rng),
            city_text(p, Script::Ru, 0.4, rng),
            event_date(p, style, 0.25, rng),
            outlet.to_string(),
        ]
    }

    fn relatives<R: Rng>(&mut self, id: &str, p: &Person, rng: &mut R) -> Vec<String> {
        let parts = ru_parts(self.names, p);
        self.note_ru_given(p, &parts.given);
        let mut family = parts.family;
        if rng.gen_bool(0.03) {
            family = typo(&family, rng);
        }
        let birth = match year_of_birth(p, 0.1, 0.05, rng) {
            None => String::new(),
            Some(y) => {
                let len = if is_leap(y) { 366 } else { 365 };
                let (_, m, d) = ymd(y, u32::from(p.birth_day) % len);
                format!("{d:02}.{m:02}.{y}")
            }
        };
        vec![
            id.to_string(),
            family,
            parts.given,
            parts.patronymic.unwrap_or_default(),
            birth,
            city_text(p, Script::Ru, 0.05, rng),
            event_date(p, DateStyle::Dotted, 0.05, rng),
        ]
    }
}

fn dup_rate(kind: ListKind) -> f64 {
    match kind {
        ListKind::Official => 0.005,
        ListKind::NgoKk => 0.015,
        ListKind::Abroad => 0.01,
        ListKind::Media => 0.03,
        ListKind::Relatives => 0.01,
    }
}

/// Writes the lists, `truth.csv` and `manifest.json` into `out`.
pub fn generate(cfg: &Config, out: &Path) -> Result<Summary> {
    if cfg.people == 0 {
        bail!("--people must be at least 1");
    }
    let kinds = ListKind::for_count(cfg.lists)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let pools = Pools::new()?;
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let mut summary = Summary {
        records_per_list: vec![0; kinds.len()],
        ..Summary::default()
    };

    // The documented people; the others are only counted.
    let mut people: Vec<Person> = Vec::with_capacity(cfg.people);
    let mut pid: u32 = 0;
    while people.len() < cfg.people {
        let mut h = household(&pools, &mut rng);
        let mut index = Vec::with_capacity(h.members.len());
        for m in h.members.iter_mut() {
            m.pid = pid;
            pid = pid
                .checked_add(1)
                .context("population too large for 32-bit ids")?;
            m.lists = captures(&kinds, m, &mut rng);
            summary.true_by_class[usize::from(m.class)] += 1;
            if m.lists != 0 && people.len() < cfg.people {
                index.push(Some(people.len()));
                summary.documented_by_class[usize::from(m.class)] += 1;
                people.push(m.clone());
            } else {
                index.push(None);
            }
        }
        for (a, b, rel) in h.relations {
            if index[a].is_some() && index[b].is_some() {
                match rel {
                    Relation::Sibling => summary.sibling_pairs += 1,
                    Relation::Twin => {
                        summary.sibling_pairs += 1;
                        summary.twin_pairs += 1;
                    }
                    Relation::FatherSon => summary.father_son_pairs += 1,
                    Relation::Married => summary.married_pairs += 1,
                }
            }
        }
    }
    summary.true_total = pid as usize;
    summary.people_documented = people.len();

    let mut truth = BufWriter::with_capacity(
        1 << 16,
        File::create(out.join("truth.csv")).context("creating truth.csv")?,
    );
    writeln!(truth, "record_id,person_id")?;
    let mut renderer = Renderer {
        names: &pools.names,
        conventional_records: 0,
    };
    let mut lists_meta = Vec::new();
    for (li, &kind) in kinds.iter().enumerate() {
        let mut lrng = StdRng::seed_from_u64(
            cfg.seed
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(li as u64 + 1),
        );
        let mut rows: Vec<u32> = Vec::new();
        for (i, p) in people.iter().enumerate() {
            if p.lists & (1 << li) != 0 {
                rows.push(i as u32);
                if lrng.gen_bool(dup_rate(kind)) {
                    rows.push(i as u32);
                    summary.within_list_duplicates += 1;
                }
            }
        }
        rows.shuffle(&mut lrng);
        let mut csv = CsvOut::create(
            &out.join(kind.file()),
            kind.delimiter(),
            kind.encoding(),
            kind == ListKind::Official,
        )?;
        csv.row(kind.headers())?;
        for (n, &i) in rows.iter().enumerate() {
            let p = &people[i as usize];
            let id = format!("{}-{:07}", kind.prefix(), n + 1);
            let fields = match kind {
                ListKind::Official => renderer.official(&id, p, &mut lrng),
                ListKind::NgoKk => renderer.ngo(&id, p, &mut lrng),
                ListKind::Abroad => renderer.abroad(&id, p, &mut lrng),
                ListKind::Media => renderer.media(&id, p, &mut lrng),
                ListKind::Relatives => renderer.relatives(&id, p, &mut lrng),
            };
            csv.row(fields.as_slice())?;
            writeln!(truth, "{id},P{:07}", p.pid)?;
        }
        csv.finish()?;
        summary.records_per_list[li] = rows.len();
        summary.records += rows.len();
        let (name, compiled_by, as_of, event_type) = kind.meta();
        lists_meta.push(serde_json::json!({
            "file": kind.file(),
            "name": name,
            "compiled_by": compiled_by,
            "as_of": as_of,
            "event_type": event_type,
            "encoding": kind.encoding().name(),
            "delimiter": kind.delimiter().to_string(),
            "headers": kind.headers(),
            "records": rows.len(),
        }));
    }
    truth.flush()?;
    summary.conventional_variant_records = renderer.conventional_records;
    let manifest = serde_json::json!({
        "generator": "kuager-gen lists",
        "seed": cfg.seed,
        "people_documented": summary.people_documented,
        "records": summary.records,
        "true_total": summary.true_total,
        "truth": "truth.csv",
        "lists": lists_meta,
        "stats": summary,
    });
    let mut m = BufWriter::new(File::create(out.join("manifest.json"))?);
    serde_json::to_writer_pretty(&mut m, &manifest)?;
    writeln!(m)?;
    m.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn dates() {
        assert_eq!(ymd(2021, 0), (2021, 1, 1));
        assert_eq!(ymd(2021, u32::from(JAN4_2022)), (2022, 1, 4));
        assert_eq!(ymd(2021, 365 + 59), (2022, 3, 1));
        assert_eq!(ymd(2024, 59), (2024, 2, 29));
    }

    /// The name frequencies the pools are tuned to: a top Kazakh man's
    /// name near 4 %, a top Kazakh family name near 2 %, so the commonest
    /// family + given name is a fraction of a thousand, not one in a hundred.
    #[test]
    fn name_frequencies_are_near_the_country_s() {
        let pools = Pools::new().expect("pools");
        let mut rng = StdRng::seed_from_u64(5);
        let draws = 40_000;
        fn share_of_top<K>(counts: &HashMap<K, usize>, draws: usize) -> f64 {
            counts.values().copied().max().unwrap_or(0) as f64 / draws as f64
        }
        // How often two draws give the same name.
        fn collision<K>(counts: &HashMap<K, usize>, draws: usize) -> f64 {
            counts
                .values()
                .map(|&n| (n as f64 / draws as f64).powi(2))
                .sum()
        }
        let mut given = HashMap::new();
        let mut family = HashMap::new();
        let mut both = HashMap::new();
        for _ in 0..draws {
            let g = pools.given(&mut rng, true, true);
            let f = pools.family[1].sample(&mut rng);
            *given.entry(g).or_insert(0) += 1;
            *family.entry(f).or_insert(0) += 1;
            *both.entry((g, f)).or_insert(0) += 1;
        }
        let g = share_of_top(&given, draws);
        let f = share_of_top(&family, draws);
        let b = share_of_top(&both, draws);
        assert!((0.012..0.025).contains(&g), "top given name {g}");
        assert!((0.005..0.012).contains(&f), "top family name {f}");
        assert!(b < 0.001, "top family + given name {b}");
        // Two Kazakh men share a given name about once in 260 draws and a
        // family name once in 1,000 (the country: several times rarer).
        let (cg, cf) = (collision(&given, draws), collision(&family, draws));
        assert!(cg < 0.0045, "two share a given name {cg}");
        assert!(cf < 0.0013, "two share a family name {cf}");

        // The other family names: a common head and a long tail, so two
        // people share one about once in several hundred draws, not once
        // in three hundred as with the few hundred names before.
        let mut other = HashMap::new();
        for _ in 0..draws {
            *other
                .entry(pools.family[0].sample(&mut rng))
                .or_insert(0usize) += 1;
        }
        let shared = collision(&other, draws);
        let top = share_of_top(&other, draws);
        assert!((0.006..0.02).contains(&top), "top other family name {top}");
        assert!(shared < 0.002, "two others share a family name {shared}");
    }

    #[test]
    fn typos_keep_the_first_letter() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..50 {
            let t = typo("Суюбаев Асанали", &mut rng);
            assert_ne!(t, "Суюбаев Асанали");
            assert!(t.starts_with('С'));
        }
    }
}
