//! Trial monitoring and the register of assemblies, on SQLite and
//! PostgreSQL: hearings and monitors, a monitoring report that schedules
//! the next hearing in the same transaction, sealed notes and attachments,
//! findings, calendar feeds, assembly notifications and their counts; all
//! of it audited and in the verifiable log.

use kuager_case::{
    AssemblyAnswer, AssemblyDraft, AssemblyOutcome, AssemblyStats, CaseDate, ChecklistAnswer, Day,
    EventDraft, EventType, FairTrialStandard, HearingAccess, HearingDraft, HearingTime,
    HearingType, LegalDetails, MonitoringDraft, OrganiserKind, Participant, ParticipantRole,
    RefusalReason, UserRole, Verification,
};
use kuager_store::testing::temp_databases;
use kuager_store::{CaseError, HearingFilter, NewAttachment, Store};
use std::collections::BTreeMap;

const NOTE: &str = "Подсудимая Жанар-witness-note в стеклянном боксе";

async fn case(store: &Store) -> (i64, i64, i64) {
    let analyst = store
        .add_user(None, "Айгерим", UserRole::Analyst, "$argon2id$a")
        .await
        .unwrap()
        .id;
    let monitor = store
        .add_user(Some(analyst), "vera", UserRole::Volunteer, "$argon2id$v")
        .await
        .unwrap()
        .id;
    let event = store
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
                    name: "Жанар Сеитова".into(),
                    position: String::new(),
                    organisation: String::new(),
                }],
                legal: LegalDetails::default(),
            },
            &[],
        )
        .await
        .unwrap();
    (analyst, monitor, event)
}

fn hearing(event_id: i64, at: &str) -> HearingDraft {
    HearingDraft {
        event_id,
        court: "Алматинский городской суд".into(),
        judge: "Иванов И.".into(),
        place_key: Some("kz-almaty".into()),
        courtroom: "зал 4".into(),
        at: HearingTime::parse(at).unwrap(),
        hearing_type: HearingType::Merits,
        access: HearingAccess::Open,
    }
}

fn all_answered(violated: &[FairTrialStandard]) -> BTreeMap<FairTrialStandard, ChecklistAnswer> {
    FairTrialStandard::ALL
        .iter()
        .map(|s| {
            let a = if violated.contains(s) {
                ChecklistAnswer::Violated
            } else {
                ChecklistAnswer::Respected
            };
            (*s, a)
        })
        .collect()
}

#[tokio::test]
async fn a_report_schedules_the_next_hearing_and_seals_what_the_monitor_saw() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let (analyst, monitor, event) = case(&store).await;

        // Bad input is refused naming the field, and nothing is stored.
        let mut bad = hearing(event, "2026-12-15 10:30");
        bad.court = " ".into();
        match store.add_hearing(analyst, &bad).await {
            Err(CaseError::Field { field: "court", .. }) => {}
            other => panic!("{b}: {other:?}"),
        }
        assert!(matches!(
            store
                .add_hearing(analyst, &hearing(999, "2026-12-15"))
                .await,
            Err(CaseError::NotFound {
                entity: "event",
                ..
            })
        ));
        assert!(store
            .hearings(&HearingFilter::default())
            .await
            .unwrap()
            .is_empty());

        let id = store
            .add_hearing(analyst, &hearing(event, "2026-12-15 10:30"))
            .await
            .unwrap();
        store
            .set_hearing_monitor(analyst, id, monitor, true)
            .await
            .unwrap();
        let mine = HearingFilter {
            monitor: Some(monitor),
            ..Default::default()
        };
        assert_eq!(store.hearings(&mine).await.unwrap().len(), 1, "{b}");
        let other = HearingFilter {
            monitor: Some(analyst),
            ..Default::default()
        };
        assert!(store.hearings(&other).await.unwrap().is_empty(), "{b}");

        // A report missing an answer, or with a next date before this
        // hearing, changes nothing.
        let mut incomplete = all_answered(&[]);
        incomplete.remove(&FairTrialStandard::Interpreter);
        let draft = MonitoringDraft {
            took_place: true,
            answers: incomplete,
            notes: NOTE.into(),
            next_hearing: None,
        };
        assert!(matches!(
            store
                .file_monitoring_report(monitor, id, &draft, None, &[])
                .await,
            Err(CaseError::Field {
                field: "answer_interpreter",
                ..
            })
        ));
        let early = MonitoringDraft {
            answers: all_answered(&[]),
            next_hearing: Some(HearingTime::parse("2026-12-01").unwrap()),
            ..draft.clone()
        };
        assert!(store
            .file_monitoring_report(monitor, id, &early, None, &[])
            .await
            .is_err());
        assert_eq!(store.hearings(&mine).await.unwrap().len(), 1, "{b}");

        let report = MonitoringDraft {
            answers: all_answered(&[FairTrialStandard::NoCage]),
            next_hearing: Some(HearingTime::parse("22.12.2026 11:00").unwrap()),
            ..draft
        };
        let photo = b"\x89PNG\r\n\x1a\n courtroom".to_vec();
        let (report_id, next) = store
            .file_monitoring_report(
                monitor,
                id,
                &report,
                Some(HearingType::Verdict),
                &[NewAttachment {
                    file_name: "зал-Жанар-witness-file.png".into(),
                    content_type: "image/png".into(),
                    bytes: photo.clone(),
                }],
            )
            .await
            .unwrap();
        let next = next.expect("the next hearing is scheduled");
        let scheduled = store.hearing(next).await.unwrap().unwrap();
        assert_eq!(scheduled.follows, Some(id), "{b}");
        assert_eq!(scheduled.draft.hearing_type, HearingType::Verdict);
        assert_eq!(scheduled.draft.court, "Алматинский городской суд");
        assert_eq!(scheduled.draft.at.to_input(), "2026-12-22 11:00");
        assert!(scheduled.is_monitor(monitor), "{b}: same monitors");
        assert_eq!(store.hearings(&mine).await.unwrap().len(), 2, "{b}");

        let stored = store.monitoring_report(report_id).await.unwrap().unwrap();
        assert_eq!(stored.draft.notes, NOTE, "{b}");
        assert_eq!(stored.next_hearing_id, Some(next));
        assert_eq!(stored.draft.answers.len(), FairTrialStandard::ALL.len());
        let (meta, bytes) = store
            .monitoring_attachment(stored.attachments[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bytes, photo, "{b}");
        assert_eq!(meta.file_name, "зал-Жанар-witness-file.png");

        // Sealed in the database: no plaintext in the note, file name or bytes.
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let notes: String = sqlx::query_scalar("SELECT notes FROM monitoring_reports")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(!notes.contains("witness-note"), "{b}: notes are sealed");
        let name: String = sqlx::query_scalar("SELECT file_name FROM monitoring_attachments")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(!name.contains("witness-file"), "{b}: file names are sealed");
        let raw: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM monitoring_attachments")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(!raw.windows(9).any(|w| w == b"courtroom"), "{b}");
        pool.close().await;
        // ...and not in the audit log either.
        let audit = store
            .audit_of("monitoring-report", &report_id.to_string())
            .await
            .unwrap();
        assert!(!audit[0].after.as_deref().unwrap_or("").contains("witness"));
        assert_eq!(
            store.audit_of("hearing", &next.to_string()).await.unwrap()[0].action,
            "create",
            "{b}: the scheduled hearing has its own audit record"
        );

        let findings = store.monitoring_findings().await.unwrap();
        assert_eq!(findings.len(), 1, "{b}");
        assert_eq!(
            findings[0].3[&FairTrialStandard::NoCage],
            ChecklistAnswer::Violated
        );

        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
        // The report changed behind Kuager's back is caught.
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        sqlx::query(
            "UPDATE monitoring_answers SET answer = 'respected' WHERE standard = 'no-cage'",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
        let log = store.verify_log().await.unwrap();
        assert!(
            log.problems.iter().any(|p| p.table == "monitoring_reports"),
            "{b}: {:?}",
            log.problems
        );
    }
}

#[tokio::test]
async fn calendar_feeds_are_found_by_their_hash_until_revoked_or_replaced() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let (analyst, monitor, _) = case(&store).await;
        store
            .issue_calendar_feed(Some(monitor), monitor, "hash-one")
            .await
            .unwrap();
        assert_eq!(
            store
                .calendar_feed_user("hash-one")
                .await
                .unwrap()
                .map(|u| u.id),
            Some(monitor),
            "{b}"
        );
        store
            .issue_calendar_feed(Some(monitor), monitor, "hash-two")
            .await
            .unwrap();
        assert!(store
            .calendar_feed_user("hash-one")
            .await
            .unwrap()
            .is_none());
        assert!(store.calendar_feed_issued(monitor).await.unwrap().is_some());
        // A deactivated account's feed stops at once.
        let user = store.user(monitor).await.unwrap().unwrap();
        store
            .update_user(
                Some(analyst),
                monitor,
                user.version,
                UserRole::Volunteer,
                false,
            )
            .await
            .unwrap();
        assert!(
            store
                .calendar_feed_user("hash-two")
                .await
                .unwrap()
                .is_none(),
            "{b}"
        );
        store
            .revoke_calendar_feed(Some(monitor), monitor)
            .await
            .unwrap();
        assert!(store.calendar_feed_issued(monitor).await.unwrap().is_none());
    }
}

fn assembly(
    year: i32,
    place: &str,
    answer: AssemblyAnswer,
    reason: Option<RefusalReason>,
) -> AssemblyDraft {
    AssemblyDraft {
        organiser_kind: OrganiserKind::Person,
        organiser: "Жанболат Мамай".into(),
        place_key: place.into(),
        place_detail: "у памятника".into(),
        date: Day::new(year, 5, 1).unwrap(),
        purpose: "Митинг".into(),
        expected: Some(50),
        answer,
        refusal_reason: reason,
        refusal_detail: String::new(),
        outcome: Some(AssemblyOutcome::NotHeld),
    }
}

#[tokio::test]
async fn assembly_refusals_are_counted_per_year_city_and_reason() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        let (analyst, _, event) = case(&store).await;
        // A refusal without a reason is refused.
        assert!(matches!(
            store
                .add_assembly(
                    analyst,
                    &assembly(2024, "kz-almaty", AssemblyAnswer::Refused, None)
                )
                .await,
            Err(CaseError::Field {
                field: "refusal_reason",
                ..
            })
        ));
        for (year, place, answer, reason) in [
            (
                2022,
                "kz-almaty",
                AssemblyAnswer::Refused,
                Some(RefusalReason::Repairs),
            ),
            (
                2024,
                "kz-almaty",
                AssemblyAnswer::Refused,
                Some(RefusalReason::AnotherEvent),
            ),
            (
                2024,
                "kz-astana",
                AssemblyAnswer::Refused,
                Some(RefusalReason::AnotherEvent),
            ),
            (2024, "kz-astana", AssemblyAnswer::Agreed, None),
        ] {
            store
                .add_assembly(analyst, &assembly(year, place, answer, reason))
                .await
                .unwrap();
        }
        let stats = AssemblyStats::from_facts(&store.assembly_facts().await.unwrap());
        assert_eq!(
            stats.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            [2022, 2023, 2024],
            "{b}"
        );
        let y = stats.year(2024).unwrap();
        assert_eq!((y.notifications, y.refused, y.agreed), (3, 2, 1), "{b}");
        assert_eq!(y.by_reason, [0, 2, 0, 0, 0]);
        assert_eq!(y.cities_with_refusals(), 2);
        assert_eq!(stats.refusals_through(2024), 3);

        let listed = store.assemblies(Some(2024)).await.unwrap();
        assert_eq!(listed.len(), 3, "{b}");
        let first = &listed[0];
        store
            .link_assembly_event(analyst, first.id, event, true)
            .await
            .unwrap();
        let mut edited = first.draft.clone();
        edited.outcome = Some(AssemblyOutcome::Dispersed);
        store
            .update_assembly(analyst, first.id, first.version, &edited)
            .await
            .unwrap();
        // A second save from the same old version is refused.
        assert!(matches!(
            store
                .update_assembly(analyst, first.id, first.version, &edited)
                .await,
            Err(CaseError::StaleVersion { .. })
        ));
        let again = store.assembly(first.id).await.unwrap().unwrap();
        assert_eq!(again.events, [event], "{b}");
        assert_eq!(again.draft.outcome, Some(AssemblyOutcome::Dispersed));
        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
    }
}
