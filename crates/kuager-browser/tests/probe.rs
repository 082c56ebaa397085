use axum::{routing::get, Router, response::Html};
use fantoccini::Locator;
use kuager_browser::{Browser, Viewport};
use std::time::{Duration, Instant};

const PAGE: &str = r#"<!doctype html><html><head><meta charset=utf-8><meta name=viewport content="width=device-width"><title>Probe</title></head><body>
<form method=get action="/next"><input name=q id=q value="old"><button id=go>Go</button></form>
</body></html>"#;

#[tokio::test]
async fn probe() {
    let app = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/next", get(|| async { Html("<!doctype html><html><body><h1 id=n>next</h1></body></html>") }));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    let b = Browser::start(Viewport::Phone).await.unwrap();
    let c = b.client();
    c.goto(&format!("http://127.0.0.1:{}/", addr.port())).await.unwrap();
    macro_rules! probe { ($name:expr, $e:expr) => {{ let t = Instant::now(); let r = tokio::time::timeout(Duration::from_secs(15), $e).await; eprintln!("{:<28} {:?} -> {:?}", $name, t.elapsed(), r); }} }
    let go = c.find(Locator::Css("#go")).await.unwrap();
    probe!("rect", go.rectangle());
    probe!("click go", go.click());
    probe!("url", c.current_url());
    probe!("find root", c.find(Locator::Css(":root")));
    probe!("url", c.current_url());
    probe!("source", c.source());
}
