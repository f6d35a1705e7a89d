-- Spaces being recovered: the dates of their works, and photos (blobs, described for people
-- who cannot see them).
ALTER TABLE spaces ADD COLUMN works_started_on TEXT;
ALTER TABLE spaces ADD COLUMN works_ready_on TEXT;

CREATE TABLE space_photos (
    id @ID@,
    space_id BIGINT NOT NULL REFERENCES spaces(id),
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    mime TEXT NOT NULL,
    caption TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX space_photos_space ON space_photos(space_id);
