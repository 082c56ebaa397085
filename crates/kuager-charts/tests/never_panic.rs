//! Random inputs, including huge values, empty and very long labels and
//! zero months, never panic and always give a decodable PNG.

use std::collections::BTreeMap;

use kuager_charts::{
    Bar, BarChart, ComparisonChart, ComparisonGroup, MonthlyChart, RegionMap, Renderer, Series,
    DEFAULT_FONT,
};
use proptest::prelude::*;

fn renderer(with_font: bool) -> Renderer {
    if with_font {
        Renderer::with_font_file(std::path::Path::new(DEFAULT_FONT))
            .unwrap_or_else(|_| Renderer::without_text())
    } else {
        Renderer::without_text()
    }
}

fn decodes(png: &[u8]) -> bool {
    png::Decoder::new(png).read_info().is_ok()
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Zа-яА-ЯәөұқғңһіүӘӨҰҚҒҢҺІҮ ]{0,12}",
        "\\PC{0,40}",
        "[Ққ ]{200,400}",
    ]
}

fn value() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..100, Just(u64::MAX), Just(u64::MAX - 1), any::<u64>()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn bar_charts(title in label(), unit in label(), font in any::<bool>(),
                  bars in prop::collection::vec((label(), value(), prop::option::of(label())), 0..80)) {
        let chart = BarChart {
            title, unit,
            bars: bars.into_iter().map(|(label, value, group)| Bar { label, value, group }).collect(),
        };
        let out = renderer(font).bar_chart(&chart).expect("rendered");
        prop_assert!(decodes(&out.png));
    }

    #[test]
    fn monthly_charts(title in label(), font in any::<bool>(),
                      months in prop::collection::vec(label(), 0..40),
                      series in prop::collection::vec((label(), prop::collection::vec(value(), 0..45)), 0..30)) {
        let chart = MonthlyChart {
            title, months, unit: String::new(),
            series: series.into_iter().map(|(label, values)| Series { label, values }).collect(),
        };
        let out = renderer(font).monthly_chart(&chart).expect("rendered");
        prop_assert!(decodes(&out.png));
    }

    #[test]
    fn comparison_charts(title in label(), font in any::<bool>(),
                         sources in prop::collection::vec(label(), 0..9),
                         groups in prop::collection::vec((label(), prop::collection::vec(prop::option::of(value()), 0..9)), 0..35)) {
        let chart = ComparisonChart {
            title, sources, unit: String::new(),
            groups: groups.into_iter().map(|(label, values)| ComparisonGroup { label, values }).collect(),
        };
        let out = renderer(font).comparison_chart(&chart).expect("rendered");
        prop_assert!(decodes(&out.png));
    }

    #[test]
    fn region_maps(title in label(), font in any::<bool>(),
                   counts in prop::collection::btree_map(
                       prop_oneof![Just("kz-region-abai".to_string()), Just("kz-almaty".to_string()),
                                   Just("kz-region-ulytau".to_string()), label()],
                       value(), 0..6),
                   names in prop::collection::btree_map(Just("kz-almaty".to_string()), label(), 0..2)) {
        let map = RegionMap { title, counts, names: names.into_iter().collect::<BTreeMap<_, _>>() };
        let out = renderer(font).region_map(&map).expect("rendered");
        prop_assert!(decodes(&out.png));
    }
}
