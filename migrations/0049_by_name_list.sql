-- The by-name list at a large city's size (issue 16's speed): what the list sorts and filters by
-- is kept on the record (people.c's person_list_refresh, at every opening, assessment, closing
-- and merge of a pathway) instead of a join and two subqueries per person on every reading:
-- whether the person has left the list (their last pathway closed housed, moved away or
-- deceased, and none is open) and the serious needs of the open pathway's latest assessment.
-- One index holds all of it.
ALTER TABLE people ADD COLUMN off_list INTEGER NOT NULL DEFAULT 0 CHECK (off_list IN (0, 1));
ALTER TABLE people ADD COLUMN serious_needs INTEGER NOT NULL DEFAULT 0 CHECK (serious_needs >= 0);
UPDATE people SET off_list = 1 WHERE NOT EXISTS (SELECT 1 FROM pathways w WHERE w.person_id =
    people.id AND w.state = 'open') AND EXISTS (SELECT 1 FROM pathways d WHERE d.person_id =
    people.id AND d.outcome IN ('housed', 'deceased', 'moved_away') AND d.closed_at = (SELECT
    MAX(d2.closed_at) FROM pathways d2 WHERE d2.person_id = people.id));
UPDATE people SET serious_needs = COALESCE((SELECT w.serious_needs FROM pathways w WHERE
    w.person_id = people.id AND w.state = 'open'), 0);
CREATE INDEX people_by_name ON people (city_id, off_list, merged_into, ethos, last_contact_at,
    created_at, homeless_since, serious_needs);
