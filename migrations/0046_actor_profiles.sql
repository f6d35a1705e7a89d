-- Profiles of the local actors (issue 17): what kind of actor each organisation is, where it
-- works, and what it offers and needs (skills, materials, spaces, volunteers, equipment,
-- funding), so offers meet needs and needs of space meet the public goods on offer.
CREATE TABLE actor_profiles (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    kind TEXT NOT NULL CHECK (kind IN ('ets', 'informal_group', 'school', 'parish', 'company',
                                       'city_office')),
    neighbourhood TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    updated_at BIGINT NOT NULL
);

CREATE TABLE actor_offers (
    id @ID@,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    direction TEXT NOT NULL CHECK (direction IN ('offer', 'need')),
    category TEXT NOT NULL CHECK (category IN ('skills', 'materials', 'spaces', 'volunteers',
                                               'equipment', 'funding')),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    created_at BIGINT NOT NULL,
    withdrawn_at BIGINT
);
CREATE INDEX actor_offers_match ON actor_offers (category, direction) WHERE withdrawn_at IS NULL;
