-- Disputes over a collaboration pact and the committee that tries to settle them (issue 17):
-- as the model regulation has it, a conciliation committee of three (one named by the
-- signatories, one by the city, a chair agreed by both) proposes a settlement within the
-- days the city's regulation gives it. One open dispute per pact.
ALTER TABLE pact_rules ADD COLUMN dispute_days INTEGER NOT NULL DEFAULT 30
    CHECK (dispute_days BETWEEN 1 AND 180);
CREATE TABLE pact_disputes (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    city_id BIGINT NOT NULL REFERENCES cities(id),
    side TEXT NOT NULL CHECK (side IN ('city', 'signatories')),
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 4000),
    raised_by BIGINT NOT NULL REFERENCES users(id),
    raised_at BIGINT NOT NULL,
    protocol_label TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'raised' CHECK (state IN ('raised', 'committee', 'conciliated',
        'failed')),
    member_signatories TEXT,
    member_city TEXT,
    chair TEXT,
    formed_at BIGINT,
    due_on TEXT,                            -- YYYY-MM-DD: the committee's proposal by then
    proposal TEXT NOT NULL DEFAULT '',
    closed_by BIGINT REFERENCES users(id),
    closed_at BIGINT,
    CHECK (state = 'raised' OR (chair IS NOT NULL AND due_on IS NOT NULL)),
    CHECK (state NOT IN ('conciliated', 'failed') OR closed_at IS NOT NULL)
);
CREATE UNIQUE INDEX pact_disputes_one_open ON pact_disputes (pact_id)
    WHERE state IN ('raised', 'committee');
CREATE INDEX pact_disputes_city ON pact_disputes (city_id, state, due_on);
