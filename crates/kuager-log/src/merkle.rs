//! RFC 6962 Merkle tree hashing, the append frontier, and the two proofs.

use sha2::{Digest, Sha256};

use crate::LogError;

/// A SHA-256 output.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 || data)`. The prefix keeps a leaf from passing for a node.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Largest power of two strictly below `n`; `n` must be at least 2.
fn split(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// MTH of a non-empty slice of leaf hashes.
fn mth(leaves: &[Hash]) -> Hash {
    if leaves.len() == 1 {
        return leaves[0];
    }
    let k = split(leaves.len());
    node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
}

/// RFC 6962 Merkle Tree Hash over already-hashed leaves.
pub fn root(leaves: &[Hash]) -> Hash {
    if leaves.is_empty() {
        empty_root()
    } else {
        mth(leaves)
    }
}

/// Compact state for appending without holding all leaves: the roots of the
/// perfect subtrees, left to right.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    // One node per set bit of `size`, biggest subtree first.
    nodes: Vec<Hash>,
}

const FRONTIER_TAG: &[u8] = b"kuager-frontier-v1";

impl Frontier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves pushed so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The perfect-subtree roots, biggest (leftmost) first.
    pub fn nodes(&self) -> &[Hash] {
        &self.nodes
    }

    /// Appends one leaf hash, merging equal-sized subtrees like a binary carry.
    pub fn push(&mut self, leaf: Hash) {
        let mut node = leaf;
        let mut carry = self.size;
        while carry & 1 == 1 {
            match self.nodes.pop() {
                Some(left) => node = node_hash(&left, &node),
                // Unreachable while nodes.len() == popcount(size).
                None => break,
            }
            carry >>= 1;
        }
        self.nodes.push(node);
        self.size += 1;
    }

    /// Equals `root(all leaves pushed)`: RFC 6962 splits off the biggest
    /// perfect subtree first, so folding from the right rebuilds the same tree.
    pub fn root(&self) -> Hash {
        let mut it = self.nodes.iter().rev();
        let Some(last) = it.next() else {
            return empty_root();
        };
        it.fold(*last, |acc, left| node_hash(left, &acc))
    }

    /// `"kuager-frontier-v1" || size (u64 BE) || nodes (32 bytes each)`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(FRONTIER_TAG.len() + 8 + 32 * self.nodes.len());
        out.extend_from_slice(FRONTIER_TAG);
        out.extend_from_slice(&self.size.to_be_bytes());
        for n in &self.nodes {
            out.extend_from_slice(n);
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<Self, LogError> {
        let rest = b.strip_prefix(FRONTIER_TAG).ok_or_else(|| {
            LogError::MalformedFrontier("does not start with the tag kuager-frontier-v1".into())
        })?;
        if rest.len() < 8 {
            return Err(LogError::MalformedFrontier(format!(
                "{} bytes after the tag, too short for the 8-byte size",
                rest.len()
            )));
        }
        let (size_bytes, hashes) = rest.split_at(8);
        let mut sb = [0u8; 8];
        sb.copy_from_slice(size_bytes);
        let size = u64::from_be_bytes(sb);
        let count = size.count_ones() as usize;
        if hashes.len() != 32 * count {
            return Err(LogError::MalformedFrontier(format!(
                "size {size} needs {count} hashes ({} bytes), found {} bytes",
                32 * count,
                hashes.len()
            )));
        }
        let nodes = hashes
            .chunks_exact(32)
            .map(|c| {
                let mut h = [0u8; 32];
                h.copy_from_slice(c);
                h
            })
            .collect();
        Ok(Self { size, nodes })
    }
}

/// Audit path for leaf `index`, ordered from the leaf up to the root.
pub fn inclusion_proof(leaves: &[Hash], index: u64) -> Result<Vec<Hash>, LogError> {
    let size = leaves.len() as u64;
    if index >= size {
        return Err(LogError::IndexOutOfRange { index, size });
    }
    let mut idx = index as usize;
    let mut tree = leaves;
    let mut path = Vec::new();
    // Walk down from the root collecting siblings; reversed at the end.
    while tree.len() > 1 {
        let k = split(tree.len());
        if idx < k {
            path.push(mth(&tree[k..]));
            tree = &tree[..k];
        } else {
            path.push(mth(&tree[..k]));
            tree = &tree[k..];
            idx -= k;
        }
    }
    path.reverse();
    Ok(path)
}

/// Number of hashes in the audit path for `index` in a tree of `size`.
pub(crate) fn inclusion_path_len(mut index: u64, mut size: u64) -> usize {
    let mut len = 0;
    while size > 1 {
        let k = 1u64 << (63 - (size - 1).leading_zeros());
        if index < k {
            size = k;
        } else {
            index -= k;
            size -= k;
        }
        len += 1;
    }
    len
}

/// The root an audit path leads to (RFC 9162 §2.1.3.2), or `None` if the
/// path has the wrong length for `index` and `size`.
pub(crate) fn root_from_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return None;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            // Skip levels where this subtree is the rightmost and has no sibling.
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    (snode == 0).then_some(r)
}

pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    root_from_inclusion(leaf, index, size, proof).is_some_and(|r| r == *root)
}

/// RFC 6962 `PROOF(m, D[n])`, where `leaves` is the new tree and m = `old_size`.
/// Empty for `old_size` 0 (the empty tree is a prefix of every tree) and for
/// `old_size == leaves.len()`.
pub fn consistency_proof(leaves: &[Hash], old_size: u64) -> Result<Vec<Hash>, LogError> {
    let new_size = leaves.len() as u64;
    if old_size > new_size {
        return Err(LogError::OldSizeTooLarge { old_size, new_size });
    }
    let mut path = Vec::new();
    if old_size == 0 || old_size == new_size {
        return Ok(path);
    }
    let mut m = old_size as usize;
    let mut tree = leaves;
    // True while the old tree is the left edge of `tree`, so its own root
    // is already known to the verifier and needs no hash in the proof.
    let mut on_left_edge = true;
    loop {
        if m == tree.len() {
            if !on_left_edge {
                path.push(mth(tree));
            }
            break;
        }
        let k = split(tree.len());
        if m <= k {
            path.push(mth(&tree[k..]));
            tree = &tree[..k];
        } else {
            path.push(mth(&tree[..k]));
            tree = &tree[k..];
            m -= k;
            on_left_edge = false;
        }
    }
    path.reverse();
    Ok(path)
}

/// Number of hashes in a consistency proof from `old_size` to `new_size`.
pub(crate) fn consistency_path_len(old_size: u64, new_size: u64) -> usize {
    if old_size == 0 || old_size >= new_size {
        return 0;
    }
    let (mut m, mut n, mut on_left_edge, mut len) = (old_size, new_size, true, 0);
    while m != n {
        let k = 1u64 << (63 - (n - 1).leading_zeros());
        if m <= k {
            n = k;
        } else {
            m -= k;
            n -= k;
            on_left_edge = false;
        }
        len += 1;
    }
    len + usize::from(!on_left_edge)
}

/// The (old, new) roots a consistency proof leads to (RFC 9162 §2.1.4.2) for
/// `0 < old_size < new_size`, or `None` if its shape is wrong.
pub(crate) fn roots_from_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    proof: &[Hash],
) -> Option<(Hash, Hash)> {
    if old_size == 0 || old_size >= new_size || proof.is_empty() {
        return None;
    }
    let mut rest = proof.iter();
    // A power-of-two old tree is a complete subtree of the new one, so the
    // proof leaves out its root: the verifier already has it.
    let first = if old_size.is_power_of_two() {
        *old_root
    } else {
        *rest.next()?
    };
    let (mut fnode, mut snode) = (old_size - 1, new_size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in rest {
        if snode == 0 {
            return None;
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    (snode == 0).then_some((fr, sr))
}

/// Whether `proof` shows the tree of `old_size` with `old_root` is a prefix of
/// the tree of `new_size` with `new_root`. Size 0 is consistent with any tree
/// (empty proof, and `old_root` must be the empty root).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == 0 {
        return proof.is_empty()
            && *old_root == empty_root()
            && (new_size != 0 || *new_root == empty_root());
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    roots_from_consistency(old_size, new_size, old_root, proof)
        .is_some_and(|(fr, sr)| fr == *old_root && sr == *new_root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_largest_power_of_two_below() {
        for (n, k) in [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1000, 512)] {
            assert_eq!(split(n), k, "n = {n}");
        }
    }

    #[test]
    fn path_lengths_match_generated_proofs() {
        let leaves: Vec<Hash> = (0u32..40).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 1..=leaves.len() {
            let tree = &leaves[..n];
            for i in 0..n as u64 {
                let p = inclusion_proof(tree, i).expect("in range");
                assert_eq!(p.len(), inclusion_path_len(i, n as u64), "({i}, {n})");
            }
            for m in 0..=n as u64 {
                let p = consistency_proof(tree, m).expect("m <= n");
                assert_eq!(p.len(), consistency_path_len(m, n as u64), "({m}, {n})");
            }
        }
    }
}
