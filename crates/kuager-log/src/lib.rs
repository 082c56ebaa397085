//! Kuager's append-only, verifiable change log.
//!
//! Every change to the register is logged as a [`LogEntry`] (metadata and a
//! digest, never the confidential record itself). Entries are the leaves of
//! an RFC 6962 Merkle tree; the log periodically signs a [`TreeHead`] with
//! Ed25519. Inclusion proofs show an entry is in a signed tree; consistency
//! proofs show a later tree only appended to an earlier one. Both travel as
//! JSON proof documents that [`check_proof_json`] (or
//! `tools/verify_log_proof.py`) checks with nothing but the public key.
//! The formats are specified in `docs/log-verification.md`.

mod codec;
mod entry;
mod error;
mod head;
mod merkle;
mod proof;

pub use codec::{hash_from_hex, hash_to_hex};
pub use entry::{LogEntry, ENTRY_TAG};
pub use error::LogError;
pub use head::{
    parse_public_key, public_key_hex, sign_head, verify_head, SignedTreeHead, TreeHead,
    TREE_HEAD_TAG,
};
pub use merkle::{
    consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash, root, verify_consistency,
    verify_inclusion, Frontier, Hash,
};
pub use proof::{
    check_proof_json, ConsistencyProofDoc, InclusionProofDoc, ProofDoc, CONSISTENCY_KIND,
    INCLUSION_KIND,
};

/// Re-exported so callers use the same key types without their own dependency.
pub use ed25519_dalek;
