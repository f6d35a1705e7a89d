-- Every reference between records stays inside its city: a booking, a registration, a space,
-- a building served or followed, a ticket's building. The modules check first and answer 404
-- or 422; these triggers make the database refuse whatever a module might miss.
CREATE FUNCTION events_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id)) THEN
        RAISE EXCEPTION 'events refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER events_same_city BEFORE INSERT OR UPDATE OF space_id, city_id ON events
FOR EACH ROW EXECUTE FUNCTION events_same_city();
CREATE FUNCTION hubs_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id)) THEN
        RAISE EXCEPTION 'hubs refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER hubs_same_city BEFORE INSERT OR UPDATE OF space_id, city_id ON hubs
FOR EACH ROW EXECUTE FUNCTION hubs_same_city();
CREATE FUNCTION proposals_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id)) THEN
        RAISE EXCEPTION 'proposals refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER proposals_same_city BEFORE INSERT OR UPDATE OF space_id, call_id ON proposals
FOR EACH ROW EXECUTE FUNCTION proposals_same_city();
CREATE FUNCTION call_spaces_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM spaces s JOIN calls k ON k.id = NEW.call_id WHERE s.id = NEW.space_id AND s.city_id = k.city_id)) THEN
        RAISE EXCEPTION 'call_spaces refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER call_spaces_same_city BEFORE INSERT OR UPDATE OF space_id, call_id ON call_spaces
FOR EACH ROW EXECUTE FUNCTION call_spaces_same_city();
CREATE FUNCTION space_assignments_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM spaces s JOIN agreements a ON a.id = NEW.agreement_id WHERE s.id = NEW.space_id AND s.city_id = a.city_id)) THEN
        RAISE EXCEPTION 'space_assignments refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER space_assignments_same_city BEFORE INSERT OR UPDATE OF space_id, agreement_id ON space_assignments
FOR EACH ROW EXECUTE FUNCTION space_assignments_same_city();
CREATE FUNCTION bookings_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM rooms r JOIN units u ON u.id = NEW.unit_id JOIN buildings b ON b.id = u.building_id WHERE r.id = NEW.room_id AND r.city_id = b.city_id)) THEN
        RAISE EXCEPTION 'bookings refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER bookings_same_city BEFORE INSERT OR UPDATE OF room_id, unit_id ON bookings
FOR EACH ROW EXECUTE FUNCTION bookings_same_city();
CREATE FUNCTION event_registrations_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM events e JOIN memberships m ON m.city_id = e.city_id WHERE e.id = NEW.event_id AND m.user_id = NEW.user_id AND m.role = 'resident')) THEN
        RAISE EXCEPTION 'event_registrations refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER event_registrations_same_city BEFORE INSERT OR UPDATE OF event_id, user_id ON event_registrations
FOR EACH ROW EXECUTE FUNCTION event_registrations_same_city();
CREATE FUNCTION hub_buildings_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM hubs h JOIN buildings b ON b.city_id = h.city_id WHERE h.id = NEW.hub_id AND b.id = NEW.building_id)) THEN
        RAISE EXCEPTION 'hub_buildings refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER hub_buildings_same_city BEFORE INSERT OR UPDATE OF hub_id, building_id ON hub_buildings
FOR EACH ROW EXECUTE FUNCTION hub_buildings_same_city();
CREATE FUNCTION committee_buildings_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM committees c JOIN buildings b ON b.city_id = c.city_id WHERE c.id = NEW.committee_id AND b.id = NEW.building_id)) THEN
        RAISE EXCEPTION 'committee_buildings refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER committee_buildings_same_city BEFORE INSERT OR UPDATE OF committee_id, building_id ON committee_buildings
FOR EACH ROW EXECUTE FUNCTION committee_buildings_same_city();
CREATE FUNCTION tickets_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM buildings b WHERE b.id = NEW.building_id AND b.city_id = NEW.city_id)) THEN
        RAISE EXCEPTION 'tickets refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER tickets_same_city BEFORE INSERT OR UPDATE OF building_id, city_id ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_same_city();
