use axum::{response::Html, routing::get, Router};
use fantoccini::Locator;
use kuager_browser::{Browser, Viewport};
use std::time::Instant;

const PAGE: &str = r#"<!doctype html><html><head><meta charset=utf-8><title>Probe</title></head><body>
<p id=x>no js</p><noscript><p id=ns>noscript shown</p></noscript>
<p id=hidden style="display:none">hidden text</p>
<form method=get action="/next"><input name=q id=q value="old"><select id=s name=s><option value=a>A</option><option value=b>B</option></select>
<input type=checkbox id=cb name=cb><button id=go>Go</button></form>
<a id=link href="/next?from=link">link</a>
<script>document.body.dataset.js='on';document.getElementById('x').textContent='js ran'</script>
</body></html>"#;

#[tokio::test]
async fn probe() {
    let app = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route(
            "/next",
            get(|| async { Html("<!doctype html><html><body><h1 id=n>next</h1></body></html>") }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    let t = Instant::now();
    let b = Browser::start(Viewport::Desktop).await.unwrap();
    eprintln!("start: {:?}", t.elapsed());
    let c = b.client();
    let t = Instant::now();
    c.goto(&format!("http://127.0.0.1:{}/", addr.port()))
        .await
        .unwrap();
    eprintln!("goto: {:?}", t.elapsed());
    macro_rules! probe {
        ($name:expr, $e:expr) => {{
            let t = Instant::now();
            let r = $e;
            eprintln!("{:<28} {:?} -> {:?}", $name, t.elapsed(), r);
        }};
    }
    probe!("execute", c.execute("return 1+1", vec![]).await);
    probe!("source", c.source().await.map(|s| s.len()));
    probe!("title", c.title().await);
    let x = c.find(Locator::Css("#x")).await;
    probe!("find #x", x.as_ref().map(|e| e.element_id().to_string()));
    let x = x.unwrap();
    probe!("text #x", x.text().await);
    probe!("attr id", x.attr("id").await);
    probe!("prop textContent", x.prop("textContent").await);
    probe!("html", x.html(false).await);
    probe!("is_displayed", x.is_displayed().await);
    probe!("tag_name", x.tag_name().await);
    probe!("rect", x.rectangle().await);
    probe!("css_value", x.css_value("display").await);
    probe!(
        "text #hidden",
        c.find(Locator::Css("#hidden")).await.unwrap().text().await
    );
    probe!(
        "text #ns",
        c.find(Locator::Css("#ns"))
            .await
            .map(|e| e.element_id().to_string())
    );
    probe!(
        "body data-js",
        c.find(Locator::Css("body"))
            .await
            .unwrap()
            .attr("data-js")
            .await
    );
    probe!(
        "body text",
        c.find(Locator::Css("body")).await.unwrap().text().await
    );
    let q = c.find(Locator::Css("#q")).await.unwrap();
    probe!("clear", q.clear().await);
    probe!("send_keys", q.send_keys("Бекижан Мендыгазиев 🙂").await);
    probe!("prop value", q.prop("value").await);
    probe!(
        "select",
        c.find(Locator::Css("#s"))
            .await
            .unwrap()
            .select_by_value("b")
            .await
    );
    probe!(
        "checkbox click",
        c.find(Locator::Css("#cb")).await.unwrap().click().await
    );
    probe!(
        "is_selected",
        c.find(Locator::Css("#cb"))
            .await
            .unwrap()
            .is_selected()
            .await
    );
    probe!("screenshot", c.screenshot().await.map(|p| p.len()));
    let root1 = c.find(Locator::Css(":root")).await.unwrap();
    let root1b = c.find(Locator::Css(":root")).await.unwrap();
    eprintln!(
        "root ids same doc: {} {}",
        root1.element_id(),
        root1b.element_id()
    );
    probe!(
        "click go",
        c.find(Locator::Css("#go")).await.unwrap().click().await
    );
    probe!(
        "url after click",
        c.current_url().await.map(|u| u.to_string())
    );
    let root2 = c.find(Locator::Css(":root")).await.unwrap();
    eprintln!("root id new doc: {}", root2.element_id());
    probe!("stale tag_name", root1.tag_name().await);
    probe!("stale attr", root1.attr("lang").await);
    let out = std::process::Command::new("ps")
        .args(["-eo", "pid,ppid,pgid,sid,stat,comm"])
        .output()
        .unwrap();
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    drop(b);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let out = std::process::Command::new("ps")
        .args(["-eo", "pid,ppid,pgid,sid,stat,comm"])
        .output()
        .unwrap();
    eprintln!("AFTER DROP\n{}", String::from_utf8_lossy(&out.stdout));
}
