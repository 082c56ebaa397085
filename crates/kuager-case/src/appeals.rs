//! Collective appeals: an editor's letter to the OSCE, PACE, the UN or a
//! government (addressees, title, language, text in Markdown), the cases
//! and people of the register it cites, and the people who sign it.
//!
//! A signatory is shown one per line, as such letters list them:
//! `name — role, organisation, city, country / political group`
//! ([`SignatureDraft::line`]). Pure types and rules; storage seals the
//! signatory's e-mail address and the redaction layer decides what of the
//! cited records may be shown.

use crate::FieldError;
use kuager_domain::MentionKey;

/// Longest title, addressee list and text an appeal takes (characters).
pub const MAX_APPEAL_TITLE: usize = 300;
pub const MAX_APPEAL_ADDRESSEES: usize = 2_000;
pub const MAX_APPEAL_TEXT: usize = 100_000;
/// Longest field of a signature (name, role, organisation...).
pub const MAX_SIGNATURE_FIELD: usize = 200;
/// Longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// Where an appeal is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppealState {
    /// Being written; not public.
    Draft,
    /// Public and open for signatures.
    Open,
    /// Public, final: signing has stopped.
    Closed,
}

impl AppealState {
    pub const ALL: &'static [AppealState] =
        &[AppealState::Draft, AppealState::Open, AppealState::Closed];

    pub fn code(self) -> &'static str {
        match self {
            AppealState::Draft => "draft",
            AppealState::Open => "open",
            AppealState::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<AppealState> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn message_id(self) -> String {
        format!("appeal-state-{}", self.code())
    }

    /// Open and closed appeals are public; a draft is not.
    pub fn is_public(self) -> bool {
        self != AppealState::Draft
    }

    /// The states an appeal may move to from this one: a draft is opened,
    /// an open appeal closed; a closed appeal is final.
    pub fn may_become(self, next: AppealState) -> bool {
        matches!(
            (self, next),
            (AppealState::Draft, AppealState::Open) | (AppealState::Open, AppealState::Closed)
        )
    }
}

/// An editor's decision on a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Moderation {
    /// Not yet looked at.
    Pending,
    Approved,
    Rejected,
}

impl Moderation {
    pub const ALL: &'static [Moderation] = &[
        Moderation::Pending,
        Moderation::Approved,
        Moderation::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Moderation::Pending => "pending",
            Moderation::Approved => "approved",
            Moderation::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Moderation> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn message_id(self) -> String {
        format!("moderation-{}", self.code())
    }
}

/// Languages an appeal is written in (the interface's three).
pub const APPEAL_LANGUAGES: &[&str] = &["ru", "kk", "en"];

/// What an editor writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AppealDraft {
    pub title: String,
    /// One addressee a line ("General Secretary of the OSCE").
    pub addressees: String,
    /// `ru`, `kk` or `en`.
    pub language: String,
    /// The text, Markdown. Raw HTML in it is shown as text, never passed
    /// through.
    pub body: String,
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

impl AppealDraft {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut field = |field, message| errors.push(FieldError { field, message });
        for (name, value, max) in [
            ("title", &self.title, MAX_APPEAL_TITLE),
            ("addressees", &self.addressees, MAX_APPEAL_ADDRESSEES),
            ("body", &self.body, MAX_APPEAL_TEXT),
        ] {
            if value.trim().is_empty() {
                field(name, "error-required");
            } else if too_long(value, max) {
                field(name, "error-too-long");
            }
        }
        if !APPEAL_LANGUAGES.contains(&self.language.as_str()) {
            field("language", "error-appeal-language");
        }
        errors
    }

    /// The addressees, one a line, empty lines left out.
    pub fn addressee_lines(&self) -> Vec<&str> {
        addressee_lines(&self.addressees)
    }
}

/// The lines of an addressee list, trimmed, empty ones left out.
pub fn addressee_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A record of the register an appeal cites.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", content = "ref", rename_all = "kebab-case")]
pub enum Citation {
    /// A case: an event of the register, by id.
    Event(i64),
    /// A person of the register, by their anchor mention (the smallest
    /// mention key of the person when cited): person ids change when
    /// people are merged, a mention stays, so the citation follows the
    /// person it was made for.
    Person(MentionKey),
}

impl Citation {
    pub fn kind(&self) -> &'static str {
        match self {
            Citation::Event(_) => "event",
            Citation::Person(_) => "person",
        }
    }

    /// The stored reference (event id as digits, or `sha256:start`).
    pub fn reference(&self) -> String {
        match self {
            Citation::Event(id) => id.to_string(),
            Citation::Person(key) => key.to_string(),
        }
    }

    /// Reads a stored (kind, reference) pair back.
    pub fn from_stored(kind: &str, reference: &str) -> Option<Citation> {
        match kind {
            "event" => reference.parse().ok().map(Citation::Event),
            "person" => {
                let (sha256, start) = reference.rsplit_once(':')?;
                let ok = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
                ok.then_some(())?;
                Some(Citation::Person(MentionKey {
                    sha256: sha256.to_string(),
                    start: start.parse().ok()?,
                }))
            }
            _ => None,
        }
    }
}

/// What a signatory types into the public form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureDraft {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub city: String,
    pub country: String,
    pub political_group: String,
    /// Never shown, never exported: the store seals it.
    pub email: String,
}

/// A field as one line: control characters dropped, runs of white space
/// (line breaks included) made one space, trimmed. A signatory list has
/// one signatory per line, so no field may break it.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl SignatureDraft {
    /// The draft with every field made one line and the address trimmed
    /// and lower-cased (the form of it that is compared).
    pub fn normalized(&self) -> SignatureDraft {
        SignatureDraft {
            name: one_line(&self.name),
            role: one_line(&self.role),
            organisation: one_line(&self.organisation),
            city: one_line(&self.city),
            country: one_line(&self.country),
            political_group: one_line(&self.political_group),
            email: normalize_email(&self.email),
        }
    }

    /// Problems of a normalized draft. The address is checked for its
    /// shape here; whether mail can be sent to it is for the mailer.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut field = |field, message| errors.push(FieldError { field, message });
        if self.name.trim().is_empty() {
            field("name", "error-required");
        }
        for (name, value) in [
            ("name", &self.name),
            ("role", &self.role),
            ("organisation", &self.organisation),
            ("city", &self.city),
            ("country", &self.country),
            ("political_group", &self.political_group),
        ] {
            if too_long(value, MAX_SIGNATURE_FIELD) {
                field(name, "error-too-long");
            }
        }
        if self.email.is_empty() {
            field("email", "error-required");
        } else if !plausible_email(&self.email) {
            field("email", "error-email");
        }
        errors
    }

    /// The signatory's line: `name — role, organisation, city, country /
    /// political group`, leaving out what was not given.
    pub fn line(&self) -> String {
        signatory_line(
            &self.name,
            &self.role,
            &self.organisation,
            &self.city,
            &self.country,
            &self.political_group,
        )
    }
}

/// `name — role, organisation, city, country / political group`, parts
/// not given left out (with their separators).
pub fn signatory_line(
    name: &str,
    role: &str,
    organisation: &str,
    city: &str,
    country: &str,
    political_group: &str,
) -> String {
    let details: Vec<String> = [role, organisation, city, country]
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect();
    let mut rest = details.join(", ");
    let group = one_line(political_group);
    if !group.is_empty() {
        if !rest.is_empty() {
            rest.push_str(" / ");
        }
        rest.push_str(&group);
    }
    let name = one_line(name);
    if rest.is_empty() {
        name
    } else {
        format!("{name} — {rest}")
    }
}

/// An address as compared: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// One `@` with something on both sides, a dot in the domain, no white
/// space or control characters, not too long.
fn plausible_email(email: &str) -> bool {
    if too_long(email, MAX_EMAIL) || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> SignatureDraft {
        SignatureDraft {
            name: "  Әсел\nҚұрманова ".into(),
            role: "journalist".into(),
            organisation: "".into(),
            city: "Oral".into(),
            country: "Kazakhstan".into(),
            political_group: "".into(),
            email: " Asel@Example.ORG ".into(),
        }
    }

    #[test]
    fn a_signatory_is_one_line_without_empty_parts() {
        let d = draft().normalized();
        assert_eq!(d.name, "Әсел Құрманова");
        assert_eq!(d.email, "asel@example.org");
        assert_eq!(d.line(), "Әсел Құрманова — journalist, Oral, Kazakhstan");
        assert_eq!(
            signatory_line("A B", "", "", "", "Malta", "SOC"),
            "A B — Malta / SOC"
        );
        assert_eq!(
            signatory_line("A B", "", "", "", "", "EPP/CD"),
            "A B — EPP/CD"
        );
        assert_eq!(signatory_line("A\r\nB", "", "", "", "", ""), "A B");
        assert!(d.validate().is_empty());
    }

    #[test]
    fn bad_signatures_name_their_field() {
        let mut d = draft().normalized();
        d.name = String::new();
        d.email = "no-at-sign".into();
        let fields: Vec<_> = d.validate().iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            fields,
            vec![("name", "error-required"), ("email", "error-email")]
        );
        d.email = "a@b@c.org".into();
        d.name = "x".repeat(MAX_SIGNATURE_FIELD + 1);
        let fields: Vec<_> = d.validate().iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            fields,
            vec![("name", "error-too-long"), ("email", "error-email")]
        );
    }

    #[test]
    fn appeals_are_checked_and_move_forward_only() {
        let mut a = AppealDraft {
            title: "On the release of political prisoners".into(),
            addressees: "Secretary General\n\n  Rapporteur  \n".into(),
            language: "en".into(),
            body: "We ask **you**.".into(),
        };
        assert!(a.validate().is_empty());
        assert_eq!(a.addressee_lines(), vec!["Secretary General", "Rapporteur"]);
        a.language = "de".into();
        a.body = " ".into();
        let fields: Vec<_> = a.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["body", "language"]);
        assert!(AppealState::Draft.may_become(AppealState::Open));
        assert!(AppealState::Open.may_become(AppealState::Closed));
        assert!(!AppealState::Closed.may_become(AppealState::Open));
        assert!(!AppealState::Draft.may_become(AppealState::Closed));
        assert!(!AppealState::Draft.is_public());
    }

    #[test]
    fn citations_round_trip() {
        let key = MentionKey {
            sha256: "ab".repeat(32),
            start: 17,
        };
        for c in [Citation::Event(12), Citation::Person(key)] {
            assert_eq!(Citation::from_stored(c.kind(), &c.reference()), Some(c));
        }
        assert_eq!(Citation::from_stored("event", "x"), None);
        assert_eq!(Citation::from_stored("thing", "1"), None);
        assert_eq!(Citation::from_stored("person", "abc:1"), None);
    }
}
