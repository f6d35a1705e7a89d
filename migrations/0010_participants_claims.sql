-- Participants of active agreements (pseudonymous, ESF characteristics), their identities kept
-- apart with every opening logged; expense claims with their lines, documents and checks;
-- sampled on-the-spot checks; payment requests.

-- Each characteristic is answered or refused ('refused': the person preferred not to say, and
-- the refusal itself is the record).
CREATE TABLE participants (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    pseudonym TEXT NOT NULL UNIQUE,
    entry_date TEXT NOT NULL,
    exit_date TEXT,
    employment TEXT NOT NULL
        CHECK (employment IN ('unemployed', 'long_term_unemployed', 'inactive', 'employed', 'refused')),
    age_band TEXT NOT NULL CHECK (age_band IN ('under_25', 'from_25_to_54', 'over_54', 'refused')),
    education TEXT NOT NULL CHECK (education IN ('isced_0_2', 'isced_3_4', 'isced_5_8', 'refused')),
    disability TEXT NOT NULL CHECK (disability IN ('yes', 'no', 'refused')),
    migrant TEXT NOT NULL CHECK (migrant IN ('yes', 'no', 'refused')),
    homeless TEXT NOT NULL CHECK (homeless IN ('yes', 'no', 'refused')),
    other_disadvantage TEXT NOT NULL CHECK (other_disadvantage IN ('yes', 'no', 'refused')),
    created_at BIGINT NOT NULL,
    CHECK (exit_date IS NULL OR exit_date >= entry_date)
);
CREATE INDEX participants_agreement ON participants(agreement_id, entry_date);

-- Identity apart from the characteristics: read only through participant_identity(), which
-- writes identity_openings first.
CREATE TABLE participant_identities (
    participant_id BIGINT PRIMARY KEY REFERENCES participants(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    full_name TEXT NOT NULL,
    tax_code TEXT,
    UNIQUE (agreement_id, tax_code)
);

CREATE TABLE identity_openings (
    id @ID@,
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    opened_at BIGINT NOT NULL
);
CREATE INDEX identity_openings_participant ON identity_openings(participant_id, opened_at);

CREATE TABLE expense_claims (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    label TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'checked')),
    submitted_at BIGINT,
    checked_by BIGINT REFERENCES users(id),
    checked_at BIGINT,
    checklist TEXT NOT NULL DEFAULT '[]',
    outcome_note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (agreement_id, label),
    CHECK (ends_on >= starts_on)
);

-- budget_line is the position (1, 2, ...) of the line in the agreement's final project.
CREATE TABLE expense_lines (
    id @ID@,
    claim_id BIGINT NOT NULL REFERENCES expense_claims(id),
    budget_line INTEGER NOT NULL CHECK (budget_line > 0),
    supplier TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    doc_date TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    paid_on TEXT NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    document_name TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT 'pending'
        CHECK (decision IN ('pending', 'admitted', 'reduced', 'rejected')),
    admitted_cents BIGINT NOT NULL DEFAULT 0 CHECK (admitted_cents >= 0 AND admitted_cents <= amount_cents),
    reason TEXT NOT NULL DEFAULT '',
    checked_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX expense_lines_claim ON expense_lines(claim_id, id);

-- A draw over the city's claims: anyone can repeat it from the seed and the population (the
-- claims ordered by SHA-256 of "seed:id", the first ones taken).
CREATE TABLE sample_draws (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    seed TEXT NOT NULL,
    rate_bp INTEGER NOT NULL CHECK (rate_bp > 0 AND rate_bp <= 10000),
    population TEXT NOT NULL,
    selected TEXT NOT NULL,
    drawn_by BIGINT NOT NULL REFERENCES users(id),
    drawn_at BIGINT NOT NULL
);

CREATE TABLE spot_checks (
    claim_id BIGINT PRIMARY KEY REFERENCES expense_claims(id),
    draw_id BIGINT NOT NULL REFERENCES sample_draws(id),
    outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'regular', 'irregular')),
    note TEXT NOT NULL DEFAULT '',
    visited_on TEXT,
    checked_by BIGINT REFERENCES users(id)
);

CREATE TABLE payment_requests (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    instalment TEXT NOT NULL CHECK (instalment IN ('advance', 'interim', 'balance')),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    admitted_cents BIGINT NOT NULL CHECK (admitted_cents >= 0),
    state TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'paid')),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    paid_on TEXT,
    paid_by BIGINT REFERENCES users(id),
    UNIQUE (agreement_id, instalment)
);
