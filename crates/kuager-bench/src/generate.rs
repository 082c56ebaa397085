//! Writing the synthetic documents and their truth.

use crate::data::{Lexicon, TEMPLATES_EN, TEMPLATES_KK, TEMPLATES_RU};
use crate::decline::{kk_case, ru_family, ru_given, ru_patronymic, Case};
use crate::population::{Person, Population, Relation};
use crate::template::{parse_file, Piece, PlaceForm, Template, Templates};
use crate::translit::{initial, latin, Scheme};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Kk,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub docs: usize,
    pub people: usize,
    pub seed: u64,
    /// Approximate size of a document in bytes.
    pub target_bytes: usize,
}

impl Config {
    /// The default population: a fifth of the documents, at least 200.
    pub fn default_people(docs: usize) -> usize {
        (docs / 5).max(200)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub docs: usize,
    pub bytes: usize,
    pub mentions: usize,
    pub people: usize,
    pub people_mentioned: usize,
    pub by_lang: [usize; 3],
}

/// One mention of the truth: file, text as written, person, form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthMention {
    pub surface: String,
    pub person: usize,
    pub form: String,
}

/// A generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: String,
    pub lang: Lang,
    pub text: String,
    pub truth: Vec<TruthMention>,
}

/// Everything the generator needs, built once.
pub struct Generator {
    lex: Lexicon,
    pop: Population,
    en: Templates,
    ru: Templates,
    kk: Templates,
    popularity: WeightedIndex<f64>,
    seed: u64,
    target_bytes: usize,
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const RU_MONTHS_GEN: [&str; 12] = [
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
const KK_MONTHS_LOC: [&str; 12] = [
    "қаңтарда",
    "ақпанда",
    "наурызда",
    "сәуірде",
    "мамырда",
    "маусымда",
    "шілдеде",
    "тамызда",
    "қыркүйекте",
    "қазанда",
    "қарашада",
    "желтоқсанда",
];
const ROUND_NUMBERS: [u32; 14] = [
    50, 60, 100, 120, 150, 200, 250, 300, 400, 500, 700, 1000, 1500, 2000,
];

/// How one document writes one person.
#[derive(Debug, Clone, Copy)]
struct Style {
    latin: Option<Scheme>,
    kazakh_script: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    GivenFamily,
    FamilyGiven,
    GivenPatrFamily,
    FamilyGivenPatr,
    InitialFamily,
    InitialsFamily,
    FamilyInitial,
    FamilyInitials,
    GivenCaps,
    Surname,
    Given,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::GivenFamily => "given-family",
            Form::FamilyGiven => "family-given",
            Form::GivenPatrFamily => "given-patr-family",
            Form::FamilyGivenPatr => "family-given-patr",
            Form::InitialFamily => "initial-family",
            Form::InitialsFamily => "initials-family",
            Form::FamilyInitial => "family-initial",
            Form::FamilyInitials => "family-initials",
            Form::GivenCaps => "given-CAPS",
            Form::Surname => "surname",
            Form::Given => "given",
        }
    }

    fn needs_patronymic(self) -> bool {
        matches!(
            self,
            Form::GivenPatrFamily
                | Form::FamilyGivenPatr
                | Form::InitialsFamily
                | Form::FamilyInitials
        )
    }

    /// The same form without a patronymic.
    fn without_patronymic(self) -> Form {
        match self {
            Form::GivenPatrFamily => Form::GivenFamily,
            Form::FamilyGivenPatr => Form::FamilyGiven,
            Form::InitialsFamily => Form::InitialFamily,
            Form::FamilyInitials => Form::FamilyInitial,
            f => f,
        }
    }
}

/// Pick from weighted choices with a number in 0..100.
fn weighted<T: Copy>(rng: &mut impl Rng, choices: &[(u32, T)]) -> T {
    let total: u32 = choices.iter().map(|c| c.0).sum();
    let mut x = rng.gen_range(0..total);
    for &(w, v) in choices {
        if x < w {
            return v;
        }
        x -= w;
    }
    choices[choices.len() - 1].1
}

/// Kazakh letters to the Russian ones they are usually replaced with.
fn kk_to_ru_letters(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ә' => 'а',
            'Ә' => 'А',
            'ғ' => 'г',
            'Ғ' => 'Г',
            'қ' => 'к',
            'Қ' => 'К',
            'ң' => 'н',
            'Ң' => 'Н',
            'ө' => 'о',
            'Ө' => 'О',
            'ұ' | 'ү' => 'у',
            'Ұ' | 'Ү' => 'У',
            'і' => 'и',
            'І' => 'И',
            'һ' => 'х',
            other => other,
        })
        .collect()
}

/// Change one letter: drop, double, or swap a vowel (never the first letter).
fn typo(word: &str, rng: &mut impl Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_string();
    }
    for _ in 0..8 {
        // Never the first letter, and never the last one removed (that
        // would turn Жолдасбекова into a man).
        let i = rng.gen_range(1..chars.len());
        let mut out = chars.clone();
        match rng.gen_range(0..3) {
            0 if i + 1 < chars.len() => {
                out.remove(i);
            }
            0 => continue,
            1 => out.insert(i, chars[i]),
            _ => {
                let swapped = match chars[i] {
                    'a' => 'o',
                    'o' => 'a',
                    'e' => 'i',
                    'i' => 'e',
                    'u' => 'o',
                    'а' => 'о',
                    'о' => 'а',
                    'е' => 'и',
                    'и' => 'е',
                    'ы' => 'и',
                    'у' => 'о',
                    _ => continue,
                };
                out[i] = swapped;
            }
        }
        let s: String = out.into_iter().collect();
        if s != word {
            return s;
        }
    }
    word.to_string()
}

struct DocState<'g> {
    g: &'g Generator,
    lang: Lang,
    place: usize,
    styles: HashMap<usize, Style>,
    seen: HashSet<usize>,
    mentioned: Vec<usize>,
    truth: Vec<TruthMention>,
}

impl<'g> DocState<'g> {
    fn person(&self, id: usize) -> &'g Person {
        &self.g.pop.people[id]
    }

    fn style(&mut self, id: usize, rng: &mut StdRng) -> Style {
        if let Some(s) = self.styles.get(&id) {
            return *s;
        }
        let kazakh = self.person(id).kazakh;
        let s = match self.lang {
            Lang::En => Style {
                latin: Some(if rng.gen_bool(0.5) {
                    Scheme::Passport
                } else {
                    Scheme::Informal {
                        h: rng.gen_bool(0.3),
                        j: kazakh && rng.gen_bool(0.15),
                        x: !kazakh && rng.gen_bool(0.5),
                    }
                }),
                kazakh_script: false,
            },
            Lang::Ru => Style {
                latin: None,
                kazakh_script: kazakh && rng.gen_bool(0.06),
            },
            Lang::Kk => Style {
                latin: None,
                kazakh_script: true,
            },
        };
        self.styles.insert(id, s);
        s
    }

    fn first_form(&self, rng: &mut StdRng) -> Form {
        use Form::*;
        match self.lang {
            Lang::En => weighted(
                rng,
                &[
                    (58, GivenFamily),
                    (9, FamilyGiven),
                    (8, InitialFamily),
                    (6, FamilyInitial),
                    (3, FamilyInitials),
                    (6, GivenPatrFamily),
                    (5, GivenCaps),
                    (5, GivenFamily),
                ],
            ),
            Lang::Ru => weighted(
                rng,
                &[
                    (46, GivenFamily),
                    (10, FamilyGiven),
                    (12, FamilyGivenPatr),
                    (4, GivenPatrFamily),
                    (6, InitialFamily),
                    (5, InitialsFamily),
                    (5, FamilyInitial),
                    (7, FamilyInitials),
                    (5, GivenFamily),
                ],
            ),
            Lang::Kk => weighted(
                rng,
                &[
                    (56, GivenFamily),
                    (10, FamilyGiven),
                    (10, InitialFamily),
                    (6, FamilyGivenPatr),
                    (5, GivenPatrFamily),
                    (5, FamilyInitial),
                    (8, GivenFamily),
                ],
            ),
        }
    }

    /// Render one mention of `id`; returns (text before the name, the name).
    fn mention(
        &mut self,
        id: usize,
        case: Case,
        list_line: bool,
        rng: &mut StdRng,
    ) -> (String, String) {
        let first = !self.seen.contains(&id);
        let style = self.style(id, rng);
        let person = self.person(id);
        let mut form = if list_line {
            weighted(
                rng,
                &[
                    (45, Form::FamilyInitials),
                    (20, Form::FamilyInitial),
                    (
                        35,
                        if self.lang == Lang::En {
                            Form::FamilyGiven
                        } else {
                            Form::FamilyGivenPatr
                        },
                    ),
                ],
            )
        } else if first {
            self.first_form(rng)
        } else {
            weighted(
                rng,
                &[
                    (68, Form::Surname),
                    (27, Form::GivenFamily),
                    (5, Form::Given),
                ],
            )
        };
        let parts = person.parts(&self.g.lex, style.kazakh_script);
        if form.needs_patronymic() && parts.patronymic.is_none() {
            form = form.without_patronymic();
        }
        let mut flags: Vec<&str> = Vec::new();
        let mut family = parts.family.clone();
        let has_family = form != Form::Given;
        if has_family && rng.gen_bool(0.015) {
            let t = typo(&family, rng);
            if t != family {
                family = t;
                flags.push("typo");
            }
        }
        let patronymic = parts.patronymic.clone().unwrap_or_default();
        let male = person.male;
        let lang = self.lang;
        // One word of the name: its text, and whether it is an initial.
        let word = |kind: char| -> (String, bool) {
            let (text, is_initial) = match (kind, style.latin) {
                ('G', Some(s)) => (latin(&parts.given, s, person.kazakh), false),
                ('F', Some(s)) => (latin(&family, s, false), false),
                ('C', Some(s)) => (latin(&family, s, false).to_uppercase(), false),
                ('P', Some(s)) => (latin(&patronymic, s, false), false),
                ('g', Some(s)) => (initial(&parts.given, Some(s)), true),
                ('i', Some(s)) => (
                    format!(
                        "{}{}",
                        initial(&parts.given, Some(s)),
                        initial(&patronymic, Some(s))
                    ),
                    true,
                ),
                ('G', None) => (parts.given.clone(), false),
                ('F', None) => (family.clone(), false),
                ('C', None) => (family.to_uppercase(), false),
                ('P', None) => (patronymic.clone(), false),
                ('g', None) => (initial(&parts.given, None), true),
                ('i', None) => (
                    format!(
                        "{}{}",
                        initial(&parts.given, None),
                        initial(&patronymic, None)
                    ),
                    true,
                ),
                _ => (String::new(), true),
            };
            if lang == Lang::Ru && case != Case::Nom && !is_initial {
                let declined = match kind {
                    'G' => ru_given(&text, male, case),
                    'F' | 'C' => ru_family(&text, male, case),
                    'P' => ru_patronymic(&text, case),
                    _ => text.clone(),
                };
                return (declined, false);
            }
            (text, is_initial)
        };
        let kinds: &[char] = match form {
            Form::GivenFamily => &['G', 'F'],
            Form::FamilyGiven => &['F', 'G'],
            Form::GivenPatrFamily => &['G', 'P', 'F'],
            Form::FamilyGivenPatr => &['F', 'G', 'P'],
            Form::InitialFamily => &['g', 'F'],
            Form::InitialsFamily => &['i', 'F'],
            Form::FamilyInitial => &['F', 'g'],
            Form::FamilyInitials => &['F', 'i'],
            Form::GivenCaps => &['G', 'C'],
            Form::Surname => &['F'],
            Form::Given => &['G'],
        };
        let mut words: Vec<(String, bool)> = kinds.iter().map(|&k| word(k)).collect();
        if lang == Lang::Kk && case != Case::Nom {
            if let Some(last) = words.last_mut() {
                if !last.1 {
                    last.0 = kk_case(&last.0, case);
                    flags.push("case");
                }
            }
        } else if lang == Lang::Ru && case != Case::Nom {
            flags.push("case");
        }
        let surface = words
            .iter()
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if style.kazakh_script && person.kazakh {
            if lang == Lang::Ru {
                flags.push("kk-script");
            }
            let g = &self.g.lex.given[person.given];
            let spelled_apart = kk_to_ru_letters(g.kk) != g.ru
                || match person.surname {
                    crate::population::Surname::Listed(i) => {
                        let f = &self.g.lex.family[i];
                        kk_to_ru_letters(f.kk) != f.ru
                    }
                    crate::population::Surname::Patronymic => false,
                };
            if spelled_apart {
                flags.push("kk-spelling");
            }
        }
        let prefix = if lang == Lang::En && form == Form::Surname && rng.gen_bool(0.3) {
            if male { "Mr " } else { "Ms " }.to_string()
        } else {
            String::new()
        };
        let mut tag = form.name().to_string();
        if list_line {
            tag.push_str("+list");
        }
        for f in flags {
            tag.push('+');
            tag.push_str(f);
        }
        self.truth.push(TruthMention {
            surface: surface.clone(),
            person: id,
            form: tag,
        });
        if first {
            self.seen.insert(id);
            self.mentioned.push(id);
        }
        (prefix, surface)
    }

    fn relation_word(&self, a: usize, r: usize, case: Case, capital: bool) -> String {
        let pa = self.person(a);
        let pr = self.person(r);
        let rel = pa
            .relatives
            .iter()
            .find(|x| x.0 == r)
            .map_or(Relation::Sibling, |x| x.1);
        let w = match (self.lang, rel, pr.male) {
            (Lang::En, Relation::Spouse, true) => "husband",
            (Lang::En, Relation::Spouse, false) => "wife",
            (Lang::En, Relation::Sibling, true) => "brother",
            (Lang::En, Relation::Sibling, false) => "sister",
            (Lang::Ru, Relation::Spouse, true) => {
                if case == Case::Acc {
                    "мужа"
                } else {
                    "муж"
                }
            }
            (Lang::Ru, Relation::Spouse, false) => {
                if case == Case::Acc {
                    "жену"
                } else {
                    "жена"
                }
            }
            (Lang::Ru, Relation::Sibling, true) => {
                if case == Case::Acc {
                    "брата"
                } else {
                    "брат"
                }
            }
            (Lang::Ru, Relation::Sibling, false) => {
                if case == Case::Acc {
                    "сестру"
                } else {
                    "сестра"
                }
            }
            (Lang::Kk, Relation::Spouse, true) => "күйеуі",
            (Lang::Kk, Relation::Spouse, false) => "әйелі",
            (Lang::Kk, Relation::Sibling, true) => "інісі",
            (Lang::Kk, Relation::Sibling, false) => {
                if pa.male {
                    "қарындасы"
                } else {
                    "сіңлісі"
                }
            }
        };
        if capital {
            let mut it = w.chars();
            match it.next() {
                Some(f) => f.to_uppercase().chain(it).collect(),
                None => String::new(),
            }
        } else {
            w.to_string()
        }
    }

    fn date(&self, rng: &mut StdRng) -> String {
        let y = rng.gen_range(2011..=2024);
        let m = rng.gen_range(0..12);
        let d = rng.gen_range(1..=28);
        match self.lang {
            Lang::En => {
                if rng.gen_bool(0.6) {
                    format!("{d} {} {y}", EN_MONTHS[m])
                } else {
                    format!("{} {d}, {y}", EN_MONTHS[m])
                }
            }
            Lang::Ru => format!("{d} {} {y} года", RU_MONTHS_GEN[m]),
            Lang::Kk => format!("{y} жылғы {d} {}", KK_MONTHS_LOC[m]),
        }
    }

    fn place(&self, form: PlaceForm, rng: &mut StdRng) -> &'static str {
        let places = &self.g.lex.places;
        let p = if rng.gen_bool(0.7) {
            &places[self.place]
        } else {
            &places[rng.gen_range(0..places.len())]
        };
        match (self.lang, form) {
            (Lang::En, _) => p.en,
            (Lang::Ru, PlaceForm::Gen) => p.ru_gen,
            (Lang::Ru, PlaceForm::Prep) => p.ru_prep,
            (Lang::Ru, _) => p.ru_nom,
            (Lang::Kk, PlaceForm::Loc) => p.kk_loc,
            (Lang::Kk, _) => p.kk_nom,
        }
    }

    fn join_list(&self, items: &[String]) -> String {
        let and = match self.lang {
            Lang::En => " and ",
            Lang::Ru => " и ",
            Lang::Kk => " және ",
        };
        match items.len() {
            0 => String::new(),
            1 => items[0].clone(),
            n => format!("{}{and}{}", items[..n - 1].join(", "), items[n - 1]),
        }
    }

    /// Render a template with people already assigned to its slots.
    fn render(
        &mut self,
        t: &Template,
        slots: &HashMap<char, usize>,
        list: &[usize],
        rng: &mut StdRng,
    ) -> String {
        let mut out = String::new();
        for piece in &t.pieces {
            match piece {
                Piece::Text(s) => {
                    // "Нурбековой Р." ends the sentence with one dot.
                    let s = match s.strip_prefix('.') {
                        Some(rest) if out.ends_with('.') => rest,
                        _ => s,
                    };
                    out.push_str(s);
                }
                Piece::Person(slot, case) => {
                    let id = slots[slot];
                    let (prefix, name) = self.mention(id, *case, false, rng);
                    out.push_str(&prefix);
                    out.push_str(&name);
                }
                Piece::List(case) => {
                    let mut items = Vec::new();
                    for &id in list {
                        let (prefix, name) = self.mention(id, *case, false, rng);
                        items.push(format!("{prefix}{name}"));
                    }
                    out.push_str(&self.join_list(&items));
                }
                Piece::Relation { capital, case } => {
                    let w = self.relation_word(slots[&'A'], slots[&'R'], *case, *capital);
                    out.push_str(&w);
                }
                Piece::Gender { slot, male, female } => {
                    let m = !matches!(slots.get(slot), Some(&id) if !self.person(id).male);
                    out.push_str(if m { male } else { female });
                }
                Piece::Place(form) => {
                    let p = self.place(*form, rng);
                    out.push_str(p);
                }
                Piece::Date => {
                    let d = self.date(rng);
                    out.push_str(&d);
                }
                Piece::Number => {
                    let n = if rng.gen_bool(0.5) {
                        rng.gen_range(5..100)
                    } else {
                        ROUND_NUMBERS[rng.gen_range(0..ROUND_NUMBERS.len())]
                    };
                    let _ = write!(out, "{n}");
                }
                Piece::Years | Piece::YearsNoun | Piece::YearsDative => {
                    let y = rng.gen_range(2..=7);
                    let _ = match piece {
                        Piece::Years => write!(out, "{y}"),
                        Piece::YearsNoun if y <= 4 => write!(out, "{y} года"),
                        Piece::YearsNoun => write!(out, "{y} лет"),
                        _ => write!(out, "{y} годам"),
                    };
                }
                Piece::Year => {
                    let _ = write!(out, "{}", rng.gen_range(2011..=2023));
                }
            }
        }
        out
    }
}

impl Generator {
    pub fn new(cfg: &Config) -> Result<Generator, String> {
        let lex = Lexicon::load();
        let mut rng = StdRng::seed_from_u64(cfg.seed);
        let pop = Population::generate(&lex, cfg.people, &mut rng);
        // A few people are named often (well-known activists), most rarely.
        let mut rank: Vec<usize> = (0..pop.people.len()).collect();
        rank.shuffle(&mut rng);
        let mut weights = vec![0.0; pop.people.len()];
        for (r, &id) in rank.iter().enumerate() {
            weights[id] = 1.0 / ((r + 20) as f64).powf(0.7);
        }
        let popularity = WeightedIndex::new(&weights).map_err(|e| e.to_string())?;
        Ok(Generator {
            lex,
            pop,
            en: parse_file(TEMPLATES_EN)?,
            ru: parse_file(TEMPLATES_RU)?,
            kk: parse_file(TEMPLATES_KK)?,
            popularity,
            seed: cfg.seed,
            target_bytes: cfg.target_bytes,
        })
    }

    pub fn population(&self) -> &Population {
        &self.pop
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn templates(&self, lang: Lang) -> &Templates {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }

    /// The people of one document, relatives next to each other.
    fn cast(&self, count: usize, rng: &mut StdRng) -> Vec<usize> {
        let count = count.min(self.pop.people.len());
        let mut chosen: Vec<usize> = Vec::with_capacity(count + 1);
        let mut set = HashSet::new();
        let mut tries = 0;
        while chosen.len() < count && tries < count * 50 {
            tries += 1;
            let id = self.popularity.sample(rng);
            if !set.insert(id) {
                continue;
            }
            chosen.push(id);
            let rels = &self.pop.people[id].relatives;
            if !rels.is_empty() && chosen.len() < count && rng.gen_bool(0.35) {
                let (r, _) = rels[rng.gen_range(0..rels.len())];
                if set.insert(r) {
                    chosen.push(r);
                }
            }
        }
        chosen
    }

    /// Generate document number `index` (deterministic for a seed).
    pub fn document(&self, index: usize) -> Doc {
        let mut rng = StdRng::seed_from_u64(
            self.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let lang = match rng.gen_range(0..100) {
            0..=49 => Lang::En,
            50..=84 => Lang::Ru,
            _ => Lang::Kk,
        };
        let count = match lang {
            Lang::En => rng.gen_range(10..=25),
            _ => rng.gen_range(10..=18),
        };
        let cast = self.cast(count, &mut rng);
        let templates = self.templates(lang);
        let mut st = DocState {
            g: self,
            lang,
            place: rng.gen_range(0..self.lex.places.len()),
            styles: HashMap::new(),
            seen: HashSet::new(),
            mentioned: Vec::new(),
            truth: Vec::new(),
        };
        let target = self.target_bytes * rng.gen_range(85..=115) / 100;
        let mut queue: VecDeque<usize> = cast.into_iter().collect();
        let none = HashMap::new();
        let headline = &templates.headline[rng.gen_range(0..templates.headline.len())];
        let mut text = st.render(headline, &none, &[], &mut rng);
        text.push_str("\n\n");
        let mut paragraph_len = 0;
        let mut list_done = false;
        for _ in 0..400 {
            if queue.is_empty() && text.len() >= target {
                break;
            }
            // A numbered list of names, once in some documents.
            if !list_done && queue.len() >= 5 && rng.gen_bool(0.1) {
                list_done = true;
                if paragraph_len > 0 {
                    text.push_str("\n\n");
                }
                let intro = &templates.list_intro[rng.gen_range(0..templates.list_intro.len())];
                text.push_str(&st.render(intro, &none, &[], &mut rng));
                text.push('\n');
                let n = rng.gen_range(3..=6).min(queue.len());
                for i in 1..=n {
                    let id = queue.pop_front().unwrap_or_default();
                    let (_, name) = st.mention(id, Case::Nom, true, &mut rng);
                    let _ = writeln!(text, "{i}. {name}");
                }
                text.push('\n');
                paragraph_len = 0;
                continue;
            }
            let related = queue.len() >= 2
                && self.pop.people[queue[0]]
                    .relatives
                    .iter()
                    .any(|r| r.0 == queue[1]);
            let mut slots: HashMap<char, usize> = HashMap::new();
            let mut list: Vec<usize> = Vec::new();
            let template: &Template = if related && rng.gen_bool(0.8) {
                slots.insert('A', queue.pop_front().unwrap_or_default());
                slots.insert('R', queue.pop_front().unwrap_or_default());
                &templates.relative[rng.gen_range(0..templates.relative.len())]
            } else if (queue.is_empty() && rng.gen_bool(0.35)) || rng.gen_bool(0.08) {
                &templates.plain[rng.gen_range(0..templates.plain.len())]
            } else {
                let t = &templates.people[rng.gen_range(0..templates.people.len())];
                match self.assign(t, &mut queue, &st.mentioned, &mut rng) {
                    Some((s, l)) => {
                        slots = s;
                        list = l;
                        t
                    }
                    None => continue,
                }
            };
            let sentence = st.render(template, &slots, &list, &mut rng);
            if paragraph_len > 0 {
                if paragraph_len >= 3 && rng.gen_bool(0.35) {
                    text.push_str("\n\n");
                    paragraph_len = 0;
                } else {
                    text.push(' ');
                }
            }
            text.push_str(&sentence);
            paragraph_len += 1;
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Doc {
            file: format!("kg{:06}-{}.txt", index + 1, lang.code()),
            lang,
            text,
            truth: st.truth,
        }
    }

    /// Fill a template's person slots: new people first, then people the
    /// document has already named.
    fn assign(
        &self,
        t: &Template,
        queue: &mut VecDeque<usize>,
        mentioned: &[usize],
        rng: &mut StdRng,
    ) -> Option<(HashMap<char, usize>, Vec<usize>)> {
        let list_len = if t.has_list {
            if queue.len() < 3 {
                return None;
            }
            rng.gen_range(3..=6).min(queue.len())
        } else {
            0
        };
        let needed = t.slots.len() + list_len;
        let fresh = queue.len().min(needed);
        let mut taken: Vec<usize> = (0..fresh).filter_map(|_| queue.pop_front()).collect();
        // Fill the rest with earlier people, distinct.
        let mut pool: Vec<usize> = mentioned
            .iter()
            .copied()
            .filter(|id| !taken.contains(id))
            .collect();
        pool.shuffle(rng);
        while taken.len() < needed {
            match pool.pop() {
                Some(id) => taken.push(id),
                None => {
                    for &id in taken[..fresh].iter().rev() {
                        queue.push_front(id);
                    }
                    return None;
                }
            }
        }
        // Slots first, so a new person tends to be named in full before a
        // list; repeat mentions land wherever.
        let mut slots = HashMap::new();
        for (i, &s) in t.slots.iter().enumerate() {
            slots.insert(s, taken[i]);
        }
        let list = taken[t.slots.len()..].to_vec();
        Some((slots, list))
    }
}

/// Generate the corpus into `out`: documents, `truth.tsv` (file, surface,
/// person, form) and `population.tsv`.
pub fn write_corpus(cfg: &Config, out: &Path) -> std::io::Result<Stats> {
    let g = Generator::new(cfg).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(out)?;
    // Remove documents of an earlier run (only files this tool names).
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("kg") && name.ends_with(".txt") {
            std::fs::remove_file(entry.path())?;
        }
    }
    let mut truth = BufWriter::new(std::fs::File::create(out.join("truth.tsv"))?);
    writeln!(truth, "file\tsurface\tperson\tform")?;
    let mut stats = Stats {
        people: g.pop.people.len(),
        ..Stats::default()
    };
    let mut named = vec![false; g.pop.people.len()];
    for i in 0..cfg.docs {
        let doc = g.document(i);
        std::fs::write(out.join(&doc.file), doc.text.as_bytes())?;
        for m in &doc.truth {
            writeln!(
                truth,
                "{}\t{}\t{}\t{}",
                doc.file,
                m.surface,
                g.pop.people[m.person].label(),
                m.form
            )?;
            named[m.person] = true;
        }
        stats.docs += 1;
        stats.bytes += doc.text.len();
        stats.mentions += doc.truth.len();
        stats.by_lang[doc.lang as usize] += 1;
    }
    truth.flush()?;
    stats.people_mentioned = named.iter().filter(|x| **x).count();
    let mut pop = BufWriter::new(std::fs::File::create(out.join("population.tsv"))?);
    writeln!(pop, "person\tgender\tpassport\trussian\tkazakh\trelatives")?;
    for p in &g.pop.people {
        let ru = p.parts(&g.lex, false);
        let kk = p.parts(&g.lex, true);
        let passport = format!(
            "{} {}",
            latin(&ru.given, Scheme::Passport, p.kazakh),
            latin(&ru.family, Scheme::Passport, false)
        );
        let rels: Vec<String> = p
            .relatives
            .iter()
            .map(|(o, r)| {
                format!(
                    "{}:{}",
                    g.pop.people[*o].label(),
                    match r {
                        Relation::Spouse => "spouse",
                        Relation::Sibling => "sibling",
                    }
                )
            })
            .collect();
        writeln!(
            pop,
            "{}\t{}\t{}\t{} {} {}\t{} {} {}\t{}",
            p.label(),
            if p.male { "m" } else { "f" },
            passport,
            ru.family,
            ru.given,
            ru.patronymic.as_deref().unwrap_or(""),
            kk.family,
            kk.given,
            kk.patronymic.as_deref().unwrap_or(""),
            rels.join(",")
        )?;
    }
    pop.flush()?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(docs: usize) -> Config {
        Config {
            docs,
            people: Config::default_people(docs),
            seed: 42,
            target_bytes: 2000,
        }
    }

    #[test]
    fn deterministic_and_truth_in_text_order() {
        let g = Generator::new(&cfg(300)).unwrap();
        let h = Generator::new(&cfg(300)).unwrap();
        for i in 0..300 {
            let d = g.document(i);
            assert_eq!(d.text, h.document(i).text);
            // Every truth surface occurs in the text, in order.
            let mut at = 0;
            for m in &d.truth {
                let found = d.text[at..].find(&m.surface);
                assert!(
                    found.is_some(),
                    "{:?} not after {at} in\n{}",
                    m.surface,
                    d.text
                );
                at += found.unwrap_or(0) + m.surface.len();
            }
            assert!(d.truth.len() >= 10, "{}", d.text);
        }
    }

    #[test]
    fn documents_are_about_two_kilobytes() {
        let g = Generator::new(&cfg(400)).unwrap();
        let total: usize = (0..400).map(|i| g.document(i).text.len()).sum();
        let mean = total / 400;
        assert!((1600..=2800).contains(&mean), "mean {mean} bytes");
    }
}
