-- The by-name list in the order of an index (issue 16's speed at any size): the priority for
-- housing grows by a point a month without a home, so ordering by it is ordering by
-- 6 * serious needs + 12 if sleeping rough, in months, less the months since the person was
-- first without a home: a value of the row alone, which this index holds (the list's queries
-- name the same expression). Only the page's rows are read, not the whole city sorted.
CREATE INDEX people_by_name_rank ON people (city_id, off_list, (serious_needs * 15552000000000 +
    CASE WHEN ethos = 'public_space' THEN 31104000000000 ELSE 0 END - COALESCE(homeless_since,
    created_at)), merged_into, ethos, last_contact_at, created_at);
