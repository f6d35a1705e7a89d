-- The protocol register's rules, kept by the database (SQLite triggers): entries unmodifiable
-- except their cancellation, which keeps the entry and says why; nothing deleted.
-- A counter moves by one and only forward; an entry takes the counter's number.
CREATE TRIGGER protocol_counters_step BEFORE UPDATE ON protocol_counters
WHEN NEW.last_number <> OLD.last_number + 1 OR NEW.city_id <> OLD.city_id OR NEW.year <> OLD.year
BEGIN SELECT RAISE(ABORT, 'protocol numbers move by one'); END;
CREATE TRIGGER protocol_counters_kept BEFORE DELETE ON protocol_counters
BEGIN SELECT RAISE(ABORT, 'protocol numbers move by one'); END;
CREATE TRIGGER protocol_entries_numbered BEFORE INSERT ON protocol_entries
WHEN NOT EXISTS (SELECT 1 FROM protocol_counters k WHERE k.city_id = NEW.city_id
                 AND k.year = NEW.year AND k.last_number = NEW.number)
BEGIN SELECT RAISE(ABORT, 'a protocol entry takes the next number'); END;
CREATE TRIGGER protocol_entries_fixed BEFORE UPDATE ON protocol_entries
WHEN OLD.cancelled_at IS NOT NULL OR NEW.cancelled_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.city_id IS NOT OLD.city_id OR NEW.year IS NOT OLD.year
  OR NEW.number IS NOT OLD.number OR NEW.registered_at IS NOT OLD.registered_at
  OR NEW.day IS NOT OLD.day OR NEW.direction IS NOT OLD.direction OR NEW.kind IS NOT OLD.kind
  OR NEW.correspondent IS NOT OLD.correspondent OR NEW.subject IS NOT OLD.subject
  OR NEW.ref_type IS NOT OLD.ref_type OR NEW.ref_id IS NOT OLD.ref_id
  OR NEW.registered_by IS NOT OLD.registered_by
BEGIN SELECT RAISE(ABORT, 'a protocol entry cannot be changed, only cancelled once'); END;
CREATE TRIGGER protocol_entries_kept BEFORE DELETE ON protocol_entries
BEGIN SELECT RAISE(ABORT, 'a protocol entry cannot be changed, only cancelled once'); END;
CREATE TRIGGER protocol_files_fixed BEFORE UPDATE ON protocol_files
BEGIN SELECT RAISE(ABORT, 'a registered file cannot be changed'); END;
CREATE TRIGGER protocol_files_kept BEFORE DELETE ON protocol_files
BEGIN SELECT RAISE(ABORT, 'a registered file cannot be changed'); END;
CREATE TRIGGER protocol_daily_fixed BEFORE UPDATE ON protocol_daily
BEGIN SELECT RAISE(ABORT, 'a daily register cannot be changed'); END;
CREATE TRIGGER protocol_daily_kept BEFORE DELETE ON protocol_daily
BEGIN SELECT RAISE(ABORT, 'a daily register cannot be changed'); END;
