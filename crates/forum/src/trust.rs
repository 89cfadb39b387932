//! Trust levels and badges. How far the forum trusts a person rises from what they did
//! (days visited, posts read, replies, accepted answers, flags upheld) and unlocks
//! posting links and images, heavier flags and editing knowledge-base articles directly;
//! staff can set a level by hand. New members' first posts wait for a moderator. The
//! forum's badges (accepted answers, helpful votes received) are awarded here too.
//!
//! The rules are plain functions over plain data, tested below without I/O; the store
//! functions after them keep `forum_trust` and `forum_reads`. May call the platform
//! (storage, roles, recognition, events, audit).

use serde::Serialize;
use soporte_platform::accounts::{self, Role, roles};
use soporte_platform::audit::{self, Action};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::recognition;
use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::TopicId;
use crate::moderation::HIDE_AT;

/// How far the forum trusts someone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Just arrived: first posts wait for a moderator, no links or images yet.
    New,
    /// Has read around: posts at once, with links and images.
    Basic,
    /// Takes part: their flags weigh more.
    Member,
    /// A regular: edits knowledge-base articles without review.
    Regular,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::New, Level::Basic, Level::Member, Level::Regular];

    pub fn number(self) -> i64 {
        match self {
            Level::New => 0,
            Level::Basic => 1,
            Level::Member => 2,
            Level::Regular => 3,
        }
    }

    pub fn from_number(number: i64) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.number() == number)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Level::New => "forum-level-new",
            Level::Basic => "forum-level-basic",
            Level::Member => "forum-level-member",
            Level::Regular => "forum-level-regular",
        }
    }

    /// The Fluent id of what the level lets a person do.
    pub fn unlocks_id(self) -> &'static str {
        match self {
            Level::New => "forum-level-new-unlocks",
            Level::Basic => "forum-level-basic-unlocks",
            Level::Member => "forum-level-member-unlocks",
            Level::Regular => "forum-level-regular-unlocks",
        }
    }

    pub fn next(self) -> Option<Level> {
        Level::from_number(self.number() + 1)
    }
}

/// What a person did in the forum, as the levels count it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    pub days_visited: i64,
    pub posts_read: i64,
    pub replies: i64,
    pub solutions: i64,
    pub flags_upheld: i64,
}

/// One thing the levels count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    DaysVisited,
    PostsRead,
    Replies,
    Solutions,
    FlagsUpheld,
}

impl Measure {
    pub fn of(self, activity: &Activity) -> i64 {
        match self {
            Measure::DaysVisited => activity.days_visited,
            Measure::PostsRead => activity.posts_read,
            Measure::Replies => activity.replies,
            Measure::Solutions => activity.solutions,
            Measure::FlagsUpheld => activity.flags_upheld,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Measure::DaysVisited => "forum-measure-days",
            Measure::PostsRead => "forum-measure-read",
            Measure::Replies => "forum-measure-replies",
            Measure::Solutions => "forum-measure-solutions",
            Measure::FlagsUpheld => "forum-measure-flags",
        }
    }
}

/// What reaching `level` asks (each level also needs the one before it).
fn asks(level: Level) -> &'static [(Measure, i64)] {
    match level {
        Level::New => &[],
        Level::Basic => &[(Measure::DaysVisited, 2), (Measure::PostsRead, 20)],
        Level::Member => &[
            (Measure::DaysVisited, 10),
            (Measure::PostsRead, 100),
            (Measure::Replies, 5),
        ],
        Level::Regular => &[
            (Measure::DaysVisited, 30),
            (Measure::PostsRead, 300),
            (Measure::Replies, 20),
            (Measure::Solutions, 3),
            (Measure::FlagsUpheld, 1),
        ],
    }
}

fn meets(activity: &Activity, level: Level) -> bool {
    asks(level)
        .iter()
        .all(|(measure, wanted)| measure.of(activity) >= *wanted)
}

/// The highest level `activity` reaches, each level on top of the one before.
pub fn reached(activity: &Activity) -> Level {
    let mut level = Level::New;
    while let Some(next) = level.next() {
        if !meets(activity, next) {
            break;
        }
        level = next;
    }
    level
}

/// One thing a level asks: how much of it a person has and how much it wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub measure: Measure,
    pub have: i64,
    pub want: i64,
}

impl Need {
    pub fn met(&self) -> bool {
        self.have >= self.want
    }
}

/// The level after `level` and what it asks of someone with `activity`; none at the top.
pub fn needs(activity: &Activity, level: Level) -> Option<(Level, Vec<Need>)> {
    let next = level.next()?;
    let needs = asks(next)
        .iter()
        .map(|(measure, want)| Need {
            measure: *measure,
            have: measure.of(activity),
            want: *want,
        })
        .collect();
    Some((next, needs))
}

/// Roles that staff gave trust a person as a regular, whatever the forum counted.
fn trusted_by_role(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|role| matches!(role, Role::TrustedMember | Role::Moderator | Role::Staff))
}

/// The level that counts for someone at `stored` with `roles`.
pub fn effective(stored: Level, roles: &[Role]) -> Level {
    if trusted_by_role(roles) {
        Level::Regular
    } else {
        stored
    }
}

/// What one person's flag weighs: heavier from level Member on; a moderator's hides at
/// once.
pub fn flag_weight(level: Level, roles: &[Role]) -> i64 {
    if roles
        .iter()
        .any(|role| matches!(role, Role::Moderator | Role::Staff))
    {
        HIDE_AT
    } else if level >= Level::Member {
        2
    } else {
        1
    }
}

/// Whether someone at `level` may put links and images in a post.
pub fn may_link(level: Level) -> bool {
    level >= Level::Basic
}

/// How many posts reading a page `from..=upto` adds, when posts up to `before` were
/// counted already: only those of the page, and only past `before`.
pub fn newly_read(before: i64, from: i64, upto: i64) -> i64 {
    (upto - before.max(from - 1)).max(0)
}

/// How many of a new member's posts a moderator approves before the rest go out at once.
pub const FIRST_POSTS_REVIEWED: i64 = 2;

/// Whether a post by someone at `level` with `published` posts already out waits for a
/// moderator.
pub fn waits_for_review(level: Level, published: i64) -> bool {
    level == Level::New && published < FIRST_POSTS_REVIEWED
}

// ---- the store ----------------------------------------------------------------------

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A staff member set a person's level by hand (or gave it back to the counts).
pub const LEVEL_SET: Action = Action::new("forum.trust_level_set");

/// A person's level as kept, whether staff fixed it, and what they did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub level: Level,
    /// Set by hand: the counts no longer move it.
    pub fixed: bool,
    pub activity: Activity,
}

/// Makes sure `person` has a row (level New, nothing counted).
async fn ensure(connection: &mut AnyConnection, person: UserId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_trust (user_id, level, fixed, visit_days, last_visit_day, posts_read) \
         VALUES ($1, 0, 0, 0, -1, 0) ON CONFLICT DO NOTHING",
    )
    .bind(person)
    .execute(connection)
    .await?;
    Ok(())
}

/// The level kept for `person` (New when the forum has not seen them).
pub async fn level_of(
    connection: &mut AnyConnection,
    person: UserId,
) -> Result<Level, sqlx::Error> {
    let level: Option<i64> = sqlx::query_scalar("SELECT level FROM forum_trust WHERE user_id = $1")
        .bind(person)
        .fetch_optional(connection)
        .await?;
    Ok(level.and_then(Level::from_number).unwrap_or(Level::New))
}

/// The level that counts for `person`, who holds `roles`.
pub async fn level(db: &Db, person: UserId, roles: &[Role]) -> Result<Level, sqlx::Error> {
    let level: Option<i64> = sqlx::query_scalar("SELECT level FROM forum_trust WHERE user_id = $1")
        .bind(person)
        .fetch_optional(db.pool())
        .await?;
    let kept = level.and_then(Level::from_number).unwrap_or(Level::New);
    Ok(effective(kept, roles))
}

/// What `person` did, counted now.
pub async fn activity(
    connection: &mut AnyConnection,
    person: UserId,
) -> Result<Activity, sqlx::Error> {
    let counted: Option<(i64, i64)> =
        sqlx::query_as("SELECT visit_days, posts_read FROM forum_trust WHERE user_id = $1")
            .bind(person)
            .fetch_optional(&mut *connection)
            .await?;
    let (days_visited, posts_read) = counted.unwrap_or((0, 0));
    let replies: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND number > 1 \
         AND visibility = 'shown'",
    )
    .bind(person)
    .fetch_one(&mut *connection)
    .await?;
    let solutions = solutions(connection, person).await?;
    let flags_upheld: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM forum_flags WHERE flagger_id = $1 AND state = 'upheld'",
    )
    .bind(person)
    .fetch_one(&mut *connection)
    .await?;
    Ok(Activity {
        days_visited,
        posts_read,
        replies,
        solutions,
        flags_upheld,
    })
}

/// How many of `person`'s replies are the solution of someone else's question (an
/// asker accepting their own reply earns nothing by it).
pub async fn solutions(connection: &mut AnyConnection, person: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM forum_posts p JOIN forum_topics t ON t.solution_post_id = p.id \
         WHERE p.author_id = $1 AND (t.author_id IS NULL OR t.author_id <> p.author_id)",
    )
    .bind(person)
    .fetch_one(connection)
    .await
}

/// `person`'s standing.
pub async fn standing(db: &Db, person: UserId) -> Result<Standing, sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT level, fixed FROM forum_trust WHERE user_id = $1")
            .bind(person)
            .fetch_optional(&mut *connection)
            .await?;
    let (level, fixed) = row.unwrap_or((0, 0));
    Ok(Standing {
        level: Level::from_number(level).unwrap_or(Level::New),
        fixed: fixed == 1,
        activity: activity(&mut connection, person).await?,
    })
}

/// The roles `person` holds, read on `connection`.
async fn roles_on(
    connection: &mut AnyConnection,
    person: UserId,
) -> Result<Vec<Role>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(person)
        .fetch_all(connection)
        .await?;
    Ok(names.iter().filter_map(|name| name.parse().ok()).collect())
}

/// Whether a post `author` writes now waits for a moderator.
pub(crate) async fn post_waits(
    connection: &mut AnyConnection,
    author: UserId,
) -> Result<bool, sqlx::Error> {
    let roles = roles_on(connection, author).await?;
    let level = effective(level_of(connection, author).await?, &roles);
    if level != Level::New {
        return Ok(false);
    }
    let published: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND visibility = 'shown'",
    )
    .bind(author)
    .fetch_one(connection)
    .await?;
    Ok(waits_for_review(level, published))
}

#[derive(Serialize)]
struct Raised {
    level: i64,
}

/// Raises `person`'s level to what their activity reaches, unless staff fixed it;
/// returns the new level when it rose.
async fn raise(
    connection: &mut AnyConnection,
    person: UserId,
) -> Result<Option<Level>, sqlx::Error> {
    ensure(connection, person).await?;
    let (level, fixed): (i64, i64) = sqlx::query_as(
        "UPDATE forum_trust SET level = level WHERE user_id = $1 RETURNING level, fixed",
    )
    .bind(person)
    .fetch_one(&mut *connection)
    .await?;
    let level = Level::from_number(level).unwrap_or(Level::New);
    if fixed == 1 {
        return Ok(None);
    }
    let reached = reached(&activity(connection, person).await?);
    if reached <= level {
        return Ok(None);
    }
    sqlx::query("UPDATE forum_trust SET level = $2 WHERE user_id = $1")
        .bind(person)
        .bind(reached.number())
        .execute(&mut *connection)
        .await?;
    let event = NewEvent {
        kind: "forum.trust_level_raised",
        subject: format!("user:{person}"),
        actor_id: None,
        payload: &Raised {
            level: reached.number(),
        },
    };
    events::append(connection, event).await?;
    Ok(Some(reached))
}

/// Gives or takes the platform's trusted-member role so that it matches `level` (the
/// documentation lets trusted members publish without review).
async fn match_role(
    db: &Db,
    person: UserId,
    level: Level,
    actor: Option<UserId>,
) -> Result<(), sqlx::Error> {
    let (grant, revoke): (&[Role], &[Role]) = if level == Level::Regular {
        (&[Role::TrustedMember], &[])
    } else {
        (&[], &[Role::TrustedMember])
    };
    match roles::change_roles(db, person, grant, revoke, actor).await {
        Ok(_) | Err(roles::RoleError::NoSuchPerson | roles::RoleError::LastStaff) => Ok(()),
        Err(roles::RoleError::Database(error)) => Err(error),
    }
}

/// Raises `person`'s level if what they did now reaches a higher one.
pub async fn advance(db: &Db, person: UserId) -> Result<Option<Level>, sqlx::Error> {
    let mut tx = db.write().await?;
    let raised = raise(&mut tx, person).await?;
    tx.commit().await?;
    if raised == Some(Level::Regular) {
        match_role(db, person, Level::Regular, None).await?;
    }
    Ok(raised)
}

/// What the counts hold of a reader before a visit: their level and the day of their
/// last visit (none before their first), and how far they read the topic at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub kept: Option<(Level, i64)>,
    pub upto: Option<i64>,
}

impl Seen {
    /// From the columns a query read: level, last visit day, furthest post read.
    pub fn from_columns(level: Option<i64>, day: Option<i64>, upto: Option<i64>) -> Seen {
        let kept = match (level, day) {
            (Some(level), Some(day)) => {
                Some((Level::from_number(level).unwrap_or(Level::New), day))
            }
            _ => None,
        };
        Seen { kept, upto }
    }
}

/// What the counts hold of `person` (and of their reading of `topic`).
async fn seen_by(db: &Db, person: UserId, topic: Option<TopicId>) -> Result<Seen, sqlx::Error> {
    let row: (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT level FROM forum_trust WHERE user_id = $1), \
         (SELECT last_visit_day FROM forum_trust WHERE user_id = $1), \
         (SELECT upto FROM forum_reads WHERE user_id = $1 AND topic_id = $2)",
    )
    .bind(person)
    .bind(topic)
    .fetch_one(db.pool())
    .await?;
    Ok(Seen::from_columns(row.0, row.1, row.2))
}

/// Records that `person` came to the forum today and, with `read`, that they read posts
/// `from..=upto` of a topic (a page of it); their level rises when that was enough.
/// Returns the level kept for them (roles aside: see [`effective`]). Posts count once:
/// those up to the furthest one already counted do not count again. What the counts
/// held is `seen` when the caller read it with other things, else read here; a write
/// only when something is new (the first visit of a day, posts not read before).
pub async fn visited(
    db: &Db,
    person: UserId,
    seen: Option<Seen>,
    read: Option<(TopicId, i64, i64)>,
) -> Result<Level, sqlx::Error> {
    let today = now_ms() / DAY_MS;
    let (topic, from, upto) = match read {
        Some((topic, from, upto)) => (Some(topic), from, upto),
        None => (None, 1, 0),
    };
    let seen = match seen {
        Some(seen) => seen,
        None => seen_by(db, person, topic).await?,
    };
    let kept = match seen.kept {
        Some((level, day))
            if day >= today && newly_read(seen.upto.unwrap_or(0), from, upto) == 0 =>
        {
            Some(level)
        }
        _ => None,
    };
    if let Some(level) = kept {
        return Ok(level);
    }
    let mut tx = db.write().await?;
    ensure(&mut tx, person).await?;
    sqlx::query(
        "UPDATE forum_trust SET visit_days = visit_days + 1, last_visit_day = $2 \
         WHERE user_id = $1 AND last_visit_day < $2",
    )
    .bind(person)
    .bind(today)
    .execute(&mut *tx)
    .await?;
    if let Some(topic) = topic {
        sqlx::query(
            "INSERT INTO forum_reads (user_id, topic_id, upto) VALUES ($1, $2, 0) \
             ON CONFLICT DO NOTHING",
        )
        .bind(person)
        .bind(topic)
        .execute(&mut *tx)
        .await?;
        let before: i64 = sqlx::query_scalar(
            "UPDATE forum_reads SET upto = upto WHERE user_id = $1 AND topic_id = $2 RETURNING upto",
        )
        .bind(person)
        .bind(topic)
        .fetch_one(&mut *tx)
        .await?;
        let read = newly_read(before, from, upto);
        if read > 0 {
            sqlx::query("UPDATE forum_reads SET upto = $3 WHERE user_id = $1 AND topic_id = $2")
                .bind(person)
                .bind(topic)
                .bind(upto)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE forum_trust SET posts_read = posts_read + $2 WHERE user_id = $1")
                .bind(person)
                .bind(read)
                .execute(&mut *tx)
                .await?;
        }
    }
    let raised = raise(&mut tx, person).await?;
    let level = level_of(&mut tx, person).await?;
    tx.commit().await?;
    if raised == Some(Level::Regular) {
        match_role(db, person, Level::Regular, None).await?;
    }
    Ok(level)
}

/// A history from before today (the demo's): `person` came on `days` days up to
/// yesterday and read `read` posts; their level rises as far as that (and what they
/// posted) reaches.
pub async fn history(
    db: &Db,
    person: UserId,
    days: i64,
    read: i64,
) -> Result<Option<Level>, sqlx::Error> {
    let mut tx = db.write().await?;
    ensure(&mut tx, person).await?;
    sqlx::query(
        "UPDATE forum_trust SET visit_days = $2, posts_read = $3, last_visit_day = $4 \
         WHERE user_id = $1",
    )
    .bind(person)
    .bind(days)
    .bind(read)
    .bind(now_ms() / DAY_MS - 1)
    .execute(&mut *tx)
    .await?;
    let raised = raise(&mut tx, person).await?;
    tx.commit().await?;
    if raised == Some(Level::Regular) {
        match_role(db, person, Level::Regular, None).await?;
    }
    Ok(raised)
}

#[derive(Serialize)]
struct Set<'a> {
    /// None: back to what the counts give.
    level: Option<i64>,
    reason: &'a str,
}

/// Staff set `person`'s level by hand (`level`), or give it back to the counts (none);
/// returns the level now kept. The trusted-member role follows the level.
pub async fn set_by_hand(
    db: &Db,
    person: UserId,
    level: Option<Level>,
    staff: UserId,
    reason: &str,
) -> Result<Level, sqlx::Error> {
    let mut tx = db.write().await?;
    ensure(&mut tx, person).await?;
    let now = match level {
        Some(level) => level,
        None => reached(&activity(&mut tx, person).await?),
    };
    sqlx::query("UPDATE forum_trust SET level = $2, fixed = $3 WHERE user_id = $1")
        .bind(person)
        .bind(now.number())
        .bind(i64::from(level.is_some()))
        .execute(&mut *tx)
        .await?;
    let detail = Set {
        level: level.map(Level::number),
        reason,
    };
    let event = NewEvent {
        kind: LEVEL_SET.name(),
        subject: format!("user:{person}"),
        actor_id: Some(staff),
        payload: &detail,
    };
    events::append(&mut tx, event).await?;
    let entry = audit::Entry {
        actor_id: Some(staff),
        action: LEVEL_SET,
        target_user_id: Some(person),
        detail: &detail,
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    // Staff themselves and moderators keep their trust through their own roles.
    let roles = accounts::roles_of(db, person).await?;
    if !roles
        .iter()
        .any(|role| matches!(role, Role::Moderator | Role::Staff))
    {
        match_role(db, person, now, Some(staff)).await?;
    }
    Ok(now)
}

/// Awards `person` the badges their accepted answers and helpful votes earn.
pub(crate) async fn recognize(
    connection: &mut AnyConnection,
    person: UserId,
) -> Result<(), sqlx::Error> {
    let accepted = solutions(connection, person).await?;
    let helpful: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(helpful), 0) AS BIGINT) FROM forum_posts WHERE author_id = $1",
    )
    .bind(person)
    .fetch_one(&mut *connection)
    .await?;
    let mut due = recognition::for_solutions(accepted);
    due.extend(recognition::for_helpful_votes(helpful));
    recognition::award(connection, person, &due).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active(days: i64, read: i64, replies: i64, solutions: i64, flags: i64) -> Activity {
        Activity {
            days_visited: days,
            posts_read: read,
            replies,
            solutions,
            flags_upheld: flags,
        }
    }

    #[test]
    fn levels_rise_one_on_top_of_another() {
        assert_eq!(reached(&Activity::default()), Level::New);
        assert_eq!(reached(&active(2, 19, 0, 0, 0)), Level::New);
        assert_eq!(reached(&active(2, 20, 0, 0, 0)), Level::Basic);
        assert_eq!(reached(&active(10, 100, 5, 0, 0)), Level::Member);
        assert_eq!(reached(&active(30, 300, 20, 3, 1)), Level::Regular);
        // Lots of answers without reading around is not enough.
        assert_eq!(reached(&active(1, 5, 50, 20, 5)), Level::New);
        // A regular's counts without one upheld flag stay a member.
        assert_eq!(reached(&active(30, 300, 20, 3, 0)), Level::Member);
    }

    #[test]
    fn the_next_level_says_what_is_missing() {
        let (next, needs) = needs(&active(3, 40, 1, 0, 0), Level::Basic).unwrap();
        assert_eq!(next, Level::Member);
        let missing: Vec<(Measure, i64, i64)> = needs
            .iter()
            .filter(|need| !need.met())
            .map(|need| (need.measure, need.have, need.want))
            .collect();
        assert_eq!(
            missing,
            [
                (Measure::DaysVisited, 3, 10),
                (Measure::PostsRead, 40, 100),
                (Measure::Replies, 1, 5)
            ]
        );
        assert!(super::needs(&Activity::default(), Level::Regular).is_none());
    }

    #[test]
    fn unlocks_follow_the_level_and_roles_given_by_staff() {
        assert!(!may_link(Level::New));
        assert!(may_link(Level::Basic));
        assert_eq!(flag_weight(Level::Basic, &[Role::Member]), 1);
        assert_eq!(flag_weight(Level::Member, &[Role::Member]), 2);
        assert_eq!(flag_weight(Level::New, &[Role::Moderator]), HIDE_AT);
        assert_eq!(
            effective(Level::New, &[Role::TrustedMember]),
            Level::Regular
        );
        assert_eq!(effective(Level::Basic, &[Role::Member]), Level::Basic);
        assert!(waits_for_review(Level::New, 0));
        assert!(waits_for_review(Level::New, FIRST_POSTS_REVIEWED - 1));
        assert!(!waits_for_review(Level::New, FIRST_POSTS_REVIEWED));
        assert!(!waits_for_review(Level::Basic, 0));
    }

    #[test]
    fn reading_counts_the_page_once() {
        assert_eq!(newly_read(0, 1, 21), 21);
        assert_eq!(newly_read(21, 1, 21), 0, "the same page again");
        assert_eq!(newly_read(21, 22, 41), 20, "the next page");
        assert_eq!(newly_read(0, 481, 500), 20, "the last page only");
        assert_eq!(newly_read(500, 1, 21), 0, "back to the first");
        assert_eq!(newly_read(10, 1, 21), 11);
    }

    #[test]
    fn numbers_read_back() {
        for level in Level::ALL {
            assert_eq!(Level::from_number(level.number()), Some(level));
        }
        assert_eq!(Level::from_number(7), None);
        assert_eq!(Level::Regular.next(), None);
    }
}
