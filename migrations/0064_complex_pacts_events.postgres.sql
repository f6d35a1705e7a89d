-- A good's history also records the notices for complex pacts, the comparison meeting, the
-- giunta's approval and a notice gone void.
ALTER TABLE commons_good_events DROP CONSTRAINT commons_good_events_event_check;
ALTER TABLE commons_good_events ADD CONSTRAINT commons_good_events_event_check CHECK (event IN
    ('offered', 'proposed', 'pact', 'rejected', 'ended', 'revoked', 'concession', 'withdrawn',
     'notice', 'meeting', 'approved', 'notice_void'));
