-- The city's social workers ('social') join the roles: they hold the pathways of the people
-- the city's social service follows (issue 16).
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident', 'auditor', 'admin',
                    'housing', 'social'));
