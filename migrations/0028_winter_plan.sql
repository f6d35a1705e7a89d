-- The winter plan (issue 15): the city declares a cold-weather emergency from one night to
-- another; the extra services opened for it (gyms, parishes, tents) belong to the plan, take
-- people only on its nights and close by themselves after the last one. Keys keep a plan's
-- services in its city.
CREATE TABLE winter_plans (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    declared_by BIGINT NOT NULL REFERENCES users(id),
    declared_at BIGINT NOT NULL,
    CHECK (ends_on >= starts_on),
    UNIQUE (id, city_id)
);

CREATE TABLE winter_plan_services (
    plan_id BIGINT NOT NULL,
    service_id BIGINT NOT NULL PRIMARY KEY,
    city_id BIGINT NOT NULL,
    FOREIGN KEY (plan_id, city_id) REFERENCES winter_plans(id, city_id),
    FOREIGN KEY (service_id, city_id) REFERENCES services(id, city_id)
);
CREATE INDEX winter_plan_services_plan ON winter_plan_services(plan_id);
