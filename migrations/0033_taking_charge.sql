-- Taking charge (presa in carico, issue 16): a pathway per person at a time, with the first
-- assessment of needs by area, the personal plan written with the person (goals in their own
-- words, actions with who and by when, their acknowledgement), reviews at set dates, referrals
-- to the bodies of the city (sent, accepted or declined with a reason, completed) and the
-- closing with its outcome.

CREATE TABLE pathways (
    id @ID@,
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    opened_by BIGINT NOT NULL REFERENCES users(id),
    opened_at BIGINT NOT NULL,
    review_days INTEGER NOT NULL CHECK (review_days BETWEEN 7 AND 365),
    next_review_on TEXT NOT NULL,           -- YYYY-MM-DD
    acknowledged_at BIGINT,                 -- the person read and shares the plan
    acknowledged_words TEXT NOT NULL DEFAULT '',
    serious_needs INTEGER NOT NULL DEFAULT 0, -- of the latest assessment: the by-name priority
    closed_at BIGINT,
    closed_by BIGINT REFERENCES users(id),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('housed', 'moved_away', 'lost_contact',
        'declined', 'deceased', 'other')),
    outcome_note TEXT NOT NULL DEFAULT '',
    UNIQUE (id, city_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id),
    CHECK ((state = 'open') = (closed_at IS NULL AND outcome IS NULL))
);
-- One open pathway per person, whichever instance opens it.
CREATE UNIQUE INDEX pathways_one_open ON pathways(person_id) WHERE state = 'open';
CREATE INDEX pathways_city_review ON pathways(city_id, state, next_review_on);
CREATE INDEX pathways_person ON pathways(person_id);

CREATE TABLE pathway_needs (
    id @ID@,
    pathway_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    area TEXT NOT NULL CHECK (area IN ('housing', 'income', 'health', 'documents', 'work',
        'relations')),
    level TEXT NOT NULL CHECK (level IN ('none', 'some', 'serious')),
    note TEXT NOT NULL DEFAULT '',
    assessed_by BIGINT NOT NULL REFERENCES users(id),
    assessed_at BIGINT NOT NULL,
    FOREIGN KEY (pathway_id, city_id) REFERENCES pathways(id, city_id)
);
CREATE INDEX pathway_needs_pathway ON pathway_needs(pathway_id, assessed_at);

CREATE TABLE plan_goals (
    id @ID@,
    pathway_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    goal TEXT NOT NULL,
    person_words TEXT NOT NULL DEFAULT '',  -- the goal as the person says it
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reached', 'dropped')),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (id, city_id),
    FOREIGN KEY (pathway_id, city_id) REFERENCES pathways(id, city_id)
);

CREATE TABLE plan_actions (
    id @ID@,
    goal_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    who TEXT NOT NULL,                      -- the person, the social worker, a body, as written
    due_on TEXT NOT NULL,                   -- YYYY-MM-DD
    done_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    FOREIGN KEY (goal_id, city_id) REFERENCES plan_goals(id, city_id)
);
CREATE INDEX plan_actions_goal ON plan_actions(goal_id);

CREATE TABLE pathway_reviews (
    id @ID@,
    pathway_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    note TEXT NOT NULL,
    reviewed_by BIGINT NOT NULL REFERENCES users(id),
    reviewed_at BIGINT NOT NULL,
    FOREIGN KEY (pathway_id, city_id) REFERENCES pathways(id, city_id)
);

CREATE TABLE referrals (
    id @ID@,
    pathway_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    reason TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'accepted', 'declined',
        'completed')),
    sent_by BIGINT NOT NULL REFERENCES users(id),
    sent_at BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users(id),
    answered_at BIGINT,
    decline_reason TEXT NOT NULL DEFAULT '',
    completed_at BIGINT,
    FOREIGN KEY (pathway_id, city_id) REFERENCES pathways(id, city_id),
    CHECK (state <> 'declined' OR decline_reason <> '')
);
CREATE INDEX referrals_body ON referrals(organisation_id, state);
CREATE INDEX referrals_pathway ON referrals(pathway_id);

-- The last time anyone of the network met the person (the pathway opened, an assessment, a
-- review, an action done, a referral answered): the by-name list's active or inactive.
ALTER TABLE people ADD COLUMN last_contact_at BIGINT;
-- When the person's first ETHOS Light category was recorded: the months without a home.
ALTER TABLE people ADD COLUMN homeless_since BIGINT;
UPDATE people SET homeless_since = (SELECT MIN(e.since) FROM person_ethos e WHERE e.person_id = people.id);
CREATE INDEX people_city_contact ON people(city_id, last_contact_at);
