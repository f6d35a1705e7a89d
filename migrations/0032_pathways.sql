-- One person, one pathway across offices (issue 16), first part: the person's record shared by
-- the city's social workers and the bodies the person agreed to, the ETHOS Light category with
-- its history, consents per body and purpose, special categories apart, restricted records and
-- the workers granted their name, the personal access card, and the log of every reading,
-- which the person sees.

CREATE TABLE people (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    tax_code TEXT,                              -- codice fiscale when known, checked
    given_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    nickname TEXT NOT NULL DEFAULT '',
    birth_date TEXT,                            -- YYYY-MM-DD when known
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2199),
    origin TEXT NOT NULL DEFAULT '',            -- where the person comes from, as they say it
    gender TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('man', 'woman', 'other', 'unknown')),
    ethos TEXT CHECK (ethos IS NULL OR ethos IN ('public_space', 'emergency',
        'homeless_accommodation', 'institution', 'non_conventional', 'family_friends')),
    restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    card_hash TEXT UNIQUE,                      -- SHA-256 of the access card's code
    card_issued_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (city_id, tax_code),
    UNIQUE (id, city_id),
    CHECK (tax_code IS NOT NULL OR given_name <> '' OR family_name <> '' OR nickname <> '')
);
CREATE INDEX people_city_family ON people(city_id, family_name);

CREATE TABLE person_ethos (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    ethos TEXT NOT NULL CHECK (ethos IN ('public_space', 'emergency', 'homeless_accommodation',
        'institution', 'non_conventional', 'family_friends')),
    since BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE INDEX person_ethos_person ON person_ethos(person_id, since);

-- What the person agreed to: a body of the city may see the record for a purpose, from given_at
-- until revoked (at the desk or by the person with their card). One live consent per body and
-- purpose.
CREATE TABLE person_consents (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('shelter', 'case_work', 'housing', 'health',
        'legal', 'work', 'registry')),
    given_at BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id),     -- NULL when the person revoked with the card
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE UNIQUE INDEX person_consents_live ON person_consents(person_id, organisation_id, purpose)
    WHERE revoked_at IS NULL;

-- Health, ethnicity and judicial data sit apart: only the city's social workers read them, and
-- each reading is logged.
CREATE TABLE person_special (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('health', 'ethnicity', 'judicial')),
    note TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE INDEX person_special_person ON person_special(person_id);

-- A restricted record (violence survivors, minors) shows its name only to the workers granted it.
CREATE TABLE person_grants (
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    granted_by BIGINT NOT NULL REFERENCES users(id),
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, user_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);

-- Every reading of a record: who, for which body, which part, why (the purpose it was open
-- under), when. The person sees it with their card.
CREATE TABLE person_reads (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    part TEXT NOT NULL CHECK (part IN ('record', 'special', 'export')),
    purpose TEXT NOT NULL,
    at BIGINT NOT NULL,
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
CREATE INDEX person_reads_person ON person_reads(person_id, at);
