-- What each person chooses to receive, per topic (ticket, event, booking, exchange, idea) and
-- channel; no row means both channels on.
CREATE TABLE notification_prefs (
    user_id BIGINT NOT NULL REFERENCES users(id),
    topic TEXT NOT NULL CHECK (topic IN ('ticket', 'event', 'booking', 'exchange', 'idea')),
    in_app INTEGER NOT NULL CHECK (in_app IN (0, 1)),
    email INTEGER NOT NULL CHECK (email IN (0, 1)),
    PRIMARY KEY (user_id, topic)
);

-- E-mail waits here, written in the same transaction as the change it reports, and leaves
-- through SMTP from the ticker: pending → sending (claimed until next_attempt_at, so a crashed
-- sender's mail goes out again) → sent, or failed after the last retry. The text is rendered
-- when sent, in the recipient's language, from the same message key as the in-app notice.
CREATE TABLE outbox (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id),
    recipient TEXT NOT NULL,
    message_key TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

-- Residents flag offensive content; three flags from different people hide it until an
-- officer keeps or removes it.
CREATE TABLE moderation_flags (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    entity TEXT NOT NULL CHECK (entity IN ('idea', 'idea_comment', 'help_post', 'ticket_comment')),
    entity_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (entity, entity_id, user_id)
);
CREATE INDEX moderation_flags_city ON moderation_flags(city_id, entity, entity_id);

CREATE TABLE moderation_decisions (
    id @ID@,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('kept', 'removed')),
    note TEXT NOT NULL DEFAULT '',
    decided_by BIGINT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX moderation_decisions_entity ON moderation_decisions(entity, entity_id);

ALTER TABLE ideas ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE idea_comments ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE help_posts ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_events ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
