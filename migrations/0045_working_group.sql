-- The cities' working group (issue 17): a library of practices shared across cities, read with
-- live figures from the platform, reviewed by officers of other cities; and model acts
-- (notices, agreements, regulations, pacts) kept with every version.
CREATE TABLE practices (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    action TEXT NOT NULL CHECK (action IN ('housing_inclusion', 'homeless_services',
                                           'roma_inclusion', 'neighbourhood_services',
                                           'codesign', 'commons', 'networks')),
    theme TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL CHECK (length(context) BETWEEN 1 AND 8000),
    steps TEXT NOT NULL CHECK (length(steps) BETWEEN 1 AND 8000),
    results TEXT NOT NULL CHECK (length(results) BETWEEN 1 AND 8000),
    lessons TEXT NOT NULL DEFAULT '',
    contacts TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX practices_action ON practices (action, created_at);

-- A peer review comes from an officer of another city than the practice's.
CREATE TABLE practice_reviews (
    id @ID@,
    practice_id BIGINT NOT NULL REFERENCES practices(id),
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    reviewer_city_id BIGINT NOT NULL REFERENCES cities(id),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    created_at BIGINT NOT NULL
);
CREATE INDEX practice_reviews_practice ON practice_reviews (practice_id, created_at);

CREATE TABLE model_acts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('notice', 'agreement', 'regulation', 'pact')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    created_at BIGINT NOT NULL
);

CREATE TABLE model_act_versions (
    id @ID@,
    act_id BIGINT NOT NULL REFERENCES model_acts(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200000),
    note TEXT NOT NULL DEFAULT '',
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (act_id, version)
);
