-- Evaluation: the commission of a call, conflict-of-interest declarations, scores, agreed
-- scores, and the published ranking.

CREATE TABLE commission_members (
    call_id BIGINT NOT NULL REFERENCES calls(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    is_president INTEGER NOT NULL DEFAULT 0 CHECK (is_president IN (0, 1)),
    appointed_at BIGINT NOT NULL,
    appointed_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (call_id, user_id)
);

-- "I have no conflict of interest with this proposal", per evaluator and proposal.
CREATE TABLE conflict_declarations (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    declared_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);

CREATE TABLE scores (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    criterion_id BIGINT NOT NULL REFERENCES call_criteria(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    points INTEGER NOT NULL CHECK (points >= 0),
    note TEXT NOT NULL DEFAULT '',
    scored_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, criterion_id, user_id)
);
CREATE INDEX scores_user ON scores(user_id, proposal_id);

-- The commission's agreed score, recorded by its president (calls with score_mode 'agreed').
CREATE TABLE agreed_scores (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    criterion_id BIGINT NOT NULL REFERENCES call_criteria(id),
    points INTEGER NOT NULL CHECK (points >= 0),
    note TEXT NOT NULL DEFAULT '',
    user_id BIGINT NOT NULL REFERENCES users(id),
    scored_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, criterion_id)
);

CREATE TABLE ranking_entries (
    call_id BIGINT NOT NULL REFERENCES calls(id),
    area_id BIGINT NOT NULL REFERENCES call_areas(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    total_hundredths BIGINT NOT NULL,
    is_above_threshold INTEGER NOT NULL CHECK (is_above_threshold IN (0, 1)),
    is_admitted INTEGER NOT NULL CHECK (is_admitted IN (0, 1)),
    requested_cents BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (call_id, proposal_id),
    UNIQUE (call_id, area_id, position)
);
