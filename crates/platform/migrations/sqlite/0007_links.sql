-- Links between rungs: a typed link between two subjects of any area (doc:12,
-- topic:5, bug:9, ticket:3), shown on both sides. Mirrors the other backend's file.

CREATE TABLE links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    from_kind TEXT NOT NULL,
    from_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    to_kind TEXT NOT NULL,
    to_id INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (from_kind, from_id, kind, to_kind, to_id)
);
CREATE INDEX links_to ON links (to_kind, to_id);
