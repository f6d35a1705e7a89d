-- The transparency figures are cached per instance and computed again when any ticket was
-- opened or changed since: MAX(id) and MAX(updated_at) answer from an index.
CREATE INDEX tickets_updated ON tickets(updated_at);
