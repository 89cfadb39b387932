-- Files sent with a ticket's messages, under the platform's attachment rules
-- (crates/platform/src/attachments.rs; kind is what the bytes said). A file is as
-- visible as its message: one sent with an internal note is the desk's only.
CREATE TABLE desk_attachments (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    message_id BIGINT NOT NULL REFERENCES desk_messages (id) ON DELETE CASCADE,
    owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX desk_attachments_by_ticket ON desk_attachments (ticket_id, id);
CREATE INDEX desk_attachments_by_message ON desk_attachments (message_id);
