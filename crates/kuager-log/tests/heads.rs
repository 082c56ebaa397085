mod common;

use common::{entry, key};
use kuager_log::ed25519_dalek::{SigningKey, VerifyingKey};
use kuager_log::*;

#[test]
fn entry_canonical_bytes_are_exactly_the_documented_layout() {
    let e = LogEntry {
        seq: 258,
        at: "2025-01-02T03:04:05Z".into(),
        table: "persons".into(),
        key: "pé".into(),
        action: "update".into(),
        digest: "ab".repeat(32),
    };
    let mut want = b"kuager-log-entry-v1".to_vec();
    want.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 2]);
    for s in ["2025-01-02T03:04:05Z", "persons", "pé", "update"] {
        want.extend_from_slice(&(s.len() as u64).to_be_bytes());
        want.extend_from_slice(s.as_bytes());
    }
    want.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 64]);
    want.extend_from_slice("ab".repeat(32).as_bytes());
    assert_eq!(e.canonical_bytes(), want);
    // "pé" is 3 UTF-8 bytes: the length counts bytes, not characters.
    assert_eq!(
        &want[19 + 8 + 8 + 20..19 + 8 + 8 + 20 + 8 + 7],
        b"\0\0\0\0\0\0\0\x07persons"
    );
    assert_eq!(e.leaf_hash(), leaf_hash(&want));
    assert!(e.validate().is_ok());
}

#[test]
fn moving_text_between_fields_changes_the_leaf() {
    let mut a = entry(1);
    a.table = "ab".into();
    a.key = "c".into();
    let mut b = a.clone();
    b.table = "a".into();
    b.key = "bc".into();
    assert_ne!(a.canonical_bytes(), b.canonical_bytes());
    assert_ne!(a.leaf_hash(), b.leaf_hash());
}

#[test]
fn entry_validate_rejects_bad_digests() {
    for d in [
        "",
        "AB".repeat(32).as_str(),
        &"a".repeat(63),
        &"g".repeat(64),
    ] {
        let mut e = entry(0);
        e.digest = d.to_string();
        assert!(
            matches!(e.validate(), Err(LogError::MalformedHex { ref field, .. }) if field == "entry.digest"),
            "{d:?}"
        );
    }
}

#[test]
fn tree_head_signing_bytes_are_exactly_the_documented_layout() {
    let h = TreeHead::new(5, &[0x11; 32], "2025-04-01T00:00:00Z");
    let mut want = b"kuager-tree-head-v1".to_vec();
    want.extend_from_slice(&5u64.to_be_bytes());
    want.extend_from_slice(&64u64.to_be_bytes());
    want.extend_from_slice("11".repeat(32).as_bytes());
    want.extend_from_slice(&20u64.to_be_bytes());
    want.extend_from_slice(b"2025-04-01T00:00:00Z");
    assert_eq!(h.signing_bytes(), want);
    assert_eq!(h.root_hash(), Ok([0x11; 32]));
}

fn head() -> TreeHead {
    TreeHead::new(
        7,
        &leaf_hash(b"some root"),
        "2025-04-01T12:00:00Z".to_string(),
    )
}

#[test]
fn signed_heads_verify_and_tampering_is_rejected() {
    let sk = key(7);
    let pk = sk.verifying_key();
    let sth = sign_head(head(), &sk);
    assert_eq!(sth.signature.len(), 128);
    assert_eq!(verify_head(&sth, &pk), Ok(()));

    let bad_sig =
        |s: &SignedTreeHead| matches!(verify_head(s, &pk), Err(LogError::BadSignature { .. }));
    let mut t = sth.clone();
    t.head.size += 1;
    assert!(bad_sig(&t), "size");
    let mut t = sth.clone();
    t.head.root = hash_to_hex(&leaf_hash(b"other root"));
    assert!(bad_sig(&t), "root");
    let mut t = sth.clone();
    t.head.timestamp = "2025-04-01T12:00:01Z".into();
    assert!(bad_sig(&t), "timestamp");
    let mut t = sth.clone();
    t.signature.replace_range(
        0..2,
        if &t.signature[0..2] == "00" {
            "01"
        } else {
            "00"
        },
    );
    assert!(bad_sig(&t), "signature");
    assert!(matches!(
        verify_head(&sth, &key(8).verifying_key()),
        Err(LogError::BadSignature { .. })
    ));

    let mut t = sth.clone();
    t.signature.pop();
    assert!(matches!(
        verify_head(&t, &pk),
        Err(LogError::MalformedHex { ref field, .. }) if field == "signature"
    ));
    let mut t = sth.clone();
    t.head.root = t.head.root.to_uppercase();
    assert!(matches!(
        verify_head(&t, &pk),
        Err(LogError::MalformedHex { ref field, .. }) if field == "root"
    ));
}

#[test]
fn signed_head_json_is_flat() {
    let sth = sign_head(head(), &key(1));
    let v: serde_json::Value = serde_json::to_value(&sth).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["root", "signature", "size", "timestamp"]);
    let back: SignedTreeHead = serde_json::from_value(v).unwrap();
    assert_eq!(back, sth);
}

#[test]
fn public_keys_round_trip_and_bad_ones_are_rejected() {
    let pk = key(3).verifying_key();
    let hex = public_key_hex(&pk);
    assert_eq!(hex.len(), 64);
    assert_eq!(parse_public_key(&hex), Ok(pk));
    // People paste keys: upper case and surrounding space are fine.
    assert_eq!(
        parse_public_key(&format!("  {}\n", hex.to_uppercase())),
        Ok(pk)
    );

    assert!(matches!(
        parse_public_key(&hex[..62]),
        Err(LogError::MalformedHex { .. })
    ));
    assert!(matches!(
        parse_public_key(&"zz".repeat(32)),
        Err(LogError::MalformedHex { .. })
    ));
    // The identity point has small order: signatures under it are forgeable.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert!(matches!(
        parse_public_key(&hex::encode(identity)),
        Err(LogError::InvalidPublicKey { .. })
    ));
    // Not a point on the curve at all (y = 2 has no x).
    let mut off_curve = [0u8; 32];
    off_curve[0] = 2;
    assert!(VerifyingKey::from_bytes(&off_curve).is_err());
    assert!(matches!(
        parse_public_key(&hex::encode(off_curve)),
        Err(LogError::InvalidPublicKey { .. })
    ));
}

#[test]
fn keys_from_the_same_seed_sign_identically() {
    // Ed25519 is deterministic, so proof documents are reproducible.
    let a = sign_head(head(), &SigningKey::from_bytes(&[9; 32]));
    let b = sign_head(head(), &SigningKey::from_bytes(&[9; 32]));
    assert_eq!(a, b);
}
