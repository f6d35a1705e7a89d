-- The city's plan (programmes, actions, operations), its spaces, and co-design calls.

CREATE TABLE programmes (
    id @ID@,
    code TEXT NOT NULL UNIQUE,          -- CCI, e.g. 2014IT16M2OP004
    name TEXT NOT NULL,
    period TEXT NOT NULL
);

CREATE TABLE actions (
    id @ID@,
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    code TEXT NOT NULL,                 -- 3.3.1
    name TEXT NOT NULL,
    fund TEXT NOT NULL CHECK (fund IN ('ESF', 'ERDF')),
    UNIQUE (programme_id, code)
);

CREATE TABLE operations (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    action_id BIGINT NOT NULL REFERENCES actions(id),
    local_code TEXT NOT NULL,           -- MI3.3.1.b
    cup TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    fund TEXT NOT NULL CHECK (fund IN ('ESF', 'ERDF')),
    budget_cents BIGINT NOT NULL CHECK (budget_cents >= 0),
    start_date TEXT,
    end_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'running', 'completed', 'cancelled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (city_id, local_code),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX operations_city ON operations(city_id, local_code);

CREATE TABLE spaces (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    municipio INTEGER CHECK (municipio BETWEEN 1 AND 99),
    neighbourhood TEXT NOT NULL DEFAULT '',
    area_m2 INTEGER CHECK (area_m2 > 0),
    works_state TEXT NOT NULL CHECK (works_state IN ('to_refurbish', 'in_works', 'ready', 'assigned')),
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX spaces_city ON spaces(city_id, name);

CREATE TABLE calls (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    operation_id BIGINT NOT NULL REFERENCES operations(id),
    title TEXT NOT NULL,
    object TEXT NOT NULL,
    requirements TEXT NOT NULL DEFAULT '',
    total_budget_cents BIGINT NOT NULL CHECK (total_budget_cents > 0),
    min_cofinancing_bp INTEGER NOT NULL CHECK (min_cofinancing_bp BETWEEN 0 AND 10000),
    duration_months INTEGER NOT NULL CHECK (duration_months BETWEEN 1 AND 120),
    threshold_points INTEGER NOT NULL CHECK (threshold_points >= 0),
    publication_at BIGINT NOT NULL,
    deadline_at BIGINT NOT NULL,
    short_notice_reason TEXT NOT NULL DEFAULT '',
    tie_rule TEXT NOT NULL DEFAULT 'earlier_submission'
        CHECK (tie_rule IN ('earlier_submission', 'higher_cofinancing', 'lower_request')),
    score_mode TEXT NOT NULL DEFAULT 'mean' CHECK (score_mode IN ('mean', 'agreed')),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'closed',
        'evaluation', 'ranked', 'codesign', 'concluded')),
    next_protocol INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (deadline_at > publication_at)
);
CREATE INDEX calls_city_state ON calls(city_id, state, deadline_at);
CREATE INDEX calls_state_deadline ON calls(state, deadline_at);

CREATE TABLE call_areas (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    budget_cents BIGINT NOT NULL CHECK (budget_cents > 0),
    UNIQUE (call_id, position)
);

CREATE TABLE call_criteria (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    max_points INTEGER NOT NULL CHECK (max_points > 0),
    UNIQUE (call_id, position)
);

-- Documents a proposal must (or may) attach.
CREATE TABLE call_documents (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    UNIQUE (call_id, position)
);

CREATE TABLE call_spaces (
    call_id BIGINT NOT NULL REFERENCES calls(id),
    space_id BIGINT NOT NULL REFERENCES spaces(id),
    PRIMARY KEY (call_id, space_id)
);

-- The timeline: every state a call entered, when, and who moved it (NULL: the clock).
CREATE TABLE call_events (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    state TEXT NOT NULL,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX call_events_call ON call_events(call_id, at);

-- Clarifications: asked by an ETS, answered by the officer, then public to all.
CREATE TABLE call_questions (
    id @ID@,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    asked_by BIGINT NOT NULL REFERENCES users(id),
    question TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    answer TEXT,
    answered_by BIGINT REFERENCES users(id),
    answered_at BIGINT
);
CREATE INDEX call_questions_call ON call_questions(call_id, asked_at);

-- Reference data (DOMAIN.md §1): the programmes and the social-inclusion actions named there.
INSERT INTO programmes (code, name, period) VALUES
    ('2014IT16M2OP004', 'PON Città Metropolitane (PON Metro)', '2014-2020'),
    ('2021IT16FFPR003', 'PN Metro Plus e Città Medie Sud', '2021-2027');
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '1.1.1', 'Servizi digitali', 'ERDF' FROM programmes WHERE code = '2014IT16M2OP004';
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '3.1.1', 'Inclusione abitativa e accompagnamento delle persone più fragili', 'ESF'
FROM programmes WHERE code = '2014IT16M2OP004';
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '3.2.1', 'Inclusione delle comunità emarginate (Rom, Sinti, Camminanti)', 'ESF'
FROM programmes WHERE code = '2014IT16M2OP004';
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '3.2.2', 'Servizi a bassa soglia per persone senza dimora', 'ESF'
FROM programmes WHERE code = '2014IT16M2OP004';
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '3.3.1', 'Nuovi servizi e partecipazione dei residenti nei quartieri più disagiati', 'ESF'
FROM programmes WHERE code = '2014IT16M2OP004';
INSERT INTO actions (programme_id, code, name, fund)
SELECT id, '4.2.1', 'Recupero di immobili inutilizzati per servizi alla comunità', 'ERDF'
FROM programmes WHERE code = '2014IT16M2OP004';
