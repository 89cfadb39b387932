-- Moderation: flags on posts, what hides a post, and people silenced for a time.
-- Mirrors the other backend's file.

-- visibility: shown | flagged (hidden by members' flags until reviewed) | hidden (by a
-- moderator) | spam (removed as spam; moderators still see it, marked). hidden_reason:
-- what the moderator wrote.
ALTER TABLE forum_posts ADD COLUMN visibility TEXT NOT NULL DEFAULT 'shown';
ALTER TABLE forum_posts ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
-- Whether the topic's opening post is shown (lists and the search leave it out if not).
ALTER TABLE forum_topics ADD COLUMN shown INTEGER NOT NULL DEFAULT 1;

-- reason: spam | offensive | off-topic | other. weight: what the flagger's trust gave it.
-- state: pending | upheld | dismissed.
CREATE TABLE forum_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    flagger_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    weight INTEGER NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    handled_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    handled_at INTEGER,
    UNIQUE (post_id, flagger_id)
);
CREATE INDEX forum_flags_pending ON forum_flags (state, post_id);

CREATE TABLE forum_silences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    until_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    lifted_at INTEGER
);
CREATE INDEX forum_silences_user ON forum_silences (user_id, until_at);
