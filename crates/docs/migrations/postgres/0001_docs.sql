-- Documentation: articles of the five collections, and every revision of each.
-- The article row holds the current text; revisions keep the history.
-- Mirrors the other backend's file.

CREATE TABLE doc_articles (
    id BIGSERIAL PRIMARY KEY,
    collection TEXT NOT NULL,
    lang TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (collection, lang, slug)
);
CREATE INDEX doc_articles_order ON doc_articles (collection, lang, position);

CREATE TABLE doc_revisions (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES doc_articles (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    at BIGINT NOT NULL,
    summary TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (article_id, number)
);
