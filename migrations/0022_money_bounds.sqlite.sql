-- Every stored amount is at most MONEY_MAX_CENTS (10 billion euro, base/money.h), so that any
-- SUM over the rows of one call, agreement or operation fits a 64-bit integer. SQLite cannot add
-- a CHECK to an existing table: triggers refuse the same values.
CREATE TRIGGER operations_budget_cents_bound_ins BEFORE INSERT ON operations
    WHEN NEW.budget_cents > 1000000000000 OR NEW.budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: budget_cents out of range'); END;
CREATE TRIGGER operations_budget_cents_bound_upd BEFORE UPDATE OF budget_cents ON operations
    WHEN NEW.budget_cents > 1000000000000 OR NEW.budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: budget_cents out of range'); END;
CREATE TRIGGER calls_total_budget_cents_bound_ins BEFORE INSERT ON calls
    WHEN NEW.total_budget_cents > 1000000000000 OR NEW.total_budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: total_budget_cents out of range'); END;
CREATE TRIGGER calls_total_budget_cents_bound_upd BEFORE UPDATE OF total_budget_cents ON calls
    WHEN NEW.total_budget_cents > 1000000000000 OR NEW.total_budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: total_budget_cents out of range'); END;
CREATE TRIGGER call_areas_budget_cents_bound_ins BEFORE INSERT ON call_areas
    WHEN NEW.budget_cents > 1000000000000 OR NEW.budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: budget_cents out of range'); END;
CREATE TRIGGER call_areas_budget_cents_bound_upd BEFORE UPDATE OF budget_cents ON call_areas
    WHEN NEW.budget_cents > 1000000000000 OR NEW.budget_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: budget_cents out of range'); END;
CREATE TRIGGER proposals_requested_cents_bound_ins BEFORE INSERT ON proposals
    WHEN NEW.requested_cents > 1000000000000 OR NEW.requested_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: requested_cents out of range'); END;
CREATE TRIGGER proposals_requested_cents_bound_upd BEFORE UPDATE OF requested_cents ON proposals
    WHEN NEW.requested_cents > 1000000000000 OR NEW.requested_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: requested_cents out of range'); END;
CREATE TRIGGER proposals_cofinancing_cents_bound_ins BEFORE INSERT ON proposals
    WHEN NEW.cofinancing_cents > 1000000000000 OR NEW.cofinancing_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: cofinancing_cents out of range'); END;
CREATE TRIGGER proposals_cofinancing_cents_bound_upd BEFORE UPDATE OF cofinancing_cents ON proposals
    WHEN NEW.cofinancing_cents > 1000000000000 OR NEW.cofinancing_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: cofinancing_cents out of range'); END;
CREATE TRIGGER proposal_budget_lines_amount_cents_bound_ins BEFORE INSERT ON proposal_budget_lines
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER proposal_budget_lines_amount_cents_bound_upd BEFORE UPDATE OF amount_cents ON proposal_budget_lines
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER ranking_entries_requested_cents_bound_ins BEFORE INSERT ON ranking_entries
    WHEN NEW.requested_cents > 1000000000000 OR NEW.requested_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: requested_cents out of range'); END;
CREATE TRIGGER ranking_entries_requested_cents_bound_upd BEFORE UPDATE OF requested_cents ON ranking_entries
    WHEN NEW.requested_cents > 1000000000000 OR NEW.requested_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: requested_cents out of range'); END;
CREATE TRIGGER expense_lines_amount_cents_bound_ins BEFORE INSERT ON expense_lines
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER expense_lines_amount_cents_bound_upd BEFORE UPDATE OF amount_cents ON expense_lines
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER expense_lines_admitted_cents_bound_ins BEFORE INSERT ON expense_lines
    WHEN NEW.admitted_cents > 1000000000000 OR NEW.admitted_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: admitted_cents out of range'); END;
CREATE TRIGGER expense_lines_admitted_cents_bound_upd BEFORE UPDATE OF admitted_cents ON expense_lines
    WHEN NEW.admitted_cents > 1000000000000 OR NEW.admitted_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: admitted_cents out of range'); END;
CREATE TRIGGER payment_requests_amount_cents_bound_ins BEFORE INSERT ON payment_requests
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER payment_requests_amount_cents_bound_upd BEFORE UPDATE OF amount_cents ON payment_requests
    WHEN NEW.amount_cents > 1000000000000 OR NEW.amount_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: amount_cents out of range'); END;
CREATE TRIGGER payment_requests_admitted_cents_bound_ins BEFORE INSERT ON payment_requests
    WHEN NEW.admitted_cents > 1000000000000 OR NEW.admitted_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: admitted_cents out of range'); END;
CREATE TRIGGER payment_requests_admitted_cents_bound_upd BEFORE UPDATE OF admitted_cents ON payment_requests
    WHEN NEW.admitted_cents > 1000000000000 OR NEW.admitted_cents < 0
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: admitted_cents out of range'); END;
