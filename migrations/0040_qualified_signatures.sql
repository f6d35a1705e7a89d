-- Qualified signatures on agreements (issue 18): a person's codice fiscale (set by an
-- administrator, later by SPID/CIE) is how a certificate's TINIT-... names them; the PDF to sign
-- is frozen once, so every party signs the same bytes; each signed file accepted after
-- verification is kept with its report and its protocol entry.
ALTER TABLE users ADD COLUMN tax_code TEXT CHECK (tax_code IS NULL OR length(tax_code) = 16);
CREATE UNIQUE INDEX users_tax_code ON users(tax_code);

ALTER TABLE agreements ADD COLUMN to_sign_sha256 TEXT REFERENCES blobs(sha256);
ALTER TABLE agreements ADD COLUMN to_sign_size BIGINT CHECK (to_sign_size > 0);

CREATE TABLE agreement_signed_files (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    party TEXT NOT NULL CHECK (party IN ('ets', 'city')),
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    format TEXT NOT NULL CHECK (format IN ('CAdES', 'PAdES')),
    signers TEXT NOT NULL,          -- the signers' names, as the report gives them
    report TEXT NOT NULL,           -- the verification report (JSON), as it was at upload
    protocol_entry_id BIGINT REFERENCES protocol_entries(id),
    UNIQUE (agreement_id, party, file_sha256)
);
CREATE INDEX agreement_signed_files_agreement ON agreement_signed_files(agreement_id);
