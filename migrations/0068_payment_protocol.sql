-- Payments in the protocol register (issue 18): a body's request of an instalment comes in, the
-- city's payment goes out; each request keeps both entries.
ALTER TABLE payment_requests ADD COLUMN request_entry_id BIGINT REFERENCES protocol_entries(id);
ALTER TABLE payment_requests ADD COLUMN paid_entry_id BIGINT REFERENCES protocol_entries(id);
