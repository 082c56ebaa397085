-- Schema version 4: protection (issue 4).
--
-- The data key that seals confidential fields is stored here only wrapped
-- (AEAD) under the operator's master key, which never enters the database;
-- an unprotected register (no key configured) keeps it unwrapped and says
-- so everywhere (kdf = 'none').
CREATE TABLE vault (
    id          BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    kdf         TEXT   NOT NULL CHECK (kdf IN ('none', 'key-file', 'passphrase')),
    wrapped_key BYTEA  NOT NULL,
    created_at  TEXT   NOT NULL,
    rekeyed_at  TEXT
);

-- Report fields and attachment bytes are sealed by the application; the
-- flags say which rows were (rows from before this version are sealed when
-- the store is next opened, then the flag is set).
ALTER TABLE reports ADD COLUMN sealed BIGINT NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1));
ALTER TABLE attachments ADD COLUMN sealed BIGINT NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1));

-- Blind index: keyed hashes of the words of sealed reports, so analysts can
-- still search them while the server never holds the words.
CREATE TABLE report_tokens (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    token     TEXT   NOT NULL,
    PRIMARY KEY (token, report_id)
);
CREATE INDEX report_tokens_by_report ON report_tokens (report_id);

-- Publication and consent: nothing is public until an editor publishes it;
-- participants and people carry the consent they gave.
ALTER TABLE events ADD COLUMN publication TEXT NOT NULL DEFAULT 'unpublished'
    CHECK (publication IN ('unpublished', 'published', 'withheld'));
ALTER TABLE event_participants ADD COLUMN consent TEXT NOT NULL DEFAULT 'confidential'
    CHECK (consent IN ('public', 'anonymised', 'confidential'));
CREATE TABLE person_consent (
    mention_sha256 TEXT   NOT NULL,
    mention_start  BIGINT NOT NULL,
    consent        TEXT   NOT NULL CHECK (consent IN ('public', 'anonymised', 'confidential')),
    recorded_by    BIGINT REFERENCES users (id),
    recorded_at    TEXT   NOT NULL,
    PRIMARY KEY (mention_sha256, mention_start)
);

-- Accounts: second factor, login backoff, password changes, sessions that
-- can be listed and cut off (by token hash: the token itself is never stored).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN second_factor BIGINT NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1));

-- The verifiable history: an RFC 6962 Merkle tree over canonical change
-- entries. `digest` is SHA-256 over the changed record as stored (sealed
-- fields as ciphertext), never plaintext. `root_after` lets verification
-- name the first entry where the recomputed tree departs from the record.
CREATE TABLE log_entries (
    seq        BIGINT NOT NULL PRIMARY KEY CHECK (seq >= 0),
    at         TEXT   NOT NULL,
    table_name TEXT   NOT NULL,
    entry_key  TEXT   NOT NULL,
    action     TEXT   NOT NULL,
    digest     TEXT   NOT NULL,
    leaf_hash  TEXT   NOT NULL,
    root_after TEXT   NOT NULL
);
CREATE INDEX log_entries_by_key ON log_entries (table_name, entry_key, seq);
-- One row: the compact frontier of the tree, updated with every append.
CREATE TABLE log_state (
    id       BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    size     BIGINT NOT NULL,
    frontier BYTEA  NOT NULL
);
CREATE TABLE tree_heads (
    size      BIGINT NOT NULL PRIMARY KEY,
    root      TEXT   NOT NULL,
    signed_at TEXT   NOT NULL,
    signature TEXT   NOT NULL
);
