//! Moderation, the foundation's part: flags with a reason, what hides a post until a
//! moderator looks (enough trust-weighted flags), the queue's decisions, hiding and
//! restoring, closing, reopening and moving topics, silencing a person for a time, and
//! new members' posts that wait for a moderator.
//! The rules are plain functions; every decision is one transaction with its event and
//! its audit entry (who, what, why).

use serde::Serialize;
use soporte_platform::accounts::Role;
use soporte_platform::accounts::restrictions::{self, Kind, RestrictError};
use soporte_platform::audit::{self, Action};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::question::{State, Step};
use crate::{CategoryId, PostId, TopicId};

/// Why a member flags a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Spam,
    Offensive,
    OffTopic,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Spam,
        Reason::Offensive,
        Reason::OffTopic,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Spam => "spam",
            Reason::Offensive => "offensive",
            Reason::OffTopic => "off-topic",
            Reason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Reason> {
        Reason::ALL
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Reason::Spam => "forum-flag-spam",
            Reason::Offensive => "forum-flag-offensive",
            Reason::OffTopic => "forum-flag-off-topic",
            Reason::Other => "forum-flag-other",
        }
    }
}

/// Whether a post is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Shown,
    /// Hidden by members' flags until a moderator reviews it.
    Flagged,
    /// Hidden by a moderator, with a reason.
    Hidden,
    /// Removed as spam: moderators still see it, marked.
    Spam,
    /// A new member's post, waiting for a moderator; its author sees it, marked.
    Pending,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Shown => "shown",
            Visibility::Flagged => "flagged",
            Visibility::Hidden => "hidden",
            Visibility::Spam => "spam",
            Visibility::Pending => "pending",
        }
    }

    pub fn parse(text: &str) -> Visibility {
        match text {
            "flagged" => Visibility::Flagged,
            "hidden" => Visibility::Hidden,
            "spam" => Visibility::Spam,
            "pending" => Visibility::Pending,
            _ => Visibility::Shown,
        }
    }
}

/// Flag weight at which a post is hidden until reviewed.
pub const HIDE_AT: i64 = 3;

/// Whether pending flags of these weights hide the post.
pub fn hides(weights: &[i64]) -> bool {
    weights.iter().sum::<i64>() >= HIDE_AT
}

/// What a moderator decides about a flagged post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The flags are right: the post stays hidden (or is hidden now).
    Uphold,
    /// The flags are wrong: the post is shown again.
    Dismiss,
    /// It is spam: removed, and still visible to moderators as such.
    Spam,
}

impl Decision {
    pub fn parse(text: &str) -> Option<Decision> {
        match text {
            "uphold" => Some(Decision::Uphold),
            "dismiss" => Some(Decision::Dismiss),
            "spam" => Some(Decision::Spam),
            _ => None,
        }
    }

    /// What the post becomes.
    pub fn visibility(self) -> Visibility {
        match self {
            Decision::Uphold => Visibility::Hidden,
            Decision::Dismiss => Visibility::Shown,
            Decision::Spam => Visibility::Spam,
        }
    }

    fn flag_state(self) -> &'static str {
        match self {
            Decision::Uphold | Decision::Spam => "upheld",
            Decision::Dismiss => "dismissed",
        }
    }

    fn action(self) -> Action {
        match self {
            Decision::Uphold => FLAG_UPHELD,
            Decision::Dismiss => FLAG_DISMISSED,
            Decision::Spam => SPAM_REMOVED,
        }
    }
}

pub const FLAG_UPHELD: Action = Action::new("forum.flag_upheld");
pub const FLAG_DISMISSED: Action = Action::new("forum.flag_dismissed");
pub const SPAM_REMOVED: Action = Action::new("forum.spam_removed");
pub const POST_HIDDEN: Action = Action::new("forum.post_hidden");
pub const POST_RESTORED: Action = Action::new("forum.post_restored");
pub const TOPIC_CLOSED: Action = Action::new("forum.topic_closed");
pub const TOPIC_REOPENED: Action = Action::new("forum.topic_reopened");
pub const TOPIC_MOVED: Action = Action::new("forum.topic_moved");
pub const POST_APPROVED: Action = Action::new("forum.post_approved");
pub const POST_REJECTED: Action = Action::new("forum.post_rejected");

/// Why a moderation write was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error("no such post, topic, category or person")]
    NotFound,
    #[error("someone already flagged this post")]
    AlreadyFlagged,
    #[error("another moderator already handled these flags")]
    AlreadyHandled,
    #[error("a moderator already hid the post")]
    AlreadyHidden,
    #[error("only staff silence moderators and staff")]
    NotYours,
    #[error("a silence lasts 1 to 365 days")]
    BadLength,
    #[error("the post waits for review: the queue lets it out")]
    Pending,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Serialize)]
struct Detail<'a> {
    topic: TopicId,
    #[serde(skip_serializing_if = "Option::is_none")]
    post: Option<PostId>,
    reason: &'a str,
}

/// The event and the audit entry of a moderation action, on `connection`.
async fn record(
    connection: &mut AnyConnection,
    action: Action,
    actor: UserId,
    target: Option<UserId>,
    detail: &Detail<'_>,
) -> Result<(), sqlx::Error> {
    let event = NewEvent {
        kind: action.name(),
        subject: format!("{}:{}", crate::SUBJECT, detail.topic),
        actor_id: Some(actor),
        payload: detail,
    };
    events::append(connection, event).await?;
    let entry = audit::Entry {
        actor_id: Some(actor),
        action,
        target_user_id: target,
        detail,
    };
    audit::record(connection, entry).await?;
    Ok(())
}

/// `refused` if `post` exists (a conditional write found it in another state), else
/// not found.
async fn refused_or_gone(
    connection: &mut AnyConnection,
    post: PostId,
    refused: ModerationError,
) -> Result<ModerationError, sqlx::Error> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM forum_posts WHERE id = $1")
        .bind(post)
        .fetch_optional(connection)
        .await?;
    Ok(if exists.is_some() {
        refused
    } else {
        ModerationError::NotFound
    })
}

/// Keeps the topic of `post` listed only while its opening post is shown.
async fn sync_topic(connection: &mut AnyConnection, post: PostId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_topics SET shown = CASE WHEN (SELECT p.visibility FROM forum_posts p \
         WHERE p.topic_id = forum_topics.id AND p.number = 1) = 'shown' THEN 1 ELSE 0 END \
         WHERE id = (SELECT topic_id FROM forum_posts WHERE id = $1)",
    )
    .bind(post)
    .execute(connection)
    .await?;
    Ok(())
}

/// Takes the solution mark from `post` if it has it (a post that is not shown is no
/// answer to offer): its question goes back to answered.
async fn unmark_if_solution(
    connection: &mut AnyConnection,
    post: PostId,
) -> Result<(), sqlx::Error> {
    let answered = State::Solved
        .after(Step::UnmarkSolution)
        .map_or("answered", State::as_str);
    sqlx::query(
        "UPDATE forum_topics SET solution_post_id = NULL, solved_at = NULL, state = $2 \
         WHERE solution_post_id = $1",
    )
    .bind(post)
    .bind(answered)
    .execute(connection)
    .await?;
    Ok(())
}

/// `flagger` flags `post` for `reason` (with `note`), their flag weighing `weight`;
/// returns whether the post is now hidden until reviewed.
pub async fn flag(
    db: &Db,
    post: PostId,
    flagger: UserId,
    weight: i64,
    reason: Reason,
    note: &str,
) -> Result<bool, ModerationError> {
    let mut tx = db.write().await?;
    let row: Option<(TopicId, String)> = sqlx::query_as(
        "UPDATE forum_posts SET visibility = visibility WHERE id = $1 RETURNING topic_id, visibility",
    )
    .bind(post)
    .fetch_optional(&mut *tx)
    .await?;
    let (topic, visibility) = row.ok_or(ModerationError::NotFound)?;
    if matches!(
        Visibility::parse(&visibility),
        Visibility::Hidden | Visibility::Spam | Visibility::Pending
    ) {
        return Err(ModerationError::AlreadyHidden);
    }
    let inserted = sqlx::query(
        "INSERT INTO forum_flags (post_id, flagger_id, reason, note, weight, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT DO NOTHING",
    )
    .bind(post)
    .bind(flagger)
    .bind(reason.as_str())
    .bind(note)
    .bind(weight)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(ModerationError::AlreadyFlagged);
    }
    let weights: Vec<i64> = sqlx::query_scalar(
        "SELECT weight FROM forum_flags WHERE post_id = $1 AND state = 'pending'",
    )
    .bind(post)
    .fetch_all(&mut *tx)
    .await?;
    let hide = Visibility::parse(&visibility) == Visibility::Shown && hides(&weights);
    if hide {
        sqlx::query("UPDATE forum_posts SET visibility = 'flagged' WHERE id = $1")
            .bind(post)
            .execute(&mut *tx)
            .await?;
        sync_topic(&mut tx, post).await?;
    }
    let event = NewEvent {
        kind: "forum.post_flagged",
        subject: format!("{}:{topic}", crate::SUBJECT),
        actor_id: Some(flagger),
        payload: &Detail {
            topic,
            post: Some(post),
            reason: reason.as_str(),
        },
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(hide || Visibility::parse(&visibility) != Visibility::Shown)
}

/// A post waiting in the queue, with its flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub post: PostId,
    pub topic: TopicId,
    pub number: i64,
    pub title: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub body: String,
    pub visibility: Visibility,
    /// (reason, note, flagger) of each pending flag.
    pub flags: Vec<(Reason, String, Option<String>)>,
}

/// The posts with pending flags, oldest flag first: `limit` from `offset`.
pub async fn queue(db: &Db, offset: i64, limit: i64) -> Result<Vec<Flagged>, sqlx::Error> {
    type Row = (
        PostId,
        TopicId,
        i64,
        String,
        Option<UserId>,
        Option<String>,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.topic_id, p.number, t.title, p.author_id, u.display_name, p.body, p.visibility \
         FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.id IN (SELECT post_id FROM forum_flags WHERE state = 'pending') \
         ORDER BY (SELECT MIN(f.created_at) FROM forum_flags f WHERE f.post_id = p.id AND f.state = 'pending'), p.id \
         LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let mut queued = Vec::with_capacity(rows.len());
    for (post, topic, number, title, author_id, author, body, visibility) in rows {
        let flags: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT f.reason, f.note, u.display_name FROM forum_flags f \
             LEFT JOIN users u ON u.id = f.flagger_id WHERE f.post_id = $1 AND f.state = 'pending' \
             ORDER BY f.id",
        )
        .bind(post)
        .fetch_all(db.pool())
        .await?;
        queued.push(Flagged {
            post,
            topic,
            number,
            title,
            author_id,
            author,
            body,
            visibility: Visibility::parse(&visibility),
            flags: flags
                .into_iter()
                .map(|(reason, note, flagger)| {
                    (
                        Reason::parse(&reason).unwrap_or(Reason::Other),
                        note,
                        flagger,
                    )
                })
                .collect(),
        });
    }
    Ok(queued)
}

/// What a moderator decides about a new member's post that waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Review {
    /// It goes out, as if just posted.
    Approve,
    /// It stays hidden, with the moderator's reason (shown with it, as for any post a
    /// moderator hides).
    Reject,
    /// It is spam: removed, and still visible to moderators as such.
    Spam,
}

impl Review {
    pub fn parse(text: &str) -> Option<Review> {
        match text {
            "approve" => Some(Review::Approve),
            "reject" => Some(Review::Reject),
            "spam" => Some(Review::Spam),
            _ => None,
        }
    }

    fn visibility(self) -> Visibility {
        match self {
            Review::Approve => Visibility::Shown,
            Review::Reject => Visibility::Hidden,
            Review::Spam => Visibility::Spam,
        }
    }

    fn action(self) -> Action {
        match self {
            Review::Approve => POST_APPROVED,
            Review::Reject => POST_REJECTED,
            Review::Spam => SPAM_REMOVED,
        }
    }
}

/// A new member's post waiting for a moderator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub post: PostId,
    pub topic: TopicId,
    pub number: i64,
    pub title: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub body: String,
}

/// The posts waiting for a moderator, oldest first: `limit` from `offset`.
pub async fn waiting(db: &Db, offset: i64, limit: i64) -> Result<Vec<Waiting>, sqlx::Error> {
    type Row = (
        PostId,
        TopicId,
        i64,
        String,
        Option<UserId>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.topic_id, p.number, t.title, p.author_id, u.display_name, p.body \
         FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.author_id WHERE p.visibility = 'pending' \
         ORDER BY p.created_at, p.id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(post, topic, number, title, author_id, author, body)| Waiting {
                post,
                topic,
                number,
                title,
                author_id,
                author,
                body,
            },
        )
        .collect())
}

/// A moderator's decision on a waiting post; returns its topic and its author. Two
/// moderators deciding at once: the first decides, the second is told it was handled.
pub async fn review(
    db: &Db,
    post: PostId,
    review: Review,
    moderator: UserId,
    reason: &str,
) -> Result<(TopicId, Option<UserId>), ModerationError> {
    let mut tx = db.write().await?;
    let row: Option<(TopicId, Option<UserId>)> = sqlx::query_as(
        "UPDATE forum_posts SET visibility = $2, hidden_reason = $3 \
         WHERE id = $1 AND visibility = 'pending' RETURNING topic_id, author_id",
    )
    .bind(post)
    .bind(review.visibility().as_str())
    .bind(if review == Review::Approve {
        ""
    } else {
        reason
    })
    .fetch_optional(&mut *tx)
    .await?;
    let Some((topic, author)) = row else {
        return Err(refused_or_gone(&mut tx, post, ModerationError::AlreadyHandled).await?);
    };
    sync_topic(&mut tx, post).await?;
    if review == Review::Approve {
        crate::store::approved(&mut tx, post)
            .await
            .map_err(|error| match error {
                crate::store::TopicError::Database(error) => ModerationError::Database(error),
                _ => ModerationError::NotFound,
            })?;
    }
    let detail = Detail {
        topic,
        post: Some(post),
        reason,
    };
    record(&mut tx, review.action(), moderator, author, &detail).await?;
    tx.commit().await?;
    Ok((topic, author))
}

/// The people whose flags on `post` were upheld.
pub async fn upheld_flaggers(db: &Db, post: PostId) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT flagger_id FROM forum_flags WHERE post_id = $1 AND state = 'upheld' \
         AND flagger_id IS NOT NULL",
    )
    .bind(post)
    .fetch_all(db.pool())
    .await
}

/// A moderator's decision on the pending flags of `post`. Two moderators deciding at
/// once: the first decides, the second is told it was handled.
pub async fn decide(
    db: &Db,
    post: PostId,
    decision: Decision,
    moderator: UserId,
    reason: &str,
) -> Result<TopicId, ModerationError> {
    let mut tx = db.write().await?;
    let handled = sqlx::query(
        "UPDATE forum_flags SET state = $2, handled_by = $3, handled_at = $4 \
         WHERE post_id = $1 AND state = 'pending'",
    )
    .bind(post)
    .bind(decision.flag_state())
    .bind(moderator)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if handled.rows_affected() == 0 {
        return Err(ModerationError::AlreadyHandled);
    }
    // Dismissing shows again only what the flags hid, never what a moderator hid.
    let row: Option<(TopicId, Option<UserId>, String)> = sqlx::query_as(
        "UPDATE forum_posts SET visibility = CASE WHEN $2 = 'shown' AND visibility <> 'flagged' \
         THEN visibility ELSE $2 END, hidden_reason = $3 WHERE id = $1 \
         RETURNING topic_id, author_id, visibility",
    )
    .bind(post)
    .bind(decision.visibility().as_str())
    .bind(reason)
    .fetch_optional(&mut *tx)
    .await?;
    let (topic, author, now_visible) = row.ok_or(ModerationError::NotFound)?;
    if Visibility::parse(&now_visible) != Visibility::Shown {
        unmark_if_solution(&mut tx, post).await?;
    }
    sync_topic(&mut tx, post).await?;
    let detail = Detail {
        topic,
        post: Some(post),
        reason,
    };
    record(&mut tx, decision.action(), moderator, author, &detail).await?;
    tx.commit().await?;
    Ok(topic)
}

/// A moderator hides (`hide`) or restores `post`, for `reason`.
pub async fn set_hidden(
    db: &Db,
    post: PostId,
    hide: bool,
    moderator: UserId,
    reason: &str,
) -> Result<TopicId, ModerationError> {
    let mut tx = db.write().await?;
    let visibility = if hide {
        Visibility::Hidden
    } else {
        Visibility::Shown
    };
    // A post waiting for review goes out only through the queue (which moves its topic).
    let row: Option<(TopicId, Option<UserId>)> = sqlx::query_as(
        "UPDATE forum_posts SET visibility = $2, hidden_reason = $3 \
         WHERE id = $1 AND visibility <> 'pending' RETURNING topic_id, author_id",
    )
    .bind(post)
    .bind(visibility.as_str())
    .bind(if hide { reason } else { "" })
    .fetch_optional(&mut *tx)
    .await?;
    let Some((topic, author)) = row else {
        return Err(refused_or_gone(&mut tx, post, ModerationError::Pending).await?);
    };
    if hide {
        unmark_if_solution(&mut tx, post).await?;
    }
    sync_topic(&mut tx, post).await?;
    // Whatever was pending about it is settled by this decision.
    sqlx::query(
        "UPDATE forum_flags SET state = $2, handled_by = $3, handled_at = $4 \
         WHERE post_id = $1 AND state = 'pending'",
    )
    .bind(post)
    .bind(if hide { "upheld" } else { "dismissed" })
    .bind(moderator)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let action = if hide { POST_HIDDEN } else { POST_RESTORED };
    let detail = Detail {
        topic,
        post: Some(post),
        reason,
    };
    record(&mut tx, action, moderator, author, &detail).await?;
    tx.commit().await?;
    Ok(topic)
}

/// A moderator closes (`close`) or reopens `topic`, for `reason`.
pub async fn set_closed(
    db: &Db,
    topic: TopicId,
    close: bool,
    moderator: UserId,
    reason: &str,
) -> Result<(), ModerationError> {
    let mut tx = db.write().await?;
    let author: Option<Option<UserId>> =
        sqlx::query_scalar("UPDATE forum_topics SET closed = $2 WHERE id = $1 RETURNING author_id")
            .bind(topic)
            .bind(i64::from(close))
            .fetch_optional(&mut *tx)
            .await?;
    let author = author.ok_or(ModerationError::NotFound)?;
    let action = if close { TOPIC_CLOSED } else { TOPIC_REOPENED };
    let detail = Detail {
        topic,
        post: None,
        reason,
    };
    record(&mut tx, action, moderator, author, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator moves `topic` to `category`, for `reason`.
pub async fn move_topic(
    db: &Db,
    topic: TopicId,
    category: CategoryId,
    moderator: UserId,
    reason: &str,
) -> Result<(), ModerationError> {
    let mut tx = db.write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM forum_categories WHERE id = $1")
        .bind(category)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(ModerationError::NotFound);
    }
    let author: Option<Option<UserId>> = sqlx::query_scalar(
        "UPDATE forum_topics SET category_id = $2 WHERE id = $1 RETURNING author_id",
    )
    .bind(topic)
    .bind(category)
    .fetch_optional(&mut *tx)
    .await?;
    let author = author.ok_or(ModerationError::NotFound)?;
    let detail = Detail {
        topic,
        post: None,
        reason,
    };
    record(&mut tx, TOPIC_MOVED, moderator, author, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A silence in force: why, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Silence {
    pub reason: String,
    pub until: i64,
}

/// The silence `person` is under now, if any (the platform keeps it: it holds in every
/// community area).
pub async fn silence_of(db: &Db, person: UserId) -> Result<Option<Silence>, sqlx::Error> {
    let current = restrictions::current_in(db, person, Kind::Silence).await?;
    Ok(current.map(|restriction| Silence {
        reason: restriction.reason,
        until: restriction.until,
    }))
}

/// A moderator silences `person` (they cannot post) for `days`, for `reason` (shown to
/// them).
pub async fn silence(
    db: &Db,
    person: UserId,
    days: i64,
    moderator: (UserId, &[Role]),
    reason: &str,
) -> Result<(), ModerationError> {
    Ok(restrictions::restrict(db, person, Kind::Silence, days, moderator, reason).await?)
}

impl From<RestrictError> for ModerationError {
    fn from(error: RestrictError) -> ModerationError {
        match error {
            RestrictError::NoSuchPerson => ModerationError::NotFound,
            RestrictError::BadLength => ModerationError::BadLength,
            RestrictError::NotYours => ModerationError::NotYours,
            RestrictError::Database(error) => ModerationError::Database(error),
        }
    }
}

/// A moderator ends the silence `person` is under, for `reason`; whether there was one.
pub async fn lift_silence(
    db: &Db,
    person: UserId,
    moderator: (UserId, &[Role]),
    reason: &str,
) -> Result<bool, ModerationError> {
    Ok(restrictions::lift(db, person, Kind::Silence, moderator, reason).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enough_weight_hides() {
        assert!(!hides(&[1, 1]));
        assert!(hides(&[1, 1, 1]));
        assert!(hides(&[2, 1]));
        assert!(hides(&[HIDE_AT]));
        assert!(!hides(&[]));
    }

    #[test]
    fn reasons_and_decisions_read_back() {
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(Reason::parse("feo"), None);
        assert_eq!(
            Decision::parse("spam").map(Decision::visibility),
            Some(Visibility::Spam)
        );
        assert_eq!(
            Decision::parse("dismiss").map(Decision::visibility),
            Some(Visibility::Shown)
        );
        assert_eq!(Decision::parse("x"), None);
        for visibility in [
            Visibility::Shown,
            Visibility::Flagged,
            Visibility::Hidden,
            Visibility::Spam,
            Visibility::Pending,
        ] {
            assert_eq!(Visibility::parse(visibility.as_str()), visibility);
        }
    }
}
