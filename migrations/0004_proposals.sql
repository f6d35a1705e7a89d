-- Proposals of Third Sector bodies, their attachments (content-addressed blobs) and the
-- immutable, signed submissions.

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL CHECK (size >= 0),
    mime TEXT NOT NULL,
    content @BLOB@ NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE proposals (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    area_id BIGINT NOT NULL REFERENCES call_areas(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    activities TEXT NOT NULL DEFAULT '',
    support_network TEXT NOT NULL DEFAULT '',
    sustainability TEXT NOT NULL DEFAULT '',
    requested_cents BIGINT NOT NULL DEFAULT 0 CHECK (requested_cents >= 0),
    cofinancing_cents BIGINT NOT NULL DEFAULT 0 CHECK (cofinancing_cents >= 0),
    space_id BIGINT REFERENCES spaces(id),
    admissibility TEXT NOT NULL DEFAULT 'pending'
        CHECK (admissibility IN ('pending', 'admitted', 'excluded')),
    exclusion_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX proposals_call ON proposals(call_id, area_id, status);
CREATE INDEX proposals_org ON proposals(organisation_id);

-- Lead, partners (ETS) and supporters (non-ETS) of a proposal.
CREATE TABLE proposal_parties (
    id @ID@,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'supporter')),
    tax_code TEXT NOT NULL,
    name TEXT NOT NULL,
    runts_number TEXT NOT NULL DEFAULT '',
    UNIQUE (proposal_id, tax_code)
);

CREATE TABLE proposal_targets (
    id @ID@,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    target_group TEXT NOT NULL,
    participants INTEGER NOT NULL CHECK (participants >= 0)
);

CREATE TABLE proposal_budget_lines (
    id @ID@,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0)
);

CREATE TABLE proposal_attachments (
    id @ID@,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    document_id BIGINT REFERENCES call_documents(id),
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX proposal_attachments_proposal ON proposal_attachments(proposal_id);

-- Every submission, kept for ever: its canonical content, hash, protocol number and the
-- instance's signature. A withdrawn one keeps its row, with withdrawn_at set.
CREATE TABLE submissions (
    id @ID@,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    call_id BIGINT NOT NULL REFERENCES calls(id),
    area_id BIGINT NOT NULL REFERENCES call_areas(id),
    version INTEGER NOT NULL,
    protocol INTEGER NOT NULL,
    submitted_at BIGINT NOT NULL,
    submitted_by BIGINT NOT NULL REFERENCES users(id),
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    receipt TEXT NOT NULL,
    withdrawn_at BIGINT,
    UNIQUE (call_id, protocol),
    UNIQUE (proposal_id, version)
);
CREATE INDEX submissions_call ON submissions(call_id, area_id);

-- One body (by tax code) takes part in at most one live submission per area, as lead or
-- partner: the primary key makes the database refuse the second.
CREATE TABLE area_participants (
    area_id BIGINT NOT NULL REFERENCES call_areas(id),
    tax_code TEXT NOT NULL,
    submission_id BIGINT NOT NULL REFERENCES submissions(id),
    PRIMARY KEY (area_id, tax_code)
);
