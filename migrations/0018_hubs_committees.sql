-- Service hubs (portinerie sociali), each run by a body under an agreement, with its services,
-- opening hours and the buildings it serves; tickets routed to a hub are worked by that body.
-- Tenants' committees follow buildings. A housing-company staff role works housing tickets
-- (the role list itself is widened per engine in 0018_*.<engine>.sql).
CREATE TABLE hubs (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    agreement_id BIGINT REFERENCES agreements(id),
    space_id BIGINT REFERENCES spaces(id),
    name TEXT NOT NULL,
    neighbourhood TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX hubs_city ON hubs(city_id, neighbourhood);
CREATE INDEX hubs_organisation ON hubs(organisation_id);

-- Opening hours: one row per weekday (1 Monday .. 7 Sunday) and period, minutes after midnight.
CREATE TABLE hub_hours (
    hub_id BIGINT NOT NULL REFERENCES hubs(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
    closes INTEGER NOT NULL CHECK (closes BETWEEN 1 AND 1440),
    CHECK (closes > opens),
    PRIMARY KEY (hub_id, weekday, opens)
);

CREATE TABLE hub_services (
    id @ID@,
    hub_id BIGINT NOT NULL REFERENCES hubs(id),
    name TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT '',
    schedule TEXT NOT NULL DEFAULT '',
    access TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX hub_services_hub ON hub_services(hub_id);

CREATE TABLE hub_buildings (
    hub_id BIGINT NOT NULL REFERENCES hubs(id),
    building_id BIGINT NOT NULL REFERENCES buildings(id),
    PRIMARY KEY (hub_id, building_id)
);
CREATE INDEX hub_buildings_building ON hub_buildings(building_id);

-- The hub a ticket was routed to when opened (categories handled by hubs).
ALTER TABLE tickets ADD COLUMN hub_id BIGINT REFERENCES hubs(id);
CREATE INDEX tickets_hub ON tickets(hub_id, state);
-- The committee a ticket was reported for, if any.
ALTER TABLE tickets ADD COLUMN committee_id BIGINT;

CREATE TABLE committees (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    name TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (city_id, name)
);

CREATE TABLE committee_members (
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (committee_id, user_id)
);
CREATE INDEX committee_members_user ON committee_members(user_id);

CREATE TABLE committee_buildings (
    committee_id BIGINT NOT NULL REFERENCES committees(id),
    building_id BIGINT NOT NULL REFERENCES buildings(id),
    PRIMARY KEY (committee_id, building_id)
);
CREATE INDEX committee_buildings_building ON committee_buildings(building_id);
