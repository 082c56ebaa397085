//! Staging an external list on SQLite and PostgreSQL: rows matched against
//! the register across scripts, bad rows reported, nothing created before a
//! human decided, a commit that links, creates and records events once,
//! and a human "new person" decision that later resolutions keep.

use kuager_register::staging::{
    commit_staging, decide_staging, import_staging, staging_import, RowChoice, StagingOptions,
};
use kuager_register::{ingest_bytes, person, resolve, IngestOptions, RegisterError};
use kuager_store::testing::temp_databases;
use kuager_store::{StagingChoice, Store};

/// A report in Latin letters naming two people.
const REPORT: &str = "Report of 9 January 2022.\n\n\
Nurbol Kassymov was detained in Almaty on 6 January 2022. \
Dinara Sarsenbayeva, a teacher, was questioned on 7 January 2022.\n";

/// The list: row 2 is Nurbol Kassymov in Cyrillic, surname first; row 3
/// is Dinara Sarsenbayeva in Kazakh letters; row 4 nobody in the
/// register; row 5 a birth year that is not one; row 6 a second Nurbol
/// Kassymov whom the analyst knows to be someone else.
const LIST: &str = "\
ФИО;Год рождения;Город;Дата задержания;Источник
Касымов Нурбол;1979;Алматы;06.01.2022;Бюллетень 2
Сәрсенбаева Динара;1991;Алматы;07.01.2022;
Жолдасбеков Ерасыл;1985;Шымкент;08.01.2022;
Оспанова Мадина;тысяча;Алматы;06.01.2022;
Kassymov Nurbol;2001;Taraz;2022-01-09;
";

fn options() -> StagingOptions {
    StagingOptions {
        citation: "List of detainees, Almaty volunteers, January 2022".into(),
        url: String::new(),
        event_type: Some("detention".into()),
        columns: Vec::new(),
    }
}

async fn person_of(store: &Store, text: &str) -> String {
    store
        .persons()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.mentions.iter().any(|m| m.text == text))
        .unwrap_or_else(|| panic!("nobody mentioned as {text:?}"))
        .id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_enters_the_register_only_as_decided() {
    for db in temp_databases().await {
        let b = db.backend;
        let store = db.open().await.unwrap();
        ingest_bytes(
            &store,
            "report.txt",
            REPORT.as_bytes(),
            &IngestOptions::default(),
        )
        .await
        .unwrap();
        let nurbol = person_of(&store, "Nurbol Kassymov").await;
        let dinara = person_of(&store, "Dinara Sarsenbayeva").await;
        let persons_before = store.persons().await.unwrap().len();

        let report = import_staging(&store, None, "detainees.csv", LIST.as_bytes(), &options())
            .await
            .unwrap();
        assert!(report.import.created, "{b}");
        assert_eq!(report.rows, 4, "{b}");
        assert_eq!(report.row_errors.len(), 1, "{b}: {:?}", report.row_errors);
        assert_eq!(report.row_errors[0].row, 5);
        assert_eq!(report.row_errors[0].field.as_deref(), Some("birth_year"));
        let id = report.import.id;

        // Nothing is created by staging.
        assert_eq!(store.persons().await.unwrap().len(), persons_before, "{b}");
        assert!(store.recent_events(10).await.unwrap().is_empty(), "{b}");

        let (import, rows) = staging_import(&store, id).await.unwrap();
        assert_eq!(import.event_type.as_deref(), Some("detention"));
        let row = |n: i64| rows.iter().find(|r| r.row_number == n).unwrap();
        // Another script, surname first: found, with a score and why.
        let found = &row(2).candidates;
        assert_eq!(
            found.first().map(|c| c.person_id.as_str()),
            Some(nurbol.as_str()),
            "{b}: {found:?}"
        );
        assert!(found[0].score >= 0.85, "{b}: {found:?}");
        assert!(!found[0].evidence.is_empty());
        assert_eq!(row(2).fields.source.as_deref(), Some("Бюллетень 2"));
        assert_eq!(
            row(3).candidates.first().map(|c| c.person_id.as_str()),
            Some(dinara.as_str()),
            "{b}: Kazakh letters: {:?}",
            row(3).candidates
        );
        assert!(row(4).candidates.is_empty(), "{b}: {:?}", row(4).candidates);
        assert_eq!(row(6).candidates[0].person_id, nurbol, "{b}");

        // The same file again: nothing new.
        let again = import_staging(&store, None, "copy.csv", LIST.as_bytes(), &options())
            .await
            .unwrap();
        assert_eq!(
            (again.import.id, again.import.created, again.rows),
            (id, false, 0)
        );

        // A commit before any decision creates nothing.
        let early = commit_staging(&store, None, id).await.unwrap();
        assert!(early.committed.is_empty(), "{b}");
        assert_eq!(store.persons().await.unwrap().len(), persons_before);

        decide_staging(&store, None, id, 2, &RowChoice::Link(nurbol.clone()))
            .await
            .unwrap();
        decide_staging(&store, None, id, 3, &RowChoice::Reject)
            .await
            .unwrap();
        decide_staging(&store, None, id, 4, &RowChoice::New)
            .await
            .unwrap();
        decide_staging(&store, None, id, 6, &RowChoice::New)
            .await
            .unwrap();
        let unknown = decide_staging(&store, None, id, 5, &RowChoice::New).await;
        assert!(
            matches!(unknown, Err(RegisterError::NoSuchStagingRow { row: 5, .. })),
            "{b}: a row that was not read cannot be decided: {unknown:?}"
        );
        let nobody = decide_staging(&store, None, id, 2, &RowChoice::Link("p-none".into())).await;
        assert!(
            matches!(nobody, Err(RegisterError::NoSuchPerson { .. })),
            "{b}"
        );
        let (_, rows) = staging_import(&store, id).await.unwrap();
        assert!(matches!(rows[0].choice, StagingChoice::Link { .. }), "{b}");

        let done = commit_staging(&store, None, id).await.unwrap();
        assert_eq!(done.committed.len(), 3, "{b}: {done:?}");
        assert_eq!(done.left, 1, "{b}: the rejected row");
        let committed = |n: i64| done.committed.iter().find(|r| r.row_number == n).unwrap();
        // Linked: the list's spelling is now one of Nurbol's names.
        assert_eq!(
            committed(2).person_id.as_deref(),
            Some(nurbol.as_str()),
            "{b}"
        );
        let p = person(&store, &nurbol).await.unwrap();
        assert!(
            p.mentions.iter().any(|m| m.text == "Касымов Нурбол"),
            "{b}: {p:?}"
        );
        // New people, each with their own id.
        let zholdasbekov = committed(4).person_id.clone().unwrap();
        let other_nurbol = committed(6).person_id.clone().unwrap();
        assert_ne!(
            other_nurbol, nurbol,
            "{b}: the analyst said a different man"
        );
        assert_ne!(zholdasbekov, nurbol);
        // Dinara's row was rejected: she has no new name.
        let d = person(&store, &dinara).await.unwrap();
        assert_eq!(d.mentions.len(), 1, "{b}");

        // One event per kept row, unpublished, citing the list.
        let events = store.recent_events(10).await.unwrap();
        assert_eq!(events.len(), 3, "{b}");
        let first = store
            .event(committed(2).event_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.draft.event_type.code(), "detention");
        assert_eq!(first.draft.date.start.iso(), "2022-01-06");
        assert_eq!(first.draft.place_key.as_deref(), Some("kz-almaty"));
        assert_eq!(
            first.sources.len(),
            2,
            "{b}: the list and the row's own source"
        );
        for e in &events {
            let publication = store.event_publication(e.id).await.unwrap().unwrap();
            assert_eq!(publication.publication.code(), "unpublished", "{b}");
        }
        let taraz = store
            .event(committed(6).event_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taraz.draft.place_key.as_deref(), Some("kz-taraz"), "{b}");

        // Committing again creates nothing.
        let persons_after = store.persons().await.unwrap().len();
        let twice = commit_staging(&store, None, id).await.unwrap();
        assert!(twice.committed.is_empty(), "{b}");
        assert_eq!(store.recent_events(10).await.unwrap().len(), 3);
        assert_eq!(store.persons().await.unwrap().len(), persons_after);

        // The human decision holds through later resolutions.
        resolve(&store).await.unwrap();
        let again = store
            .person_of_mention(&committed(6).mention)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(again, person_of(&store, "Nurbol Kassymov").await, "{b}");

        // A committed row cannot be decided again.
        let late = decide_staging(&store, None, id, 2, &RowChoice::Reject).await;
        assert!(late.is_err(), "{b}");

        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_without_a_source_or_with_an_unknown_event_type_is_refused() {
    for db in temp_databases().await {
        let store = db.open().await.unwrap();
        let mut no_source = options();
        no_source.citation = "  ".into();
        let e = import_staging(&store, None, "l.csv", LIST.as_bytes(), &no_source)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("l.csv"), "{e}");
        assert!(e.to_string().contains("source"), "{e}");
        let mut picnic = options();
        picnic.event_type = Some("picnic".into());
        let e = import_staging(&store, None, "l.csv", LIST.as_bytes(), &picnic)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("picnic"), "{e}");
        assert!(store.staging_imports().await.unwrap().is_empty());
    }
}
