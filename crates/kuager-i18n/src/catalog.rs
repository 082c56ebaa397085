//! The Fluent catalogs: one bundle per locale, built once and shared by all
//! threads.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::types::{FluentNumberStyle, FluentNumberType};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use intl_memoizer::concurrent::IntlLangMemoizer;

use crate::format::group_digits;
use crate::Locale;

/// A bundle with the thread-safe memoizer, so the catalogs are `Send + Sync`.
type Bundle = fluent_bundle::bundle::FluentBundle<FluentResource, IntlLangMemoizer>;

/// The FTL files of one locale: (file name, text). Each bundle loads all of them.
fn sources(locale: Locale) -> Vec<(&'static str, &'static str)> {
    match locale {
        Locale::Ru => vec![
            ("ru/vocab.ftl", include_str!("../locales/ru/vocab.ftl")),
            ("ru/ui.ftl", include_str!("../locales/ru/ui.ftl")),
            ("ru/trials.ftl", include_str!("../locales/ru/trials.ftl")),
            ("ru/site.ftl", include_str!("../locales/ru/site.ftl")),
            (
                "ru/newsletter.ftl",
                include_str!("../locales/ru/newsletter.ftl"),
            ),
            ("ru/appeals.ftl", include_str!("../locales/ru/appeals.ftl")),
        ],
        Locale::Kk => vec![
            ("kk/vocab.ftl", include_str!("../locales/kk/vocab.ftl")),
            ("kk/ui.ftl", include_str!("../locales/kk/ui.ftl")),
            ("kk/trials.ftl", include_str!("../locales/kk/trials.ftl")),
            ("kk/site.ftl", include_str!("../locales/kk/site.ftl")),
            (
                "kk/newsletter.ftl",
                include_str!("../locales/kk/newsletter.ftl"),
            ),
            ("kk/appeals.ftl", include_str!("../locales/kk/appeals.ftl")),
        ],
        Locale::En => vec![
            ("en/vocab.ftl", include_str!("../locales/en/vocab.ftl")),
            ("en/ui.ftl", include_str!("../locales/en/ui.ftl")),
            ("en/trials.ftl", include_str!("../locales/en/trials.ftl")),
            ("en/site.ftl", include_str!("../locales/en/site.ftl")),
            (
                "en/newsletter.ftl",
                include_str!("../locales/en/newsletter.ftl"),
            ),
            ("en/appeals.ftl", include_str!("../locales/en/appeals.ftl")),
        ],
    }
}

struct Catalog {
    bundle: Bundle,
    ids: Vec<String>,
}

static CATALOGS: LazyLock<[Catalog; 3]> = LazyLock::new(|| Locale::ALL.map(build_catalog));

fn catalog(locale: Locale) -> &'static Catalog {
    &CATALOGS[locale.index()]
}

/// Parses a file, keeping whatever parsed when it has errors.
fn parse(text: &str) -> FluentResource {
    FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, _errors)| partial)
}

fn build_catalog(locale: Locale) -> Catalog {
    let mut bundle = Bundle::new_concurrent(vec![locale.langid()]);
    // The output goes into HTML; the bidi isolation marks would only get in the way.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match locale {
        Locale::En => format_number_en,
        Locale::Ru | Locale::Kk => format_number_nbsp,
    }));
    let mut ids = BTreeSet::new();
    for (_, text) in sources(locale) {
        let resource = parse(text);
        ids.extend(message_names(&resource).map(str::to_owned));
        // A message defined twice keeps its first definition; the tests
        // (through `resource_problems`) report the duplicate.
        let _ = bundle.add_resource(resource);
    }
    Catalog {
        bundle,
        ids: ids.into_iter().collect(),
    }
}

fn message_names(resource: &FluentResource) -> impl Iterator<Item = &str> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message.id.name),
        _ => None,
    })
}

fn entry_names(resource: &FluentResource) -> impl Iterator<Item = String> + '_ {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message.id.name.to_owned()),
        ast::Entry::Term(term) => Some(format!("-{}", term.id.name)),
        _ => None,
    })
}

/// Fluent's own number output has no digit grouping; these add it for
/// plain integers so `{ $count }` reads "12,345" / "12 345".
fn format_number_en(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    format_fluent_integer(value, ",")
}

fn format_number_nbsp(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    format_fluent_integer(value, "\u{a0}")
}

fn format_fluent_integer(value: &FluentValue, separator: &str) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let options = &number.options;
    let plain = options.use_grouping
        && options.r#type == FluentNumberType::Cardinal
        && options.style == FluentNumberStyle::Decimal
        && options.minimum_integer_digits.is_none()
        && options.minimum_fraction_digits.unwrap_or(0) == 0
        && options.minimum_significant_digits.is_none()
        && options.maximum_significant_digits.is_none();
    let v = number.value;
    if !plain || !v.is_finite() || v.fract() != 0.0 || v.abs() >= 9.0e15 {
        return None;
    }
    Some(group_digits(v as i64, separator))
}

/// A value for a Fluent argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgValue<'a> {
    /// Text, also used for selectors such as `$gender`.
    Str(&'a str),
    /// An integer: formatted with the locale's grouping, and used for plural forms.
    Num(i64),
}

impl<'a> From<&'a str> for ArgValue<'a> {
    fn from(value: &'a str) -> Self {
        ArgValue::Str(value)
    }
}

impl From<i64> for ArgValue<'_> {
    fn from(value: i64) -> Self {
        ArgValue::Num(value)
    }
}

impl<'a> From<ArgValue<'a>> for FluentValue<'a> {
    fn from(value: ArgValue<'a>) -> Self {
        match value {
            ArgValue::Str(s) => FluentValue::from(s),
            ArgValue::Num(n) => FluentValue::from(n),
        }
    }
}

/// The languages tried, in order, when a message is missing: Kazakh readers
/// read Russian, and Russian and English fall back to each other.
fn fallback_chain(locale: Locale) -> [Locale; 3] {
    match locale {
        Locale::Ru => [Locale::Ru, Locale::En, Locale::Kk],
        Locale::Kk => [Locale::Kk, Locale::Ru, Locale::En],
        Locale::En => [Locale::En, Locale::Ru, Locale::Kk],
    }
}

/// Formats `id` (a message, or `message.attribute`) in one bundle.
/// `None` when the bundle has no such message or attribute.
fn format_in(
    bundle: &Bundle,
    id: &str,
    args: Option<&FluentArgs>,
    errors: &mut Vec<fluent_bundle::FluentError>,
) -> Option<String> {
    let (message_id, attribute) = match id.split_once('.') {
        Some((message, attribute)) => (message, Some(attribute)),
        None => (id, None),
    };
    let message = bundle.get_message(message_id)?;
    let pattern = match attribute {
        Some(name) => message.get_attribute(name)?.value(),
        None => message.value()?,
    };
    Some(bundle.format_pattern(pattern, args, errors).into_owned())
}

fn translate(locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
    for candidate in fallback_chain(locale) {
        let mut errors = Vec::new();
        if let Some(text) = format_in(&catalog(candidate).bundle, id, args, &mut errors) {
            return text;
        }
    }
    id.to_owned()
}

/// Translates message `id` (or `message.attribute`). A message missing in
/// `locale` is taken from another language (Kazakh → Russian → English,
/// Russian ↔ English); one missing everywhere gives back `id` itself.
pub fn tr(locale: Locale, id: &str) -> String {
    translate(locale, id, None)
}

/// Like [`tr`], with Fluent arguments, e.g.
/// `tr_args(Locale::Ru, "people-count", &[("count", ArgValue::Num(3))])` → "3 человека".
pub fn tr_args(locale: Locale, id: &str, args: &[(&str, ArgValue)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(*value));
    }
    translate(locale, id, Some(&fluent_args))
}

/// Every message id defined in `locale`'s files (sorted, without terms).
pub fn message_ids(locale: Locale) -> Vec<String> {
    catalog(locale).ids.clone()
}

/// Syntax errors and ids defined twice in the files of one bundle.
fn source_problems(files: &[(&str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for &(file, text) in files {
        let resource = match FluentResource::try_new(text.to_owned()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                for error in errors {
                    problems.push(format!("{file}: syntax error: {error:?}"));
                }
                resource
            }
        };
        for name in entry_names(&resource) {
            if let Some((_, first)) = seen.iter().find(|(seen_name, _)| *seen_name == name) {
                problems.push(format!("{file}: `{name}` is already defined in {first}"));
            } else {
                seen.push((name, file));
            }
        }
    }
    problems
}

/// Problems in the embedded FTL files that the runtime quietly works around:
/// syntax errors, ids defined twice (within a file or across a locale's
/// files), messages whose value is empty, and messages that do not format
/// cleanly with sample arguments. Empty when all is well; tests assert that.
pub fn resource_problems() -> Vec<String> {
    let mut problems = Vec::new();
    for locale in Locale::ALL {
        problems.extend(source_problems(&sources(locale)));
        let bundle = &catalog(locale).bundle;
        let mut sample = FluentArgs::new();
        sample.set("gender", "female");
        sample.set("count", 12345);
        sample.set("until", "2026-12-02 07:31 UTC");
        sample.set("number", "174");
        sample.set("code", "CC");
        sample.set("open", 3);
        sample.set("megabytes", 20);
        sample.set("min", "1 200");
        sample.set("max", "3 000");
        sample.set("refused", 108);
        sample.set("cities", 22);
        sample.set("year", "2024");
        sample.set("total", 686);
        sample.set("first", "2020");
        sample.set("date", "1 December 2026, 22:42");
        sample.set("records", 16554);
        sample.set("people", 11003);
        sample.set("pairs", 1897);
        sample.set("page", 2);
        sample.set("pages", 40);
        sample.set("method", "latent-class");
        sample.set("estimate", "16 918");
        sample.set("lower", "14 279");
        sample.set("upper", "20 766");
        sample.set("title", "Open letter");
        sample.set("link", "https://example.org/appeals/confirm/0");
        sample.set("days", 7);
        for id in message_ids(locale) {
            let mut errors = Vec::new();
            match format_in(bundle, &id, Some(&sample), &mut errors) {
                None => problems.push(format!("{}: `{id}` has no value", locale.code())),
                Some(text) if text.trim().is_empty() => {
                    problems.push(format!("{}: `{id}` is empty", locale.code()))
                }
                Some(_) => {}
            }
            for error in errors {
                problems.push(format!("{}: `{id}`: {error}", locale.code()));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Catalog>();
    }

    #[test]
    fn fluent_integer_formatting() {
        assert_eq!(
            format_fluent_integer(&FluentValue::from(1234567), ","),
            Some("1,234,567".to_owned())
        );
        assert_eq!(format_fluent_integer(&FluentValue::from(1.5), ","), None);
        assert_eq!(format_fluent_integer(&FluentValue::from("x"), ","), None);
    }

    #[test]
    fn duplicates_and_syntax_errors_are_reported() {
        let problems = source_problems(&[
            ("a.ftl", "one = One\ntwo = Two\n-term = T\n"),
            ("b.ftl", "two = Again\n-term = T2\nthree = { $x\n"),
        ]);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("syntax error"));
        assert!(problems[1].contains("`two` is already defined in a.ftl"));
        assert!(problems[2].contains("`-term` is already defined in a.ftl"));
        assert!(source_problems(&sources(Locale::En)).is_empty());
    }

    #[test]
    fn a_duplicate_keeps_the_first_definition() {
        let mut bundle = Bundle::new_concurrent(vec![Locale::En.langid()]);
        assert!(bundle.add_resource(parse("x = first")).is_ok());
        assert!(bundle.add_resource(parse("x = second")).is_err());
        let mut errors = Vec::new();
        assert_eq!(
            format_in(&bundle, "x", None, &mut errors).as_deref(),
            Some("first")
        );
    }

    #[test]
    fn attributes_can_be_addressed() {
        // There are no attributes in the shipped files yet: a missing one
        // falls back to the id like a missing message.
        assert_eq!(tr(Locale::En, "site-name.title"), "site-name.title");
    }
}
