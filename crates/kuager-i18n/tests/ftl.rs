//! Checks of the embedded FTL files and of the public formatting functions.

use std::collections::BTreeSet;

use kuager_i18n::*;

fn ids(locale: Locale) -> BTreeSet<String> {
    message_ids(locale).into_iter().collect()
}

#[test]
fn resources_have_no_problems() {
    let problems = resource_problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_locale_defines_the_same_ids() {
    let en = ids(Locale::En);
    assert!(en.contains("site-name"));
    for locale in [Locale::Ru, Locale::Kk] {
        let other = ids(locale);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "missing in {locale}: {missing:?}");
        assert!(extra.is_empty(), "only in {locale}, not in en: {extra:?}");
    }
}

#[test]
fn vocabularies_are_complete() {
    let vocabularies: &[(&str, &[&str])] = &[
        (
            "event-type-",
            &[
                "detention",
                "administrative-arrest",
                "criminal-charge",
                "pretrial-detention",
                "house-arrest",
                "conviction",
                "sentence",
                "release",
                "ill-treatment",
                "killing",
                "disappearance",
                "psychiatric-placement",
                "search-seizure",
                "travel-ban",
                "fine",
                "pressure-on-relatives",
                "assembly-refused",
                "registration-refused",
                "censorship",
                "exile",
            ],
        ),
        (
            "verification-",
            &["reported", "corroborated", "verified", "disputed"],
        ),
        (
            "role-",
            &[
                "victim",
                "perpetrator",
                "witness",
                "source",
                "intervening-party",
            ],
        ),
        (
            "status-",
            &[
                "at-liberty",
                "detained",
                "administrative-arrest",
                "charged",
                "pretrial-detention",
                "house-arrest",
                "convicted",
                "imprisoned",
                "restricted-freedom",
                "psychiatric",
                "released",
                "killed",
                "missing",
                "in-exile",
                "unknown",
            ],
        ),
        (
            "precision-",
            &["day", "month", "year", "approximate", "range"],
        ),
        (
            "consent-",
            &[
                "public",
                "public-help",
                "anonymised",
                "anonymised-help",
                "confidential",
                "confidential-help",
            ],
        ),
        (
            "report-state-",
            &["new", "verified", "duplicate", "rejected"],
        ),
        ("user-role-", &["volunteer", "analyst", "editor", "admin"]),
        (
            "hearing-type-",
            &["preliminary", "merits", "appeal", "cassation", "verdict"],
        ),
        ("hearing-access-", &["open", "closed"]),
        (
            "fair-trial-",
            &[
                "public-hearing",
                "observers-admitted",
                "relatives-admitted",
                "time-to-prepare",
                "lawyer-of-choice",
                "presumption-of-innocence",
                "equality-of-arms",
                "interpreter",
                "no-cage",
                "torture-complaints-examined",
                "reasoned-judgment",
            ],
        ),
        (
            "checklist-answer-",
            &["respected", "violated", "unclear", "not-applicable"],
        ),
        ("organiser-kind-", &["person", "group"]),
        ("assembly-answer-", &["agreed", "refused", "no-answer"]),
        (
            "refusal-reason-",
            &[
                "place-not-designated",
                "another-event",
                "repairs",
                "formal-defect",
                "other",
            ],
        ),
        ("assembly-outcome-", &["held", "held-dispersed", "not-held"]),
        (
            "pace-",
            &[
                "a", "a-short", "b", "b-short", "c", "c-short", "d", "d-short", "e", "e-short",
            ],
        ),
        (
            "recognition-",
            &["recognised", "not-recognised", "withdrawn"],
        ),
        (
            "code-",
            &[
                "criminal",
                "criminal-short",
                "administrative",
                "administrative-short",
            ],
        ),
        (
            "article-",
            &[
                "criminal-174",
                "criminal-405",
                "criminal-274",
                "criminal-272",
                "criminal-179",
                "criminal-256",
                "criminal-258",
                "criminal-182",
                "criminal-380",
                "administrative-488",
                "administrative-489",
                "administrative-434",
            ],
        ),
    ];
    for locale in Locale::ALL {
        let defined = ids(locale);
        for (prefix, codes) in vocabularies {
            for code in *codes {
                let id = format!("{prefix}{code}");
                assert!(defined.contains(&id), "{locale}: `{id}` is missing");
                let text = tr(locale, &id);
                assert_ne!(text, id, "{locale}: `{id}` is not translated");
                assert!(!text.trim().is_empty(), "{locale}: `{id}` is empty");
            }
        }
    }
}

#[test]
fn translations_differ_between_languages() {
    // A Russian or Kazakh label left in English is a forgotten translation.
    let same_everywhere = ["site-name", "user-role-editor", "article-ref"];
    for id in message_ids(Locale::En) {
        if same_everywhere.contains(&id.as_str()) {
            continue;
        }
        let en = tr(Locale::En, &id);
        assert_ne!(tr(Locale::Ru, &id), en, "ru `{id}` is the English text");
        assert_ne!(tr(Locale::Kk, &id), en, "kk `{id}` is the English text");
    }
}

#[test]
fn translation_examples() {
    assert_eq!(tr(Locale::En, "site-name"), "Kuager");
    assert_eq!(tr(Locale::Ru, "event-type-detention"), "Задержание");
    assert_eq!(tr(Locale::Kk, "role-witness"), "Куәгер");
    assert_eq!(tr(Locale::En, "code-criminal-short"), "CC");
    assert_eq!(tr(Locale::Ru, "code-administrative-short"), "КоАП");
    assert_eq!(tr(Locale::Kk, "code-administrative-short"), "ӘҚБтК");
    assert_eq!(
        tr(Locale::Ru, "article-administrative-434"),
        "Мелкое хулиганство"
    );
}

#[test]
fn no_isolation_marks() {
    for locale in Locale::ALL {
        let text = tr_args(
            locale,
            "article-ref",
            &[
                ("number", ArgValue::Str("174")),
                ("code", ArgValue::Str("X")),
            ],
        );
        assert!(
            !text.contains(['\u{2068}', '\u{2069}']),
            "{locale}: {text:?}"
        );
    }
}

#[test]
fn arguments() {
    let cc = tr(Locale::Ru, "code-criminal-short");
    assert_eq!(
        tr_args(
            Locale::Ru,
            "article-ref",
            &[("number", ArgValue::Num(174)), ("code", ArgValue::Str(&cc))]
        ),
        "ст. 174 УК"
    );
    assert_eq!(
        tr_args(
            Locale::Kk,
            "article-ref",
            &[("number", "405".into()), ("code", "ҚК".into())]
        ),
        "ҚК 405-бабы"
    );
    assert_eq!(
        tr_args(
            Locale::Ru,
            "status-convicted",
            &[("gender", "female".into())]
        ),
        "Осуждена"
    );
    assert_eq!(tr(Locale::Ru, "status-convicted"), "Осуждён");
    assert_eq!(
        tr_args(
            Locale::Kk,
            "status-convicted",
            &[("gender", "female".into())]
        ),
        "Сотталған"
    );
}

#[test]
fn plurals_and_grouping_inside_messages() {
    let count = |locale, n: i64| tr_args(locale, "people-count", &[("count", ArgValue::Num(n))]);
    assert_eq!(count(Locale::En, 1), "1 person");
    assert_eq!(count(Locale::En, 12345), "12,345 people");
    assert_eq!(count(Locale::Ru, 1), "1 человек");
    assert_eq!(count(Locale::Ru, 3), "3 человека");
    assert_eq!(count(Locale::Ru, 11), "11 человек");
    assert_eq!(count(Locale::Ru, 22), "22 человека");
    assert_eq!(count(Locale::Ru, 12345), "12\u{a0}345 человек");
    assert_eq!(count(Locale::Kk, 2000), "2\u{a0}000 адам");
}

#[test]
fn missing_messages_fall_back_to_the_id() {
    for locale in Locale::ALL {
        assert_eq!(tr(locale, "no-such-message"), "no-such-message");
        assert_eq!(
            tr_args(locale, "no-such-message", &[("x", ArgValue::Num(1))]),
            "no-such-message"
        );
        assert_eq!(tr(locale, ""), "");
        assert_eq!(tr(locale, "not an id {"), "not an id {");
    }
}

#[test]
fn missing_arguments_do_not_panic() {
    for locale in Locale::ALL {
        let text = tr(locale, "article-ref");
        assert!(!text.is_empty());
        let text = tr_args(locale, "people-count", &[("count", ArgValue::Str("many"))]);
        assert!(!text.is_empty());
    }
}

#[test]
fn usable_from_many_threads() {
    let handles: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let locale = Locale::ALL[i % 3];
                (0..50_i64)
                    .filter(|&n| {
                        let text = tr_args(locale, "people-count", &[("count", ArgValue::Num(n))]);
                        text.starts_with(&n.to_string())
                    })
                    .count()
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), 50);
    }
}

#[test]
fn days() {
    assert_eq!(format_day(Locale::En, 2022, 1, 12), "12 January 2022");
    assert_eq!(
        format_day(Locale::Ru, 2022, 1, 12),
        "12 января 2022\u{a0}г."
    );
    assert_eq!(format_day(Locale::Kk, 2022, 1, 12), "2022 жылғы 12 қаңтар");
    assert_eq!(
        format_day(Locale::Ru, 2011, 12, 16),
        "16 декабря 2011\u{a0}г."
    );
    assert_eq!(
        format_day(Locale::Kk, 2011, 12, 16),
        "2011 жылғы 16 желтоқсан"
    );
    assert_eq!(format_day(Locale::En, 2024, 2, 29), "29 February 2024");
    // Impossible dates are not invented.
    assert_eq!(format_day(Locale::En, 2023, 2, 29), "2023-02-29");
    assert_eq!(format_day(Locale::Ru, 2022, 13, 1), "2022-13-01");
    assert_eq!(format_day(Locale::Kk, 2022, 0, 0), "2022-00-00");
}

#[test]
fn months() {
    assert_eq!(format_month(Locale::En, 2022, 1), "January 2022");
    assert_eq!(format_month(Locale::Ru, 2022, 1), "январь 2022\u{a0}г.");
    assert_eq!(format_month(Locale::Kk, 2022, 1), "2022 жылғы қаңтар");
    assert_eq!(format_month(Locale::Ru, 2022, 5), "май 2022\u{a0}г.");
    assert_eq!(format_month(Locale::En, 2022, 13), "2022-13");
    assert_eq!(month_name(Locale::Kk, 9), Some("қыркүйек"));
    assert_eq!(month_name(Locale::Ru, 0), None);
}

#[test]
fn years() {
    assert_eq!(format_year(Locale::En, 2022), "2022");
    assert_eq!(format_year(Locale::Ru, 2022), "2022\u{a0}г.");
    assert_eq!(format_year(Locale::Kk, 2022), "2022\u{a0}ж.");
}

#[test]
fn numbers() {
    assert_eq!(format_number(Locale::En, 12345), "12,345");
    assert_eq!(format_number(Locale::Ru, 12345), "12\u{a0}345");
    assert_eq!(format_number(Locale::Kk, 12345), "12\u{a0}345");
    assert_eq!(format_number(Locale::En, 238), "238");
    assert_eq!(format_number(Locale::En, -1_000_000), "-1,000,000");
    assert_eq!(format_number(Locale::Ru, 0), "0");
    assert_eq!(
        format_number(Locale::En, i64::MIN),
        "-9,223,372,036,854,775,808"
    );
}

#[test]
fn timestamps() {
    let t = "2026-11-22T03:04:05Z";
    assert_eq!(
        format_timestamp(Locale::En, t),
        "22 November 2026, 03:04 UTC"
    );
    assert_eq!(
        format_timestamp(Locale::Ru, t),
        "22 ноября 2026\u{a0}г., 03:04 UTC"
    );
    assert_eq!(
        format_timestamp(Locale::Kk, t),
        "2026 жылғы 22 қараша, 03:04 UTC"
    );
    assert_eq!(
        format_timestamp(Locale::En, "2022-01-05T01:30:00+06:00"),
        "4 January 2022, 19:30 UTC"
    );
    assert_eq!(
        format_timestamp(Locale::En, "2022-01-05T10:30:00.250Z"),
        "5 January 2022, 10:30 UTC"
    );
    for junk in ["", "yesterday", "2026-11-22", "2026-11-22T03:04:05+25:00"] {
        assert_eq!(format_timestamp(Locale::Ru, junk), junk);
    }
}
