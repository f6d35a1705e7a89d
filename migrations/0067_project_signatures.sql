-- Qualified signatures on the approved final project (issue 18): the PDF of the approved version
-- frozen at its first download to sign, and the files the table's parties signed with their own
-- tools, verified as an agreement's are, kept and registered in the protocol.
ALTER TABLE final_project_versions ADD COLUMN to_sign_sha256 TEXT;
ALTER TABLE final_project_versions ADD COLUMN to_sign_size BIGINT;
CREATE TABLE project_signed_files (
    id @ID@,
    version_id BIGINT NOT NULL REFERENCES final_project_versions(id),
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
