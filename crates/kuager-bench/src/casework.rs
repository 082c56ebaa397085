//! A synthetic register for the web benchmark (`kuager-gen casework`):
//! people named in documents, events about them with sources and charges,
//! reports, recognitions and an analyst's account, written into a
//! database through the store's public API.
//!
//! What is measured is the web app reading a register of this size, not
//! how it came to be: the documents' person mentions are written as an
//! extractor would have stored them, and the people are built directly
//! from the mentions the generator knows belong together (no resolver).
//! Each person is stored as the resolver would store them: id from the
//! anchor mention (`kuager_identity::person_id`), the most complete name
//! form as the name, the others as aliases, and the `f:`/`g:`/`p:` search
//! keys of every mention's name signature, so `kuager_register::search`
//! finds them by any spelling.
//!
//! People are Kazakh (65 %) and Russian, named from the lists in
//! `data/names.tsv` without the unique-name rule of the corpus generator:
//! with 100,000 people, hundreds share a given name or a family name, as
//! in reality. Documents (about 30 mentions each) are in Russian (45 %),
//! English (40 %, passport or informal romanisation) and Kazakh Cyrillic.
//! How often a person is mentioned and how many events they take part in
//! follow one popularity weight (rank r: (r + 100)^-0.6), so a few are
//! prominent and most appear in one to four events.

use crate::data::Lexicon;
use crate::decline::{feminine_family, patronymic_base, ru_patronymic_of};
use crate::translit::{latin, Scheme};
use anyhow::{bail, Context, Result};
use kuager_case::{
    places, CaseDate, Charge, Consent, DatePrecision, Day, EventDraft, EventType, LegalCode,
    LegalDetails, PaceCriterion, Participant, ParticipantRole, Recognition, RecognitionDecision,
    ReportDraft, SentenceKind, SourceRef, UserRole, Verification,
};
use kuager_domain::{
    Document, DocumentFormat, Extraction, Language, MentionKey, Person, PersonMention, PersonName,
    Span,
};
use kuager_names::NameSig;
use kuager_store::bulk::NewEvent;
use kuager_store::Store;
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub people: usize,
    pub events: usize,
    pub reports: usize,
    pub recognitions: usize,
    /// Percentage of events published (0: none).
    pub publish: u32,
    pub seed: u64,
    /// Events per transaction.
    pub batch: usize,
    /// Person mentions per document (about).
    pub mentions_per_doc: usize,
    /// The analyst account the load tool logs in as.
    pub user: String,
    pub password: String,
    /// How many person pages and search queries to list for the load tool.
    pub samples: usize,
}

/// What was generated, and how long each part took to store.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    pub mentions: usize,
    pub persons: usize,
    pub search_keys: usize,
    pub events: usize,
    pub participants: usize,
    pub charges: usize,
    pub sources: usize,
    pub reports: usize,
    pub recognitions: usize,
    /// Events per person: median, 99th percentile, most; persons in none.
    pub events_per_person: (usize, usize, usize, usize),
    /// Mentions per person: median, 99th percentile, most.
    pub mentions_per_person: (usize, usize, usize),
    /// (phase, seconds)
    pub timings: Vec<(&'static str, f64)>,
}

/// A synthetic person.
struct Human {
    kazakh: bool,
    male: bool,
    given: usize,
    family: usize,
    father: usize,
    /// Indices into the mention table.
    mentions: Vec<usize>,
}

/// A person mention as written into a document.
struct Written {
    doc: usize,
    start: usize,
    /// The sentence around the mention: the span a source cites.
    sentence: (usize, usize),
    name: PersonName,
}

/// A name in the three scripts a document may write it in.
struct Forms {
    ru: (String, String, String),
    kk: (String, String, String),
}

impl Human {
    fn forms(&self, lex: &Lexicon) -> Forms {
        let g = &lex.given[self.given];
        let f = &lex.family[self.family];
        let father = &lex.given[self.father];
        let fam = |male_form: &str| {
            if self.male {
                male_form.to_string()
            } else {
                feminine_family(male_form)
            }
        };
        let ru_patronymic = ru_patronymic_of(father.ru, self.male);
        let kk_patronymic = if self.kazakh {
            format!("{}{}", father.kk, if self.male { "ұлы" } else { "қызы" })
        } else {
            ru_patronymic.clone()
        };
        Forms {
            ru: (g.ru.to_string(), ru_patronymic, fam(f.ru)),
            kk: (g.kk.to_string(), kk_patronymic, fam(f.kk)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ru,
    Kk,
    En,
}

impl Lang {
    fn language(self) -> Language {
        match self {
            Lang::Ru => Language::Ru,
            Lang::Kk => Language::Kk,
            Lang::En => Language::En,
        }
    }
}

const RU_SENTENCES: &[&str] = &[
    "По данным правозащитников, {} находится под административным арестом.",
    "{} сообщает о давлении со стороны полиции.",
    "Адвокат сообщил, что {} не получает медицинской помощи.",
    "Среди задержанных на акции — {}.",
    "{} обжалует решение суда.",
    "Родственники сообщили, что {} объявляет голодовку.",
    "Следователь вызвал на допрос, как сообщается, {} без объяснения причин.",
];
const KK_SENTENCES: &[&str] = &[
    "Құқық қорғаушылардың мәліметінше, {} әкімшілік қамауда отыр.",
    "{} полиция тарапынан қысым көргенін хабарлады.",
    "Адвокаттың айтуынша, {} медициналық көмек алмай отыр.",
    "Акцияда ұсталғандардың арасында {} бар.",
    "{} сот шешіміне шағымданды.",
    "Туыстарының айтуынша, {} аштық жариялады.",
];
const EN_SENTENCES: &[&str] = &[
    "According to human rights defenders, {} remains under administrative arrest.",
    "{} reported pressure from the police.",
    "The lawyer said that {} is not receiving medical care.",
    "Among those detained at the rally was {}.",
    "{} appealed against the court decision.",
    "Relatives said that {} had started a hunger strike.",
    "Investigators summoned {} for questioning without giving a reason.",
];
const FILLERS: &[(&str, &str, &str)] = &[
    (
        "Акция прошла мирно, однако полиция применила силу.",
        "Акция бейбіт өтті, бірақ полиция күш қолданды.",
        "The rally was peaceful, but the police used force.",
    ),
    (
        "Правозащитники требуют освободить всех задержанных.",
        "Құқық қорғаушылар барлық ұсталғандарды босатуды талап етеді.",
        "Human rights defenders demand the release of everyone detained.",
    ),
    (
        "Суд рассмотрел дела в течение одного дня.",
        "Сот істерді бір күнде қарады.",
        "The court heard the cases within a single day.",
    ),
];
const COURTS: &[&str] = &[
    "Специализированный межрайонный административный суд г. Алматы",
    "Есильский районный суд г. Астаны",
    "Жанаозенский городской суд",
    "Specialised Inter-District Criminal Court of Almaty",
    "Медеуский районный суд г. Алматы",
];
const JUDGES: &[&str] = &[
    "Ахметова А.С.",
    "Сейткали Б.Н.",
    "Kuanyshev D.",
    "Иванова Е.В.",
    "Жумабеков Т.К.",
];

/// The popularity of each person: rank r (random) weighs (r + 100)^-0.6.
fn popularity(people: usize, rng: &mut StdRng) -> Result<WeightedIndex<f64>> {
    let mut rank: Vec<usize> = (0..people).collect();
    rank.shuffle(rng);
    let mut weights = vec![0.0; people];
    for (r, &id) in rank.iter().enumerate() {
        weights[id] = 1.0 / ((r + 100) as f64).powf(0.6);
    }
    WeightedIndex::new(&weights).context("popularity weights")
}

fn make_people(lex: &Lexicon, n: usize, rng: &mut StdRng) -> Vec<Human> {
    let pool = |kazakh: bool, male: bool| -> Vec<usize> {
        (0..lex.given.len())
            .filter(|&i| lex.given[i].kazakh == kazakh && lex.given[i].male == male)
            .collect()
    };
    let given = [
        [pool(false, false), pool(false, true)],
        [pool(true, false), pool(true, true)],
    ];
    let fathers: [Vec<usize>; 2] = [false, true].map(|kazakh| {
        pool(kazakh, true)
            .into_iter()
            .filter(|&i| patronymic_base(lex.given[i].ru))
            .collect()
    });
    let families: [Vec<usize>; 2] = [false, true].map(|kazakh| {
        (0..lex.family.len())
            .filter(|&i| lex.family[i].kazakh == kazakh)
            .collect()
    });
    (0..n)
        .map(|_| {
            let kazakh = rng.gen_bool(0.65);
            let male = rng.gen_bool(0.55);
            let k = usize::from(kazakh);
            let pick = |v: &Vec<usize>, rng: &mut StdRng| v[rng.gen_range(0..v.len())];
            Human {
                kazakh,
                male,
                given: pick(&given[k][usize::from(male)], rng),
                family: pick(&families[k], rng),
                father: pick(&fathers[k], rng),
                mentions: Vec::new(),
            }
        })
        .collect()
}

/// The name of `h` as a document in `lang` writes it: the text and the
/// parsed name an extractor would store.
fn write_name(h: &Human, lex: &Lexicon, lang: Lang, rng: &mut StdRng) -> (String, PersonName) {
    let forms = h.forms(lex);
    let name = |given: &str, patronymic: Option<&str>, family: &str| PersonName {
        given: vec![given.to_string()],
        patronymic: patronymic.map(str::to_string),
        family: vec![family.to_string()],
        initials: Vec::new(),
    };
    match lang {
        Lang::Ru | Lang::Kk => {
            let (g, p, f) = if lang == Lang::Ru {
                &forms.ru
            } else {
                &forms.kk
            };
            match rng.gen_range(0..100) {
                0..=64 => (format!("{g} {f}"), name(g, None, f)),
                65..=84 => (format!("{f} {g} {p}"), name(g, Some(p), f)),
                _ => (format!("{g} {p} {f}"), name(g, Some(p), f)),
            }
        }
        Lang::En => {
            let (g, _, f) = &forms.ru;
            let scheme = if rng.gen_bool(0.6) {
                Scheme::Passport
            } else {
                Scheme::Informal {
                    h: rng.gen_bool(0.3),
                    j: rng.gen_bool(0.2),
                    x: rng.gen_bool(0.5),
                }
            };
            let g = latin(g, scheme, true);
            let f = latin(f, scheme, false);
            (format!("{g} {f}"), name(&g, None, &f))
        }
    }
}

/// Chars of `s`.
fn chars(s: &str) -> usize {
    s.chars().count()
}

/// One document naming the people of `slots`; appends its mentions to
/// `written` and each mention's index to its person.
fn make_document(
    index: usize,
    slots: &[usize],
    people: &mut [Human],
    lex: &Lexicon,
    written: &mut Vec<Written>,
    rng: &mut StdRng,
) -> (Document, Extraction) {
    let lang = match rng.gen_range(0..100) {
        0..=44 => Lang::Ru,
        45..=84 => Lang::En,
        _ => Lang::Kk,
    };
    let (title, sentences) = match lang {
        Lang::Ru => (
            format!("Мониторинговая сводка № {}", index + 1),
            RU_SENTENCES,
        ),
        Lang::Kk => (format!("Мониторинг шолуы № {}", index + 1), KK_SENTENCES),
        Lang::En => (format!("Monitoring digest no. {}", index + 1), EN_SENTENCES),
    };
    let mut text = format!("{title}\n\n");
    let mut len = chars(&text);
    let mut persons = Vec::with_capacity(slots.len());
    let mut mention_ids = Vec::with_capacity(slots.len());
    for (i, &who) in slots.iter().enumerate() {
        if i > 0 {
            let sep = if i % 6 == 0 { "\n\n" } else { " " };
            text.push_str(sep);
            len += chars(sep);
        }
        if rng.gen_bool(0.2) {
            let filler = FILLERS[rng.gen_range(0..FILLERS.len())];
            let filler = match lang {
                Lang::Ru => filler.0,
                Lang::Kk => filler.1,
                Lang::En => filler.2,
            };
            text.push_str(filler);
            text.push(' ');
            len += chars(filler) + 1;
        }
        let (surface, name) = write_name(&people[who], lex, lang, rng);
        let template = sentences[rng.gen_range(0..sentences.len())];
        let (before, after) = template.split_once("{}").unwrap_or((template, ""));
        let sentence_start = len;
        let start = len + chars(before);
        let end = start + chars(&surface);
        let sentence_end = end + chars(after);
        text.push_str(before);
        text.push_str(&surface);
        text.push_str(after);
        len = sentence_end;
        persons.push(PersonMention {
            span: Span::new(start, end),
            text: surface,
            name: name.clone(),
            refers_to: None,
        });
        mention_ids.push(written.len());
        people[who].mentions.push(written.len());
        written.push(Written {
            doc: index,
            start,
            sentence: (sentence_start, sentence_end),
            name,
        });
    }
    text.push('\n');
    // The same person twice in one document is two mentions (rare).
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let doc = Document {
        file_name: format!("bench-{:06}.txt", index + 1),
        sha256,
        format: DocumentFormat::Text,
        encoding: "UTF-8".to_string(),
        language: lang.language(),
        title,
        text,
    };
    let extraction = Extraction {
        persons,
        ..Extraction::default()
    };
    (doc, extraction)
}

/// How complete a name is: given name, patronymic, initials, family names.
type Completeness = (usize, usize, usize, usize);

/// How often a form occurs, how complete it is, whether it is Latin.
type FormStats = (usize, Completeness, bool);

/// How complete a name is (as the resolver ranks forms for the name).
fn completeness(name: &PersonName) -> Completeness {
    (
        usize::from(!name.given.is_empty()),
        usize::from(name.patronymic.is_some()),
        name.initials.len(),
        name.family.len(),
    )
}

/// The person of `h`, as the resolver would store it.
fn build_person(h: &Human, written: &[Written], shas: &[String]) -> Person {
    let mut keys: Vec<MentionKey> = h
        .mentions
        .iter()
        .map(|&m| MentionKey {
            sha256: shas[written[m].doc].clone(),
            start: written[m].start,
        })
        .collect();
    keys.sort();
    let id = kuager_identity::person_id(&keys[0]);
    let mut forms: BTreeMap<String, FormStats> = BTreeMap::new();
    let mut search_keys = BTreeSet::new();
    for &m in &h.mentions {
        let name = &written[m].name;
        let display = name.display();
        let latin = !kuager_names::translit::is_cyrillic(&display);
        forms
            .entry(display)
            .or_insert((0, completeness(name), latin))
            .0 += 1;
        let sig = NameSig::from_name(name);
        for f in &sig.families {
            search_keys.insert(format!("f:{f}"));
        }
        for g in &sig.given {
            search_keys.insert(format!("g:{g}"));
        }
        if let Some(p) = &sig.patronymic {
            search_keys.insert(format!("p:{p}"));
        }
    }
    let best = forms
        .iter()
        .max_by(|a, b| {
            (a.1 .1, a.1 .0, a.1 .2)
                .cmp(&(b.1 .1, b.1 .0, b.1 .2))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    let aliases = forms.keys().filter(|k| **k != best).cloned().collect();
    Person {
        id,
        name: best,
        aliases,
        mentions: keys,
        search_keys: search_keys.into_iter().collect(),
    }
}

fn random_day(rng: &mut StdRng) -> Day {
    let year = rng.gen_range(2011..=2024);
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=28);
    Day { year, month, day }
}

fn criminal(rng: &mut StdRng) -> Charge {
    let (article, parts): (u32, &[u32]) = match rng.gen_range(0..5) {
        0 => (174, &[1, 2]),
        1 => (405, &[1, 2]),
        2 => (274, &[2, 3, 4]),
        3 => (272, &[2]),
        _ => (400, &[1]),
    };
    Charge {
        code: LegalCode::Criminal,
        article,
        part: Some(parts[rng.gen_range(0..parts.len())]),
    }
}

fn administrative(rng: &mut StdRng) -> Charge {
    let (article, part) = match rng.gen_range(0..3) {
        0 => (488, Some(rng.gen_range(6..=11))),
        1 => (434, Some(1)),
        _ => (453, None),
    };
    Charge {
        code: LegalCode::Administrative,
        article,
        part,
    }
}

/// One event about the people of `who` (mention indices, victim first).
fn make_event(
    who: &[usize],
    written: &[Written],
    shas: &[String],
    display: &dyn Fn(usize) -> String,
    place_keys: &[&'static str],
    rng: &mut StdRng,
) -> NewEvent {
    let event_type = match rng.gen_range(0..100) {
        0..=19 => EventType::Detention,
        20..=34 => EventType::AdministrativeArrest,
        35..=44 => EventType::CriminalCharge,
        45..=51 => EventType::PretrialDetention,
        52..=54 => EventType::HouseArrest,
        55..=60 => EventType::Conviction,
        61..=66 => EventType::Sentence,
        67..=71 => EventType::Fine,
        72..=76 => EventType::Release,
        77..=81 => EventType::SearchSeizure,
        82..=85 => EventType::TravelBan,
        86..=89 => EventType::IllTreatment,
        90..=93 => EventType::PressureOnRelatives,
        94..=96 => EventType::AssemblyRefused,
        _ => EventType::Censorship,
    };
    let mut legal = LegalDetails::default();
    let court = |rng: &mut StdRng| COURTS[rng.gen_range(0..COURTS.len())].to_string();
    let judge = |rng: &mut StdRng| JUDGES[rng.gen_range(0..JUDGES.len())].to_string();
    match event_type {
        EventType::AdministrativeArrest => {
            legal.charges.push(administrative(rng));
            legal.court = court(rng);
            legal.judge = judge(rng);
            legal.sentence_kind = Some(SentenceKind::AdministrativeArrest);
            legal.sentence_days = Some(rng.gen_range(3..=25));
        }
        EventType::Fine => {
            legal.charges.push(administrative(rng));
            legal.court = court(rng);
            legal.sentence_kind = Some(SentenceKind::Fine);
            legal.fine_kzt = Some(rng.gen_range(10..=200) * 3_450);
        }
        EventType::CriminalCharge | EventType::PretrialDetention => {
            for _ in 0..rng.gen_range(1..=2) {
                legal.charges.push(criminal(rng));
            }
        }
        EventType::Conviction | EventType::Sentence => {
            for _ in 0..rng.gen_range(1..=3) {
                legal.charges.push(criminal(rng));
            }
            legal.court = court(rng);
            legal.judge = judge(rng);
            legal.verdict = "виновен / guilty".to_string();
            if event_type == EventType::Sentence {
                let kind = match rng.gen_range(0..10) {
                    0..=5 => SentenceKind::Imprisonment,
                    6..=7 => SentenceKind::RestrictedFreedom,
                    _ => SentenceKind::Suspended,
                };
                legal.sentence_kind = Some(kind);
                legal.sentence_months = Some(rng.gen_range(6..=96));
            }
        }
        EventType::Detention if rng.gen_bool(0.3) => legal.charges.push(administrative(rng)),
        _ => {}
    }
    legal.charges.dedup();
    let start = random_day(rng);
    let date = if rng.gen_bool(0.85) {
        CaseDate::day(start)
    } else {
        CaseDate {
            precision: DatePrecision::Month,
            start: Day { day: 1, ..start },
            end: Day { day: 28, ..start },
        }
    };
    let participants = who
        .iter()
        .enumerate()
        .map(|(i, &m)| Participant {
            role: if i == 0 {
                ParticipantRole::Victim
            } else {
                match rng.gen_range(0..3) {
                    0 => ParticipantRole::Victim,
                    1 => ParticipantRole::Witness,
                    _ => ParticipantRole::Source,
                }
            },
            person: Some(MentionKey {
                sha256: shas[written[m].doc].clone(),
                start: written[m].start,
            }),
            name: display(m),
            position: String::new(),
            organisation: String::new(),
        })
        .collect();
    let cite = |m: usize| SourceRef::Document {
        sha256: shas[written[m].doc].clone(),
        start: written[m].sentence.0,
        end: written[m].sentence.1,
    };
    let mut sources = vec![cite(who[0])];
    if rng.gen_bool(0.15) {
        sources.push(match who.get(1) {
            Some(&m) => cite(m),
            None => SourceRef::Reference {
                citation: "Kazakhstan International Bureau for Human Rights, monthly report"
                    .to_string(),
                url: "https://example.org/report".to_string(),
            },
        });
    }
    let verification = match rng.gen_range(0..100) {
        0..=49 => Verification::Reported,
        50..=84 => Verification::Corroborated,
        85..=94 => Verification::Verified,
        _ => Verification::Disputed,
    };
    NewEvent {
        draft: EventDraft {
            event_type,
            date,
            place_key: rng
                .gen_bool(0.8)
                .then(|| place_keys[rng.gen_range(0..place_keys.len())].to_string()),
            place_detail: String::new(),
            description: format!(
                "{} — {}. Synthetic event for the web benchmark.",
                event_type.code(),
                display(who[0])
            ),
            verification,
            participants,
            legal,
        },
        sources,
    }
}

/// Percent-encodes a query value.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn median_p99_max(mut v: Vec<usize>) -> (usize, usize, usize) {
    v.sort_unstable();
    if v.is_empty() {
        return (0, 0, 0);
    }
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99), v[v.len() - 1])
}

/// Fills an empty database with the synthetic register and writes the
/// load tool's samples into `samples_dir`: `person-paths.txt` and
/// `search-paths.txt` (request paths, one a line) and
/// `search-queries.tsv` (each query as typed, with its script).
pub async fn fill(store: &Store, cfg: &Config, samples_dir: &Path) -> Result<Summary> {
    if cfg.people == 0 {
        bail!("--people must be at least 1");
    }
    let counts = store.work_counts().await?;
    if counts.documents > 0 || counts.persons > 0 || counts.events > 0 {
        bail!(
            "the database {} is not empty ({} documents, {} persons, {} events): give a new one",
            store.url(),
            counts.documents,
            counts.persons,
            counts.events
        );
    }
    let mut summary = Summary::default();
    let lex = Lexicon::load();
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let mut phase = Instant::now();
    let mut lap = |summary: &mut Summary, name: &'static str| {
        let s = phase.elapsed().as_secs_f64();
        summary.timings.push((name, s));
        eprintln!("  {name}: {s:.1} s");
        phase = Instant::now();
    };

    // People and how often each is mentioned: once, plus 1.5 mentions a
    // person on average shared out by popularity.
    let mut people = make_people(&lex, cfg.people, &mut rng);
    let popular = popularity(cfg.people, &mut rng)?;
    let mut slots: Vec<usize> = (0..cfg.people).collect();
    for _ in 0..cfg.people * 3 / 2 {
        slots.push(popular.sample(&mut rng));
    }
    slots.shuffle(&mut rng);

    // Documents.
    eprintln!(
        "documents: {} mentions of {} people, about {} a document",
        slots.len(),
        cfg.people,
        cfg.mentions_per_doc
    );
    let mut written: Vec<Written> = Vec::with_capacity(slots.len());
    let mut shas: Vec<String> = Vec::new();
    let mut pending = tokio::task::JoinSet::new();
    let mut rest = &slots[..];
    let per = cfg.mentions_per_doc.max(2);
    while !rest.is_empty() {
        let n = rng.gen_range(per / 2..=per * 3 / 2).min(rest.len());
        let (these, after) = rest.split_at(n);
        rest = after;
        let (doc, extraction) =
            make_document(shas.len(), these, &mut people, &lex, &mut written, &mut rng);
        shas.push(doc.sha256.clone());
        while pending.len() >= 4 {
            pending.join_next().await.context("a task")???;
        }
        let store = store.clone();
        pending.spawn(async move { store.insert_document(&doc, &extraction).await });
        if shas.len().is_multiple_of(1000) {
            eprintln!("  {} documents", shas.len());
        }
    }
    while let Some(done) = pending.join_next().await {
        done??;
    }
    summary.documents = shas.len();
    summary.mentions = written.len();
    lap(&mut summary, "documents");

    // Persons.
    let persons: Vec<Person> = people
        .iter()
        .map(|h| build_person(h, &written, &shas))
        .collect();
    let ids: HashSet<&str> = persons.iter().map(|p| p.id.as_str()).collect();
    if ids.len() != persons.len() {
        bail!("two anchors gave the same person id: try another --seed");
    }
    drop(ids);
    summary.persons = persons.len();
    summary.search_keys = persons.iter().map(|p| p.search_keys.len()).sum();
    summary.mentions_per_person = median_p99_max(people.iter().map(|h| h.mentions.len()).collect());
    store.replace_resolution(&persons, &[]).await?;
    lap(&mut summary, "persons");

    // The analyst.
    let hash = kuager_web::auth::hash_password(&cfg.password).map_err(anyhow::Error::msg)?;
    let user = store
        .add_user(None, &cfg.user, UserRole::Analyst, &hash)
        .await?;

    // Events.
    let place_keys: Vec<&'static str> = places::all().iter().map(|p| p.key).collect();
    let display = |m: usize| -> String { written[m].name.display() };
    let person_of_mention: Vec<usize> = {
        let mut v = vec![0; written.len()];
        for (i, h) in people.iter().enumerate() {
            for &m in &h.mentions {
                v[m] = i;
            }
        }
        v
    };
    let mut events_of = vec![0usize; cfg.people];
    let mut done = 0;
    let started = Instant::now();
    while done < cfg.events {
        let n = cfg.batch.max(1).min(cfg.events - done);
        let mut batch = Vec::with_capacity(n);
        for _ in 0..n {
            let count = match rng.gen_range(0..10) {
                0..=4 => 1,
                5..=7 => 2,
                _ => 3,
            };
            let mut who: Vec<usize> = Vec::with_capacity(count);
            let mut seen = Vec::with_capacity(count);
            while who.len() < count {
                let p = popular.sample(&mut rng);
                if seen.contains(&p) {
                    if seen.len() >= cfg.people {
                        break;
                    }
                    continue;
                }
                seen.push(p);
                let ms = &people[p].mentions;
                who.push(ms[rng.gen_range(0..ms.len())]);
            }
            for &m in &who {
                events_of[person_of_mention[m]] += 1;
            }
            let event = make_event(&who, &written, &shas, &display, &place_keys, &mut rng);
            summary.participants += event.draft.participants.len();
            summary.charges += event.draft.legal.charges.len();
            summary.sources += event.sources.len();
            batch.push(event);
        }
        store.add_events(user.id, &batch).await?;
        done += n;
        if done % (cfg.batch.max(1) * 25) == 0 || done == cfg.events {
            let s = started.elapsed().as_secs_f64();
            eprintln!("  {done} events, {:.0} a second", done as f64 / s.max(1e-9));
        }
    }
    summary.events = done;
    let none = events_of.iter().filter(|&&n| n == 0).count();
    let (median, p99, most) = median_p99_max(events_of);
    summary.events_per_person = (median, p99, most, none);
    lap(&mut summary, "events");

    // Reports from volunteers, naming people of the register.
    for i in 0..cfg.reports {
        let names: Vec<String> = (0..rng.gen_range(1..=3))
            .map(|_| {
                let p = popular.sample(&mut rng);
                let ms = &people[p].mentions;
                display(ms[rng.gen_range(0..ms.len())])
            })
            .collect();
        let draft = ReportDraft {
            what: format!(
                "Report {}: {} detained after a peaceful protest; relatives were not informed. Задержание после мирной акции.",
                i + 1,
                names.join(", ")
            ),
            when: random_day(&mut rng).iso(),
            place_key: Some(place_keys[rng.gen_range(0..place_keys.len())].to_string()),
            place_detail: "у здания акимата".to_string(),
            who: names.join("\n"),
            consent: Some(Consent::ALL[rng.gen_range(0..Consent::ALL.len())]),
            contact: String::new(),
        };
        store.add_report(Some(user.id), &draft, "ru", &[]).await?;
    }
    summary.reports = cfg.reports;
    lap(&mut summary, "reports");

    // Recognitions of prominent people.
    for _ in 0..cfg.recognitions {
        let p = popular.sample(&mut rng);
        let anchor = MentionKey {
            sha256: shas[written[people[p].mentions[0]].doc].clone(),
            start: written[people[p].mentions[0]].start,
        };
        let recognition = Recognition {
            decision: RecognitionDecision::Recognised,
            criteria: vec![PaceCriterion::A, PaceCriterion::C],
            decided_by: "Coalition of Kazakhstani human rights organisations".to_string(),
            decided_on: CaseDate::day(random_day(&mut rng)),
            note: String::new(),
        };
        store
            .add_recognition(user.id, &anchor, &recognition)
            .await?;
    }
    summary.recognitions = cfg.recognitions;
    lap(&mut summary, "recognitions");
    if cfg.publish > 0 {
        let published = store.publish_for_benchmark(user.id, cfg.publish).await?;
        eprintln!("  {published} events published");
        lap(&mut summary, "publication");
    }

    write_samples(cfg, &people, &persons, &lex, samples_dir, &mut rng)?;
    Ok(summary)
}

/// Person pages and search queries for the load tool, people picked at
/// random (uniformly, so mostly people with few events, as a monitor's
/// look-ups would be). Queries: the Russian Cyrillic name (40 %), the
/// Kazakh Cyrillic name (15 %), a Latin romanisation (35 %), a family
/// name alone (10 %, Cyrillic or Latin).
fn write_samples(
    cfg: &Config,
    people: &[Human],
    persons: &[Person],
    lex: &Lexicon,
    dir: &Path,
    rng: &mut StdRng,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let create = |name: &str| -> Result<std::io::BufWriter<std::fs::File>> {
        let path = dir.join(name);
        Ok(std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        ))
    };
    let mut pages = create("person-paths.txt")?;
    let mut searches = create("search-paths.txt")?;
    let mut queries = create("search-queries.tsv")?;
    writeln!(queries, "script\tquery")?;
    for _ in 0..cfg.samples {
        let i = rng.gen_range(0..persons.len());
        writeln!(pages, "/persons/{}", persons[i].id)?;
        let h = &people[rng.gen_range(0..people.len())];
        let forms = h.forms(lex);
        let scheme = if rng.gen_bool(0.5) {
            Scheme::Passport
        } else {
            Scheme::Informal {
                h: false,
                j: false,
                x: false,
            }
        };
        let (script, query) = match rng.gen_range(0..100) {
            0..=39 => ("cyrillic-ru", format!("{} {}", forms.ru.0, forms.ru.2)),
            40..=54 => ("cyrillic-kk", format!("{} {}", forms.kk.0, forms.kk.2)),
            55..=89 => (
                "latin",
                format!(
                    "{} {}",
                    latin(&forms.ru.0, scheme, true),
                    latin(&forms.ru.2, scheme, false)
                ),
            ),
            90..=94 => ("cyrillic-family", forms.ru.2.clone()),
            _ => ("latin-family", latin(&forms.ru.2, scheme, false)),
        };
        writeln!(searches, "/search?q={}", url_encode(&query))?;
        writeln!(queries, "{script}\t{query}")?;
    }
    pages.flush()?;
    searches.flush()?;
    queries.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_keys_agree_across_scripts() {
        let lex = Lexicon::load();
        let mut rng = StdRng::seed_from_u64(3);
        let mut people = make_people(&lex, 50, &mut rng);
        let mut written = Vec::new();
        let slots: Vec<usize> = (0..50).chain(0..50).collect();
        let mut shas = Vec::new();
        for (i, chunk) in slots.chunks(10).enumerate() {
            let (doc, extraction) =
                make_document(i, chunk, &mut people, &lex, &mut written, &mut rng);
            for m in &extraction.persons {
                let text: String = doc
                    .text
                    .chars()
                    .skip(m.span.start)
                    .take(m.span.end - m.span.start)
                    .collect();
                assert_eq!(text, m.text);
            }
            shas.push(doc.sha256);
        }
        for h in &people {
            let p = build_person(h, &written, &shas);
            assert_eq!(p.mentions.len(), 2);
            // Every spelling's family key is among the person's keys, and
            // the query for the Latin name finds them.
            let forms = h.forms(&lex);
            let q = format!(
                "{} {}",
                latin(&forms.ru.0, Scheme::Passport, true),
                latin(&forms.ru.2, Scheme::Passport, false)
            );
            let keys = kuager_register::query_keys(&q);
            assert!(
                keys.iter().any(|k| p.search_keys.contains(k)),
                "{q}: {:?} vs {:?}",
                keys,
                p.search_keys
            );
        }
    }

    #[test]
    fn encodes_queries() {
        assert_eq!(url_encode("Ерлан A"), "%D0%95%D1%80%D0%BB%D0%B0%D0%BD%20A");
    }
}
