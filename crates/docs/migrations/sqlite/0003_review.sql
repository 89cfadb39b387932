-- The knowledge base is a wiki: a new member's article or edit waits for review.
-- Unpublished articles are hidden from readers; pending revisions do not change the
-- article until approved. Mirrors the other backend's file.

ALTER TABLE doc_articles ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
ALTER TABLE doc_revisions ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
CREATE INDEX doc_revisions_state ON doc_revisions (state);
