//! Rate limits: fixed-window counters kept in the database, so every node counts the
//! same hits. Each limit is plain data; [`decide`] is the rule, tested without I/O.

use std::time::Duration;

use crate::storage::{Db, now_ms};

/// At most `max` hits per `window` for one key (an IP address, an email…).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
}

/// Sign-in attempts from one IP address.
pub const SIGN_IN_PER_IP: Limit = Limit {
    name: "sign-in-ip",
    max: 30,
    window: Duration::from_secs(15 * 60),
};
/// Sign-in attempts for one email address (known or not, so the answer reveals
/// nothing) from one IP address; a successful sign-in clears them, so in effect it
/// counts failures. Counted per address so that someone guessing from elsewhere slows
/// themselves down, never the owner: the key is [`account_and_address`].
pub const SIGN_IN_FAILURES: Limit = Limit {
    name: "sign-in-fail",
    max: 5,
    window: Duration::from_secs(15 * 60),
};
/// The key of [`SIGN_IN_FAILURES`] for `email` signing in from `client`.
pub fn account_and_address(email: &str, client: std::net::IpAddr) -> String {
    format!("{}{}", of_account(email), client_key(client))
}

/// The address a limit counts for `client`: an IPv4 address as it is (also when it
/// comes mapped into IPv6); an IPv6 address by its /64, the block one subscriber
/// holds, so that walking through a block's 2^64 addresses does not reset the count.
pub fn client_key(client: std::net::IpAddr) -> String {
    match client {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// What every key of [`account_and_address`] for `email` starts with.
pub fn of_account(email: &str) -> String {
    format!("{email} ")
}

/// Accounts created from one IP address.
pub const SIGN_UP_PER_IP: Limit = Limit {
    name: "sign-up-ip",
    max: 10,
    window: Duration::from_secs(60 * 60),
};
/// Password reset requests from one IP address.
pub const RESET_PER_IP: Limit = Limit {
    name: "reset-ip",
    max: 10,
    window: Duration::from_secs(60 * 60),
};
/// Mail about one account (confirmation, reset): a cap on what anyone can make us send.
/// Only flows that answer the same whether the account exists may use it.
pub const MAIL_PER_EMAIL: Limit = Limit {
    name: "mail-email",
    max: 3,
    window: Duration::from_secs(60 * 60),
};

/// Change-of-address links a signed-in person asks for. A separate counter from
/// [`MAIL_PER_EMAIL`]: its answer is visible, and must not reveal other accounts.
pub const EMAIL_CHANGES_PER_ACCOUNT: Limit = Limit {
    name: "email-change",
    max: 3,
    window: Duration::from_secs(60 * 60),
};

/// The answer for one more hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    Limited { retry_after: Duration },
}

/// `hits` counts this one; `window_start` is when the current window began.
pub fn decide(limit: Limit, hits: i64, window_start: i64, now: i64) -> Decision {
    if hits <= i64::from(limit.max) {
        return Decision::Allowed;
    }
    let window_ms = i64::try_from(limit.window.as_millis()).unwrap_or(i64::MAX);
    let left = window_start
        .saturating_add(window_ms)
        .saturating_sub(now)
        .max(1_000);
    Decision::Limited {
        retry_after: Duration::from_millis(u64::try_from(left).unwrap_or(0)),
    }
}

fn bucket(limit: Limit, key: &str) -> String {
    format!("{}:{}", limit.name, key.to_lowercase())
}

/// Counts one hit for `key` and says whether it is within the limit.
pub async fn hit(db: &Db, limit: Limit, key: &str) -> Result<Decision, sqlx::Error> {
    let now = now_ms();
    let window_ms = i64::try_from(limit.window.as_millis()).unwrap_or(i64::MAX);
    let (hits, window_start): (i64, i64) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind(bucket(limit, key))
    .bind(now)
    .bind(now.saturating_sub(window_ms))
    .fetch_one(db.writes())
    .await?;
    Ok(decide(limit, hits, window_start, now))
}

/// Whether one more hit would be allowed, without counting it.
pub async fn check(db: &Db, limit: Limit, key: &str) -> Result<Decision, sqlx::Error> {
    let now = now_ms();
    let window_ms = i64::try_from(limit.window.as_millis()).unwrap_or(i64::MAX);
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT hits, window_start FROM rate_limits WHERE bucket = $1")
            .bind(bucket(limit, key))
            .fetch_optional(db.pool())
            .await?;
    Ok(match row {
        Some((hits, start)) if start > now.saturating_sub(window_ms) => {
            decide(limit, hits + 1, start, now)
        }
        _ => Decision::Allowed,
    })
}

/// Forgets the hits of every key of `limit` that starts with `prefix` (an account's
/// failures from every address, after its password is reset).
pub async fn clear_starting(db: &Db, limit: Limit, prefix: &str) -> Result<(), sqlx::Error> {
    let prefix = bucket(limit, prefix);
    sqlx::query("DELETE FROM rate_limits WHERE SUBSTR(bucket, 1, CAST($1 AS INTEGER)) = $2")
        .bind(i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX))
        .bind(prefix)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Forgets the hits of `key` (after a successful sign-in or password reset).
pub async fn clear(db: &Db, limit: Limit, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
        .bind(bucket(limit, key))
        .execute(db.writes())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Limit = Limit {
        name: "t",
        max: 3,
        window: Duration::from_secs(60),
    };

    #[test]
    fn an_ipv6_subscriber_counts_as_one_address() {
        let ip = |text: &str| {
            text.parse::<std::net::IpAddr>()
                .unwrap_or(std::net::IpAddr::from([0; 4]))
        };
        assert_eq!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(client_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(client_key(ip("192.0.2.7")), "192.0.2.7");
    }

    #[test]
    fn hits_up_to_the_maximum_are_allowed() {
        for hits in 1..=3 {
            assert_eq!(decide(LIMIT, hits, 0, 10_000), Decision::Allowed);
        }
    }

    #[test]
    fn the_next_hit_waits_for_the_window_to_end() {
        assert_eq!(
            decide(LIMIT, 4, 0, 10_000),
            Decision::Limited {
                retry_after: Duration::from_secs(50)
            }
        );
    }

    #[test]
    fn the_wait_is_never_shown_as_zero() {
        assert_eq!(
            decide(LIMIT, 9, 0, 59_999),
            Decision::Limited {
                retry_after: Duration::from_secs(1)
            }
        );
    }
}
