-- Foundation: cities, organisations, users and their roles, sessions, tokens, audit log.
-- Written once for both engines: @ID@ is the engine's auto-increment key, @BLOB@ its binary
-- type. Instants are UTC microseconds (BIGINT); booleans are 0/1.

CREATE TABLE cities (
    id @ID@,
    name TEXT NOT NULL,
    istat_code TEXT NOT NULL UNIQUE CHECK (length(istat_code) = 6),
    slug TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE organisations (
    id @ID@,
    city_id BIGINT REFERENCES cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('city', 'ets', 'other')),
    name TEXT NOT NULL,
    tax_code TEXT NOT NULL,
    runts_number TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (tax_code)
);

CREATE TABLE users (
    id @ID@,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    city_id BIGINT REFERENCES cities(id),
    organisation_id BIGINT REFERENCES organisations(id),
    role TEXT NOT NULL CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident',
                                       'auditor', 'admin')),
    legal_rep INTEGER NOT NULL DEFAULT 0 CHECK (legal_rep IN (0, 1)),
    created_at BIGINT NOT NULL,
    -- an ETS role always names its organisation
    CHECK (role <> 'ets' OR organisation_id IS NOT NULL)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE sessions (
    id @ID@,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed logins, by account ("u:email") and by client ("ip:addr"), for the rate limit.
-- In the database so that every instance behind the proxy counts the same attempts.
CREATE TABLE login_failures (
    id @ID@,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

-- The audit log is a hash chain: each row's hash covers its content and the previous hash.
-- audit_head holds the last sequence number and hash; updating it serialises appends.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    city_id BIGINT,
    user_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_city ON audit_log(city_id, seq);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
