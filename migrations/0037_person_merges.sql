-- Likely duplicates settled by hand (issue 16): two records merged into one (the other kept as a
-- pointer, so its links and its number still lead somewhere), or two records judged to be two
-- people, which the duplicate finder never proposes again.
ALTER TABLE people ADD COLUMN merged_into BIGINT REFERENCES people(id);

CREATE TABLE person_distinct (
    person_a BIGINT NOT NULL REFERENCES people(id),  -- the lower number
    person_b BIGINT NOT NULL REFERENCES people(id),
    city_id BIGINT NOT NULL REFERENCES cities(id),
    decided_by BIGINT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
);
