//! Identity resolution: which mentions are the same person.
//!
//! The resolver turns every stored person mention into a register of
//! people. It is deterministic (same mentions and decisions, same
//! register) and cautious: a wrong merge puts a stranger on a published
//! list, so only strong evidence merges, uncertain pairs go to the review
//! queue, and human decisions always win.
//!
//! Steps:
//! 1. human decisions: forced merges, cannot-links, split-off mentions;
//! 2. in-document references ("Semenova" after "Elena Semenova");
//! 3. identical full names merge;
//! 4. candidate pairs of distinct names come only from blocking keys
//!    (family-name key and its consonant skeleton), are scored by
//!    `kuager_names::compare`, and merge greedily, best first, unless a
//!    cannot-link would join one cluster;
//! 5. what stays uncertain becomes a [`ReviewPair`].

mod union_find;

use kuager_domain::{Decision, MentionKey, Person, PersonName, ReviewPair, StoredMention};
use kuager_names::compare::{given_compatible, MERGE, REVIEW};
use kuager_names::{compare, NameSig};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use union_find::UnionFind;

/// Blocks larger than this are compared only within their first
/// `MAX_BLOCK` distinct names (sorted), so one very common surname cannot
/// make resolution quadratic. Such names are left for review instead.
const MAX_BLOCK: usize = 400;

/// The register computed from mentions and decisions.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub persons: Vec<Person>,
    pub review: Vec<ReviewPair>,
}

/// Stable person id: derived from the person's anchor (smallest) mention.
pub fn person_id(anchor: &MentionKey) -> String {
    let digest = Sha256::digest(anchor.to_string().as_bytes());
    format!("p{}", &hex::encode(digest)[..11])
}

struct Sig {
    sig: NameSig,
    mentions: Vec<usize>,
}

/// Resolve all mentions under the human decisions.
pub fn resolve(mentions: &[StoredMention], decisions: &[Decision]) -> Resolution {
    // Work in key order whatever order storage returned, so ties break the
    // same way every time.
    let mut sorted: Vec<&StoredMention> = mentions.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    let sorted: Vec<StoredMention> = sorted.into_iter().cloned().collect();
    let mentions = &sorted[..];
    let n = mentions.len();
    let by_key: HashMap<&MentionKey, usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (&m.key, i))
        .collect();
    let mut uf = UnionFind::new(n);

    // 1. Human decisions: the latest about a pair wins.
    let mut pair_decision: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    let mut split: HashSet<usize> = HashSet::new();
    for d in decisions {
        match d {
            Decision::Merge { a, b } | Decision::Distinct { a, b } => {
                let (Some(&x), Some(&y)) = (by_key.get(a), by_key.get(b)) else {
                    continue;
                };
                let pair = (x.min(y), x.max(y));
                pair_decision.insert(pair, matches!(d, Decision::Merge { .. }));
            }
            Decision::Split { mention } => {
                if let Some(&x) = by_key.get(mention) {
                    split.insert(x);
                    pair_decision.retain(|(a, b), merge| !(*merge && (*a == x || *b == x)));
                }
            }
        }
    }
    let mut cannot: HashMap<usize, Vec<usize>> = HashMap::new();
    for (&(a, b), &merge) in &pair_decision {
        if !merge {
            cannot.entry(a).or_default().push(b);
            cannot.entry(b).or_default().push(a);
        }
    }
    for (&(a, b), &merge) in &pair_decision {
        if merge {
            uf.union(a, b);
        }
    }
    let human_pairs: HashSet<(usize, usize)> = pair_decision.keys().copied().collect();

    // Signatures of all mentions, grouped.
    let mut sig_index: BTreeMap<NameSig, usize> = BTreeMap::new();
    let mut sigs: Vec<Sig> = Vec::new();
    let mut sig_of = vec![0usize; n];
    for (i, m) in mentions.iter().enumerate() {
        let s = NameSig::from_name(&m.name);
        let id = *sig_index.entry(s.clone()).or_insert_with(|| {
            sigs.push(Sig {
                sig: s,
                mentions: Vec::new(),
            });
            sigs.len() - 1
        });
        sigs[id].mentions.push(i);
        sig_of[i] = id;
    }

    // Cannot-links between mentions whose names are incompatible are
    // found per pair of signatures below; `blocked` answers "may these
    // two clusters be joined?".
    let mut incompatible: HashMap<usize, Vec<usize>> = HashMap::new();
    let may_join = |uf: &mut UnionFind,
                    a: usize,
                    b: usize,
                    incompatible: &HashMap<usize, Vec<usize>>,
                    cannot: &HashMap<usize, Vec<usize>>,
                    sigs: &[Sig],
                    sig_of: &[usize]|
     -> bool {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            return true;
        }
        let (small, other) = if uf.size(ra) <= uf.size(rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let members = uf.members(small);
        let mut seen_sigs = HashSet::new();
        for m in members {
            if let Some(list) = cannot.get(&m) {
                if list.iter().any(|&x| uf.find(x) == other) {
                    return false;
                }
            }
            let s = sig_of[m];
            if seen_sigs.insert(s) {
                if let Some(list) = incompatible.get(&s) {
                    for &t in list {
                        if sigs[t].mentions.iter().any(|&x| uf.find(x) == other) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    };

    // 2. In-document references.
    let mut by_doc_ordinal: HashMap<(&str, usize), usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        by_doc_ordinal.insert((m.key.sha256.as_str(), m.ordinal), i);
    }
    for (i, m) in mentions.iter().enumerate() {
        if split.contains(&i) {
            continue;
        }
        if let Some(r) = m.refers_to {
            if let Some(&j) = by_doc_ordinal.get(&(m.key.sha256.as_str(), r)) {
                if !split.contains(&j)
                    && may_join(&mut uf, i, j, &incompatible, &cannot, &sigs, &sig_of)
                {
                    uf.union(i, j);
                }
            }
        }
    }

    // 3. Identical names: full names everywhere, bare family names only
    //    within one document.
    for s in &sigs {
        let members: Vec<usize> = s
            .mentions
            .iter()
            .copied()
            .filter(|m| !split.contains(m))
            .collect();
        if s.sig.is_bare() || s.sig.families.is_empty() {
            // In Russian a bare "Кенесова" may be the wife or the husband
            // in the genitive: leave those to in-document references.
            let ambiguous_case = members.iter().any(|&m| {
                let t = &mentions[m].text;
                kuager_names::translit::is_cyrillic(t) && t.ends_with(['а', 'я'])
            });
            if ambiguous_case {
                continue;
            }
            let mut first_in_doc: HashMap<&str, usize> = HashMap::new();
            for &m in &members {
                let doc = mentions[m].key.sha256.as_str();
                match first_in_doc.get(doc) {
                    Some(&f) => {
                        if may_join(&mut uf, f, m, &incompatible, &cannot, &sigs, &sig_of) {
                            uf.union(f, m);
                        }
                    }
                    None => {
                        first_in_doc.insert(doc, m);
                    }
                }
            }
        } else if let Some(&first) = members.first() {
            for &m in &members[1..] {
                if may_join(&mut uf, first, m, &incompatible, &cannot, &sigs, &sig_of) {
                    uf.union(first, m);
                }
            }
        }
    }

    // 4. Candidate pairs from blocking keys.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (id, s) in sigs.iter().enumerate() {
        for k in s.sig.blocking_keys() {
            blocks.entry(k).or_default().push(id);
        }
    }
    let mut scored: BTreeMap<(usize, usize), (f64, Vec<String>)> = BTreeMap::new();
    for members in blocks.values() {
        let members = &members[..members.len().min(MAX_BLOCK)];
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let pair = (a.min(b), a.max(b));
                if scored.contains_key(&pair) {
                    continue;
                }
                let v = compare(&sigs[a].sig, &sigs[b].sig);
                if v.incompatible {
                    incompatible.entry(a).or_default().push(b);
                    incompatible.entry(b).or_default().push(a);
                    scored.insert(pair, (0.0, v.evidence));
                } else {
                    scored.insert(pair, (v.score, v.evidence));
                }
            }
        }
    }
    // An initial-only name fits one full name: if that is the only full
    // name under its family name that fits, or both stand in one
    // document, take it as the same person.
    let docs_of = |s: usize| -> BTreeSet<&str> {
        sigs[s]
            .mentions
            .iter()
            .map(|&m| mentions[m].key.sha256.as_str())
            .collect()
    };
    let mut fits_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (&(a, b), (score, _)) in &scored {
        if *score >= REVIEW && *score < MERGE {
            let (sa, sb) = (&sigs[a].sig, &sigs[b].sig);
            if !sa.has_given() && sa.first_initial.is_some() && sb.has_given() {
                fits_of.entry(a).or_default().push(b);
            } else if !sb.has_given() && sb.first_initial.is_some() && sa.has_given() {
                fits_of.entry(b).or_default().push(a);
            }
        }
    }
    for (short, fulls) in &fits_of {
        let distinct_given: BTreeSet<&String> = fulls
            .iter()
            .filter_map(|&f| sigs[f].sig.given.first())
            .collect();
        let same_doc = fulls
            .iter()
            .any(|&f| !docs_of(*short).is_disjoint(&docs_of(f)));
        if distinct_given.len() == 1 || same_doc {
            for &f in fulls {
                let pair = ((*short).min(f), (*short).max(f));
                if let Some(entry) = scored.get_mut(&pair) {
                    let shares_doc = !docs_of(*short).is_disjoint(&docs_of(f));
                    if distinct_given.len() == 1 || shares_doc {
                        entry.0 = MERGE + 0.01;
                        entry.1.push(if shares_doc {
                            "both in one document".into()
                        } else {
                            "the only full name that fits".into()
                        });
                    }
                }
            }
        }
    }
    // Clusters formed so far (decisions, references, identical names) are
    // the starting point; their given names are tracked from here on.
    let mut given_sets = GivenSets::new(n, &sigs, &sig_of);
    let roots: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
    let mut regrouped: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (m, set) in std::mem::take(&mut given_sets.by_root) {
        regrouped.entry(roots[m]).or_default().extend(set);
    }
    given_sets.by_root = regrouped;
    let mut edges: Vec<(f64, usize, usize)> = scored
        .iter()
        .filter(|(_, (s, _))| *s >= MERGE)
        .map(|(&(a, b), (s, _))| (*s, a, b))
        .collect();
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, a, b) in edges {
        let ma: Vec<usize> = sigs[a]
            .mentions
            .iter()
            .copied()
            .filter(|m| !split.contains(m))
            .collect();
        let mb: Vec<usize> = sigs[b]
            .mentions
            .iter()
            .copied()
            .filter(|m| !split.contains(m))
            .collect();
        let (Some(&x), Some(&y)) = (ma.first(), mb.first()) else {
            continue;
        };
        if sigs[a].sig.is_bare() || sigs[b].sig.is_bare() {
            continue;
        }
        if given_sets.compatible(&mut uf, x, y)
            && may_join(&mut uf, x, y, &incompatible, &cannot, &sigs, &sig_of)
        {
            given_sets.join(&mut uf, x, y);
        }
    }

    // 5. Build people.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        clusters.entry(uf.find(i)).or_default().push(i);
    }
    let mut persons = Vec::with_capacity(clusters.len());
    let mut person_of = vec![0usize; n];
    for members in clusters.values() {
        let idx = persons.len();
        for &m in members {
            person_of[m] = idx;
        }
        persons.push(build_person(members, mentions, &sigs, &sig_of));
    }

    // 6. Review queue: uncertain pairs between different people, with no
    //    human decision about them.
    let mut review: BTreeMap<(usize, usize), (f64, Vec<String>)> = BTreeMap::new();
    for (&(a, b), (score, evidence)) in &scored {
        if *score < REVIEW {
            continue;
        }
        let (Some(&x), Some(&y)) = (sigs[a].mentions.first(), sigs[b].mentions.first()) else {
            continue;
        };
        for &ma in &sigs[a].mentions {
            for &mb in &sigs[b].mentions {
                let (pa, pb) = (person_of[ma], person_of[mb]);
                if pa == pb || human_pairs.contains(&(ma.min(mb), ma.max(mb))) {
                    continue;
                }
                if !may_join(&mut uf, ma, mb, &incompatible, &cannot, &sigs, &sig_of) {
                    continue;
                }
                let key = (pa.min(pb), pa.max(pb));
                let entry = review.entry(key).or_insert((0.0, Vec::new()));
                if *score > entry.0 {
                    *entry = (*score, evidence.clone());
                }
            }
        }
        let _ = (x, y);
    }
    let mut review: Vec<ReviewPair> = review
        .into_iter()
        .map(|((a, b), (score, evidence))| ReviewPair {
            a: persons[a].id.clone(),
            b: persons[b].id.clone(),
            score: (score * 100.0).round() / 100.0,
            evidence,
        })
        .collect();
    review.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    persons.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Resolution { persons, review }
}

/// Given names of each cluster, kept up to date as clusters join, so the
/// check below costs the size of the name sets, not of the clusters.
struct GivenSets {
    by_root: HashMap<usize, BTreeSet<String>>,
}

impl GivenSets {
    fn new(n: usize, sigs: &[Sig], sig_of: &[usize]) -> Self {
        let mut by_root = HashMap::with_capacity(n);
        for (m, &s) in sig_of.iter().enumerate() {
            if let Some(g) = sigs[s].sig.given.first() {
                by_root
                    .entry(m)
                    .or_insert_with(BTreeSet::new)
                    .insert(g.clone());
            }
        }
        GivenSets { by_root }
    }

    /// Two clusters may join only if every given name in one fits every
    /// given name in the other: two brothers never end up in one cluster
    /// through a third, vaguer name.
    fn compatible(&self, uf: &mut UnionFind, a: usize, b: usize) -> bool {
        let (ra, rb) = (uf.find(a), uf.find(b));
        let empty = BTreeSet::new();
        let ga = self.by_root.get(&ra).unwrap_or(&empty);
        let gb = self.by_root.get(&rb).unwrap_or(&empty);
        ga.iter().all(|x| gb.iter().all(|y| given_compatible(x, y)))
    }

    fn join(&mut self, uf: &mut UnionFind, a: usize, b: usize) {
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            return;
        }
        uf.union(ra, rb);
        let root = uf.find(ra);
        let mut merged = self.by_root.remove(&ra).unwrap_or_default();
        merged.extend(self.by_root.remove(&rb).unwrap_or_default());
        if !merged.is_empty() {
            self.by_root.insert(root, merged);
        }
    }
}

/// How complete a name form is: given name, patronymic, initials, family
/// names — compared in that order to pick a person's display name.
type Completeness = (usize, usize, usize, usize);

/// How often a form occurs, how complete it is, whether it is Latin.
type FormStats = (usize, Completeness, bool);

fn completeness(name: &PersonName) -> Completeness {
    (
        usize::from(!name.given.is_empty()),
        usize::from(name.patronymic.is_some()),
        name.initials.len(),
        name.family.len(),
    )
}

fn build_person(
    members: &[usize],
    mentions: &[StoredMention],
    sigs: &[Sig],
    sig_of: &[usize],
) -> Person {
    let keys: Vec<MentionKey> = members.iter().map(|&m| mentions[m].key.clone()).collect();
    let anchor = keys.iter().min().cloned().unwrap_or(MentionKey {
        sha256: String::new(),
        start: 0,
    });
    let mut forms: BTreeMap<String, FormStats> = BTreeMap::new();
    for &m in members {
        let name = &mentions[m].name;
        let display = name.display();
        if display.is_empty() {
            continue;
        }
        let latin = !kuager_names::translit::is_cyrillic(&display);
        let entry = forms
            .entry(display)
            .or_insert((0, completeness(name), latin));
        entry.0 += 1;
    }
    let best = forms
        .iter()
        .max_by(|a, b| {
            (a.1 .1, a.1 .0, a.1 .2)
                .cmp(&(b.1 .1, b.1 .0, b.1 .2))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    let aliases: Vec<String> = forms.keys().filter(|k| **k != best).cloned().collect();
    let mut search_keys: BTreeSet<String> = BTreeSet::new();
    for &m in members {
        let sig = &sigs[sig_of[m]].sig;
        for f in &sig.families {
            search_keys.insert(format!("f:{f}"));
        }
        for g in &sig.given {
            search_keys.insert(format!("g:{g}"));
        }
        if let Some(p) = &sig.patronymic {
            search_keys.insert(format!("p:{p}"));
        }
    }
    let mut keys = keys;
    keys.sort();
    Person {
        id: person_id(&anchor),
        name: best,
        aliases,
        mentions: keys,
        search_keys: search_keys.into_iter().collect(),
    }
}
