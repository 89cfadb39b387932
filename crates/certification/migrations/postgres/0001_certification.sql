-- The Basic Certification: the syllabus's topics, in order, each with how many of its
-- questions an exam draws (quota), and the question banks: each question of a topic as
-- its GIFT file gave it (body: the question as JSON, crates/certification/src/gift.rs),
-- under the key that finds it again when a bank is imported anew (its [id:…], or a hash
-- of its text). A question left out of a later import stays until it is retired.
-- Mirrors the other backend's file.

CREATE TABLE cert_topics (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    position BIGINT NOT NULL,
    quota BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- kind: true_false | choice | short | matching | numerical.
CREATE TABLE cert_questions (
    id BIGSERIAL PRIMARY KEY,
    topic_id BIGINT NOT NULL REFERENCES cert_topics (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    retired_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (topic_id, key)
);
