-- Schema version 5 (PostgreSQL): external lists and their linkage (issue 6).
-- Keep equivalent to ../sqlite/0005_lists.sql.
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
    name        TEXT COLLATE "C"   NOT NULL UNIQUE,
    compiled_by TEXT COLLATE "C"   NOT NULL,
    as_of       TEXT COLLATE "C",
    event_type  TEXT COLLATE "C",
    file_name   TEXT COLLATE "C"   NOT NULL,
    file_sha256 TEXT COLLATE "C"   NOT NULL,
    encoding    TEXT COLLATE "C"   NOT NULL,
    columns     TEXT COLLATE "C"   NOT NULL,
    records     BIGINT NOT NULL,
    imported_at TEXT COLLATE "C"   NOT NULL
);

CREATE TABLE list_records (
    list_id    BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    record_id  TEXT COLLATE "C"   NOT NULL,
    row_number BIGINT NOT NULL,
    full_name  TEXT COLLATE "C"   NOT NULL,
    given      TEXT COLLATE "C",
    family     TEXT COLLATE "C",
    patronymic TEXT COLLATE "C",
    birth_year BIGINT,
    birth_date TEXT COLLATE "C",
    city       TEXT COLLATE "C",
    event_date TEXT COLLATE "C",
    event_type TEXT COLLATE "C",
    notes      TEXT COLLATE "C"   NOT NULL,
    PRIMARY KEY (list_id, record_id)
);

-- "same" = 1: one person; 0: different people (a hard constraint).
CREATE TABLE link_decisions (
    seq        BIGINT NOT NULL PRIMARY KEY,
    a_list     TEXT COLLATE "C"   NOT NULL,
    a_record   TEXT COLLATE "C"   NOT NULL,
    b_list     TEXT COLLATE "C"   NOT NULL,
    b_record   TEXT COLLATE "C"   NOT NULL,
    same       BIGINT NOT NULL CHECK (same IN (0, 1)),
    decided_by BIGINT REFERENCES users (id),
    decided_at TEXT COLLATE "C"   NOT NULL
);

-- The latest linkage: the person (cluster) of every record. People of the
-- register appear as list 'register' with their person id.
CREATE TABLE link_clusters (
    list_name TEXT COLLATE "C" NOT NULL,
    record_id TEXT COLLATE "C" NOT NULL,
    person    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (list_name, record_id)
);
CREATE INDEX link_clusters_by_person ON link_clusters (person);

CREATE TABLE link_review (
    id          BIGINT NOT NULL PRIMARY KEY,
    a_list      TEXT COLLATE "C"   NOT NULL,
    a_record    TEXT COLLATE "C"   NOT NULL,
    b_list      TEXT COLLATE "C"   NOT NULL,
    b_record    TEXT COLLATE "C"   NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    evidence    TEXT COLLATE "C"   NOT NULL,
    refused     TEXT COLLATE "C"
);

CREATE TABLE link_runs (
    id           BIGINT NOT NULL PRIMARY KEY,
    at           TEXT COLLATE "C"   NOT NULL,
    records      BIGINT NOT NULL,
    clusters     BIGINT NOT NULL,
    review_pairs BIGINT NOT NULL,
    parameters   TEXT COLLATE "C"   NOT NULL
);
