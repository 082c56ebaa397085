//! A small SMTP server on loopback for tests: it holds a real SMTP
//! conversation (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, QUIT),
//! keeps every message it accepted, and can be told to start refusing
//! (to test what a sender does when its relay fails half-way).

use mail_parser::MessageParser;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The envelope sender (MAIL FROM).
    pub from: String,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The message as sent (after dot-unstuffing), CRLF line ends.
    pub raw: String,
}

impl Received {
    fn parsed(&self) -> Option<mail_parser::Message<'_>> {
        MessageParser::default().parse(self.raw.as_bytes())
    }
    /// The decoded subject.
    pub fn subject(&self) -> Option<String> {
        self.parsed()?.subject().map(str::to_string)
    }
    /// The decoded plain-text part.
    pub fn text(&self) -> Option<String> {
        self.parsed()?.body_text(0).map(|t| t.into_owned())
    }
    /// The decoded HTML part.
    pub fn html(&self) -> Option<String> {
        self.parsed()?.body_html(0).map(|t| t.into_owned())
    }
    /// A header's value as sent (unfolded, not decoded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }
}

/// How the sink answers once it has accepted a number of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterLimit {
    /// "451 try again later" to every further message.
    Refuse,
    /// Drop the connection at the end of the next DATA without answering.
    Hang,
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    limit: AtomicUsize,
    mode: Mutex<Option<AfterLimit>>,
    /// Conversations still open: a client killed mid-send may have
    /// finished a message the sink has not stored yet.
    open: AtomicUsize,
}

/// A running sink; stops when dropped.
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// Starts on 127.0.0.1 on a free port.
    pub async fn start() -> std::io::Result<SmtpSink> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            limit: AtomicUsize::new(usize::MAX),
            ..Shared::default()
        });
        let for_task = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = for_task.clone();
                shared.open.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    // A broken conversation only ends that connection.
                    let _ = converse(stream, shared.clone()).await;
                    shared.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Ok(SmtpSink { addr, shared, task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The relay URL to configure the app with (`smtp://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// After `accepted` messages in all, behave as `mode` says.
    pub fn fail_after(&self, accepted: usize, mode: AfterLimit) {
        if let Ok(mut m) = self.shared.mode.lock() {
            *m = Some(mode);
        }
        self.shared.limit.store(accepted, Ordering::SeqCst);
    }

    /// Accept everything again.
    pub fn recover(&self) {
        self.shared.limit.store(usize::MAX, Ordering::SeqCst);
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        self.shared
            .messages
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// Waits (up to `timeout`) until no conversation is open, so every
    /// message a client finished sending is stored; true if it got there.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.shared.open.load(Ordering::SeqCst) == 0 {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits (up to `timeout`) until at least `count` messages arrived.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= count || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn converse(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 kuager-sink ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end_matches(['\r', '\n']);
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            write
                .write_all(b"250-kuager-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n")
                .await?;
        } else if upper.starts_with("HELO") {
            write.write_all(b"250 kuager-sink\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = angle_address(&command[10..]);
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(angle_address(&command[8..]));
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut raw = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                raw.push_str(unstuffed.trim_end_matches(['\r', '\n']));
                raw.push_str("\r\n");
            }
            let accepted = shared.messages.lock().map(|m| m.len()).unwrap_or(0);
            if accepted >= shared.limit.load(Ordering::SeqCst) {
                let mode = shared.mode.lock().ok().and_then(|m| *m);
                match mode {
                    Some(AfterLimit::Hang) | None => return Ok(()),
                    Some(AfterLimit::Refuse) => {
                        write.write_all(b"451 try again later\r\n").await?;
                        continue;
                    }
                }
            }
            if let Ok(mut m) = shared.messages.lock() {
                m.push(Received {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    raw,
                });
            }
            write.write_all(b"250 OK queued\r\n").await?;
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "NOOP" {
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 not implemented\r\n").await?;
        }
    }
}

fn angle_address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg
        .strip_prefix('<')
        .and_then(|a| a.split_once('>'))
        .map(|(a, _)| a)
        .unwrap_or_else(|| arg.split_whitespace().next().unwrap_or(""));
    inner.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mailer, OutgoingMail, RelayConfig};

    #[tokio::test]
    async fn a_message_goes_through_a_real_smtp_conversation() {
        let sink = SmtpSink::start().await.unwrap();
        let config = RelayConfig::parse(&sink.url(), "Kuager <news@example.org>").unwrap();
        let mailer = Mailer::new(config).unwrap();
        let mut mail =
            OutgoingMail::new("reader@example.org", "Хабарлама №3", "Бірінші жол\n.нүкте");
        mail.html = Some("<p>Бірінші жол</p>".into());
        mail.unsubscribe_url = Some("https://example.org/u/abc".into());
        mailer.send(&mail).await.unwrap();
        let got = sink.wait_for(1, Duration::from_secs(5)).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, vec!["reader@example.org".to_string()]);
        assert_eq!(got[0].from, "news@example.org");
        assert_eq!(got[0].subject().as_deref(), Some("Хабарлама №3"));
        let text = got[0].text().unwrap();
        assert!(
            text.contains("Бірінші жол") && text.contains(".нүкте"),
            "{text}"
        );
        assert!(got[0].html().unwrap().contains("<p>Бірінші жол</p>"));
        assert_eq!(
            got[0].header("List-Unsubscribe").as_deref(),
            Some("<https://example.org/u/abc>")
        );
    }

    #[tokio::test]
    async fn a_refusing_relay_is_an_error_not_a_delivery() {
        let sink = SmtpSink::start().await.unwrap();
        sink.fail_after(1, AfterLimit::Refuse);
        let mailer =
            Mailer::new(RelayConfig::parse(&sink.url(), "news@example.org").unwrap()).unwrap();
        mailer
            .send(&OutgoingMail::new("a@example.org", "1", "one"))
            .await
            .unwrap();
        let err = mailer
            .send(&OutgoingMail::new("b@example.org", "2", "two"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                crate::MailError::Send {
                    permanent: false,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(sink.messages().len(), 1);
        sink.recover();
        mailer
            .send(&OutgoingMail::new("b@example.org", "2", "two"))
            .await
            .unwrap();
        assert_eq!(sink.messages().len(), 2);
    }
}
