-- A household's page reads each member's record: logged as its own part, shown to the person.
-- SQLite cannot change a CHECK in place: the table is made again with its rows and ids.
CREATE TABLE person_reads_new (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    part TEXT NOT NULL CHECK (part IN ('record', 'special', 'export', 'household')),
    purpose TEXT NOT NULL,
    at BIGINT NOT NULL,
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
INSERT INTO person_reads_new (id, person_id, city_id, user_id, organisation_id, part, purpose, at)
    SELECT id, person_id, city_id, user_id, organisation_id, part, purpose, at FROM person_reads;
DROP TABLE person_reads;
ALTER TABLE person_reads_new RENAME TO person_reads;
CREATE INDEX person_reads_person ON person_reads(person_id, at);
