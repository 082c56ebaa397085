//! Words of public output in the reader's language: the Fluent catalog
//! for the vocabularies, and the few phrases only public output needs.

use crate::public::{PublicEvent, PublicParticipant, PublicSource};
use kuager_case::{CaseDate, Charge, DatePrecision, Day, SourceKind};
use kuager_i18n::Locale;
use kuager_i18n::{format_day, format_month, format_number, format_year, tr, tr_args, ArgValue};

/// "Person 7F3K-92QD".
pub(crate) fn pseudonym(locale: Locale, code: &str) -> String {
    match locale {
        Locale::En => format!("Person {code}"),
        Locale::Ru => format!("Человек {code}"),
        Locale::Kk => format!("Адам {code}"),
    }
}

pub(crate) fn name_withheld(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "name not published",
        Locale::Ru => "имя не публикуется",
        Locale::Kk => "аты жарияланбайды",
    }
}

/// All that is ever said of a report source.
pub(crate) fn report_source(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "a report to Kuager",
        Locale::Ru => "сообщение, поступившее в Kuager",
        Locale::Kk => "Kuager жүйесіне түскен хабарлама",
    }
}

pub(crate) fn text_withheld(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Some details are not published to protect the people involved.",
        Locale::Ru => "Часть сведений не публикуется, чтобы защитить участников.",
        Locale::Kk => "Қатысушыларды қорғау үшін кейбір мәліметтер жарияланбайды.",
    }
}

fn months(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 month".to_string(),
        Locale::En => format!("{n} months"),
        Locale::Ru => format!("{n} мес."),
        Locale::Kk => format!("{n} ай"),
    }
}

fn days(locale: Locale, n: u32) -> String {
    match locale {
        Locale::En if n == 1 => "1 day".to_string(),
        Locale::En => format!("{n} days"),
        Locale::Ru => format!("{n} сут."),
        Locale::Kk => format!("{n} тәулік"),
    }
}

fn tenge(locale: Locale, amount: u64) -> String {
    let n = format_number(locale, i64::try_from(amount).unwrap_or(i64::MAX));
    match locale {
        Locale::En => format!("{n} tenge"),
        Locale::Ru => format!("{n} тенге"),
        Locale::Kk => format!("{n} теңге"),
    }
}

fn day_as(locale: Locale, d: Day, precision: DatePrecision) -> String {
    match precision {
        DatePrecision::Year => format_year(locale, d.year),
        DatePrecision::Month => format_month(locale, d.year, d.month),
        _ => format_day(locale, d.year, d.month, d.day),
    }
}

/// A date as precisely as it is known.
pub(crate) fn date(locale: Locale, d: &CaseDate) -> String {
    match d.precision {
        DatePrecision::Range => format!(
            "{} – {}",
            day_as(locale, d.start, DatePrecision::Day),
            day_as(locale, d.end, DatePrecision::Day)
        ),
        DatePrecision::Approximate => {
            format!("≈ {}", day_as(locale, d.start, d.rough_precision()))
        }
        precision => day_as(locale, d.start, precision),
    }
}

/// The gazetteer place, then the typed detail if it is public.
pub(crate) fn place(locale: Locale, e: &PublicEvent) -> String {
    let parts: Vec<&str> = [e.place().map(|p| p.name(locale.code())), e.place_detail()]
        .into_iter()
        .flatten()
        .collect();
    parts.join(", ")
}

/// "Detention — 5 January 2022 — Almaty".
pub(crate) fn event_title(locale: Locale, e: &PublicEvent) -> String {
    let mut title = format!(
        "{} — {}",
        tr(locale, &e.event_type().message_id()),
        date(locale, e.date())
    );
    let place = place(locale, e);
    if !place.is_empty() {
        title.push_str(" — ");
        title.push_str(&place);
    }
    title
}

/// "Art. 174-1 CC — Incitement of ...".
pub(crate) fn charge(locale: Locale, c: &Charge) -> String {
    let code = tr(locale, &format!("code-{}-short", c.code.code()));
    let article = c.article_input();
    let reference = tr_args(
        locale,
        "article-ref",
        &[
            ("number", ArgValue::Str(&article)),
            ("code", ArgValue::Str(&code)),
        ],
    );
    match c.title_message_id() {
        Some(id) => format!("{reference} — {}", tr(locale, &id)),
        None => reference,
    }
}

/// "Imprisonment, 60 months; fine 100,000 tenge", or nothing.
pub(crate) fn sentence(locale: Locale, e: &PublicEvent) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = e.sentence_kind() {
        parts.push(tr(locale, &kind.message_id()));
    }
    if let Some(m) = e.sentence_months() {
        parts.push(months(locale, m));
    }
    if let Some(d) = e.sentence_days() {
        parts.push(days(locale, d));
    }
    let mut text = parts.join(", ");
    if let Some(fine) = e.fine_kzt() {
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&format!(
            "{} {}",
            tr(locale, "sentence-kind-fine"),
            tenge(locale, fine)
        ));
    }
    (!text.is_empty()).then_some(text)
}

/// "Victim: Name (position, organisation)" or "Victim (name not
/// published)".
pub(crate) fn participant(locale: Locale, p: &PublicParticipant) -> String {
    let role = tr(locale, &p.role().message_id());
    if !p.is_named() {
        return format!("{role} ({})", name_withheld(locale));
    }
    let details: Vec<&str> = [p.position(), p.organisation()]
        .into_iter()
        .flatten()
        .collect();
    let mut text = role;
    if let Some(name) = p.name() {
        text.push_str(": ");
        text.push_str(name);
    }
    if !details.is_empty() {
        text.push_str(&format!(" ({})", details.join(", ")));
    }
    text
}

/// One source on one line.
pub(crate) fn source(locale: Locale, s: &PublicSource) -> String {
    match s.kind() {
        SourceKind::Report => report_source(locale).to_string(),
        SourceKind::Document => {
            let mut text = tr(locale, "source-kind-document");
            if let Some(title) = s.title() {
                text.push_str(&format!(": «{title}»"));
            }
            if let Some(sha) = s.sha256() {
                text.push_str(&format!(" (SHA-256 {sha})"));
            }
            text
        }
        SourceKind::Reference => {
            let parts: Vec<&str> = [s.citation(), s.url()].into_iter().flatten().collect();
            if parts.is_empty() {
                tr(locale, "source-kind-reference")
            } else {
                parts.join(" ")
            }
        }
    }
}
