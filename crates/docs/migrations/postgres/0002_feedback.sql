-- "¿Te fue útil?": one answer per submission, with an optional comment.
-- Mirrors the other backend's file.

CREATE TABLE doc_feedback (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES doc_articles (id) ON DELETE CASCADE,
    helpful BIGINT NOT NULL,
    comment TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX doc_feedback_article ON doc_feedback (article_id);
