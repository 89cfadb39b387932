-- Search: the synonym groups staff keep (one row per group, the words as written,
-- comma-separated; Soporte adds its curated lists once, see synonyms::CURATED);
-- the queries people type (text and time only: no person, no address) and the
-- results they opened, for the staff's report. Mirrors the other backend's file.

CREATE TABLE search_synonyms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lang TEXT NOT NULL,
    words TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE search_queries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    query TEXT NOT NULL,
    folded TEXT NOT NULL,
    results INTEGER NOT NULL
);
CREATE INDEX search_queries_at ON search_queries (at, folded);

CREATE TABLE search_clicks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_id INTEGER NOT NULL REFERENCES search_queries (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX search_clicks_query ON search_clicks (query_id);
