//! Sessions: a random token in an HttpOnly cookie, its hash in the database (so every
//! node sees the same sessions and a leaked table opens none).

use crate::storage::UserId;
use sqlx::AnyConnection;

use super::Role;
use crate::secrets::{random_token, token_hash};
use crate::storage::{Db, now_ms};

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "soporte_session";
/// How long a session lasts after sign-in.
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// `last_seen_at` is refreshed at most this often, to keep reads from writing.
const SEEN_RESOLUTION_MS: i64 = 60 * 60 * 1000;

/// The signed-in person behind a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub session_hash: String,
    /// How many of their notifications are unread (the header shows it).
    pub unread: i64,
    /// The silence they are under, if any: every area where people write for others
    /// refuses them, with its reason (see `restrictions`).
    pub silence: Option<super::restrictions::Restriction>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Starts a session for `user_id`; returns the token for the cookie.
pub async fn start(
    connection: &mut AnyConnection,
    user_id: UserId,
) -> Result<String, SessionError> {
    let token = random_token()?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + SESSION_DAYS * DAY_MS)
    .execute(connection)
    .await?;
    Ok(token)
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
}

/// The person whose live session `token` is, if any.
pub async fn find(db: &Db, token: &str) -> Result<Option<Viewer>, sqlx::Error> {
    let hash = token_hash(token);
    let now = now_ms();
    type Row = (
        UserId,
        String,
        String,
        i64,
        i64,
        Option<i64>,
        Option<String>,
        Option<i64>,
    );
    // The silence comes with the session (kept with it until the next change), so that
    // no area reads it again at every request.
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, s.last_seen_at, \
         (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL), \
         r.id, r.reason, r.until_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN restrictions r ON r.user_id = u.id AND r.kind = 'silence' \
         AND r.lifted_at IS NULL AND r.until_at > $2 \
         WHERE s.id_hash = $1 AND s.expires_at > $2 \
         AND NOT EXISTS (SELECT 1 FROM restrictions x WHERE x.user_id = u.id \
         AND x.kind = 'suspension' AND x.lifted_at IS NULL AND x.until_at > $2) \
         ORDER BY r.until_at DESC LIMIT 1",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some((user_id, display_name, email, last_seen_at, unread, silence_id, reason, until)) = row
    else {
        return Ok(None);
    };
    if now - last_seen_at > SEEN_RESOLUTION_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(db.writes())
            .await?;
    }
    let roles = super::roles_of(db, user_id).await?;
    Ok(Some(Viewer {
        user_id,
        display_name,
        email,
        roles,
        session_hash: hash,
        unread,
        silence: match (silence_id, reason, until) {
            (Some(id), Some(reason), Some(until)) => Some(super::restrictions::Restriction {
                id,
                kind: super::restrictions::Kind::Silence,
                reason,
                until,
            }),
            _ => None,
        },
    }))
}

/// Ends the session with this hash.
pub async fn end(connection: &mut AnyConnection, session_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(session_hash)
        .execute(connection)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` (after a password change or reset).
pub async fn end_all(connection: &mut AnyConnection, user_id: UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(connection)
        .await?;
    Ok(done.rows_affected())
}
