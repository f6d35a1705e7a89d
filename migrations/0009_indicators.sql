-- Output indicators of active agreements (from the final project, plus the programme's common
-- ones) and their achieved values, entered period by period and locked once approved.
CREATE TABLE agreement_indicators (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    planned BIGINT NOT NULL CHECK (planned >= 0),
    is_common INTEGER NOT NULL DEFAULT 0 CHECK (is_common IN (0, 1)),
    UNIQUE (agreement_id, code)
);

CREATE TABLE indicator_periods (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    label TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
    note TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (agreement_id, label),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE indicator_values (
    period_id BIGINT NOT NULL REFERENCES indicator_periods(id),
    indicator_id BIGINT NOT NULL REFERENCES agreement_indicators(id),
    achieved BIGINT NOT NULL CHECK (achieved >= 0),
    PRIMARY KEY (period_id, indicator_id)
);
