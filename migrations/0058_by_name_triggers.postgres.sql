-- Each change of who is listed, or of when they were last seen, as moves of the day counts
-- (0058_by_name_counts.sql): -1 on the day left, +1 on the day entered.
CREATE FUNCTION people_by_name_moves() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := FALSE;
    now_listed BOOLEAN := FALSE;
    old_day BIGINT;
    new_day BIGINT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        was := OLD.off_list = 0 AND OLD.merged_into IS NULL AND OLD.ethos IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        now_listed := NEW.off_list = 0 AND NEW.merged_into IS NULL AND NEW.ethos IS NOT NULL;
    END IF;
    IF was THEN old_day := COALESCE(OLD.last_contact_at, OLD.created_at) / 86400000000; END IF;
    IF now_listed THEN new_day := COALESCE(NEW.last_contact_at, NEW.created_at) / 86400000000; END IF;
    IF was AND now_listed AND OLD.city_id = NEW.city_id AND old_day = new_day THEN
        RETURN NULL;
    END IF;
    IF was THEN
        INSERT INTO by_name_moves (city_id, day, n) VALUES (OLD.city_id, old_day, -1);
    END IF;
    IF now_listed THEN
        INSERT INTO by_name_moves (city_id, day, n) VALUES (NEW.city_id, new_day, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER people_by_name_moves AFTER INSERT OR DELETE OR UPDATE OF city_id, off_list,
    merged_into, ethos, last_contact_at, created_at ON people
FOR EACH ROW EXECUTE FUNCTION people_by_name_moves();
