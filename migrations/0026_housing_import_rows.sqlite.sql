-- The housing import loads the file's rows here (one batch per import, deleted at its end) and
-- writes buildings, units and residents from them with a few statements over all rows, instead
-- of three or four statements a row.
CREATE TABLE housing_import_rows (
    batch BIGINT NOT NULL,
    line BIGINT NOT NULL,
    building_code TEXT NOT NULL,
    address TEXT NOT NULL,
    neighbourhood TEXT NOT NULL,
    municipio INTEGER,
    managing_body TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    full_name TEXT NOT NULL,
    tax_code TEXT,
    invite_hash TEXT NOT NULL,
    known_id BIGINT,
    PRIMARY KEY (batch, line)
);
