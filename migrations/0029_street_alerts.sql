-- Public alerts (issue 15, StreetLink's model): anyone tells the city where a person is sleeping
-- rough; the street teams take the alert and record what came of it within a target time; the
-- one who told follows it by a private link, without an account. No photos of people; the
-- reporter's contact is optional.
CREATE TABLE street_alerts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    place TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    description TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    track_hash TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'taken', 'helped', 'declined', 'not_found')),
    service_id BIGINT,
    outcome TEXT NOT NULL DEFAULT '',
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);
CREATE INDEX street_alerts_open ON street_alerts(city_id, state, due_at);
