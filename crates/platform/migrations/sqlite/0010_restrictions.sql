-- Restrictions on a person for a set time, with the reason they are shown (kind:
-- silence, cannot write for others; suspension, cannot sign in), and their appeals to
-- staff (one per restriction; state: open | granted | denied, with staff's answer).
-- Mirrors the other backend's file.

CREATE TABLE restrictions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    until_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    lifted_at INTEGER
);
CREATE INDEX restrictions_user ON restrictions (user_id, kind, until_at);

CREATE TABLE appeals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    restriction_id INTEGER NOT NULL UNIQUE REFERENCES restrictions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at INTEGER,
    answer TEXT NOT NULL
);
CREATE INDEX appeals_open ON appeals (state, id);
