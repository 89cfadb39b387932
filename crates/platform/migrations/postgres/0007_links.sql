-- Links between rungs: a typed link between two subjects of any area (doc:12,
-- topic:5, bug:9, ticket:3), shown on both sides. Mirrors the other backend's file.

CREATE TABLE links (
    id BIGSERIAL PRIMARY KEY,
    from_kind TEXT NOT NULL,
    from_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    to_kind TEXT NOT NULL,
    to_id BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (from_kind, from_id, kind, to_kind, to_id)
);
CREATE INDEX links_to ON links (to_kind, to_id);
