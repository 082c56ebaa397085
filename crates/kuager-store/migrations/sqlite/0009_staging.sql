-- Schema version 9 (SQLite): staging of external lists before their people
-- enter the register (issue 5, "Data out, data in"). Keep equivalent to
-- ../postgres/0009_staging.sql.
--
-- An import is one file (by SHA-256, so the same file imported again is the
-- same import) with the citation its events will carry. Its rows hold what
-- the list says about a person and the register's candidates for them; both
-- are sealed by the application (JSON, with the row's table, column and key
-- as associated data): they are personal data nobody has reviewed yet, like
-- a report's text (decision 0019). The decision and who made it stay plain.
-- Nothing enters the register until a human decided a row and committed
-- the import; a committed row records the mention it became and its event.

INSERT INTO counters (name, value) VALUES ('staging_imports', 0);

CREATE TABLE staging_imports (
    id          BIGINT NOT NULL PRIMARY KEY,
    file_name   TEXT   NOT NULL,
    sha256      TEXT   NOT NULL UNIQUE,
    citation    TEXT   NOT NULL,
    url         TEXT   NOT NULL,
    -- An event-type code of kuager-case, or NULL: each row's own column.
    event_type  TEXT,
    encoding    TEXT   NOT NULL,
    columns     TEXT   NOT NULL,
    imported_by BIGINT REFERENCES users (id),
    imported_at TEXT   NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE staging_rows (
    import_id      BIGINT NOT NULL REFERENCES staging_imports (id) ON DELETE CASCADE,
    row_number     BIGINT NOT NULL,
    fields         TEXT   NOT NULL,
    candidates     TEXT   NOT NULL,
    decision       TEXT   NOT NULL DEFAULT 'pending'
        CHECK (decision IN ('pending', 'link', 'create', 'reject')),
    -- For 'link': the person as the analyst chose them, and that person's
    -- anchor mention then (what the merge decision is recorded on).
    person_id      TEXT,
    anchor_sha256  TEXT,
    anchor_start   BIGINT,
    decided_by     BIGINT REFERENCES users (id),
    decided_at     TEXT,
    -- Set by the commit: the record mention the row became, and its event.
    mention_sha256 TEXT,
    mention_start  BIGINT,
    event_id       BIGINT REFERENCES events (id),
    committed_at   TEXT,
    PRIMARY KEY (import_id, row_number)
);
