-- Tickets (segnalazioni) from residents: a category routes each to the body that handles it
-- and sets its target time; every change is an event, and the author is notified of each.
CREATE TABLE ticket_categories (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    handled_by TEXT NOT NULL CHECK (handled_by IN ('housing', 'hub', 'city')),
    target_hours INTEGER NOT NULL CHECK (target_hours > 0),
    UNIQUE (city_id, code)
);

CREATE TABLE tickets (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    building_id BIGINT NOT NULL REFERENCES buildings(id),
    category_id BIGINT NOT NULL REFERENCES ticket_categories(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    place TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'acknowledged', 'in_progress', 'resolved', 'closed', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX tickets_queue ON tickets(city_id, state, created_at);
CREATE INDEX tickets_building ON tickets(building_id, created_at);
CREATE INDEX tickets_author ON tickets(author_id, created_at);
CREATE INDEX tickets_created ON tickets(city_id, created_at);

CREATE TABLE ticket_events (
    id @ID@,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('created', 'state', 'comment')),
    state TEXT,
    text TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

CREATE TABLE ticket_photos (
    id @ID@,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id),
    blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    name TEXT NOT NULL
);
CREATE INDEX ticket_photos_ticket ON ticket_photos(ticket_id);

-- In-app notifications (the e-mail outbox comes later); read_at set when seen.
CREATE TABLE notifications (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    message_key TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
