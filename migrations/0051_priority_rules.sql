-- Each city's own rule for the priority for housing, and matching homes to people by it
-- (issue 16). The rule's points are data per city: a number of points per month without a home,
-- per serious need of the open pathway's latest assessment, and for sleeping rough now; the
-- days without contact after which a person counts as inactive; the serious needs a person
-- needs for Housing First; whether a public-housing home needs a registered residence. A city
-- without a row uses the defaults (1, 6, 12, 90 days, 1 need, yes): the rule coprog had before.
CREATE TABLE priority_rules (
    city_id BIGINT PRIMARY KEY REFERENCES cities(id),
    decision TEXT NOT NULL,                 -- the act that set the rule, as the city cites it
    month_points INTEGER NOT NULL CHECK (month_points BETWEEN 1 AND 12),
    need_points INTEGER NOT NULL CHECK (need_points BETWEEN 0 AND 60),
    rough_points INTEGER NOT NULL CHECK (rough_points BETWEEN 0 AND 120),
    inactive_days INTEGER NOT NULL CHECK (inactive_days BETWEEN 7 AND 730),
    hf_min_needs INTEGER NOT NULL CHECK (hf_min_needs BETWEEN 0 AND 6),
    public_needs_residence INTEGER NOT NULL CHECK (public_needs_residence IN (0, 1)),
    updated_by BIGINT NOT NULL REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

-- The order of the by-name list under the city's rule, a value of the row alone that an index
-- holds: (need points * serious needs + rough points if sleeping rough) in months of the rule,
-- less the time since the person was first without a home (people.c's person_list_refresh
-- keeps it, and a change of rule rewrites the city's rows in one statement). The default rule
-- gives the value the index before this one computed.
ALTER TABLE people ADD COLUMN priority_key BIGINT NOT NULL DEFAULT 0;
UPDATE people SET priority_key = serious_needs * 15552000000000 + CASE WHEN ethos =
    'public_space' THEN 31104000000000 ELSE 0 END - COALESCE(homeless_since, created_at);
DROP INDEX people_by_name_rank;
CREATE INDEX people_by_name_key ON people (city_id, off_list, priority_key, merged_into, ethos,
    last_contact_at, created_at);

-- A placement offered to someone below another eligible person in the order says why.
ALTER TABLE placements ADD COLUMN skip_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE placements ADD COLUMN passed_over INTEGER NOT NULL DEFAULT 0;
