-- Badges people earned by helping (accepted answers, helpful votes, an approved
-- knowledge-base edit, translations), each once, with when.
-- Mirrors the other backend's file.

CREATE TABLE badges (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    badge TEXT NOT NULL,
    earned_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, badge)
);
