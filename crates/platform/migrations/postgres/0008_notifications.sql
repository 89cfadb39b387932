-- Notifications: what a person should know (a reply to their question, a mention),
-- kept until read. The header counts the unread ones.
-- Mirrors the other backend's file.

CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    path TEXT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);
