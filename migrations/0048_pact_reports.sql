-- Reports of a collaboration pact (issue 17): what was done in a period, the hours, and photos
-- (kept as blobs, by their SHA-256), as the regulations ask of the signatories.
CREATE TABLE pact_reports (
    id @ID@,
    pact_id BIGINT NOT NULL REFERENCES pacts(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    period_from TEXT NOT NULL CHECK (length(period_from) = 10),
    period_to TEXT NOT NULL CHECK (length(period_to) = 10),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
    hours INTEGER NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 100000),
    created_at BIGINT NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX pact_reports_pact ON pact_reports (pact_id, period_to);

CREATE TABLE pact_report_photos (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES pact_reports(id),
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    UNIQUE (report_id, position)
);
