-- Low-threshold services for people without a home (issue 15): the directory, shaped like Open
-- Referral's HSDS (organisations run services at locations, each with its hours), and the
-- places of the services that have them, held for a person and occupied night by night.
-- References stay inside the city by composite keys (a site's service and location, a hold's
-- place carry the same city_id), and one place is never held or occupied twice on one night
-- by a partial unique key: whichever instance writes, the database refuses the second.

CREATE TABLE service_locations (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    -- Micro-degrees (WGS 84), integers like every other quantity.
    latitude_e6 BIGINT NOT NULL CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
    longitude_e6 BIGINT NOT NULL CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
    accessibility TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (id, city_id)
);

CREATE TABLE services (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL CHECK (kind IN ('night_shelter', 'day_centre', 'canteen', 'showers',
        'laundry', 'clothes', 'luggage', 'health', 'legal', 'street_unit', 'post_station',
        'registered_address', 'social_emergency')),
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
    -- Who may use it.
    for_men INTEGER NOT NULL DEFAULT 1 CHECK (for_men IN (0, 1)),
    for_women INTEGER NOT NULL DEFAULT 1 CHECK (for_women IN (0, 1)),
    for_families INTEGER NOT NULL DEFAULT 0 CHECK (for_families IN (0, 1)),
    for_minors INTEGER NOT NULL DEFAULT 0 CHECK (for_minors IN (0, 1)),
    for_couples INTEGER NOT NULL DEFAULT 0 CHECK (for_couples IN (0, 1)),
    for_pets INTEGER NOT NULL DEFAULT 0 CHECK (for_pets IN (0, 1)),
    accessible INTEGER NOT NULL DEFAULT 0 CHECK (accessible IN (0, 1)),
    documents TEXT NOT NULL DEFAULT '',     -- what to bring; empty: nothing
    languages TEXT NOT NULL DEFAULT 'it',   -- ISO 639-1 codes, comma separated
    fees TEXT NOT NULL DEFAULT '',          -- empty: free
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    hold_minutes INTEGER NOT NULL DEFAULT 90 CHECK (hold_minutes BETWEEN 5 AND 1440),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (id, city_id)
);
CREATE INDEX services_city_kind ON services(city_id, kind);

-- HSDS's service_at_location: where a service is given, and when (base/hours.c's text).
CREATE TABLE service_sites (
    id @ID@,
    city_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    location_id BIGINT NOT NULL,
    hours TEXT NOT NULL DEFAULT '',
    UNIQUE (service_id, location_id),
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id),
    FOREIGN KEY (location_id, city_id) REFERENCES service_locations(id, city_id)
);
CREATE INDEX service_sites_location ON service_sites(location_id);

CREATE TABLE places (
    id @ID@,
    city_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bed', 'sleeping_bag', 'meal', 'shower')),
    label TEXT NOT NULL,
    women_only INTEGER NOT NULL DEFAULT 0 CHECK (women_only IN (0, 1)),
    accessible INTEGER NOT NULL DEFAULT 0 CHECK (accessible IN (0, 1)),
    family INTEGER NOT NULL DEFAULT 0 CHECK (family IN (0, 1)),
    pets INTEGER NOT NULL DEFAULT 0 CHECK (pets IN (0, 1)),
    seasonal INTEGER NOT NULL DEFAULT 0 CHECK (seasonal IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (service_id, label),
    UNIQUE (id, city_id),
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);
CREATE INDEX places_service ON places(service_id, kind);

-- A place held for a person for one night (the evening's date), then checked in (the night's
-- stay) or ended: released by the team, expired when nobody came by expires_at.
CREATE TABLE place_holds (
    id @ID@,
    city_id BIGINT NOT NULL,
    place_id BIGINT NOT NULL,
    night TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('held', 'checked_in', 'released', 'expired')),
    person TEXT NOT NULL,           -- how the team knows the person: a nickname or a description
    held_by BIGINT NOT NULL REFERENCES users(id),
    held_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT,
    FOREIGN KEY (place_id, city_id) REFERENCES places(id, city_id)
);
CREATE UNIQUE INDEX place_holds_one_a_night ON place_holds(place_id, night)
    WHERE state IN ('held', 'checked_in');
CREATE INDEX place_holds_expiry ON place_holds(state, expires_at);

-- Someone asked and there was no place: the figure cities most need and least have.
CREATE TABLE turnaways (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    service_id BIGINT,
    night TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bed', 'sleeping_bag', 'meal', 'shower')),
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);
CREATE INDEX turnaways_city_night ON turnaways(city_id, night);
