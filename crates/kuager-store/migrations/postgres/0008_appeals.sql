-- Schema version 8 (PostgreSQL): collective appeals and their signatories
-- (issue 5). Keep equivalent to ../sqlite/0008_appeals.sql.
--
-- An appeal is written by an editor (draft), opened for signatures
-- (open) and closed (closed: final, signing stopped). It cites cases
-- (events) and people of the register; what of them it shows is decided
-- by the redaction layer when it is rendered, from their current state.
--
-- A signatory's e-mail address is dangerous data: it is stored sealed
-- with the data key (`email`, context appeal_signatures.email:ID) and
-- found by a keyed hash of the appeal and the address (`email_hash`, one
-- signature per address per appeal). The confirmation link's secret is
-- kept only as a SHA-256 (`token_hash`, cleared once confirmed). A
-- signature counts when it is confirmed and an editor approved it.

INSERT INTO counters (name, value) VALUES ('appeals', 0), ('appeal_signatures', 0);

CREATE TABLE appeals (
    id          BIGINT NOT NULL PRIMARY KEY,
    title       TEXT   NOT NULL,
    addressees  TEXT   NOT NULL,
    language    TEXT   NOT NULL CHECK (language IN ('ru', 'kk', 'en')),
    body        TEXT   NOT NULL,
    state       TEXT   NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    opened_at   TEXT,
    closed_at   TEXT,
    created_by  BIGINT REFERENCES users (id),
    created_at  TEXT   NOT NULL,
    updated_at  TEXT   NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX appeals_by_state ON appeals (state, id);

-- The records an appeal cites, in the editor's order.
CREATE TABLE appeal_citations (
    appeal_id BIGINT NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    kind      TEXT   NOT NULL CHECK (kind IN ('event', 'person')),
    reference TEXT   NOT NULL,
    PRIMARY KEY (appeal_id, position),
    UNIQUE (appeal_id, kind, reference)
);

CREATE TABLE appeal_signatures (
    id               BIGINT NOT NULL PRIMARY KEY,
    appeal_id        BIGINT NOT NULL REFERENCES appeals (id),
    name             TEXT   NOT NULL,
    role             TEXT   NOT NULL,
    organisation     TEXT   NOT NULL,
    city             TEXT   NOT NULL,
    country          TEXT   NOT NULL,
    political_group  TEXT   NOT NULL,
    email            TEXT   NOT NULL,
    email_hash       TEXT   NOT NULL,
    token_hash       TEXT   UNIQUE,
    token_expires_at TEXT,
    language         TEXT   NOT NULL,
    signed_at        TEXT   NOT NULL,
    confirmed_at     TEXT,
    moderation       TEXT   NOT NULL CHECK (moderation IN ('pending', 'approved', 'rejected')),
    moderated_by     BIGINT REFERENCES users (id),
    moderated_at     TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    UNIQUE (appeal_id, email_hash)
);
CREATE INDEX appeal_signatures_by_appeal ON appeal_signatures (appeal_id, moderation, id);
