//! A synthetic population: Kazakh and Russian families whose members share
//! a family name (brothers and sisters also a patronymic), each person with
//! a unique (given name, family name) pair.

use crate::data::Lexicon;
use crate::decline::{feminine_family, patronymic_base, ru_patronymic_of};
use rand::Rng;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Spouse,
    Sibling,
}

/// Where a person's family name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surname {
    /// An entry of the family-name list (male form).
    Listed(usize),
    /// Kazakh patronymic surname from the father's name: Нұрланұлы,
    /// Нұрланқызы.
    Patronymic,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: usize,
    pub male: bool,
    pub kazakh: bool,
    /// Index into `Lexicon::given`.
    pub given: usize,
    /// Index into `Lexicon::given` of the father (for the patronymic).
    pub father: usize,
    pub surname: Surname,
    pub relatives: Vec<(usize, Relation)>,
}

/// The written parts of a person's name in one Cyrillic orthography.
#[derive(Debug, Clone)]
pub struct Parts {
    pub given: String,
    pub family: String,
    pub patronymic: Option<String>,
}

impl Person {
    pub fn label(&self) -> String {
        format!("p{:05}", self.id)
    }

    /// Name parts in Russian (`kazakh_script = false`) or Kazakh Cyrillic.
    pub fn parts(&self, lex: &Lexicon, kazakh_script: bool) -> Parts {
        let g = &lex.given[self.given];
        let f = &lex.given[self.father];
        let pick = |kk: &'static str, ru: &'static str| if kazakh_script { kk } else { ru };
        let given = pick(g.kk, g.ru).to_string();
        let (family, patronymic) = match self.surname {
            Surname::Listed(i) => {
                let fam = &lex.family[i];
                let male_form = pick(fam.kk, fam.ru);
                let family = if self.male {
                    male_form.to_string()
                } else {
                    feminine_family(male_form)
                };
                let patronymic = if kazakh_script && self.kazakh {
                    format!("{}{}", f.kk, if self.male { "ұлы" } else { "қызы" })
                } else {
                    ru_patronymic_of(f.ru, self.male)
                };
                (family, Some(patronymic))
            }
            Surname::Patronymic => {
                let family = if kazakh_script {
                    format!("{}{}", f.kk, if self.male { "ұлы" } else { "қызы" })
                } else {
                    format!("{}{}", f.ru, if self.male { "улы" } else { "кызы" })
                };
                (family, None)
            }
        };
        Parts {
            given,
            family,
            patronymic,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Population {
    pub people: Vec<Person>,
}

fn pick_index<R: Rng>(rng: &mut R, pool: &[usize]) -> usize {
    pool[rng.gen_range(0..pool.len())]
}

impl Population {
    /// Build `size` people in families of one to four.
    pub fn generate<R: Rng>(lex: &Lexicon, size: usize, rng: &mut R) -> Population {
        let given_pool = |kazakh: bool, male: bool| -> Vec<usize> {
            (0..lex.given.len())
                .filter(|&i| lex.given[i].kazakh == kazakh && lex.given[i].male == male)
                .collect()
        };
        let kz_m = given_pool(true, true);
        let kz_f = given_pool(true, false);
        let ru_m = given_pool(false, true);
        let ru_f = given_pool(false, false);
        let fathers = |pool: &[usize]| -> Vec<usize> {
            pool.iter()
                .copied()
                .filter(|&i| patronymic_base(lex.given[i].ru))
                .collect()
        };
        let kz_fathers = fathers(&kz_m);
        let ru_fathers = fathers(&ru_m);
        let kz_family: Vec<usize> = (0..lex.family.len())
            .filter(|&i| lex.family[i].kazakh)
            .collect();
        let ru_family: Vec<usize> = (0..lex.family.len())
            .filter(|&i| !lex.family[i].kazakh)
            .collect();

        // (given, surname key, gender) already used, so that no two people
        // share a full name.
        let mut used: HashSet<(usize, usize, bool)> = HashSet::new();
        let mut people: Vec<Person> = Vec::with_capacity(size);
        let mut stalls = 0;
        while people.len() < size && stalls < 10_000 {
            let kazakh = rng.gen_bool(0.65);
            let father = if kazakh {
                pick_index(rng, &kz_fathers)
            } else {
                pick_index(rng, &ru_fathers)
            };
            let surname = if kazakh && rng.gen_bool(0.08) {
                Surname::Patronymic
            } else if kazakh {
                Surname::Listed(pick_index(rng, &kz_family))
            } else {
                Surname::Listed(pick_index(rng, &ru_family))
            };
            // A surname key: the list entry, or the father for -ұлы names.
            let skey = match surname {
                Surname::Listed(i) => i,
                Surname::Patronymic => 100_000 + father,
            };
            let members = match rng.gen_range(0..100) {
                0..=54 => 1,
                55..=79 => 2,
                80..=92 => 3,
                _ => 4,
            }
            .min(size - people.len());
            let first = people.len();
            let mut family: Vec<usize> = Vec::new();
            for m in 0..members {
                // The first member is the reference; the others are siblings
                // (same father) or, once, a spouse.
                let relation = if m == 0 {
                    None
                } else if matches!(surname, Surname::Listed(_))
                    && family.len() == 1
                    && rng.gen_bool(0.45)
                {
                    Some(Relation::Spouse)
                } else {
                    Some(Relation::Sibling)
                };
                let male = match relation {
                    Some(Relation::Spouse) => !people[first].male,
                    _ => rng.gen_bool(0.55),
                };
                // A spouse has another father and, sometimes, is Russian in a
                // Kazakh family (or the other way round).
                let (person_kazakh, person_father) = match relation {
                    Some(Relation::Spouse) => {
                        let k = if rng.gen_bool(0.1) { !kazakh } else { kazakh };
                        let f = if k {
                            pick_index(rng, &kz_fathers)
                        } else {
                            pick_index(rng, &ru_fathers)
                        };
                        (k, f)
                    }
                    _ => (kazakh, father),
                };
                let pool = match (person_kazakh, male) {
                    (true, true) => &kz_m,
                    (true, false) => &kz_f,
                    (false, true) => &ru_m,
                    (false, false) => &ru_f,
                };
                let mut chosen = None;
                for _ in 0..20 {
                    let g = pick_index(rng, pool);
                    if g != person_father && used.insert((g, skey, male)) {
                        chosen = Some(g);
                        break;
                    }
                }
                let Some(given) = chosen else {
                    stalls += 1;
                    continue;
                };
                let id = people.len();
                let mut relatives = Vec::new();
                if let Some(rel) = relation {
                    // Spouse of the first member; sibling of every blood
                    // relative (not of a spouse).
                    for &other in &family {
                        let o: &Person = &people[other];
                        let r = if other == first && rel == Relation::Spouse {
                            Some(Relation::Spouse)
                        } else if rel == Relation::Sibling && o.father == person_father {
                            Some(Relation::Sibling)
                        } else {
                            None
                        };
                        if let Some(r) = r {
                            relatives.push((other, r));
                        }
                    }
                }
                for &(other, r) in &relatives {
                    people[other].relatives.push((id, r));
                }
                people.push(Person {
                    id,
                    male,
                    kazakh: person_kazakh,
                    given,
                    father: person_father,
                    surname,
                    relatives,
                });
                family.push(id);
            }
        }
        Population { people }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn unique_full_names_and_shared_surnames() {
        let lex = Lexicon::load();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let pop = Population::generate(&lex, 3000, &mut rng);
        assert_eq!(pop.people.len(), 3000);
        let mut seen = HashSet::new();
        for p in &pop.people {
            let parts = p.parts(&lex, false);
            assert!(
                seen.insert((parts.given.clone(), parts.family.clone())),
                "duplicate {} {}",
                parts.given,
                parts.family
            );
        }
        let with_relatives = pop
            .people
            .iter()
            .filter(|p| !p.relatives.is_empty())
            .count();
        assert!(with_relatives > 600, "{with_relatives}");
        // Relatives share the family name.
        for p in &pop.people {
            for &(o, _) in &p.relatives {
                assert_eq!(pop.people[o].surname, p.surname);
            }
        }
    }
}
