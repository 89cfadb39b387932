-- Silences are now the platform's restrictions (shared by every community area):
-- those already given move there, with their history.
-- Mirrors the other backend's file.

INSERT INTO restrictions (user_id, kind, reason, until_at, created_by, created_at, lifted_at)
SELECT user_id, 'silence', reason, until_at, created_by, created_at, lifted_at
FROM forum_silences ORDER BY id;
DROP TABLE forum_silences;
