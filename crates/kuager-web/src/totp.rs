//! The second factor: time-based one-time passwords (RFC 6238) as every
//! authenticator app makes them: HMAC-SHA-1, 6 digits, 30-second steps.
//!
//! The secret is 160 random bits, shown to the user once while enrolling
//! (as base32 text, an `otpauth://` URI and a QR code served by the app
//! itself) and stored sealed. A code is accepted for the step before, the
//! current one and the one after (clock drift), and only for a step later
//! than the last accepted one, so a code cannot be used twice.

use totp_rs::{Algorithm, Secret, TOTP};

/// Step length in seconds.
pub const STEP: u64 = 30;
pub const DIGITS: usize = 6;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Kuager";

/// A new random secret, base32 (RFC 4648, no padding).
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // A colon separates issuer and account in the URI: none in the name.
    let account: String = account
        .chars()
        .map(|c| if c == ':' { '_' } else { c })
        .collect();
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP,
        bytes,
        Some(ISSUER.to_string()),
        account,
    )
    .ok()
}

/// The `otpauth://totp/...` URI authenticator apps read.
pub fn uri(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The QR code of [`uri`] as a PNG image.
pub fn qr_png(secret: &str, account: &str) -> Option<Vec<u8>> {
    totp(secret, account).and_then(|t| t.get_qr_png().ok())
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The code for time `unix_secs`.
pub fn code_at(secret: &str, unix_secs: u64) -> Option<String> {
    totp(secret, "").map(|t| t.generate(unix_secs))
}

/// The time step (`unix_secs / 30`, one before to one after) whose code
/// `code` is, if any. Spaces in the typed code are ignored; comparison is
/// in constant time.
pub fn matching_step(secret: &str, code: &str, unix_secs: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "")?;
    let now = unix_secs / STEP;
    let mut found = None;
    for step in [now.saturating_sub(1), now, now + 1] {
        let expected = t.generate(step * STEP);
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && found.is_none() {
            found = Some(step);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vector() {
        // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s.
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        let t = TOTP::new(
            Algorithm::SHA1,
            8,
            1,
            30,
            Secret::Encoded(secret.clone()).to_bytes().unwrap(),
            None,
            String::new(),
        )
        .unwrap();
        assert_eq!(t.generate(59), "94287082");
        // Six digits are the last six.
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(matching_step(&secret, "287 082", 59), Some(1));
        assert_eq!(matching_step(&secret, "287082", 59 + 30), Some(1));
        assert_eq!(matching_step(&secret, "287082", 59 + 90), None);
        assert_eq!(matching_step(&secret, "28708", 59), None);
    }

    #[test]
    fn secrets_are_random_base32_and_make_a_uri_and_qr() {
        let a = new_secret();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_secret());
        let uri = uri(&a, "alan:x").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Kuager:alan_x?secret="),
            "{uri}"
        );
        assert!(uri.contains(&a));
        let png = qr_png(&a, "alan").unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}
