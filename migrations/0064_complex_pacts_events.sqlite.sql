-- A good's history also records the notices for complex pacts, the comparison meeting, the
-- giunta's approval and a notice gone void. SQLite widens a CHECK by rebuilding the table.
CREATE TABLE commons_good_events_new (
    id INTEGER PRIMARY KEY,
    good_id BIGINT NOT NULL REFERENCES commons_goods(id),
    at BIGINT NOT NULL,
    state TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('offered', 'proposed', 'pact', 'rejected', 'ended',
                                         'revoked', 'concession', 'withdrawn', 'notice',
                                         'meeting', 'approved', 'notice_void')),
    note TEXT NOT NULL DEFAULT '',
    pact_id BIGINT,
    user_id BIGINT REFERENCES users(id)
);
INSERT INTO commons_good_events_new SELECT id, good_id, at, state, event, note, pact_id, user_id
    FROM commons_good_events;
DROP TABLE commons_good_events;
ALTER TABLE commons_good_events_new RENAME TO commons_good_events;
CREATE INDEX commons_good_events_good ON commons_good_events (good_id, at);
