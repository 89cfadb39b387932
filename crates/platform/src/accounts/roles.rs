//! Granting and revoking roles, each change recorded in the audit log and the event log
//! in the same transaction.

use crate::storage::UserId;
use serde::Serialize;

use super::Role;
use crate::audit::{self, Action, Entry};
use crate::events::{self, NewEvent};
use crate::storage::{Backend, Db, now_ms};

#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    #[error("there must be at least one staff member left")]
    LastStaff,
    #[error("no such person")]
    NoSuchPerson,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a change did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleChange {
    pub granted: Vec<Role>,
    pub revoked: Vec<Role>,
}

/// A role given to someone.
pub const GRANTED: Action = Action::new("role.granted");
/// A role taken from someone.
pub const REVOKED: Action = Action::new("role.revoked");

#[derive(Serialize)]
struct RoleDetail {
    role: Role,
}

/// Records in the audit log that `role` was granted to `target` (for roles given when an
/// administrator adds a person).
pub async fn audit_grant(
    connection: &mut sqlx::AnyConnection,
    target: UserId,
    role: Role,
    actor_id: Option<UserId>,
) -> Result<(), sqlx::Error> {
    let detail = RoleDetail { role };
    let entry = Entry {
        actor_id,
        action: GRANTED,
        target_user_id: Some(target),
        detail: &detail,
    };
    audit::record(connection, entry).await.map(|_| ())
}

/// Grants `role` to `target` on `connection` (inside the caller's transaction, as part
/// of a larger write: an approved partner's applicant becomes its admin), recorded in
/// the audit and event logs as [`change_roles`] records it. Returns whether it was new.
pub async fn grant_within(
    connection: &mut sqlx::AnyConnection,
    target: UserId,
    role: Role,
    actor_id: Option<UserId>,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(target)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(&mut *connection)
    .await?;
    if added.rows_affected() == 0 {
        return Ok(false);
    }
    record_change(connection, target, (GRANTED, role), actor_id).await?;
    Ok(true)
}

/// Records a role granted or revoked in the audit and event logs.
async fn record_change(
    connection: &mut sqlx::AnyConnection,
    target: UserId,
    (action, role): (Action, Role),
    actor_id: Option<UserId>,
) -> Result<(), sqlx::Error> {
    let detail = RoleDetail { role };
    audit::record(
        &mut *connection,
        Entry {
            actor_id,
            action,
            target_user_id: Some(target),
            detail: &detail,
        },
    )
    .await?;
    let event = NewEvent {
        kind: action.name(),
        subject: format!("user:{target}"),
        actor_id,
        payload: &detail,
    };
    events::append(connection, event).await?;
    Ok(())
}

/// Makes `target` hold exactly `wanted` among the roles; `actor_id` None means the
/// command line. Refuses to leave Soporte without staff.
pub async fn set_roles(
    db: &Db,
    target: UserId,
    wanted: &[Role],
    actor_id: Option<UserId>,
) -> Result<RoleChange, RoleError> {
    let current = super::roles_of(db, target).await?;
    let grant: Vec<Role> = wanted
        .iter()
        .copied()
        .filter(|role| !current.contains(role))
        .collect();
    let revoke: Vec<Role> = current
        .iter()
        .copied()
        .filter(|role| !wanted.contains(role))
        .collect();
    change_roles(db, target, &grant, &revoke, actor_id).await
}

/// Grants `grant` and revokes `revoke` for `target`.
pub async fn change_roles(
    db: &Db,
    target: UserId,
    grant: &[Role],
    revoke: &[Role],
    actor_id: Option<UserId>,
) -> Result<RoleChange, RoleError> {
    let mut tx = db.write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
        .bind(target)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(RoleError::NoSuchPerson);
    }
    // Two staff taking each other's role at the same moment must not both see the
    // other still there: on PostgreSQL the staff rows are locked first, so the second
    // change waits and then counts what the first left (SQLite runs one writer at a
    // time anyway).
    if revoke.contains(&Role::Staff) && db.backend() == Backend::Postgres {
        sqlx::query("SELECT user_id FROM user_roles WHERE role = $1 FOR UPDATE")
            .bind(Role::Staff.as_str())
            .fetch_all(&mut *tx)
            .await?;
    }
    let now = now_ms();
    let mut change = RoleChange::default();
    for role in grant {
        let added = sqlx::query(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(target)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            change.granted.push(*role);
        }
    }
    for role in revoke {
        let removed = sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
            .bind(target)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        if removed.rows_affected() == 1 {
            change.revoked.push(*role);
        }
    }
    let staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = $1")
        .bind(Role::Staff.as_str())
        .fetch_one(&mut *tx)
        .await?;
    if staff == 0 && change.revoked.contains(&Role::Staff) {
        return Err(RoleError::LastStaff); // Dropping `tx` rolls everything back.
    }
    let entries = change
        .granted
        .iter()
        .map(|role| (GRANTED, *role))
        .chain(change.revoked.iter().map(|role| (REVOKED, *role)));
    for entry in entries {
        record_change(&mut tx, target, entry, actor_id).await?;
    }
    tx.commit().await?;
    Ok(change)
}
