-- The city's social workers ('social') and its registry office ('registry') join the roles:
-- the first hold the pathways of the people the city's social service follows, the second
-- decide their registered address at the city's fictitious street (issue 16). SQLite cannot change a CHECK in place: the
-- table is rebuilt with the same rows, and the two triggers that read memberships (0024) are
-- dropped first and made again after, since a rename checks every trigger of the schema.
DROP TRIGGER event_registrations_same_city_ins;
DROP TRIGGER event_registrations_same_city_upd;
CREATE TABLE memberships_new (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    city_id BIGINT REFERENCES cities(id),
    organisation_id BIGINT REFERENCES organisations(id),
    role TEXT NOT NULL CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident',
                                       'auditor', 'admin', 'housing', 'social', 'registry')),
    legal_rep INTEGER NOT NULL DEFAULT 0 CHECK (legal_rep IN (0, 1)),
    created_at BIGINT NOT NULL,
    CHECK (role <> 'ets' OR organisation_id IS NOT NULL)
);
INSERT INTO memberships_new (id, user_id, city_id, organisation_id, role, legal_rep, created_at)
    SELECT id, user_id, city_id, organisation_id, role, legal_rep, created_at FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
CREATE INDEX memberships_user ON memberships(user_id);
CREATE TRIGGER event_registrations_same_city_ins BEFORE INSERT ON event_registrations
    WHEN NOT (EXISTS (SELECT 1 FROM events e JOIN memberships m ON m.city_id = e.city_id WHERE e.id = NEW.event_id AND m.user_id = NEW.user_id AND m.role = 'resident'))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: event_registrations refers to another city'); END;
CREATE TRIGGER event_registrations_same_city_upd BEFORE UPDATE OF event_id, user_id ON event_registrations
    WHEN NOT (EXISTS (SELECT 1 FROM events e JOIN memberships m ON m.city_id = e.city_id WHERE e.id = NEW.event_id AND m.user_id = NEW.user_id AND m.role = 'resident'))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: event_registrations refers to another city'); END;
