-- Watching and being told: what each person watches (a topic, a category, a tag), the
-- handle others mention them by and how they want mail (each notice, a daily or
-- weekly digest, or none), and how far the notifier has read the event log.
-- Mirrors the other backend's file.

-- target_kind: topic | category | tag. token: the one-click unsubscribe link's secret.
CREATE TABLE forum_watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, target_kind, target)
);
CREATE INDEX forum_watches_target ON forum_watches (target_kind, target);

-- mail: each | daily | weekly | never. digest_at: when the last digest went out.
CREATE TABLE forum_people (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle TEXT NOT NULL UNIQUE,
    mail TEXT NOT NULL,
    digest_at INTEGER NOT NULL
);

-- The last event the notifier handled (one row, moved by compare-and-set so that one
-- node handles each event).
CREATE TABLE forum_notifier (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
INSERT INTO forum_notifier (name, position) VALUES ('notify', 0);
