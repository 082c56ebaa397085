-- Schema version 10: publishing (issue 5).
--
-- A reported figure attached to an event says who reported it, so the
-- public statistics can set "official: 238 died" beside "activists
-- identified 194 killed". Figures attached before this version are
-- 'unattributed' until an analyst says who reported them.
ALTER TABLE event_figures ADD COLUMN reported_by TEXT NOT NULL DEFAULT 'unattributed'
    CHECK (reported_by IN ('unattributed', 'official', 'independent', 'international', 'media'));
-- Who, by name ("Prosecutor General's Office", "Qaharman"): an institution,
-- not a person; empty when not known.
ALTER TABLE event_figures ADD COLUMN reporter TEXT NOT NULL DEFAULT '';
