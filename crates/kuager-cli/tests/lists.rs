//! End-to-end tests of list import, linkage and estimation through the
//! `kuager` binary, on SQLite and PostgreSQL. The lists are small texts
//! written for these tests in three styles: an official Russian list
//! (Windows-1251, `;`, surname first in capitals), a Kazakh NGO list
//! (separate name columns) and a Latin list compiled abroad.

use kuager_store::testing::{temp_databases, TempDb};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
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

const OFFICIAL: &str = "\
№;ФИО;Год рождения;Город;Дата задержания
OF-1;МЕНДЫГАЗИЕВ Барлык Тулегенович;1975;Нур-Султан;05.01.2022
OF-2;МЕНДЫГАЗИЕВ Бекижан Тулегенович;1977;Нур-Султан;05.01.2022
OF-3;АБИШЕВ Асет Кенжебекович;1990;Капчагай;06.01.2022
OF-4;АБИШЕВ Асан Кенжебекович;1990;Капчагай;06.01.2022
OF-5;СЕИТОВ Юсуп Ахметович;1986;Усть-Каменогорск;07.01.2022
OF-6;ЖУМАБЕКОВ Нурлан Серикович;1970;Алматы;05.01.2022
OF-7;ЖУМАБЕКОВ Нурлан Маратович;1995;Шымкент;08.01.2022
OF-8;КАЛИЕВА Айгерим Болатовна;1999;Алматы;05.01.2022
";

const NGO: &str = "\
id,Тегі,Аты,Әкесінің аты,Туған жылы,Қала,Күні
NG-1,Мендығазиев,Бекижан,Төлегенұлы,1977,Астана,2022-01-05
NG-2,Әбішев,Әсет,Кенжебекұлы,1990,Қонаев,2022-01-06
NG-3,Сейітов,Жүсіп,Ахметұлы,1985,Өскемен,2022-01-07
NG-4,Қалиева,Әйгерім,Болатқызы,1999,Алматы,2022-01-05
NG-5,Тұрсынов,Ерлан,Маратұлы,1988,Жаңаөзен,2022-01-04
NG-6,,,,1980,Алматы,
";

const ABROAD: &str = "\
record_id,full_name,birth_year,city,event_date,event_type
AB-1,Barlyk Mendygaziyev,1975,Astana,2022-01-05,detention
AB-2,Asan Abishev,1990,Kapchagay,2022-01-06,detention
AB-3,Yusup Seitov,,Oskemen,2022-01-07,detention
AB-4,Nurlan Zhumabekov,1970,Almaty,2022-01-05,killing
AB-5,Yerlan Tursynov,1988,Zhanaozen,2022-01-04,killing
AB-6,Nurlan Zhumabekov,1995,Shymkent,2022-01-08,detention
";

/// Who each record really is.
const TRUTH: &str = "\
record_id,person_id
OF-1,barlyk
OF-2,bekizhan
OF-3,aset
OF-4,asan
OF-5,zhusip
OF-6,nurlan70
OF-7,nurlan95
OF-8,aigerim
NG-1,bekizhan
NG-2,aset
NG-3,zhusip
NG-4,aigerim
NG-5,yerlan
AB-1,barlyk
AB-2,asan
AB-3,zhusip
AB-4,nurlan70
AB-5,yerlan
AB-6,nurlan95
";

fn write_lists(dir: &Path) {
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(OFFICIAL);
    std::fs::write(dir.join("official.csv"), &cp1251).expect("write");
    std::fs::write(dir.join("ngo.csv"), NGO).expect("write");
    std::fs::write(dir.join("abroad.csv"), ABROAD).expect("write");
    std::fs::write(dir.join("truth.csv"), TRUTH).expect("write");
}

fn import(db: &TempDb, dir: &Path, file: &str, name: &str) -> Output {
    let path = dir.join(file);
    kuager(
        db,
        &[
            "lists",
            "import",
            path.to_str().expect("utf-8 path"),
            "--name",
            name,
            "--compiled-by",
            "test",
            "--as-of",
            "2022-02-01",
            "--event-type",
            "detention",
            "--json",
        ],
    )
}

/// record id -> person, from `kuager link --json`.
fn clusters(db: &TempDb) -> (HashMap<String, String>, Value) {
    let out = json(db, &["link", "--json"]);
    let mut by_record = HashMap::new();
    for c in out.as_array().expect("an array of clusters") {
        let person = c["person"].as_str().expect("person").to_string();
        for r in c["records"].as_array().expect("records") {
            let id = r["record_id"].as_str().expect("record_id").to_string();
            assert!(r["list"].is_string());
            assert!(
                by_record.insert(id.clone(), person.clone()).is_none(),
                "{id} in two clusters"
            );
        }
    }
    (by_record, out)
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_import_link_and_estimate() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_lists(dir.path());
    for db in temp_databases().await {
        // The official list is Windows-1251 with `;`.
        let out = import(&db, dir.path(), "official.csv", "official");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(report["status"], "imported");
        assert_eq!(report["records"], 8);
        assert_eq!(report["encoding"], "windows-1251");

        // A row without a name is reported with its row number; the rest
        // import, and the exit status says something was left out.
        let out = import(&db, dir.path(), "ngo.csv", "ngo");
        assert_eq!(out.status.code(), Some(1));
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(report["records"], 5);
        assert_eq!(report["row_errors"][0]["row"], 7);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("row 7"), "{stderr}");

        let out = import(&db, dir.path(), "abroad.csv", "abroad");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        // The same file again changes nothing.
        let out = import(&db, dir.path(), "official.csv", "official");
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(report["status"], "unchanged");
        // Another file under the same name is refused without --replace,
        // and the list keeps its records.
        let out = import(&db, dir.path(), "abroad.csv", "official");
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--replace"), "{stderr}");
        let shown = json(&db, &["lists", "show", "--json"]);
        let official = shown
            .as_array()
            .and_then(|a| a.iter().find(|l| l["name"] == "official"))
            .expect("official list");
        assert_eq!(official["records"], 8);

        let (got, _) = clusters(&db);
        assert_eq!(got.len(), 19, "every record in exactly one cluster");
        for (a, b) in [
            ("OF-1", "AB-1"),
            ("OF-2", "NG-1"),
            ("OF-3", "NG-2"),
            ("OF-4", "AB-2"),
            ("OF-5", "NG-3"),
            ("NG-3", "AB-3"),
            ("OF-6", "AB-4"),
            ("OF-7", "AB-6"),
            ("OF-8", "NG-4"),
            ("NG-5", "AB-5"),
        ] {
            assert_eq!(got[a], got[b], "{a} and {b} on {:?}", db.backend);
        }
        for (a, b) in [("OF-1", "OF-2"), ("OF-3", "OF-4"), ("OF-6", "OF-7")] {
            assert_ne!(
                got[a], got[b],
                "relatives/namesakes {a} {b} on {:?}",
                db.backend
            );
        }

        let truth = dir.path().join("truth.csv");
        let score = json(
            &db,
            &["link", "eval", truth.to_str().expect("path"), "--json"],
        );
        assert_eq!(score["f1"], 1.0, "{score}");
        assert_eq!(score["clusters"], 9);

        // A human "different people" decision is a hard constraint.
        ok(&db, &["link", "distinct", "official:OF-6", "abroad:AB-4"]);
        let (got, _) = clusters(&db);
        assert_ne!(got["OF-6"], got["AB-4"]);
        assert_eq!(got["OF-7"], got["AB-6"]);
        let score = json(
            &db,
            &["link", "eval", truth.to_str().expect("path"), "--json"],
        );
        assert!(score["recall"].as_f64().expect("recall") < 1.0);
        // A decision about a record that does not exist is refused.
        let out = kuager(&db, &["link", "same", "official:OF-99", "abroad:AB-1"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("official:OF-99"));

        // Estimates: documented is the distinct people, never the
        // estimate; every estimate has an interval and a method.
        let strata = json(&db, &["estimate", "--json"]);
        let whole = &strata[0];
        assert_eq!(whole["stratum"], "all");
        assert_eq!(whole["documented"], 10);
        for e in whole["estimates"].as_array().expect("estimates") {
            assert!(e["method"].is_string());
            let (lo, est, hi) = (
                e["lower"].as_f64().expect("lower"),
                e["estimate"].as_f64().expect("estimate"),
                e["upper"].as_f64().expect("upper"),
            );
            assert!(lo <= est && est <= hi, "{e}");
            assert!(est >= 10.0, "{e}");
        }
        let by_city = json(&db, &["estimate", "--by", "city", "--json"]);
        let cities: Vec<&str> = by_city
            .as_array()
            .expect("strata")
            .iter()
            .filter_map(|s| s["stratum"].as_str())
            .collect();
        assert!(cities.contains(&"Astana"), "{cities:?}");
        assert!(cities.contains(&"Konaev"), "{cities:?}");
        let out = kuager(&db, &["estimate", "--lists", "official,nope"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));

        // Everything above is in the verifiable log.
        ok(&db, &["log", "verify"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn linking_before_importing_says_what_to_do() {
    for db in temp_databases().await {
        let out = kuager(&db, &["link"]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("kuager lists import"), "{stderr}");
        let out = kuager(&db, &["estimate"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("kuager link"));
    }
}
