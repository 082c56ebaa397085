//! Renders real charts and reads the PNG pixels back.

use std::collections::BTreeMap;

use kuager_charts::palette::{NEUTRAL, SEQUENTIAL};
use kuager_charts::{
    region_at, regions, Bar, BarChart, Chart, ComparisonChart, ComparisonGroup, MonthlyChart,
    RegionMap, Renderer, Series, CITIES, DEFAULT_FONT,
};

struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Image {
    fn pixel(&self, x: u32, y: u32) -> (u8, u8, u8) {
        let i = ((y * self.width + x) * 4) as usize;
        (self.rgba[i], self.rgba[i + 1], self.rgba[i + 2])
    }

    fn is_white(&self, x: u32, y: u32) -> bool {
        self.pixel(x, y) == (255, 255, 255)
    }

    /// Non-white pixels in the rectangle.
    fn ink(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            for x in x0..x1.min(self.width) {
                if !self.is_white(x, y) {
                    n += 1;
                }
            }
        }
        n
    }

    /// Pixels of exactly this colour in row `y`.
    fn run_of(&self, y: u32, colour: (u8, u8, u8)) -> u32 {
        (0..self.width)
            .filter(|&x| self.pixel(x, y) == colour)
            .count() as u32
    }
}

fn decode(chart: &Chart) -> Image {
    let decoder = png::Decoder::new(chart.png.as_slice());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgba, "RGBA output");
    buf.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        rgba: buf,
    }
}

fn font_renderer() -> Option<Renderer> {
    Renderer::with_font_file(std::path::Path::new(DEFAULT_FONT)).ok()
}

fn renderers() -> Vec<Renderer> {
    let mut all = vec![Renderer::without_text()];
    all.extend(font_renderer());
    all
}

fn rgb(c: kuager_charts::palette::Rgb) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

#[test]
fn bar_chart_has_the_page_width_and_longer_bars_for_larger_values() {
    for renderer in renderers() {
        let chart = BarChart {
            title: "Detentions by region".into(),
            unit: "people".into(),
            bars: vec![Bar::new("Almaty", 300), Bar::new("Астана", 100)],
        };
        let out = renderer.bar_chart(&chart).expect("rendered");
        let img = decode(&out);
        assert_eq!((img.width, img.height), (720, out.height));
        assert_eq!(out.width, 720);
        let blue = rgb(kuager_charts::palette::category(0));
        let rows: Vec<u32> = (0..img.height).map(|y| img.run_of(y, blue)).collect();
        // The two bars are two bands of rows; the first band is longer.
        let mut bands: Vec<u32> = Vec::new();
        let mut previous = 0;
        for &run in &rows {
            if run > 0 && previous == 0 {
                bands.push(run);
            }
            previous = run;
        }
        assert_eq!(bands.len(), 2, "two bars: {bands:?}");
        assert!(bands[0] > bands[1] * 2, "300 against 100: {bands:?}");
        assert!(
            out.alt.contains("Almaty: 300") && out.alt.contains("Астана: 100"),
            "{}",
            out.alt
        );
    }
}

#[test]
fn labels_draw_ink_when_a_font_is_present() {
    let Some(renderer) = font_renderer() else {
        eprintln!("no font at {DEFAULT_FONT}: skipped");
        return;
    };
    let chart = BarChart {
        title: String::new(),
        unit: String::new(),
        bars: vec![
            Bar::new("Әлиев Өмір Ұлы Қасым Ғани Ңң Һһ Іі", 5),
            Bar::new("x", 0),
        ],
    };
    let with_text = decode(&renderer.bar_chart(&chart).expect("rendered"));
    let without = decode(
        &Renderer::without_text()
            .bar_chart(&chart)
            .expect("rendered"),
    );
    // The label column is left of the bars; without a font it is blank.
    let label_ink = with_text.ink(0, 0, 200, with_text.height);
    assert!(label_ink > 200, "label pixels: {label_ink}");
    assert_eq!(without.ink(0, 0, 14, without.height), 0);
}

#[test]
fn kazakh_letters_have_glyphs() {
    let Some(renderer) = font_renderer() else {
        return;
    };
    // A letter the font lacks draws as the same .notdef box; compare each
    // Kazakh letter's picture with a missing glyph's.
    let draw = |label: &str| {
        let chart = BarChart {
            title: label.into(),
            unit: String::new(),
            bars: vec![Bar::new("a", 1)],
        };
        decode(&renderer.bar_chart(&chart).expect("rendered")).rgba
    };
    let missing = draw("\u{10FFFD}");
    for letter in ["Ә", "Ө", "Ұ", "Қ", "Ғ", "Ң", "Һ", "І", "Ү", "Ж"] {
        assert_ne!(draw(letter), missing, "{letter} draws as a missing glyph");
    }
}

#[test]
fn empty_inputs_render_a_no_data_image() {
    for renderer in renderers() {
        let renderer = renderer.with_no_data_text("Деректер жоқ");
        let charts = [
            renderer.bar_chart(&BarChart {
                title: "T".into(),
                ..Default::default()
            }),
            renderer.monthly_chart(&MonthlyChart {
                title: "T".into(),
                ..Default::default()
            }),
            renderer.monthly_chart(&MonthlyChart {
                title: "T".into(),
                months: vec![],
                series: vec![Series {
                    label: "a".into(),
                    values: vec![1, 2],
                }],
                unit: String::new(),
            }),
            renderer.comparison_chart(&ComparisonChart {
                title: "T".into(),
                sources: vec!["official".into()],
                groups: vec![ComparisonGroup {
                    label: "died".into(),
                    values: vec![None],
                }],
                unit: String::new(),
            }),
        ];
        for chart in charts {
            let chart = chart.expect("rendered");
            let img = decode(&chart);
            assert_eq!(img.width, 720);
            assert!(img.height >= 100);
            assert!(chart.alt.contains("Деректер жоқ"), "{}", chart.alt);
        }
    }
}

#[test]
fn monthly_chart_stacks_series_and_names_them_in_the_legend() {
    for renderer in renderers() {
        let chart = MonthlyChart {
            title: "Events by month".into(),
            months: vec!["2022-01".into(), "2022-02".into(), "2022-03".into()],
            series: vec![
                Series {
                    label: "detention".into(),
                    values: vec![40, 10, 0],
                },
                Series {
                    label: "search".into(),
                    values: vec![10, 10, 5],
                },
            ],
            unit: "events".into(),
        };
        let out = renderer.monthly_chart(&chart).expect("rendered");
        let img = decode(&out);
        let first = rgb(kuager_charts::palette::category(0));
        let second = rgb(kuager_charts::palette::category(1));
        // Tallest column of each colour: January's detentions (40) are
        // four times February's (10).
        let column_height = |x0: u32, x1: u32, colour| {
            (x0..x1)
                .map(|x| {
                    (0..img.height)
                        .filter(|&y| img.pixel(x, y) == colour)
                        .count()
                })
                .max()
                .unwrap_or(0)
        };
        let third = img.width / 3;
        let jan = column_height(third / 2, third, first);
        let feb = column_height(third, 2 * third, first);
        assert!(jan > feb * 3, "january {jan}, february {feb}");
        assert!(
            column_height(2 * third, img.width, second) > 0,
            "march's searches drawn"
        );
        assert!(
            out.alt.contains("2022-01: 50 (detention 40, search 10)"),
            "{}",
            out.alt
        );
    }
}

#[test]
fn comparison_chart_puts_sources_side_by_side() {
    for renderer in renderers() {
        let chart = ComparisonChart {
            title: "January 2022".into(),
            sources: vec!["official".into(), "independent".into()],
            groups: vec![
                ComparisonGroup {
                    label: "died".into(),
                    values: vec![Some(238), Some(194)],
                },
                ComparisonGroup {
                    label: "detained".into(),
                    values: vec![Some(10_000), None],
                },
            ],
            unit: "people".into(),
        };
        let out = renderer.comparison_chart(&chart).expect("rendered");
        let img = decode(&out);
        let official = rgb(kuager_charts::palette::category(0));
        let independent = rgb(kuager_charts::palette::category(1));
        let longest = |colour| {
            (0..img.height)
                .map(|y| img.run_of(y, colour))
                .max()
                .unwrap_or(0)
        };
        // 10 000 detained (official) is the longest bar; 194 is short but there.
        assert!(longest(official) > longest(independent) * 10);
        assert!(longest(independent) >= 1);
        assert!(
            out.alt.contains("died: official 238, independent 194"),
            "{}",
            out.alt
        );
        assert!(
            out.alt
                .contains("detained: official 10\u{202f}000, independent –"),
            "{}",
            out.alt
        );
    }
}

/// Centres of the 17 regions: each must lie in its own region's polygon.
const CAPITALS: [(&str, &str, f64, f64); 17] = [
    ("kz-region-akmola", "Kokshetau", 69.39, 53.28),
    ("kz-region-aktobe", "Aktobe", 57.17, 50.28),
    ("kz-region-almaty", "Konaev", 77.07, 43.87),
    ("kz-region-atyrau", "Atyrau", 51.92, 47.11),
    ("kz-region-east-kazakhstan", "Oskemen", 82.61, 49.95),
    ("kz-region-zhambyl", "Taraz", 71.37, 42.90),
    ("kz-region-zhetysu", "Taldykorgan", 78.37, 45.02),
    ("kz-region-karaganda", "Karaganda", 73.10, 49.80),
    ("kz-region-kostanay", "Kostanay", 63.63, 53.22),
    ("kz-region-kyzylorda", "Kyzylorda", 65.51, 44.85),
    ("kz-region-mangystau", "Aktau", 51.20, 43.65),
    ("kz-region-north-kazakhstan", "Petropavl", 69.15, 54.87),
    ("kz-region-pavlodar", "Pavlodar", 76.95, 52.28),
    ("kz-region-turkistan", "Turkistan", 68.25, 43.30),
    ("kz-region-ulytau", "Zhezkazgan", 67.71, 47.78),
    ("kz-region-west-kazakhstan", "Oral", 51.37, 51.23),
    ("kz-region-abai", "Semey", 80.25, 50.41),
];

#[test]
fn all_seventeen_regions_are_shipped_with_the_places_keys() {
    let places = include_str!("../../kuager-case/data/places.tsv");
    let mut expected: Vec<&str> = places
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let key = f.next()?;
            (f.next()? == "region").then_some(key)
        })
        .collect();
    expected.sort_unstable();
    let mut shipped: Vec<&str> = regions().iter().map(|r| r.key).collect();
    shipped.sort_unstable();
    assert_eq!(shipped, expected);
    assert_eq!(shipped.len(), 17);
    for city in CITIES {
        assert!(
            places
                .lines()
                .any(|l| l.starts_with(&format!("{}\t", city.key))),
            "{} in places.tsv",
            city.key
        );
    }
}

#[test]
fn each_regional_centre_lies_in_its_region() {
    for (key, city, lon, lat) in CAPITALS {
        assert_eq!(region_at(lon, lat), Some(key), "{city} ({lon}, {lat})");
    }
    // And the cities of republican significance lie in the regions around them.
    assert_eq!(region_at(71.43, 51.13), Some("kz-region-akmola"), "Astana");
    assert_eq!(region_at(76.89, 43.24), Some("kz-region-almaty"), "Almaty");
    assert_eq!(
        region_at(69.59, 42.32),
        Some("kz-region-turkistan"),
        "Shymkent"
    );
    // Outside the country.
    assert_eq!(region_at(37.6, 55.75), None, "Moscow");
    assert_eq!(region_at(69.24, 41.3), None, "Tashkent");
    assert_eq!(region_at(74.6, 42.87), None, "Bishkek");
    assert_eq!(region_at(50.0, 42.0), None, "the Caspian Sea");
}

#[test]
fn regions_barely_overlap() {
    // Sample a 0.1° grid over the country: no point may lie in two regions,
    // and the regions together must cover the country's extent sensibly.
    let mut covered = 0;
    let mut doubled = Vec::new();
    let mut lon = 46.0;
    while lon < 88.0 {
        let mut lat = 40.0;
        while lat < 56.0 {
            let hits: Vec<&str> = regions()
                .iter()
                .filter(|r| r.contains(lon, lat))
                .map(|r| r.key)
                .collect();
            if hits.len() > 1 {
                doubled.push((lon, lat, hits.clone()));
            }
            if !hits.is_empty() {
                covered += 1;
            }
            lat += 0.1;
        }
        lon += 0.1;
    }
    // A grid point in two rings at once would mean overlapping polygons;
    // allow a handful on shared edges after simplification.
    assert!(
        doubled.len() <= 10,
        "overlaps at {:?}",
        &doubled[..doubled.len().min(10)]
    );
    // Kazakhstan is about 2.72 million km², about 330 square degrees at its
    // latitude: 33 000 grid cells of 0.01 sq deg. Allow ±10 %.
    assert!(
        (29_700..=36_300).contains(&covered),
        "covered {covered} cells"
    );
}

fn map_with(counts: &[(&str, u64)]) -> RegionMap {
    RegionMap {
        title: "Reports by region".into(),
        counts: counts.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        names: BTreeMap::new(),
    }
}

/// The pixel of a lon/lat point: the map's projection, found again from
/// the image by locating the country's bounding box is fragile, so the
/// test samples around the point and takes the colour most seen.
fn colour_near(img: &Image, map_top: f32, lon: f64, lat: f64) -> (u8, u8, u8) {
    let (x, y) = project(img.width, map_top, lon, lat);
    let mut counts: BTreeMap<(u8, u8, u8), usize> = BTreeMap::new();
    for dy in -2i32..=2 {
        for dx in -2i32..=2 {
            let px = (x as i32 + dx).clamp(0, img.width as i32 - 1) as u32;
            let py = (y as i32 + dy).clamp(0, img.height as i32 - 1) as u32;
            *counts.entry(img.pixel(px, py)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
        .unwrap_or((0, 0, 0))
}

fn project(width: u32, top: f32, lon: f64, lat: f64) -> (f32, f32) {
    let (mut lon0, mut lon1, mut lat1) = (f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in regions().iter().flat_map(|r| r.rings.iter().flatten()) {
        lon0 = lon0.min(x);
        lon1 = lon1.max(x);
        lat1 = lat1.max(y);
    }
    let aspect = 48.5f64.to_radians().cos();
    let scale = (width as f64 - 32.0) / ((lon1 - lon0) * aspect);
    (
        16.0 + ((lon - lon0) * scale * aspect) as f32,
        top + ((lat1 - lat) * scale) as f32,
    )
}

#[test]
fn the_highest_region_is_darkest_and_a_zero_region_neutral() {
    // Without text, so that no number is drawn over the sampled pixels;
    // with no title the map starts at 16 + 6 px.
    let renderer = Renderer::without_text();
    let mut map = map_with(&[
        ("kz-region-mangystau", 120),
        ("kz-region-atyrau", 30),
        ("kz-region-aktobe", 10),
        ("kz-region-karaganda", 5),
        ("kz-region-kostanay", 2),
        ("kz-region-pavlodar", 1),
        ("kz-astana", 44),
    ]);
    map.title = String::new();
    let out = renderer.region_map(&map).expect("rendered");
    let img = decode(&out);
    let top = 22.0;
    assert_eq!(
        colour_near(&img, top, 52.5, 44.5),
        rgb(SEQUENTIAL[4]),
        "Mangystau is darkest"
    );
    assert_eq!(
        colour_near(&img, top, 80.25, 50.41),
        rgb(NEUTRAL),
        "Abai (0) is neutral"
    );
    assert_eq!(
        colour_near(&img, top, 65.51, 44.85),
        rgb(NEUTRAL),
        "Kyzylorda (0) is neutral"
    );
    assert_ne!(
        colour_near(&img, top, 63.63, 53.22),
        rgb(NEUTRAL),
        "Kostanay (2) is shaded"
    );
    assert_ne!(
        colour_near(&img, top, 63.63, 53.22),
        rgb(SEQUENTIAL[4]),
        "Kostanay (2) is not darkest"
    );
    // Astana's circle takes its class colour too.
    assert_ne!(
        colour_near(&img, top, 71.43, 51.13),
        rgb(NEUTRAL),
        "Astana circle shaded"
    );
    assert!(
        out.alt.starts_with("Mangystau Region: 120; Astana: 44;"),
        "{}",
        out.alt
    );
    assert!(out.alt.contains("0: Abai Region"), "{}", out.alt);
}

#[test]
fn the_map_uses_given_names_and_marks_cities() {
    let Some(renderer) = font_renderer() else {
        return;
    };
    let mut map = map_with(&[("kz-almaty", 7), ("kz-region-zhetysu", 3)]);
    map.names.insert("kz-almaty".into(), "Алматы".into());
    map.names
        .insert("kz-region-zhetysu".into(), "Жетісу облысы".into());
    let out = renderer.region_map(&map).expect("rendered");
    assert!(
        out.alt.contains("Алматы: 7; Жетісу облысы: 3"),
        "{}",
        out.alt
    );
    let img = decode(&out);
    assert_eq!(img.width, 720);
    assert!(
        img.height > 300 && img.height < 600,
        "height {}",
        img.height
    );
}

#[test]
fn an_empty_map_is_all_neutral_and_says_so() {
    for renderer in renderers() {
        let out = renderer.region_map(&map_with(&[])).expect("rendered");
        let img = decode(&out);
        assert_eq!(img.width, 720);
        assert!(out.alt.ends_with("No data"), "{}", out.alt);
        let darkest = rgb(SEQUENTIAL[4]);
        assert!((0..img.height).all(|y| img.run_of(y, darkest) == 0));
    }
}

#[test]
fn a_missing_font_file_is_an_error_and_from_env_falls_back() {
    let err = Renderer::with_font_file(std::path::Path::new("/nonexistent/font.ttf")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/font.ttf"), "{err}");
    let not_a_font = Renderer::with_font_bytes(b"not a font".to_vec());
    assert!(not_a_font.is_err());
}

#[test]
fn width_is_configurable_within_bounds() {
    let renderer = Renderer::without_text().with_width(480);
    let out = renderer
        .bar_chart(&BarChart {
            bars: vec![Bar::new("a", 1)],
            ..Default::default()
        })
        .expect("ok");
    assert_eq!(decode(&out).width, 480);
    assert_eq!(Renderer::without_text().with_width(10).width(), 320);
}
