//! The newsletter: issues (one language edition for a period, its events
//! by section and position), subscribers (double opt-in, sealed
//! addresses), and the deliveries of an issue (one row per subscriber, the
//! resumable record of a send). Decision 0017.
//!
//! What an issue shows of an event is not stored: callers redact it again
//! from the register each time an issue is rendered or sent.
//!
//! Subscribers' addresses are dangerous data: they are sealed with the
//! data key (context `newsletter_subscribers.address:<id>`) and found by a
//! keyed hash of the normalised address, never by the address itself;
//! unsubscribing erases both. Tokens are kept as their SHA-256; the
//! unsubscribe token, which every mail carries, is also kept sealed.
//!
//! Issue and subscriber changes are audited changes. The progress marks
//! of a delivery (in flight, sent) are single-statement transactions of
//! their own and not audited one by one: each send run is (decision 0017).

use super::{Audited, CaseError, CaseResult};
use crate::{Result, Store, StoreError};
use kuager_case::newsletter::{DeliveryState, Section, SubscriberState, EDITION_LANGUAGES};
use kuager_case::{Day, EventType};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::{Any, AnyRow};
use sqlx::AnyConnection;

/// An event placed in an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueItem {
    pub event_id: i64,
    pub section: Section,
    /// Order within the issue (sections keep their own order; items are
    /// sorted by this within a section).
    pub position: i64,
}

/// What the editor writes of an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueDraft {
    /// `ru`, `kk` or `en`: the edition.
    pub language: String,
    pub period_start: Day,
    pub period_end: Day,
    pub title: String,
    pub introduction: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueRecord {
    pub id: i64,
    /// The public number, once published.
    pub number: Option<i64>,
    pub language: String,
    pub period_start: Day,
    pub period_end: Day,
    pub title: String,
    pub introduction: String,
    pub published: bool,
    pub published_at: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
    /// In issue order: by section, then position.
    pub items: Vec<IssueItem>,
}

/// A subscriber as the site may know them: never the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriberRecord {
    pub id: i64,
    pub language: String,
    pub state: SubscriberState,
    pub created_at: String,
    pub confirmed_at: Option<String>,
}

/// A delivery still to make, with what sending it needs (opened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDelivery {
    pub subscriber_id: i64,
    pub state: DeliveryState,
    pub message_id: String,
    pub attempts: i64,
    /// The subscriber's state now: a delivery to someone who left is
    /// skipped.
    pub subscriber_state: SubscriberState,
    /// The address (None once unsubscribed).
    pub address: Option<String>,
    /// The unsubscribe token for the mail's link (None once unsubscribed).
    pub unsubscribe_token: Option<String>,
}

/// A delivery as status shows it (no address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    pub subscriber_id: i64,
    pub state: DeliveryState,
    pub message_id: String,
    pub attempts: i64,
    pub updated_at: String,
    pub sent_at: Option<String>,
}

/// How far the sending of an issue is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryCounts {
    pub pending: i64,
    pub in_flight: i64,
    pub sent: i64,
    pub deferred: i64,
    pub failed: i64,
    pub skipped: i64,
}

impl DeliveryCounts {
    pub fn total(&self) -> i64 {
        self.pending + self.in_flight + self.sent + self.deferred + self.failed + self.skipped
    }
    /// Deliveries a run still has to make.
    pub fn open(&self) -> i64 {
        self.pending + self.in_flight + self.deferred
    }
}

/// Subscribers by edition and state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubscriberCounts {
    /// (language, state, count).
    pub rows: Vec<(String, SubscriberState, i64)>,
}

impl SubscriberCounts {
    pub fn count(&self, language: &str, state: SubscriberState) -> i64 {
        self.rows
            .iter()
            .filter(|(l, s, _)| l == language && *s == state)
            .map(|(_, _, n)| n)
            .sum()
    }
}

/// What a subscription request did (only for the caller's mail: the
/// visitor is told the same in every case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscribed {
    pub subscriber_id: i64,
    /// False when the address was already known (pending or confirmed).
    pub new: bool,
}

/// SHA-256 hex of a token: how tokens are stored and found.
pub fn newsletter_token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// An address as compared: trimmed, lower case.
fn normalise_address(address: &str) -> String {
    address.trim().to_lowercase()
}

fn address_context(id: i64) -> String {
    format!("newsletter_subscribers.address:{id}")
}

fn unsubscribe_context(id: i64) -> String {
    format!("newsletter_subscribers.unsubscribe_token:{id}")
}

fn error_context(issue: i64, subscriber: i64) -> String {
    format!("newsletter_deliveries.last_error:{issue}:{subscriber}")
}

const ISSUE_COLUMNS: &str = "id, number, language, period_start, period_end, title, introduction, \
     state, published_at, created_by, created_at, updated_at, version";

const SUBSCRIBER_COLUMNS: &str = "id, language, state, created_at, confirmed_at";

const MAX_TITLE: usize = 200;
const MAX_INTRODUCTION: usize = 20_000;

fn field(field: &'static str, message: &'static str) -> CaseError {
    CaseError::Field { field, message }
}

fn check_draft(draft: &IssueDraft) -> CaseResult<()> {
    if !EDITION_LANGUAGES.contains(&draft.language.as_str()) {
        return Err(field("language", "newsletter-error-language"));
    }
    if draft.period_end < draft.period_start {
        return Err(field("period_end", "newsletter-error-period"));
    }
    check_text(&draft.title, &draft.introduction)
}

fn check_text(title: &str, introduction: &str) -> CaseResult<()> {
    if title.trim().is_empty() {
        return Err(field("title", "error-required"));
    }
    if title.chars().count() > MAX_TITLE || title.chars().any(char::is_control) {
        return Err(field("title", "newsletter-error-title"));
    }
    if introduction.chars().count() > MAX_INTRODUCTION {
        return Err(field("introduction", "newsletter-error-introduction"));
    }
    Ok(())
}

/// Items sorted into issue order, each event once.
fn ordered(items: &[IssueItem]) -> CaseResult<Vec<IssueItem>> {
    let mut out: Vec<IssueItem> = items.to_vec();
    out.sort_by_key(|i| (i.section, i.position, i.event_id));
    let mut seen = std::collections::BTreeSet::new();
    for i in &out {
        if !seen.insert(i.event_id) {
            return Err(field("items", "newsletter-error-duplicate-event"));
        }
    }
    Ok(out)
}

impl Store {
    // ---- issues ---------------------------------------------------------

    /// Published events whose dates overlap the period, oldest first, with
    /// their type (for the suggested section).
    pub async fn published_events_between(
        &self,
        start: Day,
        end: Day,
    ) -> Result<Vec<(i64, EventType)>> {
        let rows = sqlx::query(
            "SELECT id, event_type FROM events WHERE publication = 'published' \
             AND date_start <= $2 AND date_end >= $1 ORDER BY date_start, id",
        )
        .bind(start.iso())
        .bind(end.iso())
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("listing the published events of a period", e))?;
        rows.iter()
            .map(|row| {
                Ok((
                    self.get(row, 0)?,
                    self.term(row, 1, EventType::from_code, "event type")?,
                ))
            })
            .collect()
    }

    /// A new draft issue with its items.
    pub async fn add_newsletter_issue(
        &self,
        actor: i64,
        draft: &IssueDraft,
        items: &[IssueItem],
    ) -> CaseResult<i64> {
        check_draft(draft)?;
        let items = ordered(items)?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let id = change.next_id("newsletter_issues").await?;
        sqlx::query(
            "INSERT INTO newsletter_issues (id, number, language, period_start, period_end, \
             title, introduction, state, published_at, created_by, created_at, updated_at, \
             version) VALUES ($1, NULL, $2, $3, $4, $5, $6, 'draft', NULL, $7, $8, $8, 1)",
        )
        .bind(id)
        .bind(draft.language.as_str())
        .bind(draft.period_start.iso())
        .bind(draft.period_end.iso())
        .bind(draft.title.trim())
        .bind(draft.introduction.trim())
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing newsletter issue {id}"), e))?;
        self.write_items(&mut change.tx, id, &items).await?;
        let after = self.issue_audit(&mut change.tx, id).await?;
        change
            .commit(
                "create",
                "newsletter-issue",
                &id.to_string(),
                None,
                Some(after),
            )
            .await?;
        Ok(id)
    }

    /// Replaces a draft's title, introduction and items; version-checked.
    /// A published issue is not edited.
    pub async fn update_newsletter_issue(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        title: &str,
        introduction: &str,
        items: &[IssueItem],
    ) -> CaseResult<()> {
        check_text(title, introduction)?;
        let items = ordered(items)?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.issue_audit(&mut change.tx, id).await?;
        let done = sqlx::query(
            "UPDATE newsletter_issues SET title = $3, introduction = $4, updated_at = $5, \
             version = version + 1 WHERE id = $1 AND version = $2 AND state = 'draft'",
        )
        .bind(id)
        .bind(version)
        .bind(title.trim())
        .bind(introduction.trim())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("updating newsletter issue {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(self.issue_refused(&mut change, id, version).await);
        }
        sqlx::query("DELETE FROM newsletter_items WHERE issue_id = $1")
            .bind(id)
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("replacing the items of issue {id}"), e))?;
        self.write_items(&mut change.tx, id, &items).await?;
        let after = self.issue_audit(&mut change.tx, id).await?;
        change
            .commit(
                "update",
                "newsletter-issue",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    /// Publishes a draft: it gets the next public number. Version-checked.
    pub async fn publish_newsletter_issue(
        &self,
        actor: i64,
        id: i64,
        version: i64,
    ) -> CaseResult<i64> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let before = self.issue_audit(&mut change.tx, id).await?;
        let state: Option<String> =
            sqlx::query_scalar::<Any, String>("SELECT state FROM newsletter_issues WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(format!("reading newsletter issue {id}"), e))?;
        if state.as_deref() != Some("draft") {
            return Err(self.issue_refused(&mut change, id, version).await);
        }
        let number = change.next_id("newsletter_numbers").await?;
        let done = sqlx::query(
            "UPDATE newsletter_issues SET state = 'published', number = $3, published_at = $4, \
             updated_at = $4, version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(number)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("publishing newsletter issue {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(self.issue_refused(&mut change, id, version).await);
        }
        let after = self.issue_audit(&mut change.tx, id).await?;
        change
            .commit(
                "publish",
                "newsletter-issue",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(number)
    }

    /// Why an update of issue `id` changed nothing.
    async fn issue_refused(&self, change: &mut Audited<'_>, id: i64, edited: i64) -> CaseError {
        let row = sqlx::query("SELECT version, state FROM newsletter_issues WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *change.tx)
            .await;
        match row {
            Ok(Some(row)) => {
                let current: i64 = match self.get(&row, 0) {
                    Ok(v) => v,
                    Err(e) => return e.into(),
                };
                let state: String = self.get(&row, 1).unwrap_or_default();
                if state == "published" {
                    field("state", "newsletter-error-published")
                } else {
                    CaseError::StaleVersion {
                        entity: "newsletter issue",
                        id,
                        edited,
                        current,
                    }
                }
            }
            Ok(None) => CaseError::NotFound {
                entity: "newsletter issue",
                id: id.to_string(),
            },
            Err(e) => self
                .query_error(format!("reading newsletter issue {id}"), e)
                .into(),
        }
    }

    async fn write_items(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        items: &[IssueItem],
    ) -> CaseResult<()> {
        for item in items {
            let found = sqlx::query("SELECT 1 FROM events WHERE id = $1")
                .bind(item.event_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(|e| self.query_error(format!("checking event {}", item.event_id), e))?;
            if found.is_none() {
                return Err(CaseError::NotFound {
                    entity: "event",
                    id: item.event_id.to_string(),
                });
            }
            sqlx::query(
                "INSERT INTO newsletter_items (issue_id, event_id, section, position) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(item.event_id)
            .bind(item.section.code())
            .bind(item.position)
            .execute(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("storing the items of issue {id}"), e))?;
        }
        Ok(())
    }

    async fn issue_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let issue =
            self.read_issue(conn, "id = $1", id)
                .await?
                .ok_or_else(|| CaseError::NotFound {
                    entity: "newsletter issue",
                    id: id.to_string(),
                })?;
        Ok(self.audit_json("newsletter issue", &issue)?)
    }

    async fn read_issue(
        &self,
        conn: &mut AnyConnection,
        condition: &str,
        value: i64,
    ) -> Result<Option<IssueRecord>> {
        let sql = format!("SELECT {ISSUE_COLUMNS} FROM newsletter_issues WHERE {condition}");
        let row = sqlx::query(&sql)
            .bind(value)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error("reading a newsletter issue", e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut issue = self.issue_row(&row)?;
        issue.items = self.issue_items(conn, issue.id).await?;
        Ok(Some(issue))
    }

    async fn issue_items(&self, conn: &mut AnyConnection, id: i64) -> Result<Vec<IssueItem>> {
        let rows = sqlx::query(
            "SELECT event_id, section, position FROM newsletter_items WHERE issue_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("reading the items of issue {id}"), e))?;
        let mut items = rows
            .iter()
            .map(|row| {
                Ok(IssueItem {
                    event_id: self.get(row, 0)?,
                    section: self.term(row, 1, Section::from_code, "newsletter section")?,
                    position: self.get(row, 2)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        items.sort_by_key(|i| (i.section, i.position, i.event_id));
        Ok(items)
    }

    fn issue_row(&self, row: &AnyRow) -> Result<IssueRecord> {
        let day = |index: usize| -> Result<Day> {
            let text: String = self.get(row, index)?;
            Day::parse_iso(&text).map_err(|_| self.corrupt(format!("issue date {text:?}")))
        };
        let state: String = self.get(row, 7)?;
        Ok(IssueRecord {
            id: self.get(row, 0)?,
            number: self.get(row, 1)?,
            language: self.get(row, 2)?,
            period_start: day(3)?,
            period_end: day(4)?,
            title: self.get(row, 5)?,
            introduction: self.get(row, 6)?,
            published: state == "published",
            published_at: self.get(row, 8)?,
            created_by: self.get(row, 9)?,
            created_at: self.get(row, 10)?,
            updated_at: self.get(row, 11)?,
            version: self.get(row, 12)?,
            items: Vec::new(),
        })
    }

    pub async fn newsletter_issue(&self, id: i64) -> Result<Option<IssueRecord>> {
        let mut conn = self.reader().await?;
        self.read_issue(&mut conn, "id = $1", id).await
    }

    /// A published issue by its public number.
    pub async fn newsletter_issue_by_number(&self, number: i64) -> Result<Option<IssueRecord>> {
        let mut conn = self.reader().await?;
        self.read_issue(&mut conn, "number = $1 AND state = 'published'", number)
            .await
    }

    /// Issues, newest first: only the published ones when `published_only`.
    pub async fn newsletter_issues(&self, published_only: bool) -> Result<Vec<IssueRecord>> {
        let sql = format!(
            "SELECT {ISSUE_COLUMNS} FROM newsletter_issues {} \
             ORDER BY (number IS NULL) DESC, number DESC, id DESC",
            if published_only {
                "WHERE state = 'published'"
            } else {
                ""
            }
        );
        let mut conn = self.reader().await?;
        let rows = sqlx::query(&sql)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("listing newsletter issues", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut issue = self.issue_row(row)?;
            issue.items = self.issue_items(&mut conn, issue.id).await?;
            out.push(issue);
        }
        Ok(out)
    }

    // ---- subscribers ----------------------------------------------------

    /// A request to subscribe `address` to the `language` edition, with the
    /// hash of a fresh confirmation token and, for a new subscriber, their
    /// unsubscribe token. An address already known is not added again: a
    /// pending one gets the new token and edition; a confirmed one stays
    /// confirmed and gets the new token, the edition changing only when
    /// the link is followed.
    pub async fn newsletter_subscribe(
        &self,
        address: &str,
        language: &str,
        confirm_hash: &str,
        confirm_expires_at: &str,
        unsubscribe_token: &str,
    ) -> CaseResult<Subscribed> {
        if !EDITION_LANGUAGES.contains(&language) {
            return Err(field("language", "newsletter-error-language"));
        }
        let normal = normalise_address(address);
        let hash = self
            .blind_token(&format!("newsletter-address:{normal}"))
            .ok_or_else(|| field("email", "newsletter-error-address"))?;
        let mut change = Audited::begin(self, None).await?;
        let existing = sqlx::query(&format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers WHERE address_hash = $1"
        ))
        .bind(hash.as_str())
        .fetch_optional(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("looking up a subscriber", e))?;
        let (id, new, before) = match existing {
            Some(row) => {
                let before = self.subscriber_row(&row)?;
                sqlx::query(
                    "UPDATE newsletter_subscribers SET confirm_hash = $2, confirm_expires_at = $3, \
                     pending_language = $4, language = CASE WHEN state = 'pending' THEN $4 \
                     ELSE language END, updated_at = $5 WHERE id = $1",
                )
                .bind(before.id)
                .bind(confirm_hash)
                .bind(confirm_expires_at)
                .bind(language)
                .bind(change.now.as_str())
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error("renewing a subscription request", e))?;
                (
                    before.id,
                    false,
                    Some(self.audit_json("subscriber", &before)?),
                )
            }
            None => {
                let id = change.next_id("newsletter_subscribers").await?;
                sqlx::query(
                    "INSERT INTO newsletter_subscribers (id, address_hash, address, language, \
                     pending_language, state, confirm_hash, confirm_expires_at, \
                     unsubscribe_hash, unsubscribe_token, created_at, confirmed_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $4, 'pending', $5, $6, $7, $8, $9, NULL, $9)",
                )
                .bind(id)
                .bind(hash.as_str())
                .bind(self.seal_text(&address_context(id), &normal))
                .bind(language)
                .bind(confirm_hash)
                .bind(confirm_expires_at)
                .bind(newsletter_token_hash(unsubscribe_token))
                .bind(self.seal_text(&unsubscribe_context(id), unsubscribe_token))
                .bind(change.now.as_str())
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error("storing a subscriber", e))?;
                (id, true, None)
            }
        };
        let after = self.subscriber_audit(&mut change.tx, id).await?;
        change
            .commit(
                "subscribe",
                "newsletter-subscriber",
                &id.to_string(),
                before,
                Some(after),
            )
            .await?;
        Ok(Subscribed {
            subscriber_id: id,
            new,
        })
    }

    /// Follows a confirmation link: the subscriber whose token hashes to
    /// `confirm_hash` (and has not expired at `now`) is confirmed, in the
    /// edition last asked for. `None`: no such link (unknown, used or
    /// expired).
    pub async fn newsletter_confirm(
        &self,
        confirm_hash: &str,
        now: &str,
    ) -> Result<Option<SubscriberRecord>> {
        let mut change = Audited::begin(self, None).await?;
        let row = sqlx::query(&format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers \
             WHERE confirm_hash = $1 AND confirm_expires_at > $2 AND state <> 'unsubscribed'"
        ))
        .bind(confirm_hash)
        .bind(now)
        .fetch_optional(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("looking up a confirmation link", e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let before = self.subscriber_row(&row)?;
        sqlx::query(
            "UPDATE newsletter_subscribers SET state = 'confirmed', \
             language = COALESCE(pending_language, language), pending_language = NULL, \
             confirm_hash = NULL, confirm_expires_at = NULL, \
             confirmed_at = COALESCE(confirmed_at, $2), updated_at = $2 WHERE id = $1",
        )
        .bind(before.id)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("confirming a subscriber", e))?;
        let after = self
            .read_subscriber(&mut change.tx, before.id)
            .await?
            .ok_or_else(|| self.corrupt("a confirmed subscriber vanished"))?;
        let (before_json, after_json) = (
            self.audit_json("subscriber", &before)?,
            self.audit_json("subscriber", &after)?,
        );
        change
            .commit(
                "confirm",
                "newsletter-subscriber",
                &before.id.to_string(),
                Some(before_json),
                Some(after_json),
            )
            .await?;
        Ok(Some(after))
    }

    /// The subscriber an unsubscribe token (by its hash) belongs to.
    pub async fn newsletter_subscriber_by_unsubscribe(
        &self,
        unsubscribe_hash: &str,
    ) -> Result<Option<SubscriberRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers WHERE unsubscribe_hash = $1"
        ))
        .bind(unsubscribe_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("looking up an unsubscribe link", e))?;
        row.map(|row| self.subscriber_row(&row)).transpose()
    }

    /// Unsubscribes the owner of an unsubscribe token (by its hash) and
    /// erases their address. Doing it again changes nothing. `None`: no
    /// such token.
    pub async fn newsletter_unsubscribe(
        &self,
        unsubscribe_hash: &str,
    ) -> Result<Option<SubscriberRecord>> {
        let Some(before) = self
            .newsletter_subscriber_by_unsubscribe(unsubscribe_hash)
            .await?
        else {
            return Ok(None);
        };
        if before.state == SubscriberState::Unsubscribed {
            return Ok(Some(before));
        }
        let mut change = Audited::begin(self, None).await?;
        sqlx::query(
            "UPDATE newsletter_subscribers SET state = 'unsubscribed', address = NULL, \
             address_hash = NULL, unsubscribe_token = NULL, confirm_hash = NULL, \
             confirm_expires_at = NULL, pending_language = NULL, updated_at = $2 WHERE id = $1",
        )
        .bind(before.id)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("unsubscribing a subscriber", e))?;
        let after = self
            .read_subscriber(&mut change.tx, before.id)
            .await?
            .ok_or_else(|| self.corrupt("an unsubscribed subscriber vanished"))?;
        let (before_json, after_json) = (
            self.audit_json("subscriber", &before)?,
            self.audit_json("subscriber", &after)?,
        );
        change
            .commit(
                "unsubscribe",
                "newsletter-subscriber",
                &before.id.to_string(),
                Some(before_json),
                Some(after_json),
            )
            .await?;
        Ok(Some(after))
    }

    /// Subscribers by edition and state.
    pub async fn newsletter_subscriber_counts(&self) -> Result<SubscriberCounts> {
        let rows = sqlx::query(
            "SELECT language, state, COUNT(*) FROM newsletter_subscribers \
             GROUP BY language, state ORDER BY language, state",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error("counting subscribers", e))?;
        let rows = rows
            .iter()
            .map(|row| {
                Ok((
                    self.get(row, 0)?,
                    self.term(row, 1, SubscriberState::from_code, "subscriber state")?,
                    self.get(row, 2)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SubscriberCounts { rows })
    }

    /// A subscriber's address, opened (for the confirmation mail right
    /// after a request). `None` once unsubscribed.
    pub async fn newsletter_subscriber_address(&self, id: i64) -> Result<Option<String>> {
        let sealed: Option<Option<String>> = sqlx::query_scalar::<Any, Option<String>>(
            "SELECT address FROM newsletter_subscribers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("reading a subscriber", e))?;
        match sealed.flatten() {
            Some(s) => Ok(Some(self.open_text(&address_context(id), &s)?)),
            None => Ok(None),
        }
    }

    async fn read_subscriber(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<SubscriberRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("reading subscriber {id}"), e))?;
        row.map(|row| self.subscriber_row(&row)).transpose()
    }

    async fn subscriber_audit(&self, conn: &mut AnyConnection, id: i64) -> Result<String> {
        let s = self
            .read_subscriber(conn, id)
            .await?
            .ok_or_else(|| self.corrupt(format!("subscriber {id} vanished")))?;
        self.audit_json("subscriber", &s)
    }

    fn subscriber_row(&self, row: &AnyRow) -> Result<SubscriberRecord> {
        Ok(SubscriberRecord {
            id: self.get(row, 0)?,
            language: self.get(row, 1)?,
            state: self.term(row, 2, SubscriberState::from_code, "subscriber state")?,
            created_at: self.get(row, 3)?,
            confirmed_at: self.get(row, 4)?,
        })
    }

    // ---- deliveries -----------------------------------------------------

    /// Starts (or resumes) sending a published issue: a delivery for each
    /// confirmed subscriber of its edition who has none yet, with the
    /// stable Message-ID `<issue>.<subscriber>.newsletter@<domain>`.
    /// Returns how many were added. Audited as a send run.
    pub async fn newsletter_start_deliveries(
        &self,
        actor: Option<i64>,
        issue_id: i64,
        message_domain: &str,
    ) -> CaseResult<u64> {
        let mut change = Audited::begin(self, actor).await?;
        let issue = self
            .read_issue(&mut change.tx, "id = $1", issue_id)
            .await?
            .ok_or_else(|| CaseError::NotFound {
                entity: "newsletter issue",
                id: issue_id.to_string(),
            })?;
        if !issue.published {
            return Err(field("state", "newsletter-error-not-published"));
        }
        let ids: Vec<i64> = sqlx::query_scalar::<Any, i64>(
            "SELECT s.id FROM newsletter_subscribers s WHERE s.state = 'confirmed' \
             AND s.language = $1 AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d \
             WHERE d.issue_id = $2 AND d.subscriber_id = s.id) ORDER BY s.id",
        )
        .bind(issue.language.as_str())
        .bind(issue_id)
        .fetch_all(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("listing the subscribers of an edition", e))?;
        let mut added = 0u64;
        for subscriber in &ids {
            let done = sqlx::query(
                "INSERT INTO newsletter_deliveries (issue_id, subscriber_id, state, message_id, \
                 attempts, last_error, updated_at, sent_at) \
                 VALUES ($1, $2, 'pending', $3, 0, '', $4, NULL) \
                 ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
            )
            .bind(issue_id)
            .bind(*subscriber)
            .bind(format!(
                "{issue_id}.{subscriber}.newsletter@{message_domain}"
            ))
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error("making the deliveries of an issue", e))?;
            added += done.rows_affected();
        }
        let after = serde_json::json!({ "issue": issue_id, "deliveries_added": added });
        change
            .commit(
                "send",
                "newsletter-issue",
                &issue_id.to_string(),
                None,
                Some(after.to_string()),
            )
            .await?;
        Ok(added)
    }

    /// The deliveries of an issue a run still has to make (pending, in
    /// flight at a crash, deferred), in subscriber order, with the address
    /// and unsubscribe token opened.
    pub async fn newsletter_open_deliveries(&self, issue_id: i64) -> Result<Vec<OpenDelivery>> {
        let rows = sqlx::query(
            "SELECT d.subscriber_id, d.state, d.message_id, d.attempts, s.state, s.address, \
             s.unsubscribe_token FROM newsletter_deliveries d \
             JOIN newsletter_subscribers s ON s.id = d.subscriber_id \
             WHERE d.issue_id = $1 AND d.state IN ('pending', 'in-flight', 'deferred') \
             ORDER BY d.subscriber_id",
        )
        .bind(issue_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| {
            self.query_error(
                format!("listing the open deliveries of issue {issue_id}"),
                e,
            )
        })?;
        rows.iter()
            .map(|row| {
                let id: i64 = self.get(row, 0)?;
                let open = |index: usize, context: String| -> Result<Option<String>> {
                    match self.get::<Option<String>>(row, index)? {
                        Some(sealed) => Ok(Some(self.open_text(&context, &sealed)?)),
                        None => Ok(None),
                    }
                };
                Ok(OpenDelivery {
                    subscriber_id: id,
                    state: self.term(row, 1, DeliveryState::from_code, "delivery state")?,
                    message_id: self.get(row, 2)?,
                    attempts: self.get(row, 3)?,
                    subscriber_state: self.term(
                        row,
                        4,
                        SubscriberState::from_code,
                        "subscriber state",
                    )?,
                    address: open(5, address_context(id))?,
                    unsubscribe_token: open(6, unsubscribe_context(id))?,
                })
            })
            .collect()
    }

    /// Records the progress of one delivery, committed at once: in flight
    /// (counts an attempt) before the SMTP transaction, then sent, deferred
    /// or failed (with the relay's answer, sealed) after it, or skipped.
    pub async fn newsletter_mark_delivery(
        &self,
        issue_id: i64,
        subscriber_id: i64,
        state: DeliveryState,
        error: Option<&str>,
    ) -> Result<()> {
        let now = crate::time::now_utc();
        let sealed_error = error
            .map(|e| self.seal_text(&error_context(issue_id, subscriber_id), e))
            .unwrap_or_default();
        let done = sqlx::query(
            "UPDATE newsletter_deliveries SET state = $3, \
             attempts = attempts + CASE WHEN $3 = 'in-flight' THEN 1 ELSE 0 END, \
             last_error = CASE WHEN $4 = '' THEN last_error ELSE $4 END, updated_at = $5, \
             sent_at = CASE WHEN $3 = 'sent' THEN $5 ELSE sent_at END \
             WHERE issue_id = $1 AND subscriber_id = $2",
        )
        .bind(issue_id)
        .bind(subscriber_id)
        .bind(state.code())
        .bind(sealed_error)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| {
            self.query_error(
                format!("recording delivery of issue {issue_id} to subscriber {subscriber_id}"),
                e,
            )
        })?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Invalid {
                what: format!("delivery of issue {issue_id} to subscriber {subscriber_id}"),
                detail: "no such delivery".to_string(),
            });
        }
        Ok(())
    }

    /// Takes or renews the sending lease of an issue for `holder` until
    /// `seconds` from now: true when `holder` has it, false when another
    /// run holds a lease that has not expired (schema 0011).
    pub async fn newsletter_take_send_lease(
        &self,
        issue_id: i64,
        holder: &str,
        seconds: i64,
    ) -> Result<bool> {
        let now = crate::time::now_utc();
        let until = crate::time::timestamp_after(seconds);
        let done = sqlx::query(
            "INSERT INTO newsletter_send_leases (issue_id, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (issue_id) DO UPDATE SET holder = excluded.holder, \
             expires_at = excluded.expires_at \
             WHERE newsletter_send_leases.holder = excluded.holder \
             OR newsletter_send_leases.expires_at < $4",
        )
        .bind(issue_id)
        .bind(holder)
        .bind(until)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("taking the sending lease of issue {issue_id}"), e))?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease back (a run that ends lets the next start at once).
    pub async fn newsletter_release_send_lease(&self, issue_id: i64, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM newsletter_send_leases WHERE issue_id = $1 AND holder = $2")
            .bind(issue_id)
            .bind(holder)
            .execute(&self.pool)
            .await
            .map_err(|e| {
                self.query_error(
                    format!("releasing the sending lease of issue {issue_id}"),
                    e,
                )
            })?;
        Ok(())
    }

    /// Ends whatever lease an issue has: for an operator who knows the
    /// holding run is dead (killed, machine restarted) and will not wait
    /// for it to expire.
    pub async fn newsletter_break_send_lease(&self, issue_id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM newsletter_send_leases WHERE issue_id = $1")
            .bind(issue_id)
            .execute(&self.pool)
            .await
            .map_err(|e| {
                self.query_error(format!("ending the sending lease of issue {issue_id}"), e)
            })?;
        Ok(done.rows_affected() > 0)
    }

    /// Until when a run holds the sending lease of an issue, if one does.
    pub async fn newsletter_send_lease_until(&self, issue_id: i64) -> Result<Option<String>> {
        let now = crate::time::now_utc();
        sqlx::query_scalar::<Any, String>(
            "SELECT expires_at FROM newsletter_send_leases WHERE issue_id = $1 AND expires_at >= $2",
        )
        .bind(issue_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading the sending lease of issue {issue_id}"), e))
    }

    /// The last refusal recorded for a delivery, opened.
    pub async fn newsletter_delivery_error(
        &self,
        issue_id: i64,
        subscriber_id: i64,
    ) -> Result<Option<String>> {
        let sealed: Option<String> = sqlx::query_scalar::<Any, String>(
            "SELECT last_error FROM newsletter_deliveries WHERE issue_id = $1 AND subscriber_id = $2",
        )
        .bind(issue_id)
        .bind(subscriber_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.query_error("reading a delivery", e))?;
        match sealed {
            Some(s) if !s.is_empty() => Ok(Some(
                self.open_text(&error_context(issue_id, subscriber_id), &s)?,
            )),
            _ => Ok(None),
        }
    }

    pub async fn newsletter_delivery_counts(&self, issue_id: i64) -> Result<DeliveryCounts> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) FROM newsletter_deliveries WHERE issue_id = $1 GROUP BY state",
        )
        .bind(issue_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("counting the deliveries of issue {issue_id}"), e))?;
        let mut counts = DeliveryCounts::default();
        for row in &rows {
            let state = self.term(row, 0, DeliveryState::from_code, "delivery state")?;
            let n: i64 = self.get(row, 1)?;
            match state {
                DeliveryState::Pending => counts.pending = n,
                DeliveryState::InFlight => counts.in_flight = n,
                DeliveryState::Sent => counts.sent = n,
                DeliveryState::Deferred => counts.deferred = n,
                DeliveryState::Failed => counts.failed = n,
                DeliveryState::Skipped => counts.skipped = n,
            }
        }
        Ok(counts)
    }

    /// Every delivery of an issue, in subscriber order (no addresses).
    pub async fn newsletter_deliveries(&self, issue_id: i64) -> Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(
            "SELECT subscriber_id, state, message_id, attempts, updated_at, sent_at \
             FROM newsletter_deliveries WHERE issue_id = $1 ORDER BY subscriber_id",
        )
        .bind(issue_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("listing the deliveries of issue {issue_id}"), e))?;
        rows.iter()
            .map(|row| {
                Ok(DeliveryRecord {
                    subscriber_id: self.get(row, 0)?,
                    state: self.term(row, 1, DeliveryState::from_code, "delivery state")?,
                    message_id: self.get(row, 2)?,
                    attempts: self.get(row, 3)?,
                    updated_at: self.get(row, 4)?,
                    sent_at: self.get(row, 5)?,
                })
            })
            .collect()
    }
}
