-- The staff queues walk tickets in id order (keyset pages of 50): an index per scope that
-- holds that order, with and without a state, so that a page never sorts the whole city.
CREATE INDEX tickets_city_id ON tickets(city_id, id);
CREATE INDEX tickets_city_state_id ON tickets(city_id, state, id);
CREATE INDEX tickets_building_id ON tickets(building_id, id);
DROP INDEX tickets_hub;
CREATE INDEX tickets_hub_id ON tickets(hub_id, id);
