-- An article and its version in the other language point at each other, so readers
-- can switch and each reader gets their own language first. Mirrors the other
-- backend's file.

ALTER TABLE doc_articles ADD COLUMN translation_id INTEGER REFERENCES doc_articles (id) ON DELETE SET NULL;
