//! Trial monitoring and assemblies over HTTP on both backends: who sees
//! which hearing, the private and public iCalendar feeds (parsed with the
//! independent `ical` crate), the next hearing a report sets, and an
//! assembly refusal in the yearly counts.

mod common;

use common::*;
use kuager_case::{
    CaseDate, Consent, EventDraft, EventType, LegalDetails, Participant, ParticipantRole,
    Publication, UserRole, Verification,
};
use std::io::BufReader;

/// The VEVENTs of an iCalendar text, each as (name, unescaped value) pairs.
fn parse_ics(text: &str) -> Vec<Vec<(String, String)>> {
    let mut calendars = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("the feed parses");
    assert!(calendars.next().is_none(), "exactly one calendar");
    assert!(calendar
        .properties
        .iter()
        .any(|p| p.name == "VERSION" && p.value.as_deref() == Some("2.0")));
    calendar
        .events
        .into_iter()
        .map(|e| {
            e.properties
                .into_iter()
                .map(|p| {
                    let value = p
                        .value
                        .unwrap_or_default()
                        .replace("\\n", "\n")
                        .replace("\\,", ",")
                        .replace("\\;", ";")
                        .replace("\\\\", "\\");
                    (p.name, value)
                })
                .collect()
        })
        .collect()
}

fn prop<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn get_feed(c: &reqwest::Client, url: String) -> (u16, String, String) {
    let r = c
        .get(url)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, r.text().await.unwrap())
}

/// A criminal charge against a named defendant: the case the hearings
/// belong to.
async fn charge(app: &TestApp, analyst: i64) -> i64 {
    app.store
        .add_event(
            analyst,
            &EventDraft {
                event_type: EventType::CriminalCharge,
                date: CaseDate::parse("2026-03").unwrap(),
                place_key: Some("kz-almaty".into()),
                place_detail: String::new(),
                description: "Charged for a post".into(),
                verification: Verification::Reported,
                participants: vec![Participant {
                    role: ParticipantRole::Victim,
                    person: None,
                    name: "Zhanar Seitova".into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            &[],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn monitors_see_their_hearings_and_feeds_show_only_what_they_should() {
    for app in apps().await {
        let b = app.backend;
        let analyst = app.add_user("alan", UserRole::Analyst).await;
        app.add_user("vera", UserRole::Volunteer).await;
        app.add_user("vlad", UserRole::Volunteer).await;
        let editor = app.add_user("edna", UserRole::Editor).await;
        let event = charge(&app, analyst).await;

        // The analyst schedules a hearing and assigns vera.
        let (alan, token) = login(&app, "alan").await;
        let r = alan
            .post(app.url("/hearings"))
            .form(&[
                ("csrf", token.as_str()),
                ("event", &event.to_string()),
                ("at", "2099-03-10 10:00"),
                ("hearing_type", "merits"),
                ("access", "open"),
                ("court", "Almaty City Court"),
                ("place", "kz-almaty"),
                ("judge", "Judge Ivanov"),
                ("courtroom", "Room 4"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        let hearing_path = location(&r).split('?').next().unwrap().to_string();
        // A bad time is refused naming the field; nothing is stored.
        let r = alan
            .post(app.url("/hearings"))
            .form(&[
                ("csrf", token.as_str()),
                ("event", &event.to_string()),
                ("at", "next week"),
                ("hearing_type", "merits"),
                ("access", "open"),
                ("court", "Almaty City Court"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{b}");
        assert!(shows(&r.text().await.unwrap(), "error-bad-hearing-time"));
        let r = alan
            .post(app.url(&format!("{hearing_path}/monitors")))
            .form(&[("csrf", token.as_str()), ("op", "assign"), ("name", "vera")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");

        // vera sees it; vlad does not, not even by its address.
        let (vera, vera_token) = login(&app, "vera").await;
        let page = get_text(&vera, app.url("/hearings")).await;
        assert!(page.contains(&format!("href=\"{hearing_path}\"")), "{b}");
        assert!(page.contains("Zhanar Seitova"), "{b}");
        let (vlad, vlad_token) = login(&app, "vlad").await;
        let page = get_text(&vlad, app.url("/hearings")).await;
        assert!(!page.contains(&hearing_path), "{b}");
        let r = vlad.get(app.url(&hearing_path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{b}");

        // Private feeds: the secret is shown once, the feed parses and
        // lists only the monitor's hearings.
        let r = vera
            .post(app.url("/calendar/feed"))
            .form(&[("csrf", vera_token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}");
        let page = r.text().await.unwrap();
        let feed_path = text_of_id(&page, "private-feed").expect("the new feed address");
        assert!(feed_path.starts_with("/calendar/private/"), "{feed_path}");
        assert!(!get_text(&vera, app.url("/hearings"))
            .await
            .contains(&feed_path));
        let anonymous = client();
        let (status, kind, ics) = get_feed(&anonymous, app.url(&feed_path)).await;
        assert_eq!(status, 200, "{b}");
        assert!(kind.starts_with("text/calendar"), "{kind}");
        assert!(ics.contains("\r\n"), "CRLF line ends");
        let events = parse_ics(&ics);
        assert_eq!(events.len(), 1, "{b}: {ics}");
        assert_eq!(prop(&events[0], "DTSTART"), "20990310T050000Z", "UTC+5");
        assert!(prop(&events[0], "SUMMARY").contains("Zhanar Seitova"));
        assert!(prop(&events[0], "LOCATION").contains("Room 4, Almaty City Court"));
        assert!(prop(&events[0], "UID").starts_with("hearing-"));
        let r = vlad
            .post(app.url("/calendar/feed"))
            .form(&[("csrf", vlad_token.as_str())])
            .send()
            .await
            .unwrap();
        let vlad_feed = text_of_id(&r.text().await.unwrap(), "private-feed").unwrap();
        let (_, _, ics) = get_feed(&anonymous, app.url(&vlad_feed)).await;
        assert!(parse_ics(&ics).is_empty(), "{b}: vlad monitors nothing");

        // vera files her report; the next hearing appears in her feed.
        let page = get_text(&vera, app.url(&format!("{hearing_path}/report"))).await;
        let mut form = reqwest::multipart::Form::new()
            .text("csrf", csrf(&page))
            .text("took_place", "yes")
            .text("notes", "The defendant sat in a glass box.")
            .text("next_hearing", "2099-03-17 15:00")
            .text("next_type", "verdict");
        for s in kuager_case::FairTrialStandard::ALL {
            let answer = if *s == kuager_case::FairTrialStandard::NoCage {
                "violated"
            } else {
                "respected"
            };
            form = form.text(kuager_case::trials::standard_field(*s), answer);
        }
        let r = vera
            .post(app.url(&format!("{hearing_path}/report")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}: report filed");
        let (_, _, ics) = get_feed(&anonymous, app.url(&feed_path)).await;
        let events = parse_ics(&ics);
        assert_eq!(events.len(), 2, "{b}: {ics}");
        assert_eq!(prop(&events[1], "DTSTART"), "20990317T100000Z");
        assert!(prop(&events[1], "SUMMARY").starts_with("Verdict"), "{b}");
        // The analyst's summary counts the finding against the court.
        let summary = get_text(&alan, app.url("/trials/summary")).await;
        assert!(summary.contains("Almaty City Court") && summary.contains("Judge Ivanov"));
        assert!(summary.contains("class=\"violated\""), "{b}");

        // The public feed: nothing until the case is published; then the
        // hearings, without the defendant's name or the typed court while
        // she has not consented, and with them once she has.
        let (status, _, ics) = get_feed(&anonymous, app.url("/calendar.ics")).await;
        assert_eq!(status, 200);
        assert!(parse_ics(&ics).is_empty(), "{b}: unpublished case");
        let version = app.store.event(event).await.unwrap().unwrap().version;
        app.store
            .set_event_publication(editor, event, version, Publication::Published)
            .await
            .unwrap();
        let (_, _, ics) = get_feed(&anonymous, app.url("/calendar.ics")).await;
        let events = parse_ics(&ics);
        assert_eq!(events.len(), 2, "{b}");
        assert!(!ics.contains("Zhanar"), "{b}: name withheld");
        assert!(
            !ics.contains("Almaty City Court"),
            "{b}: typed text withheld"
        );
        assert!(!ics.contains("vera"), "{b}: monitors are never public");
        assert!(
            prop(&events[0], "LOCATION").contains("Almaty"),
            "{b}: the city is"
        );
        app.store
            .set_participant_consent(editor, event, 0, Consent::Public)
            .await
            .unwrap();
        let (_, _, ics) = get_feed(&anonymous, app.url("/calendar.ics")).await;
        let events = parse_ics(&ics);
        assert!(
            prop(&events[0], "SUMMARY").contains("Zhanar Seitova"),
            "{b}"
        );
        assert!(prop(&events[0], "LOCATION").contains("Almaty City Court"));
        assert!(!ics.contains("glass box"), "{b}: reports are never public");

        // Revoked: the address stops working.
        let r = vera
            .post(app.url("/calendar/feed/revoke"))
            .form(&[("csrf", vera_token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let (status, _, _) = get_feed(&anonymous, app.url(&feed_path)).await;
        assert_eq!(status, 404, "{b}");
        let log = app.store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_assembly_refusal_appears_in_the_yearly_count() {
    for app in apps().await {
        let b = app.backend;
        app.add_user("alan", UserRole::Analyst).await;
        let (alan, token) = login(&app, "alan").await;
        let form = |reason: &'static str| {
            vec![
                ("csrf", token.clone()),
                ("organiser_kind", "group".to_string()),
                ("organiser", "Oyan, Qazaqstan".to_string()),
                ("place", "kz-shymkent".to_string()),
                ("date", "2025-05-01".to_string()),
                ("purpose", "Peaceful rally".to_string()),
                ("expected", "150".to_string()),
                ("answer", "refused".to_string()),
                ("refusal_reason", reason.to_string()),
            ]
        };
        // A refusal without its reason is refused, and nothing is counted.
        let r = alan
            .post(app.url("/assemblies"))
            .form(&form(""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{b}");
        assert!(shows(&r.text().await.unwrap(), "error-refusal-reason"));
        assert!(app.store.assemblies(None).await.unwrap().is_empty());
        let r = alan
            .post(app.url("/assemblies"))
            .form(&form("place-not-designated"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b}");
        for lang in ["en", "ru", "kk"] {
            let page = alan
                .get(app.url("/statistics/assemblies"))
                .header("accept-language", lang)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let locale = kuager_i18n::Locale::from_code(lang).unwrap();
            let headline = text_of_id(&page, "headline").expect("the headline");
            assert!(headline.contains("2025"), "{b} {lang}: {headline}");
            assert!(
                page.contains(&kuager_i18n::tr(
                    locale,
                    "refusal-reason-place-not-designated"
                )),
                "{b} {lang}"
            );
            // Every reason has its row, zeros included.
            for r in kuager_case::RefusalReason::ALL {
                assert!(
                    page.contains(&format!("class=\"reason {}\"", r.code())),
                    "{lang}"
                );
            }
        }
        let page = alan
            .get(app.url("/statistics/assemblies"))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            text_of_id(&page, "headline")
                .unwrap()
                .starts_with("1 refusal in 1 city in 2025"),
            "{b}"
        );
    }
}
