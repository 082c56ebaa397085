mod common;

use common::{consistency_doc, inclusion_doc, key};
use kuager_log::*;
use serde_json::{json, Value};

fn pk_hex(seed: u8) -> String {
    public_key_hex(&key(seed).verifying_key())
}

fn to_value<T: serde::Serialize>(doc: &T) -> Value {
    serde_json::to_value(doc).expect("serialise")
}

fn check(v: &Value) -> Result<String, LogError> {
    check_proof_json(&v.to_string(), &pk_hex(1))
}

/// Changes one field addressed by a JSON pointer.
fn tampered(v: &Value, pointer: &str, new: Value) -> Value {
    let mut v = v.clone();
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = new;
    v
}

fn flip_hex(s: &Value) -> Value {
    let s = s.as_str().expect("hex string");
    let first = if s.starts_with('0') { "1" } else { "0" };
    Value::String(format!("{first}{}", &s[1..]))
}

#[test]
fn inclusion_documents_round_trip_and_verify() {
    let sk = key(1);
    for n in [1u64, 2, 3, 7, 8, 13] {
        for i in 0..n {
            let doc = inclusion_doc(n, i, &sk);
            let json = ProofDoc::Inclusion(doc.clone()).to_json_pretty();
            let back = ProofDoc::from_json(&json).expect("parses");
            assert_eq!(back.kind(), "inclusion");
            let ProofDoc::Inclusion(back) = back else {
                panic!("wrong kind")
            };
            assert_eq!(back.tree_head, doc.tree_head);
            assert_eq!(back.entry, doc.entry);
            assert_eq!(back.audit_path, doc.audit_path);
            let summary = check_proof_json(&json, &pk_hex(1)).expect("verifies");
            assert!(summary.starts_with("inclusion verified"), "{summary}");
            assert!(summary.contains(&format!("leaf {i} of the log tree of size {n}")));
        }
    }
}

#[test]
fn consistency_documents_round_trip_and_verify() {
    let sk = key(1);
    for n in 0..=12u64 {
        for m in 0..=n {
            let doc = consistency_doc(m, n, &sk);
            let json = serde_json::to_string(&ProofDoc::Consistency(doc)).unwrap();
            let back = ProofDoc::from_json(&json).expect("parses");
            assert_eq!(back.kind(), "consistency");
            let summary =
                check_proof_json(&json, &pk_hex(1)).unwrap_or_else(|e| panic!("({m}, {n}): {e}"));
            assert!(summary.contains(&format!("size {m}")), "{summary}");
        }
    }
}

#[test]
fn every_inclusion_tampering_is_rejected() {
    let good = to_value(&inclusion_doc(11, 6, &key(1)));
    assert!(check(&good).is_ok());

    for field in ["at", "table", "key", "action"] {
        let v = tampered(&good, &format!("/entry/{field}"), json!("changed"));
        assert!(
            matches!(check(&v), Err(LogError::RootMismatch { .. })),
            "entry.{field}"
        );
    }
    let v = tampered(&good, "/entry/digest", flip_hex(&good["entry"]["digest"]));
    assert!(
        matches!(check(&v), Err(LogError::RootMismatch { .. })),
        "entry.digest"
    );

    // Moving the entry to another index is caught before any hashing.
    let v = tampered(&good, "/entry/seq", json!(5));
    assert_eq!(
        check(&v),
        Err(LogError::SeqMismatch {
            seq: 5,
            leaf_index: 6
        })
    );
    let v = tampered(
        &tampered(&good, "/entry/seq", json!(5)),
        "/leaf_index",
        json!(5),
    );
    assert!(
        matches!(check(&v), Err(LogError::RootMismatch { .. })),
        "seq and index"
    );
    let v = tampered(&good, "/leaf_index", json!(11));
    assert_eq!(
        check(&v),
        Err(LogError::IndexOutOfRange {
            index: 11,
            size: 11
        })
    );

    for k in 0..good["audit_path"].as_array().unwrap().len() {
        let p = format!("/audit_path/{k}");
        let v = tampered(&good, &p, flip_hex(good.pointer(&p).unwrap()));
        assert!(
            matches!(check(&v), Err(LogError::RootMismatch { .. })),
            "{p}"
        );
    }
    let mut v = good.clone();
    v["audit_path"].as_array_mut().unwrap().pop();
    assert!(matches!(check(&v), Err(LogError::PathLength { .. })));
    let v = tampered(&good, "/audit_path/0", json!("xyz"));
    assert_eq!(
        check(&v).unwrap_err().to_string(),
        "malformed hex in field audit_path[0]: expected 64 lowercase hex characters, found 3"
    );

    for (field, bad) in [
        ("size", json!(12)),
        ("root", flip_hex(&good["tree_head"]["root"])),
        ("timestamp", json!("2030-01-01T00:00:00Z")),
        ("signature", flip_hex(&good["tree_head"]["signature"])),
    ] {
        let v = tampered(&good, &format!("/tree_head/{field}"), bad);
        assert!(
            matches!(check(&v), Err(LogError::BadSignature { .. })),
            "tree_head.{field}: {:?}",
            check(&v)
        );
    }
}

#[test]
fn the_trusted_key_decides_not_the_document() {
    let good = to_value(&inclusion_doc(5, 2, &key(1)));
    let json = good.to_string();
    // Right document, wrong trusted key.
    assert!(matches!(
        check_proof_json(&json, &pk_hex(2)),
        Err(LogError::KeyMismatch { .. })
    ));
    // A forger re-signs with their own key and writes it into the document.
    let forged = to_value(&inclusion_doc(5, 2, &key(2)));
    assert!(check_proof_json(&forged.to_string(), &pk_hex(2)).is_ok());
    assert!(matches!(
        check_proof_json(&forged.to_string(), &pk_hex(1)),
        Err(LogError::KeyMismatch { .. })
    ));
    // Document claims the trusted key, but the head was signed by another.
    let v = tampered(&forged, "/public_key", json!(pk_hex(1)));
    assert!(matches!(check(&v), Err(LogError::BadSignature { .. })));
    // Malformed keys say which one.
    assert!(matches!(
        check_proof_json(&json, "not a key"),
        Err(LogError::MalformedHex { ref field, .. }) if field == "public key"
    ));
    let v = tampered(&good, "/public_key", json!("abc"));
    assert!(matches!(
        check(&v),
        Err(LogError::MalformedHex { ref field, .. }) if field == "public_key"
    ));
}

#[test]
fn every_consistency_tampering_is_rejected() {
    let good = to_value(&consistency_doc(6, 13, &key(1)));
    assert!(check(&good).is_ok());

    for k in 0..good["path"].as_array().unwrap().len() {
        let p = format!("/path/{k}");
        let v = tampered(&good, &p, flip_hex(good.pointer(&p).unwrap()));
        assert!(
            matches!(check(&v), Err(LogError::RootMismatch { .. })),
            "{p}"
        );
    }
    for head in ["old", "new"] {
        for (field, bad) in [
            ("size", json!(7)),
            ("root", flip_hex(&good[head]["root"])),
            ("timestamp", json!("2030-01-01T00:00:00Z")),
            ("signature", flip_hex(&good[head]["signature"])),
        ] {
            let v = tampered(&good, &format!("/{head}/{field}"), bad);
            let err = check(&v).unwrap_err();
            assert!(
                matches!(err, LogError::BadSignature { .. }),
                "{head}.{field}: {err}"
            );
            assert!(err.to_string().contains(head), "{err}");
        }
    }
    let mut v = good.clone();
    v["path"]
        .as_array_mut()
        .unwrap()
        .push(good["new"]["root"].clone());
    assert!(matches!(check(&v), Err(LogError::PathLength { .. })));

    // Properly signed heads in the wrong order.
    let mut swapped = tampered(&good, "/old", good["new"].clone());
    swapped["new"] = good["old"].clone();
    assert!(matches!(
        check(&swapped),
        Err(LogError::OldSizeTooLarge { .. })
    ));

    // Properly signed heads that are not from one history.

    let sk = key(1);
    let mut unrelated = consistency_doc(6, 13, &sk);
    unrelated.old = sign_head(
        TreeHead::new(6, &leaf_hash(b"another history"), "2025-04-01T00:00:00Z"),
        &sk,
    );
    assert!(matches!(
        check(&to_value(&unrelated)),
        Err(LogError::RootMismatch { .. })
    ));
    let mut same_size = consistency_doc(13, 13, &sk);
    same_size.old = unrelated.old.clone();
    same_size.old.head.size = 13;
    same_size.old = sign_head(same_size.old.head, &sk);
    let err = check(&to_value(&same_size)).unwrap_err();
    assert!(err.to_string().contains("two different histories"), "{err}");
}

#[test]
fn malformed_documents_are_rejected_with_a_reason() {
    let e = |s: &str| check_proof_json(s, &pk_hex(1)).unwrap_err();
    assert!(matches!(e("not json"), LogError::MalformedDocument(_)));
    assert!(e("{}").to_string().contains("kind"));
    assert!(e(r#"{"kind":"deletion"}"#).to_string().contains("deletion"));
    let mut v = to_value(&inclusion_doc(3, 1, &key(1)));
    v.as_object_mut().unwrap().remove("entry");
    assert!(e(&v.to_string()).to_string().contains("entry"));
    let v = tampered(&v, "/leaf_index", json!(-1));
    assert!(matches!(e(&v.to_string()), LogError::MalformedDocument(_)));
    // A struct used directly still checks its kind.
    let mut doc = inclusion_doc(3, 1, &key(1));
    doc.kind = "consistency".into();
    assert!(doc.verify(&key(1).verifying_key()).is_err());
}
