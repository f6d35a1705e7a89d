-- Every reference between records stays inside its city: a booking, a registration, a space,
-- a building served or followed, a ticket's building. The modules check first and answer 404
-- or 422; these triggers make the database refuse whatever a module might miss.
CREATE TRIGGER events_same_city_ins BEFORE INSERT ON events
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: events refers to another city'); END;
CREATE TRIGGER events_same_city_upd BEFORE UPDATE OF space_id, city_id ON events
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: events refers to another city'); END;
CREATE TRIGGER hubs_same_city_ins BEFORE INSERT ON hubs
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: hubs refers to another city'); END;
CREATE TRIGGER hubs_same_city_upd BEFORE UPDATE OF space_id, city_id ON hubs
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: hubs refers to another city'); END;
CREATE TRIGGER proposals_same_city_ins BEFORE INSERT ON proposals
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: proposals refers to another city'); END;
CREATE TRIGGER proposals_same_city_upd BEFORE UPDATE OF space_id, call_id ON proposals
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: proposals refers to another city'); END;
CREATE TRIGGER call_spaces_same_city_ins BEFORE INSERT ON call_spaces
    WHEN NOT (EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: call_spaces refers to another city'); END;
CREATE TRIGGER call_spaces_same_city_upd BEFORE UPDATE OF space_id, call_id ON call_spaces
    WHEN NOT (EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: call_spaces refers to another city'); END;
CREATE TRIGGER space_assignments_same_city_ins BEFORE INSERT ON space_assignments
    WHEN NOT (EXISTS (SELECT 1 FROM spaces s JOIN agreements a ON a.id = NEW.agreement_id WHERE s.id = NEW.space_id AND s.city_id = a.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: space_assignments refers to another city'); END;
CREATE TRIGGER space_assignments_same_city_upd BEFORE UPDATE OF space_id, agreement_id ON space_assignments
    WHEN NOT (EXISTS (SELECT 1 FROM spaces s JOIN agreements a ON a.id = NEW.agreement_id WHERE s.id = NEW.space_id AND s.city_id = a.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: space_assignments refers to another city'); END;
CREATE TRIGGER bookings_same_city_ins BEFORE INSERT ON bookings
    WHEN NOT (EXISTS (SELECT 1 FROM rooms r JOIN units u ON u.id = NEW.unit_id JOIN buildings b ON b.id = u.building_id WHERE r.id = NEW.room_id AND r.city_id = b.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: bookings refers to another city'); END;
CREATE TRIGGER bookings_same_city_upd BEFORE UPDATE OF room_id, unit_id ON bookings
    WHEN NOT (EXISTS (SELECT 1 FROM rooms r JOIN units u ON u.id = NEW.unit_id JOIN buildings b ON b.id = u.building_id WHERE r.id = NEW.room_id AND r.city_id = b.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: bookings refers to another city'); END;
CREATE TRIGGER event_registrations_same_city_ins BEFORE INSERT ON event_registrations
    WHEN NOT (EXISTS (SELECT 1 FROM events e JOIN memberships m ON m.city_id = e.city_id WHERE e.id = NEW.event_id AND m.user_id = NEW.user_id AND m.role = 'resident'))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: event_registrations refers to another city'); END;
CREATE TRIGGER event_registrations_same_city_upd BEFORE UPDATE OF event_id, user_id ON event_registrations
    WHEN NOT (EXISTS (SELECT 1 FROM events e JOIN memberships m ON m.city_id = e.city_id WHERE e.id = NEW.event_id AND m.user_id = NEW.user_id AND m.role = 'resident'))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: event_registrations refers to another city'); END;
CREATE TRIGGER hub_buildings_same_city_ins BEFORE INSERT ON hub_buildings
    WHEN NOT (EXISTS (SELECT 1 FROM hubs h JOIN buildings b ON b.city_id = h.city_id WHERE h.id = NEW.hub_id AND b.id = NEW.building_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: hub_buildings refers to another city'); END;
CREATE TRIGGER hub_buildings_same_city_upd BEFORE UPDATE OF hub_id, building_id ON hub_buildings
    WHEN NOT (EXISTS (SELECT 1 FROM hubs h JOIN buildings b ON b.city_id = h.city_id WHERE h.id = NEW.hub_id AND b.id = NEW.building_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: hub_buildings refers to another city'); END;
CREATE TRIGGER committee_buildings_same_city_ins BEFORE INSERT ON committee_buildings
    WHEN NOT (EXISTS (SELECT 1 FROM committees c JOIN buildings b ON b.city_id = c.city_id WHERE c.id = NEW.committee_id AND b.id = NEW.building_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: committee_buildings refers to another city'); END;
CREATE TRIGGER committee_buildings_same_city_upd BEFORE UPDATE OF committee_id, building_id ON committee_buildings
    WHEN NOT (EXISTS (SELECT 1 FROM committees c JOIN buildings b ON b.city_id = c.city_id WHERE c.id = NEW.committee_id AND b.id = NEW.building_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: committee_buildings refers to another city'); END;
CREATE TRIGGER tickets_same_city_ins BEFORE INSERT ON tickets
    WHEN NOT (EXISTS (SELECT 1 FROM buildings b WHERE b.id = NEW.building_id AND b.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: tickets refers to another city'); END;
CREATE TRIGGER tickets_same_city_upd BEFORE UPDATE OF building_id, city_id ON tickets
    WHEN NOT (EXISTS (SELECT 1 FROM buildings b WHERE b.id = NEW.building_id AND b.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: tickets refers to another city'); END;
