-- The space of a good is one of the good's city (as 0024_same_city for the other references).
CREATE TRIGGER commons_goods_same_city_upd BEFORE UPDATE OF space_id, city_id ON commons_goods
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: commons_goods refers to another city'); END;
CREATE TRIGGER commons_goods_same_city_ins BEFORE INSERT ON commons_goods
    WHEN NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id))
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: commons_goods refers to another city'); END;
