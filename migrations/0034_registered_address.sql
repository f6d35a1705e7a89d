-- Registered address and held mail (issue 16), essential service levels of the national poverty
-- plan: the request for residence at the city's fictitious street (L. 1228/1954 art. 2; each city
-- names its own), the registry office's decision with the certificate's number, and the mail the
-- city holds for the person, logged on arrival and handed over at a later contact.

ALTER TABLE cities ADD COLUMN fictitious_street TEXT NOT NULL DEFAULT '';

CREATE TABLE registered_addresses (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    street TEXT NOT NULL,                   -- the city's fictitious street when asked
    state TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'granted', 'refused',
        'ended')),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    decision_note TEXT NOT NULL DEFAULT '',
    certificate_number TEXT,                -- the registry's, when granted
    ended_at BIGINT,
    UNIQUE (city_id, certificate_number),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id),
    CHECK (state <> 'granted' OR certificate_number IS NOT NULL),
    CHECK (state <> 'refused' OR decision_note <> '')
);
-- One request or registration alive per person.
CREATE UNIQUE INDEX registered_addresses_live ON registered_addresses(person_id)
    WHERE state IN ('requested', 'granted');
CREATE INDEX registered_addresses_city_state ON registered_addresses(city_id, state);

CREATE TABLE mail_items (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('letter', 'registered', 'official', 'parcel')),
    sender TEXT NOT NULL,
    arrived_at BIGINT NOT NULL,
    logged_by BIGINT NOT NULL REFERENCES users(id),
    handed_at BIGINT,
    handed_by BIGINT REFERENCES users(id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE INDEX mail_items_person ON mail_items(person_id, handed_at);
