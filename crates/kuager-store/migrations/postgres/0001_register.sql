-- Kuager register, schema version 1 (PostgreSQL).
-- Keep equivalent to ../sqlite/0001_register.sql: same tables, columns,
-- keys and constraints. Dialect differences only: WITHOUT ROWID (SQLite) vs
-- COLLATE "C" (PostgreSQL, so text sorts by code point as in SQLite), REAL vs
-- DOUBLE PRECISION.
-- Offsets (*_char) are character offsets into documents.body.
-- Ids are provided by the application: sha256 hex for documents, Person.id
-- for persons. Timestamps are RFC 3339 UTC text.

CREATE TABLE documents (
    sha256      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    file_name   TEXT COLLATE "C" NOT NULL,
    format      TEXT COLLATE "C" NOT NULL CHECK (format IN ('text', 'markdown', 'html', 'pdf')),
    encoding    TEXT COLLATE "C" NOT NULL,
    language    TEXT COLLATE "C" NOT NULL,
    title       TEXT COLLATE "C" NOT NULL,
    body        TEXT COLLATE "C" NOT NULL,
    chars       BIGINT  NOT NULL CHECK (chars >= 0),
    ingested_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_by_file_name ON documents (file_name, sha256);

-- One row per PersonMention; identity is (sha256, start_char) = MentionKey.
CREATE TABLE person_mentions (
    sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    start_char BIGINT NOT NULL CHECK (start_char >= 0),
    end_char   BIGINT NOT NULL CHECK (end_char >= start_char),
    ordinal    BIGINT NOT NULL CHECK (ordinal >= 0),
    text       TEXT COLLATE "C" NOT NULL,
    name_json  TEXT COLLATE "C" NOT NULL,
    refers_to  BIGINT CHECK (refers_to >= 0),
    PRIMARY KEY (sha256, start_char),
    UNIQUE (sha256, ordinal)
);

CREATE TABLE place_mentions (
    sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal    BIGINT NOT NULL CHECK (ordinal >= 0),
    start_char BIGINT NOT NULL CHECK (start_char >= 0),
    end_char   BIGINT NOT NULL CHECK (end_char >= start_char),
    text       TEXT COLLATE "C" NOT NULL,
    place_key  TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('city', 'region', 'country')),
    PRIMARY KEY (sha256, ordinal)
);
CREATE INDEX place_mentions_by_key ON place_mentions (place_key);

CREATE TABLE date_mentions (
    sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal    BIGINT NOT NULL CHECK (ordinal >= 0),
    start_char BIGINT NOT NULL CHECK (start_char >= 0),
    end_char   BIGINT NOT NULL CHECK (end_char >= start_char),
    text       TEXT COLLATE "C" NOT NULL,
    year       BIGINT NOT NULL,
    month      BIGINT CHECK (month BETWEEN 1 AND 12),
    day        BIGINT CHECK (day BETWEEN 1 AND 31),
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE figure_mentions (
    sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal    BIGINT NOT NULL CHECK (ordinal >= 0),
    start_char BIGINT NOT NULL CHECK (start_char >= 0),
    end_char   BIGINT NOT NULL CHECK (end_char >= start_char),
    text       TEXT COLLATE "C" NOT NULL,
    value      BIGINT NOT NULL CHECK (value >= 0),
    qualifier  TEXT COLLATE "C" NOT NULL,
    unit       TEXT COLLATE "C" NOT NULL,
    event      TEXT COLLATE "C",
    PRIMARY KEY (sha256, ordinal)
);

-- The current resolution, replaced as a whole by Store::replace_resolution.
-- These tables are derived data written in one go by one function, so they
-- carry no foreign keys: per-row foreign-key checks made replacing a
-- million assignments about five times slower on PostgreSQL. The write path
-- checks instead, with one set-based query per replacement, that every
-- assigned mention exists and every review pair names persons of the
-- resolution.
CREATE TABLE persons (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL,
    aliases_json TEXT COLLATE "C" NOT NULL
);
CREATE INDEX persons_by_name ON persons (name, id);

-- Which person each mention (person_mentions.sha256, start_char) is in; a
-- mention is in at most one person.
CREATE TABLE person_members (
    sha256     TEXT COLLATE "C" NOT NULL,
    start_char BIGINT NOT NULL,
    person_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (sha256, start_char)
);
CREATE INDEX person_members_by_person ON person_members (person_id);

-- Transliteration-independent search keys of each person's name parts.
CREATE TABLE person_keys (
    search_key TEXT COLLATE "C" NOT NULL,
    person_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (search_key, person_id)
);

-- Pairs of persons the resolver was unsure of.
CREATE TABLE review_pairs (
    person_a      TEXT COLLATE "C" NOT NULL,
    person_b      TEXT COLLATE "C" NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    evidence_json TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (person_a, person_b)
);

-- Counters handed out by the application (UPDATE ... RETURNING), so that
-- numbers follow commit order on both backends without relying on
-- autoincrement or sequences.
CREATE TABLE counters (
    name  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL CHECK (value >= 0)
);
INSERT INTO counters (name, value) VALUES ('decisions', 0);

-- Human identity decisions: append-only, in the order made. Mention keys are
-- deliberately not foreign keys: decisions outlive re-ingest.
CREATE TABLE decisions (
    seq        BIGINT NOT NULL PRIMARY KEY CHECK (seq >= 1),
    decided_at TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('merge', 'distinct', 'split')),
    a_sha256   TEXT COLLATE "C" NOT NULL,
    a_start    BIGINT NOT NULL,
    b_sha256   TEXT COLLATE "C",
    b_start    BIGINT,
    CHECK ((kind = 'split') = (b_sha256 IS NULL AND b_start IS NULL))
);
