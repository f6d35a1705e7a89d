-- The housing company's staff ('housing') join the roles.
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('officer', 'evaluator', 'controller', 'ets', 'resident', 'auditor', 'admin',
                    'housing'));
