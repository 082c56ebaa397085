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
const MAX_BLOCK: usize = 1000;

/// Two clusters, by their roots.
type RootPair = (usize, usize);
/// A score with its evidence.
type Scored = (f64, Vec<String>);

/// At most this many review pairs name the same person.
const MAX_REVIEW_PER_PERSON: usize = 3;

/// The register computed from mentions and decisions.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub persons: Vec<Person>,
    pub review: Vec<ReviewPair>,
}

/// Keep the ids people had in the previous resolution. `previous` lists
/// each old person's id and anchor (smallest mention key). A new person
/// that contains old anchors takes the id of the smallest of them, unless
/// another new person already took it; everyone else keeps the id derived
/// from their own anchor. So adding documents does not rename people, a
/// split leaves the old id with the part that holds the old anchor, and a
/// merge keeps the older anchor's id.
pub fn keep_ids(resolution: &mut Resolution, previous: &[(String, MentionKey)]) {
    let old_by_anchor: HashMap<&MentionKey, &str> =
        previous.iter().map(|(id, k)| (k, id.as_str())).collect();
    if old_by_anchor.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..resolution.persons.len()).collect();
    order.sort_by(|&a, &b| {
        resolution.persons[a]
            .mentions
            .first()
            .cmp(&resolution.persons[b].mentions.first())
    });
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for i in order {
        let person = &resolution.persons[i];
        let carried = person
            .mentions
            .iter()
            .filter_map(|m| old_by_anchor.get(m).copied())
            .find(|old| !taken.contains(*old));
        if let Some(old) = carried {
            taken.insert(old.to_string());
            if old != person.id {
                renamed.insert(person.id.clone(), old.to_string());
            }
        }
    }
    // A fresh id must not collide with a carried one.
    for p in &mut resolution.persons {
        if let Some(new_id) = renamed.get(&p.id) {
            p.id = new_id.clone();
        }
    }
    for r in &mut resolution.review {
        if let Some(new_id) = renamed.get(&r.a) {
            r.a = new_id.clone();
        }
        if let Some(new_id) = renamed.get(&r.b) {
            r.b = new_id.clone();
        }
    }
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

/// Per-cluster facts kept up to date as clusters join, so that checking a
/// join costs the number of distinct names involved, never the number of
/// mentions.
struct Clusters {
    uf: UnionFind,
    /// Distinct signatures in each cluster (by root).
    sigs: HashMap<usize, BTreeSet<usize>>,
    /// Given-name keys in each cluster.
    given: HashMap<usize, BTreeSet<String>>,
    /// Mentions in each cluster that carry a human cannot-link.
    guarded: HashMap<usize, Vec<usize>>,
}

impl Clusters {
    fn new(n: usize, sig_of: &[usize], sigs: &[Sig], cannot: &HashMap<usize, Vec<usize>>) -> Self {
        let mut c = Clusters {
            uf: UnionFind::new(n),
            sigs: HashMap::with_capacity(n),
            given: HashMap::new(),
            guarded: HashMap::new(),
        };
        for (m, &s) in sig_of.iter().enumerate() {
            c.sigs.entry(m).or_default().insert(s);
            // A lone word read as a given name ("Baltabay" after "Yerlan
            // Baltabay") may be a surname: only names with a family name
            // say what the person's given name is.
            let sig = &sigs[s].sig;
            if let (Some(g), false) = (sig.given.first(), sig.families.is_empty()) {
                c.given.entry(m).or_default().insert(g.clone());
            }
            if cannot.contains_key(&m) {
                c.guarded.entry(m).or_default().push(m);
            }
        }
        c
    }

    fn find(&mut self, x: usize) -> usize {
        self.uf.find(x)
    }

    fn uf_size(&mut self, x: usize) -> usize {
        self.uf.size(x)
    }

    /// May the clusters of `a` and `b` become one? Not if a human said
    /// two of their mentions are different people, not if they hold
    /// incompatible names, and (unless `forced`) not if their given names
    /// clash.
    fn may_join(&mut self, a: usize, b: usize, ctx: &Ctx<'_>, check_given: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let guarded: Vec<usize> = self.guarded.get(&ra).cloned().unwrap_or_default();
        for m in guarded {
            for &x in ctx.cannot.get(&m).map(Vec::as_slice).unwrap_or(&[]) {
                if self.find(x) == rb {
                    return false;
                }
            }
        }
        let empty = BTreeSet::new();
        let sa = self.sigs.get(&ra).unwrap_or(&empty);
        let sb = self.sigs.get(&rb).unwrap_or(&empty);
        let (small, large) = if sa.len() <= sb.len() {
            (sa, sb)
        } else {
            (sb, sa)
        };
        for s in small {
            if let Some(list) = ctx.incompatible.get(s) {
                if list.iter().any(|t| large.contains(t)) {
                    return false;
                }
            }
        }
        if check_given {
            if let (Some(ga), Some(gb)) = (self.given.get(&ra), self.given.get(&rb)) {
                if !ga.iter().all(|x| gb.iter().all(|y| given_compatible(x, y))) {
                    return false;
                }
            }
        }
        true
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        self.uf.union(ra, rb);
        let root = self.find(ra);
        let gone = if root == ra { rb } else { ra };
        if let Some(moved) = self.sigs.remove(&gone) {
            self.sigs.entry(root).or_default().extend(moved);
        }
        if let Some(moved) = self.given.remove(&gone) {
            self.given.entry(root).or_default().extend(moved);
        }
        if let Some(moved) = self.guarded.remove(&gone) {
            self.guarded.entry(root).or_default().extend(moved);
        }
    }
}

/// What the join checks need to know about the whole input.
struct Ctx<'a> {
    cannot: &'a HashMap<usize, Vec<usize>>,
    incompatible: &'a HashMap<usize, Vec<usize>>,
}

/// Resolve all mentions under the human decisions.
pub fn resolve(mentions: &[StoredMention], decisions: &[Decision]) -> Resolution {
    // Work in key order whatever order storage returned, so ties break the
    // same way every time.
    let mut order: Vec<&StoredMention> = mentions.iter().collect();
    order.sort_by(|a, b| a.key.cmp(&b.key));
    let mentions = order;
    let n = mentions.len();
    let clock = std::time::Instant::now();
    let lap =
        |phase: &str| tracing::debug!(phase, seconds = clock.elapsed().as_secs_f64(), "resolve");
    let by_key: HashMap<&MentionKey, usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (&m.key, i))
        .collect();

    // 1. Human decisions: the latest about a pair wins.
    let mut pair_decision: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    let mut split: HashSet<usize> = HashSet::new();
    for d in decisions {
        match d {
            Decision::Merge { a, b } | Decision::Distinct { a, b } => {
                let (Some(&x), Some(&y)) = (by_key.get(a), by_key.get(b)) else {
                    continue;
                };
                pair_decision.insert((x.min(y), x.max(y)), matches!(d, Decision::Merge { .. }));
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

    // Signatures of all mentions, grouped.
    let mut sig_index: HashMap<NameSig, usize> = HashMap::new();
    let mut sigs: Vec<Sig> = Vec::new();
    let mut sig_of = vec![0usize; n];
    for (i, m) in mentions.iter().enumerate() {
        let s = NameSig::from_name(&m.name);
        let id = match sig_index.get(&s) {
            Some(&id) => id,
            None => {
                sigs.push(Sig {
                    sig: s.clone(),
                    mentions: Vec::new(),
                });
                sig_index.insert(s, sigs.len() - 1);
                sigs.len() - 1
            }
        };
        sigs[id].mentions.push(i);
        sig_of[i] = id;
    }
    drop(sig_index);
    lap("signatures");

    // Candidate pairs from blocking keys, scored once each. Incompatible
    // pairs become cannot-links between signatures.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (id, s) in sigs.iter().enumerate() {
        if s.sig.is_bare() {
            // Bare surnames are offered for review against their family
            // after clustering; they never merge by name alone.
            continue;
        }
        for k in s.sig.blocking_keys() {
            blocks.entry(k).or_default().push(id);
        }
    }
    // Family-and-initial blocks where two or more different given names
    // are known ("Asset" and "Abay Gabdullin"): there "Gabdullin A." is
    // ambiguous and joins nobody by name alone.
    let ambiguous_initial: HashSet<&str> = blocks
        .iter()
        .filter(|(k, _)| k.starts_with("f:"))
        .filter(|(_, members)| {
            let given: HashSet<&String> = members
                .iter()
                .filter_map(|&m| sigs[m].sig.given.first())
                .collect();
            given.len() >= 2
        })
        .map(|(k, _)| k.as_str())
        .collect();
    let single_initial_ambiguous: Vec<bool> = sigs
        .iter()
        .map(|s| {
            !s.sig.has_given()
                && s.sig.second_initial.is_none()
                && s.sig
                    .blocking_keys()
                    .iter()
                    .any(|k| ambiguous_initial.contains(k.as_str()))
        })
        .collect();
    drop(ambiguous_initial);
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut scored: BTreeMap<(usize, usize), (f64, Vec<String>)> = BTreeMap::new();
    let mut incompatible: HashMap<usize, Vec<usize>> = HashMap::new();
    for members in blocks.values() {
        let members = &members[..members.len().min(MAX_BLOCK)];
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let pair = (a.min(b), a.max(b));
                if !seen.insert(pair) {
                    continue;
                }
                let v = compare(&sigs[a].sig, &sigs[b].sig);
                if v.incompatible {
                    incompatible.entry(a).or_default().push(b);
                    incompatible.entry(b).or_default().push(a);
                } else if v.score >= REVIEW {
                    scored.insert(pair, (v.score, v.evidence));
                }
            }
        }
    }
    drop(seen);
    drop(blocks);
    lap("scoring");
    let ctx = Ctx {
        cannot: &cannot,
        incompatible: &incompatible,
    };
    let mut clusters = Clusters::new(n, &sig_of, &sigs, &cannot);

    // Human merges first: they override name evidence, not other humans.
    for (&(a, b), &merge) in &pair_decision {
        if merge
            && clusters.may_join(
                a,
                b,
                &Ctx {
                    cannot: &cannot,
                    incompatible: &HashMap::new(),
                },
                false,
            )
        {
            clusters.join(a, b);
        }
    }

    // 2. In-document references.
    let mut by_doc_ordinal: HashMap<(&str, usize), usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        by_doc_ordinal.insert((m.key.sha256.as_str(), m.ordinal), i);
    }
    for (i, m) in mentions.iter().enumerate() {
        if split.contains(&i) {
            continue;
        }
        if let Some(&j) = m
            .refers_to
            .and_then(|r| by_doc_ordinal.get(&(m.key.sha256.as_str(), r)))
        {
            if !split.contains(&j) && clusters.may_join(i, j, &ctx, false) {
                clusters.join(i, j);
            }
        }
    }

    // 3. Identical names: full names everywhere, bare family names only
    //    within one document (and not the Russian forms in -а, which may
    //    be a wife or a husband in the genitive).
    for (sig_id, s) in sigs.iter().enumerate() {
        let members: Vec<usize> = s
            .mentions
            .iter()
            .copied()
            .filter(|m| !split.contains(m))
            .collect();
        // A surname with a single initial ("Gabdullin A.") where several
        // people of that family share the initial: identical ones join
        // within a document only.
        if s.sig.is_bare() || s.sig.families.is_empty() || single_initial_ambiguous[sig_id] {
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
                        if clusters.may_join(f, m, &ctx, true) {
                            clusters.join(f, m);
                        }
                    }
                    None => {
                        first_in_doc.insert(doc, m);
                    }
                }
            }
        } else if let Some(&first) = members.first() {
            for &m in &members[1..] {
                if clusters.may_join(first, m, &ctx, true) {
                    clusters.join(first, m);
                }
            }
        }
    }

    lap("references and identical names");
    // 4. An initial-only name fits one full name: if that is the only full
    //    name under its family name that fits, or both stand in one
    //    document, take it as the same person.
    let docs_of = |s: usize| -> BTreeSet<&str> {
        sigs[s]
            .mentions
            .iter()
            .map(|&m| mentions[m].key.sha256.as_str())
            .collect()
    };
    let mut fits_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&(a, b), (score, _)) in &scored {
        if *score < MERGE {
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
        let short_docs = docs_of(*short);
        for &f in fulls {
            let shares_doc = !short_docs.is_disjoint(&docs_of(f));
            if distinct_given.len() == 1 || shares_doc {
                if let Some(entry) = scored.get_mut(&((*short).min(f), (*short).max(f))) {
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

    // 5. Merge scored pairs, best first.
    let mut edges: Vec<(f64, usize, usize)> = scored
        .iter()
        .filter(|(_, (s, _))| *s >= MERGE)
        .map(|(&(a, b), (s, _))| (*s, a, b))
        .collect();
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let first_unsplit = |s: usize| {
        sigs[s]
            .mentions
            .iter()
            .copied()
            .find(|m| !split.contains(m))
    };
    for (_, a, b) in edges {
        if sigs[a].sig.is_bare() || sigs[b].sig.is_bare() {
            continue;
        }
        let (Some(x), Some(y)) = (first_unsplit(a), first_unsplit(b)) else {
            continue;
        };
        if clusters.may_join(x, y, &ctx, true) {
            clusters.join(x, y);
        }
    }

    lap("merging");
    // 6. Build people.
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        by_root.entry(clusters.find(i)).or_default().push(i);
    }
    let mut persons = Vec::with_capacity(by_root.len());
    let mut person_of_root: HashMap<usize, usize> = HashMap::with_capacity(by_root.len());
    for (root, members) in &by_root {
        person_of_root.insert(*root, persons.len());
        persons.push(build_person(members, &mentions, &sigs, &sig_of));
    }

    lap("people");
    // 7. Review queue: uncertain pairs between different people that may
    //    still be joined and that no human has decided about.
    let mut decided: HashSet<(usize, usize)> = HashSet::new();
    for &(a, b) in pair_decision.keys() {
        let (ra, rb) = (clusters.find(a), clusters.find(b));
        decided.insert((ra.min(rb), ra.max(rb)));
    }
    let mut roots_of_sig: Vec<Vec<usize>> = Vec::with_capacity(sigs.len());
    for s in &sigs {
        let mut roots: Vec<usize> = s.mentions.iter().map(|&m| clusters.find(m)).collect();
        roots.sort_unstable();
        roots.dedup();
        roots_of_sig.push(roots);
    }
    // Best score per pair of people first, then one join check per pair.
    let mut best: HashMap<RootPair, (f64, (usize, usize))> = HashMap::new();
    for (&(a, b), (score, _)) in &scored {
        for &ra in &roots_of_sig[a] {
            for &rb in &roots_of_sig[b] {
                if ra == rb {
                    continue;
                }
                let key = (ra.min(rb), ra.max(rb));
                let entry = best.entry(key).or_insert((0.0, (a, b)));
                if *score > entry.0 {
                    *entry = (*score, (a, b));
                }
            }
        }
    }
    // A bare surname may be anyone of its family: offer the people of
    // that family with the most mentions (a bare name says nothing else).
    let mut family_roots: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (id, sg) in sigs.iter().enumerate() {
        if sg.sig.is_bare() {
            continue;
        }
        for f in &sg.sig.families {
            for &r in &roots_of_sig[id] {
                family_roots.entry(f.as_str()).or_default().push((r, id));
            }
        }
    }
    let mut bare_evidence: HashMap<RootPair, usize> = HashMap::new();
    for (id, sg) in sigs.iter().enumerate() {
        if !sg.sig.is_bare() {
            continue;
        }
        for f in &sg.sig.families {
            let Some(candidates) = family_roots.get_mut(f.as_str()) else {
                continue;
            };
            candidates.sort_unstable();
            candidates.dedup_by_key(|c| c.0);
            let mut sized: Vec<(usize, usize, usize)> = candidates
                .iter()
                .map(|&(r, other)| (clusters.uf_size(r), r, other))
                .collect();
            sized.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            for &ra in &roots_of_sig[id] {
                let mut offered = 0;
                for &(_, rb, other) in &sized {
                    if offered >= MAX_REVIEW_PER_PERSON {
                        break;
                    }
                    let v = compare(&sg.sig, &sigs[other].sig);
                    if v.incompatible || v.score < REVIEW || ra == rb {
                        continue;
                    }
                    let key = (ra.min(rb), ra.max(rb));
                    best.entry(key).or_insert((v.score, (id, other)));
                    bare_evidence.insert(key, id);
                    offered += 1;
                }
            }
        }
    }
    let mut review: BTreeMap<RootPair, Scored> = BTreeMap::new();
    for (key, (score, (a, b))) in best {
        if decided.contains(&key) || !clusters.may_join(key.0, key.1, &ctx, true) {
            continue;
        }
        let evidence = match scored.get(&(a.min(b), a.max(b))) {
            Some((_, e)) => e.clone(),
            None => compare(&sigs[a].sig, &sigs[b].sig).evidence,
        };
        review.insert(key, (score, evidence));
    }
    // A bare surname shared by many people is not a question a human can
    // answer from names alone: each person keeps at most its
    // MAX_REVIEW_PER_PERSON best candidates, so the queue stays workable
    // (and linear in the size of the register).
    let mut ranked: Vec<(RootPair, Scored)> = review.into_iter().collect();
    ranked.sort_by(|x, y| y.1 .0.total_cmp(&x.1 .0).then(x.0.cmp(&y.0)));
    let mut per_root: HashMap<usize, usize> = HashMap::new();
    let mut review: Vec<(RootPair, Scored)> = Vec::new();
    for (key, value) in ranked {
        let (ca, cb) = (
            per_root.get(&key.0).copied().unwrap_or(0),
            per_root.get(&key.1).copied().unwrap_or(0),
        );
        if ca >= MAX_REVIEW_PER_PERSON || cb >= MAX_REVIEW_PER_PERSON {
            continue;
        }
        *per_root.entry(key.0).or_default() += 1;
        *per_root.entry(key.1).or_default() += 1;
        review.push((key, value));
    }
    let mut review: Vec<ReviewPair> = review
        .into_iter()
        .filter_map(|((ra, rb), (score, evidence))| {
            let (pa, pb) = (person_of_root.get(&ra)?, person_of_root.get(&rb)?);
            Some(ReviewPair {
                a: persons[*pa].id.clone(),
                b: persons[*pb].id.clone(),
                score: (score * 100.0).round() / 100.0,
                evidence,
            })
        })
        .collect();
    review.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    lap("review");
    persons.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Resolution { persons, review }
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
    mentions: &[&StoredMention],
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
