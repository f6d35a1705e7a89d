-- What a registered file is, for its metadata (AgID annex 5, "Verifica"): a file with a
-- qualified signature coprog verified, and whether a time-stamp proved when. Registered files
-- cannot change (0039), these columns neither.
ALTER TABLE protocol_files ADD COLUMN is_signed INTEGER NOT NULL DEFAULT 0 CHECK (is_signed IN (0, 1));
ALTER TABLE protocol_files ADD COLUMN is_timestamped INTEGER NOT NULL DEFAULT 0
    CHECK (is_timestamped IN (0, 1));
