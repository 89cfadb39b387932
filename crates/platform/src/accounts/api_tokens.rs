//! Personal API tokens: created on the account page and shown once, stored hashed,
//! scoped to reading or writing, revocable; accepted by `/api/v1` as
//! `Authorization: Bearer`.

use crate::storage::UserId;
use std::str::FromStr;

use sqlx::AnyConnection;

use crate::secrets::{random_token, token_hash};
use crate::storage::{Db, now_ms};

/// Every token starts so, which makes a leaked one easy to recognise and search for.
pub const PREFIX: &str = "sop_";

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    /// Whether a token of this scope may do what `needed` asks.
    pub fn covers(self, needed: Scope) -> bool {
        self == Scope::Write || needed == Scope::Read
    }
}

impl FromStr for Scope {
    type Err = ();

    fn from_str(text: &str) -> Result<Scope, ()> {
        match text {
            "read" => Ok(Scope::Read),
            "write" => Ok(Scope::Write),
            _ => Err(()),
        }
    }
}

/// A token's name: what its owner uses it for, 1 to 60 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenName(String);

impl FromStr for TokenName {
    type Err = ();

    fn from_str(text: &str) -> Result<TokenName, ()> {
        let name = text.trim();
        let length = name.chars().count();
        if length == 0 || length > 60 || name.chars().any(char::is_control) {
            return Err(());
        }
        Ok(TokenName(name.to_owned()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
}

/// Creates a token for `user_id`; returns its id and the secret to show once.
pub async fn create(
    connection: &mut AnyConnection,
    user_id: UserId,
    name: &TokenName,
    scope: Scope,
) -> Result<(i64, String), TokenError> {
    let secret = format!("{PREFIX}{}", random_token()?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(&name.0)
    .bind(token_hash(&secret))
    .bind(scope.as_str())
    .bind(now_ms())
    .fetch_one(connection)
    .await?;
    Ok((id, secret))
}

/// A token as its owner sees it in the list (never the secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// The live tokens of `user_id`, newest first.
pub async fn list(db: &Db, user_id: UserId) -> Result<Vec<TokenInfo>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, scope, created_at, last_used_at FROM api_tokens \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, scope, created_at, last_used_at)| TokenInfo {
            id,
            name,
            scope,
            created_at,
            last_used_at,
        })
        .collect())
}

/// Revokes token `id` if it belongs to `user_id`; returns whether it did.
pub async fn revoke(
    connection: &mut AnyConnection,
    user_id: UserId,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(user_id)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Who a presented token speaks for, with what scope, and what an API call asks of
/// that person first (their roles, whether they are suspended or silenced), all read
/// in one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bearer {
    pub user_id: UserId,
    pub scope: Scope,
    /// Sorted.
    pub roles: Vec<super::Role>,
    pub suspended: bool,
    pub silenced: bool,
}

/// A token's row as [`authenticate`] reads it, once per role of its person: token id,
/// person, scope, last use, one role, suspended (1 or 0), silenced (1 or 0).
type TokenRow = (i64, UserId, String, Option<i64>, Option<String>, i64, i64);

/// Checks a presented secret; records when it was last used (at most once a minute).
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<Bearer>, sqlx::Error> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let hash = token_hash(secret);
    let now = now_ms();
    // One row per role (one with no role for a person without any).
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT t.id, t.user_id, t.scope, t.last_used_at, r.role, \
             CASE WHEN EXISTS (SELECT 1 FROM restrictions x WHERE x.user_id = t.user_id \
                 AND x.kind = 'suspension' AND x.until_at > $2 AND x.lifted_at IS NULL) \
             THEN 1 ELSE 0 END, \
             CASE WHEN EXISTS (SELECT 1 FROM restrictions x WHERE x.user_id = t.user_id \
                 AND x.kind = 'silence' AND x.until_at > $2 AND x.lifted_at IS NULL) \
             THEN 1 ELSE 0 END \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         LEFT JOIN user_roles r ON r.user_id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(&hash)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let Some((id, user_id, scope, last_used_at, _, suspended, silenced)) = rows.first().cloned()
    else {
        return Ok(None);
    };
    if last_used_at.is_none_or(|last| now - last > 60_000) {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let mut roles: Vec<super::Role> = rows
        .iter()
        .filter_map(|row| row.4.as_deref()?.parse().ok())
        .collect();
    roles.sort();
    Ok(scope.parse().ok().map(|scope| Bearer {
        user_id,
        scope,
        roles,
        suspended: suspended == 1,
        silenced: silenced == 1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_covers_read_but_not_the_other_way() {
        assert!(Scope::Write.covers(Scope::Read));
        assert!(Scope::Write.covers(Scope::Write));
        assert!(Scope::Read.covers(Scope::Read));
        assert!(!Scope::Read.covers(Scope::Write));
        assert_eq!("write".parse::<Scope>(), Ok(Scope::Write));
        assert!("admin".parse::<Scope>().is_err());
    }

    #[test]
    fn names_are_bounded() {
        assert!(" Mi script ".parse::<TokenName>().is_ok());
        assert!("".parse::<TokenName>().is_err());
        assert!("x".repeat(61).parse::<TokenName>().is_err());
    }
}
