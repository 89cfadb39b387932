-- Sphinx import: each imported article remembers its source document, so importing
-- the same tree again updates it in place; images the sources show are kept in the
-- database like every other thing a user gave us. Mirrors the other backend's file.

ALTER TABLE doc_articles ADD COLUMN import_source TEXT;
CREATE UNIQUE INDEX doc_articles_import_source ON doc_articles (collection, lang, import_source);

CREATE TABLE doc_images (
    id BIGSERIAL PRIMARY KEY,
    collection TEXT NOT NULL,
    path TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (collection, path)
);
