-- The protocol register's rules, kept by the database (PostgreSQL triggers): entries
-- unmodifiable except their cancellation, which keeps the entry and says why; nothing deleted.
-- A counter moves by one and only forward; an entry takes the counter's number.
CREATE FUNCTION protocol_counters_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.last_number <> OLD.last_number + 1 OR NEW.city_id <> OLD.city_id
       OR NEW.year <> OLD.year THEN
        RAISE EXCEPTION 'protocol numbers move by one' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER protocol_counters_step BEFORE UPDATE OR DELETE ON protocol_counters
FOR EACH ROW EXECUTE FUNCTION protocol_counters_step();
CREATE FUNCTION protocol_entries_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM protocol_counters k WHERE k.city_id = NEW.city_id
                   AND k.year = NEW.year AND k.last_number = NEW.number) THEN
        RAISE EXCEPTION 'a protocol entry takes the next number' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER protocol_entries_numbered BEFORE INSERT ON protocol_entries
FOR EACH ROW EXECUTE FUNCTION protocol_entries_numbered();
CREATE FUNCTION protocol_entries_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.cancelled_at IS NOT NULL OR NEW.cancelled_at IS NULL
       OR (NEW.id, NEW.city_id, NEW.year, NEW.number, NEW.registered_at, NEW.day, NEW.direction,
           NEW.kind, NEW.correspondent, NEW.subject, NEW.ref_type, NEW.ref_id, NEW.registered_by)
          IS DISTINCT FROM
          (OLD.id, OLD.city_id, OLD.year, OLD.number, OLD.registered_at, OLD.day, OLD.direction,
           OLD.kind, OLD.correspondent, OLD.subject, OLD.ref_type, OLD.ref_id, OLD.registered_by)
    THEN
        RAISE EXCEPTION 'a protocol entry cannot be changed, only cancelled once'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER protocol_entries_fixed BEFORE UPDATE OR DELETE ON protocol_entries
FOR EACH ROW EXECUTE FUNCTION protocol_entries_fixed();
CREATE FUNCTION protocol_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% cannot be changed', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER protocol_files_kept BEFORE UPDATE OR DELETE ON protocol_files
FOR EACH STATEMENT EXECUTE FUNCTION protocol_kept();
CREATE TRIGGER protocol_daily_kept BEFORE UPDATE OR DELETE ON protocol_daily
FOR EACH STATEMENT EXECUTE FUNCTION protocol_kept();
