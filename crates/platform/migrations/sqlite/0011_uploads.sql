-- Images people upload to show in what they write, with their type as their bytes
-- said (content_type) and who uploaded them for which area.
-- Mirrors the other backend's file.

CREATE TABLE uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    area TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX uploads_owner ON uploads (owner_id, created_at);
