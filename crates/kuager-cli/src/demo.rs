//! `kuager demo`: the sample corpus (Kuager's own test texts, built into
//! the binary) ingested into a fresh embedded database.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

/// (file name, contents) of the sample corpus in `gold/corpus/`.
const SAMPLES: &[(&str, &str)] = &[
    (
        "c01_en_statement.txt",
        include_str!("../../../gold/corpus/c01_en_statement.txt"),
    ),
    (
        "c02_en_news.md",
        include_str!("../../../gold/corpus/c02_en_news.md"),
    ),
    (
        "c03_en_court.html",
        include_str!("../../../gold/corpus/c03_en_court.html"),
    ),
    (
        "c04_en_letter.txt",
        include_str!("../../../gold/corpus/c04_en_letter.txt"),
    ),
    (
        "c05_en_list.txt",
        include_str!("../../../gold/corpus/c05_en_list.txt"),
    ),
    (
        "c06_ru_statement.txt",
        include_str!("../../../gold/corpus/c06_ru_statement.txt"),
    ),
    (
        "c07_ru_news.txt",
        include_str!("../../../gold/corpus/c07_ru_news.txt"),
    ),
    (
        "c08_ru_court.txt",
        include_str!("../../../gold/corpus/c08_ru_court.txt"),
    ),
    (
        "c09_ru_list.txt",
        include_str!("../../../gold/corpus/c09_ru_list.txt"),
    ),
    (
        "c10_ru_letter.txt",
        include_str!("../../../gold/corpus/c10_ru_letter.txt"),
    ),
    (
        "c11_kk_article.txt",
        include_str!("../../../gold/corpus/c11_kk_article.txt"),
    ),
    (
        "c12_kk_statement.txt",
        include_str!("../../../gold/corpus/c12_kk_statement.txt"),
    ),
    (
        "c13_kk_news.txt",
        include_str!("../../../gold/corpus/c13_kk_news.txt"),
    ),
    (
        "c14_kk_latn.txt",
        include_str!("../../../gold/corpus/c14_kk_latn.txt"),
    ),
];

pub async fn run(keep: Option<PathBuf>) -> Result<ExitCode> {
    let dir = tempfile::tempdir().context("creating a temporary directory for the demo")?;
    let docs = dir.path().join("corpus");
    std::fs::create_dir_all(&docs)?;
    for (name, text) in SAMPLES {
        std::fs::write(docs.join(name), text).with_context(|| format!("writing sample {name}"))?;
    }
    let db_path = match &keep {
        Some(p) => p.clone(),
        None => dir.path().join("demo.db"),
    };
    let url = format!("sqlite://{}", db_path.display());
    println!(
        "Kuager demo: ingesting {} sample documents into {}\n",
        SAMPLES.len(),
        db_path.display()
    );
    let store = crate::register::open(&url).await?;
    let summary = crate::ingest::ingest(&store, &[docs], 64 * 1024 * 1024).await?;
    crate::ingest::print_summary(&summary, false)?;
    println!("\n== The register ==");
    crate::output::persons(&store.persons().await?, false)?;
    println!("\n== Reported figures ==");
    crate::output::figures(&store.figures().await?, false)?;
    println!("\n== Search: \"Мендыгазиев\" (any spelling, any script) ==");
    let hits = kuager_register::search(&store, "Мендыгазиев")
        .await
        .map_err(crate::register::cli_error)?;
    crate::output::search(&hits, false)?;
    println!("\n== Review queue ==");
    crate::register::show_review(&store, false).await?;
    if keep.is_some() {
        println!("\nThe demo database is kept: try `kuager --db {url} persons`.");
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
