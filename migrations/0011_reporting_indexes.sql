-- Reports walk operations → calls → tables → agreements, and sum indicator values by
-- indicator: without these, each step scans its whole table (measured: the IGRUE export of
-- 30,000 operations did not finish in minutes).
CREATE INDEX calls_operation ON calls(operation_id);
CREATE INDEX codesign_tables_call ON codesign_tables(call_id);
CREATE INDEX indicator_values_indicator ON indicator_values(indicator_id);
CREATE INDEX space_assignments_agreement ON space_assignments(agreement_id);
CREATE INDEX payment_requests_state ON payment_requests(state, paid_on);
