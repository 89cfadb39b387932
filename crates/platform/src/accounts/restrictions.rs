//! Restrictions on a person, for a set time and with a reason they are shown: a
//! silence (they read but cannot write for others; the forum checks it, and each area
//! where people write for others is to check it too) or a suspension (they cannot sign
//! in: their sessions end at once and are not found again, their API tokens are
//! refused). Moderators
//! and staff put them on; moderators and staff are restricted only by staff, and nobody
//! by themselves. The restricted person may appeal once per restriction (see
//! [`super::appeals`]). Every change is one transaction with its event and audit entry.

use serde::Serialize;
use sqlx::AnyConnection;

use super::Role;
use crate::audit::{self, Action};
use crate::events::{self, NewEvent};
use crate::storage::{Db, UserId, now_ms};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What a restriction keeps a person from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Writing for others (posting, replying, reporting, flagging).
    Silence,
    /// Signing in at all.
    Suspension,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Silence, Kind::Suspension];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Silence => "silence",
            Kind::Suspension => "suspension",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The Fluent id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Kind::Silence => "restriction-silence",
            Kind::Suspension => "restriction-suspension",
        }
    }

    fn put_on(self) -> Action {
        match self {
            Kind::Silence => SILENCED,
            Kind::Suspension => SUSPENDED,
        }
    }

    fn taken_off(self) -> Action {
        match self {
            Kind::Silence => SILENCE_LIFTED,
            Kind::Suspension => SUSPENSION_LIFTED,
        }
    }
}

pub const SILENCED: Action = Action::new("person.silenced");
pub const SILENCE_LIFTED: Action = Action::new("person.silence_lifted");
pub const SUSPENDED: Action = Action::new("person.suspended");
pub const SUSPENSION_LIFTED: Action = Action::new("person.suspension_lifted");

/// The longest restriction, in days.
pub const MAX_DAYS: i64 = 365;

/// A restriction in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    pub id: i64,
    pub kind: Kind,
    pub reason: String,
    pub until: i64,
}

/// Whether someone holding `actor_roles` may restrict a person holding `target_roles`
/// (`themself` when it is the actor).
pub fn may_restrict(actor_roles: &[Role], target_roles: &[Role], themself: bool) -> bool {
    let moderates = |roles: &[Role]| {
        roles
            .iter()
            .any(|role| matches!(role, Role::Moderator | Role::Staff))
    };
    if themself || !moderates(actor_roles) {
        return false;
    }
    !moderates(target_roles) || actor_roles.contains(&Role::Staff)
}

#[derive(Debug, thiserror::Error)]
pub enum RestrictError {
    #[error("no such person")]
    NoSuchPerson,
    #[error("only staff restrict moderators and staff, and nobody themself")]
    NotYours,
    #[error("a restriction lasts 1 to 365 days")]
    BadLength,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The restriction of `kind` that `person` is under now, if any (the longest).
pub async fn current(
    connection: &mut AnyConnection,
    person: UserId,
    kind: Kind,
) -> Result<Option<Restriction>, sqlx::Error> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, reason, until_at FROM restrictions WHERE user_id = $1 AND kind = $2 \
         AND until_at > $3 AND lifted_at IS NULL ORDER BY until_at DESC LIMIT 1",
    )
    .bind(person)
    .bind(kind.as_str())
    .bind(now_ms())
    .fetch_optional(connection)
    .await?;
    Ok(row.map(|(id, reason, until)| Restriction {
        id,
        kind,
        reason,
        until,
    }))
}

/// [`current`] on a connection of the pool.
pub async fn current_in(
    db: &Db,
    person: UserId,
    kind: Kind,
) -> Result<Option<Restriction>, sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    current(&mut connection, person, kind).await
}

/// Refuses unless `actor` may restrict `person` (see [`may_restrict`]).
async fn check(
    connection: &mut AnyConnection,
    person: UserId,
    (actor, actor_roles): (UserId, &[Role]),
) -> Result<(), RestrictError> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(person)
        .fetch_all(connection)
        .await?;
    let target_roles: Vec<Role> = names.iter().filter_map(|name| name.parse().ok()).collect();
    if may_restrict(actor_roles, &target_roles, person == actor) {
        Ok(())
    } else {
        Err(RestrictError::NotYours)
    }
}

#[derive(Serialize)]
struct Put<'a> {
    days: i64,
    reason: &'a str,
}

#[derive(Serialize)]
struct Taken<'a> {
    reason: &'a str,
}

/// The event and audit entry of a change to `person`'s restrictions.
async fn record<P: Serialize>(
    connection: &mut AnyConnection,
    action: Action,
    actor: UserId,
    person: UserId,
    detail: &P,
) -> Result<(), sqlx::Error> {
    let event = NewEvent {
        kind: action.name(),
        subject: format!("user:{person}"),
        actor_id: Some(actor),
        payload: detail,
    };
    events::append(connection, event).await?;
    let entry = audit::Entry {
        actor_id: Some(actor),
        action,
        target_user_id: Some(person),
        detail,
    };
    audit::record(connection, entry).await?;
    Ok(())
}

/// `actor` (holding `actor_roles`) puts `kind` on `person` for `days`, for `reason`
/// (shown to them). A suspension ends the person's sessions at once.
pub async fn restrict(
    db: &Db,
    person: UserId,
    kind: Kind,
    days: i64,
    (actor, actor_roles): (UserId, &[Role]),
    reason: &str,
) -> Result<(), RestrictError> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(RestrictError::BadLength);
    }
    let mut tx = db.write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1")
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(RestrictError::NoSuchPerson);
    }
    check(&mut tx, person, (actor, actor_roles)).await?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO restrictions (user_id, kind, reason, until_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(person)
    .bind(kind.as_str())
    .bind(reason)
    .bind(now + days * DAY_MS)
    .bind(actor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if kind == Kind::Suspension {
        // Their personal API tokens stay, refused until it ends (see `accounts::bearer`).
        super::sessions::end_all(&mut tx, person).await?;
    }
    record(&mut tx, kind.put_on(), actor, person, &Put { days, reason }).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends restriction `id` if it is still in force, as `actor` decided for `reason`, on
/// `connection` (an appeal granted: that restriction, not a later one); whether it was.
pub async fn lift_one(
    connection: &mut AnyConnection,
    id: i64,
    actor: UserId,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(UserId, String)> = sqlx::query_as(
        "UPDATE restrictions SET lifted_at = $2 WHERE id = $1 AND lifted_at IS NULL \
         AND until_at > $2 RETURNING user_id, kind",
    )
    .bind(id)
    .bind(now_ms())
    .fetch_optional(&mut *connection)
    .await?;
    let Some((person, kind)) = row else {
        return Ok(false);
    };
    if let Some(kind) = Kind::parse(&kind) {
        let taken = Taken { reason };
        record(connection, kind.taken_off(), actor, person, &taken).await?;
    }
    Ok(true)
}

/// `actor` (holding `actor_roles`) ends the `kind` restriction `person` is under, for
/// `reason`; whether there was one. Who may put it on may take it off, nobody else.
pub async fn lift(
    db: &Db,
    person: UserId,
    kind: Kind,
    (actor, actor_roles): (UserId, &[Role]),
    reason: &str,
) -> Result<bool, RestrictError> {
    let mut tx = db.write().await?;
    check(&mut tx, person, (actor, actor_roles)).await?;
    let lifted = sqlx::query(
        "UPDATE restrictions SET lifted_at = $3 WHERE user_id = $1 AND kind = $2 \
         AND lifted_at IS NULL AND until_at > $3",
    )
    .bind(person)
    .bind(kind.as_str())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if lifted.rows_affected() == 0 {
        return Ok(false);
    }
    let taken = Taken { reason };
    record(&mut tx, kind.taken_off(), actor, person, &taken).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderators_restrict_members_and_only_staff_restrict_moderators() {
        let member = [Role::Member];
        let moderator = [Role::Moderator];
        let staff = [Role::Staff];
        assert!(may_restrict(&moderator, &member, false));
        assert!(may_restrict(&staff, &member, false));
        assert!(!may_restrict(&member, &member, false));
        assert!(!may_restrict(&moderator, &moderator, false));
        assert!(!may_restrict(&moderator, &staff, false));
        assert!(may_restrict(&staff, &moderator, false));
        assert!(may_restrict(&staff, &staff, false));
        assert!(!may_restrict(&staff, &staff, true));
        assert!(!may_restrict(&moderator, &member, true));
    }

    #[test]
    fn kinds_read_back() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("ban"), None);
    }
}
