-- Profiles (bio, languages spoken, Mexican state), deleted accounts kept as
-- "usuario eliminado", and the new address a change-email link confirms.
-- Mirrors the other backend's file.

ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN state_code TEXT;
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
ALTER TABLE account_tokens ADD COLUMN new_email TEXT;
