-- Activities that bodies publish in the spaces, with registrations never beyond capacity: the
-- confirmed count lives on the event and only a conditional update raises it, so concurrent
-- registrations (on any number of instances) cannot pass it; the rest wait in line.
CREATE TABLE events (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    space_id BIGINT REFERENCES spaces(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    confirmed INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'cancelled')),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (confirmed >= 0 AND confirmed <= capacity)
);
CREATE INDEX events_city_start ON events(city_id, starts_at);
CREATE INDEX events_organisation ON events(organisation_id, starts_at);

CREATE TABLE event_registrations (
    id @ID@,
    event_id BIGINT NOT NULL REFERENCES events(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    state TEXT NOT NULL CHECK (state IN ('confirmed', 'waiting', 'cancelled')),
    attended INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_line ON event_registrations(event_id, state, id);
CREATE INDEX event_registrations_user ON event_registrations(user_id, state);

-- A private calendar address per user (only its hash kept), for calendar apps that cannot sign in.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
