//! Stacked vertical bars per month, one colour per series (event type).

use crate::canvas::Align;
use crate::palette::{self, AXIS, GRID, MUTED, TEXT};
use crate::{
    draw_legend, draw_title, format_count, join_alt, nice_step, Chart, ChartError, Renderer,
    LABEL_SIZE, PAD,
};

/// One stacked layer: its label and one value per month (missing values
/// count as 0, extra values are ignored).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    pub values: Vec<u64>,
}

/// Months along the x axis, series stacked in the order given (the first
/// at the bottom).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthlyChart {
    pub title: String,
    /// Month labels as the page shows them ("2022-01", "янв. 2022").
    pub months: Vec<String>,
    pub series: Vec<Series>,
    pub unit: String,
}

/// At most this many months are drawn (the latest ones).
pub const MAX_MONTHS: usize = 240;

/// At most this many series are drawn (the first ones); the alt text
/// still names all.
pub const MAX_SERIES: usize = 24;

const PLOT_HEIGHT: f32 = 240.0;

fn value(series: &Series, month: usize) -> u64 {
    series.values.get(month).copied().unwrap_or(0)
}

pub(crate) fn render(renderer: &Renderer, chart: &MonthlyChart) -> Result<Chart, ChartError> {
    let skip = chart.months.len().saturating_sub(MAX_MONTHS);
    let months: Vec<(usize, &String)> = chart.months.iter().enumerate().skip(skip).collect();
    let totals: Vec<u64> = months
        .iter()
        .map(|(m, _)| {
            chart
                .series
                .iter()
                .fold(0u64, |acc, s| acc.saturating_add(value(s, *m)))
        })
        .collect();
    if months.is_empty() || chart.series.is_empty() {
        return renderer.no_data_chart(&chart.title);
    }
    let drawn = &chart.series[..chart.series.len().min(MAX_SERIES)];
    let legend: Vec<(palette::Rgb, String)> = drawn
        .iter()
        .enumerate()
        .map(|(i, s)| (palette::category(i), s.label.clone()))
        .collect();

    let mut probe = renderer.canvas(400)?;
    let header = {
        let y = draw_title(&mut probe, &chart.title, Some(&chart.unit));
        draw_legend(&mut probe, &legend, y)
    };
    drop(probe);
    let axis_label_h = if renderer.has_text() { 22.0 } else { 4.0 };
    let height = (header + PLOT_HEIGHT + axis_label_h + PAD).ceil() as u32;

    let mut canvas = renderer.canvas(height)?;
    let width = canvas.width();
    let mut y = draw_title(&mut canvas, &chart.title, Some(&chart.unit));
    y = draw_legend(&mut canvas, &legend, y);
    let plot_top = y + 4.0;
    let plot_bottom = plot_top + PLOT_HEIGHT - 8.0;

    let max = totals.iter().copied().max().unwrap_or(0) as f64;
    let step = nice_step(max, 5.0);
    let top_value = if max > 0.0 {
        (max / step).ceil() * step
    } else {
        step
    };
    let tick_labels: Vec<(f64, String)> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= top_value + step * 0.01)
        .take(12)
        .map(|v| (v, format_count(v as u64)))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|(_, t)| canvas.text_width(t, LABEL_SIZE))
        .fold(0.0, f32::max);
    let x0 = PAD + tick_w + if renderer.has_text() { 8.0 } else { 0.0 };
    let x1 = width - PAD;
    let scale = |v: f64| plot_bottom - ((v / top_value) as f32) * (plot_bottom - plot_top);

    for (v, label) in &tick_labels {
        let ty = scale(*v);
        canvas.line(x0, ty, x1, ty, 1.0, GRID);
        canvas.text(
            label,
            x0 - 6.0,
            ty + LABEL_SIZE * 0.36,
            LABEL_SIZE,
            MUTED,
            Align::Right,
        );
    }

    let n = months.len() as f32;
    let slot = (x1 - x0) / n;
    let bar_w = (slot * 0.72).max(1.0);
    for (col, (m, _)) in months.iter().enumerate() {
        let bx = x0 + col as f32 * slot + (slot - bar_w) / 2.0;
        let mut acc = 0f64;
        for (i, s) in drawn.iter().enumerate() {
            let v = value(s, *m) as f64;
            if v <= 0.0 {
                continue;
            }
            let y_low = scale(acc);
            acc += v;
            let y_high = scale(acc);
            canvas.rect(
                bx,
                y_high,
                bar_w,
                (y_low - y_high).max(0.5),
                palette::category(i),
            );
        }
    }
    canvas.line(x0, plot_bottom, x1, plot_bottom, 1.0, AXIS);

    // Month labels: every k-th, so that they do not collide.
    if renderer.has_text() {
        let widest = months
            .iter()
            .map(|(_, l)| canvas.text_width(l, LABEL_SIZE))
            .fold(0.0, f32::max)
            + 10.0;
        let every = ((widest / slot).ceil() as usize).max(1);
        for (col, (_, label)) in months.iter().enumerate() {
            if !col.is_multiple_of(every) {
                continue;
            }
            let cx = x0 + col as f32 * slot + slot / 2.0;
            let label = canvas.fit(label, LABEL_SIZE, slot * every as f32 - 4.0);
            canvas.line(cx, plot_bottom, cx, plot_bottom + 4.0, 1.0, AXIS);
            canvas.text(
                &label,
                cx,
                plot_bottom + 18.0,
                LABEL_SIZE,
                TEXT,
                Align::Centre,
            );
        }
    }

    let mut parts = Vec::new();
    for (col, (m, label)) in months.iter().enumerate() {
        let layers: Vec<String> = chart
            .series
            .iter()
            .filter(|s| value(s, *m) > 0)
            .map(|s| format!("{} {}", s.label.trim(), format_count(value(s, *m))))
            .collect();
        let detail = if layers.is_empty() {
            String::new()
        } else {
            format!(" ({})", layers.join(", "))
        };
        parts.push(format!(
            "{}: {}{}",
            label.trim(),
            format_count(totals[col]),
            detail
        ));
    }
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
