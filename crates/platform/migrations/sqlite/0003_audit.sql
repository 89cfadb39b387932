-- The audit log of administration and moderation. Mirrors the other backend's file.

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, id);
