-- The activity days of a collaboration pact with the people taking part, named for the
-- insurance the city buys for active citizens (civil liability and accidents): who, on which
-- day, doing what. Names are seen by the city's officers and the pact's signatories only.
CREATE TABLE pact_days (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    day TEXT NOT NULL CHECK (length(day) = 10),
    activity TEXT NOT NULL CHECK (length(activity) BETWEEN 1 AND 300),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (pact_id, day, activity)
);

CREATE TABLE pact_day_people (
    id @ID@,
    day_id BIGINT NOT NULL REFERENCES pact_days(id),
    full_name TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) = 10),
    UNIQUE (day_id, full_name)
);
