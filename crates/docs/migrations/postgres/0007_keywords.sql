-- Words an article should be found by, chosen by its authors; they weigh more than
-- the title in the search. They travel with each revision like the title and text.
-- Mirrors the other backend's file.

ALTER TABLE doc_articles ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_revisions ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
