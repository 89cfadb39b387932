-- A topic merged into another points at it (its address leads there).
-- Mirrors the other backend's file.

ALTER TABLE forum_topics ADD COLUMN merged_into BIGINT REFERENCES forum_topics (id) ON DELETE SET NULL;
