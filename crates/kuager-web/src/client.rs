//! What a session list says about the browser: a coarse summary such as
//! "Firefox/Android" taken from the User-Agent, enough for a user to tell
//! their phone from their laptop. No address and no version is kept.

/// `browser/system` from a User-Agent header, each part from a short list
/// or "other".
pub fn summarize(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") || ua.contains("Edge/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("YaBrowser/") {
        "Yandex Browser"
    } else if ua.contains("SamsungBrowser/") {
        "Samsung Internet"
    } else if ua.contains("Firefox/") || ua.contains("FxiOS/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.contains("curl/") || ua.contains("reqwest") {
        "program"
    } else {
        "other"
    };
    let system = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") || ua.contains("X11") {
        "Linux"
    } else {
        "other"
    };
    format!("{browser}/{system}")
}

/// The two parts of a stored summary.
pub fn parts(summary: &str) -> (&str, &str) {
    summary.split_once('/').unwrap_or(("other", "other"))
}

#[cfg(test)]
mod tests {
    use super::summarize;

    #[test]
    fn common_browsers() {
        assert_eq!(
            summarize("Mozilla/5.0 (Android 13; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0"),
            "Firefox/Android"
        );
        assert_eq!(
            summarize("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0"),
            "Edge/Windows"
        );
        assert_eq!(
            summarize("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
            "Safari/iOS"
        );
        assert_eq!(
            summarize("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
            "Chrome/Linux"
        );
        assert_eq!(summarize(""), "other/other");
    }
}
