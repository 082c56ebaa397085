//! The list-linkage review queue through HTTP, on both backends: an
//! uncertain pair of list records is shown with its evidence, and an
//! analyst's decision is stored and applied by the next linkage.

mod common;

use common::{apps, login};
use kuager_case::UserRole;
use kuager_register::lists::{import_list, link, ImportOptions};
use kuager_store::lists::REGISTER_LIST;
use std::sync::Arc;

// Two records that may be one man: same surname and given name, no
// patronymic on one side, birth years one apart, cities in one region.
const A: &str = "record_id,full_name,birth_year,city\nA-1,Ерлан Турсынов,1988,Жанаозен\nA-2,Марат Жумабеков,1970,Алматы\n";
const B: &str = "record_id,full_name,birth_year,city\nB-1,Yerlan Tursynov,1989,Aktau\nB-2,Aigerim Kalieva,1999,Almaty\n";

async fn import(app: &common::TestApp, name: &str, text: &str) {
    let options = ImportOptions {
        name: name.into(),
        ..ImportOptions::default()
    };
    import_list(
        &app.store,
        None,
        &format!("{name}.csv"),
        text.as_bytes(),
        &options,
    )
    .await
    .expect("import");
}

#[tokio::test(flavor = "multi_thread")]
async fn analysts_decide_uncertain_list_pairs() {
    for app in apps().await {
        import(&app, "local", A).await;
        import(&app, "abroad", B).await;
        let options = kuager_linkage::LinkOptions {
            // Everything that is not certain is asked about.
            merge_at: 0.999_999,
            review_at: 0.000_001,
            u_sample: 10_000,
            ..kuager_linkage::LinkOptions::default()
        };
        link(&app.store, &options, Arc::new(kuager_linkage::Silent))
            .await
            .expect("link");
        let pairs = app.store.link_review(10).await.expect("review");
        let pair = pairs
            .iter()
            .find(|p| p.a.1 == "A-1" || p.b.1 == "A-1")
            .expect("the Tursynov pair is queued");
        assert!(pair.a.0 != REGISTER_LIST);

        app.add_user("alan", UserRole::Analyst).await;
        let (alan, token) = login(&app, "alan").await;
        let page = alan
            .get(app.url("/review/lists"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        assert!(page.contains("Yerlan Tursynov"), "{}", app.backend);
        assert!(page.contains("Ерлан Турсынов"));
        let (a, b) = (
            format!("{}:{}", pair.a.0, pair.a.1),
            format!("{}:{}", pair.b.0, pair.b.1),
        );
        // A forged record name is refused, nothing stored.
        let r = alan
            .post(app.url("/review/lists"))
            .form(&[
                ("csrf", token.as_str()),
                ("a", a.as_str()),
                ("b", "abroad:B-404"),
                ("decision", "same"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 404);
        assert!(app.store.link_decisions().await.expect("d").is_empty());

        let r = alan
            .post(app.url("/review/lists"))
            .form(&[
                ("csrf", token.as_str()),
                ("a", a.as_str()),
                ("b", b.as_str()),
                ("decision", "same"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 303);
        let decisions = app.store.link_decisions().await.expect("decisions");
        assert_eq!(decisions.len(), 1);
        assert!(decisions[0].same);
        // The decided pair leaves the queue, and the next run obeys it.
        let page = alan
            .get(app.url("/review/lists"))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        assert!(!page.contains("Yerlan Tursynov"), "{}", app.backend);
        link(&app.store, &options, Arc::new(kuager_linkage::Silent))
            .await
            .expect("relink");
        let linkage = app.store.linkage().await.expect("linkage");
        let person = |id: &str| {
            linkage
                .iter()
                .find(|x| x.record_id == id)
                .map(|x| x.person.clone())
                .expect("assigned")
        };
        assert_eq!(person("A-1"), person("B-1"));
        assert_ne!(person("A-2"), person("B-2"));
    }
}
