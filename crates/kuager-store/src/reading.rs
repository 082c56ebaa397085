//! Reads the web pages need that are narrower than the register-wide
//! listings: one document's mentions and figures, a source's event, and
//! reports by text.

use crate::{Result, Store};
use kuager_domain::{FigureMention, Qualifier, Span};

/// A person mention of a document as the source page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMention {
    pub span: Span,
    pub text: String,
}

impl Store {
    /// The person mentions of a document in text order, each with the id of
    /// the person it is assigned to.
    pub async fn document_mentions(
        &self,
        sha256: &str,
    ) -> Result<Vec<(DocumentMention, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT m.start_char, m.end_char, m.text, pm.person_id FROM person_mentions m \
             LEFT JOIN person_members pm ON pm.sha256 = m.sha256 AND pm.start_char = m.start_char \
             WHERE m.sha256 = $1 ORDER BY m.start_char",
        )
        .bind(sha256)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading mentions of document {sha256}"), e))?;
        rows.iter()
            .map(|row| {
                Ok((
                    DocumentMention {
                        span: self.span(row, 0, 1)?,
                        text: self.get(row, 2)?,
                    },
                    self.get(row, 3)?,
                ))
            })
            .collect()
    }

    /// The figures of a document with their ordinals, in text order.
    pub async fn document_figures(&self, sha256: &str) -> Result<Vec<(i64, FigureMention)>> {
        let rows = sqlx::query(
            "SELECT ordinal, start_char, end_char, text, value, qualifier, unit, event \
             FROM figure_mentions WHERE sha256 = $1 ORDER BY start_char, ordinal",
        )
        .bind(sha256)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.query_error(format!("reading figures of document {sha256}"), e))?;
        rows.iter()
            .map(|row| {
                let qualifier: String = self.get(row, 5)?;
                Ok((
                    self.get(row, 0)?,
                    FigureMention {
                        span: self.span(row, 1, 2)?,
                        text: self.get(row, 3)?,
                        value: u64::try_from(self.get::<i64>(row, 4)?)
                            .map_err(|e| self.corrupt(format!("figure value: {e}")))?,
                        qualifier: Qualifier::parse(&qualifier)
                            .ok_or_else(|| self.corrupt(format!("qualifier {qualifier:?}")))?,
                        unit: self.get(row, 6)?,
                        event: self.get(row, 7)?,
                    },
                ))
            })
            .collect()
    }

    /// The event a source belongs to.
    pub async fn source_event(&self, source_id: i64) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT event_id FROM sources WHERE id = $1")
            .bind(source_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.query_error(format!("reading source {source_id}"), e))
    }

    /// Reports holding every word of `query` (whole words, any case) in
    /// their text, names, place or date, newest first. Report text is
    /// sealed: the search goes through the blind index (keyed hashes of the
    /// words), so the database never sees the words searched for either.
    pub async fn search_reports(
        &self,
        query: &str,
        limit: i64,
    ) -> Result<Vec<crate::ReportSummary>> {
        let tokens: std::collections::BTreeSet<String> = kuager_vault::words(query)
            .filter_map(|word| self.blind_token(word))
            .collect();
        if tokens.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=tokens.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT report_id FROM report_tokens WHERE token IN ({}) GROUP BY report_id \
             HAVING COUNT(*) = {} ORDER BY report_id DESC LIMIT ${}",
            placeholders.join(", "),
            tokens.len(),
            tokens.len() + 1
        );
        let mut search = sqlx::query(&sql);
        for token in &tokens {
            search = search.bind(token.as_str());
        }
        let rows = search
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("searching reports", e))?;
        let mut out = Vec::new();
        for row in &rows {
            let id: i64 = self.get(row, 0)?;
            if let Some(r) = self.report(id).await? {
                out.push(crate::ReportSummary {
                    id: r.id,
                    author_name: r.author_name,
                    state: r.state,
                    consent: r
                        .draft
                        .consent
                        .unwrap_or(kuager_case::Consent::Confidential),
                    what_excerpt: r.draft.what.chars().take(200).collect(),
                    created_at: r.created_at,
                });
            }
        }
        Ok(out)
    }
}
