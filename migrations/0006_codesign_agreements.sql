-- Co-design tables, their sessions and minutes (versioned, approved by each party), the final
-- project, agreements with signatures, and the assignment of spaces.

CREATE TABLE codesign_tables (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    proposal_id BIGINT NOT NULL UNIQUE REFERENCES proposals(id),
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    window_end_at BIGINT NOT NULL,
    opened_by BIGINT NOT NULL REFERENCES users(id),
    opened_at BIGINT NOT NULL
);

-- Who sits at the table: the city, the proposing body and its partners, invited local actors.
CREATE TABLE table_participants (
    id @ID@,
    table_id BIGINT NOT NULL REFERENCES codesign_tables(id),
    party TEXT NOT NULL CHECK (party IN ('city', 'ets', 'partner', 'guest')),
    name TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations(id),
    user_id BIGINT REFERENCES users(id),
    approves INTEGER NOT NULL DEFAULT 0 CHECK (approves IN (0, 1))
);
CREATE INDEX table_participants_table ON table_participants(table_id);

CREATE TABLE table_sessions (
    id @ID@,
    table_id BIGINT NOT NULL REFERENCES codesign_tables(id),
    starts_at BIGINT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    outside_window_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX table_sessions_table ON table_sessions(table_id, starts_at);

CREATE TABLE session_attendance (
    session_id BIGINT NOT NULL REFERENCES table_sessions(id),
    participant_id BIGINT NOT NULL REFERENCES table_participants(id),
    PRIMARY KEY (session_id, participant_id)
);

-- Every version of the minutes is kept; approvals belong to one version.
CREATE TABLE minutes_versions (
    id @ID@,
    session_id BIGINT NOT NULL REFERENCES table_sessions(id),
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (session_id, version)
);

CREATE TABLE minutes_approvals (
    version_id BIGINT NOT NULL REFERENCES minutes_versions(id),
    participant_id BIGINT NOT NULL REFERENCES table_participants(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    approved_at BIGINT NOT NULL,
    PRIMARY KEY (version_id, participant_id)
);

CREATE TABLE table_decisions (
    id @ID@,
    table_id BIGINT NOT NULL REFERENCES codesign_tables(id),
    session_id BIGINT REFERENCES table_sessions(id),
    text TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id)
);

-- The final project evolves at the table as numbered versions of one JSON document; the
-- approved one is frozen with its hash.
CREATE TABLE final_project_versions (
    id @ID@,
    table_id BIGINT NOT NULL REFERENCES codesign_tables(id),
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    approved_at BIGINT,
    approved_by BIGINT REFERENCES users(id),
    UNIQUE (table_id, version)
);

CREATE TABLE agreements (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    table_id BIGINT NOT NULL UNIQUE REFERENCES codesign_tables(id),
    final_project_id BIGINT NOT NULL REFERENCES final_project_versions(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    state TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'signed_ets', 'signed_city', 'active', 'closed')),
    document TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE agreement_signatures (
    id @ID@,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    party TEXT NOT NULL CHECK (party IN ('ets', 'city')),
    user_id BIGINT NOT NULL REFERENCES users(id),
    document_sha256 TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    UNIQUE (agreement_id, party)
);

-- A space holds one active assignment at a time: the partial unique index refuses a second.
CREATE TABLE space_assignments (
    id @ID@,
    space_id BIGINT NOT NULL REFERENCES spaces(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX space_assignments_one_active ON space_assignments(space_id) WHERE active = 1;
