//! Collective appeals: the editor's text and citations, its state (draft,
//! open, closed), and its signatures with their confirmation and
//! moderation.
//!
//! A signatory's e-mail address is sealed with the data key and found by a
//! keyed hash (the blind index's HMAC over the appeal and the address), so
//! one address signs an appeal once and a database dump reveals no
//! address. No method returns an address: it is used once, to send the
//! confirmation link, by the caller who received it. Confirmation secrets
//! are stored as SHA-256 hashes only.

use super::{field_error, Audited, CaseError, CaseResult};
use crate::{Result, Store};
use kuager_case::{AppealDraft, AppealState, Citation, Moderation, SignatureDraft};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppealRecord {
    pub id: i64,
    pub draft: AppealDraft,
    pub state: AppealState,
    pub citations: Vec<Citation>,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

/// A signature as the editor sees it: everything but the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureRecord {
    pub id: i64,
    pub appeal_id: i64,
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub city: String,
    pub country: String,
    pub political_group: String,
    /// Language of the form the signatory used (`ru`, `kk`, `en`).
    pub language: String,
    pub signed_at: String,
    /// When the signatory followed the confirmation link.
    pub confirmed_at: Option<String>,
    pub moderation: Moderation,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<String>,
    pub version: i64,
}

impl SignatureRecord {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    /// Confirmed and approved: shown on the appeal.
    pub fn counts(&self) -> bool {
        self.is_confirmed() && self.moderation == Moderation::Approved
    }

    /// `name — role, organisation, city, country / political group`.
    pub fn line(&self) -> String {
        kuager_case::appeals::signatory_line(
            &self.name,
            &self.role,
            &self.organisation,
            &self.city,
            &self.country,
            &self.political_group,
        )
    }
}

/// Which signatures to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureFilter {
    pub moderation: Option<Moderation>,
    /// Only confirmed (`Some(true)`) or unconfirmed (`Some(false)`) ones.
    pub confirmed: Option<bool>,
}

impl SignatureFilter {
    /// What the public sees: confirmed and approved.
    pub fn counted() -> SignatureFilter {
        SignatureFilter {
            moderation: Some(Moderation::Approved),
            confirmed: Some(true),
        }
    }
}

/// What signing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signed {
    /// A new signature, waiting for its confirmation.
    New(i64),
    /// The address had signed but not confirmed: its details and its
    /// confirmation secret were replaced (the old link stops working).
    Renewed(i64),
    /// The address had already confirmed a signature: nothing changed.
    AlreadyConfirmed(i64),
}

impl Signed {
    pub fn id(&self) -> i64 {
        match self {
            Signed::New(id) | Signed::Renewed(id) | Signed::AlreadyConfirmed(id) => *id,
        }
    }
}

/// What following a confirmation link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The signature (of appeal `appeal_id`) is confirmed now.
    Confirmed { appeal_id: i64, signature_id: i64 },
    /// No signature waits for this secret (unknown, used or expired).
    Unknown,
    /// The appeal is no longer open for signatures.
    Closed { appeal_id: i64 },
}

/// A new confirmation secret, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// SHA-256 (hex) of the secret sent in the link.
    pub token_hash: String,
    /// When the link stops working (RFC 3339, UTC).
    pub expires_at: String,
}

const APPEAL_COLUMNS: &str = "id, title, addressees, language, body, state, opened_at, \
     closed_at, created_by, created_at, updated_at, version";

const SIGNATURE_COLUMNS: &str = "id, appeal_id, name, role, organisation, city, country, \
     political_group, language, signed_at, confirmed_at, moderation, moderated_by, \
     moderated_at, version";

fn email_context(id: i64) -> String {
    format!("appeal_signatures.email:{id}")
}

fn not_found(entity: &'static str, id: i64) -> CaseError {
    CaseError::NotFound {
        entity,
        id: id.to_string(),
    }
}

impl Store {
    /// The keyed hash an address is found by, for one appeal.
    fn signature_email_hash(&self, appeal_id: i64, email: &str) -> Result<String> {
        let email = kuager_case::appeals::normalize_email(email);
        self.blind_token(&format!("appeal-signature\u{1f}{appeal_id}\u{1f}{email}"))
            .ok_or_else(|| self.corrupt("the blind index refused an address".to_string()))
    }

    // ---- appeals --------------------------------------------------------

    /// Starts a draft appeal.
    pub async fn add_appeal(&self, actor: i64, draft: &AppealDraft) -> CaseResult<i64> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let id = change.next_id("appeals").await?;
        sqlx::query(
            "INSERT INTO appeals (id, title, addressees, language, body, state, created_by, \
             created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $7, 1)",
        )
        .bind(id)
        .bind(draft.title.trim())
        .bind(draft.addressees.trim())
        .bind(draft.language.as_str())
        .bind(draft.body.as_str())
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("storing appeal {id}"), e))?;
        let after = self.appeal_audit(&mut change.tx, id).await?;
        change
            .commit("create", "appeal", &id.to_string(), None, Some(after))
            .await?;
        Ok(id)
    }

    /// Replaces an appeal's text; version-checked. A closed appeal is
    /// final and refused.
    pub async fn update_appeal(
        &self,
        actor: i64,
        id: i64,
        version: i64,
        draft: &AppealDraft,
    ) -> CaseResult<()> {
        field_error(draft.validate())?;
        let mut change = Audited::begin(self, Some(actor)).await?;
        let record = self.read_appeal_or_not_found(&mut change.tx, id).await?;
        if record.state == AppealState::Closed {
            return Err(CaseError::Field {
                field: "state",
                message: "error-appeal-closed",
            });
        }
        let before = self.audit_json("appeal", &record)?;
        let done = sqlx::query(
            "UPDATE appeals SET title = $3, addressees = $4, language = $5, body = $6, \
             updated_at = $7, version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(draft.title.trim())
        .bind(draft.addressees.trim())
        .bind(draft.language.as_str())
        .bind(draft.body.as_str())
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("updating appeal {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(change.refused("appeals", "appeal", id, version).await);
        }
        let after = self.appeal_audit(&mut change.tx, id).await?;
        change
            .commit(
                "update",
                "appeal",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    /// Adds (`add` true) or removes a citation. The cited event or person
    /// must exist to be added; whether it may be shown is decided when
    /// the appeal is rendered.
    pub async fn set_appeal_citation(
        &self,
        actor: i64,
        id: i64,
        citation: &Citation,
        add: bool,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let record = self.read_appeal_or_not_found(&mut change.tx, id).await?;
        if record.state == AppealState::Closed {
            return Err(CaseError::Field {
                field: "state",
                message: "error-appeal-closed",
            });
        }
        let before = self.audit_json("appeal", &record)?;
        let context = format!("changing the citations of appeal {id}");
        if add {
            if record.citations.contains(citation) {
                return Ok(());
            }
            let exists = match citation {
                Citation::Event(event) => sqlx::query("SELECT 1 FROM events WHERE id = $1")
                    .bind(*event)
                    .fetch_optional(&mut *change.tx)
                    .await
                    .map_err(|e| self.query_error(context.as_str(), e))?
                    .is_some(),
                Citation::Person(key) => sqlx::query(
                    "SELECT 1 FROM person_mentions WHERE sha256 = $1 AND start_char = $2",
                )
                .bind(key.sha256.as_str())
                .bind(crate::to_i64(key.start, "mention offset")?)
                .fetch_optional(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?
                .is_some(),
            };
            if !exists {
                return Err(CaseError::NotFound {
                    entity: citation.kind(),
                    id: citation.reference(),
                });
            }
            let position: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(position) FROM appeal_citations WHERE appeal_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
            sqlx::query(
                "INSERT INTO appeal_citations (appeal_id, position, kind, reference) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position.map_or(1, |p| p + 1))
            .bind(citation.kind())
            .bind(citation.reference())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        } else {
            sqlx::query(
                "DELETE FROM appeal_citations WHERE appeal_id = $1 AND kind = $2 \
                 AND reference = $3",
            )
            .bind(id)
            .bind(citation.kind())
            .bind(citation.reference())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        }
        sqlx::query("UPDATE appeals SET updated_at = $2, version = version + 1 WHERE id = $1")
            .bind(id)
            .bind(change.now.as_str())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(context.as_str(), e))?;
        let after = self.appeal_audit(&mut change.tx, id).await?;
        let action = if add { "cite" } else { "uncite" };
        change
            .commit(action, "appeal", &id.to_string(), Some(before), Some(after))
            .await?;
        Ok(())
    }

    /// Opens a draft for signatures, or closes an open appeal (signing
    /// stops; the appeal is final).
    pub async fn set_appeal_state(&self, actor: i64, id: i64, next: AppealState) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let record = self.read_appeal_or_not_found(&mut change.tx, id).await?;
        if !record.state.may_become(next) {
            return Err(CaseError::Field {
                field: "state",
                message: "error-appeal-state",
            });
        }
        let before = self.audit_json("appeal", &record)?;
        let column = match next {
            AppealState::Open => "opened_at",
            AppealState::Closed => "closed_at",
            AppealState::Draft => "updated_at",
        };
        let sql = format!(
            "UPDATE appeals SET state = $2, {column} = $3, updated_at = $3, \
             version = version + 1 WHERE id = $1 AND state = $4"
        );
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(next.code())
            .bind(change.now.as_str())
            .bind(record.state.code())
            .execute(&mut *change.tx)
            .await
            .map_err(|e| self.query_error(format!("changing the state of appeal {id}"), e))?;
        if done.rows_affected() == 0 {
            return Err(not_found("appeal", id));
        }
        let after = self.appeal_audit(&mut change.tx, id).await?;
        change
            .commit(
                next.code(),
                "appeal",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    pub async fn appeal(&self, id: i64) -> Result<Option<AppealRecord>> {
        let mut conn = self.reader().await?;
        self.read_appeal(&mut conn, id).await
    }

    /// Appeals in the given states (all when empty), newest first.
    pub async fn appeals(&self, states: &[AppealState]) -> Result<Vec<AppealRecord>> {
        let mut conn = self.reader().await?;
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM appeals ORDER BY id DESC")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.query_error("listing appeals", e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = self.read_appeal(&mut conn, id).await? {
                if states.is_empty() || states.contains(&a.state) {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }

    // ---- signatures -----------------------------------------------------

    /// Records a signature from the public form (no account: the actor is
    /// nobody), waiting for confirmation through the secret whose hash is
    /// `confirmation.token_hash`. An address signs an appeal once: signing
    /// again before confirming replaces the details and the secret;
    /// after confirming it changes nothing. Only an open appeal is signed.
    pub async fn sign_appeal(
        &self,
        appeal_id: i64,
        signature: &SignatureDraft,
        language: &str,
        confirmation: &Confirmation,
    ) -> CaseResult<Signed> {
        let s = signature.normalized();
        field_error(s.validate())?;
        let mut change = Audited::begin(self, None).await?;
        let appeal = self
            .read_appeal_or_not_found(&mut change.tx, appeal_id)
            .await?;
        if appeal.state != AppealState::Open {
            return Err(CaseError::Field {
                field: "appeal",
                message: "error-appeal-not-open",
            });
        }
        let email_hash = self.signature_email_hash(appeal_id, &s.email)?;
        let context = format!("storing a signature of appeal {appeal_id}");
        let existing = sqlx::query(
            "SELECT id, confirmed_at FROM appeal_signatures \
             WHERE appeal_id = $1 AND email_hash = $2",
        )
        .bind(appeal_id)
        .bind(email_hash.as_str())
        .fetch_optional(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(context.as_str(), e))?;
        let outcome = match existing {
            Some(row) => {
                let id: i64 = self.get(&row, 0)?;
                let confirmed: Option<String> = self.get(&row, 1)?;
                if confirmed.is_some() {
                    // Nothing changes; the audit record still says someone
                    // tried (without who).
                    change
                        .commit(
                            "sign-again",
                            "appeal-signature",
                            &id.to_string(),
                            None,
                            None,
                        )
                        .await?;
                    return Ok(Signed::AlreadyConfirmed(id));
                }
                let before = self.signature_audit(&mut change.tx, id).await?;
                sqlx::query(
                    "UPDATE appeal_signatures SET name = $2, role = $3, organisation = $4, \
                     city = $5, country = $6, political_group = $7, token_hash = $8, \
                     token_expires_at = $9, language = $10, signed_at = $11, \
                     moderation = 'pending', moderated_by = NULL, moderated_at = NULL, \
                     version = version + 1 WHERE id = $1",
                )
                .bind(id)
                .bind(s.name.as_str())
                .bind(s.role.as_str())
                .bind(s.organisation.as_str())
                .bind(s.city.as_str())
                .bind(s.country.as_str())
                .bind(s.political_group.as_str())
                .bind(confirmation.token_hash.as_str())
                .bind(confirmation.expires_at.as_str())
                .bind(language)
                .bind(change.now.as_str())
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
                let after = self.signature_audit(&mut change.tx, id).await?;
                change
                    .commit(
                        "sign",
                        "appeal-signature",
                        &id.to_string(),
                        Some(before),
                        Some(after),
                    )
                    .await?;
                return Ok(Signed::Renewed(id));
            }
            None => {
                let id = change.next_id("appeal_signatures").await?;
                sqlx::query(
                    "INSERT INTO appeal_signatures (id, appeal_id, name, role, organisation, \
                     city, country, political_group, email, email_hash, token_hash, \
                     token_expires_at, language, signed_at, moderation, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                     'pending', 1)",
                )
                .bind(id)
                .bind(appeal_id)
                .bind(s.name.as_str())
                .bind(s.role.as_str())
                .bind(s.organisation.as_str())
                .bind(s.city.as_str())
                .bind(s.country.as_str())
                .bind(s.political_group.as_str())
                .bind(self.seal_text(&email_context(id), &s.email))
                .bind(email_hash.as_str())
                .bind(confirmation.token_hash.as_str())
                .bind(confirmation.expires_at.as_str())
                .bind(language)
                .bind(change.now.as_str())
                .execute(&mut *change.tx)
                .await
                .map_err(|e| self.query_error(context.as_str(), e))?;
                Signed::New(id)
            }
        };
        let id = outcome.id();
        let after = self.signature_audit(&mut change.tx, id).await?;
        change
            .commit(
                "sign",
                "appeal-signature",
                &id.to_string(),
                None,
                Some(after),
            )
            .await?;
        Ok(outcome)
    }

    /// Confirms the signature waiting for the secret whose SHA-256 is
    /// `token_hash`, if it has not expired and its appeal is still open.
    /// The secret works once.
    pub async fn confirm_signature(&self, token_hash: &str) -> CaseResult<Confirmed> {
        let mut change = Audited::begin(self, None).await?;
        let row = sqlx::query(
            "SELECT s.id, s.appeal_id, s.token_expires_at, a.state FROM appeal_signatures s \
             JOIN appeals a ON a.id = s.appeal_id WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *change.tx)
        .await
        .map_err(|e| self.query_error("looking up a confirmation", e))?;
        let Some(row) = row else {
            return Ok(Confirmed::Unknown);
        };
        let id: i64 = self.get(&row, 0)?;
        let appeal_id: i64 = self.get(&row, 1)?;
        let expires: Option<String> = self.get(&row, 2)?;
        let state: String = self.get(&row, 3)?;
        if state != AppealState::Open.code() {
            return Ok(Confirmed::Closed { appeal_id });
        }
        if expires.is_none_or(|t| t.as_str() < change.now.as_str()) {
            return Ok(Confirmed::Unknown);
        }
        let before = self.signature_audit(&mut change.tx, id).await?;
        sqlx::query(
            "UPDATE appeal_signatures SET confirmed_at = $2, token_hash = NULL, \
             token_expires_at = NULL, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("confirming signature {id}"), e))?;
        let after = self.signature_audit(&mut change.tx, id).await?;
        change
            .commit(
                "confirm",
                "appeal-signature",
                &id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(Confirmed::Confirmed {
            appeal_id,
            signature_id: id,
        })
    }

    /// An editor's decision on a signature of appeal `appeal_id`.
    pub async fn moderate_signature(
        &self,
        actor: i64,
        appeal_id: i64,
        signature_id: i64,
        decision: Moderation,
    ) -> CaseResult<()> {
        let mut change = Audited::begin(self, Some(actor)).await?;
        let record = self
            .read_signature(&mut change.tx, signature_id)
            .await?
            .filter(|s| s.appeal_id == appeal_id)
            .ok_or_else(|| not_found("signature", signature_id))?;
        let before = self.audit_json("signature", &record)?;
        sqlx::query(
            "UPDATE appeal_signatures SET moderation = $2, moderated_by = $3, \
             moderated_at = $4, version = version + 1 WHERE id = $1",
        )
        .bind(signature_id)
        .bind(decision.code())
        .bind(actor)
        .bind(change.now.as_str())
        .execute(&mut *change.tx)
        .await
        .map_err(|e| self.query_error(format!("moderating signature {signature_id}"), e))?;
        let after = self.signature_audit(&mut change.tx, signature_id).await?;
        change
            .commit(
                "moderate",
                "appeal-signature",
                &signature_id.to_string(),
                Some(before),
                Some(after),
            )
            .await?;
        Ok(())
    }

    /// Signatures of an appeal, in the order they were first made.
    pub async fn signatures(
        &self,
        appeal_id: i64,
        filter: &SignatureFilter,
    ) -> Result<Vec<SignatureRecord>> {
        let mut sql =
            format!("SELECT {SIGNATURE_COLUMNS} FROM appeal_signatures WHERE appeal_id = $1");
        if filter.moderation.is_some() {
            sql.push_str(" AND moderation = $2");
        }
        match filter.confirmed {
            Some(true) => sql.push_str(" AND confirmed_at IS NOT NULL"),
            Some(false) => sql.push_str(" AND confirmed_at IS NULL"),
            None => {}
        }
        sql.push_str(" ORDER BY id");
        let mut query = sqlx::query(&sql).bind(appeal_id);
        if let Some(m) = filter.moderation {
            query = query.bind(m.code());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(|e| {
            self.query_error(format!("listing signatures of appeal {appeal_id}"), e)
        })?;
        rows.iter().map(|r| self.signature_row(r)).collect()
    }

    /// Whether `email` has signed appeal `appeal_id` (confirmed or not):
    /// found by the keyed hash, without opening any address.
    pub async fn has_signed(&self, appeal_id: i64, email: &str) -> Result<bool> {
        let hash = self.signature_email_hash(appeal_id, email)?;
        let found =
            sqlx::query("SELECT 1 FROM appeal_signatures WHERE appeal_id = $1 AND email_hash = $2")
                .bind(appeal_id)
                .bind(hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.query_error("looking up a signature", e))?;
        Ok(found.is_some())
    }

    // ---- helpers --------------------------------------------------------

    async fn appeal_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let record = self.read_appeal_or_not_found(conn, id).await?;
        Ok(self.audit_json("appeal", &record)?)
    }

    async fn signature_audit(&self, conn: &mut AnyConnection, id: i64) -> CaseResult<String> {
        let record = self
            .read_signature(conn, id)
            .await?
            .ok_or_else(|| not_found("signature", id))?;
        Ok(self.audit_json("signature", &record)?)
    }

    async fn read_appeal_or_not_found(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> CaseResult<AppealRecord> {
        self.read_appeal(conn, id)
            .await?
            .ok_or_else(|| not_found("appeal", id))
    }

    async fn read_appeal(&self, conn: &mut AnyConnection, id: i64) -> Result<Option<AppealRecord>> {
        let sql = format!("SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| self.query_error(format!("reading appeal {id}"), e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let cited = sqlx::query(
            "SELECT kind, reference FROM appeal_citations WHERE appeal_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.query_error(format!("reading the citations of appeal {id}"), e))?;
        let mut citations = Vec::with_capacity(cited.len());
        for r in &cited {
            let kind: String = self.get(r, 0)?;
            let reference: String = self.get(r, 1)?;
            citations.push(Citation::from_stored(&kind, &reference).ok_or_else(|| {
                self.corrupt(format!("citation {kind:?} {reference:?} of appeal {id}"))
            })?);
        }
        Ok(Some(AppealRecord {
            id,
            draft: AppealDraft {
                title: self.get(&row, 1)?,
                addressees: self.get(&row, 2)?,
                language: self.get(&row, 3)?,
                body: self.get(&row, 4)?,
            },
            state: self.term(&row, 5, AppealState::from_code, "appeal state")?,
            citations,
            opened_at: self.get(&row, 6)?,
            closed_at: self.get(&row, 7)?,
            created_by: self.get(&row, 8)?,
            created_at: self.get(&row, 9)?,
            updated_at: self.get(&row, 10)?,
            version: self.get(&row, 11)?,
        }))
    }

    async fn read_signature(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<SignatureRecord>> {
        let sql = format!("SELECT {SIGNATURE_COLUMNS} FROM appeal_signatures WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(conn)
            .await
            .map_err(|e| self.query_error(format!("reading signature {id}"), e))?;
        row.map(|r| self.signature_row(&r)).transpose()
    }

    fn signature_row(&self, row: &AnyRow) -> Result<SignatureRecord> {
        Ok(SignatureRecord {
            id: self.get(row, 0)?,
            appeal_id: self.get(row, 1)?,
            name: self.get(row, 2)?,
            role: self.get(row, 3)?,
            organisation: self.get(row, 4)?,
            city: self.get(row, 5)?,
            country: self.get(row, 6)?,
            political_group: self.get(row, 7)?,
            language: self.get(row, 8)?,
            signed_at: self.get(row, 9)?,
            confirmed_at: self.get(row, 10)?,
            moderation: self.term(row, 11, Moderation::from_code, "moderation")?,
            moderated_by: self.get(row, 12)?,
            moderated_at: self.get(row, 13)?,
            version: self.get(row, 14)?,
        })
    }
}
