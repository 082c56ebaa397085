//! The newsletter's use cases, shared by the web app and the command line:
//! building an issue from published events, rendering it through the
//! redaction layer, subscribing with double opt-in, and sending an issue
//! resumably. Decision 0017.
//!
//! Everything an issue shows of an event is redacted again, from the
//! register, each time the issue is rendered or sent ([`render_issue`]): an
//! event unpublished since disappears from the archive, the feed and the
//! mails not yet sent.
//!
//! Sending ([`send_issue`]) keeps a delivery per (issue, subscriber): made
//! idempotently when a run starts, marked in flight (committed) before the
//! SMTP transaction and sent (committed) after the relay's 250. A run
//! resumes whatever is not sent: pending and deferred deliveries, and those
//! found in flight, which a crash interrupted between handing the message
//! over and recording the answer. Those are sent again with the same
//! Message-ID: the relay may already have accepted them (RFC 1047), and a
//! recognisable repeat is better than a subscriber skipped.

use crate::publishing::internal_event;
use kuager_case::newsletter::{DeliveryState, Section, SubscriberState, EDITION_LANGUAGES};
use kuager_case::Day;
use kuager_i18n::{tr, tr_args, ArgValue, Locale};
use kuager_mail::{MailError, Mailer, OutgoingMail};
use kuager_publish::newsletter::{self as render, Issue, MailLinks};
use kuager_store::{
    newsletter_token_hash, CaseError, DeliveryCounts, IssueDraft, IssueItem, IssueRecord, Store,
    StoreError, SubscriberRecord,
};

/// Why a newsletter use case failed.
#[derive(Debug, thiserror::Error)]
pub enum NewsletterError {
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("newsletter issue {0} does not exist")]
    NoSuchIssue(i64),
    #[error("newsletter issue {0} is a draft: publish it before sending")]
    NotPublished(i64),
    #[error("newsletter issue {0} is being sent by another run; try again when it has finished (a crashed run's hold expires within a minute)")]
    AlreadySending(i64),
    #[error("the public address {url:?} of the site: {reason}")]
    PublicUrl { url: String, reason: &'static str },
    #[error("e-mail address {0:?} is not one a message can be sent to")]
    BadAddress(String),
    #[error("edition {0:?}: choose ru, kk or en")]
    BadLanguage(String),
}

pub type Result<T> = std::result::Result<T, NewsletterError>;

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 7 * 24;

/// How long a sending run's hold on its issue lasts without renewal: a
/// crashed run delays the next by at most this.
pub const SEND_LEASE_SECONDS: i64 = 60;

/// After this many temporary refusals in a row, a run stops: the relay is
/// down or throttling, and the rest waits for the next run.
pub const MAX_TEMPORARY_IN_A_ROW: usize = 5;

/// A sending run re-redacts the issue after this many mails, so an event
/// unpublished during a long run leaves the mails not yet sent.
pub const RERENDER_EVERY: usize = 20;

/// The site's public address as mails link to it (`https://example.org`,
/// no trailing slash): checked to be an absolute http(s) URL.
pub fn public_base(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let fail = |reason| NewsletterError::PublicUrl {
        url: url.to_string(),
        reason,
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| fail("it must start with https:// (or http:// for an onion service)"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(fail("it has no host"));
    }
    Ok(url.to_string())
}

/// The domain Message-IDs end in: that of the sender's address.
pub fn message_domain(from: &str) -> String {
    let address = from
        .rsplit_once('<')
        .map_or(from, |(_, a)| a.trim_end_matches('>'));
    match address.rsplit_once('@') {
        Some((_, domain)) if !domain.trim().is_empty() => domain.trim().to_lowercase(),
        _ => "kuager.invalid".to_string(),
    }
}

/// The edition's locale.
pub fn edition_locale(language: &str) -> Result<Locale> {
    Locale::from_code(language)
        .filter(|_| EDITION_LANGUAGES.contains(&language))
        .ok_or_else(|| NewsletterError::BadLanguage(language.to_string()))
}

/// The published events of a period, each in its suggested section, in
/// date order (positions 10, 20, … leave room to move items between).
pub async fn suggest_items(store: &Store, start: Day, end: Day) -> Result<Vec<IssueItem>> {
    let events = store.published_events_between(start, end).await?;
    Ok(events
        .into_iter()
        .enumerate()
        .map(|(i, (event_id, event_type))| IssueItem {
            event_id,
            section: Section::suggested(event_type),
            position: (i as i64 + 1) * 10,
        })
        .collect())
}

/// A new draft issue for a period and edition, holding the period's
/// published events in their suggested sections.
pub async fn create_issue(store: &Store, actor: i64, draft: &IssueDraft) -> Result<i64> {
    let items = suggest_items(store, draft.period_start, draft.period_end).await?;
    Ok(store.add_newsletter_issue(actor, draft, &items).await?)
}

/// The issue as the public may see it now: each item's event redacted
/// again from the register; events no longer published are left out.
pub async fn render_issue(store: &Store, issue: &IssueRecord) -> Result<Issue> {
    let locale = edition_locale(&issue.language)?;
    let mut items = Vec::with_capacity(issue.items.len());
    for item in &issue.items {
        let Some(internal) = internal_event(store, item.event_id).await? else {
            continue;
        };
        if let Some(public) = kuager_publish::redact_event(&internal) {
            items.push((item.section, public));
        }
    }
    Ok(Issue::new(
        issue.number,
        &issue.title,
        &issue.introduction,
        issue.period_start,
        issue.period_end,
        issue.published_at.as_deref(),
        locale,
        items,
    ))
}

/// A new random token: 32 bytes, hex.
fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A request to subscribe: the address is stored sealed (once, however
/// often it is asked for) and gets a confirmation link by mail, the only
/// thing ever sent to an address not confirmed. The caller tells every
/// visitor the same, whatever the address's state was.
pub async fn subscribe(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    address: &str,
    language: &str,
) -> Result<()> {
    let base = public_base(public_url)?;
    let address = address.trim();
    if !kuager_mail::valid_address(address) || address.chars().count() > 254 {
        return Err(NewsletterError::BadAddress(address.to_string()));
    }
    let locale = edition_locale(language)?;
    let confirm = random_token();
    let unsubscribe = random_token();
    let expires = kuager_store::timestamp_after(CONFIRM_HOURS * 3600);
    let subscribed = store
        .newsletter_subscribe(
            address,
            language,
            &newsletter_token_hash(&confirm),
            &expires,
            &unsubscribe,
        )
        .await?;
    let link = format!("{base}/newsletter/confirm/{confirm}");
    let text = format!(
        "{}\n\n{link}\n\n{}\n",
        tr(locale, "newsletter-confirm-mail-body"),
        tr_args(
            locale,
            "newsletter-confirm-mail-ignore",
            &[("count", ArgValue::Num(CONFIRM_HOURS / 24))]
        )
    );
    let mut mail = OutgoingMail::new(
        address,
        &tr(locale, "newsletter-confirm-mail-subject"),
        &text,
    );
    mail.language = Some(language.to_string());
    mail.message_id = Some(format!(
        "confirm.{}.{}@{}",
        subscribed.subscriber_id,
        &confirm[..16],
        message_domain(&mailer.config().from)
    ));
    mailer.send(&mail).await?;
    Ok(())
}

/// Follows a confirmation link. `None`: the link is unknown, used or
/// expired.
pub async fn confirm(store: &Store, token: &str) -> Result<Option<SubscriberRecord>> {
    Ok(store
        .newsletter_confirm(&newsletter_token_hash(token), &kuager_store::now_utc())
        .await?)
}

/// Unsubscribes by the token of a mail's link. `None`: no such token.
pub async fn unsubscribe(store: &Store, token: &str) -> Result<Option<SubscriberRecord>> {
    Ok(store
        .newsletter_unsubscribe(&newsletter_token_hash(token))
        .await?)
}

/// The subscriber an unsubscribe token belongs to, without changing
/// anything.
pub async fn unsubscribe_target(store: &Store, token: &str) -> Result<Option<SubscriberRecord>> {
    Ok(store
        .newsletter_subscriber_by_unsubscribe(&newsletter_token_hash(token))
        .await?)
}

/// What a sending run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SendReport {
    /// Deliveries made by this run (subscribers confirmed since the last).
    pub added: u64,
    /// Mails the relay accepted in this run.
    pub sent: u64,
    /// Of those, mails found in flight from an interrupted run and sent
    /// again with their Message-ID.
    pub resent_in_flight: u64,
    /// Temporary refusals (tried again on the next run).
    pub deferred: u64,
    /// Permanent refusals (not tried again).
    pub failed: u64,
    /// Subscribers who left before their turn.
    pub skipped: u64,
    /// The run stopped after too many temporary refusals in a row.
    pub stopped_early: bool,
    /// The issue's deliveries after the run.
    pub counts: DeliveryCounts,
}

/// Progress of a run, for a progress bar: `done` of `total` deliveries
/// this run set out to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendProgress {
    pub done: u64,
    pub total: u64,
}

/// The mail of an issue to one subscriber.
fn issue_mail(
    issue: &Issue,
    base: &str,
    address: &str,
    unsubscribe_token: &str,
    message_id: &str,
) -> OutgoingMail {
    let links = MailLinks {
        issue_url: format!(
            "{base}/newsletter/{}",
            issue.number.map(|n| n.to_string()).unwrap_or_default()
        ),
        unsubscribe_url: format!("{base}/newsletter/unsubscribe/{unsubscribe_token}"),
    };
    let mut mail = OutgoingMail::new(
        address,
        &issue.subject(),
        &render::text(issue, Some(&links)),
    );
    mail.html = Some(render::mail_html(issue, &links));
    mail.message_id = Some(message_id.to_string());
    mail.unsubscribe_url = Some(links.unsubscribe_url);
    mail.language = Some(issue.locale.code().to_string());
    mail
}

/// Sends a published issue to every confirmed subscriber of its edition
/// who has not got it yet, resuming whatever an earlier run left: see the
/// module documentation for what each delivery state means.
///
/// One run at a time per issue: a run holds the issue's sending lease
/// (renewed before every message) and refuses to start while another
/// holds it ([`NewsletterError::AlreadySending`]), so a CLI run and the
/// editor's button never pick the same delivery.
pub async fn send_issue(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    issue_id: i64,
    actor: Option<i64>,
    progress: &mut (dyn FnMut(SendProgress) + Send),
) -> Result<SendReport> {
    let base = public_base(public_url)?;
    let holder = random_token();
    if !store
        .newsletter_take_send_lease(issue_id, &holder, SEND_LEASE_SECONDS)
        .await?
    {
        return Err(NewsletterError::AlreadySending(issue_id));
    }
    let report = send_holding_lease(store, mailer, &base, issue_id, actor, &holder, progress).await;
    // A failed release leaves the lease to expire; the report matters more.
    if let Err(e) = store.newsletter_release_send_lease(issue_id, &holder).await {
        tracing::warn!(issue_id, error = %e, "releasing the sending lease");
    }
    report
}

async fn send_holding_lease(
    store: &Store,
    mailer: &Mailer,
    base: &str,
    issue_id: i64,
    actor: Option<i64>,
    holder: &str,
    progress: &mut (dyn FnMut(SendProgress) + Send),
) -> Result<SendReport> {
    let issue = store
        .newsletter_issue(issue_id)
        .await?
        .ok_or(NewsletterError::NoSuchIssue(issue_id))?;
    if !issue.published {
        return Err(NewsletterError::NotPublished(issue_id));
    }
    let mut report = SendReport {
        added: store
            .newsletter_start_deliveries(actor, issue_id, &message_domain(&mailer.config().from))
            .await?,
        ..SendReport::default()
    };
    let open = store.newsletter_open_deliveries(issue_id).await?;
    let total = open.len() as u64;
    progress(SendProgress { done: 0, total });
    let mut rendered = render_issue(store, &issue).await?;
    let mut temporary_in_a_row = 0;
    for (n, d) in open.iter().enumerate() {
        if n > 0 && n % RERENDER_EVERY == 0 {
            rendered = render_issue(store, &issue).await?;
        }
        let (Some(address), Some(token)) = (&d.address, &d.unsubscribe_token) else {
            store
                .newsletter_mark_delivery(issue_id, d.subscriber_id, DeliveryState::Skipped, None)
                .await?;
            report.skipped += 1;
            progress(SendProgress {
                done: n as u64 + 1,
                total,
            });
            continue;
        };
        if d.subscriber_state != SubscriberState::Confirmed {
            store
                .newsletter_mark_delivery(issue_id, d.subscriber_id, DeliveryState::Skipped, None)
                .await?;
            report.skipped += 1;
            progress(SendProgress {
                done: n as u64 + 1,
                total,
            });
            continue;
        }
        if !store
            .newsletter_take_send_lease(issue_id, holder, SEND_LEASE_SECONDS)
            .await?
        {
            // The lease expired while this run stalled and another run
            // took over: it sends the rest.
            return Err(NewsletterError::AlreadySending(issue_id));
        }
        let mail = issue_mail(&rendered, base, address, token, &d.message_id);
        store
            .newsletter_mark_delivery(issue_id, d.subscriber_id, DeliveryState::InFlight, None)
            .await?;
        match mailer.send(&mail).await {
            Ok(()) => {
                store
                    .newsletter_mark_delivery(issue_id, d.subscriber_id, DeliveryState::Sent, None)
                    .await?;
                report.sent += 1;
                if d.state == DeliveryState::InFlight {
                    report.resent_in_flight += 1;
                }
                temporary_in_a_row = 0;
            }
            Err(MailError::Send {
                reason,
                permanent: false,
                ..
            }) => {
                store
                    .newsletter_mark_delivery(
                        issue_id,
                        d.subscriber_id,
                        DeliveryState::Deferred,
                        Some(&reason),
                    )
                    .await?;
                report.deferred += 1;
                temporary_in_a_row += 1;
            }
            Err(e @ MailError::Config { .. }) => {
                store
                    .newsletter_mark_delivery(
                        issue_id,
                        d.subscriber_id,
                        DeliveryState::Deferred,
                        Some(&e.to_string()),
                    )
                    .await?;
                return Err(e.into());
            }
            Err(e) => {
                let reason = match e {
                    MailError::Send { reason, .. } => reason,
                    other => other.to_string(),
                };
                store
                    .newsletter_mark_delivery(
                        issue_id,
                        d.subscriber_id,
                        DeliveryState::Failed,
                        Some(&reason),
                    )
                    .await?;
                report.failed += 1;
                temporary_in_a_row = 0;
            }
        }
        progress(SendProgress {
            done: n as u64 + 1,
            total,
        });
        if temporary_in_a_row >= MAX_TEMPORARY_IN_A_ROW {
            report.stopped_early = true;
            break;
        }
    }
    report.counts = store.newsletter_delivery_counts(issue_id).await?;
    Ok(report)
}
