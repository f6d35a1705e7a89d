-- Shared care of public goods (issue 17, first part): the city's regulation on collaboration
-- pacts as data (so cities can be compared), the register of public goods offered for care or
-- reuse with their history, and ordinary collaboration pacts: the proposal (registered in the
-- protocol), the office's answer within the regulation's days, publication for comments, the
-- signing, pacts that stay open to anyone who asks to join, the support ledger of both sides,
-- renewal and revocation with reasons.
CREATE TABLE pact_rules (
    city_id BIGINT PRIMARY KEY REFERENCES cities(id),
    regulation TEXT NOT NULL CHECK (length(regulation) BETWEEN 1 AND 300),
    answer_days INTEGER NOT NULL CHECK (answer_days BETWEEN 1 AND 365),
    comment_days INTEGER NOT NULL CHECK (comment_days BETWEEN 0 AND 90),
    max_months INTEGER NOT NULL CHECK (max_months BETWEEN 1 AND 120),
    max_renewals INTEGER NOT NULL CHECK (max_renewals BETWEEN 0 AND 10),
    updated_at BIGINT NOT NULL
);

CREATE TABLE commons_goods (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('building', 'room', 'green_area', 'square', 'schoolyard',
                                       'heritage', 'confiscated', 'state_asset')),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    neighbourhood TEXT NOT NULL DEFAULT '',
    latitude_e6 BIGINT CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
    longitude_e6 BIGINT CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
    area_m2 INTEGER CHECK (area_m2 > 0),
    -- the national agency's (ANBSC) code of a confiscated asset, which it must have
    anbsc_code TEXT,
    description TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('offered', 'proposed', 'pact', 'concession', 'withdrawn')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (kind <> 'confiscated' OR anbsc_code IS NOT NULL)
);
CREATE INDEX commons_goods_city ON commons_goods (city_id, state, name);

-- Every change of a good's state, with why and the pact that caused it.
CREATE TABLE commons_good_events (
    id @ID@,
    good_id BIGINT NOT NULL REFERENCES commons_goods(id),
    at BIGINT NOT NULL,
    state TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('offered', 'proposed', 'pact', 'rejected', 'ended',
                                         'revoked', 'concession', 'withdrawn')),
    note TEXT NOT NULL DEFAULT '',
    pact_id BIGINT,
    user_id BIGINT REFERENCES users(id)
);
CREATE INDEX commons_good_events_good ON commons_good_events (good_id, at);

CREATE TABLE pacts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    good_id BIGINT NOT NULL REFERENCES commons_goods(id),
    kind TEXT NOT NULL DEFAULT 'ordinary' CHECK (kind IN ('ordinary', 'complex')),
    title TEXT NOT NULL,
    activities TEXT NOT NULL,
    proposer_kind TEXT NOT NULL CHECK (proposer_kind IN ('resident', 'informal_group', 'body')),
    proposer_name TEXT NOT NULL,
    proposer_user_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 120),
    is_open INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
    state TEXT NOT NULL CHECK (state IN ('proposed', 'published', 'active', 'ended', 'rejected',
                                         'revoked')),
    submitted_at BIGINT NOT NULL,
    answer_due TEXT NOT NULL,           -- the regulation's days from the proposal
    published_at BIGINT,
    comments_until TEXT,                -- publication for comments, last day
    starts_on TEXT,
    ends_on TEXT,
    renewals INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0),
    decided_at BIGINT,
    decided_by BIGINT REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT '',    -- of a rejection or a revocation
    protocol_entry_id BIGINT REFERENCES protocol_entries(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (state NOT IN ('rejected', 'revoked') OR length(reason) > 0),
    CHECK (state NOT IN ('active', 'ended', 'revoked') OR (starts_on IS NOT NULL AND ends_on IS NOT NULL))
);
CREATE INDEX pacts_city ON pacts (city_id, state, answer_due);
CREATE INDEX pacts_good ON pacts (good_id);

-- Who signed a pact and when they left: a pact that stays open takes anyone who asks, and the
-- list is live. One open membership per person and pact, kept by the database.
CREATE TABLE pact_signatories (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('proposer', 'city', 'member')),
    joined_at BIGINT NOT NULL,
    left_at BIGINT
);
CREATE UNIQUE INDEX pact_signatories_open ON pact_signatories (pact_id, user_id) WHERE left_at IS NULL;

CREATE TABLE pact_comments (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    created_at BIGINT NOT NULL
);

-- What each side put in: the city's support in kind, valued, and the citizens' hours.
CREATE TABLE pact_ledger (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    side TEXT NOT NULL CHECK (side IN ('city', 'citizens')),
    kind TEXT NOT NULL CHECK (kind IN ('materials', 'tools', 'utilities', 'fee_waiver',
                                       'staff_hours', 'volunteer_hours', 'other')),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    hours_centi BIGINT NOT NULL DEFAULT 0 CHECK (hours_centi >= 0),
    value_cents BIGINT NOT NULL CHECK (value_cents >= 0),
    on_date TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    CHECK (side = 'city' OR kind IN ('volunteer_hours', 'materials', 'tools', 'other'))
);
CREATE INDEX pact_ledger_pact ON pact_ledger (pact_id, on_date);
