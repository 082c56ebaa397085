//! A running Kuager web app on a loopback port over a throwaway database,
//! for the HTTP and browser tests; logging in through the real pages,
//! second factor included (the code is computed here from the secret the
//! enrolment page shows, as an authenticator app would).
#![allow(dead_code)]

use kuager_case::UserRole;
use kuager_store::testing::TempDb;
use kuager_store::Store;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub backend: &'static str,
    /// Per user name: the TOTP secret and the last time step used.
    totp: Mutex<HashMap<String, (String, u64)>>,
    _db: TempDb,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub const PASSWORD: &str = "a long test passphrase";

/// The English document that registers Bekizhan Mendygaziyev from Latin script.
pub const LATIN_DOC: &str = "Zhanaozen, 6 January 2022. Police detained Bekizhan Mendygaziyev, \
a local oil worker, outside his home. His brother Amanzhol Mendygaziyev said that \
Bekizhan Mendygaziyev was taken to the city police department.\n";

/// The settings tests run with: the per-address limit is raised, since
/// every test client comes from 127.0.0.1 (the tests of the limit set it).
pub fn test_config() -> kuager_web::Config {
    kuager_web::Config {
        attempts_per_minute: 1000,
        ..Default::default()
    }
}

impl TestApp {
    pub async fn start(db: TempDb, config: kuager_web::Config) -> TestApp {
        TestApp::start_app(db, config, kuager_web::app).await
    }

    /// Serves the app `build` makes from the state.
    pub async fn start_app(
        db: TempDb,
        config: kuager_web::Config,
        build: impl FnOnce(kuager_web::AppState) -> axum::Router,
    ) -> TestApp {
        let store = db.open().await.expect("open the test database");
        let backend = store.backend().name();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let app = build(kuager_web::AppState::new(store.clone(), config));
        let server = tokio::spawn(async move {
            let _ = kuager_web::serve_app(listener, app).await;
        });
        TestApp {
            addr,
            store,
            backend,
            totp: Mutex::new(HashMap::new()),
            _db: db,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn add_user(&self, name: &str, role: UserRole) -> i64 {
        let hash = kuager_web::auth::hash_password(PASSWORD).expect("hash");
        self.store
            .add_user(None, name, role, &hash)
            .await
            .expect("add user")
            .id
    }

    /// The TOTP secret `name` enrolled with through these helpers.
    pub fn totp_secret(&self, name: &str) -> Option<String> {
        self.totp
            .lock()
            .unwrap()
            .get(name)
            .map(|(secret, _)| secret.clone())
    }

    /// Remembers the secret `name` enrolled with and the step used.
    pub fn note_enrolment(&self, name: &str, secret: &str, step: u64) {
        self.totp
            .lock()
            .unwrap()
            .insert(name.to_string(), (secret.to_string(), step));
    }

    /// A fresh code for `name`: of a time step later than any used before
    /// (the server accepts each step once), waiting for the clock if the
    /// next step is not yet accepted.
    pub async fn next_code(&self, name: &str) -> String {
        let (secret, last) = self
            .totp
            .lock()
            .unwrap()
            .get(name)
            .cloned()
            .expect("the user enrolled through the test helpers");
        loop {
            let now = unix_now() / 30;
            let step = (last + 1).max(now);
            if step <= now + 1 {
                self.note_enrolment(name, &secret, step);
                return totp_code(&secret, step);
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    }

    /// Registers the Latin-script document and returns the id of the
    /// person "Bekizhan Mendygaziyev".
    pub async fn seed_register(&self) -> String {
        let limits = kuager_register::IngestOptions::default();
        kuager_register::ingest_bytes(
            &self.store,
            "zhanaozen-2022.txt",
            LATIN_DOC.as_bytes(),
            &limits,
        )
        .await
        .expect("ingest the seed document");
        let hits = kuager_register::search(&self.store, "Bekizhan Mendygaziyev")
            .await
            .expect("search");
        hits.into_iter()
            .next()
            .expect("the person is registered")
            .id
    }
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The six-digit code of time step `step` (RFC 6238, SHA-1, 30 s).
pub fn totp_code(secret: &str, step: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("a base32 secret");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    )
    .expect("a valid TOTP");
    totp.generate(step * 30)
}

/// One test app per backend (SQLite always, PostgreSQL unless skipped).
pub async fn apps() -> Vec<TestApp> {
    apps_with(test_config()).await
}

pub async fn apps_with(config: kuager_web::Config) -> Vec<TestApp> {
    let mut out = Vec::new();
    for db in kuager_store::testing::temp_databases().await {
        out.push(TestApp::start(db, config.clone()).await);
    }
    out
}

/// An HTTP client with its own cookie jar that does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The anti-forgery token of the first form in `html`.
pub fn csrf(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a csrf field");
    html[start..start + 64].to_string()
}

/// The text of the element with id `id` (no nested elements).
pub fn text_of_id(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker)?;
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find('<')?;
    Some(html[start..end].to_string())
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

pub async fn get_text(c: &reqwest::Client, url: String) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

/// Sends the name and password; returns where the login page sent us.
pub async fn password_step(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    password: &str,
) -> reqwest::Response {
    let page = get_text(c, app.url("/login")).await;
    let token = csrf(&page);
    c.post(app.url("/login"))
        .form(&[
            ("csrf", token.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

/// Sets up the second factor on the enrolment page the client is sent to:
/// reads the secret shown as text, types the current code.
pub async fn enrol(app: &TestApp, c: &reqwest::Client, name: &str) -> reqwest::Response {
    let page = get_text(c, app.url("/account/totp")).await;
    let secret = text_of_id(&page, "totp-secret").expect("the secret is shown as text");
    let step = unix_now() / 30;
    app.note_enrolment(name, &secret, step);
    let code = totp_code(&secret, step);
    c.post(app.url("/account/totp"))
        .form(&[("csrf", csrf(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap()
}

/// Gives a fresh code on the code page.
pub async fn give_code(app: &TestApp, c: &reqwest::Client, name: &str) -> reqwest::Response {
    let page = get_text(c, app.url("/login/code")).await;
    let code = app.next_code(name).await;
    c.post(app.url("/login/code"))
        .form(&[("csrf", csrf(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap()
}

/// Logs in (setting up or giving the second factor when the account needs
/// one) and returns the client and a csrf token for its session.
pub async fn login(app: &TestApp, name: &str) -> (reqwest::Client, String) {
    let c = client();
    let r = password_step(app, &c, name, PASSWORD).await;
    assert_eq!(r.status(), 303, "login of {name} on {}", app.backend);
    let r = match location(&r).as_str() {
        "/" => r,
        "/account/totp" => enrol(app, &c, name).await,
        "/login/code" => give_code(app, &c, name).await,
        other => panic!("login of {name} sent to {other}"),
    };
    assert_eq!(
        (r.status().as_u16(), location(&r).as_str()),
        (303, "/"),
        "second step of {name} on {}",
        app.backend
    );
    let home = get_text(&c, app.url("/")).await;
    let token = csrf(&home);
    (c, token)
}

/// Who is asking: the visitors every route is tried as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    /// An analyst who gave the password but not yet the code.
    Pending,
    Role(UserRole),
}

impl Who {
    pub fn label(self) -> String {
        match self {
            Who::Anonymous => "anonymous".into(),
            Who::Pending => "analyst before the code".into(),
            Who::Role(r) => r.code().to_string(),
        }
    }
}

pub struct Visitor {
    pub who: Who,
    pub client: reqwest::Client,
    /// The user's own report and its attachment (for roles with an account).
    pub report: i64,
    pub attachment: i64,
}

/// A register and casework to visit: a person with a document, a report
/// with an image by each account, an event with a source; and a client
/// for each kind of visitor.
pub struct World {
    pub person: String,
    pub sha256: String,
    pub event: i64,
    pub source: i64,
    /// A hearing in the event's case, the volunteer vera its monitor, with
    /// vera's report and its attachment.
    pub hearing: i64,
    pub monitoring_attachment: i64,
    /// The secret of vera's private calendar feed.
    pub feed_token: String,
    pub assembly: i64,
    /// A staged list with one row.
    pub staging: i64,
    /// A published newsletter issue (id and public number).
    pub newsletter_issue: i64,
    pub newsletter_number: i64,
    /// An appeal open for signatures (by the editor edna).
    pub appeal: i64,
    pub user_ids: HashMap<&'static str, i64>,
    pub visitors: Vec<Visitor>,
}

/// A small real PNG (4×4 pixels).
pub fn png_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4, 4, |x, y| image::Rgb([x as u8 * 60, y as u8 * 60, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub async fn submit_report(
    app: &TestApp,
    c: &reqwest::Client,
    token: &str,
    what: &str,
    file: (&str, Vec<u8>),
) -> i64 {
    let form = reqwest::multipart::Form::new()
        .text("csrf", token.to_string())
        .text("what", what.to_string())
        .text("when", "2022-01-06".to_string())
        .text("place", "kz-zhanaozen".to_string())
        .text("who", "Бекижан Мендыгазиев".to_string())
        .text("consent", "public".to_string())
        .part(
            "attachments",
            reqwest::multipart::Part::bytes(file.1).file_name(file.0.to_string()),
        );
    let r = c
        .post(app.url("/reports"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "report saved on {}", app.backend);
    location(&r)
        .trim_start_matches("/reports/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

pub async fn seed_world(app: &TestApp) -> World {
    let person = app.seed_register().await;
    let sha256 = app.store.documents().await.unwrap()[0].sha256.clone();
    let accounts = [
        ("vera", UserRole::Volunteer),
        ("alan", UserRole::Analyst),
        ("edna", UserRole::Editor),
        ("root", UserRole::Admin),
        ("pat", UserRole::Analyst),
    ];
    let mut user_ids = HashMap::new();
    for (name, role) in accounts {
        user_ids.insert(name, app.add_user(name, role).await);
    }
    let mut visitors = Vec::new();
    let mut analyst = None;
    for (name, role) in &accounts[..4] {
        let (c, token) = login(app, name).await;
        let report = submit_report(
            app,
            &c,
            &token,
            &format!("Report by {name}"),
            ("photo.png", png_bytes()),
        )
        .await;
        let attachment = app.store.report(report).await.unwrap().unwrap().attachments[0].id;
        if *role == UserRole::Analyst {
            analyst = Some((c.clone(), token.clone(), report));
        }
        visitors.push(Visitor {
            who: Who::Role(*role),
            client: c,
            report,
            attachment,
        });
    }
    let (alan, token, report) = analyst.unwrap();
    let r = alan
        .post(app.url("/events"))
        .form(&[
            ("csrf", token.as_str()),
            ("event_type", "detention"),
            ("date", "2022-01-06"),
            ("place", "kz-zhanaozen"),
            ("description", "Detained outside his home"),
            ("verification", "corroborated"),
            ("p0_role", "victim"),
            ("p0_person", person.as_str()),
            ("source_report", &report.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "event saved on {}", app.backend);
    let event: i64 = location(&r)
        .trim_start_matches("/events/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let source = app.store.event(event).await.unwrap().unwrap().sources[0].id;
    let (hearing, monitoring_attachment, feed_token, assembly) =
        seed_trials(app, event, user_ids["alan"], user_ids["vera"]).await;
    let staging = kuager_register::staging::import_staging(
        &app.store,
        Some(user_ids["alan"]),
        "world-list.csv",
        "ФИО;Город\nМендыгазиев Бекижан;Жанаозен\n".as_bytes(),
        &kuager_register::staging::StagingOptions {
            citation: "A list for the tests".into(),
            ..Default::default()
        },
    )
    .await
    .expect("stage a list")
    .import
    .id;
    let newsletter_issue = app
        .store
        .add_newsletter_issue(
            user_ids["edna"],
            &kuager_store::IssueDraft {
                language: "en".into(),
                period_start: kuager_case::Day::parse_iso("2022-01-01").unwrap(),
                period_end: kuager_case::Day::parse_iso("2022-01-31").unwrap(),
                title: "January".into(),
                introduction: "A test issue.".into(),
            },
            &[],
        )
        .await
        .unwrap();
    let newsletter_number = app
        .store
        .publish_newsletter_issue(user_ids["edna"], newsletter_issue, 1)
        .await
        .unwrap();
    let appeal = app
        .store
        .add_appeal(
            user_ids["edna"],
            &kuager_case::AppealDraft {
                title: "Open letter on the Zhanaozen detentions".into(),
                addressees: "Office for Democratic Institutions and Human Rights".into(),
                language: "en".into(),
                body: "We ask you to *observe* the trials.".into(),
            },
        )
        .await
        .unwrap();
    app.store
        .set_appeal_state(user_ids["edna"], appeal, kuager_case::AppealState::Open)
        .await
        .unwrap();
    // pat enrols, then a second client gives only the password.
    login(app, "pat").await;
    let pending = client();
    let r = password_step(app, &pending, "pat", PASSWORD).await;
    assert_eq!(location(&r), "/login/code");
    let (vera_report, vera_attachment) = (visitors[0].report, visitors[0].attachment);
    visitors.insert(
        0,
        Visitor {
            who: Who::Pending,
            client: pending,
            report: vera_report,
            attachment: vera_attachment,
        },
    );
    visitors.insert(
        0,
        Visitor {
            who: Who::Anonymous,
            client: client(),
            report: vera_report,
            attachment: vera_attachment,
        },
    );
    World {
        person,
        sha256,
        event,
        source,
        hearing,
        monitoring_attachment,
        feed_token,
        assembly,
        staging,
        newsletter_issue,
        newsletter_number,
        appeal,
        user_ids,
        visitors,
    }
}

/// A hearing (monitor: `monitor`) with a filed report and attachment, the
/// monitor's private feed, and an assembly refusal.
pub async fn seed_trials(
    app: &TestApp,
    event: i64,
    analyst: i64,
    monitor: i64,
) -> (i64, i64, String, i64) {
    use kuager_case::*;
    let hearing = app
        .store
        .add_hearing(
            analyst,
            &HearingDraft {
                event_id: event,
                court: "Zhanaozen City Court".into(),
                judge: "Judge Petrov".into(),
                place_key: Some("kz-zhanaozen".into()),
                courtroom: "Room 2".into(),
                at: HearingTime::parse("2099-03-10 10:00").unwrap(),
                hearing_type: HearingType::Merits,
                access: HearingAccess::Open,
            },
        )
        .await
        .unwrap();
    app.store
        .set_hearing_monitor(analyst, hearing, monitor, true)
        .await
        .unwrap();
    let answers = FairTrialStandard::ALL
        .iter()
        .map(|s| (*s, ChecklistAnswer::Unclear))
        .collect();
    let (report, _) = app
        .store
        .file_monitoring_report(
            monitor,
            hearing,
            &MonitoringDraft {
                took_place: true,
                answers,
                notes: "Seen from the back row".into(),
                next_hearing: None,
            },
            None,
            &[kuager_store::NewAttachment {
                file_name: "room.png".into(),
                content_type: "image/png".into(),
                bytes: png_bytes(),
            }],
        )
        .await
        .unwrap();
    let attachment = app
        .store
        .monitoring_report(report)
        .await
        .unwrap()
        .unwrap()
        .attachments[0]
        .id;
    let token = kuager_web::ctx::random_token();
    app.store
        .issue_calendar_feed(Some(monitor), monitor, &kuager_web::ctx::token_hash(&token))
        .await
        .unwrap();
    let assembly = app
        .store
        .add_assembly(
            analyst,
            &AssemblyDraft {
                organiser_kind: OrganiserKind::Group,
                organiser: "Oyan, Qazaqstan".into(),
                place_key: "kz-almaty".into(),
                place_detail: String::new(),
                date: Day::new(2024, 6, 1).unwrap(),
                purpose: "Against the law on assemblies".into(),
                expected: None,
                answer: AssemblyAnswer::Refused,
                refusal_reason: Some(RefusalReason::Repairs),
                refusal_detail: String::new(),
                outcome: None,
            },
        )
        .await
        .unwrap();
    (hearing, attachment, token, assembly)
}

/// True when `page` shows message `id` in any of the languages.
pub fn shows(page: &str, id: &str) -> bool {
    kuager_i18n::Locale::ALL
        .iter()
        .any(|l| page.contains(&kuager_i18n::tr(*l, id)))
}
