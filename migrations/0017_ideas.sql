-- Ideas and needs that residents raise for their neighbourhood: one support per resident
-- (the key says so), comments, and the officers' answer, which may attach the idea to a call
-- as a need that call answers.
CREATE TABLE ideas (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    neighbourhood TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('idea', 'need')),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'answered', 'taken_forward', 'declined')),
    answer TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES users(id),
    call_id BIGINT REFERENCES calls(id),
    supports INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX ideas_area ON ideas(city_id, neighbourhood, created_at);

CREATE TABLE idea_supports (
    idea_id BIGINT NOT NULL REFERENCES ideas(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE idea_comments (
    id @ID@,
    idea_id BIGINT NOT NULL REFERENCES ideas(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX idea_comments_idea ON idea_comments(idea_id, id);
