//! `kuager staging`: an external list's people brought into the register
//! after a human looked at each match. The work is
//! `kuager_register::staging`; this parses and prints.

use anyhow::{Context, Result};
use clap::Subcommand;
use kuager_register::staging::{self as use_case, RowChoice, StagingOptions};
use kuager_store::{StagingChoice, StagingImportRecord, StagingRowRecord, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum StagingCommand {
    /// Stage a list (CSV in any delimiter, UTF-8 or Windows-1251; XLSX)
    /// and match every row against the register. Nothing enters the
    /// register yet. Rows that cannot be read are reported with their row
    /// number and reason; the rest are staged. The same file again
    /// changes nothing.
    Import {
        file: PathBuf,
        /// The list as a source, as its events will cite it.
        #[arg(long = "source", value_name = "CITATION")]
        source: String,
        /// Where the list is published, if it is.
        #[arg(long)]
        url: Option<String>,
        /// What happened to every person of the list (detention,
        /// killing...); without it each row's own event column.
        #[arg(long)]
        event_type: Option<String>,
        /// Map a field to a header: full_name=ФИО, birth_year=Год.
        /// Repeatable.
        #[arg(long = "column", value_name = "FIELD=HEADER")]
        columns: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// The staged lists, or one list's rows with their candidates.
    Show {
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Decide a row: `link PERSON_ID`, `new` (a person not in the
    /// register), `reject`, or `pending` (undecided again).
    Decide {
        id: i64,
        row: i64,
        #[arg(required = true, num_args = 1..=2, value_name = "link PERSON|new|reject")]
        choice: Vec<String>,
    },
    /// Write the decided rows into the register (one transaction), then
    /// resolve it. Events are created unpublished. Committing again
    /// writes nothing.
    Commit {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

pub async fn staging(store: &Store, command: StagingCommand) -> Result<ExitCode> {
    match command {
        StagingCommand::Import {
            file,
            source,
            url,
            event_type,
            columns,
            json,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let file_name = file.display().to_string();
            let options = StagingOptions {
                citation: source,
                url: url.unwrap_or_default(),
                event_type,
                columns,
            };
            let report = use_case::import_staging(store, None, &file_name, &bytes, &options)
                .await
                .map_err(crate::register::cli_error)?;
            for e in &report.row_errors {
                eprintln!("{file_name}: {e}");
            }
            let id = report.import.id;
            if json {
                let out = serde_json::json!({
                    "id": id,
                    "created": report.import.created,
                    "rows": report.rows,
                    "encoding": report.encoding,
                    "columns": report.columns,
                    "row_errors": report.row_errors.iter().map(|e| serde_json::json!({
                        "row": e.row, "field": e.field, "reason": e.reason,
                    })).collect::<Vec<_>>(),
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if report.import.created {
                println!(
                    "{file_name}: staged as import {id}: {} rows, {} rows not read ({}). \
                     Review with `kuager staging show {id}`.",
                    report.rows,
                    report.row_errors.len(),
                    report.encoding
                );
            } else {
                println!("{file_name}: unchanged (already staged as import {id})");
            }
            Ok(if report.row_errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        StagingCommand::Show { id: None, json } => {
            let imports = use_case::staging_imports(store).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&imports)?);
            } else {
                for i in &imports {
                    print_import(i);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        StagingCommand::Show { id: Some(id), json } => {
            let (import, rows) = use_case::staging_import(store, id)
                .await
                .map_err(crate::register::cli_error)?;
            if json {
                let out = serde_json::json!({ "import": import, "rows": rows });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print_import(&import);
                for row in &rows {
                    print_row(row);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        StagingCommand::Decide { id, row, choice } => {
            let choice = RowChoice::parse(&choice).map_err(crate::register::cli_error)?;
            use_case::decide_staging(store, None, id, row, &choice)
                .await
                .map_err(crate::register::cli_error)?;
            println!("import {id}, row {row}: {}", describe_choice(&choice));
            Ok(ExitCode::SUCCESS)
        }
        StagingCommand::Commit { id, json } => {
            let report = use_case::commit_staging(store, None, id)
                .await
                .map_err(crate::register::cli_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                for r in &report.committed {
                    let event = r
                        .event_id
                        .map_or("no event".to_string(), |e| format!("event {e}"));
                    println!(
                        "row {}: {} → person {}, {event}",
                        r.row_number,
                        r.decision,
                        r.person_id.as_deref().unwrap_or("?")
                    );
                }
                for (row, why) in &report.without_event {
                    println!("row {row}: no event created: {why}");
                }
                println!(
                    "import {id}: {} rows committed, {} left (pending, rejected or committed before)",
                    report.committed.len(),
                    report.left
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn describe_choice(choice: &RowChoice) -> String {
    match choice {
        RowChoice::Link(p) => format!("link to person {p}"),
        RowChoice::New => "new person".to_string(),
        RowChoice::Reject => "rejected".to_string(),
        RowChoice::Pending => "pending".to_string(),
    }
}

fn print_import(i: &StagingImportRecord) {
    let c = &i.counts;
    println!(
        "{}\t{}\t{}\t{} rows: {} pending, {} link, {} new, {} rejected; {} committed\t{}",
        i.id,
        i.file_name,
        i.citation,
        c.rows,
        c.pending,
        c.link,
        c.create,
        c.reject,
        c.committed,
        i.imported_at
    );
}

fn print_row(row: &StagingRowRecord) {
    let f = &row.fields;
    let mut facts = Vec::new();
    if let Some(y) = f.birth_year {
        facts.push(format!("born {y}"));
    }
    for v in [&f.city, &f.event_date, &f.event_type, &f.source]
        .into_iter()
        .flatten()
    {
        facts.push(v.clone());
    }
    let decision = match &row.choice {
        StagingChoice::Link { person_id, .. } => format!("link {person_id}"),
        other => other.code().to_string(),
    };
    let committed = if row.committed_at.is_some() {
        ", committed"
    } else {
        ""
    };
    println!(
        "  row {}: {} ({}) [{decision}{committed}]",
        row.row_number,
        f.full_name,
        facts.join(", ")
    );
    if row.candidates.is_empty() {
        println!("      no candidate in the register");
    }
    for c in &row.candidates {
        println!(
            "      {:.2} {} {} — {}",
            c.score,
            c.person_id,
            c.name,
            c.evidence.join("; ")
        );
    }
}
