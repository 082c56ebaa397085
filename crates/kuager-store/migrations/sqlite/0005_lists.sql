-- Schema version 5 (SQLite): external lists and their linkage (issue 6).
-- Keep equivalent to ../postgres/0005_lists.sql.
--
-- A list is a source: who compiled it, as of when, from which file (by
-- SHA-256). Its records are kept as the list wrote them; linkage reads
-- them whole. Linkage results and review pairs are replaced by each
-- `kuager link`; human decisions about record pairs are appended and never
-- undone. Records are named by (list name, record id) outside this table,
-- so decisions survive a list being re-imported from a corrected file.

INSERT INTO counters (name, value) VALUES ('lists', 0), ('link_decisions', 0), ('link_runs', 0);

CREATE TABLE lists (
    id          BIGINT NOT NULL PRIMARY KEY,
    name        TEXT   NOT NULL UNIQUE,
    compiled_by TEXT   NOT NULL,
    as_of       TEXT,
    event_type  TEXT,
    file_name   TEXT   NOT NULL,
    file_sha256 TEXT   NOT NULL,
    encoding    TEXT   NOT NULL,
    columns     TEXT   NOT NULL,
    records     BIGINT NOT NULL,
    imported_at TEXT   NOT NULL
);

CREATE TABLE list_records (
    list_id    BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    record_id  TEXT   NOT NULL,
    row_number BIGINT NOT NULL,
    full_name  TEXT   NOT NULL,
    given      TEXT,
    family     TEXT,
    patronymic TEXT,
    birth_year BIGINT,
    birth_date TEXT,
    city       TEXT,
    event_date TEXT,
    event_type TEXT,
    notes      TEXT   NOT NULL,
    PRIMARY KEY (list_id, record_id)
);

-- "same" = 1: one person; 0: different people (a hard constraint).
CREATE TABLE link_decisions (
    seq        BIGINT NOT NULL PRIMARY KEY,
    a_list     TEXT   NOT NULL,
    a_record   TEXT   NOT NULL,
    b_list     TEXT   NOT NULL,
    b_record   TEXT   NOT NULL,
    same       BIGINT NOT NULL CHECK (same IN (0, 1)),
    decided_by BIGINT REFERENCES users (id),
    decided_at TEXT   NOT NULL
);

-- The latest linkage: the person (cluster) of every record. People of the
-- register appear as list 'register' with their person id.
CREATE TABLE link_clusters (
    list_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    person    TEXT NOT NULL,
    PRIMARY KEY (list_name, record_id)
);
CREATE INDEX link_clusters_by_person ON link_clusters (person);

CREATE TABLE link_review (
    id          BIGINT NOT NULL PRIMARY KEY,
    a_list      TEXT   NOT NULL,
    a_record    TEXT   NOT NULL,
    b_list      TEXT   NOT NULL,
    b_record    TEXT   NOT NULL,
    probability REAL   NOT NULL,
    evidence    TEXT   NOT NULL,
    refused     TEXT
);

CREATE TABLE link_runs (
    id           BIGINT NOT NULL PRIMARY KEY,
    at           TEXT   NOT NULL,
    records      BIGINT NOT NULL,
    clusters     BIGINT NOT NULL,
    review_pairs BIGINT NOT NULL,
    parameters   TEXT   NOT NULL
);
