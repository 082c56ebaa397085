-- Schema version 6 (SQLite): trial monitoring and the register of
-- assemblies (issue 7). Keep equivalent to ../postgres/0006_trials_assemblies.sql.
--
-- A hearing belongs to a case, which is an event of the register (the
-- charge or detention whose victim is the defendant): the event carries
-- the people, their consent and the publication decision. Times are the
-- court's own clock (Kazakhstan time); `hearing_date` is YYYY-MM-DD and
-- `hearing_time` HH:MM or NULL when not yet known, so text order is time
-- order.

INSERT INTO counters (name, value) VALUES
    ('hearings', 0), ('monitoring_reports', 0), ('monitoring_attachments', 0),
    ('assemblies', 0);

CREATE TABLE hearings (
    id           BIGINT NOT NULL PRIMARY KEY,
    event_id     BIGINT NOT NULL REFERENCES events (id),
    court        TEXT   NOT NULL,
    judge        TEXT   NOT NULL,
    place_key    TEXT,
    courtroom    TEXT   NOT NULL,
    hearing_date TEXT   NOT NULL,
    hearing_time TEXT,
    hearing_type TEXT   NOT NULL CHECK (hearing_type IN ('preliminary', 'merits', 'appeal', 'cassation', 'verdict')),
    access       TEXT   NOT NULL CHECK (access IN ('open', 'closed')),
    -- The hearing whose monitoring report set this one (the next date).
    follows      BIGINT REFERENCES hearings (id),
    created_by   BIGINT REFERENCES users (id),
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX hearings_by_date ON hearings (hearing_date, hearing_time, id);
CREATE INDEX hearings_by_event ON hearings (event_id);

-- Monitors (accounts of any role) assigned to watch a hearing.
CREATE TABLE hearing_monitors (
    hearing_id  BIGINT NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    assigned_by BIGINT REFERENCES users (id),
    assigned_at TEXT   NOT NULL,
    PRIMARY KEY (hearing_id, user_id)
);
CREATE INDEX hearing_monitors_by_user ON hearing_monitors (user_id, hearing_id);

-- A monitor's report on a hearing. `notes` is sealed by the application
-- (confidential until published, like reports' text); the checklist's
-- answers stay plain, since they are what the summaries count.
CREATE TABLE monitoring_reports (
    id           BIGINT NOT NULL PRIMARY KEY,
    hearing_id   BIGINT NOT NULL REFERENCES hearings (id),
    monitor_id   BIGINT NOT NULL REFERENCES users (id),
    took_place   BIGINT NOT NULL CHECK (took_place IN (0, 1)),
    notes        TEXT   NOT NULL,
    next_hearing BIGINT REFERENCES hearings (id),
    filed_at     TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX monitoring_reports_by_hearing ON monitoring_reports (hearing_id, id);

CREATE TABLE monitoring_answers (
    report_id BIGINT NOT NULL REFERENCES monitoring_reports (id) ON DELETE CASCADE,
    standard  TEXT   NOT NULL,
    answer    TEXT   NOT NULL CHECK (answer IN ('respected', 'violated', 'unclear', 'not-applicable')),
    PRIMARY KEY (report_id, standard)
);

-- File name and bytes sealed; the SHA-256 of the original bytes is the
-- evidence hash shown.
CREATE TABLE monitoring_attachments (
    id           BIGINT NOT NULL PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES monitoring_reports (id) ON DELETE CASCADE,
    file_name    TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    sha256       TEXT   NOT NULL,
    size         BIGINT NOT NULL CHECK (size >= 0),
    bytes        BLOB   NOT NULL,
    uploaded_at  TEXT   NOT NULL
);
CREATE INDEX monitoring_attachments_by_report ON monitoring_attachments (report_id, id);

-- A monitor's private calendar feed: only a hash of the secret in its URL
-- is kept, like session tokens; issuing a new one replaces the old.
CREATE TABLE calendar_feeds (
    user_id    BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE,
    created_at TEXT   NOT NULL
);

CREATE TABLE assemblies (
    id             BIGINT NOT NULL PRIMARY KEY,
    organiser_kind TEXT   NOT NULL CHECK (organiser_kind IN ('person', 'group')),
    organiser      TEXT   NOT NULL,
    place_key      TEXT   NOT NULL,
    place_detail   TEXT   NOT NULL,
    assembly_date  TEXT   NOT NULL,
    purpose        TEXT   NOT NULL,
    expected       BIGINT CHECK (expected >= 0),
    answer         TEXT   NOT NULL CHECK (answer IN ('agreed', 'refused', 'no-answer')),
    refusal_reason TEXT   CHECK (refusal_reason IN ('place-not-designated', 'another-event', 'repairs', 'formal-defect', 'other')),
    refusal_detail TEXT   NOT NULL,
    outcome        TEXT   CHECK (outcome IN ('held', 'held-dispersed', 'not-held')),
    created_by     BIGINT REFERENCES users (id),
    created_at     TEXT   NOT NULL,
    updated_at     TEXT   NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1,
    CHECK ((answer = 'refused') = (refusal_reason IS NOT NULL))
);
CREATE INDEX assemblies_by_date ON assemblies (assembly_date, id);

-- Events that followed an assembly (detentions, fines).
CREATE TABLE assembly_events (
    assembly_id BIGINT NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
    event_id    BIGINT NOT NULL REFERENCES events (id),
    PRIMARY KEY (assembly_id, event_id)
);
CREATE INDEX assembly_events_by_event ON assembly_events (event_id);
