//! Server-rendered charts for Kuager's public statistics pages.
//!
//! Tor Browser in its "Safest" setting runs no JavaScript and shows no SVG,
//! so the statistics page shows PNG images rendered here, each beside a
//! table with the same numbers. Every chart returns a [`Chart`]: the PNG
//! bytes and an alt text that states the figures, so the image is never
//! the only carrier of the data.
//!
//! * [`BarChart`]: horizontal bars (counts by region or city, status
//!   breakdown, assembly refusals by reason);
//! * [`MonthlyChart`]: stacked vertical bars per month by event type;
//! * [`ComparisonChart`]: reported figures from different sources side by
//!   side (official against independent);
//! * [`RegionMap`]: a choropleth of Kazakhstan's 17 regions and the three
//!   cities of republican significance; [`region_at`] tells which region a
//!   point lies in.
//!
//! The crate is pure: no clock, no network, no files except the font that
//! [`Renderer::from_env`] or [`Renderer::with_font_file`] reads. Text is
//! drawn with a TrueType font read at run time (DejaVu Sans by default,
//! which covers Cyrillic and the Kazakh letters); without a font the charts
//! are drawn without any text rather than failing. The caller passes every
//! word that appears in an image (titles, labels, the "no data" text), so
//! images follow the page's language; the alt text is built from those
//! words, numbers and punctuation only.
//!
//! Images are 720 px wide by default (the page's content width), on a white
//! background so they print.

mod bar;
mod canvas;
mod comparison;
mod map;
mod monthly;
pub mod palette;

use std::path::Path;

use ab_glyph::FontVec;

pub use bar::{Bar, BarChart, MAX_BARS};
pub use comparison::{ComparisonChart, ComparisonGroup, MAX_GROUPS, MAX_SOURCES};
pub use map::{class_breaks, class_colour, region_at, regions, City, Region, RegionMap, CITIES};
pub use monthly::{MonthlyChart, Series, MAX_MONTHS, MAX_SERIES};

use canvas::{Align, Canvas};
use palette::{MUTED, TEXT};

/// Where the font is looked for when `KUAGER_FONT` is not set (Debian's
/// `fonts-dejavu-core`).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// The environment variable naming another font file.
pub const FONT_ENV: &str = "KUAGER_FONT";

/// A rendered chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// The PNG file.
    pub png: Vec<u8>,
    /// A text alternative that states the chart's figures.
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// Why a chart could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("a {width}×{height} px image cannot be made")]
    Size { width: u32, height: u32 },
    #[error("the chart could not be encoded as PNG: {0}")]
    Encode(String),
}

/// Why a font could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a TrueType or OpenType font the renderer can read")]
    Invalid { path: String },
}

/// Draws the charts: holds the font (if any), the image width and the
/// words the renderer itself writes.
#[derive(Clone)]
pub struct Renderer {
    /// Shared: a renderer is cloned per chart to set its words.
    font: Option<std::sync::Arc<FontVec>>,
    width: u32,
    no_data: String,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("has_text", &self.font.is_some())
            .field("width", &self.width)
            .field("no_data", &self.no_data)
            .finish()
    }
}

/// Narrowest and widest image the renderer makes.
pub const MIN_WIDTH: u32 = 320;
pub const MAX_WIDTH: u32 = 2000;

impl Renderer {
    /// A renderer with no font: charts are drawn without text.
    pub fn without_text() -> Self {
        Renderer {
            font: None,
            width: 720,
            no_data: "No data".to_string(),
        }
    }

    /// The font named by `KUAGER_FONT`, else [`DEFAULT_FONT`]; when neither
    /// can be read, a renderer without text (see [`Renderer::has_text`]).
    pub fn from_env() -> Self {
        let path = std::env::var_os(FONT_ENV)
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| DEFAULT_FONT.into());
        Self::with_font_file(&path).unwrap_or_else(|_| Self::without_text())
    }

    /// A renderer using the font file at `path`.
    pub fn with_font_file(path: &Path) -> Result<Self, FontError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| FontError::Read {
            path: shown.clone(),
            source,
        })?;
        Self::with_font_bytes(bytes).map_err(|_| FontError::Invalid { path: shown })
    }

    /// A renderer using a font already in memory.
    pub fn with_font_bytes(bytes: Vec<u8>) -> Result<Self, FontError> {
        let font = FontVec::try_from_vec(bytes).map_err(|_| FontError::Invalid {
            path: "(bytes)".into(),
        })?;
        Ok(Renderer {
            font: Some(std::sync::Arc::new(font)),
            ..Self::without_text()
        })
    }

    /// Whether text is drawn (a font was loaded).
    pub fn has_text(&self) -> bool {
        self.font.is_some()
    }

    /// Image width in px, clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`]
    /// (default 720).
    pub fn with_width(mut self, width: u32) -> Self {
        self.width = width.clamp(MIN_WIDTH, MAX_WIDTH);
        self
    }

    /// The words drawn on a chart that has nothing to show (default
    /// "No data"; pass the page's translation).
    pub fn with_no_data_text(mut self, text: impl Into<String>) -> Self {
        self.no_data = text.into();
        self
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn bar_chart(&self, chart: &BarChart) -> Result<Chart, ChartError> {
        bar::render(self, chart)
    }

    pub fn monthly_chart(&self, chart: &MonthlyChart) -> Result<Chart, ChartError> {
        monthly::render(self, chart)
    }

    pub fn comparison_chart(&self, chart: &ComparisonChart) -> Result<Chart, ChartError> {
        comparison::render(self, chart)
    }

    pub fn region_map(&self, map: &RegionMap) -> Result<Chart, ChartError> {
        map::render(self, map)
    }

    pub(crate) fn canvas(&self, height: u32) -> Result<Canvas<'_>, ChartError> {
        Canvas::new(self.width, height, self.font.as_deref())
    }

    pub(crate) fn no_data_text(&self) -> &str {
        &self.no_data
    }

    /// The image for a chart with nothing to show: its title and the "no
    /// data" words.
    pub(crate) fn no_data_chart(&self, title: &str) -> Result<Chart, ChartError> {
        let height = 120;
        let mut canvas = self.canvas(height)?;
        let width = canvas.width();
        draw_title(&mut canvas, title, None);
        let words = canvas.fit(&self.no_data, 16.0, width - 2.0 * PAD);
        canvas.text(&words, width / 2.0, 84.0, 16.0, MUTED, Align::Centre);
        Ok(Chart {
            png: canvas.finish()?,
            alt: join_alt(title, &self.no_data),
            width: self.width,
            height,
        })
    }
}

pub(crate) const PAD: f32 = 16.0;
pub(crate) const TITLE_SIZE: f32 = 18.0;
pub(crate) const LABEL_SIZE: f32 = 13.0;

/// Title (and optional unit line) at the top; returns the y where the
/// chart body may start. Without a font no room is kept for them.
pub(crate) fn draw_title(canvas: &mut Canvas<'_>, title: &str, unit: Option<&str>) -> f32 {
    let max = canvas.width() - 2.0 * PAD;
    let mut y = PAD;
    if !canvas.has_font() {
        return y + 6.0;
    }
    if !title.trim().is_empty() {
        let t = canvas.fit(title.trim(), TITLE_SIZE, max);
        canvas.text(&t, PAD, y + TITLE_SIZE, TITLE_SIZE, TEXT, Align::Left);
        y += TITLE_SIZE + 8.0;
    }
    if let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        let u = canvas.fit(unit, LABEL_SIZE, max);
        canvas.text(&u, PAD, y + LABEL_SIZE, LABEL_SIZE, MUTED, Align::Left);
        y += LABEL_SIZE + 8.0;
    }
    y + 6.0
}

/// A legend of colour swatches, wrapped over lines; returns the y below it.
pub(crate) fn draw_legend(
    canvas: &mut Canvas<'_>,
    entries: &[(palette::Rgb, String)],
    y: f32,
) -> f32 {
    if entries.is_empty() {
        return y;
    }
    let max_x = canvas.width() - PAD;
    let swatch = 12.0;
    let line = 20.0;
    let mut x = PAD;
    let mut row_y = y;
    for (colour, label) in entries {
        let label = canvas.fit(label, LABEL_SIZE, (max_x - PAD - swatch - 6.0).max(0.0));
        let w = swatch + 6.0 + canvas.text_width(&label, LABEL_SIZE) + 16.0;
        if x > PAD && x + w > max_x {
            x = PAD;
            row_y += line;
        }
        canvas.rect(x, row_y + 2.0, swatch, swatch, *colour);
        canvas.text(
            &label,
            x + swatch + 6.0,
            row_y + 13.0,
            LABEL_SIZE,
            TEXT,
            Align::Left,
        );
        x += if canvas.has_font() { w } else { swatch + 10.0 };
    }
    row_y + line + 4.0
}

/// Numbers with thin groups of three: 12 345 678.
pub fn format_count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

pub(crate) fn join_alt(title: &str, body: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        body.to_string()
    } else {
        format!("{title}. {body}")
    }
}

/// A "nice" axis step (1, 2 or 5 × 10ⁿ) so that `max` fits in about
/// `ticks` steps.
pub(crate) fn nice_step(max: f64, ticks: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / ticks;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    step.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_three() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1\u{202f}000");
        assert_eq!(format_count(10_000_000), "10\u{202f}000\u{202f}000");
    }

    #[test]
    fn a_renderer_can_be_shared_between_request_handlers() {
        fn shared<T: Send + Sync>() {}
        shared::<Renderer>();
        shared::<Chart>();
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(10.0, 5.0), 2.0);
        assert_eq!(nice_step(238.0, 5.0), 50.0);
        assert_eq!(nice_step(3.0, 5.0), 1.0);
    }
}
