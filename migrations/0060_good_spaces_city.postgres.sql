-- The space of a good is one of the good's city (as 0024_same_city for the other references).
CREATE FUNCTION commons_goods_same_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (NEW.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = NEW.space_id AND s.city_id = NEW.city_id)) THEN
        RAISE EXCEPTION 'commons_goods refers to another city' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER commons_goods_same_city BEFORE INSERT OR UPDATE OF space_id, city_id ON commons_goods
FOR EACH ROW EXECUTE FUNCTION commons_goods_same_city();
