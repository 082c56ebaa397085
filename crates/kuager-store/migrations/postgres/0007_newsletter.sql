-- Schema version 7 (PostgreSQL): the newsletter (issue 5). Keep equivalent to
-- ../sqlite/0007_newsletter.sql.
--
-- An issue is one language edition for a period: the editor's title and
-- introduction, and the events it shows by section and position. What an
-- issue shows of an event is never stored here: it is redacted again from
-- the register whenever the issue is rendered or sent (decision 0017).
--
-- Subscriber addresses are sealed by the application with the data key and
-- found by a keyed hash of the normalised address (`address_hash`); both
-- are erased on unsubscribing. Tokens are stored as their SHA-256, except
-- the unsubscribe token, which each mail must carry and so is also kept
-- sealed.

INSERT INTO counters (name, value) VALUES
    ('newsletter_issues', 0), ('newsletter_numbers', 0), ('newsletter_subscribers', 0);

CREATE TABLE newsletter_issues (
    id           BIGINT NOT NULL PRIMARY KEY,
    -- The public number, given at publication.
    number       BIGINT UNIQUE,
    language     TEXT   NOT NULL CHECK (language IN ('ru', 'kk', 'en')),
    period_start TEXT   NOT NULL,
    period_end   TEXT   NOT NULL CHECK (period_end >= period_start),
    title        TEXT   NOT NULL,
    introduction TEXT   NOT NULL,
    state        TEXT   NOT NULL CHECK (state IN ('draft', 'published')),
    published_at TEXT,
    created_by   BIGINT REFERENCES users (id),
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX newsletter_issues_by_state ON newsletter_issues (state, published_at);

CREATE TABLE newsletter_items (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events (id),
    section  TEXT   NOT NULL CHECK (section IN ('persecution', 'punitive-psychiatry', 'elections',
        'legislation', 'digital-rights', 'solidarity', 'international')),
    position BIGINT NOT NULL,
    PRIMARY KEY (issue_id, event_id)
);

CREATE TABLE newsletter_subscribers (
    id                 BIGINT NOT NULL PRIMARY KEY,
    address_hash       TEXT   UNIQUE,
    address            TEXT,
    language           TEXT   NOT NULL CHECK (language IN ('ru', 'kk', 'en')),
    -- The edition asked for by the latest request, applied on confirming.
    pending_language   TEXT   CHECK (pending_language IN ('ru', 'kk', 'en')),
    state              TEXT   NOT NULL CHECK (state IN ('pending', 'confirmed', 'unsubscribed')),
    confirm_hash       TEXT   UNIQUE,
    confirm_expires_at TEXT,
    unsubscribe_hash   TEXT   NOT NULL UNIQUE,
    unsubscribe_token  TEXT,
    created_at         TEXT   NOT NULL,
    confirmed_at       TEXT,
    updated_at         TEXT   NOT NULL
);
CREATE INDEX newsletter_subscribers_by_state ON newsletter_subscribers (state, language, id);

-- One issue to one subscriber: made (idempotently) when a send starts,
-- marked in flight before the SMTP transaction and sent after the relay's
-- answer, each in its own committed transaction.
CREATE TABLE newsletter_deliveries (
    issue_id      BIGINT NOT NULL REFERENCES newsletter_issues (id),
    subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id),
    state         TEXT   NOT NULL CHECK (state IN ('pending', 'in-flight', 'sent', 'deferred',
        'failed', 'skipped')),
    -- The same for every attempt, so a repeat is recognisable.
    message_id    TEXT   NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    -- The relay's last refusal, sealed (it may quote the address).
    last_error    TEXT   NOT NULL DEFAULT '',
    updated_at    TEXT   NOT NULL,
    sent_at       TEXT,
    PRIMARY KEY (issue_id, subscriber_id)
);
CREATE INDEX newsletter_deliveries_by_state ON newsletter_deliveries (issue_id, state, subscriber_id);
