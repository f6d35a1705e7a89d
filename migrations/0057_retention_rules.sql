-- Each city's own retention periods for the records of the people it follows (issue 16): the
-- years without activity after which the special categories are deleted and the record is
-- pseudonymised, as the city's retention plan sets them, with the act that did. A city without
-- a row has coprog's defaults (5 and 10 years; pathways/retention.c).
CREATE TABLE retention_rules (
    city_id BIGINT PRIMARY KEY REFERENCES cities(id),
    decision TEXT NOT NULL CHECK (length(decision) BETWEEN 1 AND 300),
    special_years INTEGER NOT NULL CHECK (special_years BETWEEN 1 AND 30),
    record_years INTEGER NOT NULL CHECK (record_years BETWEEN 2 AND 50),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    CHECK (special_years <= record_years)
);
