-- The time bank: residents of a neighbourhood offer and ask for help; an exchange moves minutes
-- from the one helped to the helper once both agree. Balances are sums over confirmed
-- exchanges, each counted once as given and once as received, so across an area they always
-- add up to zero.
CREATE TABLE help_posts (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    neighbourhood TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('offer', 'request')),
    category TEXT NOT NULL CHECK (category IN ('company', 'errands', 'repairs', 'lessons',
                                               'care', 'digital', 'other')),
    text TEXT NOT NULL,
    is_open INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
    created_at BIGINT NOT NULL
);
CREATE INDEX help_posts_area ON help_posts(city_id, neighbourhood, is_open, created_at);

CREATE TABLE exchanges (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    neighbourhood TEXT NOT NULL,
    helper_id BIGINT NOT NULL REFERENCES users(id),
    helped_id BIGINT NOT NULL REFERENCES users(id),
    proposed_by BIGINT NOT NULL REFERENCES users(id),
    post_id BIGINT REFERENCES help_posts(id),
    category TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    note TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'confirmed', 'refused')),
    done_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (helper_id <> helped_id)
);
CREATE INDEX exchanges_area ON exchanges(city_id, neighbourhood, state);
CREATE INDEX exchanges_helper ON exchanges(helper_id, state);
CREATE INDEX exchanges_helped ON exchanges(helped_id, state);
