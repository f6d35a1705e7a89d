-- The role home pages count what needs each person, one query per item: each walks an index
-- of exactly its filter (late tickets of a city, a city's open ideas, a person's unread notices,
-- open tickets and coming bookings) instead of the rows around it.
CREATE INDEX tickets_due ON tickets(city_id, state, due_at);
CREATE INDEX tickets_author_state ON tickets(author_id, state);
CREATE INDEX ideas_state ON ideas(city_id, state);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
CREATE INDEX bookings_user ON bookings(user_id, state, starts_at);
CREATE INDEX indicator_periods_state ON indicator_periods(state, agreement_id);
CREATE INDEX expense_claims_state ON expense_claims(state, agreement_id);
