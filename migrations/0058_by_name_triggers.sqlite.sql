-- Each change of who is listed, or of when they were last seen, as moves of the day counts
-- (0058_by_name_counts.sql): -1 on the day left, +1 on the day entered.
CREATE TRIGGER people_by_name_ins AFTER INSERT ON people
    WHEN NEW.off_list = 0 AND NEW.merged_into IS NULL AND NEW.ethos IS NOT NULL
    BEGIN INSERT INTO by_name_moves (city_id, day, n) VALUES (NEW.city_id,
        COALESCE(NEW.last_contact_at, NEW.created_at) / 86400000000, 1); END;
CREATE TRIGGER people_by_name_del AFTER DELETE ON people
    WHEN OLD.off_list = 0 AND OLD.merged_into IS NULL AND OLD.ethos IS NOT NULL
    BEGIN INSERT INTO by_name_moves (city_id, day, n) VALUES (OLD.city_id,
        COALESCE(OLD.last_contact_at, OLD.created_at) / 86400000000, -1); END;
CREATE TRIGGER people_by_name_upd AFTER UPDATE OF city_id, off_list, merged_into, ethos,
    last_contact_at, created_at ON people
    WHEN (OLD.off_list = 0 AND OLD.merged_into IS NULL AND OLD.ethos IS NOT NULL) IS NOT
        (NEW.off_list = 0 AND NEW.merged_into IS NULL AND NEW.ethos IS NOT NULL)
        OR OLD.city_id IS NOT NEW.city_id
        OR COALESCE(OLD.last_contact_at, OLD.created_at) / 86400000000 IS NOT
        COALESCE(NEW.last_contact_at, NEW.created_at) / 86400000000
    BEGIN
        INSERT INTO by_name_moves (city_id, day, n) SELECT OLD.city_id,
            COALESCE(OLD.last_contact_at, OLD.created_at) / 86400000000, -1
            WHERE OLD.off_list = 0 AND OLD.merged_into IS NULL AND OLD.ethos IS NOT NULL;
        INSERT INTO by_name_moves (city_id, day, n) SELECT NEW.city_id,
            COALESCE(NEW.last_contact_at, NEW.created_at) / 86400000000, 1
            WHERE NEW.off_list = 0 AND NEW.merged_into IS NULL AND NEW.ethos IS NOT NULL;
    END;
