-- Street work (issue 15): the zones a city divides its streets into, each covered by a street
-- team (a street unit service); the contacts the teams record on their phones, each with a key
-- made on the phone so that sending it again (the network came back, the button was pressed
-- twice) never records it twice; public alerts routed to the zone's team; and a stamp per city
-- that every change of places or alerts moves, which the operations room's board watches.

CREATE TABLE street_zones (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    name TEXT NOT NULL,
    service_id BIGINT,          -- the street unit that covers the zone
    UNIQUE (city_id, name),
    UNIQUE (id, city_id),
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);

-- The zone an alert was seen in, given by who told it; the alert's service is then the zone's
-- team. (A column added to a table cannot carry a composite key in SQLite: alert_report takes
-- the zone only from the alert's city.)
ALTER TABLE street_alerts ADD COLUMN zone_id BIGINT REFERENCES street_zones(id);

CREATE TABLE street_contacts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    client_key TEXT NOT NULL,   -- made on the phone when the contact was written down
    zone_id BIGINT,
    service_id BIGINT,          -- the team that met the person
    met_at BIGINT NOT NULL,
    place TEXT NOT NULL,
    person TEXT NOT NULL,       -- a nickname or a description; never a photo
    needs TEXT NOT NULL DEFAULT '',     -- codes, comma separated
    offered TEXT NOT NULL DEFAULT '',
    hold_id BIGINT REFERENCES place_holds(id),
    alert_id BIGINT REFERENCES street_alerts(id),
    referral TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    UNIQUE (city_id, client_key),
    FOREIGN KEY (zone_id, city_id) REFERENCES street_zones(id, city_id),
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);
CREATE INDEX street_contacts_city_met ON street_contacts(city_id, met_at);

CREATE TABLE board_stamps (
    city_id BIGINT PRIMARY KEY REFERENCES cities(id),
    stamp BIGINT NOT NULL
);

-- The night count: on one night, volunteers in pairs walk the city's zones and tally the people
-- they find sleeping rough by ETHOS Light category, gender and age band; the people sheltered
-- that night come from the stays.
CREATE TABLE night_counts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    night TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (city_id, night),
    UNIQUE (id, city_id)
);

CREATE TABLE night_count_pairs (
    id @ID@,
    count_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    zone_id BIGINT NOT NULL,
    volunteer_a TEXT NOT NULL,
    volunteer_b TEXT NOT NULL,
    FOREIGN KEY (count_id, city_id) REFERENCES night_counts(id, city_id),
    FOREIGN KEY (zone_id, city_id) REFERENCES street_zones(id, city_id)
);
CREATE INDEX night_count_pairs_count ON night_count_pairs(count_id);

CREATE TABLE night_count_tallies (
    id @ID@,
    count_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    zone_id BIGINT NOT NULL,
    ethos TEXT NOT NULL CHECK (ethos IN ('public_space', 'emergency', 'homeless_accommodation',
        'institution', 'non_conventional', 'family_friends')),
    gender TEXT NOT NULL CHECK (gender IN ('man', 'woman', 'other', 'unknown')),
    age_band TEXT NOT NULL CHECK (age_band IN ('under_18', '18_29', '30_49', '50_64',
        '65_plus', 'unknown')),
    people INTEGER NOT NULL CHECK (people BETWEEN 1 AND 1000),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    FOREIGN KEY (count_id, city_id) REFERENCES night_counts(id, city_id),
    FOREIGN KEY (zone_id, city_id) REFERENCES street_zones(id, city_id)
);
CREATE INDEX night_count_tallies_count ON night_count_tallies(count_id, zone_id);

-- A place's holds by night, for every reading of tonight's places: the partial unique key of
-- 0027 serves only queries that name its states exactly, and SQLite will not infer them from
-- "checked in, or held and not yet run out". With a month of stays (70,000 rows at Milan's
-- size) a service's page went from a few milliseconds to 600 without it.
CREATE INDEX place_holds_place_night ON place_holds(place_id, night);
CREATE INDEX place_holds_city_night ON place_holds(city_id, night);
