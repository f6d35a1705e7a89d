-- Public housing (ERP): buildings, their units, and the residents who live there. A resident
-- joins with an invitation code issued by the housing office (only its hash is kept), or signs
-- up and waits for an officer to verify them; a resident lives in one unit at a time.
CREATE TABLE buildings (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    code TEXT NOT NULL,
    address TEXT NOT NULL,
    neighbourhood TEXT NOT NULL,
    municipio INTEGER CHECK (municipio BETWEEN 1 AND 99),
    managing_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (city_id, code)
);
CREATE INDEX buildings_neighbourhood ON buildings(city_id, neighbourhood);

CREATE TABLE units (
    id @ID@,
    building_id BIGINT NOT NULL REFERENCES buildings(id),
    code TEXT NOT NULL,
    UNIQUE (building_id, code)
);

CREATE TABLE residents (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    full_name TEXT NOT NULL,
    tax_code TEXT,
    user_id BIGINT UNIQUE REFERENCES users(id),
    state TEXT NOT NULL CHECK (state IN ('invited', 'pending', 'active', 'refused')),
    invite_hash TEXT UNIQUE,
    verified_by BIGINT REFERENCES users(id),
    verified_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (city_id, tax_code)
);
CREATE INDEX residents_unit ON residents(unit_id);
CREATE INDEX residents_state ON residents(city_id, state);
