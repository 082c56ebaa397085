//! Sending e-mail through the SMTP relay an organisation configures.
//!
//! Kuager sends two kinds of mail: newsletter issues (to confirmed
//! subscribers) and confirmation links (double opt-in for subscribers and
//! for signatories of an appeal). Both go through [`Mailer`], which speaks
//! SMTP to one relay with `lettre` and builds multipart messages (plain
//! text and HTML) with the headers mailing lists need (`List-Unsubscribe`,
//! `List-Unsubscribe-Post` for one-click unsubscribing, RFC 8058).
//!
//! The relay is given as a URL (see [`RelayConfig::parse`]). A relay on
//! another host must be reached over TLS: the state the users work in has
//! intercepted traffic, and subscriber addresses are what it would want.
//!
//! With the `sink` feature, [`sink::SmtpSink`] is a small SMTP server on
//! loopback that tests start to receive and read what was sent.

#[cfg(feature = "sink")]
pub mod sink;

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail relay `{url}`: {reason}")]
    Config { url: String, reason: String },
    #[error("address `{address}` of {field}: {reason}")]
    Address {
        field: &'static str,
        address: String,
        reason: String,
    },
    #[error("building the message to {to}: {reason}")]
    Build { to: String, reason: String },
    /// The relay refused the message or could not be reached. `permanent`:
    /// the relay said the message will never be accepted (a 5xx answer),
    /// so retrying is pointless.
    #[error("sending to {to}: {reason}")]
    Send {
        to: String,
        reason: String,
        permanent: bool,
    },
}

pub type Result<T> = std::result::Result<T, MailError>;

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain SMTP. Only accepted for a relay on loopback (a local MTA, or
    /// the sink of the tests).
    None,
    /// SMTP upgraded with STARTTLS (required, never opportunistic).
    StartTls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

/// Where and how to send.
#[derive(Clone, PartialEq, Eq)]
pub struct RelayConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
    /// The sender of every message (`Kuager <news@example.org>`).
    pub from: String,
}

impl std::fmt::Debug for RelayConfig {
    // Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|c| &c.0))
            .field("from", &self.from)
            .finish()
    }
}

impl RelayConfig {
    /// Reads a relay URL: `smtp://host[:port]` (plain, loopback only,
    /// port 25), `smtp+starttls://[user:password@]host[:port]` (port 587),
    /// `smtps://[user:password@]host[:port]` (port 465). User and password
    /// are percent-decoded.
    pub fn parse(url: &str, from: &str) -> Result<RelayConfig> {
        let fail = |reason: &str| MailError::Config {
            url: redact_url(url),
            reason: reason.to_string(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| fail("expected smtp://, smtp+starttls:// or smtps://"))?;
        let (security, default_port) = match scheme {
            "smtp" => (Security::None, 25),
            "smtp+starttls" => (Security::StartTls, 587),
            "smtps" => (Security::Tls, 465),
            _ => return Err(fail("expected smtp://, smtp+starttls:// or smtps://")),
        };
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let credentials = match userinfo {
            Some(u) => {
                let (user, password) = u
                    .split_once(':')
                    .ok_or_else(|| fail("credentials must be user:password"))?;
                Some((percent_decode(user), percent_decode(password)))
            }
            None => None,
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
                h,
                p.parse::<u16>()
                    .map_err(|_| fail("the port must be a number from 1 to 65535"))?,
            ),
            _ => (hostport, default_port),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(fail("no host"));
        }
        if security == Security::None && !is_loopback(host) {
            return Err(fail(
                "plain SMTP is only allowed to a relay on this machine (127.0.0.1, ::1, localhost); \
                 use smtp+starttls:// or smtps://",
            ));
        }
        if security == Security::None && credentials.is_some() {
            return Err(fail(
                "a password is never sent over plain SMTP; use smtp+starttls:// or smtps://",
            ));
        }
        from.parse::<Mailbox>().map_err(|e| MailError::Address {
            field: "the sender (from)",
            address: from.to_string(),
            reason: e.to_string(),
        })?;
        Ok(RelayConfig {
            host: host.to_string(),
            port,
            security,
            credentials,
            from: from.to_string(),
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The URL with any password replaced, for error messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    /// The plain-text part (always sent).
    pub text: String,
    /// The HTML part, if any: the message is then multipart/alternative.
    pub html: Option<String>,
    /// A Message-ID without angle brackets (`issue-3.sub-17@kuager`). The
    /// same message sent again carries the same id, so mail programs can
    /// tell a repeat from a new message.
    pub message_id: Option<String>,
    /// The one-click unsubscribe address (https URL) for the
    /// `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
    pub unsubscribe_url: Option<String>,
    /// A `mailto:` unsubscribe address, offered beside the URL.
    pub unsubscribe_mailto: Option<String>,
    /// `Content-Language` (`ru`, `kk`, `en`).
    pub language: Option<String>,
}

impl OutgoingMail {
    pub fn new(to: &str, subject: &str, text: &str) -> OutgoingMail {
        OutgoingMail {
            to: to.to_string(),
            subject: subject.to_string(),
            text: text.to_string(),
            html: None,
            message_id: None,
            unsubscribe_url: None,
            unsubscribe_mailto: None,
            language: None,
        }
    }

    /// The message as lettre builds it, from `from`.
    pub fn build(&self, from: &str) -> Result<Message> {
        let to: Mailbox = self
            .to
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address {
                field: "the recipient (to)",
                address: self.to.clone(),
                reason: e.to_string(),
            })?;
        let from: Mailbox =
            from.parse()
                .map_err(|e: lettre::address::AddressError| MailError::Address {
                    field: "the sender (from)",
                    address: from.to_string(),
                    reason: e.to_string(),
                })?;
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(self.subject.clone())
            .message_id(self.message_id.as_ref().map(|id| format!("<{id}>")));
        let mut targets = Vec::new();
        if let Some(mailto) = &self.unsubscribe_mailto {
            targets.push(format!("<{mailto}>"));
        }
        if let Some(url) = &self.unsubscribe_url {
            targets.push(format!("<{url}>"));
        }
        if !targets.is_empty() {
            builder = builder.header(ListUnsubscribe(targets.join(", ")));
        }
        if self.unsubscribe_url.is_some() {
            builder = builder.header(ListUnsubscribePost);
        }
        if let Some(lang) = &self.language {
            let tag = lang.trim();
            let ok = !tag.is_empty()
                && tag.len() <= 35
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return Err(MailError::Build {
                    to: self.to.clone(),
                    reason: format!("`{lang}` is not a language tag"),
                });
            }
            builder = builder.header(ContentLanguage(tag.to_string()));
        }
        let built = match &self.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                self.text.clone(),
                html.clone(),
            )),
            None => builder.singlepart(SinglePart::plain(self.text.clone())),
        };
        built.map_err(|e| MailError::Build {
            to: self.to.clone(),
            reason: e.to_string(),
        })
    }
}

/// Is `address` an e-mail address a message can be sent to? (What a form
/// checks before storing it.)
pub fn valid_address(address: &str) -> bool {
    address.trim().parse::<lettre::Address>().is_ok()
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `Content-Language` (lettre 0.11 has no typed header for it).
#[derive(Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// Sends messages through one relay; cheap to clone (connections are
/// pooled by lettre).
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    config: RelayConfig,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("config", &self.config)
            .finish()
    }
}

impl Mailer {
    pub fn new(config: RelayConfig) -> Result<Mailer> {
        let fail = |reason: String| MailError::Config {
            url: format!("{}:{}", config.host, config.port),
            reason,
        };
        let tls = || {
            TlsParameters::new(config.host.clone()).map_err(|e| fail(format!("TLS set-up: {e}")))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            .port(config.port)
            .timeout(Some(Duration::from_secs(30)));
        builder = match config.security {
            Security::None => builder.tls(Tls::None),
            Security::StartTls => builder.tls(Tls::Required(tls()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
        };
        if let Some((user, password)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            config,
        })
    }

    pub fn config(&self) -> &RelayConfig {
        &self.config
    }

    /// Sends one message; returns once the relay accepted it (its answer
    /// to the end of DATA).
    pub async fn send(&self, mail: &OutgoingMail) -> Result<()> {
        let message = mail.build(&self.config.from)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Send {
                to: mail.to.clone(),
                permanent: e.is_permanent(),
                reason: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls_are_read_with_their_defaults() {
        let c = RelayConfig::parse("smtp://127.0.0.1:2525", "Kuager <news@example.org>").unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.security),
            ("127.0.0.1", 2525, Security::None)
        );
        let c = RelayConfig::parse(
            "smtp+starttls://news%40example.org:p%3Ass@mail.example.org",
            "news@example.org",
        )
        .unwrap();
        assert_eq!(c.port, 587);
        assert_eq!(c.security, Security::StartTls);
        assert_eq!(
            c.credentials,
            Some(("news@example.org".to_string(), "p:ss".to_string()))
        );
        let c = RelayConfig::parse("smtps://mail.example.org", "news@example.org").unwrap();
        assert_eq!((c.port, c.security), (465, Security::Tls));
    }

    #[test]
    fn plain_smtp_to_another_host_and_bad_urls_are_refused() {
        let err = RelayConfig::parse("smtp://mail.example.org", "news@example.org").unwrap_err();
        assert!(
            err.to_string()
                .contains("only allowed to a relay on this machine"),
            "{err}"
        );
        let err = RelayConfig::parse("smtp://u:secret@127.0.0.1", "news@example.org").unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
        assert!(RelayConfig::parse("http://x", "news@example.org").is_err());
        assert!(RelayConfig::parse("smtps://h:99999", "news@example.org").is_err());
        let err = RelayConfig::parse("smtps://h", "not an address").unwrap_err();
        assert!(err.to_string().contains("sender"), "{err}");
    }

    #[test]
    fn debug_and_redaction_hide_the_password() {
        let c = RelayConfig::parse("smtps://u:hunter2@h", "news@example.org").unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(redact_url("smtps://u:hunter2@h:465"), "smtps://u:***@h:465");
    }

    #[test]
    fn a_message_carries_both_parts_and_the_list_headers() {
        let mut mail = OutgoingMail::new("reader@example.org", "Выпуск 3", "Текст");
        mail.html = Some("<p>Текст</p>".into());
        mail.message_id = Some("issue-3.sub-1@kuager".into());
        mail.unsubscribe_url = Some("https://example.org/newsletter/unsubscribe/abc".into());
        mail.language = Some("ru".into());
        let raw = String::from_utf8(mail.build("news@example.org").unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("List-Unsubscribe: <https://example.org/newsletter/unsubscribe/abc>"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("Message-ID: <issue-3.sub-1@kuager>"));
        assert!(raw.contains("Content-Language: ru"));
    }

    #[test]
    fn bad_recipients_are_named() {
        let mail = OutgoingMail::new("no at sign", "s", "t");
        let err = mail.build("news@example.org").unwrap_err();
        assert!(err.to_string().contains("no at sign"), "{err}");
        assert!(!valid_address("no at sign"));
        assert!(valid_address("reader@example.org"));
    }
}
