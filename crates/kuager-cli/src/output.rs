//! Printing: JSON for machines, aligned tables for people.

use anyhow::Result;
use kuager_domain::ReviewPair;
use kuager_store::{DocumentSummary, FigureRecord, PersonRecord};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct MentionJson<'a> {
    source: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    mentions: Vec<MentionJson<'a>>,
}

fn person_json(p: &PersonRecord) -> PersonJson<'_> {
    PersonJson {
        id: &p.id,
        name: &p.name,
        aliases: &p.aliases,
        mentions: p
            .mentions
            .iter()
            .map(|m| MentionJson {
                source: &m.source,
                text: &m.text,
                start: m.start,
                end: m.end,
            })
            .collect(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn pad(s: &str, n: usize) -> String {
    let len = s.chars().count();
    if len >= n {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(n - len))
    }
}

pub fn persons(list: &[PersonRecord], json: bool) -> Result<()> {
    if json {
        let out: Vec<PersonJson<'_>> = list.iter().map(person_json).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{}  {}  MENTIONS  ALSO WRITTEN",
        pad("ID", 12),
        pad("NAME", 34)
    );
    for p in list {
        println!(
            "{}  {}  {:>8}  {}",
            pad(&p.id, 12),
            pad(&truncate(&p.name, 34), 34),
            p.mentions.len(),
            truncate(&p.aliases.join("; "), 60)
        );
    }
    println!("{} people", list.len());
    Ok(())
}

/// A few words either side of a mention.
fn snippet(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(50);
    let to = (end + 50).min(chars.len());
    let clean = |s: &[char]| s.iter().collect::<String>().replace(['\n', '\t'], " ");
    let before = chars
        .get(from..start.min(chars.len()))
        .map(clean)
        .unwrap_or_default();
    let inner = chars
        .get(start.min(chars.len())..end.min(chars.len()))
        .map(clean)
        .unwrap_or_default();
    let after = chars
        .get(end.min(chars.len())..to)
        .map(clean)
        .unwrap_or_default();
    format!("…{before}[{inner}]{after}…")
}

pub fn person(p: &PersonRecord, texts: &BTreeMap<String, String>, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(&person_json(p))?);
        return Ok(());
    }
    println!("{}  {}", p.id, p.name);
    if !p.aliases.is_empty() {
        println!("also written: {}", p.aliases.join("; "));
    }
    println!("\nmentions:");
    for m in &p.mentions {
        let ctx = texts
            .get(&m.key.sha256)
            .map(|t| snippet(t, m.start, m.end))
            .unwrap_or_default();
        println!("  {}:{}  {}  {}", m.source, m.start, m.text, ctx);
    }
    let mut sources: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for m in &p.mentions {
        sources.entry(&m.source).or_insert((&m.key.sha256, 0)).1 += 1;
    }
    println!("\nsources:");
    for (name, (sha, n)) in sources {
        println!(
            "  {name}  sha256:{}  ({n} mention(s))",
            &sha[..sha.len().min(16)]
        );
    }
    Ok(())
}

pub fn search(hits: &[kuager_register::Hit], json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(hits)?);
        return Ok(());
    }
    if hits.is_empty() {
        println!("no one found");
    }
    for h in hits {
        println!(
            "{}  {}  ({} mention(s))  {}",
            pad(&h.id, 12),
            pad(&h.name, 34),
            h.mentions,
            truncate(&h.aliases.join("; "), 50)
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct FigureJson<'a> {
    source: &'a str,
    text: &'a str,
    value: u64,
    qualifier: &'a str,
    unit: &'a str,
    event: Option<&'a str>,
    start: usize,
    end: usize,
}

pub fn figures(list: &[FigureRecord], json: bool) -> Result<()> {
    if json {
        let out: Vec<FigureJson<'_>> = list
            .iter()
            .map(|f| FigureJson {
                source: &f.source,
                text: &f.figure.text,
                value: f.figure.value,
                qualifier: f.figure.qualifier.as_str(),
                unit: &f.figure.unit,
                event: f.figure.event.as_deref(),
                start: f.figure.span.start,
                end: f.figure.span.end,
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for f in list {
        let fig = &f.figure;
        println!(
            "{:>8}  {}  {}  {}  — {} ({}:{})",
            fig.value,
            pad(fig.qualifier.as_str(), 9),
            pad(&fig.unit, 16),
            pad(fig.event.as_deref().unwrap_or("-"), 12),
            truncate(&fig.text, 50),
            f.source,
            fig.span.start
        );
    }
    println!("{} figures", list.len());
    Ok(())
}

pub fn documents(list: &[DocumentSummary], json: bool) -> Result<()> {
    if json {
        #[derive(Serialize)]
        struct D<'a> {
            file_name: &'a str,
            sha256: &'a str,
            language: &'a str,
            format: &'a str,
            title: &'a str,
            chars: usize,
            persons: usize,
            figures: usize,
        }
        let out: Vec<D<'_>> = list
            .iter()
            .map(|d| D {
                file_name: &d.file_name,
                sha256: &d.sha256,
                language: d.language.code(),
                format: d.format.as_str(),
                title: &d.title,
                chars: d.chars,
                persons: d.persons,
                figures: d.figures,
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for d in list {
        println!(
            "{}  {}  {:<3} {:<8} {:>6} chars {:>4} people  {}",
            &d.sha256[..d.sha256.len().min(12)],
            pad(&truncate(&d.file_name, 28), 28),
            d.language.code(),
            d.format.as_str(),
            d.chars,
            d.persons,
            truncate(&d.title, 50)
        );
    }
    Ok(())
}

pub fn review(
    pairs: &[ReviewPair],
    names: &BTreeMap<String, PersonRecord>,
    json: bool,
) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(pairs)?);
        return Ok(());
    }
    if pairs.is_empty() {
        println!("nothing to review");
    }
    let describe = |id: &str| {
        names
            .get(id)
            .map(|p| {
                let sources: std::collections::BTreeSet<&str> =
                    p.mentions.iter().map(|m| m.source.as_str()).collect();
                format!(
                    "{} {} [{}]",
                    id,
                    p.name,
                    sources.into_iter().collect::<Vec<_>>().join(", ")
                )
            })
            .unwrap_or_else(|| id.to_string())
    };
    for p in pairs {
        println!(
            "{:.2}  {}\n      {}\n      evidence: {}",
            p.score,
            describe(&p.a),
            describe(&p.b),
            p.evidence.join("; ")
        );
        println!(
            "      decide: kuager merge {} {}   or   kuager distinct {} {}",
            p.a, p.b, p.a, p.b
        );
    }
    Ok(())
}

/// Assembly counts: per year, notifications and refusals by reason (every
/// reason every year), then refusals by city.
pub fn assembly_stats(stats: &kuager_case::AssemblyStats, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(stats)?);
        return Ok(());
    }
    if stats.years.is_empty() {
        println!("no assembly notifications");
        return Ok(());
    }
    print!("{}", pad("", 24));
    for y in &stats.years {
        print!("{:>8}", y.year);
    }
    println!();
    let row = |label: &str, values: Vec<u64>| {
        print!("{}", pad(label, 24));
        for v in values {
            print!("{v:>8}");
        }
        println!();
    };
    row(
        "notifications",
        stats.years.iter().map(|y| y.notifications).collect(),
    );
    row("agreed", stats.years.iter().map(|y| y.agreed).collect());
    row(
        "no answer",
        stats.years.iter().map(|y| y.no_answer).collect(),
    );
    row("refused", stats.years.iter().map(|y| y.refused).collect());
    for (i, reason) in stats.reasons.iter().enumerate() {
        row(
            &format!("  {reason}"),
            stats
                .years
                .iter()
                .map(|y| y.by_reason.get(i).copied().unwrap_or(0))
                .collect(),
        );
    }
    row(
        "cities with refusals",
        stats
            .years
            .iter()
            .map(|y| y.cities_with_refusals() as u64)
            .collect(),
    );
    for city in &stats.cities {
        let name = kuager_case::places::place(city).map_or(city.as_str(), |p| p.en);
        row(
            &format!("  {name}"),
            stats
                .years
                .iter()
                .map(|y| y.by_city.get(city).map_or(0, |v| v.iter().sum()))
                .collect(),
        );
    }
    Ok(())
}
