-- Every stored amount is at most MONEY_MAX_CENTS (10 billion euro, base/money.h), so that any
-- SUM over the rows of one call, agreement or operation fits a 64-bit integer.
ALTER TABLE operations ADD CONSTRAINT operations_budget_cents_bound CHECK (budget_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE calls ADD CONSTRAINT calls_total_budget_cents_bound CHECK (total_budget_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE call_areas ADD CONSTRAINT call_areas_budget_cents_bound CHECK (budget_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE proposals ADD CONSTRAINT proposals_requested_cents_bound CHECK (requested_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE proposals ADD CONSTRAINT proposals_cofinancing_cents_bound CHECK (cofinancing_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE proposal_budget_lines ADD CONSTRAINT proposal_budget_lines_amount_cents_bound CHECK (amount_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE ranking_entries ADD CONSTRAINT ranking_entries_requested_cents_bound CHECK (requested_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE expense_lines ADD CONSTRAINT expense_lines_amount_cents_bound CHECK (amount_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE expense_lines ADD CONSTRAINT expense_lines_admitted_cents_bound CHECK (admitted_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_amount_cents_bound CHECK (amount_cents BETWEEN 0 AND 1000000000000);
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_admitted_cents_bound CHECK (admitted_cents BETWEEN 0 AND 1000000000000);
