//! Short reads about many persons at once: what a list of search results
//! needs without each person's mentions.

use crate::{Backend, Result, Store, KEYS_PER_QUERY};
use serde::Serialize;
use std::collections::HashMap;

/// A person of the current resolution without its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
}

impl Store {
    /// Id, name, aliases and number of mentions of each of `ids` that is a
    /// person of the current resolution, in the order of `ids` (an id given
    /// twice is returned once; unknown ids are left out).
    ///
    /// One statement per thousand ids, whatever the number of mentions:
    /// [`Store::person`] reads every mention of a person, which a list of
    /// thousands of search hits does not need. The count is the length of
    /// [`PersonRecord::mentions`](crate::PersonRecord::mentions).
    pub async fn person_summaries(&self, ids: &[String]) -> Result<Vec<PersonSummary>> {
        let mut unique: Vec<&str> = ids.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        let mut found: HashMap<String, PersonSummary> = HashMap::with_capacity(unique.len());
        for chunk in unique.chunks(KEYS_PER_QUERY) {
            let placeholders = (1..=chunk.len())
                .map(|i| match self.backend {
                    // Anonymous: SQLite binds numbered parameters in
                    // quadratic time (see write::values_sql).
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${i}"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            // The same joins as the mentions of `Store::person`, so that
            // the count equals the number of mentions read there.
            let sql = format!(
                "SELECT p.id, p.name, p.aliases_json, \
                 (SELECT COUNT(*) FROM person_members pm \
                  JOIN person_mentions m ON m.sha256 = pm.sha256 AND m.start_char = pm.start_char \
                  JOIN documents d ON d.sha256 = m.sha256 \
                  WHERE pm.person_id = p.id) \
                 FROM persons p WHERE p.id IN ({placeholders})"
            );
            let mut query = sqlx::query(&sql).persistent(false);
            for id in chunk {
                query = query.bind(*id);
            }
            let rows = query
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.query_error("reading person summaries", e))?;
            for row in &rows {
                let id: String = self.get(row, 0)?;
                let aliases_json: String = self.get(row, 2)?;
                let aliases = serde_json::from_str(&aliases_json)
                    .map_err(|e| self.corrupt(format!("aliases of person {id}: {e}")))?;
                let summary = PersonSummary {
                    name: self.get(row, 1)?,
                    aliases,
                    mentions: self.count(row, 3)?,
                    id: id.clone(),
                };
                found.insert(id, summary);
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for id in ids {
            if let Some(summary) = found.remove(id) {
                out.push(summary);
            }
        }
        Ok(out)
    }
}

#[cfg(all(test, feature = "testing"))]
mod tests {
    use super::PersonSummary;
    use crate::testing::temp_databases;
    use kuager_domain::{
        Document, DocumentFormat, Extraction, Language, MentionKey, Person, PersonMention,
        PersonName, Span,
    };

    fn document() -> (Document, Extraction) {
        let text = "Aset Abishev and Barlyk Mendygaziev; Abishev again.".to_string();
        let mention = |start: usize, end: usize, given: &str, family: &str| PersonMention {
            span: Span::new(start, end),
            text: text.chars().skip(start).take(end - start).collect(),
            name: PersonName {
                given: if given.is_empty() {
                    vec![]
                } else {
                    vec![given.to_string()]
                },
                family: vec![family.to_string()],
                ..PersonName::default()
            },
            refers_to: None,
        };
        let persons = vec![
            mention(0, 12, "Aset", "Abishev"),
            mention(17, 35, "Barlyk", "Mendygaziev"),
            mention(37, 44, "", "Abishev"),
        ];
        let doc = Document {
            file_name: "a.txt".to_string(),
            sha256: "ab".repeat(32),
            format: DocumentFormat::Text,
            encoding: "UTF-8".to_string(),
            language: Language::En,
            title: "a".to_string(),
            text,
        };
        (
            doc,
            Extraction {
                persons,
                ..Extraction::default()
            },
        )
    }

    fn person(id: &str, name: &str, aliases: &[&str], starts: &[usize]) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: starts
                .iter()
                .map(|&start| MentionKey {
                    sha256: "ab".repeat(32),
                    start,
                })
                .collect(),
            search_keys: vec![],
        }
    }

    #[tokio::test]
    async fn summaries_of_listed_persons_in_the_order_asked() {
        for db in temp_databases().await {
            let store = db.open().await.unwrap();
            let (doc, extraction) = document();
            store.insert_document(&doc, &extraction).await.unwrap();
            let persons = [
                person("p-aset", "Aset Abishev", &["Abishev"], &[0, 37]),
                person("p-barlyk", "Barlyk Mendygaziev", &[], &[17]),
            ];
            store.replace_resolution(&persons, &[]).await.unwrap();

            let ids = ["p-barlyk", "p-nobody", "p-aset", "p-barlyk"].map(String::from);
            let got = store.person_summaries(&ids).await.unwrap();
            assert_eq!(
                got,
                vec![
                    PersonSummary {
                        id: "p-barlyk".into(),
                        name: "Barlyk Mendygaziev".into(),
                        aliases: vec![],
                        mentions: 1,
                    },
                    PersonSummary {
                        id: "p-aset".into(),
                        name: "Aset Abishev".into(),
                        aliases: vec!["Abishev".into()],
                        mentions: 2,
                    },
                ],
                "{}",
                db.backend
            );
            // The counts agree with the full records.
            for s in &got {
                let full = store.person(&s.id).await.unwrap().unwrap();
                assert_eq!(full.mentions.len(), s.mentions, "{}", db.backend);
                assert_eq!(full.aliases, s.aliases, "{}", db.backend);
            }
            assert!(store.person_summaries(&[]).await.unwrap().is_empty());

            // More ids than one statement takes.
            let many: Vec<String> = (0..2500)
                .map(|i| format!("p-{i}"))
                .chain(["p-aset".to_string()])
                .collect();
            let got = store.person_summaries(&many).await.unwrap();
            assert_eq!(got.len(), 1, "{}", db.backend);
            assert_eq!(got[0].id, "p-aset");
            store.close().await;
        }
    }
}
