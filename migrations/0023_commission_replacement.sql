-- A member of a commission may be replaced, with a recorded reason: the replaced member's
-- declarations and scores stay on record but no longer count, and publication waits for the
-- replacement's.
ALTER TABLE commission_members ADD COLUMN replaced_at BIGINT;
ALTER TABLE commission_members ADD COLUMN replaced_by BIGINT REFERENCES users(id);
ALTER TABLE commission_members ADD COLUMN replacement_reason TEXT NOT NULL DEFAULT '';
