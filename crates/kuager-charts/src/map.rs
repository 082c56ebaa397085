//! A choropleth of Kazakhstan's regions, from the simplified polygons
//! shipped in `data/kz-regions.txt` (made by `tools/kz_regions.py`; see
//! decision 0016 for their source and accuracy).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::canvas::{Align, Canvas};
use crate::palette::{self, Rgb, BORDER, MUTED, NEUTRAL, TEXT};
use crate::{draw_title, format_count, join_alt, Chart, ChartError, Renderer, LABEL_SIZE, PAD};

const DATA: &str = include_str!("../data/kz-regions.txt");

/// A region of Kazakhstan as drawn on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// The place key, as in `kuager-case`'s places.tsv (`kz-region-abai`).
    pub key: &'static str,
    /// English name, used when the caller gives none.
    pub name: &'static str,
    /// The administrative centre: name, longitude, latitude.
    pub capital: (&'static str, f64, f64),
    /// Outer rings, lon/lat vertices (not closed: last ≠ first).
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// A city of republican significance, drawn as a circle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct City {
    pub key: &'static str,
    pub name: &'static str,
    pub lon: f64,
    pub lat: f64,
}

/// The three cities of republican significance.
pub const CITIES: [City; 3] = [
    City {
        key: "kz-astana",
        name: "Astana",
        lon: 71.43,
        lat: 51.13,
    },
    City {
        key: "kz-almaty",
        name: "Almaty",
        lon: 76.89,
        lat: 43.24,
    },
    City {
        key: "kz-shymkent",
        name: "Shymkent",
        lon: 69.59,
        lat: 42.32,
    },
];

type Info = (&'static str, &'static str, &'static str, f64, f64);

/// Key, English name, centre, centre longitude and latitude.
const REGION_INFO: [Info; 17] = [
    ("kz-region-abai", "Abai Region", "Semey", 80.25, 50.41),
    (
        "kz-region-akmola",
        "Akmola Region",
        "Kokshetau",
        69.39,
        53.28,
    ),
    ("kz-region-aktobe", "Aktobe Region", "Aktobe", 57.17, 50.28),
    ("kz-region-almaty", "Almaty Region", "Konaev", 77.07, 43.87),
    ("kz-region-atyrau", "Atyrau Region", "Atyrau", 51.92, 47.11),
    (
        "kz-region-east-kazakhstan",
        "East Kazakhstan Region",
        "Oskemen",
        82.61,
        49.95,
    ),
    ("kz-region-zhambyl", "Zhambyl Region", "Taraz", 71.37, 42.90),
    (
        "kz-region-zhetysu",
        "Zhetysu Region",
        "Taldykorgan",
        78.37,
        45.02,
    ),
    (
        "kz-region-karaganda",
        "Karaganda Region",
        "Karaganda",
        73.10,
        49.80,
    ),
    (
        "kz-region-kostanay",
        "Kostanay Region",
        "Kostanay",
        63.63,
        53.22,
    ),
    (
        "kz-region-kyzylorda",
        "Kyzylorda Region",
        "Kyzylorda",
        65.51,
        44.85,
    ),
    (
        "kz-region-mangystau",
        "Mangystau Region",
        "Aktau",
        51.20,
        43.65,
    ),
    (
        "kz-region-north-kazakhstan",
        "North Kazakhstan Region",
        "Petropavl",
        69.15,
        54.87,
    ),
    (
        "kz-region-pavlodar",
        "Pavlodar Region",
        "Pavlodar",
        76.95,
        52.28,
    ),
    (
        "kz-region-turkistan",
        "Turkistan Region",
        "Turkistan",
        68.25,
        43.30,
    ),
    (
        "kz-region-ulytau",
        "Ulytau Region",
        "Zhezkazgan",
        67.71,
        47.78,
    ),
    (
        "kz-region-west-kazakhstan",
        "West Kazakhstan Region",
        "Oral",
        51.37,
        51.23,
    ),
];

fn parse(text: &'static str) -> Vec<Region> {
    let mut rings: BTreeMap<&'static str, Vec<Vec<(f64, f64)>>> = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, vertices)) = line.split_once('\t') else {
            continue;
        };
        let ring: Vec<(f64, f64)> = vertices
            .split_whitespace()
            .filter_map(|v| {
                let (lon, lat) = v.split_once(',')?;
                Some((lon.parse().ok()?, lat.parse().ok()?))
            })
            .collect();
        if ring.len() >= 3 {
            rings.entry(key).or_default().push(ring);
        }
    }
    REGION_INFO
        .iter()
        .filter_map(|&(key, name, capital, lon, lat)| {
            let rings = rings.remove(key)?;
            Some(Region {
                key,
                name,
                capital: (capital, lon, lat),
                rings,
            })
        })
        .collect()
}

/// The 17 regions, in the order of places.tsv.
pub fn regions() -> &'static [Region] {
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| parse(DATA))
}

fn ring_contains(ring: &[(f64, f64)], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

impl Region {
    /// Whether the point (longitude, latitude) lies in this region's polygons.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.rings.iter().any(|r| ring_contains(r, lon, lat))
    }

    /// A point to put the region's number at: the centroid of its largest
    /// ring when that lies inside, else the centre city.
    pub fn label_point(&self) -> (f64, f64) {
        let largest = self
            .rings
            .iter()
            .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()));
        if let Some(ring) = largest {
            let c = ring_centroid(ring);
            if self.contains(c.0, c.1) {
                return c;
            }
        }
        (self.capital.1, self.capital.2)
    }
}

pub(crate) fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let mut a = 0.0;
    for i in 0..ring.len() {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % ring.len()];
        a += x0 * y1 - x1 * y0;
    }
    a / 2.0
}

fn ring_centroid(ring: &[(f64, f64)]) -> (f64, f64) {
    let a = ring_area(ring);
    if a.abs() < 1e-12 {
        return ring.first().copied().unwrap_or((0.0, 0.0));
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..ring.len() {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % ring.len()];
        let f = x0 * y1 - x1 * y0;
        cx += (x0 + x1) * f;
        cy += (y0 + y1) * f;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

/// The key of the region that the point (longitude, latitude) lies in, by
/// the map's simplified polygons; `None` outside Kazakhstan (and in the
/// few km the simplification shaves off its border).
pub fn region_at(lon: f64, lat: f64) -> Option<&'static str> {
    regions()
        .iter()
        .find(|r| r.contains(lon, lat))
        .map(|r| r.key)
}

/// A choropleth of counts by region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegionMap {
    pub title: String,
    /// Counts by place key: the 17 region keys (`kz-region-…`) and the
    /// three cities (`kz-astana`, `kz-almaty`, `kz-shymkent`). A key that
    /// is missing counts 0; other keys are ignored.
    pub counts: BTreeMap<String, u64>,
    /// Display names by place key, in the page's language, for the city
    /// labels and the alt text; English names are used where missing.
    pub names: BTreeMap<String, String>,
}

/// Class bounds (inclusive) for the non-zero values: each distinct value
/// its own class when there are at most five, else five quantile classes
/// (fewer when values repeat). The highest value is always in the last.
pub fn class_breaks(values: &[u64]) -> Vec<(u64, u64)> {
    let mut nonzero: Vec<u64> = values.iter().copied().filter(|v| *v > 0).collect();
    nonzero.sort_unstable();
    let mut distinct = nonzero.clone();
    distinct.dedup();
    let n = palette::SEQUENTIAL.len();
    let highs: Vec<u64> = if distinct.len() <= n {
        distinct
    } else {
        let mut highs: Vec<u64> = (1..=n)
            .map(|k| nonzero[(k * nonzero.len()).div_ceil(n).saturating_sub(1)])
            .collect();
        highs.dedup();
        highs
    };
    let mut lo = 1;
    highs
        .into_iter()
        .map(|hi| {
            let class = (lo, hi);
            lo = hi.saturating_add(1);
            class
        })
        .collect()
}

/// The fill for `value` given the classes: neutral for 0, else the ramp,
/// with the top class always the darkest.
pub fn class_colour(value: u64, classes: &[(u64, u64)]) -> Rgb {
    if value == 0 {
        return NEUTRAL;
    }
    let ramp = &palette::SEQUENTIAL;
    let offset = ramp.len().saturating_sub(classes.len());
    let index = classes
        .iter()
        .position(|&(_, hi)| value <= hi)
        .unwrap_or(classes.len().saturating_sub(1));
    ramp[(offset + index).min(ramp.len() - 1)]
}

struct Projection {
    lon0: f64,
    lat1: f64,
    kx: f64,
    ky: f64,
    x: f32,
    y: f32,
}

impl Projection {
    fn apply(&self, lon: f64, lat: f64) -> (f32, f32) {
        (
            self.x + ((lon - self.lon0) * self.kx) as f32,
            self.y + ((self.lat1 - lat) * self.ky) as f32,
        )
    }
}

fn legend_label(class: (u64, u64)) -> String {
    if class.0 == class.1 {
        format_count(class.0)
    } else {
        format!("{}–{}", format_count(class.0), format_count(class.1))
    }
}

pub(crate) fn render(renderer: &Renderer, map: &RegionMap) -> Result<Chart, ChartError> {
    let regions = regions();
    let count = |key: &str| map.counts.get(key).copied().unwrap_or(0);
    let name = |key: &str, fallback: &'static str| -> String {
        map.names
            .get(key)
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    let mut all: Vec<(String, u64)> = regions
        .iter()
        .map(|r| (name(r.key, r.name), count(r.key)))
        .collect();
    all.extend(CITIES.iter().map(|c| (name(c.key, c.name), count(c.key))));
    let values: Vec<u64> = all.iter().map(|(_, v)| *v).collect();
    let classes = class_breaks(&values);

    // Projection: equirectangular with the longitude scaled for 48.5° N.
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(lon, lat) in regions.iter().flat_map(|r| r.rings.iter().flatten()) {
        lon0 = lon0.min(lon);
        lon1 = lon1.max(lon);
        lat0 = lat0.min(lat);
        lat1 = lat1.max(lat);
    }
    if lon0 >= lon1 || lat0 >= lat1 {
        return renderer.no_data_chart(&map.title);
    }
    let width = renderer.width() as f64;
    let aspect = 48.5f64.to_radians().cos();
    let map_w = width - 2.0 * PAD as f64;
    let scale = map_w / ((lon1 - lon0) * aspect);
    let map_h = (lat1 - lat0) * scale;

    let mut probe = renderer.canvas(200)?;
    let top = draw_title(&mut probe, &map.title, None);
    drop(probe);
    let legend_h = if renderer.has_text() { 44.0 } else { 28.0 };
    let height = (top as f64 + map_h + 12.0 + legend_h + PAD as f64).ceil() as u32;
    let mut canvas = renderer.canvas(height)?;
    draw_title(&mut canvas, &map.title, None);
    let proj = Projection {
        lon0,
        lat1,
        kx: scale * aspect,
        ky: scale,
        x: PAD,
        y: top,
    };

    for region in regions {
        let rings: Vec<Vec<(f32, f32)>> = region
            .rings
            .iter()
            .map(|r| r.iter().map(|&(lon, lat)| proj.apply(lon, lat)).collect())
            .collect();
        canvas.polygon(
            &rings,
            class_colour(count(region.key), &classes),
            Some((BORDER, 0.8)),
        );
    }
    if renderer.has_text() {
        for region in regions {
            let (lon, lat) = region.label_point();
            let (x, y) = proj.apply(lon, lat);
            canvas.text_halo(
                &format_count(count(region.key)),
                x,
                y + 4.0,
                LABEL_SIZE,
                TEXT,
                Align::Centre,
            );
        }
    }
    for city in CITIES {
        let (x, y) = proj.apply(city.lon, city.lat);
        let fill = class_colour(count(city.key), &classes);
        canvas.circle(x, y, 7.5, fill, Some((TEXT, 1.8)));
        let label = format!(
            "{} {}",
            name(city.key, city.name),
            format_count(count(city.key))
        );
        canvas.text_halo(&label, x + 11.0, y + 4.5, LABEL_SIZE, TEXT, Align::Left);
    }

    let legend_y = top + map_h as f32 + 12.0;
    draw_map_legend(&mut canvas, renderer, &classes, legend_y);

    // Alt text: the non-zero places by count, then the zero ones.
    let mut nonzero: Vec<&(String, u64)> = all.iter().filter(|(_, v)| *v > 0).collect();
    nonzero.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut parts: Vec<String> = nonzero
        .iter()
        .map(|(n, v)| format!("{n}: {}", format_count(*v)))
        .collect();
    let zero: Vec<&str> = all
        .iter()
        .filter(|(_, v)| *v == 0)
        .map(|(n, _)| n.as_str())
        .collect();
    if nonzero.is_empty() {
        parts.push(renderer.no_data_text().to_string());
    } else if !zero.is_empty() {
        parts.push(format!("0: {}", zero.join(", ")));
    }
    Ok(Chart {
        png: canvas.finish()?,
        alt: join_alt(&map.title, &parts.join("; ")),
        width: renderer.width(),
        height,
    })
}

fn draw_map_legend(canvas: &mut Canvas<'_>, renderer: &Renderer, classes: &[(u64, u64)], y: f32) {
    let mut entries: Vec<(Rgb, String)> = vec![(NEUTRAL, "0".to_string())];
    for &class in classes {
        entries.push((class_colour(class.1, classes), legend_label(class)));
    }
    let box_w = 40.0;
    let box_h = 14.0;
    let mut x = PAD;
    for (colour, label) in &entries {
        canvas.rect(x, y, box_w, box_h, *colour);
        canvas.line(x, y, x + box_w, y, 0.6, BORDER);
        canvas.line(x, y + box_h, x + box_w, y + box_h, 0.6, BORDER);
        canvas.line(x, y, x, y + box_h, 0.6, BORDER);
        canvas.line(x + box_w, y, x + box_w, y + box_h, 0.6, BORDER);
        let label = canvas.fit(label, LABEL_SIZE, 96.0);
        let w = canvas.text_width(&label, LABEL_SIZE).max(box_w);
        canvas.text(&label, x, y + box_h + 15.0, LABEL_SIZE, MUTED, Align::Left);
        x += w + 14.0;
    }
    if classes.is_empty() {
        let words = canvas.fit(
            renderer.no_data_text(),
            LABEL_SIZE,
            (canvas.width() - PAD - x).max(0.0),
        );
        canvas.text(&words, x, y + 12.0, LABEL_SIZE, MUTED, Align::Left);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_a_class_each() {
        assert_eq!(class_breaks(&[0, 3, 3, 7]), vec![(1, 3), (4, 7)]);
        assert!(class_breaks(&[0, 0]).is_empty());
    }

    #[test]
    fn many_values_get_five_quantile_classes_with_the_maximum_on_top() {
        let values: Vec<u64> = (1..=20).collect();
        let classes = class_breaks(&values);
        assert_eq!(classes.len(), 5);
        assert_eq!(classes.last().map(|c| c.1), Some(20));
        assert_eq!(class_colour(20, &classes), palette::SEQUENTIAL[4]);
        assert_eq!(class_colour(1, &classes), palette::SEQUENTIAL[0]);
        assert_eq!(class_colour(0, &classes), NEUTRAL);
    }

    #[test]
    fn the_top_class_is_darkest_even_with_two_classes() {
        let classes = class_breaks(&[1, 9]);
        assert_eq!(class_colour(9, &classes), palette::SEQUENTIAL[4]);
        assert_eq!(class_colour(1, &classes), palette::SEQUENTIAL[3]);
    }
}
