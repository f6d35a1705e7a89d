-- The other legal routes to a public good (issue 17), on one engine: a free loan of an unused
-- building to a Third Sector body (art. 71 c. 3 CTS, up to 30 years), a social partnership
-- (art. 201 D.Lgs. 36/2023, formerly "baratto amministrativo") and the concession of a
-- confiscated asset (art. 48 D.Lgs. 159/2011). Each route is a sequence of steps with their
-- deadlines; the good shows every route it went through.
CREATE TABLE asset_routes (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    good_id BIGINT NOT NULL REFERENCES commons_goods(id),
    kind TEXT NOT NULL CHECK (kind IN ('free_loan', 'social_partnership',
                                       'confiscated_concession')),
    party TEXT NOT NULL CHECK (length(party) BETWEEN 1 AND 300),
    term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 360),
    step INTEGER NOT NULL DEFAULT 1,      -- the step under way (the first, the request, is done)
    step_due TEXT,                        -- its deadline
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'active', 'refused')),
    starts_on TEXT,
    ends_on TEXT,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (state <> 'refused' OR length(reason) > 0),
    CHECK (state <> 'active' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL))
);
CREATE INDEX asset_routes_good ON asset_routes (good_id);

CREATE TABLE asset_route_steps (
    id @ID@,
    route_id BIGINT NOT NULL REFERENCES asset_routes(id),
    step INTEGER NOT NULL,
    due TEXT,
    done_at BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    user_id BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (route_id, step)
);
