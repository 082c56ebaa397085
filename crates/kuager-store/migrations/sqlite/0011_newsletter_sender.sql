-- Schema version 11: one sender at a time per newsletter issue.
--
-- A sending run (the CLI's `kuager newsletter send`, or the editor's
-- "send" button in a server) holds a lease on its issue and renews it
-- before every message; another run finds the lease held and stops, so
-- two runs never pick the same waiting delivery. A run that crashed holds
-- the lease until it expires (a minute), then anyone may resume.
CREATE TABLE newsletter_send_leases (
    issue_id   BIGINT NOT NULL PRIMARY KEY REFERENCES newsletter_issues (id),
    -- A random token of the holding run.
    holder     TEXT   NOT NULL,
    -- RFC 3339 UTC, the form every stored timestamp has.
    expires_at TEXT   NOT NULL
);
