-- A second factor for the roles that decide (issue 18): TOTP (RFC 6238) secrets with the last
-- time step used (a code is never accepted twice), one-time recovery codes kept as hashes, and
-- the moment a session passed the second factor.
ALTER TABLE sessions ADD COLUMN second_factor_at BIGINT;

CREATE TABLE user_totp (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    secret TEXT NOT NULL CHECK (length(secret) = 32),  -- base32 of 20 random bytes
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE user_recovery_codes (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
    created_at BIGINT NOT NULL,
    used_at BIGINT,
    UNIQUE (user_id, code_hash)
);
