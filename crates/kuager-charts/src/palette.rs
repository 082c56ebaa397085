//! Colours. Categories use the Okabe–Ito palette, which stays distinct for
//! the common forms of colour blindness; the map uses one sequential blue
//! ramp (light to dark, so it also reads in greyscale print) and a neutral
//! grey for zero.

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
pub(crate) const TEXT: Rgb = Rgb(0x1a, 0x1a, 0x1a);
pub(crate) const MUTED: Rgb = Rgb(0x55, 0x55, 0x55);
pub(crate) const GRID: Rgb = Rgb(0xdd, 0xdd, 0xdd);
pub(crate) const AXIS: Rgb = Rgb(0x77, 0x77, 0x77);
pub(crate) const BORDER: Rgb = Rgb(0x4d, 0x4d, 0x4d);

/// Okabe–Ito, reordered so that neighbours contrast and the pale yellow
/// (weak on white) comes last.
pub const CATEGORICAL: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0xF0, 0xE4, 0x42), // yellow
];

/// The colour of the `i`-th category (cycling past seven).
pub fn category(i: usize) -> Rgb {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// Sequential classes for the map, lightest first.
pub const SEQUENTIAL: [Rgb; 5] = [
    Rgb(0xc6, 0xdb, 0xef),
    Rgb(0x9e, 0xca, 0xe1),
    Rgb(0x6b, 0xae, 0xd6),
    Rgb(0x21, 0x71, 0xb5),
    Rgb(0x08, 0x30, 0x6b),
];

/// The map's colour for a region counted 0.
pub const NEUTRAL: Rgb = Rgb(0xee, 0xee, 0xe6);
