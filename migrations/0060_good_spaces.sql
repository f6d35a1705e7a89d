-- A public good that is also a space of the city's register (issue 17: "an asset shows every
-- route it went through", co-design among them): the calls that offered the space and the
-- agreements it was assigned to show on the good's page.
ALTER TABLE commons_goods ADD COLUMN space_id BIGINT REFERENCES spaces(id);
CREATE UNIQUE INDEX commons_goods_space ON commons_goods (space_id) WHERE space_id IS NOT NULL;
