-- The messages nobody was told of yet, for the teller (crates/desk/src/notify.rs): a
-- few at any time among all of a desk's messages.
CREATE INDEX desk_messages_untold ON desk_messages (id) WHERE told_at IS NULL;
