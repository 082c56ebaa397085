//! Tests of the browser harness itself, against a tiny server started in
//! each test on 127.0.0.1. They need Chromium and chromedriver and fail
//! (they do not skip) when those are missing: run scripts/install-browser.sh.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use kuager_browser::{artifacts_dir, Browser, Options, Viewport};

const NAME: &str = "Бекижан Мендыгазиев";

/// The fields of one submitted form, in order.
type Fields = Vec<(String, String)>;

/// What the server was sent.
#[derive(Clone, Default)]
struct Seen {
    forms: Arc<Mutex<Vec<Fields>>>,
    uploads: Arc<Mutex<Vec<Upload>>>,
}

#[derive(Clone, Debug)]
struct Upload {
    note: String,
    file_name: String,
    bytes: Vec<u8>,
}

struct Server {
    base: String,
    seen: Seen,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn serve() -> Server {
    let seen = Seen::default();
    let app = Router::new()
        .route("/", get(script_page))
        .route("/form", get(form_page).post(form_post))
        .route("/saved/{n}", get(saved_page))
        .route("/upload", get(upload_page).post(upload_post))
        .route("/slow", get(slow_page))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { base, seen }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title>\
         <style>body{{font-family:sans-serif;margin:1rem}} .wide{{width:100%;box-sizing:border-box}}</style>\
         </head><body>{body}</body></html>"
    ))
}

async fn script_page() -> Html<String> {
    page(
        "Script test",
        "<h1>Script test</h1>\
         <p id=x>script did not run</p>\
         <noscript><p id=ns>Scripting is off.</p></noscript>\
         <script>document.body.dataset.js='on';document.getElementById('x').textContent='js ran'</script>",
    )
}

const FORM: &str = "<form method=post action=/form>\
    <label>Name <input id=name name=name class=wide></label>\
    <label>Notes <textarea id=notes name=notes class=wide>placeholder text</textarea></label>\
    <label>Kind <select id=kind name=kind>\
      <option value=person>Person</option><option value=org>Organisation</option></select></label>\
    <label><input type=checkbox id=urgent name=urgent value=yes> Urgent</label>\
    <button id=save type=submit>Save</button></form>\
    <p><a id=slow href=/slow>A slow page</a></p>";

async fn form_page() -> Html<String> {
    page("Form", &format!("<h1>New record</h1>{FORM}"))
}

async fn form_post(State(seen): State<Seen>, Form(fields): Form<Fields>) -> Response {
    let name = fields
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    if name.is_empty() {
        // Re-rendered at the same URL, as an app does on a validation error.
        return page(
            "Form",
            &format!("<h1>New record</h1><p id=error>Name is required.</p>{FORM}"),
        )
        .into_response();
    }
    let n = {
        let mut forms = seen.forms.lock().unwrap();
        forms.push(fields);
        forms.len()
    };
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/saved/{n}"))]).into_response()
}

async fn saved_page(State(seen): State<Seen>, UrlPath(n): UrlPath<usize>) -> Response {
    let forms = seen.forms.lock().unwrap();
    let Some(fields) = n.checked_sub(1).and_then(|i| forms.get(i)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let map: HashMap<&str, &str> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let get = |k: &str| esc(map.get(k).copied().unwrap_or("-"));
    page(
        "Saved",
        &format!(
            "<h1 id=saved>Saved record {n}</h1><dl>\
             <dt>Name</dt><dd id=name>{}</dd><dt>Notes</dt><dd id=notes>{}</dd>\
             <dt>Kind</dt><dd id=kind>{}</dd><dt>Urgent</dt><dd id=urgent>{}</dd></dl>",
            get("name"),
            get("notes"),
            get("kind"),
            get("urgent"),
        ),
    )
    .into_response()
}

async fn upload_page() -> Html<String> {
    page(
        "Upload",
        "<h1>Upload a document</h1>\
         <form method=post action=/upload enctype=multipart/form-data>\
         <label>Note <input id=note name=note></label>\
         <label>File <input id=file type=file name=document></label>\
         <button id=send type=submit>Upload</button></form>",
    )
}

async fn upload_post(State(seen): State<Seen>, mut multipart: Multipart) -> Response {
    let mut note = String::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.unwrap() {
        match field.name() {
            Some("note") => note = field.text().await.unwrap(),
            Some("document") => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.unwrap().to_vec();
                file = Some((file_name, bytes));
            }
            _ => {}
        }
    }
    let Some((file_name, bytes)) = file else {
        return (StatusCode::BAD_REQUEST, "no file").into_response();
    };
    let body = format!(
        "<h1 id=uploaded>Received</h1><p id=size>{}</p><p id=file-name>{}</p><p id=note>{}</p>",
        bytes.len(),
        esc(&file_name),
        esc(&note)
    );
    seen.uploads.lock().unwrap().push(Upload {
        note,
        file_name,
        bytes,
    });
    page("Received", &body).into_response()
}

async fn slow_page() -> Html<String> {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    page("Slow", "<h1 id=slow-done>Finally</h1>")
}

async fn start(viewport: Viewport) -> Browser {
    let t = Instant::now();
    let browser = Browser::start(viewport)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    eprintln!("browser ({}) started in {:?}", viewport.name(), t.elapsed());
    browser
}

#[tokio::test]
async fn page_javascript_does_not_run() {
    let server = serve().await;
    let b = start(Viewport::Desktop).await;
    b.goto(&server.url("/")).await.unwrap();
    assert_eq!(b.text("#x").await.unwrap(), "script did not run");
    assert_eq!(b.attr("body", "data-js").await.unwrap(), None);
    // <noscript> content is rendered only when scripting is off.
    assert_eq!(b.text("#ns").await.unwrap(), "Scripting is off.");
    let text = b.page_text().await.unwrap();
    assert!(text.contains("Scripting is off."), "{text}");
    assert!(!text.contains("js ran"), "{text}");
    b.close().await.unwrap();
}

#[tokio::test]
async fn urlencoded_form_round_trips_cyrillic() {
    form_round_trip(Viewport::Desktop).await;
}

#[tokio::test]
async fn urlencoded_form_works_on_a_phone() {
    form_round_trip(Viewport::Phone).await;
}

async fn form_round_trip(viewport: Viewport) {
    let server = serve().await;
    let b = start(viewport).await;
    b.goto(&server.url("/form")).await.unwrap();

    // A failed validation re-renders at the same URL: `click` must still
    // notice the new page.
    b.click("#save").await.unwrap();
    assert_eq!(b.current_path().await.unwrap(), "/form");
    assert_eq!(b.text("#error").await.unwrap(), "Name is required.");

    b.fill("#name", NAME).await.unwrap();
    b.fill("#notes", "Задержан 12.03, Алматы\nвторая строка")
        .await
        .unwrap();
    assert_eq!(b.value("#name").await.unwrap(), NAME);
    b.select("#kind", "org").await.unwrap();
    b.click_in_place("#urgent").await.unwrap();
    b.click("#save").await.unwrap();

    assert_eq!(b.current_path().await.unwrap(), "/saved/1");
    assert_eq!(b.text("#name").await.unwrap(), NAME);
    assert_eq!(b.text("#kind").await.unwrap(), "org");
    assert_eq!(b.text("#urgent").await.unwrap(), "yes");
    let forms = server.seen.forms.lock().unwrap().clone();
    assert_eq!(forms.len(), 1);
    let sent: HashMap<_, _> = forms[0].iter().cloned().collect();
    assert_eq!(sent["name"], NAME);
    assert_eq!(sent["notes"], "Задержан 12.03, Алматы\r\nвторая строка");
    assert_eq!(sent["kind"], "org");
    assert_eq!(sent["urgent"], "yes");
    b.close().await.unwrap();
}

#[tokio::test]
async fn multipart_form_uploads_a_file() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("протокол допроса.bin");
    // Every byte value, so that any re-encoding would show.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    std::fs::write(&path, &bytes).unwrap();

    let b = start(Viewport::Desktop).await;
    b.goto(&server.url("/upload")).await.unwrap();
    b.fill("#note", NAME).await.unwrap();
    b.attach_file("#file", &path).await.unwrap();
    b.click("#send").await.unwrap();

    assert_eq!(b.text("#size").await.unwrap(), "70000");
    assert_eq!(b.current_path().await.unwrap(), "/upload");
    let uploads = server.seen.uploads.lock().unwrap().clone();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].bytes, bytes);
    assert_eq!(uploads[0].file_name, "протокол допроса.bin");
    assert_eq!(uploads[0].note, NAME);
    b.close().await.unwrap();
}

#[tokio::test]
async fn click_waits_for_a_slow_page() {
    let server = serve().await;
    let b = start(Viewport::Desktop).await;
    b.goto(&server.url("/form")).await.unwrap();
    let t = Instant::now();
    b.click("#slow").await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(1400),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(b.text("#slow-done").await.unwrap(), "Finally");
    assert_eq!(b.current_path().await.unwrap(), "/slow");
    b.close().await.unwrap();
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24, "PNG too short");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

#[tokio::test]
async fn screenshots_are_png_in_both_viewports() {
    let server = serve().await;
    for viewport in [Viewport::Desktop, Viewport::Phone] {
        let b = start(viewport).await;
        assert_eq!(b.viewport(), viewport);
        b.goto(&server.url("/form")).await.unwrap();
        b.fill("#name", NAME).await.unwrap();
        let name = format!("harness-form-{}", viewport.name());
        let path = b.screenshot(&name).await.unwrap();
        assert_eq!(path, artifacts_dir().join(format!("{name}.png")));
        let png = std::fs::read(&path).unwrap();
        let (w, h) = png_size(&png);
        eprintln!("{}: {w}x{h}, {} bytes", path.display(), png.len());
        assert_eq!((w, h), viewport.size());
        b.close().await.unwrap();
    }
}

#[test]
fn missing_binaries_name_the_install_script() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for options in [
        Options {
            chromium: Some(PathBuf::from("/nonexistent/chromium")),
            ..Options::default()
        },
        Options {
            chromedriver: Some(PathBuf::from("/nonexistent/chromedriver")),
            ..Options::default()
        },
    ] {
        let err = rt.block_on(Browser::start_with(options)).unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("scripts/install-browser.sh"), "{msg}");
    }
}

#[tokio::test]
async fn several_browsers_start_at_once() {
    let server = serve().await;
    let (a, b, c) = tokio::join!(
        Browser::start(Viewport::Desktop),
        Browser::start(Viewport::Phone),
        Browser::start(Viewport::Desktop),
    );
    let all = [a.unwrap(), b.unwrap(), c.unwrap()];
    for b in &all {
        b.goto(&server.url("/")).await.unwrap();
        assert_eq!(b.title().await.unwrap(), "Script test");
    }
    for b in all {
        b.close().await.unwrap();
    }
}

/// Live (not zombie) processes in process group `pgid`, as (pid, name).
fn live_group_members(pgid: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_owned();
        let rest: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if rest.len() > 2 && rest[0] != "Z" && rest[2] == pgid.to_string() {
            found.push((pid, comm));
        }
    }
    found
}

fn wait_until_group_gone(pgid: u32) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left = live_group_members(pgid);
        if left.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "still running: {left:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn dropping_the_browser_ends_its_processes() {
    let server = serve().await;
    let b = start(Viewport::Desktop).await;
    b.goto(&server.url("/")).await.unwrap();
    let pgid = b.process_group();
    let members = live_group_members(pgid);
    assert!(
        members
            .iter()
            .any(|(_, name)| name.contains("chromedriver"))
            && members.iter().any(|(_, name)| name.contains("chrom")),
        "{members:?}"
    );
    drop(b); // no close(): as when a test panics
    wait_until_group_gone(pgid);
}

const CHILD_ENV: &str = "KUAGER_BROWSER_TEST_CHILD";

/// Not a test of its own: `browser_dies_with_a_killed_test_process` runs this
/// test binary again with KUAGER_BROWSER_TEST_CHILD=1 to get a process that
/// holds a browser and is then killed. Without that variable it does nothing.
#[tokio::test]
async fn child_holding_a_browser() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let b = Browser::start(Viewport::Desktop).await.unwrap();
    println!("PGID {}", b.process_group());
    tokio::time::sleep(Duration::from_secs(60)).await;
    drop(b);
}

#[test]
fn browser_dies_with_a_killed_test_process() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_holding_a_browser",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut pgid = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        // libtest may print "test <name> ... " on the same line first.
        if let Some(at) = line.find("PGID ") {
            pgid = Some(line[at + 5..].trim().parse::<u32>().unwrap());
            break;
        }
    }
    let Some(pgid) = pgid else {
        let status = child.wait().unwrap();
        panic!("the child did not start a browser ({status})");
    };
    let members = live_group_members(pgid);
    let profile = members
        .iter()
        .find_map(|(pid, _)| user_data_dir(*pid))
        .unwrap_or_else(|| panic!("no Chromium with --user-data-dir in {members:?}"));
    let scratch = profile.parent().unwrap().to_path_buf();
    assert!(scratch.is_dir());
    child.kill().unwrap(); // SIGKILL: no destructors run
    child.wait().unwrap();
    wait_until_group_gone(pgid);
    // The watchdog also removes the throwaway profile.
    let deadline = Instant::now() + Duration::from_secs(5);
    while scratch.exists() {
        assert!(
            Instant::now() < deadline,
            "{} left behind",
            scratch.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The `--user-data-dir` on the command line of process `pid`, if any.
fn user_data_dir(pid: u32) -> Option<PathBuf> {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    cmdline
        .split(|b| *b == 0)
        .filter_map(|arg| std::str::from_utf8(arg).ok())
        .find_map(|arg| arg.strip_prefix("--user-data-dir="))
        .map(PathBuf::from)
}
