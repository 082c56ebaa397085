#![allow(dead_code)] // each test binary uses a different part

use kuager_log::ed25519_dalek::SigningKey;
use kuager_log::*;

pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

pub fn entry(seq: u64) -> LogEntry {
    LogEntry {
        seq,
        at: format!("2025-03-{:02}T10:00:00Z", seq % 28 + 1),
        table: "persons".into(),
        key: format!("p{seq:04}"),
        action: if seq.is_multiple_of(3) {
            "insert"
        } else {
            "update"
        }
        .into(),
        digest: hash_to_hex(&leaf_hash(&seq.to_be_bytes())),
    }
}

pub fn entries(n: u64) -> Vec<LogEntry> {
    (0..n).map(entry).collect()
}

pub fn signed_head(leaves: &[Hash], sk: &SigningKey, at: &str) -> SignedTreeHead {
    sign_head(TreeHead::new(leaves.len() as u64, &root(leaves), at), sk)
}

pub fn inclusion_doc(n: u64, index: u64, sk: &SigningKey) -> InclusionProofDoc {
    let es = entries(n);
    let leaves: Vec<Hash> = es.iter().map(LogEntry::leaf_hash).collect();
    let head = signed_head(&leaves, sk, "2025-04-01T00:00:00Z");
    let path = inclusion_proof(&leaves, index).expect("index in range");
    InclusionProofDoc::new(
        &sk.verifying_key(),
        head,
        es[index as usize].clone(),
        index,
        &path,
    )
}

pub fn consistency_doc(m: u64, n: u64, sk: &SigningKey) -> ConsistencyProofDoc {
    let leaves: Vec<Hash> = entries(n).iter().map(LogEntry::leaf_hash).collect();
    let old = signed_head(&leaves[..m as usize], sk, "2025-04-01T00:00:00Z");
    let new = signed_head(&leaves, sk, "2025-05-01T00:00:00Z");
    let path = consistency_proof(&leaves, m).expect("m <= n");
    ConsistencyProofDoc::new(&sk.verifying_key(), old, new, &path)
}
