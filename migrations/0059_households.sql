-- Family pathways (issue 16, action 3.2.1): households, for instance Roma, Sinti and Caminanti
-- families leaving a camp, followed with the household as the unit. A household has no name of
-- its own (it is called by its reference member's record, under that record's rules, so a
-- restricted record names no household and pseudonymisation reaches it); its pathway, plan and
-- placement are the reference member's, and the others move in with them. Who belongs to
-- which community is a special category and is not asked here: the context is the situation
-- left (a camp and its place, an eviction, the street).
CREATE TABLE households (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    context TEXT NOT NULL CHECK (context IN ('camp_exit', 'eviction', 'street', 'other')),
    place TEXT NOT NULL DEFAULT '',         -- the camp or settlement left, as the city calls it
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (id, city_id)
);
CREATE INDEX households_city ON households (city_id, created_at);

CREATE TABLE household_members (
    id @ID@,
    household_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('reference', 'partner', 'child', 'parent',
        'sibling', 'relative', 'other')),
    joined_by BIGINT NOT NULL REFERENCES users(id),
    joined_at BIGINT NOT NULL,
    left_at BIGINT,
    FOREIGN KEY (household_id, city_id) REFERENCES households(id, city_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
-- One household at a time per person, and one reference member per household.
CREATE UNIQUE INDEX household_members_one ON household_members (person_id) WHERE left_at IS NULL;
CREATE UNIQUE INDEX household_members_reference ON household_members (household_id)
    WHERE relation = 'reference' AND left_at IS NULL;
CREATE INDEX household_members_household ON household_members (household_id, left_at);

-- How many people a room may hold when a home is matched to a household, by the city's rule.
ALTER TABLE priority_rules ADD COLUMN people_per_room INTEGER NOT NULL DEFAULT 2
    CHECK (people_per_room BETWEEN 1 AND 4);

-- A household's placement: its reference member's, with how many moved in at the offer.
ALTER TABLE placements ADD COLUMN household_id BIGINT REFERENCES households(id);
ALTER TABLE placements ADD COLUMN household_size INTEGER NOT NULL DEFAULT 1
    CHECK (household_size BETWEEN 1 AND 80);
