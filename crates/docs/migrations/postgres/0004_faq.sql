-- FAQ entries are grouped by category on one page. The category travels with each
-- revision like the title and text. Mirrors the other backend's file.

ALTER TABLE doc_articles ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_revisions ADD COLUMN category TEXT NOT NULL DEFAULT '';
