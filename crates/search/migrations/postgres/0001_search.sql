-- Search: the synonym groups staff keep (one row per group, the words as written,
-- comma-separated; Soporte adds its curated lists once, see synonyms::CURATED);
-- the queries people type (text and time only: no person, no address) and the
-- results they opened, for the staff's report. Mirrors the other backend's file.

CREATE TABLE search_synonyms (
    id BIGSERIAL PRIMARY KEY,
    lang TEXT NOT NULL,
    words TEXT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE search_queries (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    query TEXT NOT NULL,
    folded TEXT NOT NULL,
    results BIGINT NOT NULL
);
CREATE INDEX search_queries_at ON search_queries (at, folded);

CREATE TABLE search_clicks (
    id BIGSERIAL PRIMARY KEY,
    query_id BIGINT NOT NULL REFERENCES search_queries (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX search_clicks_query ON search_clicks (query_id);
