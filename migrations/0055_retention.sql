-- Keeping and erasing (issue 16): a record with no activity for the retention period is
-- pseudonymised (pathways/retention.c): what names or describes the person goes, the figures
-- stay. The index finds the records past the period without reading the others.
ALTER TABLE people ADD COLUMN pseudonymised_at BIGINT;
CREATE INDEX people_retention ON people ((COALESCE(last_contact_at, created_at)))
    WHERE pseudonymised_at IS NULL;
