use kuager_log::*;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn leaves(n: usize) -> Vec<Hash> {
    (0..n as u32).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

fn unhex(s: &str) -> Hash {
    hash_from_hex("test", s).expect("test vector is valid hex")
}

fn flip(h: &Hash) -> Hash {
    let mut h = *h;
    h[0] ^= 1;
    h
}

fn sha(parts: &[&[u8]]) -> Hash {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

#[test]
fn small_trees_computed_by_hand() {
    let (a, b, c) = (b"alpha".as_slice(), b"beta".as_slice(), b"gamma".as_slice());
    let la = sha(&[&[0x00], a]);
    let lb = sha(&[&[0x00], b]);
    let lc = sha(&[&[0x00], c]);
    assert_eq!(leaf_hash(a), la);
    assert_eq!(node_hash(&la, &lb), sha(&[&[0x01], &la, &lb]));
    assert_eq!(empty_root(), sha(&[]));
    assert_eq!(root(&[]), sha(&[]));
    assert_eq!(root(&[la]), la);
    let ab = sha(&[&[0x01], &la, &lb]);
    assert_eq!(root(&[la, lb]), ab);
    // Size 3 splits 2 + 1, not 1 + 2.
    assert_eq!(root(&[la, lb, lc]), sha(&[&[0x01], &ab, &lc]));
    assert_eq!(inclusion_proof(&[la, lb, lc], 2).unwrap(), vec![ab]);
    assert_eq!(inclusion_proof(&[la, lb, lc], 0).unwrap(), vec![lb, lc]);
    assert_eq!(consistency_proof(&[la, lb, lc], 2).unwrap(), vec![lc]);
    assert_eq!(consistency_proof(&[la, lb, lc], 1).unwrap(), vec![lb, lc]);
}

// Certificate Transparency's published RFC 6962 test vectors (data only).
const CT_DATA: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];
const CT_ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn ct_leaves() -> Vec<Hash> {
    CT_DATA
        .iter()
        .map(|d| leaf_hash(&hex::decode(d).expect("hex")))
        .collect()
}

#[test]
fn matches_certificate_transparency_vectors() {
    let l = ct_leaves();
    let mut f = Frontier::new();
    for n in 0..=8 {
        assert_eq!(root(&l[..n]), unhex(CT_ROOTS[n]), "root of size {n}");
        assert_eq!(f.root(), unhex(CT_ROOTS[n]), "frontier of size {n}");
        if n < 8 {
            f.push(l[n]);
        }
    }
    let cases: [(u64, &[&str]); 2] = [
        (
            0,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    for (index, path) in cases {
        let want: Vec<Hash> = path.iter().map(|s| unhex(s)).collect();
        assert_eq!(inclusion_proof(&l, index).unwrap(), want, "leaf {index}");
    }
    let cases: [(u64, &[&str]); 2] = [
        (
            2,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    for (m, path) in cases {
        let want: Vec<Hash> = path.iter().map(|s| unhex(s)).collect();
        assert_eq!(consistency_proof(&l, m).unwrap(), want, "{m} -> 8");
    }
    let want = vec![
        unhex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        unhex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
    ];
    assert_eq!(consistency_proof(&l[..5], 2).unwrap(), want, "2 -> 5");
}

#[test]
fn frontier_root_equals_root_for_every_size_to_300() {
    let l = leaves(300);
    let mut f = Frontier::new();
    for n in 0..=300 {
        assert_eq!(f.size(), n as u64);
        assert_eq!(f.nodes().len(), (n as u64).count_ones() as usize);
        assert_eq!(f.root(), root(&l[..n]), "size {n}");
        let back = Frontier::from_bytes(&f.to_bytes()).expect("round trip");
        assert_eq!(back, f, "bytes round trip at size {n}");
        if n < 300 {
            f.push(l[n]);
        }
    }
}

#[test]
fn frontier_rejects_malformed_bytes() {
    let mut f = Frontier::new();
    for h in leaves(5) {
        f.push(h);
    }
    let good = f.to_bytes();
    let mut b = good.clone();
    b.pop();
    assert!(matches!(
        Frontier::from_bytes(&b),
        Err(LogError::MalformedFrontier(_))
    ));
    let mut b = good.clone();
    b.extend_from_slice(&[0; 32]);
    assert!(matches!(
        Frontier::from_bytes(&b),
        Err(LogError::MalformedFrontier(_))
    ));
    let mut b = good.clone();
    b[0] = b'K';
    assert!(matches!(
        Frontier::from_bytes(&b),
        Err(LogError::MalformedFrontier(_))
    ));
    assert!(Frontier::from_bytes(b"kuager-frontier-v1\0\0").is_err());
    assert!(Frontier::from_bytes(&[]).is_err());
    // A size claiming more subtrees than there are hashes.
    let mut b = b"kuager-frontier-v1".to_vec();
    b.extend_from_slice(&u64::MAX.to_be_bytes());
    assert!(Frontier::from_bytes(&b).is_err());
}

#[test]
fn inclusion_proofs_verify_for_every_index_to_70_and_tampering_fails() {
    let all = leaves(140);
    for n in 1..=70usize {
        let tree = &all[..n];
        let size = n as u64;
        let r = root(tree);
        for i in 0..size {
            let leaf = tree[i as usize];
            let p = inclusion_proof(tree, i).unwrap();
            assert!(verify_inclusion(&leaf, i, size, &p, &r), "({i}, {n})");

            assert!(!verify_inclusion(&flip(&leaf), i, size, &p, &r));
            assert!(!verify_inclusion(&leaf, i, size, &p, &flip(&r)));
            for j in (0..size + 2).filter(|&j| j != i) {
                assert!(
                    !verify_inclusion(&leaf, j, size, &p, &r),
                    "index {j} for {i} in {n}"
                );
            }
            // Another size, against that size's real root.
            for other in [size - 1, size + 1, 2 * size] {
                if other > i && other != size {
                    let other_root = root(&all[..other as usize]);
                    assert!(
                        !verify_inclusion(&leaf, i, other, &p, &other_root),
                        "size {other}"
                    );
                }
            }
            for k in 0..p.len() {
                let mut t = p.clone();
                t[k] = flip(&t[k]);
                assert!(!verify_inclusion(&leaf, i, size, &t, &r), "element {k}");
            }
            if !p.is_empty() {
                assert!(!verify_inclusion(&leaf, i, size, &p[..p.len() - 1], &r));
            }
            let mut longer = p.clone();
            longer.push(r);
            assert!(!verify_inclusion(&leaf, i, size, &longer, &r));
        }
        assert_eq!(
            inclusion_proof(tree, size),
            Err(LogError::IndexOutOfRange { index: size, size })
        );
    }
    assert!(inclusion_proof(&[], 0).is_err());
}

#[test]
fn a_path_alone_does_not_fix_the_tree_size() {
    // Leaf 0 of size 3 and of size 4 have paths of the same shape, so the
    // same path and root verify under both sizes. The signed tree head is
    // what binds the size; this is why proof documents carry one.
    let l = leaves(4);
    let p = inclusion_proof(&l[..3], 0).unwrap();
    let r3 = root(&l[..3]);
    assert!(verify_inclusion(&l[0], 0, 4, &p, &r3));
    assert!(!verify_inclusion(&l[0], 0, 4, &p, &root(&l)));
}

#[test]
fn consistency_proofs_verify_for_every_pair_to_50_and_tampering_fails() {
    let all = leaves(100);
    let roots: Vec<Hash> = (0..=100).map(|n| root(&all[..n])).collect();
    for n in 1..=50u64 {
        let tree = &all[..n as usize];
        let new_root = roots[n as usize];
        for m in 1..=n {
            let old_root = roots[m as usize];
            let p = consistency_proof(tree, m).unwrap();
            assert!(
                verify_consistency(m, n, &old_root, &new_root, &p),
                "({m}, {n})"
            );

            assert!(
                !verify_consistency(m, n, &flip(&old_root), &new_root, &p),
                "old root"
            );
            assert!(
                !verify_consistency(m, n, &old_root, &flip(&new_root), &p),
                "new root"
            );
            for k in 0..p.len() {
                let mut t = p.clone();
                t[k] = flip(&t[k]);
                assert!(
                    !verify_consistency(m, n, &old_root, &new_root, &t),
                    "element {k}"
                );
            }
            if !p.is_empty() {
                assert!(!verify_consistency(
                    m,
                    n,
                    &old_root,
                    &new_root,
                    &p[..p.len() - 1]
                ));
            }
            let mut longer = p.clone();
            longer.push(new_root);
            assert!(!verify_consistency(m, n, &old_root, &new_root, &longer));
            if m < n {
                assert!(
                    !verify_consistency(n, m, &new_root, &old_root, &p),
                    "swapped"
                );
            }
            // Other sizes, against those sizes' real roots.
            for (m2, n2) in [(m - 1, n), (m + 1, n), (m, n - 1), (m, n + 1)] {
                if m2 >= 1 && m2 <= n2 && (m2, n2) != (m, n) {
                    let (r1, r2) = (roots[m2 as usize], roots[n2 as usize]);
                    assert!(
                        !verify_consistency(m2, n2, &r1, &r2, &p),
                        "proof ({m}, {n}) taken as ({m2}, {n2})"
                    );
                }
            }
        }
        assert_eq!(
            consistency_proof(tree, n + 1),
            Err(LogError::OldSizeTooLarge {
                old_size: n + 1,
                new_size: n
            })
        );
    }
}

#[test]
fn consistency_from_the_empty_tree() {
    let l = leaves(5);
    assert_eq!(consistency_proof(&l, 0).unwrap(), Vec::<Hash>::new());
    assert!(verify_consistency(0, 5, &empty_root(), &root(&l), &[]));
    assert!(!verify_consistency(0, 5, &root(&l[..1]), &root(&l), &[]));
    assert!(!verify_consistency(0, 5, &empty_root(), &root(&l), &[l[0]]));
    assert!(verify_consistency(0, 0, &empty_root(), &empty_root(), &[]));
    assert!(!verify_consistency(0, 0, &empty_root(), &l[0], &[]));
    assert!(!verify_consistency(
        3,
        3,
        &root(&l[..3]),
        &root(&l[..2]),
        &[]
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_leaf_sets(
        data in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 1..200),
        pick in any::<u64>(),
        pick_old in any::<u64>(),
    ) {
        let l: Vec<Hash> = data.iter().map(|d| leaf_hash(d)).collect();
        let n = l.len() as u64;
        let r = root(&l);
        let mut f = Frontier::new();
        for h in &l {
            f.push(*h);
        }
        prop_assert_eq!(f.root(), r);

        let i = pick % n;
        let p = inclusion_proof(&l, i).unwrap();
        prop_assert!(verify_inclusion(&l[i as usize], i, n, &p, &r));
        let other = leaf_hash(b"not in the log");
        prop_assert!(!verify_inclusion(&other, i, n, &p, &r));

        let m = pick_old % n + 1;
        let old_root = root(&l[..m as usize]);
        let c = consistency_proof(&l, m).unwrap();
        prop_assert!(verify_consistency(m, n, &old_root, &r, &c));
        if !c.is_empty() {
            let mut t = c.clone();
            let k = (pick as usize) % t.len();
            t[k] = flip(&t[k]);
            prop_assert!(!verify_consistency(m, n, &old_root, &r, &t));
        }
    }
}
