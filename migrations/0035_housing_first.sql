-- Housing First and housing-led placements (issue 16): the homes available to the programme
-- (public-housing units of the housing module, a social rental agency's flats, leases with
-- private owners), one placement per home and one per person at a time (partial unique keys:
-- whichever instance writes, two placements in one home give one), move-in, the support team's
-- visits, and the end of a tenancy; tenancy sustainment at 6, 12 and 24 months is read from them.

CREATE TABLE hf_homes (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('public_housing', 'agency', 'private_lease')),
    unit_id BIGINT REFERENCES units(id),    -- a public-housing unit of the city
    address TEXT NOT NULL,
    rooms INTEGER NOT NULL CHECK (rooms BETWEEN 1 AND 20),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (id, city_id),
    UNIQUE (unit_id),
    CHECK (kind <> 'public_housing' OR unit_id IS NOT NULL)
);

CREATE TABLE placements (
    id @ID@,
    home_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    programme TEXT NOT NULL CHECK (programme IN ('housing_first', 'housing_led')),
    state TEXT NOT NULL DEFAULT 'offered' CHECK (state IN ('offered', 'moved_in', 'declined',
        'ended')),
    offered_by BIGINT NOT NULL REFERENCES users(id),
    offered_at BIGINT NOT NULL,
    moved_in_on TEXT,                       -- YYYY-MM-DD
    ended_on TEXT,
    end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('declined', 'moved_on',
        'left', 'evicted', 'institution', 'deceased')),
    FOREIGN KEY (home_id, city_id) REFERENCES hf_homes(id, city_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id),
    CHECK (state <> 'moved_in' OR moved_in_on IS NOT NULL),
    CHECK (state <> 'ended' OR (ended_on IS NOT NULL AND end_reason IS NOT NULL))
);
CREATE UNIQUE INDEX placements_one_per_home ON placements(home_id)
    WHERE state IN ('offered', 'moved_in');
CREATE UNIQUE INDEX placements_one_per_person ON placements(person_id)
    WHERE state IN ('offered', 'moved_in');
CREATE INDEX placements_city ON placements(city_id, state);

CREATE TABLE placement_visits (
    id @ID@,
    placement_id BIGINT NOT NULL REFERENCES placements(id),
    city_id BIGINT NOT NULL REFERENCES cities(id),
    visited_on TEXT NOT NULL,
    note TEXT NOT NULL,
    visited_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX placement_visits_placement ON placement_visits(placement_id, visited_on);
