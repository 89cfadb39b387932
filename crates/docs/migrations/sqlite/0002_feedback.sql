-- "¿Te fue útil?": one answer per submission, with an optional comment.
-- Mirrors the other backend's file.

CREATE TABLE doc_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES doc_articles (id) ON DELETE CASCADE,
    helpful INTEGER NOT NULL,
    comment TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX doc_feedback_article ON doc_feedback (article_id);
