-- The SIUSS export (issue 16): each city says under which code of the national social-services
-- information system's benefits (INPS, the Casellario dell'assistenza's "prestazioni sociali")
-- it reports each kind of service its pathways record. The codes are the city's, from INPS's
-- table; a kind without a code is counted and left out of the export.
CREATE TABLE siuss_codes (
    city_id BIGINT NOT NULL REFERENCES cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'shelter', 'meal', 'shower', 'street',
        'housing', 'address', 'mail')),
    code TEXT NOT NULL,                     -- CodicePrestazione: 5 to 10 characters
    name TEXT NOT NULL,                     -- DenominazionePrestazione: 10 to 200 characters
    set_by BIGINT NOT NULL REFERENCES users(id),
    set_at BIGINT NOT NULL,
    PRIMARY KEY (city_id, kind)
);
