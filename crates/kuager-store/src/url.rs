//! Telling database URLs apart, and showing them without passwords.

use crate::{Backend, Result, StoreError};

/// Where to connect, as understood from what the user gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub backend: Backend,
    /// The URL handed to sqlx.
    pub connect_url: String,
    /// The URL as given, with any password masked: for messages.
    pub display: String,
    /// An SQLite in-memory database (must keep exactly one connection).
    pub in_memory: bool,
    /// The SQLite database file, if there is one.
    pub file: Option<std::path::PathBuf>,
}

pub(crate) fn parse(url: &str) -> Result<Target> {
    let display = redact(url);
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    if trimmed.is_empty() {
        return Err(StoreError::UnsupportedUrl { url: display });
    }
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok(Target {
            backend: Backend::Postgres,
            connect_url: trimmed.to_string(),
            display,
            in_memory: false,
            file: None,
        });
    }
    if lower.starts_with("sqlite:") {
        let rest = trimmed["sqlite:".len()..].trim_start_matches("//");
        let (database, params) = match rest.split_once('?') {
            Some((d, p)) => (d, Some(p)),
            None => (rest, None),
        };
        let has_mode = params.is_some_and(|p| p.split('&').any(|kv| kv.starts_with("mode=")));
        let in_memory = database == ":memory:"
            || params.is_some_and(|p| p.split('&').any(|kv| kv == "mode=memory"));
        if database.is_empty() && !in_memory {
            return Err(StoreError::UnsupportedUrl { url: display });
        }
        let connect_url = if in_memory || has_mode {
            trimmed.to_string()
        } else if params.is_some() {
            format!("{trimmed}&mode=rwc")
        } else {
            format!("{trimmed}?mode=rwc")
        };
        let file = (!in_memory).then(|| std::path::PathBuf::from(database));
        return Ok(Target {
            backend: Backend::Sqlite,
            connect_url,
            display,
            in_memory,
            file,
        });
    }
    if trimmed.contains("://") {
        return Err(StoreError::UnsupportedUrl { url: display });
    }
    // A plain file path. sqlx splits the URL at '?' and then percent-decodes
    // the file name, so escape the characters that would be misread.
    let mut encoded = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            '%' => encoded.push_str("%25"),
            '?' => encoded.push_str("%3F"),
            '#' => encoded.push_str("%23"),
            _ => encoded.push(c),
        }
    }
    Ok(Target {
        backend: Backend::Sqlite,
        connect_url: format!("sqlite://{encoded}?mode=rwc"),
        display: format!("sqlite://{trimmed}"),
        in_memory: false,
        file: Some(std::path::PathBuf::from(trimmed)),
    })
}

/// The URL with any password (in the user-info part or a `password=` query
/// parameter) replaced by `***`, so it can be shown in messages and logs.
pub(crate) fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut out = redact_userinfo(base);
    if let Some(query) = query {
        out.push('?');
        let params: Vec<String> = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        out.push_str(&params.join("&"));
    }
    out
}

fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let userinfo = &authority[..at];
    let Some(colon) = userinfo.find(':') else {
        return url.to_string();
    };
    format!(
        "{}{}:***{}",
        &url[..authority_start],
        &userinfo[..colon],
        &url[authority_start + at..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls() {
        let t = parse("sqlite://x.db").unwrap();
        assert_eq!(t.backend, Backend::Sqlite);
        assert_eq!(t.connect_url, "sqlite://x.db?mode=rwc");
        assert_eq!(t.display, "sqlite://x.db");
        assert!(!t.in_memory);

        let t = parse("sqlite://x.db?mode=ro").unwrap();
        assert_eq!(t.connect_url, "sqlite://x.db?mode=ro");

        let t = parse("sqlite::memory:").unwrap();
        assert!(t.in_memory);
        assert_eq!(t.connect_url, "sqlite::memory:");

        let t = parse("data/reg 1?.db").unwrap();
        assert_eq!(t.backend, Backend::Sqlite);
        assert_eq!(t.connect_url, "sqlite://data/reg 1%3F.db?mode=rwc");
        assert_eq!(t.display, "sqlite://data/reg 1?.db");

        let t = parse("/abs/path.db").unwrap();
        assert_eq!(t.connect_url, "sqlite:///abs/path.db?mode=rwc");

        let t = parse("postgresql://u:secret@h:5432/db").unwrap();
        assert_eq!(t.backend, Backend::Postgres);
        assert_eq!(t.display, "postgresql://u:***@h:5432/db");
        assert_eq!(t.connect_url, "postgresql://u:secret@h:5432/db");

        assert!(matches!(
            parse("mysql://h/db"),
            Err(StoreError::UnsupportedUrl { .. })
        ));
        assert!(matches!(
            parse("  "),
            Err(StoreError::UnsupportedUrl { .. })
        ));
    }

    #[test]
    fn redacts_only_passwords() {
        assert_eq!(
            redact("postgres://postgres@h/db"),
            "postgres://postgres@h/db"
        );
        assert_eq!(
            redact("postgres://a:b@h/db?x=1"),
            "postgres://a:***@h/db?x=1"
        );
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact("file.db"), "file.db");
        assert_eq!(
            redact("postgres://h/db?user=a&password=b&sslmode=require"),
            "postgres://h/db?user=a&password=***&sslmode=require"
        );
    }
}
