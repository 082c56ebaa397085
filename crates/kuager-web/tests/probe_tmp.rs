mod common;
use common::*;
use kuager_browser::{Browser, Viewport};
use kuager_case::UserRole;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn probe() {
    let db = kuager_store::testing::TempDb::sqlite();
    let app = TestApp::start(db, kuager_web::Config::default()).await;
    app.add_user("vera", UserRole::Volunteer).await;
    let b = Browser::start(Viewport::Phone).await.unwrap();
    b.goto(&app.url("/login")).await.unwrap();
    b.fill("#name", "vera").await.unwrap();
    b.fill("#password", PASSWORD).await.unwrap();
    eprintln!("filled");
    let el = b.find("form[action='/login'] button[type=submit]").await.unwrap();
    let r = tokio::time::timeout(Duration::from_secs(15), el.click()).await;
    eprintln!("click: {r:?}");
    let r = tokio::time::timeout(Duration::from_secs(5), b.current_url()).await;
    eprintln!("url: {r:?}");
    let r = tokio::time::timeout(Duration::from_secs(5), b.page_text()).await;
    eprintln!("text: {r:?}");
}
