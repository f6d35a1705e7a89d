-- Public alerts in the pathway (issue 16): an alert a resident sent about someone sleeping rough
-- (0029), once the street team reached the person, is linked to their record by a worker who
-- may read it, like a contact or a stay. Each alert belongs to one record at most. Apart from
-- person_links, whose check keeps exactly one of a contact or a hold. What the record shows of
-- it never includes how to reach the resident who sent it.
CREATE TABLE person_alert_links (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    alert_id BIGINT NOT NULL UNIQUE REFERENCES street_alerts(id),
    linked_by BIGINT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE INDEX person_alert_links_person ON person_alert_links(person_id);
