//! Topics, posts, revisions and votes in the database. Each write is one transaction
//! with its event; a question's state moves only through [`State::after`], checked
//! against the row as the transaction locked it.

use serde::Serialize;
use soporte_platform::area::Excerpt;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::i18n::Locale;
use soporte_platform::links::Described;
use soporte_platform::markup;
use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::moderation::Visibility;
use crate::post::{Body, Kind, Tags, Title};
use crate::question::{Refused, State, Step};
use crate::{CategoryId, PostId, TopicId};

/// How a list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Newest activity first.
    Activity,
    /// Questions nobody has replied to, most "a mí también" first.
    Unanswered,
    /// Solved questions, most recently solved first.
    Solved,
    /// Most "a mí también" first.
    Votes,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Activity, Sort::Unanswered, Sort::Solved, Sort::Votes];

    /// As written in addresses (`?orden=`).
    pub fn param(self) -> &'static str {
        match self {
            Sort::Activity => "actividad",
            Sort::Unanswered => "sin-respuesta",
            Sort::Solved => "solucionadas",
            Sort::Votes => "votos",
        }
    }

    /// The order named in an address; anything else is the default.
    pub fn from_param(text: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|sort| sort.param() == text)
            .unwrap_or(Sort::Activity)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Sort::Activity => "forum-sort-activity",
            Sort::Unanswered => "forum-sort-unanswered",
            Sort::Solved => "forum-sort-solved",
            Sort::Votes => "forum-sort-votes",
        }
    }

    /// The column the list is ordered by (then by id), both descending.
    fn key(self) -> &'static str {
        match self {
            Sort::Activity => "activity_at",
            Sort::Unanswered | Sort::Votes => "me_too",
            Sort::Solved => "solved_at",
        }
    }

    /// What a topic must be to be in the list at all.
    fn condition(self) -> &'static str {
        match self {
            Sort::Activity | Sort::Votes => "",
            Sort::Unanswered => {
                " AND t.kind = 'question' AND t.first_reply_at IS NULL AND t.state <> 'solved'"
            }
            Sort::Solved => " AND t.state = 'solved'",
        }
    }
}

/// A place in a list: the sort key and id of a topic. Written `key.id` in addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: i64,
    pub id: i64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let (key, id) = text.split_once('.')?;
        Some(Cursor {
            key: key.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    pub fn to_param(self) -> String {
        format!("{}.{}", self.key, self.id)
    }
}

/// Which way from a cursor a page of a list goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The topics after it in the list's order (older, fewer votes).
    After,
    /// The topics before it.
    Before,
}

/// Which topics a list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub category: Option<CategoryId>,
    pub tag: Option<String>,
    pub state: Option<State>,
    pub sort: Sort,
}

/// A topic as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: TopicId,
    pub kind: Kind,
    /// A question's state; `None` for a discussion.
    pub state: Option<State>,
    pub title: String,
    pub category: CategoryId,
    pub author: Option<String>,
    pub me_too: i64,
    pub replies: i64,
    pub closed: bool,
    pub activity_at: i64,
    pub tags: Vec<String>,
    /// Where it sits in the list's order.
    pub cursor: Cursor,
}

type ListedRow = (
    TopicId,
    String,
    String,
    String,
    CategoryId,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
);

fn kind_and_state(kind: &str, state: &str) -> (Kind, Option<State>) {
    match Kind::parse(kind) {
        Ok(Kind::Question) => (
            Kind::Question,
            Some(State::parse(state).unwrap_or(State::Open)),
        ),
        _ => (Kind::Discussion, None),
    }
}

/// One page of the topics `filter` picks: `limit` of them from `from` (the start
/// when none), in the list's order; and whether more lie beyond in that direction.
pub async fn list(
    db: &Db,
    filter: &Filter,
    from: Option<(Direction, Cursor)>,
    limit: i64,
) -> Result<(Vec<Listed>, bool), sqlx::Error> {
    let key = filter.sort.key();
    let mut sql = format!(
        "SELECT t.id, t.kind, t.state, t.title, t.category_id, u.display_name, t.me_too, \
         t.posts, t.closed, t.activity_at, t.{key} \
         FROM forum_topics t LEFT JOIN users u ON u.id = t.author_id WHERE t.shown = 1{}",
        filter.sort.condition()
    );
    let mut next = 1;
    let mut placeholder = || {
        let text = format!("${next}");
        next += 1;
        text
    };
    if filter.category.is_some() {
        sql.push_str(&format!(" AND t.category_id = {}", placeholder()));
    }
    if filter.state.is_some() {
        sql.push_str(&format!(" AND t.state = {}", placeholder()));
    }
    if filter.tag.is_some() {
        sql.push_str(&format!(
            " AND t.id IN (SELECT topic_id FROM forum_topic_tags WHERE tag = {})",
            placeholder()
        ));
    }
    let backwards = matches!(from, Some((Direction::Before, _)));
    if let Some((direction, _)) = from {
        let comparison = match direction {
            Direction::After => "<",
            Direction::Before => ">",
        };
        sql.push_str(&format!(
            " AND (t.{key}, t.id) {comparison} ({}, {})",
            placeholder(),
            placeholder()
        ));
    }
    let order = if backwards { "ASC" } else { "DESC" };
    sql.push_str(&format!(
        " ORDER BY t.{key} {order}, t.id {order} LIMIT {}",
        placeholder()
    ));
    let mut query = sqlx::query_as::<_, ListedRow>(&sql);
    if let Some(category) = filter.category {
        query = query.bind(category);
    }
    if let Some(state) = filter.state {
        query = query.bind(state.as_str());
    }
    if let Some(tag) = &filter.tag {
        query = query.bind(tag.clone());
    }
    if let Some((_, cursor)) = from {
        query = query.bind(cursor.key).bind(cursor.id);
    }
    let mut rows = query.bind(limit + 1).fetch_all(db.pool()).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    if backwards {
        rows.reverse();
    }
    let ids: Vec<TopicId> = rows.iter().map(|row| row.0).collect();
    let tags = tags_of(db, &ids).await?;
    let listed = rows
        .into_iter()
        .map(
            |(
                id,
                kind,
                state,
                title,
                category,
                author,
                me_too,
                posts,
                closed,
                activity_at,
                key,
            )| {
                let (kind, state) = kind_and_state(&kind, &state);
                Listed {
                    id,
                    kind,
                    state,
                    title,
                    category,
                    author,
                    me_too,
                    replies: posts - 1,
                    closed: closed == 1,
                    activity_at,
                    tags: tags
                        .iter()
                        .filter(|(topic, _)| *topic == id)
                        .map(|(_, tag)| tag.clone())
                        .collect(),
                    cursor: Cursor {
                        key: key.unwrap_or(0),
                        id: id.get(),
                    },
                }
            },
        )
        .collect();
    Ok((listed, more))
}

/// The tags of `topics`.
async fn tags_of(db: &Db, topics: &[TopicId]) -> Result<Vec<(TopicId, String)>, sqlx::Error> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    let list = topics
        .iter()
        .map(|id| id.get().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_as(&format!(
        "SELECT topic_id, tag FROM forum_topic_tags WHERE topic_id IN ({list}) ORDER BY topic_id, tag"
    ))
    .fetch_all(db.pool())
    .await
}

/// A topic to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub id: TopicId,
    pub category: CategoryId,
    pub kind: Kind,
    pub state: Option<State>,
    pub title: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub solution: Option<PostId>,
    pub closed: bool,
    pub me_too: i64,
    /// Posts, the opening one included.
    pub posts: i64,
    pub created_at: i64,
    pub activity_at: i64,
    pub tags: Vec<String>,
    /// Whether its opening post is shown (else the topic is in no list).
    pub shown: bool,
}

type TopicRow = (
    TopicId,
    CategoryId,
    String,
    String,
    String,
    Option<UserId>,
    Option<String>,
    Option<PostId>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

pub async fn topic(db: &Db, id: TopicId) -> Result<Option<Topic>, sqlx::Error> {
    let row: Option<TopicRow> = sqlx::query_as(
        "SELECT t.id, t.category_id, t.kind, t.state, t.title, t.author_id, u.display_name, \
         t.solution_post_id, t.closed, t.me_too, t.posts, t.created_at, t.activity_at, t.shown \
         FROM forum_topics t LEFT JOIN users u ON u.id = t.author_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let tags = tags_of(db, &[id]).await?;
    let (kind, state) = kind_and_state(&row.2, &row.3);
    Ok(Some(Topic {
        id: row.0,
        category: row.1,
        kind,
        state,
        title: row.4,
        author_id: row.5,
        author: row.6,
        solution: row.7,
        closed: row.8 == 1,
        me_too: row.9,
        posts: row.10,
        created_at: row.11,
        activity_at: row.12,
        tags: tags.into_iter().map(|(_, tag)| tag).collect(),
        shown: row.13 == 1,
    }))
}

/// A post to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Post {
    pub id: PostId,
    pub topic: TopicId,
    pub number: i64,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub body: String,
    /// The body rendered through the one sanitizer when it was written.
    pub html: String,
    pub asks_for_info: bool,
    pub helpful: i64,
    /// Revisions after the first (edits).
    pub edits: i64,
    pub created_at: i64,
    pub visibility: Visibility,
    /// Why a moderator hid it.
    pub hidden_reason: String,
}

type PostRow = (
    PostId,
    TopicId,
    i64,
    Option<UserId>,
    Option<String>,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
);

const POST_COLUMNS: &str = "p.id, p.topic_id, p.number, p.author_id, u.display_name, p.body, \
     p.html, p.asks_for_info, p.helpful, p.revisions, p.created_at, p.visibility, p.hidden_reason \
     FROM forum_posts p LEFT JOIN users u ON u.id = p.author_id";

fn post(
    (
        id,
        topic,
        number,
        author_id,
        author,
        body,
        html,
        asks_for_info,
        helpful,
        revisions,
        created_at,
        visibility,
        hidden_reason,
    ): PostRow,
) -> Post {
    Post {
        id,
        topic,
        number,
        author_id,
        author,
        body,
        html,
        asks_for_info: asks_for_info == 1,
        helpful,
        edits: revisions - 1,
        created_at,
        visibility: Visibility::parse(&visibility),
        hidden_reason,
    }
}

/// The posts of `topic` numbered `first` to `last`, in order.
pub async fn posts(
    db: &Db,
    topic: TopicId,
    first: i64,
    last: i64,
) -> Result<Vec<Post>, sqlx::Error> {
    let rows: Vec<PostRow> = sqlx::query_as(&format!(
        "SELECT {POST_COLUMNS} WHERE p.topic_id = $1 AND p.number BETWEEN $2 AND $3 ORDER BY p.number"
    ))
    .bind(topic)
    .bind(first)
    .bind(last)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(post).collect())
}

pub async fn post_by_id(db: &Db, id: PostId) -> Result<Option<Post>, sqlx::Error> {
    let row: Option<PostRow> = sqlx::query_as(&format!("SELECT {POST_COLUMNS} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(post))
}

/// Which of `posts` `person` found helpful.
pub async fn helpful_votes(
    db: &Db,
    person: UserId,
    posts: &[PostId],
) -> Result<Vec<PostId>, sqlx::Error> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let list = posts
        .iter()
        .map(|id| id.get().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_scalar(&format!(
        "SELECT post_id FROM forum_post_votes WHERE user_id = $1 AND post_id IN ({list})"
    ))
    .bind(person)
    .fetch_all(db.pool())
    .await
}

/// What a signed-in reader's page of a topic needs of them, read at once: what the
/// trust counts hold (see [`crate::trust::Seen`]), and whether they say "a mí también"
/// and watch the topic.
pub async fn reader(
    db: &Db,
    person: UserId,
    topic: TopicId,
) -> Result<(crate::trust::Seen, bool, bool), sqlx::Error> {
    let row: (Option<i64>, Option<i64>, Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT level FROM forum_trust WHERE user_id = $1), \
         (SELECT last_visit_day FROM forum_trust WHERE user_id = $1), \
         (SELECT upto FROM forum_reads WHERE user_id = $1 AND topic_id = $2), \
         (SELECT COUNT(*) FROM forum_topic_votes WHERE topic_id = $2 AND user_id = $1), \
         (SELECT COUNT(*) FROM forum_watches WHERE user_id = $1 AND target_kind = 'topic' \
          AND target = $3)",
    )
    .bind(person)
    .bind(topic)
    .bind(topic.to_string())
    .fetch_one(db.pool())
    .await?;
    let (level, day, upto, me_too, watching) = row;
    Ok((
        crate::trust::Seen::from_columns(level, day, upto),
        me_too > 0,
        watching > 0,
    ))
}

/// A topic as someone starts it.
#[derive(Clone, Debug)]
pub struct NewTopic {
    pub category: CategoryId,
    /// The language it is written in.
    pub language: Locale,
    pub kind: Kind,
    pub title: Title,
    pub body: Body,
    pub tags: Tags,
}

/// Whether post `number` of `topic` waits for a moderator.
pub async fn is_pending(db: &Db, topic: TopicId, number: i64) -> Result<bool, sqlx::Error> {
    let visibility: Option<String> = sqlx::query_scalar(
        "SELECT visibility FROM forum_posts WHERE topic_id = $1 AND number = $2",
    )
    .bind(topic)
    .bind(number)
    .fetch_optional(db.pool())
    .await?;
    Ok(visibility.is_some_and(|text| Visibility::parse(&text) == Visibility::Pending))
}

#[derive(Serialize)]
struct TopicCreated<'a> {
    title: &'a str,
    kind: &'a str,
}

/// Starts `topic` by `author`; returns its id.
pub async fn create(db: &Db, topic: &NewTopic, author: UserId) -> Result<TopicId, sqlx::Error> {
    create_at(db, topic, author, now_ms()).await
}

/// [`create`], as if at `at` (the demo's history).
pub async fn create_at(
    db: &Db,
    topic: &NewTopic,
    author: UserId,
    at: i64,
) -> Result<TopicId, sqlx::Error> {
    let mut tx = db.write().await?;
    let state = match topic.kind {
        Kind::Question => State::Open.as_str(),
        Kind::Discussion => "",
    };
    let id: TopicId = sqlx::query_scalar(
        "INSERT INTO forum_topics (category_id, kind, state, lang, title, author_id, closed, \
         me_too, posts, created_at, activity_at) VALUES ($1, $2, $3, $7, $4, $5, 0, 0, 1, $6, $6) \
         RETURNING id",
    )
    .bind(topic.category)
    .bind(topic.kind.as_str())
    .bind(state)
    .bind(topic.title.as_str())
    .bind(author)
    .bind(at)
    .bind(topic.language.tag())
    .fetch_one(&mut *tx)
    .await?;
    for tag in topic.tags.as_slice() {
        sqlx::query("INSERT INTO forum_topic_tags (topic_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    let waits = crate::trust::post_waits(&mut tx, author).await?;
    let posting = Posting {
        topic: id,
        number: 1,
        author,
        body: &topic.body,
        asks_for_info: false,
        waits,
        at,
    };
    insert_post(&mut tx, posting).await?;
    let created = TopicCreated {
        title: topic.title.as_str(),
        kind: topic.kind.as_str(),
    };
    events::append(&mut tx, event("forum.topic_created", id, author, &created)).await?;
    tx.commit().await?;
    Ok(id)
}

fn event<'a, P: Serialize>(
    kind: &'static str,
    topic: TopicId,
    actor: UserId,
    payload: &'a P,
) -> NewEvent<'a, P> {
    NewEvent {
        kind,
        subject: format!("{}:{topic}", crate::SUBJECT),
        actor_id: Some(actor),
        payload,
    }
}

/// `body` rendered through the one sanitizer, with the mentions of people the forum
/// knows made links to their pages; and the handles mentioned that name nobody.
pub(crate) async fn render(
    connection: &mut AnyConnection,
    body: &Body,
) -> Result<(String, Vec<String>), sqlx::Error> {
    let named = markup::mentions(body.as_str());
    let known = crate::people::resolve(connection, &named).await?;
    let unknown = named
        .iter()
        .filter(|handle| !known.iter().any(|(found, _)| found == *handle))
        .cloned()
        .collect();
    let link = |handle: &str| {
        known
            .iter()
            .any(|(found, _)| found == handle)
            .then(|| crate::people::path(handle))
    };
    Ok((
        markup::markdown_with_mentions(body.as_str(), &link).html,
        unknown,
    ))
}

/// A post about to be written.
struct Posting<'a> {
    topic: TopicId,
    number: i64,
    author: UserId,
    body: &'a Body,
    asks_for_info: bool,
    /// A new member's post that waits for a moderator (see [`crate::trust`]).
    waits: bool,
    at: i64,
}

/// Adds `posting`; returns its id and the handles it mentions that name nobody. Its
/// author watches the topic from then on.
async fn insert_post(
    connection: &mut AnyConnection,
    posting: Posting<'_>,
) -> Result<(PostId, Vec<String>), sqlx::Error> {
    let Posting {
        topic,
        number,
        author,
        body,
        asks_for_info,
        waits,
        at,
    } = posting;
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(author)
        .fetch_one(&mut *connection)
        .await?;
    crate::people::handle(connection, author, &name).await?;
    crate::watch::watch(connection, author, &crate::watch::Target::Topic(topic)).await?;
    let (html, unknown) = render(connection, body).await?;
    let visibility = if waits {
        Visibility::Pending
    } else {
        Visibility::Shown
    };
    let id: PostId = sqlx::query_scalar(
        "INSERT INTO forum_posts (topic_id, number, author_id, body, html, asks_for_info, \
         helpful, revisions, created_at, visibility) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, 1, $7, $8) RETURNING id",
    )
    .bind(topic)
    .bind(number)
    .bind(author)
    .bind(body.as_str())
    .bind(html)
    .bind(i64::from(asks_for_info))
    .bind(at)
    .bind(visibility.as_str())
    .fetch_one(&mut *connection)
    .await?;
    if visibility == Visibility::Pending && number == 1 {
        // Lists and the search leave the topic out until its opening post is approved.
        sqlx::query("UPDATE forum_topics SET shown = 0 WHERE id = $1")
            .bind(topic)
            .execute(&mut *connection)
            .await?;
    }
    sqlx::query(
        "INSERT INTO forum_post_revisions (post_id, number, editor_id, at, reason, body) \
         VALUES ($1, 1, $2, $3, '', $4)",
    )
    .bind(id)
    .bind(author)
    .bind(at)
    .bind(body.as_str())
    .execute(&mut *connection)
    .await?;
    Ok((id, unknown))
}

/// Why a write to a topic was refused.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    #[error("no such topic or post")]
    NotFound,
    #[error("the topic is closed")]
    Closed,
    #[error("a discussion has no solution")]
    NotAQuestion,
    #[error("the opening post cannot be its own solution")]
    OpeningPost,
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The topic's row, locked for the rest of the transaction (a write that changes
/// nothing takes the lock on both backends).
struct Locked {
    kind: Kind,
    state: Option<State>,
    author: Option<UserId>,
    closed: bool,
    posts: i64,
}

async fn lock(connection: &mut AnyConnection, topic: TopicId) -> Result<Locked, TopicError> {
    let row: Option<(String, String, Option<UserId>, i64, i64)> = sqlx::query_as(
        "UPDATE forum_topics SET posts = posts WHERE id = $1 \
         RETURNING kind, state, author_id, closed, posts",
    )
    .bind(topic)
    .fetch_optional(&mut *connection)
    .await?;
    let (kind, state, author, closed, posts) = row.ok_or(TopicError::NotFound)?;
    let (kind, state) = kind_and_state(&kind, &state);
    Ok(Locked {
        kind,
        state,
        author,
        closed: closed == 1,
        posts,
    })
}

#[derive(Serialize)]
struct Replied {
    number: i64,
    state: Option<&'static str>,
}

/// Adds `author`'s reply to `topic`; `asks_for_info` when a helper asks the asker for
/// more. Returns the reply's number and the handles it mentions that name nobody.
pub async fn reply(
    db: &Db,
    topic: TopicId,
    author: UserId,
    body: &Body,
    asks_for_info: bool,
) -> Result<(i64, Vec<String>), TopicError> {
    reply_at(db, topic, author, body, asks_for_info, now_ms()).await
}

/// [`reply`], as if at `at`.
pub async fn reply_at(
    db: &Db,
    topic: TopicId,
    author: UserId,
    body: &Body,
    asks_for_info: bool,
    at: i64,
) -> Result<(i64, Vec<String>), TopicError> {
    let mut tx = db.write().await?;
    let locked = lock(&mut tx, topic).await?;
    if locked.closed {
        return Err(TopicError::Closed);
    }
    let by_asker = locked.author == Some(author);
    // A reply that waits for a moderator moves nothing until it is approved.
    let waits = crate::trust::post_waits(&mut tx, author).await?;
    let state = match locked.state {
        Some(state) if waits => Some(state),
        Some(state) => {
            let step = if by_asker {
                Step::AskerReplies
            } else if asks_for_info {
                Step::AskForInfo
            } else {
                Step::Answer
            };
            Some(state.after(step)?)
        }
        None => None,
    };
    let number = locked.posts + 1;
    sqlx::query("UPDATE forum_topics SET posts = $2 WHERE id = $1")
        .bind(topic)
        .bind(number)
        .execute(&mut *tx)
        .await?;
    if !waits {
        went_out(&mut tx, topic, state, !by_asker, at).await?;
    }
    let asks = asks_for_info && !by_asker && locked.kind == Kind::Question;
    let posting = Posting {
        topic,
        number,
        author,
        body,
        asks_for_info: asks,
        waits,
        at,
    };
    let (_, unknown) = insert_post(&mut tx, posting).await?;
    let replied = Replied {
        number,
        state: state.map(State::as_str),
    };
    events::append(
        &mut tx,
        event("forum.post_created", topic, author, &replied),
    )
    .await?;
    tx.commit().await?;
    Ok((number, unknown))
}

/// What a reply going out changes in its topic: the activity, the question's state,
/// and the time of its first reply from someone other than the asker (`by_other`).
async fn went_out(
    connection: &mut AnyConnection,
    topic: TopicId,
    state: Option<State>,
    by_other: bool,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_topics SET activity_at = $2, state = $3, \
         first_reply_at = CASE WHEN first_reply_at IS NULL AND $4 = 1 THEN $2 ELSE first_reply_at END \
         WHERE id = $1",
    )
    .bind(topic)
    .bind(at)
    .bind(state.map_or("", State::as_str))
    .bind(i64::from(by_other))
    .execute(connection)
    .await?;
    Ok(())
}

/// A waiting reply, approved by a moderator, goes out: its topic moves as if it had
/// been posted now. On the moderator's transaction.
pub(crate) async fn approved(
    connection: &mut AnyConnection,
    post: PostId,
) -> Result<(), TopicError> {
    let row: Option<(TopicId, i64, Option<UserId>, i64)> = sqlx::query_as(
        "SELECT topic_id, number, author_id, asks_for_info FROM forum_posts WHERE id = $1",
    )
    .bind(post)
    .fetch_optional(&mut *connection)
    .await?;
    let Some((topic, number, author, asks_for_info)) = row else {
        return Err(TopicError::NotFound);
    };
    if number == 1 {
        // A topic let out: it is new in the lists.
        sqlx::query("UPDATE forum_topics SET activity_at = $2 WHERE id = $1")
            .bind(topic)
            .bind(now_ms())
            .execute(&mut *connection)
            .await?;
        return Ok(());
    }
    let locked = lock(connection, topic).await?;
    let by_asker = author.is_some() && locked.author == author;
    let state = match locked.state {
        Some(state) => {
            let step = if by_asker {
                Step::AskerReplies
            } else if asks_for_info == 1 {
                Step::AskForInfo
            } else {
                Step::Answer
            };
            // A step the question no longer takes (it was solved meanwhile) leaves it.
            Some(state.after(step).unwrap_or(state))
        }
        None => None,
    };
    went_out(connection, topic, state, !by_asker, now_ms()).await?;
    Ok(())
}

#[derive(Serialize)]
struct Solution {
    post: Option<PostId>,
}

/// Marks post `post` of `topic` as its solution (moving the mark if another had it),
/// or takes the mark away (`post` none).
pub async fn set_solution(
    db: &Db,
    topic: TopicId,
    post: Option<PostId>,
    actor: UserId,
) -> Result<(), TopicError> {
    let mut tx = db.write().await?;
    let locked = lock(&mut tx, topic).await?;
    let Some(state) = locked.state else {
        return Err(TopicError::NotAQuestion);
    };
    if let Some(post) = post {
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT number, visibility FROM forum_posts WHERE id = $1 AND topic_id = $2",
        )
        .bind(post)
        .bind(topic)
        .fetch_optional(&mut *tx)
        .await?;
        match found {
            None => return Err(TopicError::NotFound),
            Some((1, _)) => return Err(TopicError::OpeningPost),
            // A hidden post is no answer to offer anyone.
            Some((_, visibility)) if Visibility::parse(&visibility) != Visibility::Shown => {
                return Err(TopicError::OpeningPost);
            }
            Some(_) => {}
        }
    }
    let step = match post {
        Some(_) => Step::MarkSolution,
        None => Step::UnmarkSolution,
    };
    let after = state.after(step)?;
    let now = now_ms();
    sqlx::query(
        "UPDATE forum_topics SET state = $2, solution_post_id = $3, activity_at = $4, \
         solved_at = CASE WHEN $3 IS NULL THEN NULL ELSE $4 END WHERE id = $1",
    )
    .bind(topic)
    .bind(after.as_str())
    .bind(post)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let kind = match post {
        Some(_) => "forum.solution_marked",
        None => "forum.solution_unmarked",
    };
    events::append(&mut tx, event(kind, topic, actor, &Solution { post })).await?;
    if let Some(post) = post {
        let author: Option<UserId> =
            sqlx::query_scalar("SELECT author_id FROM forum_posts WHERE id = $1")
                .bind(post)
                .fetch_one(&mut *tx)
                .await?;
        if let Some(author) = author {
            crate::trust::recognize(&mut tx, author).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct Voted {
    post: Option<PostId>,
    on: bool,
}

/// The two kinds of vote: "a mí también" on a topic, "me fue útil" on a post.
#[derive(Clone, Copy)]
enum Votes {
    Topic,
    Post,
}

/// Records (`on`) or takes back `person`'s vote on thing `id`; returns how the count
/// moves (+1, -1, or 0 when the vote already was as asked).
async fn cast_vote(
    connection: &mut AnyConnection,
    kind: Votes,
    id: i64,
    person: UserId,
    on: bool,
) -> Result<i64, sqlx::Error> {
    let (table, column) = match kind {
        Votes::Topic => ("forum_topic_votes", "topic_id"),
        Votes::Post => ("forum_post_votes", "post_id"),
    };
    let changed = if on {
        sqlx::query(&format!(
            "INSERT INTO {table} ({column}, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        ))
        .bind(id)
        .bind(person)
        .bind(now_ms())
        .execute(connection)
        .await?
    } else {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE {column} = $1 AND user_id = $2"
        ))
        .bind(id)
        .bind(person)
        .execute(connection)
        .await?
    };
    let moved = i64::try_from(changed.rows_affected()).unwrap_or(0);
    Ok(if on { moved } else { -moved })
}

/// Says (`on`) or takes back "a mí también me pasa" on `topic` for `person`; returns
/// the count.
pub async fn me_too(db: &Db, topic: TopicId, person: UserId, on: bool) -> Result<i64, TopicError> {
    let mut tx = db.write().await?;
    lock(&mut tx, topic).await?;
    let delta = cast_vote(&mut tx, Votes::Topic, topic.get(), person, on).await?;
    let count: i64 = sqlx::query_scalar(
        "UPDATE forum_topics SET me_too = me_too + $2 WHERE id = $1 RETURNING me_too",
    )
    .bind(topic)
    .bind(delta)
    .fetch_one(&mut *tx)
    .await?;
    if delta != 0 {
        let voted = Voted { post: None, on };
        events::append(&mut tx, event("forum.me_too", topic, person, &voted)).await?;
    }
    tx.commit().await?;
    Ok(count)
}

/// Marks (`on`) or unmarks post `post` as helpful for `person`; returns its topic and
/// the count.
pub async fn helpful(
    db: &Db,
    post: PostId,
    person: UserId,
    on: bool,
) -> Result<(TopicId, i64), TopicError> {
    let mut tx = db.write().await?;
    let row: Option<(TopicId, Option<UserId>, String)> = sqlx::query_as(
        "UPDATE forum_posts SET helpful = helpful WHERE id = $1 \
         RETURNING topic_id, author_id, visibility",
    )
    .bind(post)
    .fetch_optional(&mut *tx)
    .await?;
    let (topic, author, visibility) = row.ok_or(TopicError::NotFound)?;
    // Only a post others can read takes a vote (taking one back is always allowed).
    if on && Visibility::parse(&visibility) != Visibility::Shown {
        return Err(TopicError::NotFound);
    }
    let delta = cast_vote(&mut tx, Votes::Post, post.get(), person, on).await?;
    let count: i64 = sqlx::query_scalar(
        "UPDATE forum_posts SET helpful = helpful + $2 WHERE id = $1 RETURNING helpful",
    )
    .bind(post)
    .bind(delta)
    .fetch_one(&mut *tx)
    .await?;
    if delta != 0 {
        let voted = Voted {
            post: Some(post),
            on,
        };
        events::append(&mut tx, event("forum.helpful", topic, person, &voted)).await?;
        if let Some(author) = author.filter(|_| on) {
            crate::trust::recognize(&mut tx, author).await?;
        }
    }
    tx.commit().await?;
    Ok((topic, count))
}

#[derive(Serialize)]
struct Edited<'a> {
    post: PostId,
    reason: &'a str,
}

/// Replaces the text of `post` (and the topic's title, for its opening post) as
/// `editor` did, for `reason`; the old text stays in the history.
pub async fn edit(
    db: &Db,
    post: PostId,
    editor: UserId,
    body: &Body,
    title: Option<&Title>,
    reason: &str,
) -> Result<TopicId, TopicError> {
    let mut tx = db.write().await?;
    let (html, _) = render(&mut tx, body).await?;
    let now = now_ms();
    let row: Option<(TopicId, i64, i64)> = sqlx::query_as(
        "UPDATE forum_posts SET body = $2, html = $3, revisions = revisions + 1, edited_at = $4 \
         WHERE id = $1 RETURNING topic_id, number, revisions",
    )
    .bind(post)
    .bind(body.as_str())
    .bind(html)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let (topic, number, revision) = row.ok_or(TopicError::NotFound)?;
    sqlx::query(
        "INSERT INTO forum_post_revisions (post_id, number, editor_id, at, reason, body) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(post)
    .bind(revision)
    .bind(editor)
    .bind(now)
    .bind(reason)
    .bind(body.as_str())
    .execute(&mut *tx)
    .await?;
    if let (1, Some(title)) = (number, title) {
        sqlx::query("UPDATE forum_topics SET title = $2 WHERE id = $1")
            .bind(topic)
            .bind(title.as_str())
            .execute(&mut *tx)
            .await?;
    }
    let edited = Edited { post, reason };
    events::append(&mut tx, event("forum.post_edited", topic, editor, &edited)).await?;
    tx.commit().await?;
    Ok(topic)
}

/// One revision of a post, for its history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub number: i64,
    pub editor: Option<String>,
    pub at: i64,
    pub reason: String,
    pub body: String,
}

/// Every revision of `post`, newest first.
pub async fn revisions(db: &Db, post: PostId) -> Result<Vec<Revision>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, i64, String, String)> = sqlx::query_as(
        "SELECT r.number, u.display_name, r.at, r.reason, r.body FROM forum_post_revisions r \
         LEFT JOIN users u ON u.id = r.editor_id WHERE r.post_id = $1 ORDER BY r.number DESC",
    )
    .bind(post)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(number, editor, at, reason, body)| Revision {
            number,
            editor,
            at,
            reason,
            body,
        })
        .collect())
}

/// A topic as another rung starts something from it: its title, its question and
/// accepted answer (when shown), and who wrote them.
pub async fn excerpt(db: &Db, id: i64) -> Result<Option<Excerpt>, sqlx::Error> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<UserId>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT t.title, p.body, qa.display_name, s.body, sa.display_name, p.author_id \
         FROM forum_topics t \
         JOIN forum_posts p ON p.topic_id = t.id AND p.number = 1 \
         LEFT JOIN users qa ON qa.id = p.author_id \
         LEFT JOIN forum_posts s ON s.id = t.solution_post_id AND s.visibility = 'shown' \
         LEFT JOIN users sa ON sa.id = s.author_id \
         WHERE t.id = $1 AND t.shown = 1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(
        row.map(|(title, question, asker, solution, answerer, starter)| {
            let mut body = question;
            if let Some(solution) = solution {
                body.push_str("\n\n---\n\n");
                body.push_str(&solution);
            }
            let mut authors: Vec<String> = asker.into_iter().chain(answerer).collect();
            authors.dedup();
            Excerpt {
                title,
                body,
                authors,
                starter,
            }
        }),
    )
}

/// A topic's title and address, for a link shown on another rung (a merged topic's
/// links lead to the topic it joined).
pub async fn describe(db: &Db, id: i64) -> Result<Option<Described>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT t.id, t.title FROM forum_topics f \
         JOIN forum_topics t ON t.id = COALESCE(f.merged_into, f.id) \
         WHERE f.id = $1 AND t.shown = 1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, title)| Described {
        title,
        path: format!("/comunidad/tema/{id}"),
        state: None,
    }))
}

/// Marks as expired every question that has waited (in a state that can expire: open
/// or needing information) with no activity since `before`; returns how many.
pub async fn expire(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let waiting_states = State::ALL
        .into_iter()
        .filter(|state| state.can_expire())
        .map(|state| format!("'{}'", state.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let expired_state = State::Open
        .after(Step::Expire)
        .map_or("expired", State::as_str);
    let waiting: Vec<TopicId> = sqlx::query_scalar(&format!(
        "SELECT id FROM forum_topics WHERE state IN ({waiting_states}) AND activity_at < $1 \
         AND merged_into IS NULL \
         ORDER BY id LIMIT 1000"
    ))
    .bind(before)
    .fetch_all(db.pool())
    .await?;
    let mut expired = 0;
    for id in waiting {
        let mut tx = db.write().await?;
        // Checked again under the write: a reply may have come in since the read.
        let done = sqlx::query(&format!(
            "UPDATE forum_topics SET state = $3 WHERE id = $1 AND merged_into IS NULL \
             AND state IN ({waiting_states}) AND activity_at < $2"
        ))
        .bind(id)
        .bind(before)
        .bind(expired_state)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            let event = NewEvent {
                kind: "forum.question_expired",
                subject: format!("{}:{id}", crate::SUBJECT),
                actor_id: None,
                payload: &(),
            };
            events::append(&mut tx, event).await?;
            expired += 1;
        }
        tx.commit().await?;
    }
    Ok(expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_and_sorts_read_back() {
        let cursor = Cursor {
            key: 1_700_000,
            id: 42,
        };
        assert_eq!(Cursor::parse(&cursor.to_param()), Some(cursor));
        assert_eq!(Cursor::parse("-3.5"), Some(Cursor { key: -3, id: 5 }));
        assert_eq!(Cursor::parse("x.1"), None);
        assert_eq!(Cursor::parse("12"), None);
        for sort in Sort::ALL {
            assert_eq!(Sort::from_param(sort.param()), sort);
        }
        assert_eq!(Sort::from_param("raro"), Sort::Activity);
    }
}
