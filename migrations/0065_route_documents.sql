-- The document of a route's step (issue 17): a PDF the officer attaches when the step is done
-- (the request's checks, the evaluation, the giunta's act, the contract), registered in the
-- city's protocol with its SHA-256; the step names its entry.
ALTER TABLE asset_route_steps ADD COLUMN protocol_entry_id BIGINT REFERENCES protocol_entries(id);
