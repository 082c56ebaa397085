//! Print the person mentions found in files: `cargo run -p kuager-extract --example people FILE...`
fn main() {
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let lang = if path.contains("_kk_") {
            kuager_domain::Language::Kk
        } else {
            kuager_domain::Language::En
        };
        for m in kuager_extract::people::extract(&text, lang) {
            println!(
                "{path}\t{}\t{}\t{}\t{:?}",
                m.span.start,
                m.text,
                m.name.display(),
                m.refers_to
            );
        }
    }
}
