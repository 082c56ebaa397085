//! Short reads about many persons at once: what a list of search results
//! needs without each person's mentions.

use crate::{Backend, Result, Store, KEYS_PER_QUERY};
use serde::Serialize;
use sqlx::any::AnyRow;
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
            let sql = format!(
                "SELECT p.id, p.name, p.aliases_json, {MENTION_COUNT} FROM {}",
                self.persons_by_id(chunk.len(), 0)
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
                let summary = self.person_summary_row(row)?;
                found.insert(summary.id.clone(), summary);
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

    /// The `limit` persons of the current resolution who best match search
    /// keys `keys`, with the number of distinct keys each matched, ranked
    /// as [`Store::find_by_keys`] and [`Store::person_summaries`] together
    /// rank them in `kuager_register::search`: most keys matched, then most
    /// mentions, then name, then id.
    ///
    /// One statement: the database ranks every person matching a key and
    /// returns only the first `limit`. A common given or family name
    /// matches a thousand people of a register of 100,000, and reading
    /// all of them to show fifty took most of the time of a search
    /// (docs/benchmarks.md, "Web app").
    pub async fn search_persons(
        &self,
        keys: &[String],
        limit: usize,
    ) -> Result<Vec<(PersonSummary, usize)>> {
        let mut unique: Vec<&str> = keys.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        if unique.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        if unique.len() > KEYS_PER_QUERY {
            // More keys than one statement takes (no typed query has
            // that many): rank in memory.
            let found = self.find_by_keys(keys).await?;
            let scores: HashMap<&str, usize> =
                found.iter().map(|(id, s)| (id.as_str(), *s)).collect();
            let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
            let mut hits: Vec<(PersonSummary, usize)> = self
                .person_summaries(&ids)
                .await?
                .into_iter()
                .map(|p| {
                    let score = scores.get(p.id.as_str()).copied().unwrap_or(0);
                    (p, score)
                })
                .collect();
            hits.sort_by(|(a, sa), (b, sb)| {
                sb.cmp(sa)
                    .then(b.mentions.cmp(&a.mentions))
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.id.cmp(&b.id))
            });
            hits.truncate(limit);
            return Ok(hits);
        }
        let key_list = list(self.backend, 1, unique.len());
        let limit_param = match self.backend {
            Backend::Sqlite => "?".to_string(),
            Backend::Postgres => format!("${}", unique.len() + 1),
        };
        let sql = format!(
            "WITH t (person_id, score, mentions, name) AS (SELECT person_id, COUNT(*), \
             MAX(mentions), MAX(name) FROM person_keys WHERE search_key IN ({key_list}) \
             GROUP BY person_id ORDER BY COUNT(*) DESC, MAX(mentions) DESC, MAX(name), person_id \
             LIMIT {limit_param}) \
             SELECT p.id, p.name, p.aliases_json, t.mentions, t.score FROM t \
             JOIN persons p ON p.id = t.person_id \
             ORDER BY t.score DESC, t.mentions DESC, t.name, t.person_id"
        );
        let mut query = sqlx::query(&sql).persistent(false);
        for key in &unique {
            query = query.bind(*key);
        }
        let rows = query
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.query_error("searching persons", e))?;
        rows.iter()
            .map(|row| Ok((self.person_summary_row(row)?, self.count(row, 4)?)))
            .collect()
    }

    /// `persons p` restricted to `count` ids bound from parameter
    /// `after + 1` on, for a `SELECT ... FROM`.
    ///
    /// PostgreSQL gets the ids as a list of rows, each person looked up
    /// through the primary key: given `id IN (...)` with hundreds of ids,
    /// its planner (stock cost settings) reads all 100,000 persons instead,
    /// 17 ms against 10 ms for 800 ids. `LIMIT 1` keeps the subquery from
    /// being turned back into a join it would plan the same way.
    fn persons_by_id(&self, count: usize, after: usize) -> String {
        match self.backend {
            Backend::Sqlite => format!(
                "persons p WHERE p.id IN ({})",
                list(self.backend, after + 1, count)
            ),
            Backend::Postgres => format!(
                "(VALUES {}) AS i (id) CROSS JOIN LATERAL (SELECT q.id, q.name, q.aliases_json \
                 FROM persons q WHERE q.id = i.id LIMIT 1) p",
                (after + 1..=after + count)
                    .map(|n| format!("(${n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// A [`PersonSummary`] from columns id, name, aliases_json, mentions.
    fn person_summary_row(&self, row: &AnyRow) -> Result<PersonSummary> {
        let id: String = self.get(row, 0)?;
        let aliases_json: String = self.get(row, 2)?;
        let aliases = serde_json::from_str(&aliases_json)
            .map_err(|e| self.corrupt(format!("aliases of person {id}: {e}")))?;
        Ok(PersonSummary {
            name: self.get(row, 1)?,
            aliases,
            mentions: self.count(row, 3)?,
            id,
        })
    }
}

/// The number of mentions of person `p`: its rows of `person_members`.
///
/// The same number as the mentions [`Store::person`] reads through
/// `person_members` joined to `person_mentions` and `documents`: the write
/// path refuses a resolution that assigns a mention that is not stored,
/// and documents and their mentions are never deleted. Without the two
/// joins the count reads only the `person_members_by_person` index
/// (three index searches fewer per mention).
const MENTION_COUNT: &str = "(SELECT COUNT(*) FROM person_members pm WHERE pm.person_id = p.id)";

/// `count` placeholders, comma-separated, numbered from `first` for
/// PostgreSQL, anonymous for SQLite (which binds numbered parameters in
/// quadratic time, see `write::values_sql`).
fn list(backend: Backend, first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| match backend {
            Backend::Sqlite => "?".to_string(),
            Backend::Postgres => format!("${n}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
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

    fn keyed(id: &str, name: &str, starts: &[usize], keys: &[&str]) -> Person {
        Person {
            search_keys: keys.iter().map(|k| k.to_string()).collect(),
            ..person(id, name, &[], starts)
        }
    }

    #[tokio::test]
    async fn search_ranks_by_keys_mentions_name_and_id() {
        for db in temp_databases().await {
            let store = db.open().await.unwrap();
            let (doc, extraction) = document();
            store.insert_document(&doc, &extraction).await.unwrap();
            // Two keys: "p-aset"; one key and two mentions: "p-b"; one key
            // and one mention: "p-c" and "p-d" (by name), "p-e" and "p-f"
            // (same name, by id).
            let persons = [
                keyed("p-f", "Same", &[], &["g:aset"]),
                keyed("p-aset", "Aset Abishev", &[0], &["f:abishev", "g:aset"]),
                keyed("p-e", "Same", &[], &["g:aset"]),
                keyed("p-d", "Dana", &[], &["f:abishev"]),
                keyed("p-b", "Zed", &[17, 37], &["g:aset"]),
                keyed("p-c", "Cara", &[], &["f:abishev"]),
                keyed("p-x", "Other", &[], &["g:other"]),
            ];
            store.replace_resolution(&persons, &[]).await.unwrap();
            let keys = ["g:aset", "f:abishev", "g:aset", "f:nobody"].map(String::from);
            let got: Vec<(String, usize, usize)> = store
                .search_persons(&keys, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|(p, score)| (p.id, score, p.mentions))
                .collect();
            let want = [
                ("p-aset", 2, 1),
                ("p-b", 1, 2),
                ("p-c", 1, 0),
                ("p-d", 1, 0),
                ("p-e", 1, 0),
                ("p-f", 1, 0),
            ]
            .map(|(id, s, m)| (id.to_string(), s, m));
            assert_eq!(got, want, "{}", db.backend);
            let first = store.search_persons(&keys, 3).await.unwrap();
            assert_eq!(first.len(), 3, "{}", db.backend);
            assert_eq!(first[2].0.id, "p-c", "{}", db.backend);
            assert_eq!(first[0].0.aliases, Vec::<String>::new());
            assert!(store.search_persons(&[], 3).await.unwrap().is_empty());
            // More keys than one statement takes: the same ranking.
            let many: Vec<String> = (0..1500)
                .map(|i| format!("g:k{i}"))
                .chain(keys.iter().cloned())
                .collect();
            let got_many: Vec<(String, usize, usize)> = store
                .search_persons(&many, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|(p, score)| (p.id, score, p.mentions))
                .collect();
            assert_eq!(got_many, want, "{}", db.backend);
            store.close().await;
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
