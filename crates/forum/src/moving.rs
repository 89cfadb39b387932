//! Moving posts between topics, the moderators' way of tidying the forum: merging a
//! topic into another (the same question asked twice) and splitting replies off into a
//! topic of their own (a second problem raised in a thread). Posts keep their authors,
//! dates, votes, flags and histories; each topic's posts are numbered 1, 2, … again so
//! that its pages and anchors stay whole. A merged topic is left as a pointer to the
//! other (its address leads there). Every move is one transaction with its events (the
//! search reads both topics again) and its audit entry.

use serde::Serialize;
use soporte_platform::audit::{self, Action};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::post::{Kind, Title};
use crate::question::State;
use crate::{CategoryId, PostId, TopicId};

pub const TOPIC_MERGED: Action = Action::new("forum.topic_merged");
pub const TOPIC_SPLIT: Action = Action::new("forum.topic_split");

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("no such topic, post or category")]
    NotFound,
    #[error("a topic cannot be merged into itself")]
    SameTopic,
    #[error("the topic to merge into is not shown (waiting for review, or hidden)")]
    NotShown,
    #[error("the topic was already merged into another")]
    AlreadyMerged,
    #[error("no reply was chosen, or the opening post was")]
    BadChoice,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The topic a moderator names: its number (`123`, `#123`) or its address
/// (`https://…/comunidad/tema/123?pagina=2#mensaje-4`).
pub fn topic_reference(text: &str) -> Option<TopicId> {
    let text = text.trim();
    let number = match text.rsplit_once("/comunidad/tema/") {
        Some((_, rest)) => rest.split(['?', '#', '/']).next().unwrap_or_default(),
        None => text.strip_prefix('#').unwrap_or(text),
    };
    number
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(TopicId::new)
}

/// Where a merged topic went.
pub async fn merged_into(db: &Db, topic: TopicId) -> Result<Option<TopicId>, sqlx::Error> {
    let into: Option<Option<TopicId>> =
        sqlx::query_scalar("SELECT merged_into FROM forum_topics WHERE id = $1")
            .bind(topic)
            .fetch_optional(db.pool())
            .await?;
    Ok(into.flatten())
}

/// Locks the posts of `topics`, before any topic row: the order every other write
/// that touches a post and its topic keeps (flags, reviews, hiding), so that a merge or
/// a split and such a write wait for each other instead of deadlocking.
async fn lock_posts(connection: &mut AnyConnection, topics: &[TopicId]) -> Result<(), sqlx::Error> {
    for topic in topics {
        sqlx::query("UPDATE forum_posts SET number = number WHERE topic_id = $1")
            .bind(topic)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Puts a question's state and first reply right after posts moved in or out: solved
/// while its solution is there; else answered if someone other than the asker replied
/// after it was asked (`besides`, a merged question now among its replies, is no
/// answer), unless it was waiting on the asker or had expired; open otherwise.
async fn settle_question(
    connection: &mut AnyConnection,
    topic: TopicId,
    besides: Option<PostId>,
) -> Result<(), sqlx::Error> {
    let row: (String, String, Option<UserId>, Option<PostId>) = sqlx::query_as(
        "SELECT kind, state, author_id, solution_post_id FROM forum_topics WHERE id = $1",
    )
    .bind(topic)
    .fetch_one(&mut *connection)
    .await?;
    let (kind, state, asker, solution) = row;
    if kind != Kind::Question.as_str() {
        return Ok(());
    }
    let solution_here: Option<PostId> = match solution {
        Some(post) => {
            sqlx::query_scalar("SELECT id FROM forum_posts WHERE id = $1 AND topic_id = $2")
                .bind(post)
                .bind(topic)
                .fetch_optional(&mut *connection)
                .await?
        }
        None => None,
    };
    let first_reply: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(p.created_at) FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         WHERE p.topic_id = $1 AND p.number > 1 AND p.visibility = 'shown' \
         AND p.created_at >= t.created_at AND p.id <> $3 \
         AND (p.author_id IS NULL OR $2 IS NULL OR p.author_id <> $2)",
    )
    .bind(topic)
    .bind(asker)
    .bind(besides.map_or(0, PostId::get))
    .fetch_one(&mut *connection)
    .await?;
    let state = State::parse(&state).unwrap_or(State::Open);
    let settled = match (solution_here, first_reply) {
        (Some(_), _) => State::Solved,
        (None, _) if matches!(state, State::NeedsInfo | State::Expired) => state,
        (None, Some(_)) => State::Answered,
        (None, None) => State::Open,
    };
    sqlx::query(
        "UPDATE forum_topics SET state = $2, first_reply_at = $3, solution_post_id = $4, \
         solved_at = CASE WHEN $4 IS NULL THEN NULL ELSE solved_at END WHERE id = $1",
    )
    .bind(topic)
    .bind(settled.as_str())
    .bind(first_reply)
    .bind(solution_here)
    .execute(connection)
    .await?;
    Ok(())
}

/// Locks `topic` for the transaction; its number of posts and whether it was merged.
async fn lock(connection: &mut AnyConnection, topic: TopicId) -> Result<(i64, bool), MoveError> {
    let row: Option<(i64, Option<TopicId>)> = sqlx::query_as(
        "UPDATE forum_topics SET posts = posts WHERE id = $1 RETURNING posts, merged_into",
    )
    .bind(topic)
    .fetch_optional(connection)
    .await?;
    let (posts, merged) = row.ok_or(MoveError::NotFound)?;
    Ok((posts, merged.is_some()))
}

/// Numbers the posts of `topic` 1, 2, … (its opening post first, then the rest by
/// date) and keeps its count; returns the count.
async fn renumber(connection: &mut AnyConnection, topic: TopicId) -> Result<i64, sqlx::Error> {
    let opening: Option<PostId> =
        sqlx::query_scalar("SELECT id FROM forum_posts WHERE topic_id = $1 AND number = 1")
            .bind(topic)
            .fetch_optional(&mut *connection)
            .await?;
    let rest: Vec<PostId> = sqlx::query_scalar(
        "SELECT id FROM forum_posts WHERE topic_id = $1 AND number <> 1 ORDER BY created_at, id",
    )
    .bind(topic)
    .fetch_all(&mut *connection)
    .await?;
    // Out of the way first, so that no two posts ever hold one number.
    sqlx::query("UPDATE forum_posts SET number = -number - 1000000 WHERE topic_id = $1")
        .bind(topic)
        .execute(&mut *connection)
        .await?;
    let ordered: Vec<PostId> = opening.into_iter().chain(rest).collect();
    for (place, post) in ordered.iter().enumerate() {
        let number = i64::try_from(place).unwrap_or(i64::MAX - 1) + 1;
        sqlx::query("UPDATE forum_posts SET number = $2 WHERE id = $1")
            .bind(post)
            .bind(number)
            .execute(&mut *connection)
            .await?;
    }
    let count = i64::try_from(ordered.len()).unwrap_or(i64::MAX);
    sqlx::query(
        "UPDATE forum_topics SET posts = $2, activity_at = COALESCE((SELECT MAX(created_at) \
         FROM forum_posts WHERE topic_id = $1 AND visibility = 'shown'), activity_at) WHERE id = $1",
    )
    .bind(topic)
    .bind(count)
    .execute(&mut *connection)
    .await?;
    Ok(count)
}

#[derive(Serialize)]
struct Moved<'a> {
    topic: TopicId,
    other: TopicId,
    reason: &'a str,
}

/// The events of both topics (the search reads them again) and the audit entry.
async fn record(
    connection: &mut AnyConnection,
    action: Action,
    moderator: UserId,
    (from, to): (TopicId, TopicId),
    reason: &str,
) -> Result<(), sqlx::Error> {
    for (topic, other) in [(from, to), (to, from)] {
        let event = NewEvent {
            kind: action.name(),
            subject: format!("{}:{topic}", crate::SUBJECT),
            actor_id: Some(moderator),
            payload: &Moved {
                topic,
                other,
                reason,
            },
        };
        events::append(connection, event).await?;
    }
    let entry = audit::Entry {
        actor_id: Some(moderator),
        action,
        target_user_id: None,
        detail: &Moved {
            topic: from,
            other: to,
            reason,
        },
    };
    audit::record(connection, entry).await?;
    Ok(())
}

/// Merges `from` into `into`: its posts (its question too, as a reply) join `into` in
/// the order they were written, its tags, "a mí también" votes (its asker's too) and
/// watchers follow, and `from` is left closed, out of the lists, pointing at `into`.
/// `into` keeps its question and solution; its state follows what it now holds.
pub async fn merge(
    db: &Db,
    from: TopicId,
    into: TopicId,
    moderator: UserId,
    reason: &str,
) -> Result<(), MoveError> {
    if from == into {
        return Err(MoveError::SameTopic);
    }
    let mut tx = db.write().await?;
    // Posts first, then both topics in one order, whichever is named first.
    let (first, second) = if from.get() < into.get() {
        (from, into)
    } else {
        (into, from)
    };
    lock_posts(&mut tx, &[first, second]).await?;
    let (_, first_merged) = lock(&mut tx, first).await?;
    let (_, second_merged) = lock(&mut tx, second).await?;
    if first_merged || second_merged {
        return Err(MoveError::AlreadyMerged);
    }
    let target: (i64, Option<UserId>) =
        sqlx::query_as("SELECT shown, author_id FROM forum_topics WHERE id = $1")
            .bind(into)
            .fetch_one(&mut *tx)
            .await?;
    let (shown, into_asker) = target;
    if shown != 1 {
        return Err(MoveError::NotShown);
    }
    let from_asker: Option<UserId> =
        sqlx::query_scalar("SELECT author_id FROM forum_topics WHERE id = $1")
            .bind(from)
            .fetch_one(&mut *tx)
            .await?;
    let from_question: Option<PostId> =
        sqlx::query_scalar("SELECT id FROM forum_posts WHERE topic_id = $1 AND number = 1")
            .bind(from)
            .fetch_optional(&mut *tx)
            .await?;
    // The moved opening post becomes a reply: a number no reply of `into` has.
    sqlx::query(
        "UPDATE forum_posts SET topic_id = $2, number = -number - 2000000 WHERE topic_id = $1",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    // Whoever said "a mí también" there says it here; so does the other asker (it is
    // their problem too), but never the asker of `into` about their own question.
    sqlx::query(
        "INSERT INTO forum_topic_votes (topic_id, user_id, at) SELECT $2, user_id, at \
         FROM forum_topic_votes WHERE topic_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    if let Some(asker) = from_asker.filter(|asker| Some(*asker) != into_asker) {
        sqlx::query(
            "INSERT INTO forum_topic_votes (topic_id, user_id, at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(into)
        .bind(asker)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    if let Some(asker) = into_asker {
        sqlx::query("DELETE FROM forum_topic_votes WHERE topic_id = $1 AND user_id = $2")
            .bind(into)
            .bind(asker)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO forum_topic_tags (topic_id, tag) SELECT $2, tag FROM forum_topic_tags \
         WHERE topic_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE forum_topics SET me_too = (SELECT COUNT(*) FROM forum_topic_votes \
         WHERE topic_id = $1) WHERE id = $1",
    )
    .bind(into)
    .execute(&mut *tx)
    .await?;
    crate::watch::move_topic_watchers(&mut tx, from, into).await?;
    renumber(&mut tx, into).await?;
    settle_question(&mut tx, into, from_question).await?;
    // Topics merged into `from` before now lead to `into` as well.
    sqlx::query("UPDATE forum_topics SET merged_into = $2 WHERE merged_into = $1")
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE forum_topics SET merged_into = $2, closed = 1, shown = 0, posts = 0, \
         solution_post_id = NULL WHERE id = $1",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, TOPIC_MERGED, moderator, (from, into), reason).await?;
    tx.commit().await?;
    Ok(())
}

/// The topic that replies split off become.
#[derive(Clone, Debug)]
pub struct Split {
    pub category: CategoryId,
    pub kind: Kind,
    pub title: Title,
}

/// Splits `posts` (replies of `from`) off into a new topic `split`: the first of them
/// (by date) becomes its opening post, under its own author, and their authors watch
/// it. Both questions' states follow what they now hold (a moved solution leaves
/// `from` unsolved). Returns the new topic.
pub async fn split(
    db: &Db,
    from: TopicId,
    posts: &[PostId],
    split: &Split,
    moderator: UserId,
    reason: &str,
) -> Result<TopicId, MoveError> {
    if posts.is_empty() {
        return Err(MoveError::BadChoice);
    }
    let mut tx = db.write().await?;
    lock_posts(&mut tx, &[from]).await?;
    let (_, merged) = lock(&mut tx, from).await?;
    if merged {
        return Err(MoveError::AlreadyMerged);
    }
    let category: Option<i64> = sqlx::query_scalar("SELECT 1 FROM forum_categories WHERE id = $1")
        .bind(split.category)
        .fetch_optional(&mut *tx)
        .await?;
    if category.is_none() {
        return Err(MoveError::NotFound);
    }
    let mut chosen: Vec<(i64, PostId, Option<UserId>, String)> = Vec::new();
    for post in posts {
        let row: Option<(i64, Option<UserId>, String, i64)> = sqlx::query_as(
            "SELECT created_at, author_id, visibility, number FROM forum_posts \
             WHERE id = $1 AND topic_id = $2",
        )
        .bind(post)
        .bind(from)
        .fetch_optional(&mut *tx)
        .await?;
        match row {
            None => return Err(MoveError::NotFound),
            Some((_, _, _, 1)) => return Err(MoveError::BadChoice),
            Some((at, author, visibility, _)) => {
                if !chosen.iter().any(|(_, id, _, _)| id == post) {
                    chosen.push((at, *post, author, visibility));
                }
            }
        }
    }
    chosen.sort_by_key(|(at, id, _, _)| (*at, id.get()));
    let Some((opened_at, opening, author, visibility)) = chosen.first().cloned() else {
        return Err(MoveError::BadChoice);
    };
    let last_at = chosen
        .iter()
        .map(|(at, _, _, _)| *at)
        .max()
        .unwrap_or(opened_at);
    let lang: String = sqlx::query_scalar("SELECT lang FROM forum_topics WHERE id = $1")
        .bind(from)
        .fetch_one(&mut *tx)
        .await?;
    let state = match split.kind {
        Kind::Question => State::Open.as_str(),
        Kind::Discussion => "",
    };
    let shown = i64::from(visibility == crate::moderation::Visibility::Shown.as_str());
    let id: TopicId = sqlx::query_scalar(
        "INSERT INTO forum_topics (category_id, kind, state, lang, title, author_id, closed, \
         me_too, posts, created_at, activity_at, shown) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, $7, $8, $9) RETURNING id",
    )
    .bind(split.category)
    .bind(split.kind.as_str())
    .bind(state)
    .bind(&lang)
    .bind(split.title.as_str())
    .bind(author)
    .bind(opened_at)
    .bind(last_at)
    .bind(shown)
    .fetch_one(&mut *tx)
    .await?;
    for (place, (_, post, _, _)) in chosen.iter().enumerate() {
        // The first moved post opens the new topic; the others follow it by date.
        let number = if *post == opening {
            1
        } else {
            -(i64::try_from(place).unwrap_or(0)) - 3_000_000
        };
        sqlx::query(
            "UPDATE forum_posts SET topic_id = $2, number = $3, asks_for_info = 0 WHERE id = $1",
        )
        .bind(post)
        .bind(id)
        .bind(number)
        .execute(&mut *tx)
        .await?;
    }
    renumber(&mut tx, id).await?;
    renumber(&mut tx, from).await?;
    // A split-off question is new in the lists; both questions' states follow their posts.
    sqlx::query("UPDATE forum_topics SET activity_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    settle_question(&mut tx, from, None).await?;
    settle_question(&mut tx, id, None).await?;
    // Everyone whose words moved follows them to the new topic.
    let mut authors: Vec<UserId> = chosen
        .iter()
        .filter_map(|(_, _, author, _)| *author)
        .collect();
    authors.sort_by_key(|author| author.get());
    authors.dedup();
    for author in authors {
        crate::watch::watch(&mut tx, author, &crate::watch::Target::Topic(id)).await?;
    }
    record(&mut tx, TOPIC_SPLIT, moderator, (from, id), reason).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_is_named_by_number_or_address() {
        assert_eq!(topic_reference(" 42 "), Some(TopicId::new(42)));
        assert_eq!(topic_reference("#42"), Some(TopicId::new(42)));
        assert_eq!(
            topic_reference("https://soporte.mxos.mx/comunidad/tema/42?pagina=2#mensaje-3"),
            Some(TopicId::new(42))
        );
        assert_eq!(topic_reference("/comunidad/tema/7"), Some(TopicId::new(7)));
        assert_eq!(topic_reference("tema siete"), None);
        assert_eq!(topic_reference("-3"), None);
        assert_eq!(topic_reference("/comunidad/tema/"), None);
    }
}
