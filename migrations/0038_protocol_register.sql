-- The protocol register (issue 18; DPR 445/2000 arts. 53-57): a number per city progressive per
-- year, restarting each 1 January, never reused or skipped; the files of each entry with their
-- SHA-256; the daily register. Migration 0039 adds the rules the database keeps itself.
CREATE TABLE protocol_counters (
    city_id BIGINT NOT NULL REFERENCES cities(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2199),
    last_number BIGINT NOT NULL CHECK (last_number BETWEEN 1 AND 9999999),
    PRIMARY KEY (city_id, year)
);

CREATE TABLE protocol_entries (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    year INTEGER NOT NULL,
    number BIGINT NOT NULL CHECK (number BETWEEN 1 AND 9999999),
    registered_at BIGINT NOT NULL,
    day TEXT NOT NULL CHECK (length(day) = 10),  -- the registration's day in Europe/Rome
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'claim', 'agreement', 'decision',
                                        'pact_request', 'letter')),
    correspondent TEXT NOT NULL CHECK (length(correspondent) BETWEEN 1 AND 300),
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    ref_type TEXT,
    ref_id BIGINT,
    registered_by BIGINT REFERENCES users(id),
    cancelled_at BIGINT,
    cancelled_by BIGINT REFERENCES users(id),
    cancel_reason TEXT,
    UNIQUE (city_id, year, number),
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX protocol_entries_day ON protocol_entries(city_id, day);
CREATE INDEX protocol_entries_ref ON protocol_entries(ref_type, ref_id);
CREATE INDEX protocol_entries_cancelled ON protocol_entries(city_id, cancelled_at);

-- The registered document (position 0) and its attachments: name and SHA-256 always; the
-- bytes in blobs when they were uploaded with the registration (a proposal's or a claim's
-- stay with their record).
CREATE TABLE protocol_files (
    entry_id BIGINT NOT NULL REFERENCES protocol_entries(id),
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size BIGINT CHECK (size >= 0),
    is_stored INTEGER NOT NULL DEFAULT 0 CHECK (is_stored IN (0, 1)),
    PRIMARY KEY (entry_id, position)
);

-- The submissions and claims name their entry (the receipt and the pages show it).
ALTER TABLE submissions ADD COLUMN protocol_entry_id BIGINT REFERENCES protocol_entries(id);
ALTER TABLE expense_claims ADD COLUMN protocol_entry_id BIGINT REFERENCES protocol_entries(id);

-- The daily register: every day's registrations and cancellations as one CSV file, made once
-- by whichever instance comes first after the day ends, with its SHA-256.
CREATE TABLE protocol_daily (
    city_id BIGINT NOT NULL REFERENCES cities(id),
    day TEXT NOT NULL CHECK (length(day) = 10),
    produced_at BIGINT NOT NULL,
    entries INTEGER NOT NULL CHECK (entries >= 0),
    cancellations INTEGER NOT NULL CHECK (cancellations >= 0),
    first_number BIGINT,
    last_number BIGINT,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    PRIMARY KEY (city_id, day)
);
