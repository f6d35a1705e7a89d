-- The city's social workers ('social') and its registry office ('registry') join the roles:
-- the first hold the pathways of the people the city's social service follows, the second
-- decide their registered address at the city's fictitious street (issue 16).
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident', 'auditor', 'admin',
                    'housing', 'social', 'registry'));
