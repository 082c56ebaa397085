//! Reported figures from different sources side by side: for each group
//! (for example "died"), one bar per source kind (official, independent).

use crate::bar::{bar_length, BAR, ROW};
use crate::canvas::Align;
use crate::palette::{self, AXIS, MUTED, TEXT};
use crate::{
    draw_legend, draw_title, format_count, join_alt, Chart, ChartError, Renderer, LABEL_SIZE, PAD,
};

/// One compared figure ("died") and the value each source reported, in
/// the order of [`ComparisonChart::sources`]; `None` where a source gave
/// no figure (drawn as a dash, not as zero).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComparisonGroup {
    pub label: String,
    pub values: Vec<Option<u64>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComparisonChart {
    pub title: String,
    /// The source kinds, in legend order ("official", "independent").
    pub sources: Vec<String>,
    pub groups: Vec<ComparisonGroup>,
    pub unit: String,
}

/// At most this many groups and sources are drawn.
pub const MAX_GROUPS: usize = 30;
pub const MAX_SOURCES: usize = 7;

pub(crate) fn render(renderer: &Renderer, chart: &ComparisonChart) -> Result<Chart, ChartError> {
    let sources = &chart.sources[..chart.sources.len().min(MAX_SOURCES)];
    let groups = &chart.groups[..chart.groups.len().min(MAX_GROUPS)];
    let any_value = groups
        .iter()
        .any(|g| g.values.iter().take(sources.len()).any(Option::is_some));
    if sources.is_empty() || !any_value {
        return renderer.no_data_chart(&chart.title);
    }
    let legend: Vec<(palette::Rgb, String)> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (palette::category(i), s.clone()))
        .collect();
    let has_font = renderer.has_text();
    let group_head = if has_font { 20.0 } else { 6.0 };
    let mut probe = renderer.canvas(400)?;
    let header = {
        let y = draw_title(&mut probe, &chart.title, Some(&chart.unit));
        draw_legend(&mut probe, &legend, y)
    };
    drop(probe);
    let per_group = group_head + sources.len() as f32 * ROW + 8.0;
    let height = (header + groups.len() as f32 * per_group + PAD).ceil() as u32;

    let mut canvas = renderer.canvas(height)?;
    let width = canvas.width();
    let mut y = draw_title(&mut canvas, &chart.title, Some(&chart.unit));
    y = draw_legend(&mut canvas, &legend, y);

    let value_w = groups
        .iter()
        .flat_map(|g| g.values.iter().take(sources.len()))
        .map(|v| {
            canvas.text_width(
                &v.map(format_count).unwrap_or_else(|| "–".into()),
                LABEL_SIZE,
            )
        })
        .fold(0.0, f32::max)
        + if has_font { 8.0 } else { 0.0 };
    let x0 = PAD + if has_font { 12.0 } else { 0.0 };
    let span = (width - PAD - value_w - x0).max(10.0);
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter().take(sources.len()).flatten())
        .copied()
        .max()
        .unwrap_or(0);

    for group in groups {
        let label = canvas.fit(group.label.trim(), LABEL_SIZE + 1.0, width - 2.0 * PAD);
        canvas.text(&label, PAD, y + 15.0, LABEL_SIZE + 1.0, TEXT, Align::Left);
        y += group_head;
        let top = y;
        for i in 0..sources.len() {
            let baseline = y + ROW / 2.0 + LABEL_SIZE * 0.36;
            match group.values.get(i).copied().flatten() {
                Some(v) => {
                    let len = bar_length(v, max, span);
                    canvas.rect(x0, y + (ROW - BAR) / 2.0, len, BAR, palette::category(i));
                    canvas.text(
                        &format_count(v),
                        x0 + len + 5.0,
                        baseline,
                        LABEL_SIZE,
                        TEXT,
                        Align::Left,
                    );
                }
                None => {
                    canvas.text("–", x0 + 5.0, baseline, LABEL_SIZE, MUTED, Align::Left);
                }
            }
            y += ROW;
        }
        canvas.line(x0, top, x0, y, 1.0, AXIS);
        y += 8.0;
    }

    let parts: Vec<String> = chart
        .groups
        .iter()
        .map(|g| {
            let figures: Vec<String> = chart
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let v = g
                        .values
                        .get(i)
                        .copied()
                        .flatten()
                        .map(format_count)
                        .unwrap_or_else(|| "–".into());
                    format!("{} {v}", s.trim())
                })
                .collect();
            format!("{}: {}", g.label.trim(), figures.join(", "))
        })
        .collect();
    let mut body = parts.join("; ");
    if !chart.unit.trim().is_empty() {
        body = format!("({}) {body}", chart.unit.trim());
    }
    Ok(Chart {
        png: canvas.finish()?,
        alt: join_alt(&chart.title, &body),
        width: renderer.width(),
        height,
    })
}
