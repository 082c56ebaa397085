//! Writes sample charts as PNG files (and their alt texts) to a directory,
//! so that a person can look at them:
//!
//!     cargo run -p kuager-charts --example render -- /tmp/charts
//!
//! Uses the font from `KUAGER_FONT` or DejaVu Sans; without one the images
//! have no text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use kuager_charts::{
    regions, Bar, BarChart, ComparisonChart, ComparisonGroup, MonthlyChart, RegionMap, Renderer,
    Series, CITIES,
};

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/charts".into()),
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let renderer = Renderer::from_env();
    if !renderer.has_text() {
        eprintln!("no font found: the images will have no text");
    }

    let bars = BarChart {
        title: "Задержания по регионам, январь 2022".into(),
        unit: "человек".into(),
        bars: vec![
            Bar::new("Алматы", 4_518).in_group("город"),
            Bar::new("Алматинская область", 1_203).in_group("область"),
            Bar::new("Шымкент", 980).in_group("город"),
            Bar::new("Жамбылская область", 912).in_group("область"),
            Bar::new("Мангистауская область", 604).in_group("область"),
            Bar::new("Астана", 377).in_group("город"),
            Bar::new("Қызылорда облысы", 96).in_group("область"),
            Bar::new("Ұлытау облысы", 3).in_group("область"),
        ],
    };
    let statuses = BarChart {
        title: "Political prisoners by status".into(),
        unit: "people".into(),
        bars: vec![
            Bar::new("convicted, in prison", 41),
            Bar::new("pre-trial detention", 12),
            Bar::new("house arrest", 7),
            Bar::new("restricted freedom", 23),
            Bar::new("released", 58),
            Bar::new(
                "a very long status label that has to be shortened to fit the label column",
                2,
            ),
        ],
    };
    let months: Vec<String> = (1..=12).map(|m| format!("2022-{m:02}")).collect();
    let monthly = MonthlyChart {
        title: "Events by month, 2022".into(),
        months,
        series: vec![
            Series {
                label: "detention".into(),
                values: vec![620, 80, 31, 12, 25, 18, 9, 14, 22, 40, 17, 11],
            },
            Series {
                label: "search".into(),
                values: vec![110, 45, 12, 6, 4, 9, 3, 5, 8, 12, 6, 2],
            },
            Series {
                label: "torture complaint".into(),
                values: vec![64, 51, 20, 8, 3, 2, 1, 0, 2, 1, 1, 0],
            },
            Series {
                label: "assembly refused".into(),
                values: vec![9, 14, 22, 31, 18, 12, 8, 6, 10, 19, 24, 28],
            },
        ],
        unit: "events".into(),
    };
    let long_months: Vec<String> = (0..36)
        .map(|i| {
            format!(
                "{} {}",
                [
                    "қаң.", "ақп.", "нау.", "сәу.", "мам.", "мау.", "шіл.", "там.", "қыр.", "қаз.",
                    "қар.", "жел."
                ][i % 12],
                2021 + i / 12
            )
        })
        .collect();
    let long = MonthlyChart {
        title: "Оқиғалар айлар бойынша, 2021–2023".into(),
        series: vec![
            Series {
                label: "ұстау".into(),
                values: (0..36u64)
                    .map(|i| (i * 37) % 23 + if i == 12 { 400 } else { 0 })
                    .collect(),
            },
            Series {
                label: "тінту".into(),
                values: (0..36u64).map(|i| (i * 11) % 7).collect(),
            },
        ],
        months: long_months,
        unit: "оқиға".into(),
    };
    let comparison = ComparisonChart {
        title: "January 2022: reported figures by source".into(),
        sources: vec!["official".into(), "independent".into()],
        groups: vec![
            ComparisonGroup {
                label: "died".into(),
                values: vec![Some(238), Some(194)],
            },
            ComparisonGroup {
                label: "detained".into(),
                values: vec![Some(10_000), Some(12_000)],
            },
            ComparisonGroup {
                label: "torture complaints".into(),
                values: vec![Some(170), Some(420)],
            },
            ComparisonGroup {
                label: "missing".into(),
                values: vec![None, Some(15)],
            },
        ],
        unit: "people".into(),
    };
    let counts: BTreeMap<String, u64> = regions()
        .iter()
        .map(|r| r.key)
        .chain(CITIES.iter().map(|c| c.key))
        .zip([
            0u64, 12, 30, 55, 8, 3, 70, 25, 16, 4, 5, 140, 2, 9, 33, 0, 11, 210, 380, 95,
        ])
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let names: BTreeMap<String, String> = [
        ("kz-astana", "Астана"),
        ("kz-almaty", "Алматы"),
        ("kz-shymkent", "Шымкент"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let map = RegionMap {
        title: "Хабарламалар өңірлер бойынша (Ә Ө Ұ Қ Ғ Ң Һ І)".into(),
        counts,
        names,
    };
    let empty_map = RegionMap {
        title: "No reports yet".into(),
        ..Default::default()
    };

    let charts = [
        ("bars", renderer.bar_chart(&bars)?),
        ("statuses", renderer.bar_chart(&statuses)?),
        ("monthly", renderer.monthly_chart(&monthly)?),
        ("monthly-long", renderer.monthly_chart(&long)?),
        ("comparison", renderer.comparison_chart(&comparison)?),
        ("map", renderer.region_map(&map)?),
        ("map-empty", renderer.region_map(&empty_map)?),
        (
            "empty",
            renderer.bar_chart(&BarChart {
                title: "Nothing yet".into(),
                ..Default::default()
            })?,
        ),
    ];
    for (name, chart) in charts {
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &chart.png).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "{} ({}×{}): {}",
            path.display(),
            chart.width,
            chart.height,
            chart.alt
        );
    }
    Ok(())
}
