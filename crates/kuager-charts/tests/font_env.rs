//! `Renderer::from_env` reads `KUAGER_FONT` and falls back to drawing
//! without text. One test in its own binary, since it sets the variable.

use kuager_charts::{Bar, BarChart, Renderer, DEFAULT_FONT, FONT_ENV};

#[test]
fn kuager_font_names_the_font_and_a_missing_one_means_no_text() {
    std::env::set_var(FONT_ENV, "/nonexistent/Missing.ttf");
    let renderer = Renderer::from_env();
    assert!(!renderer.has_text());
    // Still renders.
    let chart = BarChart {
        title: "T".into(),
        unit: String::new(),
        bars: vec![Bar::new("a", 3)],
    };
    assert!(!renderer.bar_chart(&chart).expect("rendered").png.is_empty());

    if std::path::Path::new(DEFAULT_FONT).exists() {
        std::env::set_var(FONT_ENV, DEFAULT_FONT);
        assert!(Renderer::from_env().has_text());
        std::env::remove_var(FONT_ENV);
        assert!(
            Renderer::from_env().has_text(),
            "the default path is used when unset"
        );
    }
}
