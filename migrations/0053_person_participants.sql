-- Participants of ESF operations taken from pathways (issue 16: "no second entry"). A body with
-- the person's live consent enrols them as a participant of its active agreement from the
-- pathway page: the name, codice fiscale, age band and housing exclusion come from the record,
-- the rest is asked once, and the participant record stays pseudonymous as every other. This
-- table ties the two, once per person and agreement.
CREATE TABLE person_participants (
    participant_id BIGINT PRIMARY KEY REFERENCES participants(id),
    person_id BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    enrolled_by BIGINT NOT NULL REFERENCES users(id),
    enrolled_at BIGINT NOT NULL,
    UNIQUE (person_id, agreement_id),
    FOREIGN KEY (person_id, city_id) REFERENCES people(id, city_id)
);
