//! What people watch: a topic, a category or a tag. Askers and repliers watch their
//! topics by themselves; anyone can watch or stop watching from the page, or with the
//! one-click link every mail carries.

use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::{CategoryId, TopicId};

/// Something a person can watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Topic(TopicId),
    Category(CategoryId),
    Tag(String),
}

impl Target {
    fn parts(&self) -> (&'static str, String) {
        match self {
            Target::Topic(id) => ("topic", id.to_string()),
            Target::Category(id) => ("category", id.to_string()),
            Target::Tag(tag) => ("tag", tag.clone()),
        }
    }

    fn from_parts(kind: &str, target: &str) -> Option<Target> {
        match kind {
            "topic" => target.parse().ok().map(Target::Topic),
            "category" => target.parse().ok().map(Target::Category),
            "tag" => Some(Target::Tag(target.to_owned())),
            _ => None,
        }
    }
}

/// `person` watches `target` (already watching changes nothing).
pub async fn watch(
    connection: &mut AnyConnection,
    person: UserId,
    target: &Target,
) -> Result<(), sqlx::Error> {
    let (kind, value) = target.parts();
    let token = soporte_platform::secrets::random_token()
        .map_err(|error| sqlx::Error::Protocol(error.to_string()))?;
    sqlx::query(
        "INSERT INTO forum_watches (user_id, target_kind, target, token, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(person)
    .bind(kind)
    .bind(value)
    .bind(token)
    .bind(now_ms())
    .execute(connection)
    .await?;
    Ok(())
}

/// Everyone who watches topic `from` watches topic `into` too (a merge).
pub(crate) async fn move_topic_watchers(
    connection: &mut AnyConnection,
    from: TopicId,
    into: TopicId,
) -> Result<(), sqlx::Error> {
    let (kind, value) = Target::Topic(from).parts();
    let people: Vec<UserId> = sqlx::query_scalar(
        "SELECT user_id FROM forum_watches WHERE target_kind = $1 AND target = $2",
    )
    .bind(kind)
    .bind(value)
    .fetch_all(&mut *connection)
    .await?;
    for person in people {
        watch(connection, person, &Target::Topic(into)).await?;
    }
    Ok(())
}

/// `person` stops watching `target`.
pub async fn unwatch(db: &Db, person: UserId, target: &Target) -> Result<(), sqlx::Error> {
    let (kind, value) = target.parts();
    sqlx::query(
        "DELETE FROM forum_watches WHERE user_id = $1 AND target_kind = $2 AND target = $3",
    )
    .bind(person)
    .bind(kind)
    .bind(value)
    .execute(db.writes())
    .await?;
    Ok(())
}

pub async fn is_watching(db: &Db, person: UserId, target: &Target) -> Result<bool, sqlx::Error> {
    let (kind, value) = target.parts();
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM forum_watches WHERE user_id = $1 AND target_kind = $2 AND target = $3",
    )
    .bind(person)
    .bind(kind)
    .bind(value)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// The watch an unsubscribe link's `token` names: whose, and of what.
pub async fn by_token(db: &Db, token: &str) -> Result<Option<(UserId, Target)>, sqlx::Error> {
    let row: Option<(UserId, String, String)> =
        sqlx::query_as("SELECT user_id, target_kind, target FROM forum_watches WHERE token = $1")
            .bind(token)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.and_then(|(user, kind, target)| Some((user, Target::from_parts(&kind, &target)?))))
}

/// Ends the watch of `token`; whether there was one.
pub async fn unwatch_token(db: &Db, token: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM forum_watches WHERE token = $1")
        .bind(token)
        .execute(db.writes())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Who watches a post of `topic` (in `category`, with `tags`), each once, with the
/// token of the narrowest watch that reaches them (the topic's before the category's
/// before a tag's), on `connection`. A topic's opening post reaches only the watchers of
/// its category and tags (whoever watches the topic itself came later).
pub async fn watchers(
    connection: &mut AnyConnection,
    (topic, opening): (TopicId, bool),
    category: CategoryId,
    tags: &[String],
) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    let topic_kind = if opening { "none" } else { "topic" };
    let mut sql = format!(
        "SELECT user_id, token, target_kind FROM forum_watches \
         WHERE (target_kind = '{topic_kind}' AND target = $1) \
         OR (target_kind = 'category' AND target = $2)",
    );
    for n in 0..tags.len() {
        sql.push_str(&format!(
            " OR (target_kind = 'tag' AND target = ${})",
            n + 3
        ));
    }
    let mut query = sqlx::query_as::<_, (UserId, String, String)>(&sql)
        .bind(topic.to_string())
        .bind(category.to_string());
    for tag in tags {
        query = query.bind(tag.clone());
    }
    let mut rows = query.fetch_all(connection).await?;
    let rank = |kind: &str| match kind {
        "topic" => 0,
        "category" => 1,
        _ => 2,
    };
    rows.sort_by_key(|(user, _, kind)| (*user, rank(kind)));
    rows.dedup_by_key(|(user, _, _)| *user);
    Ok(rows
        .into_iter()
        .map(|(user, token, _)| (user, token))
        .collect())
}
