//! `kuager staging` end to end through the binary, on SQLite and
//! PostgreSQL: a list staged with its bad row reported, its rows shown with
//! the register's candidates, decided, committed once.

use kuager_store::testing::{temp_databases, TempDb};
use serde_json::Value;
use std::process::{Command, Output};

fn kuager(db: &TempDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kuager"))
        .arg("--db")
        .arg(&db.url)
        .args(args)
        .env_remove("KUAGER_DB")
        .output()
        .expect("the kuager binary runs")
}

fn ok(db: &TempDb, args: &[&str]) -> String {
    let out = kuager(db, args);
    assert!(
        out.status.success(),
        "kuager {args:?} failed on {:?}: {}",
        db.backend,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn json(db: &TempDb, args: &[&str]) -> Value {
    let s = ok(db, args);
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("kuager {args:?}: bad JSON ({e}): {s}"))
}

const NOTE: &str = "Almaty, 7 January 2022. Police detained Timur Yessenov near the square.\n";

/// Surname first in Cyrillic (Timur Yessenov of the note), a Kazakh name
/// nobody knows, and a birth year that is not one.
const LIST: &str = "\
Тегі;Аты;Туған жылы;Қала;Күні
Есенов;Тимур;1990;Алматы;2022-01-07
Жақсыбекова;Әсел;1996;Алматы;2022-01-07
Serikov;Daniyar;199x;Almaty;2022-01-07
";

#[tokio::test(flavor = "multi_thread")]
async fn a_list_is_staged_decided_and_committed_from_the_command_line() {
    for db in temp_databases().await {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("note.txt");
        std::fs::write(&note, NOTE).unwrap();
        ok(&db, &["ingest", note.to_str().unwrap()]);
        let persons = json(&db, &["persons", "--json"]);
        let timur = persons
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"].as_str().unwrap_or_default().contains("Timur"))
            .unwrap_or_else(|| panic!("{b}: Timur in {persons}"))["id"]
            .as_str()
            .unwrap()
            .to_string();
        let list = dir.path().join("almaty.csv");
        std::fs::write(&list, LIST).unwrap();
        let file = list.to_str().unwrap();

        // The bad row is reported with its number and reason; the rest
        // is staged and the exit status says something was left out.
        let out = kuager(
            &db,
            &[
                "staging",
                "import",
                file,
                "--source",
                "Almaty list",
                "--event-type",
                "detention",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{b}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("row 4, birth_year"), "{b}: {stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("staged as import 1: 2 rows"),
            "{b}: {stdout}"
        );

        let shown = json(&db, &["staging", "show", "1", "--json"]);
        let rows = shown["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{b}");
        assert_eq!(
            rows[0]["candidates"][0]["person_id"],
            timur.as_str(),
            "{b}: {shown}"
        );
        assert!(rows[1]["candidates"].as_array().unwrap().is_empty(), "{b}");
        let text = ok(&db, &["staging", "show", "1"]);
        assert!(text.contains("no candidate in the register"), "{b}: {text}");
        let listed = json(&db, &["staging", "show", "--json"]);
        assert_eq!(listed[0]["counts"]["pending"], 2, "{b}");

        // A wrong choice is refused with what to say instead.
        let out = kuager(&db, &["staging", "decide", "1", "2", "link"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("link PERSON_ID, new, reject"));
        let out = kuager(&db, &["staging", "decide", "1", "9", "new"]);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no row 9"),
            "{b}"
        );

        ok(&db, &["staging", "decide", "1", "2", "link", &timur]);
        ok(&db, &["staging", "decide", "1", "3", "new"]);
        let report = json(&db, &["staging", "commit", "1", "--json"]);
        let committed = report["committed"].as_array().unwrap();
        assert_eq!(committed.len(), 2, "{b}: {report}");
        assert_eq!(committed[0]["person_id"], timur.as_str(), "{b}");
        assert!(committed[0]["event_id"].is_i64(), "{b}");

        let person = json(&db, &["person", &timur, "--json"]);
        assert!(person.to_string().contains("Есенов Тимур"), "{b}: {person}");

        // Committing again creates nothing.
        let again = json(&db, &["staging", "commit", "1", "--json"]);
        assert!(again["committed"].as_array().unwrap().is_empty(), "{b}");
        // The same file again: unchanged.
        let out = kuager(&db, &["staging", "import", file, "--source", "Almaty list"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("unchanged"), "{b}: {stdout}");
    }
}
