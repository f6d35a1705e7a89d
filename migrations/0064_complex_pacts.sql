-- Complex collaboration pacts (issue 17): on goods the council listed, the city publishes a
-- notice; proposals come within its days; competing proposals go to a comparison meeting that
-- can merge them into one; the giunta's approval is recorded before publication and signing.
CREATE TABLE pact_notices (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    good_id BIGINT NOT NULL REFERENCES commons_goods(id),
    title TEXT NOT NULL,
    council_act TEXT NOT NULL,              -- the council's act listing the good
    body TEXT NOT NULL,                     -- what the city asks for
    proposals_until TEXT NOT NULL,          -- the last day for proposals, YYYY-MM-DD
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'void')),
    reason TEXT NOT NULL DEFAULT '',        -- why it went void
    meeting_on TEXT,                        -- the comparison meeting, when held
    meeting_minutes TEXT NOT NULL DEFAULT '',
    published_by BIGINT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    protocol_entry_id BIGINT REFERENCES protocol_entries(id),
    CHECK (state <> 'void' OR length(reason) > 0)
);
-- One notice open per good, whichever instance publishes it.
CREATE UNIQUE INDEX pact_notices_open ON pact_notices (good_id) WHERE state = 'open';
CREATE INDEX pact_notices_city ON pact_notices (city_id, state);

ALTER TABLE pacts ADD COLUMN notice_id BIGINT REFERENCES pact_notices(id);
-- A proposal merged at the comparison meeting: rejected as such, pointing to the one it joined.
ALTER TABLE pacts ADD COLUMN merged_into BIGINT REFERENCES pacts(id);
ALTER TABLE pacts ADD COLUMN giunta_act TEXT;
ALTER TABLE pacts ADD COLUMN giunta_on TEXT;
CREATE INDEX pacts_notice ON pacts (notice_id);
