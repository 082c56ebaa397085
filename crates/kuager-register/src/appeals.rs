//! Signing a collective appeal with e-mail confirmation.
//!
//! [`sign`] stores the signature (its address sealed, found by a keyed
//! hash; only a hash of the confirmation secret is kept) and mails the
//! confirmation link through the configured relay; [`confirm`] follows the
//! link. A signature counts once it is confirmed and an editor approved
//! it. Signing with an address that already confirmed changes nothing and
//! sends nothing, and the answer is the same as for a new signature, so
//! the form does not tell anyone whether an address signed.

use kuager_case::SignatureDraft;
use kuager_mail::{Mailer, OutgoingMail};
use kuager_store::{CaseError, Confirmation, Confirmed, Signed, Store};
use sha2::{Digest, Sha256};

/// How long a confirmation link works.
pub const CONFIRMATION_DAYS: i64 = 7;

/// The path of the confirmation page for `token` (under the public URL).
pub fn confirmation_path(token: &str) -> String {
    format!("/appeals/confirm/{token}")
}

#[derive(Debug, thiserror::Error)]
pub enum AppealError {
    /// A field the form must correct: the field and the Fluent id of the
    /// reason.
    #[error("field {field}: {message}")]
    Field {
        field: &'static str,
        message: &'static str,
    },
    #[error(
        "no mail relay is configured (kuager serve --smtp-url): signatures cannot be confirmed"
    )]
    NoMail,
    #[error("the public address of the site is not configured (kuager serve --public-url): the confirmation link cannot be written")]
    NoPublicUrl,
    #[error("the confirmation could not be sent: {0}")]
    Mail(#[from] kuager_mail::MailError),
    #[error(transparent)]
    Case(CaseError),
}

impl From<CaseError> for AppealError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::Field { field, message } => AppealError::Field { field, message },
            other => AppealError::Case(other),
        }
    }
}

/// The confirmation message in the signatory's language: what [`sign`]
/// sends, the link given.
pub struct ConfirmationText<'a> {
    pub subject: String,
    /// The text; `{link}` in it is replaced by the link.
    pub text: &'a str,
    /// `ru`, `kk` or `en`.
    pub language: &'a str,
}

/// The SHA-256 (hex) a confirmation secret is stored as.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Signs appeal `appeal_id` and mails the confirmation link
/// (`public_url` + [`confirmation_path`] of `token`, a fresh random
/// secret the caller made). The signature is stored before the mail is
/// sent; if sending fails, signing again sends a new link.
pub async fn sign(
    store: &Store,
    mailer: Option<&Mailer>,
    public_url: &str,
    appeal_id: i64,
    draft: &SignatureDraft,
    token: &str,
    message: &ConfirmationText<'_>,
) -> Result<Signed, AppealError> {
    let draft = draft.normalized();
    if let Some(e) = draft.validate().first() {
        return Err(AppealError::Field {
            field: e.field,
            message: e.message,
        });
    }
    if !kuager_mail::valid_address(&draft.email) {
        return Err(AppealError::Field {
            field: "email",
            message: "error-email",
        });
    }
    let mailer = mailer.ok_or(AppealError::NoMail)?;
    let base = public_url.trim().trim_end_matches('/');
    if base.is_empty() {
        return Err(AppealError::NoPublicUrl);
    }
    let confirmation = Confirmation {
        token_hash: token_hash(token),
        expires_at: kuager_store::timestamp_after(CONFIRMATION_DAYS * 24 * 3600),
    };
    let signed = store
        .sign_appeal(appeal_id, &draft, message.language, &confirmation)
        .await?;
    if let Signed::New(_) | Signed::Renewed(_) = signed {
        let link = format!("{base}{}", confirmation_path(token));
        let mut mail = OutgoingMail::new(
            &draft.email,
            &message.subject,
            &message.text.replace("{link}", &link),
        );
        mail.language = Some(message.language.to_string());
        mailer.send(&mail).await?;
    }
    Ok(signed)
}

/// Follows a confirmation link's secret.
pub async fn confirm(store: &Store, token: &str) -> Result<Confirmed, AppealError> {
    let token = token.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Confirmed::Unknown);
    }
    Ok(store.confirm_signature(&token_hash(token)).await?)
}
