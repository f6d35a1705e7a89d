-- The network's meetings with a person land in their pathway (issue 16): a street contact, or a
-- place held for them (a night's stay once checked in), is linked to the record by a worker who
-- may read it. Each contact and each hold belongs to one record at most.
CREATE TABLE person_links (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    contact_id BIGINT REFERENCES street_contacts(id),
    hold_id BIGINT REFERENCES place_holds(id),
    linked_by BIGINT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    UNIQUE (contact_id),
    UNIQUE (hold_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id),
    CHECK ((contact_id IS NULL) <> (hold_id IS NULL))
);
CREATE INDEX person_links_person ON person_links(person_id);
-- The holds of the last days that may still be linked, newest first.
CREATE INDEX place_holds_city_held ON place_holds(city_id, held_at);
