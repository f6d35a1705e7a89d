-- The housing company's staff ('housing') join the roles. SQLite cannot change a CHECK in
-- place: the table is rebuilt with the same rows (nothing references memberships).
CREATE TABLE memberships_new (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    city_id BIGINT REFERENCES cities(id),
    organisation_id BIGINT REFERENCES organisations(id),
    role TEXT NOT NULL CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident',
                                       'auditor', 'admin', 'housing')),
    legal_rep INTEGER NOT NULL DEFAULT 0 CHECK (legal_rep IN (0, 1)),
    created_at BIGINT NOT NULL,
    CHECK (role <> 'ets' OR organisation_id IS NOT NULL)
);
INSERT INTO memberships_new (id, user_id, city_id, organisation_id, role, legal_rep, created_at)
    SELECT id, user_id, city_id, organisation_id, role, legal_rep, created_at FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
CREATE INDEX memberships_user ON memberships(user_id);
