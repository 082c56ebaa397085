//! The name lists, places and sentence templates compiled into the binary.

const NAMES: &str = include_str!("../data/names.tsv");
const PLACES: &str = include_str!("../data/places.tsv");
pub const TEMPLATES_EN: &str = include_str!("../data/templates_en.txt");
pub const TEMPLATES_RU: &str = include_str!("../data/templates_ru.txt");
pub const TEMPLATES_KK: &str = include_str!("../data/templates_kk.txt");

/// A given name in Kazakh and Russian Cyrillic (equal for Russian names).
#[derive(Debug, Clone)]
pub struct Given {
    pub kk: &'static str,
    pub ru: &'static str,
    pub male: bool,
    pub kazakh: bool,
}

/// A family name, male form, in Kazakh and Russian Cyrillic.
#[derive(Debug, Clone)]
pub struct Family {
    pub kk: &'static str,
    pub ru: &'static str,
    pub kazakh: bool,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub en: &'static str,
    pub ru_nom: &'static str,
    pub ru_gen: &'static str,
    pub ru_prep: &'static str,
    pub kk_nom: &'static str,
    pub kk_loc: &'static str,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub given: Vec<Given>,
    pub family: Vec<Family>,
    pub places: Vec<Place>,
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

impl Lexicon {
    pub fn load() -> Lexicon {
        let mut given = Vec::new();
        let mut family = Vec::new();
        for r in rows(NAMES) {
            assert!(r.len() == 4, "bad names.tsv row: {r:?}");
            let kk = r[2];
            let ru = if r[3] == "=" { kk } else { r[3] };
            match r[0] {
                "gkz" | "gru" => given.push(Given {
                    kk,
                    ru,
                    male: r[1] == "m",
                    kazakh: r[0] == "gkz",
                }),
                "fkz" | "fru" => family.push(Family {
                    kk,
                    ru,
                    kazakh: r[0] == "fkz",
                }),
                other => panic!("unknown kind {other} in names.tsv"),
            }
        }
        let places = rows(PLACES)
            .map(|r| {
                assert!(r.len() == 6, "bad places.tsv row: {r:?}");
                Place {
                    en: r[0],
                    ru_nom: r[1],
                    ru_gen: r[2],
                    ru_prep: r[3],
                    kk_nom: r[4],
                    kk_loc: r[5],
                }
            })
            .collect();
        Lexicon {
            given,
            family,
            places,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let lex = Lexicon::load();
        assert!(lex.given.iter().filter(|g| g.kazakh && g.male).count() > 50);
        assert!(lex.given.iter().filter(|g| g.kazakh && !g.male).count() > 40);
        assert!(lex.given.iter().filter(|g| !g.kazakh && g.male).count() > 30);
        assert!(lex.family.iter().filter(|f| f.kazakh).count() > 100);
        assert!(lex.family.iter().filter(|f| !f.kazakh).count() > 100);
        assert!(lex.places.len() > 20);
    }
}
