//! People as the forum knows them: the handle others mention them by (`@ana-lopez`,
//! from their display name) and how they want mail about what they watch.

use soporte_platform::storage::{Db, UserId};
use soporte_platform::text;
use sqlx::AnyConnection;

/// How a person wants mail about what they watch and mentions of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailMode {
    /// A mail for each notice.
    Each,
    /// One mail a day with the notices still unread.
    Daily,
    /// One mail a week.
    Weekly,
    /// No mail: notices only on the site.
    Never,
}

impl MailMode {
    pub const ALL: [MailMode; 4] = [
        MailMode::Each,
        MailMode::Daily,
        MailMode::Weekly,
        MailMode::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailMode::Each => "each",
            MailMode::Daily => "daily",
            MailMode::Weekly => "weekly",
            MailMode::Never => "never",
        }
    }

    pub fn parse(text: &str) -> Option<MailMode> {
        MailMode::ALL.into_iter().find(|mode| mode.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            MailMode::Each => "forum-mail-each",
            MailMode::Daily => "forum-mail-daily",
            MailMode::Weekly => "forum-mail-weekly",
            MailMode::Never => "forum-mail-never",
        }
    }

    /// How long between digests; none for modes without one.
    pub fn digest_every_ms(self) -> Option<i64> {
        const DAY: i64 = 24 * 60 * 60 * 1000;
        match self {
            MailMode::Daily => Some(DAY),
            MailMode::Weekly => Some(7 * DAY),
            MailMode::Each | MailMode::Never => None,
        }
    }
}

/// The handle of `person` (named `name`), made the first time it is needed: the slug of
/// their name, with a number after it if someone else has it.
pub async fn handle(
    connection: &mut AnyConnection,
    person: UserId,
    name: &str,
) -> Result<String, sqlx::Error> {
    let known: Option<String> =
        sqlx::query_scalar("SELECT handle FROM forum_people WHERE user_id = $1")
            .bind(person)
            .fetch_optional(&mut *connection)
            .await?;
    if let Some(handle) = known {
        return Ok(handle);
    }
    let base = handle_base(name).unwrap_or_else(|| format!("persona-{person}"));
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let inserted = sqlx::query(
            "INSERT INTO forum_people (user_id, handle, mail, digest_at) VALUES ($1, $2, 'each', 0) \
             ON CONFLICT DO NOTHING",
        )
        .bind(person)
        .bind(&candidate)
        .execute(&mut *connection)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(candidate);
        }
        // The person's own row, made meanwhile by another of their requests?
        let made: Option<String> =
            sqlx::query_scalar("SELECT handle FROM forum_people WHERE user_id = $1")
                .bind(person)
                .fetch_optional(&mut *connection)
                .await?;
        if let Some(handle) = made {
            return Ok(handle);
        }
    }
    Err(sqlx::Error::Protocol("no free handle".to_owned()))
}

/// What a handle starts from: the name's slug in the letters a mention can hold
/// (`a`-`z`, digits, inner hyphens), at most 36 of them; none when fewer than 2 are left.
fn handle_base(name: &str) -> Option<String> {
    let mut base = String::new();
    for c in text::slug(name).chars() {
        let keep = c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if keep && !(c == '-' && (base.is_empty() || base.ends_with('-'))) && base.len() < 36 {
            base.push(c);
        }
    }
    let base = base.trim_end_matches('-').to_owned();
    (base.len() >= 2).then_some(base)
}

/// The people `handles` name, on `connection`: (handle, person).
pub async fn resolve(
    connection: &mut AnyConnection,
    handles: &[String],
) -> Result<Vec<(String, UserId)>, sqlx::Error> {
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=handles.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT handle, user_id FROM forum_people WHERE handle IN ({placeholders})");
    let mut query = sqlx::query_as::<_, (String, UserId)>(&sql);
    for handle in handles {
        query = query.bind(handle.clone());
    }
    query.fetch_all(connection).await
}

/// How `person` wants mail (each notice, when they never said).
pub async fn mail_mode(db: &Db, person: UserId) -> Result<MailMode, sqlx::Error> {
    let mode: Option<String> =
        sqlx::query_scalar("SELECT mail FROM forum_people WHERE user_id = $1")
            .bind(person)
            .fetch_optional(db.pool())
            .await?;
    Ok(mode
        .as_deref()
        .and_then(MailMode::parse)
        .unwrap_or(MailMode::Each))
}

/// Sets how `person` (named `name`) wants mail.
pub async fn set_mail_mode(
    db: &Db,
    person: UserId,
    name: &str,
    mode: MailMode,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    handle(&mut tx, person, name).await?;
    sqlx::query("UPDATE forum_people SET mail = $2, digest_at = $3 WHERE user_id = $1")
        .bind(person)
        .bind(mode.as_str())
        .bind(soporte_platform::storage::now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The person with `handle`: id and display name.
pub async fn by_handle(db: &Db, handle: &str) -> Result<Option<(UserId, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.user_id, u.display_name FROM forum_people p JOIN users u ON u.id = p.user_id \
         WHERE p.handle = $1",
    )
    .bind(handle)
    .fetch_optional(db.pool())
    .await
}

/// The handle of `person`, if they have one yet.
pub async fn handle_of(db: &Db, person: UserId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT handle FROM forum_people WHERE user_id = $1")
        .bind(person)
        .fetch_optional(db.pool())
        .await
}

/// The address of the page of the person with `handle`.
pub fn path(handle: &str) -> String {
    format!("/comunidad/personas/{handle}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_hold_only_what_a_mention_can() {
        assert_eq!(handle_base("Ana López").as_deref(), Some("ana-lopez"));
        assert_eq!(handle_base("Иван Петров"), None);
        assert_eq!(handle_base("Zoë 李 Díaz").as_deref(), Some("zoe-diaz"));
        let long = format!("{}-b", "a".repeat(35));
        assert_eq!(handle_base(&long).as_deref(), Some(&*"a".repeat(35)));
        assert_eq!(handle_base("X"), None);
    }

    #[test]
    fn modes_read_back_and_digests_come_daily_or_weekly() {
        for mode in MailMode::ALL {
            assert_eq!(MailMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(MailMode::parse("hourly"), None);
        assert_eq!(MailMode::Daily.digest_every_ms(), Some(86_400_000));
        assert_eq!(MailMode::Weekly.digest_every_ms(), Some(7 * 86_400_000));
        assert_eq!(MailMode::Each.digest_every_ms(), None);
    }
}
