-- Common rooms booked in slots of 30 minutes. Each booking holds one row per slot it covers,
-- and (room, slot) is unique: two bookings can never overlap, whatever instance writes them,
-- and a cancellation frees its slots at once by deleting them.
CREATE TABLE rooms (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    building_id BIGINT REFERENCES buildings(id),
    name TEXT NOT NULL,
    opens_min INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1440),
    closes_min INTEGER NOT NULL CHECK (closes_min BETWEEN 0 AND 1440),
    max_slots INTEGER NOT NULL CHECK (max_slots > 0),
    weekly_slots_per_household INTEGER NOT NULL CHECK (weekly_slots_per_household > 0),
    needs_approval INTEGER NOT NULL DEFAULT 0 CHECK (needs_approval IN (0, 1)),
    created_at BIGINT NOT NULL,
    CHECK (closes_min > opens_min)
);

CREATE TABLE bookings (
    id @ID@,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'cancelled', 'refused')),
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_room ON bookings(room_id, starts_at);
CREATE INDEX bookings_unit ON bookings(unit_id, starts_at);

CREATE TABLE booking_slots (
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    slot_at BIGINT NOT NULL,
    booking_id BIGINT NOT NULL REFERENCES bookings(id),
    PRIMARY KEY (room_id, slot_at)
);
CREATE INDEX booking_slots_booking ON booking_slots(booking_id);
