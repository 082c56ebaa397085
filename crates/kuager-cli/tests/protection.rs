//! The protections end to end, through the real `kuager` binary on SQLite
//! and PostgreSQL: SIGKILL in the middle of ingest and of intake posts, and
//! a witness's name and phone that must appear nowhere but sealed.

use kuager_case::ReportState;
use kuager_store::testing::{temp_databases, TempDb};
use kuager_store::{KeySource, MasterKey, Store};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KUAGER: &str = env!("CARGO_BIN_EXE_kuager");

/// A small deterministic generator (xorshift), seeded from the clock and
/// printed so a failing run can be repeated with KUAGER_TEST_SEED.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("KUAGER_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("seed {seed} (KUAGER_TEST_SEED to repeat)");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn kuager(db: &str, key: &Path) -> Command {
    let mut c = Command::new(KUAGER);
    c.arg("--db").arg(db).arg("--key-file").arg(key);
    c.env_remove("KUAGER_DB").env("NO_COLOR", "1");
    c
}

fn key_file(dir: &Path) -> PathBuf {
    let path = dir.join("kuager.key");
    MasterKey::generate().write_key_file(&path).unwrap();
    path
}

/// `kuager log verify` must pass.
fn assert_log_verifies(db: &str, key: &Path, when: &str) {
    let out = kuager(db, key).args(["log", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{when}: log verify failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn document_count(db: &str, key: &Path) -> usize {
    let out = kuager(db, key)
        .args(["documents", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    docs.as_array().map_or(0, Vec::len)
}

const NAMES: [&str; 8] = [
    "Бекижан Мендыгазиев",
    "Айгүл Нұрланқызы",
    "Timur Sultanbekov",
    "Жанар Ахметова",
    "Arman Kassymov",
    "Ерлан Қалиев",
    "Гульнара Жумабаева",
    "Nurlan Yessenov",
];

fn write_documents(dir: &Path, n: usize) {
    for i in 0..n {
        let a = NAMES[i % NAMES.len()];
        let b = NAMES[(i * 3 + 1) % NAMES.len()];
        let text = format!(
            "Сообщение №{i}. {} января 2022 года в Алматы задержан {a}. \
             Его сосед {b} сообщил об этом правозащитникам. Документ {i} из серии.\n",
            1 + i % 28
        );
        std::fs::write(dir.join(format!("doc-{i:03}.txt")), text).unwrap();
    }
}

/// Waits up to `limit` for the child; kills it (SIGKILL) if it is still
/// running then. True if it was killed.
fn kill_after(child: &mut Child, after: Duration) -> bool {
    let deadline = Instant::now() + after;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    killed
}

#[test]
fn ingest_killed_at_random_points_loses_and_half_writes_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dbs = runtime.block_on(temp_databases());
    let mut rng = Rng::new();
    for db in &dbs {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        write_documents(&docs, 40);
        let key = key_file(dir.path());
        let url = sqlite_in(dir.path(), db);
        let mut stored = 0;
        let mut kills = 0;
        for round in 0..8 {
            let mut child = kuager(&url, &key)
                .arg("ingest")
                .arg(&docs)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let delay = Duration::from_millis(50 + rng.below(700));
            kills += usize::from(kill_after(&mut child, delay));
            assert_log_verifies(&url, &key, &format!("{b} round {round}"));
            let now = document_count(&url, &key);
            assert!(
                now >= stored,
                "{b} round {round}: {stored} documents became {now}"
            );
            stored = now;
        }
        let out = kuager(&url, &key)
            .arg("ingest")
            .arg(&docs)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{b}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(document_count(&url, &key), 40, "{b}");
        assert_log_verifies(&url, &key, &format!("{b} at the end"));
        eprintln!("{b}: {kills} of 8 ingest runs killed mid-way; all 40 documents stored once");
    }
}

/// SQLite databases go in the test's own directory (so the key file and
/// the database are made together); PostgreSQL uses the temporary database.
fn sqlite_in(dir: &Path, db: &TempDb) -> String {
    match db.backend {
        kuager_store::Backend::Sqlite => format!("sqlite://{}", dir.join("register.db").display()),
        kuager_store::Backend::Postgres => db.url.clone(),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `kuager serve` on a free loopback port, once it answers.
fn serve(
    url: &str,
    key: &Path,
    extra: &[(&str, &std::ffi::OsStr)],
    log: Option<&Path>,
) -> (Child, String) {
    let port = free_port();
    let mut cmd = kuager(url, key);
    cmd.args([
        "serve",
        "--addr",
        &format!("127.0.0.1:{port}"),
        "--attempts-per-minute",
        "100000",
    ]);
    for (name, value) in extra {
        cmd.env(name, value);
    }
    match log {
        Some(path) => {
            let file = std::fs::File::create(path).unwrap();
            cmd.stdout(file.try_clone().unwrap()).stderr(file);
        }
        None => {
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
        }
    }
    let child = cmd.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "kuager serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, base)
}

fn csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(
        html[at..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect(),
    )
}

/// Posts the public report form; true when the server acknowledged it.
async fn post_public_report(
    base: &str,
    what: &str,
    who: &str,
    contact: &str,
    attachment: Option<(&str, Vec<u8>)>,
) -> bool {
    let client = match reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(_) => return false,
    };
    let Ok(page) = client.get(format!("{base}/report")).send().await else {
        return false;
    };
    let Some(token) = page.text().await.ok().as_deref().and_then(csrf) else {
        return false;
    };
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("what", what.to_string())
        .text("when", "2022-01-06".to_string())
        .text("place", "kz-almaty".to_string())
        .text("place_detail", "".to_string())
        .text("who", who.to_string())
        .text("consent", "confidential".to_string())
        .text("contact", contact.to_string());
    if let Some((name, bytes)) = attachment {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        form = form.part("attachments", part);
    }
    match client
        .post(format!("{base}/report"))
        .multipart(form)
        .send()
        .await
    {
        Ok(r) => {
            r.status() == 303
                && r.headers()
                    .get("location")
                    .is_some_and(|l| l.as_bytes() == b"/report/thanks")
        }
        Err(_) => false,
    }
}

#[test]
fn intake_killed_mid_post_keeps_every_acknowledged_report_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dbs = runtime.block_on(temp_databases());
    let mut rng = Rng::new();
    for db in &dbs {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let key = key_file(dir.path());
        let url = sqlite_in(dir.path(), db);
        let mut acknowledged: Vec<String> = Vec::new();
        for round in 0..5 {
            let (mut server, base) = serve(&url, &key, &[], None);
            let delay = Duration::from_millis(300 + rng.below(900));
            let acks = runtime.block_on(async {
                let mut tasks = Vec::new();
                for client in 0..4 {
                    let base = base.clone();
                    tasks.push(tokio::spawn(async move {
                        let mut acked = Vec::new();
                        for n in 0..200 {
                            let marker = format!("marker-r{round}-c{client}-n{n}");
                            if post_public_report(&base, &marker, "Свидетель", "+7 700", None).await
                            {
                                acked.push(marker);
                            } else {
                                break;
                            }
                        }
                        acked
                    }));
                }
                let killer = tokio::task::spawn_blocking(move || {
                    std::thread::sleep(delay);
                    let _ = server.kill();
                    let _ = server.wait();
                });
                let mut acked = Vec::new();
                for t in tasks {
                    acked.extend(t.await.unwrap());
                }
                killer.await.unwrap();
                acked
            });
            acknowledged.extend(acks);
            // The server is dead: check the register directly.
            runtime.block_on(async {
                let store = Store::open_with(&url, &KeySource::KeyFile(key.clone()))
                    .await
                    .unwrap();
                let reports = store
                    .reports_in_state(ReportState::New, 1_000_000)
                    .await
                    .unwrap();
                let texts: Vec<&str> = reports.iter().map(|r| r.what_excerpt.as_str()).collect();
                for marker in &acknowledged {
                    let copies = texts.iter().filter(|t| **t == marker.as_str()).count();
                    assert_eq!(
                        copies, 1,
                        "{b} round {round}: {marker} stored {copies} times"
                    );
                }
                let mut unique = texts.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), texts.len(), "{b}: a report was stored twice");
                let log = store.verify_log().await.unwrap();
                assert!(log.is_ok(), "{b} round {round}: {:?}", log.problems);
                store.close().await;
            });
            assert_log_verifies(&url, &key, &format!("{b} round {round}"));
        }
        assert!(
            !acknowledged.is_empty(),
            "{b}: no report was acknowledged at all"
        );
        eprintln!(
            "{b}: 5 kills, {} acknowledged reports all stored once",
            acknowledged.len()
        );
    }
}

/// All files under a directory, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_witness_name_and_phone_appear_nowhere_but_sealed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dbs = runtime.block_on(temp_databases());
    let mut rng = Rng::new();
    for db in &dbs {
        let b = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let key = key_file(dir.path());
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let url = match b {
            kuager_store::Backend::Sqlite => {
                format!("sqlite://{}", data.join("register.db").display())
            }
            kuager_store::Backend::Postgres => db.url.clone(),
        };
        let tmp = dir.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let log = dir.path().join("serve.log");
        let witness = format!("Тлеуберди Жаксылыковна Witness{}", rng.below(1_000_000_000));
        let phone = format!(
            "+7 701 {:03} {:02} {:02}",
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        );
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();

        let (mut server, base) = serve(
            &url,
            &key,
            &[
                ("TMPDIR", tmp.as_os_str()),
                // Everything Kuager and its libraries log, sqlx included.
                ("KUAGER_LOG", std::ffi::OsStr::new("trace")),
            ],
            Some(&log),
        );
        let acked = runtime.block_on(post_public_report(
            &base,
            &format!("Свидетель {witness} видела задержание"),
            &witness,
            &phone,
            Some((
                &format!("{witness}.pdf"),
                format!("%PDF-1.4\n% {witness} {phone}\n%%EOF\n").into_bytes(),
            )),
        ));
        assert!(acked, "{b}: the report was not accepted");
        // Positive control: the store, with the key, holds them.
        let _ = server.kill();
        let _ = server.wait();
        runtime.block_on(async {
            let store = Store::open_with(&url, &KeySource::KeyFile(key.clone()))
                .await
                .unwrap();
            let reports = store.reports_in_state(ReportState::New, 10).await.unwrap();
            let report = store.report(reports[0].id).await.unwrap().unwrap();
            assert_eq!(report.draft.contact, phone, "{b}");
            assert!(report.draft.who.contains(&witness), "{b}");
            store.close().await;
        });

        let mut places: Vec<(String, Vec<u8>)> = Vec::new();
        for path in files_under(&tmp) {
            places.push((
                path.display().to_string(),
                std::fs::read(&path).unwrap_or_default(),
            ));
        }
        places.push(("server log".to_string(), std::fs::read(&log).unwrap()));
        match b {
            kuager_store::Backend::Sqlite => {
                for path in files_under(&data) {
                    match std::fs::read(&path) {
                        Ok(bytes) => places.push((path.display().to_string(), bytes)),
                        // Closing the store removes its -wal and -shm
                        // files, sometimes between the listing and the
                        // read: a file that is gone holds nothing.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => panic!("{}: {e}", path.display()),
                    }
                }
            }
            kuager_store::Backend::Postgres => {
                let dump = Command::new("pg_dump").arg("--no-owner").arg(&url).output();
                match dump {
                    Ok(out) if out.status.success() => {
                        assert!(out.stdout.len() > 1000, "pg_dump printed too little");
                        // The control: the dump holds the report's plain
                        // fields, so a missing name is a real absence.
                        assert!(holds(&out.stdout, "kz-almaty"), "pg_dump lacks the report");
                        places.push(("pg_dump output".to_string(), out.stdout));
                    }
                    Ok(out) => panic!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr)),
                    Err(e) => eprintln!("pg_dump not runnable ({e}): PostgreSQL dump not checked"),
                }
            }
        }
        assert!(places.len() >= 2, "{b}: nothing to look in");
        for (place, bytes) in &places {
            for secret in [
                witness.as_str(),
                phone.as_str(),
                digits.as_str(),
                "Тлеуберди",
            ] {
                assert!(!holds(bytes, secret), "{b}: {secret:?} found in {place}");
            }
        }
        eprintln!(
            "{b}: looked in {} places, the witness is in none",
            places.len()
        );
    }
}

/// A signed-in volunteer's client.
async fn volunteer_client(base: &str, name: &str, password: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap();
    let token = csrf(&page.text().await.unwrap()).unwrap();
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", token.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{name} could not log in");
    client
}

/// One volunteer report; true when acknowledged (303 to the report).
async fn post_volunteer_report(client: &reqwest::Client, base: &str, marker: &str) -> bool {
    let Ok(page) = client.get(format!("{base}/reports/new")).send().await else {
        return false;
    };
    let Some(token) = page.text().await.ok().as_deref().and_then(csrf) else {
        return false;
    };
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("what", marker.to_string())
        .text("when", "2022-01-06".to_string())
        .text("place", "kz-almaty".to_string())
        .text("place_detail", "".to_string())
        .text("who", "Свидетель".to_string())
        .text("consent", "anonymised".to_string())
        .text("contact", "".to_string());
    matches!(
        client.post(format!("{base}/reports")).multipart(form).send().await,
        Ok(r) if r.status() == 303
    )
}

/// `volunteers` signed-in volunteers each submit `each` reports at once;
/// every report is stored exactly once and the log verifies. Returns the
/// per-request latencies and the wall time.
fn volunteers_submit(db: &TempDb, volunteers: usize, each: usize) -> (Vec<Duration>, Duration) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let b = db.backend;
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let url = sqlite_in(dir.path(), db);
    const PASSWORD: &str = "a long volunteer passphrase";
    for v in 0..volunteers {
        let mut add = kuager(&url, &key)
            .args(["user", "add", &format!("v{v:02}"), "--role", "volunteer"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        assert!(add.wait().unwrap().success(), "{b}: user add failed");
    }
    let (mut server, base) = serve(&url, &key, &[], None);
    let started = Instant::now();
    let latencies = runtime.block_on(async {
        let mut tasks = Vec::new();
        for v in 0..volunteers {
            let base = base.clone();
            tasks.push(tokio::spawn(async move {
                let client = volunteer_client(&base, &format!("v{v:02}"), PASSWORD).await;
                let mut latencies = Vec::with_capacity(each);
                for n in 0..each {
                    let t = Instant::now();
                    let ok =
                        post_volunteer_report(&client, &base, &format!("load-v{v}-n{n}")).await;
                    assert!(ok, "report {n} of volunteer {v} was refused");
                    latencies.push(t.elapsed());
                }
                latencies
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    });
    let wall = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    runtime.block_on(async {
        let store = Store::open_with(&url, &KeySource::KeyFile(key.clone()))
            .await
            .unwrap();
        let reports = store
            .reports_in_state(ReportState::New, 10_000_000)
            .await
            .unwrap();
        let mut texts: Vec<&str> = reports.iter().map(|r| r.what_excerpt.as_str()).collect();
        assert_eq!(texts.len(), volunteers * each, "{b}: every report stored");
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(
            texts.len(),
            volunteers * each,
            "{b}: no report stored twice"
        );
        let log = store.verify_log().await.unwrap();
        assert!(log.is_ok(), "{b}: {:?}", log.problems);
        store.close().await;
    });
    assert_log_verifies(&url, &key, &format!("{b} after the load"));
    (latencies, wall)
}

#[test]
fn concurrent_volunteers_store_each_report_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for db in runtime.block_on(temp_databases()) {
        volunteers_submit(&db, 10, 20);
    }
}

/// The load benchmark of issue 4: 50 volunteers, 5,000 reports. Ignored in
/// the suite; `bench/intake-load.sh` runs it on a release build.
#[test]
#[ignore]
fn bench_fifty_volunteers_five_thousand_reports() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for db in runtime.block_on(temp_databases()) {
        let (mut latencies, wall) = volunteers_submit(&db, 50, 100);
        latencies.sort_unstable();
        let at =
            |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
        println!(
            "BENCH backend={} reports={} wall_s={:.2} reports_per_s={:.0} p50_ms={:.1} p95_ms={:.1} p99_ms={:.1}",
            db.backend,
            latencies.len(),
            wall.as_secs_f64(),
            latencies.len() as f64 / wall.as_secs_f64(),
            at(0.5),
            at(0.95),
            at(0.99)
        );
    }
}
