-- Restrictions on a person for a set time, with the reason they are shown (kind:
-- silence, cannot write for others; suspension, cannot sign in), and their appeals to
-- staff (one per restriction; state: open | granted | denied, with staff's answer).
-- Mirrors the other backend's file.

CREATE TABLE restrictions (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    until_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    lifted_at BIGINT
);
CREATE INDEX restrictions_user ON restrictions (user_id, kind, until_at);

CREATE TABLE appeals (
    id BIGSERIAL PRIMARY KEY,
    restriction_id BIGINT NOT NULL UNIQUE REFERENCES restrictions (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at BIGINT,
    answer TEXT NOT NULL
);
CREATE INDEX appeals_open ON appeals (state, id);
