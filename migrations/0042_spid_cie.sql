-- SPID and CIE sign-in through the OpenID Connect Federation (issue 18): each authorisation
-- request coprog sends, kept until its answer comes back once (state, nonce and PKCE verifier
-- belong to one browser), and the log of requests, answers and trust chains the federation's
-- rules ask to keep for 24 months, without tokens, codes or keys.
CREATE TABLE oidc_requests (
    state TEXT PRIMARY KEY CHECK (length(state) >= 43),
    nonce TEXT NOT NULL CHECK (length(nonce) >= 43),
    code_verifier TEXT NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
    provider TEXT NOT NULL,
    acr TEXT NOT NULL,
    next TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX oidc_requests_created ON oidc_requests (created_at);

CREATE TABLE oidc_log (
    id @ID@,
    at BIGINT NOT NULL,
    provider TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('authorization_request', 'token_response', 'id_token',
                                       'userinfo', 'trust_chain', 'refused')),
    -- the SHA-256 of the request's state: ties one sign-in's lines together without the state
    state_hash TEXT,
    content TEXT NOT NULL
);
CREATE INDEX oidc_log_at ON oidc_log (at);
