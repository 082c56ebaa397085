//! Horizontal bar charts: one bar per label, optionally coloured by group.

use crate::canvas::Align;
use crate::palette::{self, AXIS, MUTED, TEXT};
use crate::{
    draw_legend, draw_title, format_count, join_alt, Chart, ChartError, Renderer, LABEL_SIZE, PAD,
};

/// One bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// Bars of the same group share a colour and a legend entry (for
    /// example "region" and "city"); `None` for a chart of one kind.
    pub group: Option<String>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: u64) -> Self {
        Bar {
            label: label.into(),
            value,
            group: None,
        }
    }

    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// A horizontal bar chart; bars are drawn in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<Bar>,
    /// What is counted ("people", "refusals"); drawn under the title.
    pub unit: String,
}

/// At most this many bars are drawn; the alt text names how many more.
pub const MAX_BARS: usize = 60;

pub(crate) const ROW: f32 = 24.0;
pub(crate) const BAR: f32 = 16.0;

pub(crate) fn render(renderer: &Renderer, chart: &BarChart) -> Result<Chart, ChartError> {
    if chart.bars.is_empty() {
        return renderer.no_data_chart(&chart.title);
    }
    let shown = &chart.bars[..chart.bars.len().min(MAX_BARS)];
    let hidden = chart.bars.len() - shown.len();

    let mut groups: Vec<&str> = Vec::new();
    for bar in &chart.bars {
        if let Some(g) = bar.group.as_deref() {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }

    // Lay out with a throwaway canvas to measure the legend's height.
    let legend: Vec<(palette::Rgb, String)> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (palette::category(i), g.to_string()))
        .collect();
    let has_font = renderer.has_text();
    let header = header_height(renderer, &chart.title, &chart.unit, &legend)?;
    let footer = if hidden > 0 && has_font { ROW } else { 0.0 };
    let height = (header + shown.len() as f32 * ROW + footer + PAD).ceil() as u32;

    let mut canvas = renderer.canvas(height)?;
    let width = canvas.width();
    let mut y = draw_title(&mut canvas, &chart.title, Some(&chart.unit));
    y = draw_legend(&mut canvas, &legend, y);

    let label_w = if has_font {
        let widest = shown
            .iter()
            .map(|b| canvas.text_width(&b.label, LABEL_SIZE))
            .fold(0.0, f32::max);
        widest.min(width * 0.38).max(24.0)
    } else {
        0.0
    };
    let value_w = if has_font {
        shown
            .iter()
            .map(|b| canvas.text_width(&format_count(b.value), LABEL_SIZE))
            .fold(0.0, f32::max)
            + 8.0
    } else {
        0.0
    };
    let x0 = PAD + label_w + if has_font { 10.0 } else { 0.0 };
    let span = (width - PAD - value_w - x0).max(10.0);
    let max = shown.iter().map(|b| b.value).max().unwrap_or(0);

    let top = y;
    for (i, bar) in shown.iter().enumerate() {
        let row_y = top + i as f32 * ROW;
        let colour = match bar.group.as_deref() {
            Some(g) => palette::category(groups.iter().position(|x| *x == g).unwrap_or(0)),
            None => palette::category(0),
        };
        let len = bar_length(bar.value, max, span);
        canvas.rect(x0, row_y + (ROW - BAR) / 2.0, len, BAR, colour);
        let label = canvas.fit(&bar.label, LABEL_SIZE, label_w);
        let baseline = row_y + ROW / 2.0 + LABEL_SIZE * 0.36;
        canvas.text(&label, x0 - 10.0, baseline, LABEL_SIZE, TEXT, Align::Right);
        canvas.text(
            &format_count(bar.value),
            x0 + len + 5.0,
            baseline,
            LABEL_SIZE,
            TEXT,
            Align::Left,
        );
    }
    let bottom = top + shown.len() as f32 * ROW;
    canvas.line(x0, top, x0, bottom, 1.0, AXIS);
    if hidden > 0 {
        canvas.text(
            &format!("+{hidden} …"),
            x0,
            bottom + ROW * 0.7,
            LABEL_SIZE,
            MUTED,
            Align::Left,
        );
    }

    let mut parts: Vec<String> = chart
        .bars
        .iter()
        .map(|b| match &b.group {
            Some(g) => format!("{} ({g}): {}", b.label.trim(), format_count(b.value)),
            None => format!("{}: {}", b.label.trim(), format_count(b.value)),
        })
        .collect();
    if !chart.unit.trim().is_empty() {
        parts.insert(0, format!("({})", chart.unit.trim()));
    }
    Ok(Chart {
        png: canvas.finish()?,
        alt: join_alt(&chart.title, &parts.join("; ")),
        width: renderer.width(),
        height,
    })
}

/// Bar length in px: proportional to the maximum, at least 1 px for a
/// non-zero value so that it is visible.
pub(crate) fn bar_length(value: u64, max: u64, span: f32) -> f32 {
    if max == 0 || value == 0 {
        return 0.0;
    }
    ((value as f64 / max as f64) * span as f64).max(1.0) as f32
}

fn header_height(
    renderer: &Renderer,
    title: &str,
    unit: &str,
    legend: &[(palette::Rgb, String)],
) -> Result<f32, ChartError> {
    let mut probe = renderer.canvas(400)?;
    let y = draw_title(&mut probe, title, Some(unit));
    Ok(draw_legend(&mut probe, legend, y))
}
