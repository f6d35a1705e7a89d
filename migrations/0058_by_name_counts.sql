-- The by-name list's totals kept as the records change (issue 19: the list's tail at any size).
-- Counting the city's listed people for every page made afresh read all of them (20,000 at
-- Milan's size, 200,000 at ten times), and every worker thread made its page afresh at once when
-- the data or the minute moved. The count now reads one row per day of last contact:
-- by_name_days holds, per city and day (UTC, of COALESCE(last_contact_at, created_at)), how
-- many listed people were last seen that day; triggers on people append each change to
-- by_name_moves (inserts only, so no two writers wait on one row), and the ticker folds the
-- moves into the days (pathways/counts.c). A reader adds both. The day where the inactive
-- period begins is counted exactly from people through people_by_name_seen.
CREATE TABLE by_name_days (
    city_id BIGINT NOT NULL REFERENCES cities(id),
    day BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (city_id, day)
);
CREATE TABLE by_name_moves (
    id @ID@,
    city_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    n BIGINT NOT NULL CHECK (n IN (-1, 1))
);
CREATE INDEX by_name_moves_city ON by_name_moves (city_id, day, n);
INSERT INTO by_name_days (city_id, day, n) SELECT city_id, COALESCE(last_contact_at, created_at)
    / 86400000000, COUNT(*) FROM people WHERE off_list = 0 AND merged_into IS NULL AND ethos IS
    NOT NULL GROUP BY city_id, COALESCE(last_contact_at, created_at) / 86400000000;
CREATE INDEX people_by_name_seen ON people (city_id, (COALESCE(last_contact_at, created_at)))
    WHERE off_list = 0 AND merged_into IS NULL AND ethos IS NOT NULL;
