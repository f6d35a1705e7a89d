-- Matching a home by accessibility (issue 16): a home without barriers (no steps to the door
-- and inside, or a lift), and a person who needs one, as the social worker records it for
-- housing (the reason, where it is health, stays among the special categories).
ALTER TABLE hf_homes ADD COLUMN step_free INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1));
ALTER TABLE people ADD COLUMN needs_step_free INTEGER NOT NULL DEFAULT 0
    CHECK (needs_step_free IN (0, 1));
