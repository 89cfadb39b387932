//! Single-use, expiring links sent by mail (confirm an address, reset a password,
//! confirm a new address). The database keeps only the hash of each token.

use crate::storage::UserId;
use std::time::Duration;

use sqlx::AnyConnection;

use crate::secrets::{random_token, token_hash};
use crate::storage::{Db, now_ms};

/// What a link is for, and how long it lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    ResetPassword,
    /// Confirms a new address for an account; the link carries the address.
    ChangeEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmEmail => "confirm-email",
            Purpose::ResetPassword => "reset-password",
            Purpose::ChangeEmail => "change-email",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::ConfirmEmail | Purpose::ChangeEmail => Duration::from_secs(48 * 60 * 60),
            Purpose::ResetPassword => Duration::from_secs(60 * 60),
        }
    }
}

/// Why a link does not work (each has its own message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
}

impl LinkProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "link-unknown",
            LinkProblem::Expired => "link-expired",
            LinkProblem::Used => "link-used",
        }
    }
}

/// The rule: a stored link works once, before it expires.
pub fn check(expires_at: i64, used_at: Option<i64>, now: i64) -> Result<(), LinkProblem> {
    if used_at.is_some() {
        Err(LinkProblem::Used)
    } else if expires_at <= now {
        Err(LinkProblem::Expired)
    } else {
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
}

/// A working link: whose it is, and the address a change-email link confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redeemed {
    pub user_id: UserId,
    pub new_email: Option<String>,
}

/// Creates a link token for `user_id`; earlier unused links of the same purpose stop
/// working, so only the newest mail counts.
pub async fn issue(
    connection: &mut AnyConnection,
    user_id: UserId,
    purpose: Purpose,
) -> Result<String, LinkError> {
    issue_with(connection, user_id, purpose, None).await
}

/// A link that confirms `new_email` as the address of `user_id`.
pub async fn issue_for_email(
    connection: &mut AnyConnection,
    user_id: UserId,
    new_email: &str,
) -> Result<String, LinkError> {
    issue_with(connection, user_id, Purpose::ChangeEmail, Some(new_email)).await
}

async fn issue_with(
    connection: &mut AnyConnection,
    user_id: UserId,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, LinkError> {
    let token = random_token()?;
    let now = now_ms();
    sqlx::query(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(purpose.as_str())
    .execute(&mut *connection)
    .await?;
    let lifetime = i64::try_from(purpose.lifetime().as_millis()).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at, new_email) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now.saturating_add(lifetime))
    .bind(new_email)
    .execute(connection)
    .await?;
    Ok(token)
}

/// The account a working link belongs to, without using it up.
pub async fn peek(
    db: &Db,
    token: &str,
    purpose: Purpose,
) -> Result<Result<Redeemed, LinkProblem>, sqlx::Error> {
    let row: Option<(UserId, i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT user_id, expires_at, used_at, new_email FROM account_tokens \
         WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        None => Err(LinkProblem::Unknown),
        Some((user_id, expires_at, used_at, new_email)) => {
            check(expires_at, used_at, now_ms()).map(|()| Redeemed { user_id, new_email })
        }
    })
}

/// Uses the link up, inside the caller's transaction; exactly one caller succeeds.
pub async fn consume(
    connection: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Result<Redeemed, LinkProblem>, sqlx::Error> {
    let now = now_ms();
    let used: Option<(UserId, Option<String>)> = sqlx::query_as(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id, new_email",
    )
    .bind(now)
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(&mut *connection)
    .await?;
    if let Some((user_id, new_email)) = used {
        return Ok(Ok(Redeemed { user_id, new_email }));
    }
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT expires_at, used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .fetch_optional(connection)
    .await?;
    Ok(Err(match row {
        None => LinkProblem::Unknown,
        Some((expires_at, used_at)) => check(expires_at, used_at, now)
            .err()
            .unwrap_or(LinkProblem::Used),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_works_once_before_it_expires() {
        assert_eq!(check(2_000, None, 1_000), Ok(()));
        assert_eq!(check(2_000, Some(1_500), 1_600), Err(LinkProblem::Used));
        assert_eq!(check(2_000, None, 2_000), Err(LinkProblem::Expired));
        assert_eq!(check(2_000, Some(1_000), 3_000), Err(LinkProblem::Used));
    }
}
