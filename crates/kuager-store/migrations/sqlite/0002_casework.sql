-- Kuager casework, schema version 2 (SQLite): accounts and sessions,
-- volunteers' reports and their attachments, events with participants,
-- charges, sources and attached figures, political-prisoner recognitions,
-- and the audit log. Keep equivalent to ../postgres/0002_casework.sql.
--
-- Ids are handed out from `counters` by the application. Every editable
-- record carries `version`, raised by each update, so a save based on an
-- older version is refused instead of overwriting (see casework.rs).
-- Persons of the register are referred to by one of their mentions
-- (sha256, start_char), never by person id: ids change when the resolver
-- merges or splits, mentions do not.

INSERT INTO counters (name, value) VALUES
    ('users', 0), ('reports', 0), ('attachments', 0), ('events', 0),
    ('sources', 0), ('recognitions', 0), ('audit', 0);

CREATE TABLE users (
    id            BIGINT NOT NULL PRIMARY KEY,
    name          TEXT   NOT NULL UNIQUE,
    role          TEXT   NOT NULL CHECK (role IN ('volunteer', 'analyst', 'editor', 'admin')),
    password_hash TEXT   NOT NULL,
    active        BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT   NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);

-- Only a hash of the session token is stored: a copy of the database does
-- not let anyone in.
CREATE TABLE sessions (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT   NOT NULL,
    created_at TEXT   NOT NULL,
    expires_at TEXT   NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Reports from volunteers (author_id) and from the public form (author_id
-- NULL). No address or browser data of the reporter is kept.
CREATE TABLE reports (
    id           BIGINT NOT NULL PRIMARY KEY,
    author_id    BIGINT REFERENCES users (id),
    state        TEXT   NOT NULL CHECK (state IN ('new', 'verified', 'duplicate', 'rejected')),
    what         TEXT   NOT NULL,
    happened     TEXT   NOT NULL,
    place_key    TEXT,
    place_detail TEXT   NOT NULL,
    who          TEXT   NOT NULL,
    consent      TEXT   NOT NULL CHECK (consent IN ('public', 'anonymised', 'confidential')),
    contact      TEXT   NOT NULL,
    language     TEXT   NOT NULL,
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    reviewed_by  BIGINT REFERENCES users (id),
    review_note  TEXT   NOT NULL DEFAULT '',
    duplicate_of BIGINT REFERENCES reports (id),
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX reports_by_state ON reports (state, id);
CREATE INDEX reports_by_author ON reports (author_id, id);

CREATE TABLE attachments (
    id           BIGINT NOT NULL PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    file_name    TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    sha256       TEXT   NOT NULL,
    size         BIGINT NOT NULL CHECK (size >= 0),
    bytes        BLOB   NOT NULL,
    uploaded_at  TEXT   NOT NULL
);
CREATE INDEX attachments_by_report ON attachments (report_id, id);

-- A name in a report linked by an analyst to a person of the register.
CREATE TABLE report_links (
    report_id      BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name           TEXT   NOT NULL,
    mention_sha256 TEXT   NOT NULL,
    mention_start  BIGINT NOT NULL,
    PRIMARY KEY (report_id, name)
);

CREATE TABLE events (
    id              BIGINT NOT NULL PRIMARY KEY,
    event_type      TEXT   NOT NULL,
    date_precision  TEXT   NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'approximate', 'range')),
    date_start      TEXT   NOT NULL,
    date_end        TEXT   NOT NULL CHECK (date_end >= date_start),
    place_key       TEXT,
    place_detail    TEXT   NOT NULL,
    description     TEXT   NOT NULL,
    verification    TEXT   NOT NULL CHECK (verification IN ('reported', 'corroborated', 'verified', 'disputed')),
    court           TEXT   NOT NULL DEFAULT '',
    judge           TEXT   NOT NULL DEFAULT '',
    verdict         TEXT   NOT NULL DEFAULT '',
    sentence_kind   TEXT,
    sentence_months BIGINT,
    sentence_days   BIGINT,
    fine_kzt        BIGINT,
    created_by      BIGINT REFERENCES users (id),
    created_at      TEXT   NOT NULL,
    updated_at      TEXT   NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX events_by_date ON events (date_start, id);
-- The dashboard counts events still to be verified.
CREATE INDEX events_by_verification ON events (verification, id);

CREATE TABLE event_participants (
    event_id       BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    ordinal        BIGINT NOT NULL,
    role           TEXT   NOT NULL CHECK (role IN ('victim', 'perpetrator', 'witness', 'source', 'intervening-party')),
    mention_sha256 TEXT,
    mention_start  BIGINT,
    name           TEXT   NOT NULL,
    position       TEXT   NOT NULL,
    organisation   TEXT   NOT NULL,
    PRIMARY KEY (event_id, ordinal),
    CHECK ((mention_sha256 IS NULL) = (mention_start IS NULL))
);
CREATE INDEX event_participants_by_mention ON event_participants (mention_sha256, mention_start);

CREATE TABLE event_charges (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    ordinal  BIGINT NOT NULL,
    code     TEXT   NOT NULL CHECK (code IN ('criminal', 'administrative')),
    article  BIGINT NOT NULL,
    part     BIGINT,
    PRIMARY KEY (event_id, ordinal)
);

CREATE TABLE sources (
    id         BIGINT NOT NULL PRIMARY KEY,
    event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('document', 'report', 'reference')),
    doc_sha256 TEXT REFERENCES documents (sha256),
    start_char BIGINT,
    end_char   BIGINT,
    report_id  BIGINT REFERENCES reports (id),
    citation   TEXT   NOT NULL DEFAULT '',
    url        TEXT   NOT NULL DEFAULT '',
    added_by   BIGINT REFERENCES users (id),
    added_at   TEXT   NOT NULL,
    CHECK ((kind = 'document') = (doc_sha256 IS NOT NULL AND start_char IS NOT NULL AND end_char IS NOT NULL)),
    CHECK ((kind = 'report') = (report_id IS NOT NULL))
);
CREATE INDEX sources_by_event ON sources (event_id, id);
CREATE INDEX sources_by_report ON sources (report_id);

-- Reported figures of documents attached to an event, to compare them.
CREATE TABLE event_figures (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    sha256   TEXT   NOT NULL,
    ordinal  BIGINT NOT NULL,
    PRIMARY KEY (event_id, sha256, ordinal)
);

CREATE TABLE recognitions (
    id             BIGINT NOT NULL PRIMARY KEY,
    mention_sha256 TEXT   NOT NULL,
    mention_start  BIGINT NOT NULL,
    decision       TEXT   NOT NULL CHECK (decision IN ('recognised', 'not-recognised', 'withdrawn')),
    criteria       TEXT   NOT NULL,
    decided_by     TEXT   NOT NULL,
    decided_on     TEXT   NOT NULL,
    note           TEXT   NOT NULL,
    recorded_by    BIGINT REFERENCES users (id),
    recorded_at    TEXT   NOT NULL
);
CREATE INDEX recognitions_by_mention ON recognitions (mention_sha256, mention_start);

-- Every change made through the web app or the CLI's account commands:
-- who, when, what, the record before and after (JSON). Append-only.
CREATE TABLE audit (
    seq       BIGINT NOT NULL PRIMARY KEY,
    at        TEXT   NOT NULL,
    user_id   BIGINT,
    action    TEXT   NOT NULL,
    entity    TEXT   NOT NULL,
    entity_id TEXT   NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_by_entity ON audit (entity, entity_id, seq);
