//! The drawing surface every chart uses: shapes through tiny-skia, text
//! through ab_glyph, blended straight into the opaque white pixmap.

use ab_glyph::{point, Font, FontVec, Glyph, PxScale, ScaleFont};
use tiny_skia::{
    Color, FillRule, Paint, PathBuilder, Pixmap, PremultipliedColorU8, Rect, Stroke, Transform,
};

use crate::palette::Rgb;
use crate::ChartError;

/// Horizontal placement of a text relative to its x coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Right,
}

pub(crate) struct Canvas<'f> {
    pixmap: Pixmap,
    font: Option<&'f FontVec>,
}

fn paint(colour: Rgb) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(Color::from_rgba8(colour.0, colour.1, colour.2, 255));
    paint.anti_alias = true;
    paint
}

impl<'f> Canvas<'f> {
    pub(crate) fn new(
        width: u32,
        height: u32,
        font: Option<&'f FontVec>,
    ) -> Result<Self, ChartError> {
        let mut pixmap = Pixmap::new(width, height).ok_or(ChartError::Size { width, height })?;
        pixmap.fill(Color::WHITE);
        Ok(Canvas { pixmap, font })
    }

    pub(crate) fn width(&self) -> f32 {
        self.pixmap.width() as f32
    }

    pub(crate) fn has_font(&self) -> bool {
        self.font.is_some()
    }

    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
        if let Some(rect) = Rect::from_xywh(x, y, w.max(0.0), h.max(0.0)) {
            let mut p = paint(colour);
            p.anti_alias = false;
            self.pixmap.fill_rect(rect, &p, Transform::identity(), None);
        }
    }

    pub(crate) fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, width: f32, colour: Rgb) {
        let mut pb = PathBuilder::new();
        pb.move_to(x0, y0);
        pb.line_to(x1, y1);
        if let Some(path) = pb.finish() {
            let stroke = Stroke {
                width,
                ..Stroke::default()
            };
            self.pixmap
                .stroke_path(&path, &paint(colour), &stroke, Transform::identity(), None);
        }
    }

    /// Fill (and optionally outline) a set of closed rings given in pixels.
    pub(crate) fn polygon(
        &mut self,
        rings: &[Vec<(f32, f32)>],
        fill: Rgb,
        outline: Option<(Rgb, f32)>,
    ) {
        let mut pb = PathBuilder::new();
        for ring in rings {
            let mut points = ring.iter();
            if let Some(&(x, y)) = points.next() {
                pb.move_to(x, y);
                for &(x, y) in points {
                    pb.line_to(x, y);
                }
                pb.close();
            }
        }
        if let Some(path) = pb.finish() {
            self.pixmap.fill_path(
                &path,
                &paint(fill),
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
            if let Some((colour, width)) = outline {
                let stroke = Stroke {
                    width,
                    ..Stroke::default()
                };
                self.pixmap.stroke_path(
                    &path,
                    &paint(colour),
                    &stroke,
                    Transform::identity(),
                    None,
                );
            }
        }
    }

    pub(crate) fn circle(
        &mut self,
        cx: f32,
        cy: f32,
        r: f32,
        fill: Rgb,
        outline: Option<(Rgb, f32)>,
    ) {
        if let Some(path) = PathBuilder::from_circle(cx, cy, r) {
            self.pixmap.fill_path(
                &path,
                &paint(fill),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            if let Some((colour, width)) = outline {
                let stroke = Stroke {
                    width,
                    ..Stroke::default()
                };
                self.pixmap.stroke_path(
                    &path,
                    &paint(colour),
                    &stroke,
                    Transform::identity(),
                    None,
                );
            }
        }
    }

    /// Width in pixels of `text` at `size` px; 0 without a font.
    pub(crate) fn text_width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = self.font else { return 0.0 };
        let scaled = font.as_scaled(PxScale::from(size));
        let mut width = 0.0;
        let mut previous = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(prev) = previous {
                width += scaled.kern(prev, id);
            }
            width += scaled.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// `text` shortened with an ellipsis so that it fits in `max` px.
    pub(crate) fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.text_width(text, size) <= max {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut lo, mut hi) = (0usize, chars.len());
        // Longest prefix that fits together with the ellipsis.
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate: String = chars[..mid].iter().collect::<String>() + "…";
            if self.text_width(&candidate, size) <= max {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo == 0 {
            return String::new();
        }
        chars[..lo]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…"
    }

    /// Draw `text` with its baseline at `y`; returns the width drawn.
    pub(crate) fn text(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        colour: Rgb,
        align: Align,
    ) -> f32 {
        let Some(font) = self.font else { return 0.0 };
        let width = self.text_width(text, size);
        let start = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);
        let mut caret = start;
        let mut previous = None;
        let mut glyphs: Vec<Glyph> = Vec::new();
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(prev) = previous {
                caret += scaled.kern(prev, id);
            }
            glyphs.push(id.with_scale_and_position(scale, point(caret, y)));
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
        let (w, h) = (self.pixmap.width() as i64, self.pixmap.height() as i64);
        let pixels = self.pixmap.pixels_mut();
        for glyph in glyphs {
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + gx as i64;
                let py = bounds.min.y as i64 + gy as i64;
                if px < 0 || py < 0 || px >= w || py >= h {
                    return;
                }
                let index = (py * w + px) as usize;
                let a = coverage.clamp(0.0, 1.0);
                let dst = pixels[index];
                let mix = |d: u8, s: u8| (d as f32 * (1.0 - a) + s as f32 * a).round() as u8;
                if let Some(c) = PremultipliedColorU8::from_rgba(
                    mix(dst.red(), colour.0),
                    mix(dst.green(), colour.1),
                    mix(dst.blue(), colour.2),
                    255,
                ) {
                    pixels[index] = c;
                }
            });
        }
        width
    }

    /// Text with a white halo, readable on any fill.
    pub(crate) fn text_halo(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        colour: Rgb,
        align: Align,
    ) {
        for (dx, dy) in [
            (-1.0, 0.0),
            (1.0, 0.0),
            (0.0, -1.0),
            (0.0, 1.0),
            (-1.0, -1.0),
            (1.0, 1.0),
            (-1.0, 1.0),
            (1.0, -1.0),
        ] {
            self.text(text, x + dx, y + dy, size, crate::palette::WHITE, align);
        }
        self.text(text, x, y, size, colour, align);
    }

    pub(crate) fn finish(self) -> Result<Vec<u8>, ChartError> {
        self.pixmap
            .encode_png()
            .map_err(|e| ChartError::Encode(e.to_string()))
    }
}
