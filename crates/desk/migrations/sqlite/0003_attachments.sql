-- Files sent with a ticket's messages, under the platform's attachment rules
-- (crates/platform/src/attachments.rs; kind is what the bytes said). A file is as
-- visible as its message: one sent with an internal note is the desk's only.
CREATE TABLE desk_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL REFERENCES desk_messages (id) ON DELETE CASCADE,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_attachments_by_ticket ON desk_attachments (ticket_id, id);
CREATE INDEX desk_attachments_by_message ON desk_attachments (message_id);
