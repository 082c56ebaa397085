//! The independent Python verifier must agree with `check_proof_json`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{consistency_doc, inclusion_doc, key};
use kuager_log::*;
use serde_json::Value;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tools/verify_log_proof.py"
);

fn python_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "note: skipping the Python verifier test: python3 with the `cryptography` package \
             is not available here"
        );
    }
    ok
}

fn run(dir: &Path, name: &str, doc: &Value, public_key: &str) -> Output {
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    Command::new("python3")
        .arg(SCRIPT)
        .arg(&file)
        .arg(public_key)
        .output()
        .expect("python3 runs")
}

fn expect(ok: bool, dir: &Path, name: &str, doc: &Value, public_key: &str) {
    let out = run(dir, name, doc, public_key);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.success(), ok, "{name}: {stdout}{stderr}");
    // Rust and Python must reach the same verdict on the same bytes.
    let rust = check_proof_json(&doc.to_string(), public_key);
    assert_eq!(rust.is_ok(), ok, "{name}: rust said {rust:?}");
    if ok {
        assert!(stdout.starts_with("OK: "), "{name}: {stdout}");
    } else {
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}{stderr}");
        assert!(stdout.starts_with("FAILED: "), "{name}: {stdout}");
    }
}

fn flip(v: &Value) -> Value {
    let s = v.as_str().unwrap();
    Value::String(format!(
        "{}{}",
        if s.starts_with('0') { "1" } else { "0" },
        &s[1..]
    ))
}

#[test]
fn python_verifier_accepts_good_proofs_and_rejects_tampered_ones() {
    if !python_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sk = key(1);
    let pk = public_key_hex(&sk.verifying_key());
    let other_pk = public_key_hex(&key(2).verifying_key());

    for (n, i) in [(1, 0), (7, 6), (13, 5), (16, 0)] {
        let mut doc = serde_json::to_value(inclusion_doc(n, i, &sk)).unwrap();
        // Non-ASCII text must be length-prefixed by bytes in both verifiers.
        doc["entry"]["key"] = Value::String("Мендыгазиев".into());
        let fixed: InclusionProofDoc = serde_json::from_value(doc.clone()).unwrap();
        let leaves: Vec<Hash> = (0..n)
            .map(|j| {
                if j == i {
                    fixed.entry.leaf_hash()
                } else {
                    common::entry(j).leaf_hash()
                }
            })
            .collect();
        let head = sign_head(
            TreeHead::new(n, &root(&leaves), "2025-04-01T00:00:00Z"),
            &sk,
        );
        let path = inclusion_proof(&leaves, i).unwrap();
        let doc = serde_json::to_value(InclusionProofDoc::new(
            &sk.verifying_key(),
            head,
            fixed.entry,
            i,
            &path,
        ))
        .unwrap();
        expect(true, d, &format!("inclusion-{n}-{i}.json"), &doc, &pk);
        expect(true, d, "upper-case-key.json", &doc, &pk.to_uppercase());
    }

    let good = serde_json::to_value(inclusion_doc(13, 5, &sk)).unwrap();
    expect(false, d, "wrong-key.json", &good, &other_pk);
    let mut v = good.clone();
    v["entry"]["action"] = "delete".into();
    expect(false, d, "entry-action.json", &v, &pk);
    let mut v = good.clone();
    v["entry"]["digest"] = flip(&v["entry"]["digest"]);
    expect(false, d, "entry-digest.json", &v, &pk);
    let mut v = good.clone();
    v["tree_head"]["signature"] = flip(&v["tree_head"]["signature"]);
    expect(false, d, "signature.json", &v, &pk);
    let mut v = good.clone();
    v["audit_path"][1] = flip(&v["audit_path"][1]);
    expect(false, d, "audit-path.json", &v, &pk);
    let mut v = good.clone();
    v["leaf_index"] = 4.into();
    expect(false, d, "leaf-index.json", &v, &pk);
    let mut v = good.clone();
    v["audit_path"][0] = "zz".into();
    expect(false, d, "malformed-hex.json", &v, &pk);

    for (m, n) in [(0, 5), (3, 3), (1, 2), (4, 13), (6, 13), (12, 13)] {
        let doc = serde_json::to_value(consistency_doc(m, n, &sk)).unwrap();
        expect(true, d, &format!("consistency-{m}-{n}.json"), &doc, &pk);
    }
    let good = serde_json::to_value(consistency_doc(6, 13, &sk)).unwrap();
    expect(false, d, "consistency-wrong-key.json", &good, &other_pk);
    let mut v = good.clone();
    v["path"][0] = flip(&v["path"][0]);
    expect(false, d, "consistency-path.json", &v, &pk);
    let mut v = good.clone();
    v["new"]["signature"] = flip(&v["new"]["signature"]);
    expect(false, d, "consistency-signature.json", &v, &pk);
    let mut v = good.clone();
    v["old"]["size"] = 7.into();
    expect(false, d, "consistency-size.json", &v, &pk);
}

#[test]
fn python_verifier_explains_usage() {
    if !python_ready() {
        return;
    }
    let out = Command::new("python3").arg(SCRIPT).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}
