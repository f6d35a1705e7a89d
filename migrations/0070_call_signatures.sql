-- Qualified signatures on the call notice, the city's act that opens the procedure (issue 18):
-- one act per call (made when its PDF to sign is first asked), the PDF frozen at that download,
-- and the files the city's signatory signed with their own tools, verified, kept, registered.
CREATE TABLE call_acts (
    id @ID@,
    call_id BIGINT NOT NULL UNIQUE REFERENCES calls(id),
    version INTEGER NOT NULL DEFAULT 1,
    to_sign_sha256 TEXT,
    to_sign_size BIGINT
);
CREATE TABLE call_signed_files (
    id @ID@,
    version_id BIGINT NOT NULL REFERENCES call_acts(id),
    party TEXT NOT NULL CHECK (party IN ('ets', 'city')),
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    signers TEXT NOT NULL,
    report TEXT NOT NULL,
    protocol_entry_id BIGINT REFERENCES protocol_entries(id),
    UNIQUE (version_id, file_sha256)
);
