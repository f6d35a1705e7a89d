-- A merge undone (issue 16: "a split is never merged again by itself"). Each merge is kept with
-- what it moved, so that undoing it moves back exactly those rows, even after later merges:
-- the rows of each table moved from the other record, the consents the merge withdrew as
-- duplicates, and in `detail` the fields of both records before and after (names, codice
-- fiscale, card) and the names granted. Undone, the pair is judged two people (person_distinct)
-- and never proposed again.
CREATE TABLE person_merges (
    id @ID@,
    city_id BIGINT NOT NULL REFERENCES cities(id),
    into_id BIGINT NOT NULL REFERENCES people(id),
    other_id BIGINT NOT NULL REFERENCES people(id),
    merged_by BIGINT NOT NULL REFERENCES users(id),
    merged_at BIGINT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    undone_by BIGINT REFERENCES users(id),
    undone_at BIGINT,
    undo_reason TEXT NOT NULL DEFAULT '',
    CHECK (undone_at IS NULL OR undo_reason <> '')
);
CREATE INDEX person_merges_into ON person_merges(into_id, merged_at);

CREATE TABLE person_merge_moves (
    merge_id BIGINT NOT NULL REFERENCES person_merges(id),
    kind TEXT NOT NULL,                     -- the table the row is in, or 'consent_withdrawn'
    row_id BIGINT NOT NULL,
    PRIMARY KEY (merge_id, kind, row_id)
);
