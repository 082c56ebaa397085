-- Schema version 3: person keys carry the person's number of mentions and name,
-- so a search ranks its hits from person_keys alone (no per-hit lookups).
-- Existing rows are filled from the current resolution: nothing is lost.
ALTER TABLE person_keys ADD COLUMN mentions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person_keys ADD COLUMN name TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE person_keys SET
    mentions = (SELECT COUNT(*) FROM person_members pm WHERE pm.person_id = person_keys.person_id),
    name = COALESCE((SELECT p.name FROM persons p WHERE p.id = person_keys.person_id), '');
CREATE INDEX person_keys_ranked ON person_keys (search_key) INCLUDE (person_id, mentions, name);
