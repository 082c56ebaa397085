//! One access policy for every route and every visitor: every route of
//! the table is requested as an anonymous visitor, an analyst who has not
//! yet given the code, a volunteer, an analyst, an editor and an admin,
//! and the outcome must be the one the route's policy implies. A route
//! outside the table is refused to everyone.

mod common;

use common::*;
use kuager_case::UserRole;
use kuager_i18n::{tr, Locale};
use kuager_web::access::Policy;
use kuager_web::routes::{RouteSpec, Verb, ROUTES};

/// What the policy says `who` gets.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    Allowed,
    Login,
    Code,
    Forbidden,
}

fn expect(policy: Policy, who: Who) -> Expect {
    match (policy, who) {
        (Policy::Public, _) => Expect::Allowed,
        (_, Who::Anonymous) => Expect::Login,
        (Policy::SecondStep, _) => Expect::Allowed,
        (_, Who::Pending) => Expect::Code,
        (p, Who::Role(role)) => {
            if role.includes(p.role().expect("a role policy")) {
                Expect::Allowed
            } else {
                Expect::Forbidden
            }
        }
    }
}

/// The path of `route` with the world's ids for `visitor`.
fn concrete(route: &RouteSpec, world: &World, visitor: &Visitor) -> String {
    let value = match route.path {
        p if p.starts_with("/reports/") => visitor.report.to_string(),
        p if p.starts_with("/attachments/") => visitor.attachment.to_string(),
        p if p.starts_with("/events/") => world.event.to_string(),
        "/sources/{id}/delete" => world.source.to_string(),
        "/sources/{sha256}" => world.sha256.clone(),
        p if p.starts_with("/persons/") => world.person.clone(),
        p if p.starts_with("/hearings/") => world.hearing.to_string(),
        p if p.starts_with("/assemblies/") => world.assembly.to_string(),
        p if p.starts_with("/staging/") => world.staging.to_string(),
        "/monitoring-attachments/{id}" => world.monitoring_attachment.to_string(),
        p if p.starts_with("/appeals/confirm/") => "ab".repeat(32),
        p if p.starts_with("/appeals/") || p.starts_with("/editor/appeals/") => {
            world.appeal.to_string()
        }
        "/calendar/private/{token}" => world.feed_token.clone(),
        "/editor/newsletter/{id}"
        | "/editor/newsletter/{id}/publish"
        | "/editor/newsletter/{id}/send" => world.newsletter_issue.to_string(),
        "/newsletter/{number}" => world.newsletter_number.to_string(),
        // Tokens nobody holds: the pages answer "not found".
        "/newsletter/confirm/{token}" | "/newsletter/unsubscribe/{token}" => "0".repeat(64),
        p if p.starts_with("/admin/users/") => world.user_ids["vera"].to_string(),
        "/lang/{code}" => "en".into(),
        "/static/{file}" => "style.css".into(),
        // The public site: the world publishes nothing, so records are
        // not found (see `allowed_get`), lists and files are empty.
        "/lists/{list}" | "/api/v1/lists/{list}" => "persecuted".into(),
        "/data/{file}" => "persecuted.csv".into(),
        "/statistics/charts/{file}" => "map.png".into(),
        "/people/{handle}" | "/api/v1/people/{handle}" => world.person.clone(),
        "/api/v1/events/{id}" => world.event.to_string(),
        "/officials/{slug}" | "/api/v1/officials/{slug}" => "o-000000000000".into(),
        p => {
            assert!(route.params().is_empty(), "no sample value for {p}");
            String::new()
        }
    };
    route.example(&value)
}

/// The status an allowed GET must have (200 unless the page redirects a
/// visitor for whom it has nothing to do).
fn allowed_get(route: &RouteSpec, who: Who) -> (u16, Option<&'static str>) {
    let signed_in = matches!(who, Who::Role(_));
    let enrolled = matches!(who, Who::Role(r) if r.includes(UserRole::Analyst));
    match route.path {
        "/lang/{code}" => (303, Some("/")),
        "/login" if signed_in => (303, Some("/")),
        "/login/code" if signed_in => (303, Some("/")),
        "/account/totp" if enrolled => (303, Some("/account")),
        "/account/totp" if who == Who::Pending => (303, Some("/login/code")),
        // Only while setting up a second factor.
        "/account/totp/qr.png" if enrolled || who == Who::Pending => (404, None),
        // Nothing of the world is published: the public site does not
        // know its person, event or any official.
        "/people/{handle}"
        | "/api/v1/people/{handle}"
        | "/api/v1/events/{id}"
        | "/officials/{slug}"
        | "/api/v1/officials/{slug}" => (404, None),
        "/newsletter/confirm/{token}" | "/newsletter/unsubscribe/{token}" => (404, None),
        _ => (200, None),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_answers_every_visitor_as_its_policy_says() {
    let csrf_text = tr(Locale::En, "error-csrf");
    let forbidden_text = tr(Locale::En, "error-forbidden");
    for app in apps().await {
        let world = seed_world(&app).await;
        let mut checked = 0;
        for route in ROUTES {
            for visitor in &world.visitors {
                let path = concrete(route, &world, visitor);
                let what = format!(
                    "{} {path} as {} on {}",
                    route.verb.as_str(),
                    visitor.who.label(),
                    app.backend
                );
                let request = match route.verb {
                    Verb::Get => visitor.client.get(app.url(&path)),
                    // A wrong token: a request the policy lets through is
                    // refused by the handler's token check (and changes
                    // nothing); one it stops never reaches the handler.
                    Verb::Post if route.multipart => visitor.client.post(app.url(&path)).multipart(
                        reqwest::multipart::Form::new()
                            .text("csrf", "0".repeat(64))
                            .text("what", "x"),
                    ),
                    Verb::Post => visitor
                        .client
                        .post(app.url(&path))
                        .form(&[("csrf", "0".repeat(64))]),
                };
                let r = request
                    .header("accept-language", "en")
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let to = location(&r);
                let body = r.text().await.unwrap_or_default();
                match (expect(route.policy, visitor.who), route.verb) {
                    (Expect::Allowed, Verb::Get) => {
                        let (want, want_to) = allowed_get(route, visitor.who);
                        assert_eq!(status, want, "{what}: allowed");
                        if let Some(want_to) = want_to {
                            assert_eq!(to, want_to, "{what}");
                        }
                    }
                    (Expect::Allowed, Verb::Post) => {
                        assert_eq!(status, 403, "{what}: reaches the handler");
                        assert!(
                            body.contains(&csrf_text),
                            "{what}: refused by the token check, not by the policy"
                        );
                    }
                    (Expect::Login, _) => {
                        assert_eq!((status, to.as_str()), (303, "/login"), "{what}")
                    }
                    (Expect::Code, _) => {
                        assert_eq!((status, to.as_str()), (303, "/login/code"), "{what}")
                    }
                    (Expect::Forbidden, _) => {
                        assert_eq!(status, 403, "{what}: forbidden");
                        assert!(body.contains(&forbidden_text), "{what}");
                        assert!(!body.contains(&csrf_text), "{what}: stopped by the policy");
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, ROUTES.len() * 6);
        // Every visitor is still who they were: nothing logged anyone out.
        for visitor in &world.visitors {
            let r = visitor.client.get(app.url("/")).send().await.unwrap();
            let expected = match visitor.who {
                Who::Anonymous => 303,
                Who::Pending => 303,
                Who::Role(_) => 200,
            };
            assert_eq!(r.status(), expected, "{:?}", visitor.who);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_route_outside_the_policy_table_is_refused_to_everyone() {
    for db in kuager_store::testing::temp_databases().await {
        let app = TestApp::start_app(db, test_config(), |state| {
            let router = kuager_web::routes::router().route(
                "/unlisted",
                axum::routing::get(|| async { "secret handler output" }),
            );
            kuager_web::app_with_routes(router, state)
        })
        .await;
        app.add_user("root", UserRole::Admin).await;
        let (admin, _) = login(&app, "root").await;
        for c in [client(), admin] {
            let r = c.get(app.url("/unlisted")).send().await.unwrap();
            assert_eq!(r.status(), 403, "deny by default on {}", app.backend);
            assert!(!r.text().await.unwrap().contains("secret handler output"));
        }
    }
}

#[test]
fn the_table_lists_each_route_once_with_a_policy() {
    let mut seen = std::collections::HashSet::new();
    for r in ROUTES {
        assert!(r.path.starts_with('/'), "{r:?}");
        assert!(seen.insert((r.verb, r.path)), "listed twice: {r:?}");
        assert_eq!(
            kuager_web::routes::policy_of(r.verb, r.path),
            Some(r.policy),
            "{r:?}"
        );
    }
    assert_eq!(kuager_web::routes::policy_of(Verb::Get, "/unlisted"), None);
    // The administration is for admins only, whatever the method.
    for r in ROUTES.iter().filter(|r| r.path.starts_with("/admin")) {
        assert_eq!(r.policy, Policy::Admin, "{r:?}");
    }
}

/// The router is built from the table only: no source file adds a route,
/// nests or merges a router anywhere else, so no route can exist without a
/// policy.
#[test]
fn no_route_is_registered_outside_the_table() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut offenders = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for call in [
                    ".route(",
                    ".route_service(",
                    ".nest(",
                    ".nest_service(",
                    ".merge(",
                    ".fallback(",
                ] {
                    if code.contains(call)
                        && !code.contains("router.route(r.path, (r.handler)(r.verb.filter()))")
                    {
                        offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "routes registered outside routes::ROUTES: {offenders:#?}"
    );
}
