-- Documents shared at a co-design table: each name keeps every version uploaded.
CREATE TABLE table_documents (
    id @ID@,
    table_id BIGINT NOT NULL REFERENCES codesign_tables(id),
    name TEXT NOT NULL,
    UNIQUE (table_id, name)
);

CREATE TABLE table_document_versions (
    id @ID@,
    document_id BIGINT NOT NULL REFERENCES table_documents(id),
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    UNIQUE (document_id, version)
);
