-- Notifications: what a person should know (a reply to their question, a mention),
-- kept until read. The header counts the unread ones.
-- Mirrors the other backend's file.

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    path TEXT NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);
