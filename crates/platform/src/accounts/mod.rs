//! Accounts: people, their roles, passwords, sessions and the single-use links mailed
//! to them, with the pages to sign up, confirm, sign in and out and reset a password.
//! May call the platform's storage, events, mail, jobs and web shell.

mod admin;
pub(crate) mod api;
pub use api::bearer;
pub mod api_tokens;
pub mod appeals;
pub mod links;
mod notices;
mod own;
pub mod password;
pub mod password_policy;
pub mod policy;
pub mod profile;
pub mod restrictions;
pub mod roles;
pub mod sessions;
pub mod totp;
mod two_factor;
mod web;

pub use two_factor::{reseal_secrets, seal_secrets};
pub use web::{MailResetLinks, RESET_REQUESTED};

/// Every page of the accounts area.
pub fn routes() -> axum::Router<crate::web::AppState> {
    web::routes()
        .merge(own::routes())
        .merge(notices::routes())
        .merge(two_factor::routes())
        .merge(admin::routes())
        .merge(appeals::routes())
        .merge(api::routes())
}

use crate::storage::UserId;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sqlx::AnyConnection;

use crate::events::{self, NewEvent};
use crate::i18n::Locale;
use crate::storage::{Db, now_ms};

/// A role a person holds; one person may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Member,
    TrustedMember,
    Moderator,
    Staff,
    Developer,
    PartnerAdmin,
    PartnerAgent,
    Customer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Member,
        Role::TrustedMember,
        Role::Moderator,
        Role::Staff,
        Role::Developer,
        Role::PartnerAdmin,
        Role::PartnerAgent,
        Role::Customer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::TrustedMember => "trusted-member",
            Role::Moderator => "moderator",
            Role::Staff => "staff",
            Role::Developer => "developer",
            Role::PartnerAdmin => "partner-admin",
            Role::PartnerAgent => "partner-agent",
            Role::Customer => "customer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    #[error("unknown role")]
    UnknownRole,
    #[error("not an email address")]
    NotAnEmail,
    #[error("a name must have 1 to 100 characters and no control characters")]
    BadDisplayName,
}

impl FromStr for Role {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Role, InputError> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text.trim())
            .ok_or(InputError::UnknownRole)
    }
}

/// An email address, checked and lower-cased so that one address is one account.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl FromStr for Email {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Email, InputError> {
        let address: lettre::Address = text.trim().parse().map_err(|_| InputError::NotAnEmail)?;
        Ok(Email(address.to_string().to_lowercase()))
    }
}

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name a person shows to others: trimmed, 1 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl FromStr for DisplayName {
    type Err = InputError;

    fn from_str(text: &str) -> Result<DisplayName, InputError> {
        let name = text.trim();
        let length = name.chars().count();
        // Something must show, and nothing may turn the text around.
        if length == 0
            || length > 100
            || name
                .chars()
                .any(|c| c.is_control() || crate::text::is_bidi_control(c))
            || name.chars().all(crate::text::is_invisible)
        {
            return Err(InputError::BadDisplayName);
        }
        Ok(DisplayName(name.to_owned()))
    }
}

impl DisplayName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    #[error("a person with that email address already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Serialize)]
struct UserCreated<'a> {
    email: &'a str,
    display_name: &'a str,
    roles: &'a [Role],
}

/// Adds a person with `roles`, recording a `user.created` event in the same transaction.
pub async fn add_user(
    db: &Db,
    email: &Email,
    name: &DisplayName,
    roles: &[Role],
    actor_id: Option<UserId>,
) -> Result<UserId, AddUserError> {
    let mut tx = db.write().await?;
    let new = NewUser {
        email,
        name,
        password_hash: None,
        locale: Locale::EsMx,
        confirmed: true,
        roles,
    };
    let id = insert_user(&mut tx, &new, actor_id).await?;
    // Roles given by an administrator (the command line, the demo) are grants too.
    for role in roles {
        roles::audit_grant(&mut tx, id, *role, actor_id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A person about to be added.
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a DisplayName,
    pub password_hash: Option<&'a str>,
    pub locale: Locale,
    /// Whether the email address is already known to be theirs.
    pub confirmed: bool,
    pub roles: &'a [Role],
}

/// Inserts a person, their roles and the `user.created` event on `connection`.
pub async fn insert_user(
    connection: &mut AnyConnection,
    new: &NewUser<'_>,
    actor_id: Option<UserId>,
) -> Result<UserId, AddUserError> {
    let now = now_ms();
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(new.email.as_str())
        .fetch_optional(&mut *connection)
        .await?;
    if taken.is_some() {
        return Err(AddUserError::EmailTaken);
    }
    let id: UserId = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, created_at, password_hash, email_confirmed_at, locale) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.email.as_str())
    .bind(new.name.as_str())
    .bind(now)
    .bind(new.password_hash)
    .bind(new.confirmed.then_some(now))
    .bind(new.locale.tag())
    .fetch_one(&mut *connection)
    .await?;
    for role in new.roles {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *connection)
        .await?;
    }
    events::append(
        connection,
        NewEvent {
            kind: "user.created",
            subject: format!("user:{id}"),
            actor_id,
            payload: &UserCreated {
                email: new.email.as_str(),
                display_name: new.name.as_str(),
                roles: new.roles,
            },
        },
    )
    .await?;
    Ok(id)
}

/// The roles a person holds, sorted.
pub async fn roles_of(db: &Db, user_id: UserId) -> Result<Vec<Role>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?;
    let mut roles: Vec<Role> = names.iter().filter_map(|name| name.parse().ok()).collect();
    roles.sort();
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("admin".parse::<Role>(), Err(InputError::UnknownRole));
    }

    #[test]
    fn emails_are_checked_and_folded() {
        assert_eq!(
            "  Ana@Example.ORG ".parse::<Email>().map(|e| e.0),
            Ok("ana@example.org".into())
        );
        for bad in ["", "ana", "ana@", "@example.org", "ana @example.org"] {
            assert!(bad.parse::<Email>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn display_names_are_bounded() {
        assert!("  Ana López ".parse::<DisplayName>().is_ok());
        assert!("".parse::<DisplayName>().is_err());
        assert!("a\u{7}b".parse::<DisplayName>().is_err());
        assert!("x".repeat(101).parse::<DisplayName>().is_err());
    }

    #[test]
    fn a_display_name_shows_something_and_reads_the_way_it_is_written() {
        for invisible in [
            "\u{200B}",
            "\u{200B}\u{200D}\u{FEFF}",
            " \u{00AD} ",
            "\u{2060}",
        ] {
            assert!(invisible.parse::<DisplayName>().is_err(), "{invisible:?}");
        }
        for turned in ["Ana\u{202E}zepóL", "\u{2067}Ana", "Ana\u{202A}"] {
            assert!(turned.parse::<DisplayName>().is_err(), "{turned:?}");
        }
        // Names in scripts written right to left, and joiners inside words, are fine.
        for fine in ["مريم", "Ana\u{200D}María", "שרה כהן"] {
            assert!(fine.parse::<DisplayName>().is_ok(), "{fine:?}");
        }
    }
}
