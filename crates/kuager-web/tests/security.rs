//! Strict access over real HTTP on SQLite and PostgreSQL: the second
//! factor (enrolment, wrong and replayed codes, half-open sessions), the
//! login backoff, sessions that can be listed and cut off, password
//! changes, the audit of all of it, security headers, and attachments with
//! their evidence hash and a copy without metadata.

mod common;

use common::*;
use kuager_case::UserRole;

fn actions(audit: &[kuager_store::AuditRecord]) -> Vec<&str> {
    audit.iter().map(|a| a.action.as_str()).collect()
}

/// A six-digit code that is none of the codes around now.
fn wrong_code(secret: &str) -> String {
    let now = unix_now() / 30;
    let valid: Vec<String> = (now - 2..=now + 2).map(|s| totp_code(secret, s)).collect();
    (0..)
        .map(|n| format!("{:06}", (n * 7919) % 1_000_000))
        .find(|c| !valid.contains(c))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn analysts_set_up_a_second_factor_and_each_code_works_once() {
    for app in apps().await {
        let id = app.add_user("alan", UserRole::Analyst).await;
        let c = client();
        let r = password_step(&app, &c, "alan", PASSWORD).await;
        assert_eq!(
            (r.status().as_u16(), location(&r).as_str()),
            (303, "/account/totp"),
            "an analyst without a second factor is sent to set one up on {}",
            app.backend
        );

        // The half-open session reaches nothing else.
        for path in [
            "/",
            "/intake",
            "/account",
            "/reports",
            "/admin/users",
            "/login/code",
        ] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(
                (r.status().as_u16(), location(&r).as_str()),
                (303, "/account/totp"),
                "GET {path} before the second factor"
            );
        }

        // The enrolment page: the secret as text, as an otpauth URI, as a QR code.
        let page = get_text(&c, app.url("/account/totp")).await;
        let secret = text_of_id(&page, "totp-secret").unwrap();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        assert!(page.contains(&format!(
            "otpauth://totp/Kuager:alan?secret={secret}&amp;issuer=Kuager"
        )));
        assert!(page.contains("src=\"/account/totp/qr.png\""));
        let token = csrf(&page);
        let r = c
            .post(app.url("/events"))
            .form(&[("csrf", token.as_str()), ("event_type", "detention")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/account/totp", "nor can it post");
        let qr = c.get(app.url("/account/totp/qr.png")).send().await.unwrap();
        assert_eq!(qr.status(), 200);
        assert_eq!(qr.headers()["content-type"], "image/png");
        let png = qr.bytes().await.unwrap();
        let decoded = image::load_from_memory(&png).expect("a PNG image");
        assert!(decoded.width() >= 21, "a QR code");
        // The same secret on reload, stored sealed and opened by the store.
        assert_eq!(
            text_of_id(&get_text(&c, app.url("/account/totp")).await, "totp-secret").unwrap(),
            secret
        );
        let stored = app.store.login_account(id).await.unwrap().unwrap();
        assert_eq!(stored.totp_secret.as_deref(), Some(secret.as_str()));
        assert!(!stored.totp_enabled());

        // A wrong code is refused; the right one opens the session.
        let r = c
            .post(app.url("/account/totp"))
            .form(&[
                ("csrf", token.as_str()),
                ("code", wrong_code(&secret).as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(shows(&r.text().await.unwrap(), "error-totp-code"));
        let r = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&r), "/account/totp", "still half open");
        let step = unix_now() / 30;
        let enrol_code = totp_code(&secret, step);
        let r = c
            .post(app.url("/account/totp"))
            .form(&[("csrf", token.as_str()), ("code", enrol_code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, "/"));
        app.note_enrolment("alan", &secret, step);
        let r = c.get(app.url("/intake")).send().await.unwrap();
        assert_eq!(r.status(), 200, "fully logged in on {}", app.backend);
        let account = get_text(&c, app.url("/account")).await;
        assert!(!account.contains(&secret), "the secret is not shown again");
        let r = c.get(app.url("/account/totp/qr.png")).send().await.unwrap();
        assert_eq!(r.status(), 404, "nor its QR code");

        // The next login asks for a code; the code used to enrol is spent.
        let c2 = client();
        let r = password_step(&app, &c2, "alan", PASSWORD).await;
        assert_eq!(location(&r), "/login/code");
        let page = get_text(&c2, app.url("/login/code")).await;
        let token2 = csrf(&page);
        let r = c2
            .post(app.url("/login/code"))
            .form(&[("csrf", token2.as_str()), ("code", enrol_code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "a replayed code is refused");
        let r = c2.get(app.url("/intake")).send().await.unwrap();
        assert_eq!(location(&r), "/login/code");
        let fresh = app.next_code("alan").await;
        let r = c2
            .post(app.url("/login/code"))
            .form(&[("csrf", token2.as_str()), ("code", fresh.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, "/"));
        // The same fresh code once more, from a third login: refused.
        let c3 = client();
        password_step(&app, &c3, "alan", PASSWORD).await;
        let page = get_text(&c3, app.url("/login/code")).await;
        let r = c3
            .post(app.url("/login/code"))
            .form(&[("csrf", csrf(&page).as_str()), ("code", fresh.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "a code is good once");

        let log = app.store.audit_of("user", &id.to_string()).await.unwrap();
        let log = actions(&log);
        for action in [
            "login-password",
            "totp-enrol-failed",
            "totp-enrol",
            "login",
            "login-code-failed",
        ] {
            assert!(log.contains(&action), "{action} audited: {log:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_attempts_pause_the_account_without_telling_who_exists() {
    for app in apps().await {
        let vid = app.add_user("vera", UserRole::Volunteer).await;
        let c = client();
        for n in 0..5 {
            let r = password_step(&app, &c, "vera", "not the password").await;
            assert_eq!(r.status(), 401, "attempt {n} on {}", app.backend);
        }
        let account = app.store.login_account(vid).await.unwrap().unwrap();
        assert_eq!(account.failed_logins, 5);
        assert!(account.locked_until.is_some(), "paused after five failures");
        // Now even the right password is refused, with the same answer an
        // unknown name gets.
        let locked = password_step(&app, &c, "vera", PASSWORD).await;
        assert_eq!(locked.status(), 401);
        let locked = locked.text().await.unwrap();
        let unknown = password_step(&app, &c, "nobody", PASSWORD).await;
        assert_eq!(unknown.status(), 401);
        let unknown = unknown.text().await.unwrap();
        assert!(shows(&locked, "error-login-failed") && shows(&unknown, "error-login-failed"));
        let strip = |page: &str| page.replace("vera", "").replace("nobody", "");
        assert_eq!(
            strip(&locked).len(),
            strip(&unknown).len(),
            "the same page for a paused account and an unknown name"
        );
        let log = actions(&app.store.audit_of("user", &vid.to_string()).await.unwrap()).join(" ");
        assert!(
            log.contains("login-failed") && log.contains("login-refused"),
            "{log}"
        );
        let anonymous = app.store.audit_of("user", "").await.unwrap();
        assert!(
            actions(&anonymous).contains(&"login-failed"),
            "failures of unknown names are audited without the name"
        );
        let everything = format!("{:?}", app.store.audit_recent(100).await.unwrap());
        assert!(!everything.contains("not the password") && !everything.contains("nobody"));
        // When the pause is over, the right password works and the count restarts.
        app.store
            .lock_logins(vid, "2000-01-01T00:00:00.000Z")
            .await
            .unwrap();
        login(&app, "vera").await;
        assert_eq!(
            app.store
                .login_account(vid)
                .await
                .unwrap()
                .unwrap()
                .failed_logins,
            0
        );

        // Wrong codes count too.
        let aid = app.add_user("alan", UserRole::Analyst).await;
        login(&app, "alan").await;
        let secret = app.totp_secret("alan").unwrap();
        let c = client();
        password_step(&app, &c, "alan", PASSWORD).await;
        let page = get_text(&c, app.url("/login/code")).await;
        let token = csrf(&page);
        for _ in 0..5 {
            let r = c
                .post(app.url("/login/code"))
                .form(&[
                    ("csrf", token.as_str()),
                    ("code", wrong_code(&secret).as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401);
        }
        let code = app.next_code("alan").await;
        let r = c
            .post(app.url("/login/code"))
            .form(&[("csrf", token.as_str()), ("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "paused after five wrong codes");
        assert!(shows(&r.text().await.unwrap(), "error-login-paused"));
        assert!(app
            .store
            .login_account(aid)
            .await
            .unwrap()
            .unwrap()
            .locked_until
            .is_some());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_are_listed_and_cut_off() {
    const FIREFOX_ANDROID: &str =
        "Mozilla/5.0 (Android 13; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0";
    for app in apps().await {
        let root_id = app.add_user("root", UserRole::Admin).await;
        let vid = app.add_user("vera", UserRole::Volunteer).await;
        let aid = app.add_user("alan", UserRole::Analyst).await;
        let (laptop, token) = login(&app, "vera").await;
        let phone = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(FIREFOX_ANDROID)
            .build()
            .unwrap();
        let r = password_step(&app, &phone, "vera", PASSWORD).await;
        assert_eq!(location(&r), "/");

        // The user's own list: coarse browser, never an address.
        let page = get_text(&laptop, app.url("/account")).await;
        assert!(page.contains("Firefox · Android"), "{}", app.backend);
        assert!(!page.contains("127.0.0.1"));
        assert_eq!(page.matches("name=\"session\"").count(), 2);
        let phone_row = page
            .split("<tr>")
            .find(|row| row.contains("Firefox"))
            .unwrap();
        let handle = phone_row
            .split("name=\"session\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let r = laptop
            .post(app.url("/account/sessions/end"))
            .form(&[("csrf", token.as_str()), ("session", handle)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/account?done=session-ended");
        let r = phone.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&r), "/login", "the phone is logged out");
        let r = laptop.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 200, "the laptop is not");

        // An admin cuts off all of a user's sessions in one click.
        let (root, rtoken) = login(&app, "root").await;
        let users = get_text(&root, app.url("/admin/users")).await;
        assert!(users.contains(&format!("action=\"/admin/users/{vid}/sessions\"")));
        let r = root
            .post(app.url(&format!("/admin/users/{vid}/sessions")))
            .form(&[("csrf", rtoken.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/admin/users?done=sessions-ended");
        let r = laptop.get(app.url("/reports")).send().await.unwrap();
        assert_eq!(location(&r), "/login", "the next request goes to login");

        // A lost phone: the admin resets an analyst's second factor; the
        // analyst's sessions end and the next login sets up a new one.
        let (alan, _) = login(&app, "alan").await;
        let r = root
            .post(app.url(&format!("/admin/users/{aid}/totp")))
            .form(&[("csrf", rtoken.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/admin/users?done=totp-reset");
        let r = alan.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&r), "/login");
        let r = password_step(&app, &client(), "alan", PASSWORD).await;
        assert_eq!(location(&r), "/account/totp");

        // A role change ends the sessions too.
        let (vera, _) = login(&app, "vera").await;
        let version = app.store.user(vid).await.unwrap().unwrap().version;
        let r = root
            .post(app.url(&format!("/admin/users/{vid}")))
            .form(&[
                ("csrf", rtoken.as_str()),
                ("version", version.to_string().as_str()),
                ("role", "analyst"),
                ("active", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = vera.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&r), "/login");

        let vera_log =
            actions(&app.store.audit_of("user", &vid.to_string()).await.unwrap()).join(" ");
        for action in ["end-session", "end-sessions", "role"] {
            assert!(vera_log.contains(action), "{action}: {vera_log}");
        }
        let alan_log = app.store.audit_of("user", &aid.to_string()).await.unwrap();
        let reset = alan_log.iter().find(|a| a.action == "totp-reset").unwrap();
        assert_eq!(reset.user_id, Some(root_id), "who reset it is recorded");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn users_change_their_password_and_their_other_sessions_end() {
    const NEW: &str = "another long passphrase";
    for app in apps().await {
        let vid = app.add_user("vera", UserRole::Volunteer).await;
        let (a, token) = login(&app, "vera").await;
        let (b, _) = login(&app, "vera").await;
        let change = |current: &str, new: &str, repeat: &str| {
            vec![
                ("csrf".to_string(), token.clone()),
                ("current".to_string(), current.to_string()),
                ("new".to_string(), new.to_string()),
                ("repeat".to_string(), repeat.to_string()),
            ]
        };
        for (form, why) in [
            (change("wrong password", NEW, NEW), "wrong current password"),
            (change(PASSWORD, NEW, "something else"), "the two differ"),
            (change(PASSWORD, "short", "short"), "too short"),
        ] {
            let r = a
                .post(app.url("/account/password"))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422, "{why} on {}", app.backend);
        }
        let r = a
            .post(app.url("/account/password"))
            .form(&change(PASSWORD, NEW, NEW))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/account?done=password-changed");
        assert_eq!(a.get(app.url("/")).send().await.unwrap().status(), 200);
        let r = b.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&r), "/login", "the other session ended");
        let r = password_step(&app, &client(), "vera", PASSWORD).await;
        assert_eq!(r.status(), 401, "the old password no longer works");
        let r = password_step(&app, &client(), "vera", NEW).await;
        assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, "/"));
        let log = app.store.audit_of("user", &vid.to_string()).await.unwrap();
        let password = log.iter().find(|a| a.action == "password").unwrap();
        assert_eq!(password.user_id, Some(vid));
        assert!(!format!("{log:?}").contains("argon2"), "no hash in the log");
        assert!(app
            .store
            .login_account(vid)
            .await
            .unwrap()
            .unwrap()
            .password_changed_at
            .is_some());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn volunteers_may_set_up_a_second_factor_by_choice() {
    for app in apps().await {
        app.add_user("vera", UserRole::Volunteer).await;
        let (c, _) = login(&app, "vera").await;
        let account = get_text(&c, app.url("/account")).await;
        assert!(account.contains("href=\"/account/totp\""));
        let r = enrol(&app, &c, "vera").await;
        assert_eq!(location(&r), "/account?done=totp-enabled");
        assert_eq!(c.get(app.url("/")).send().await.unwrap().status(), 200);
        // From now on vera's logins ask for the code.
        let r = password_step(&app, &client(), "vera", PASSWORD).await;
        assert_eq!(location(&r), "/login/code", "{}", app.backend);
        login(&app, "vera").await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn responses_carry_the_security_headers() {
    for secure in [false, true] {
        let config = kuager_web::Config {
            secure_cookies: secure,
            ..test_config()
        };
        for app in apps_with(config.clone()).await {
            let r = client().get(app.url("/login")).send().await.unwrap();
            let h = r.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("default-src 'self'"), "{csp}");
            assert!(csp.contains("frame-ancestors 'none'"));
            assert!(csp.contains("script-src 'none'"));
            assert!(!csp.contains("unsafe-inline") && !csp.contains("data:"));
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["referrer-policy"], "no-referrer");
            let cookie = h["set-cookie"].to_str().unwrap();
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
            if secure {
                assert_eq!(h["strict-transport-security"], "max-age=31536000");
                assert!(cookie.contains("Secure"));
            } else {
                assert!(h.get("strict-transport-security").is_none());
            }
        }
    }
}

/// A JPEG from a phone: with an EXIF block holding a GPS position.
fn jpeg_with_gps() -> (Vec<u8>, Vec<u8>) {
    use img_parts::jpeg::Jpeg;
    use img_parts::ImageEXIF;
    let img = image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([x as u8 * 30, y as u8 * 30, 7]));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    // A little-endian TIFF block whose only content is a marker standing
    // for the coordinates.
    let gps = b"GPS 43.2567N 76.9286E".to_vec();
    let mut exif = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    exif.extend_from_slice(&gps);
    let mut jpeg = Jpeg::from_bytes(plain.into_inner().into()).unwrap();
    jpeg.set_exif(Some(exif.into()));
    (jpeg.encoder().bytes().to_vec(), gps)
}

#[tokio::test(flavor = "multi_thread")]
async fn attachments_show_their_evidence_hash_and_analysts_get_copies_without_metadata() {
    use sha2::{Digest, Sha256};
    for app in apps().await {
        app.add_user("vera", UserRole::Volunteer).await;
        app.add_user("alan", UserRole::Analyst).await;
        let (vera, token) = login(&app, "vera").await;
        let (original, gps) = jpeg_with_gps();
        let report = submit_report(
            &app,
            &vera,
            &token,
            "Photo of the arrest",
            ("arrest.jpg", original.clone()),
        )
        .await;
        let attachment = app.store.report(report).await.unwrap().unwrap().attachments[0].id;
        let (alan, _) = login(&app, "alan").await;
        let page = get_text(&alan, app.url(&format!("/reports/{report}"))).await;
        assert!(
            shows(&page, "evidence-hash"),
            "labelled as the evidence hash"
        );
        let sha = hex::encode(Sha256::digest(&original));
        assert!(
            page.contains(&sha),
            "SHA-256 of the original bytes on {}",
            app.backend
        );
        assert!(page.contains(&format!("href=\"/attachments/{attachment}/clean\"")));

        let r = alan
            .get(app.url(&format!("/attachments/{attachment}")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.bytes().await.unwrap().as_ref(),
            original.as_slice(),
            "the original, unchanged"
        );
        let r = alan
            .get(app.url(&format!("/attachments/{attachment}/clean")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        let clean = r.bytes().await.unwrap();
        assert!(
            !clean.windows(gps.len()).any(|w| w == gps.as_slice()),
            "GPS removed"
        );
        assert!(original.windows(gps.len()).any(|w| w == gps.as_slice()));
        let decoded = image::load_from_memory(&clean).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (8, 8));
        let r = vera
            .get(app.url(&format!("/attachments/{attachment}/clean")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "the metadata-free copy is for analysts");
        let log = actions(
            &app.store
                .audit_of("attachment", &attachment.to_string())
                .await
                .unwrap(),
        )
        .join(" ");
        assert!(
            log.contains("export") && log.contains("export-clean"),
            "{log}"
        );
    }
}

/// The public transparency page shows the log's key and a signed tree head
/// that grows with each change and verifies with that key alone.
#[tokio::test(flavor = "multi_thread")]
async fn transparency_page_shows_the_key_and_a_verifiable_head() {
    for app in apps().await {
        let b = app.backend;
        let c = client();
        let page = get_text(&c, app.url("/transparency")).await;
        let key = text_of_id(&page, "log-public-key").expect("public key on the page");
        assert_eq!(key, app.store.log_public_key(), "{b}");
        let before = app.store.tree_head(None).await.unwrap().unwrap();
        app.seed_register().await;
        let after = app.store.tree_head(None).await.unwrap().unwrap();
        assert!(after.head.size > before.head.size, "{b}");
        let page = get_text(&c, app.url("/transparency")).await;
        assert!(
            page.contains(&after.head.root),
            "{b}: the latest root is shown"
        );
        let public = kuager_log::parse_public_key(&key).unwrap();
        kuager_log::verify_head(&after, &public).unwrap();
    }
}
