//! Kazakhstan's regions and cities with their English, Russian and Kazakh
//! names (`data/places.tsv`), for picking an event's or report's place.
//! Keys are those of the extractor's gazetteer where both know a place, so
//! places found in documents and places picked in forms compare equal.

use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub key: &'static str,
    /// `region` or `city`.
    pub kind: &'static str,
    /// Key of the region a city is in; `None` for regions and the cities of
    /// republican significance.
    pub region: Option<&'static str>,
    pub en: &'static str,
    pub ru: &'static str,
    pub kk: &'static str,
}

impl Place {
    /// The name in a language given by its code (`en`, `ru`, `kk`);
    /// English for any other.
    pub fn name(&self, language: &str) -> &'static str {
        match language {
            "ru" => self.ru,
            "kk" => self.kk,
            _ => self.en,
        }
    }
}

static PLACES: LazyLock<Vec<Place>> = LazyLock::new(|| parse(include_str!("../data/places.tsv")));

fn parse(text: &'static str) -> Vec<Place> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let f: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            match f.as_slice() {
                [key, kind, region, en, ru, kk] => Some(Place {
                    key,
                    kind,
                    region: (!region.is_empty()).then_some(*region),
                    en,
                    ru,
                    kk,
                }),
                // The file is ours and checked by a test; a bad line is a
                // bug caught there, not a reason to fail at run time.
                _ => None,
            }
        })
        .collect()
}

/// Every place: regions first, then cities, each in file order.
pub fn all() -> &'static [Place] {
    &PLACES
}

pub fn place(key: &str) -> Option<&'static Place> {
    PLACES.iter().find(|p| p.key == key)
}

/// The region a region was split from in June 2022, when Abai, Zhetysu
/// and Ulytau were made out of East Kazakhstan, Almaty and Karaganda: a
/// record of January 2022 names Taldykorgan's region Almaty Region.
pub fn region_before_2022(region_key: &str) -> Option<&'static str> {
    match region_key {
        "kz-region-abai" => Some("kz-region-east-kazakhstan"),
        "kz-region-zhetysu" => Some("kz-region-almaty"),
        "kz-region-ulytau" => Some("kz-region-karaganda"),
        _ => None,
    }
}

/// Places whose name in any language starts with `query` (case-insensitive).
pub fn find(query: &str) -> Vec<&'static Place> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    PLACES
        .iter()
        .filter(|p| {
            [p.en, p.ru, p.kk]
                .iter()
                .any(|n| n.to_lowercase().starts_with(&q))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_well_formed() {
        let raw = include_str!("../data/places.tsv");
        let lines: Vec<_> = raw
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(lines.len(), all().len(), "a line without six fields");
        let mut keys = std::collections::HashSet::new();
        for p in all() {
            assert!(keys.insert(p.key), "duplicate key {}", p.key);
            assert!(
                p.kind == "region" || p.kind == "city",
                "{}: kind {}",
                p.key,
                p.kind
            );
            assert!(
                !p.en.is_empty() && !p.ru.is_empty() && !p.kk.is_empty(),
                "{}",
                p.key
            );
            if let Some(r) = p.region {
                assert_eq!(
                    place(r).map(|r| r.kind),
                    Some("region"),
                    "{}: region {r}",
                    p.key
                );
            }
        }
        assert!(all().iter().filter(|p| p.kind == "region").count() >= 17);
    }

    #[test]
    fn regions_made_in_2022_name_the_region_they_left() {
        for (new, old) in [
            ("kz-region-abai", "kz-region-east-kazakhstan"),
            ("kz-region-zhetysu", "kz-region-almaty"),
            ("kz-region-ulytau", "kz-region-karaganda"),
        ] {
            assert_eq!(region_before_2022(new), Some(old));
            assert_eq!(place(old).map(|p| p.kind), Some("region"), "{old}");
        }
        assert_eq!(region_before_2022("kz-region-almaty"), None);
    }

    #[test]
    fn finds_a_place_by_any_name() {
        let z = find("Жаңаөзен");
        assert!(z.iter().any(|p| p.en == "Zhanaozen"), "{z:?}");
        assert_eq!(place("kz-almaty").map(|p| p.name("ru")), Some("Алматы"));
    }
}
