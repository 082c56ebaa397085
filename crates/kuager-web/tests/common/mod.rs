//! A running Kuager web app on a loopback port over a throwaway database,
//! for the HTTP and browser tests.
#![allow(dead_code)]

use kuager_case::UserRole;
use kuager_store::testing::TempDb;
use kuager_store::Store;
use std::net::SocketAddr;

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub backend: &'static str,
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

impl TestApp {
    pub async fn start(db: TempDb, config: kuager_web::Config) -> TestApp {
        let store = db.open().await.expect("open the test database");
        let backend = store.backend().name();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let s = store.clone();
        let server = tokio::spawn(async move {
            let _ = kuager_web::serve_on(listener, s, config).await;
        });
        TestApp {
            addr,
            store,
            backend,
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

/// One test app per backend (SQLite always, PostgreSQL unless skipped).
pub async fn apps() -> Vec<TestApp> {
    apps_with(kuager_web::Config::default()).await
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

/// Logs in and returns the client and a csrf token for its session.
pub async fn login(app: &TestApp, name: &str) -> (reqwest::Client, String) {
    let c = client();
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", token.as_str()),
            ("name", name),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login of {name} on {}", app.backend);
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf(&home);
    (c, token)
}
