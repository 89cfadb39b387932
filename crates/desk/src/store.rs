//! The desks' tables: partners and their people, teams, calendars, plans, client
//! organizations and their customers, contracts, and tickets with their messages, the
//! stretches their clocks stood still, and their recorded breaches. Every read that
//! leads to a page is scoped by partner (and, for a customer, by organization) here,
//! so a page cannot forget to: the isolation the desk promises.

use std::collections::HashMap;

use serde::Serialize;
use soporte_platform::attachments::{File, Kind};
use soporte_platform::audit::{self, Entry};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::markup;
use soporte_platform::storage::group::Grouped;
use soporte_platform::storage::{Db, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

use crate::policy::Standing;
use crate::sla::calendar::Calendar;
use crate::sla::clock::{Instant, Minutes, Pauses};
use crate::sla::state::{Facts, Targets};
use crate::ticket::{self, Body, Channel, Mover, PlanTargets, Priority, Status, Subject};
use crate::{
    CalendarId, ContractId, MessageId, OrganizationId, PartnerId, PlanId, TeamId, TicketId,
};

/// A partner's desk was opened.
pub const OPENED: audit::Action = audit::Action::new("desk.opened");
/// Someone became (or stopped being) an admin or agent of a desk.
pub const STAFF_CHANGED: audit::Action = audit::Action::new("desk.staff_changed");
/// A desk's name, signature or logo changed.
pub const SETTINGS_CHANGED: audit::Action = audit::Action::new("desk.settings_changed");

/// Why a write was refused.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("not found")]
    NotFound,
    /// The organization is not one of this partner's.
    #[error("organization of another partner")]
    ForeignOrganization,
    #[error("move not allowed")]
    Move,
    /// Something written or chosen is not acceptable: the Fluent id says what.
    #[error("{0}")]
    Problem(&'static str),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn event<'a, P: Serialize>(
    kind: &'static str,
    ticket: TicketId,
    actor: Option<UserId>,
    payload: &'a P,
) -> NewEvent<'a, P> {
    NewEvent {
        kind,
        subject: format!("{}:{ticket}", crate::SUBJECT),
        actor_id: actor,
        payload,
    }
}

// ---------------------------------------------------------------------------
// Partners, people, teams.

/// A partner, as its desk shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    pub id: PartnerId,
    pub slug: String,
    pub name: String,
    /// Closes the mails the desk's answers send its customers.
    pub signature: String,
    /// The logo, an upload (served at `/subidas/{id}`).
    pub logo: Option<i64>,
}

/// The longest signature kept, in characters.
pub const SIGNATURE_MAX: usize = 600;

/// A partner's settings as its admins write them: a name of 1 to 120 characters and a
/// signature of at most [`SIGNATURE_MAX`] (line ends kept, as `\n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    name: String,
    signature: String,
}

impl Settings {
    /// The settings, or the Fluent id of what is wrong with them.
    pub fn parse(name: &str, signature: &str) -> Result<Settings, &'static str> {
        let name = partner_name(name)?;
        let signature = signature.replace("\r\n", "\n").trim_end().to_owned();
        if signature.chars().count() > SIGNATURE_MAX {
            return Err("desk-problem-signature");
        }
        Ok(Settings { name, signature })
    }
}

/// A partner's name as written: trimmed, 1 to 120 characters.
fn partner_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err("desk-problem-name");
    }
    Ok(name.to_owned())
}

/// What becomes of a partner's logo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logo {
    Keep,
    Remove,
    /// A new upload.
    Use(i64),
}

/// Writes `partner`'s settings (audited).
pub async fn set_settings(
    db: &Db,
    partner: PartnerId,
    settings: &Settings,
    logo: Logo,
    by: Option<UserId>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE desk_partners SET name = $2, signature = $3 WHERE id = $1")
        .bind(partner)
        .bind(&settings.name)
        .bind(&settings.signature)
        .execute(&mut *tx)
        .await?;
    let upload = match logo {
        Logo::Keep => None,
        Logo::Remove => Some(None),
        Logo::Use(id) => Some(Some(id)),
    };
    if let Some(upload) = upload {
        sqlx::query("UPDATE desk_partners SET logo_upload_id = $2 WHERE id = $1")
            .bind(partner)
            .bind(upload)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor_id: by,
            action: SETTINGS_CHANGED,
            target_user_id: None,
            detail: &serde_json::json!({"partner": partner, "name": settings.name,
                "logo": match logo { Logo::Keep => "kept", Logo::Remove => "removed", Logo::Use(_) => "new" }}),
        },
    )
    .await?;
    tx.commit().await
}

/// A partner's short name: lowercase letters, digits and inner hyphens, 2 to 40.
pub fn valid_slug(slug: &str) -> bool {
    (2..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Opens a partner's desk with `admin` as its first admin (foundation staff do this).
pub async fn open_partner(
    db: &Db,
    (slug, name): (&str, &str),
    admin: UserId,
    by: UserId,
    at: i64,
) -> Result<PartnerId, DeskError> {
    if !valid_slug(slug) {
        return Err(DeskError::Problem("desk-problem-slug"));
    }
    let mut tx = db.write().await?;
    let id = open_partner_on(&mut tx, (slug, name), admin, by, at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether a desk has `slug`, on `connection`.
pub(crate) async fn slug_taken(
    connection: &mut AnyConnection,
    slug: &str,
) -> Result<bool, sqlx::Error> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM desk_partners WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *connection)
        .await?;
    Ok(taken.is_some())
}

/// [`open_partner`] on `connection`, inside the caller's transaction.
pub(crate) async fn open_partner_on(
    tx: &mut AnyConnection,
    (slug, name): (&str, &str),
    admin: UserId,
    by: UserId,
    at: i64,
) -> Result<PartnerId, DeskError> {
    let name = partner_name(name).map_err(DeskError::Problem)?;
    if slug_taken(tx, slug).await? {
        return Err(DeskError::Problem("desk-problem-slug-taken"));
    }
    let id: PartnerId = sqlx::query_scalar(
        "INSERT INTO desk_partners (slug, name, signature, next_number, created_at) \
         VALUES ($1, $2, '', 1, $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO desk_staff (partner_id, user_id, role) VALUES ($1, $2, 'admin')")
        .bind(id)
        .bind(admin)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            actor_id: Some(by),
            action: OPENED,
            target_user_id: Some(admin),
            detail: &serde_json::json!({"partner": slug}),
        },
    )
    .await?;
    Ok(id)
}

/// A partner's row as [`partner_from`] reads it.
type PartnerRow = (PartnerId, String, String, String, Option<i64>);

const PARTNER_COLUMNS: &str = "id, slug, name, signature, logo_upload_id";

fn partner_from((id, slug, name, signature, logo): PartnerRow) -> Partner {
    Partner {
        id,
        slug,
        name,
        signature,
        logo,
    }
}

pub async fn partner_by_slug(db: &Db, slug: &str) -> Result<Option<Partner>, sqlx::Error> {
    let row: Option<PartnerRow> = sqlx::query_as(&format!(
        "SELECT {PARTNER_COLUMNS} FROM desk_partners WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(partner_from))
}

pub async fn partner(db: &Db, id: PartnerId) -> Result<Option<Partner>, sqlx::Error> {
    let row: Option<PartnerRow> = sqlx::query_as(&format!(
        "SELECT {PARTNER_COLUMNS} FROM desk_partners WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(partner_from))
}

/// An admin or agent of a desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRole {
    Admin,
    Agent,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Agent => "agent",
        }
    }

    fn parse(text: &str) -> Option<StaffRole> {
        match text {
            "admin" => Some(StaffRole::Admin),
            "agent" => Some(StaffRole::Agent),
            _ => None,
        }
    }
}

/// Makes `user` an admin or agent of `partner` (or changes which).
pub async fn set_staff(
    db: &Db,
    partner: PartnerId,
    user: UserId,
    role: StaffRole,
    by: Option<UserId>,
) -> Result<(), DeskError> {
    let mut tx = db.write().await?;
    if role != StaffRole::Admin {
        // A desk always keeps an admin: the last one cannot make themselves an agent.
        let admins: Vec<UserId> = sqlx::query_scalar(
            "SELECT user_id FROM desk_staff WHERE partner_id = $1 AND role = 'admin'",
        )
        .bind(partner)
        .fetch_all(&mut *tx)
        .await?;
        if admins == [user] {
            return Err(DeskError::Problem("desk-problem-last-admin"));
        }
    }
    sqlx::query("DELETE FROM desk_staff WHERE partner_id = $1 AND user_id = $2")
        .bind(partner)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO desk_staff (partner_id, user_id, role) VALUES ($1, $2, $3)")
        .bind(partner)
        .bind(user)
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Entry {
            actor_id: by,
            action: STAFF_CHANGED,
            target_user_id: Some(user),
            detail: &serde_json::json!({"partner": partner, "role": role.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The desks where `user` works, with their role there.
pub async fn desks_of(db: &Db, user: UserId) -> Result<Vec<(Partner, StaffRole)>, sqlx::Error> {
    let rows: Vec<(PartnerId, String, String, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT p.id, p.slug, p.name, p.signature, p.logo_upload_id, s.role FROM desk_staff s \
         JOIN desk_partners p ON p.id = s.partner_id WHERE s.user_id = $1 ORDER BY p.name",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, slug, name, signature, logo, role)| {
            Some((
                Partner {
                    id,
                    slug,
                    name,
                    signature,
                    logo,
                },
                StaffRole::parse(&role)?,
            ))
        })
        .collect())
}

/// What `user` is to `partner` (and to `organization`, for a customer).
pub async fn standing(
    db: &Db,
    partner: PartnerId,
    user: Option<(UserId, bool)>,
    organization: Option<OrganizationId>,
) -> Result<Standing, sqlx::Error> {
    let Some((user, foundation_staff)) = user else {
        return Ok(Standing::Visitor);
    };
    let (role, customer): (Option<String>, i64) = sqlx::query_as(
        "SELECT (SELECT role FROM desk_staff WHERE partner_id = $1 AND user_id = $2), \
             CASE WHEN EXISTS (SELECT 1 FROM desk_customers c \
                 JOIN desk_organizations o ON o.id = c.organization_id \
                 WHERE c.user_id = $2 AND o.partner_id = $1 AND ($3 IS NULL OR o.id = $3)) \
             THEN 1 ELSE 0 END",
    )
    .bind(partner)
    .bind(user)
    .bind(organization)
    .fetch_one(db.pool())
    .await?;
    Ok(Standing::of(
        role.as_deref(),
        customer == 1,
        foundation_staff,
    ))
}

/// Organization `id` and its partner, in one query.
pub async fn organization_with_partner(
    db: &Db,
    id: OrganizationId,
) -> Result<Option<(Organization, Partner)>, sqlx::Error> {
    let row: Option<AnyRow> = sqlx::query(&format!(
        "SELECT {ORGANIZATION_COLUMNS}, p.slug, p.name AS partner_name, p.signature, \
             p.logo_upload_id \
         FROM desk_organizations o JOIN desk_partners p ON p.id = o.partner_id \
         LEFT JOIN users u ON u.id = o.manager_id WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let organization = organization_from(OrganizationRow::from_row(&row)?);
    let partner = Partner {
        id: organization.partner,
        slug: row.try_get("slug")?,
        name: row.try_get("partner_name")?,
        signature: row.try_get("signature")?,
        logo: row.try_get("logo_upload_id")?,
    };
    Ok(Some((organization, partner)))
}

/// Organization `id` and what `user` (with whether they are Foundation staff) is to
/// it and its partner, in one query: what opening a ticket for it asks first.
pub async fn organization_reach(
    db: &Db,
    id: OrganizationId,
    (user, foundation_staff): (UserId, bool),
) -> Result<Option<(Organization, Standing)>, sqlx::Error> {
    let row: Option<AnyRow> = sqlx::query(&format!(
        "SELECT {ORGANIZATION_COLUMNS}, \
             (SELECT s.role FROM desk_staff s WHERE s.partner_id = o.partner_id AND s.user_id = $2) \
                 AS staff_role, \
             CASE WHEN EXISTS (SELECT 1 FROM desk_customers c \
                 WHERE c.organization_id = o.id AND c.user_id = $2) THEN 1 ELSE 0 END AS customer \
         FROM desk_organizations o LEFT JOIN users u ON u.id = o.manager_id WHERE o.id = $1"
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let organization = organization_from(OrganizationRow::from_row(&row)?);
    let role: Option<String> = row.try_get("staff_role")?;
    let customer: i64 = row.try_get("customer")?;
    let standing = Standing::of(role.as_deref(), customer == 1, foundation_staff);
    Ok(Some((organization, standing)))
}

/// A person of the desk, for choosing an assignee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: UserId,
    pub name: String,
}

/// The admins and agents of `partner`, by name.
pub async fn staff(db: &Db, partner: PartnerId) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<(UserId, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name FROM desk_staff s JOIN users u ON u.id = s.user_id \
         WHERE s.partner_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Person { id, name })
        .collect())
}

/// A team of a desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub lead: Option<UserId>,
}

pub async fn add_team(
    db: &Db,
    partner: PartnerId,
    name: &str,
    lead: Option<UserId>,
    members: &[UserId],
) -> Result<TeamId, sqlx::Error> {
    let mut tx = db.write().await?;
    let id: TeamId = sqlx::query_scalar(
        "INSERT INTO desk_teams (partner_id, name, lead_id) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(partner)
    .bind(name)
    .bind(lead)
    .fetch_one(&mut *tx)
    .await?;
    for member in members {
        sqlx::query("INSERT INTO desk_team_members (team_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn teams(db: &Db, partner: PartnerId) -> Result<Vec<Team>, sqlx::Error> {
    let rows: Vec<(TeamId, String, Option<UserId>)> = sqlx::query_as(
        "SELECT id, name, lead_id FROM desk_teams WHERE partner_id = $1 ORDER BY name",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, lead)| Team { id, name, lead })
        .collect())
}

// ---------------------------------------------------------------------------
// Calendars, plans, organizations, contracts.

pub async fn add_calendar(
    db: &Db,
    partner: PartnerId,
    name: &str,
    calendar: &Calendar,
) -> Result<CalendarId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO desk_calendars (partner_id, name, spec) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(partner)
    .bind(name)
    .bind(calendar.to_json().to_string())
    .fetch_one(db.writes())
    .await
}

pub async fn add_plan(
    db: &Db,
    partner: PartnerId,
    name: &str,
    targets: &[PlanTargets],
) -> Result<PlanId, sqlx::Error> {
    let mut tx = db.write().await?;
    let id: PlanId = sqlx::query_scalar(
        "INSERT INTO desk_plans (partner_id, name) VALUES ($1, $2) RETURNING id",
    )
    .bind(partner)
    .bind(name)
    .fetch_one(&mut *tx)
    .await?;
    for target in targets {
        sqlx::query(
            "INSERT INTO desk_plan_targets (plan_id, priority, first_response, next_update, \
             resolution) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(target.priority.level())
        .bind(i64::from(target.targets.first_response.get()))
        .bind(i64::from(target.targets.next_update.get()))
        .bind(i64::from(target.targets.resolution.get()))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A client organization, with its account manager's direct contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: OrganizationId,
    pub partner: PartnerId,
    pub name: String,
    pub zone: String,
    pub manager: Option<Manager>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manager {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub whatsapp: String,
}

impl Manager {
    /// The phone as a `tel:` URI takes it: `+` and digits.
    pub fn tel(&self) -> String {
        self.phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }

    /// The WhatsApp number's digits, as `wa.me` links take them.
    pub fn whatsapp_digits(&self) -> String {
        self.whatsapp.chars().filter(char::is_ascii_digit).collect()
    }
}

/// A new client organization.
pub struct NewOrganization<'a> {
    pub name: &'a str,
    /// An IANA zone of Mexico, for showing its people times.
    pub zone: crate::sla::zone::Zone,
    pub manager: Option<UserId>,
    pub phone: &'a str,
    pub whatsapp: &'a str,
}

pub async fn add_organization(
    db: &Db,
    partner: PartnerId,
    new: &NewOrganization<'_>,
    at: i64,
) -> Result<OrganizationId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO desk_organizations (partner_id, name, zone, manager_id, manager_phone, \
         manager_whatsapp, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(partner)
    .bind(new.name)
    .bind(new.zone.name())
    .bind(new.manager)
    .bind(new.phone)
    .bind(new.whatsapp)
    .bind(at)
    .fetch_one(db.writes())
    .await
}

pub async fn add_customer(
    db: &Db,
    organization: OrganizationId,
    user: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO desk_customers (organization_id, user_id) VALUES ($1, $2)")
        .bind(organization)
        .bind(user)
        .execute(db.writes())
        .await
        .map(|_| ())
}

const ORGANIZATION_COLUMNS: &str = "o.id, o.partner_id, o.name, o.zone, o.manager_id, \
     u.display_name, u.email, o.manager_phone, o.manager_whatsapp";

type OrganizationRow = (
    OrganizationId,
    PartnerId,
    String,
    String,
    Option<UserId>,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn organization_from(row: OrganizationRow) -> Organization {
    let (id, partner, name, zone, manager, manager_name, email, phone, whatsapp) = row;
    Organization {
        id,
        partner,
        name,
        zone,
        manager: manager.map(|manager| Manager {
            id: manager,
            name: manager_name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            phone,
            whatsapp,
        }),
    }
}

/// The organizations of `partner`, by name.
pub async fn organizations(db: &Db, partner: PartnerId) -> Result<Vec<Organization>, sqlx::Error> {
    let rows: Vec<OrganizationRow> = sqlx::query_as(&format!(
        "SELECT {ORGANIZATION_COLUMNS} FROM desk_organizations o \
         LEFT JOIN users u ON u.id = o.manager_id WHERE o.partner_id = $1 ORDER BY o.name"
    ))
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(organization_from).collect())
}

/// The organizations `user` is a customer of, at every partner.
pub async fn organizations_of(db: &Db, user: UserId) -> Result<Vec<Organization>, sqlx::Error> {
    let rows: Vec<OrganizationRow> = sqlx::query_as(&format!(
        "SELECT {ORGANIZATION_COLUMNS} FROM desk_customers c \
         JOIN desk_organizations o ON o.id = c.organization_id \
         LEFT JOIN users u ON u.id = o.manager_id WHERE c.user_id = $1 ORDER BY o.name"
    ))
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(organization_from).collect())
}

pub async fn organization(
    db: &Db,
    id: OrganizationId,
) -> Result<Option<Organization>, sqlx::Error> {
    let row: Option<OrganizationRow> = sqlx::query_as(&format!(
        "SELECT {ORGANIZATION_COLUMNS} FROM desk_organizations o \
         LEFT JOIN users u ON u.id = o.manager_id WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(organization_from))
}

/// A contract between a partner and one of its organizations.
#[derive(Clone, Debug, PartialEq)]
pub struct Contract {
    pub id: ContractId,
    pub organization: OrganizationId,
    pub name: String,
    pub plan: PlanId,
    pub plan_name: String,
    pub calendar: Calendar,
    pub calendar_name: String,
    pub remote_minutes: i64,
    pub onsite_minutes: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// A new contract, checked: it ends on or after the day it starts.
pub struct NewContract<'a> {
    pub organization: OrganizationId,
    pub name: &'a str,
    pub plan: PlanId,
    pub calendar: CalendarId,
    pub remote_minutes: i64,
    pub onsite_minutes: i64,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub renewal_notice_days: i64,
}

pub async fn add_contract(
    db: &Db,
    partner: PartnerId,
    new: &NewContract<'_>,
    at: i64,
) -> Result<ContractId, DeskError> {
    let (Some(starts), Some(ends)) = (
        crate::sla::day::Day::parse_iso(new.starts_on),
        crate::sla::day::Day::parse_iso(new.ends_on),
    ) else {
        return Err(DeskError::Problem("desk-problem-contract-dates"));
    };
    if ends < starts {
        return Err(DeskError::Problem("desk-problem-contract-ends-before"));
    }
    if !(0..=1_000_000).contains(&new.remote_minutes)
        || !(0..=1_000_000).contains(&new.onsite_minutes)
    {
        return Err(DeskError::Problem("desk-problem-contract-hours"));
    }
    let mut tx = db.write().await?;
    // The organization, plan and calendar must all be this partner's.
    let owned: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM desk_organizations WHERE id = $1 AND partner_id = $4) \
         + (SELECT COUNT(*) FROM desk_plans WHERE id = $2 AND partner_id = $4) \
         + (SELECT COUNT(*) FROM desk_calendars WHERE id = $3 AND partner_id = $4)",
    )
    .bind(new.organization)
    .bind(new.plan)
    .bind(new.calendar)
    .bind(partner)
    .fetch_one(&mut *tx)
    .await?;
    if owned != 3 {
        return Err(DeskError::ForeignOrganization);
    }
    let id: ContractId = sqlx::query_scalar(
        "INSERT INTO desk_contracts (partner_id, organization_id, plan_id, calendar_id, name, \
         remote_minutes, onsite_minutes, starts_on, ends_on, renewal_notice_days, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(partner)
    .bind(new.organization)
    .bind(new.plan)
    .bind(new.calendar)
    .bind(new.name)
    .bind(new.remote_minutes)
    .bind(new.onsite_minutes)
    .bind(new.starts_on)
    .bind(new.ends_on)
    .bind(new.renewal_notice_days)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

type ContractRow = (
    ContractId,
    OrganizationId,
    String,
    PlanId,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
);

const CONTRACT_COLUMNS: &str = "k.id, k.organization_id, k.name, k.plan_id, p.name, c.spec, \
     c.name, k.remote_minutes, k.onsite_minutes, k.starts_on, k.ends_on";

fn contract_from(row: ContractRow) -> Option<Contract> {
    let (
        id,
        organization,
        name,
        plan,
        plan_name,
        spec,
        calendar_name,
        remote,
        onsite,
        starts,
        ends,
    ) = row;
    Some(Contract {
        id,
        organization,
        name,
        plan,
        plan_name,
        calendar: Calendar::parse(&spec).ok()?,
        calendar_name,
        remote_minutes: remote,
        onsite_minutes: onsite,
        starts_on: starts,
        ends_on: ends,
    })
}

/// The contract of `organization` in force on `day` (`YYYY-MM-DD`): the one that
/// started last.
pub async fn contract_in_force(
    connection: &mut AnyConnection,
    organization: OrganizationId,
    day: &str,
) -> Result<Option<Contract>, sqlx::Error> {
    let row: Option<ContractRow> = sqlx::query_as(&format!(
        "SELECT {CONTRACT_COLUMNS} FROM desk_contracts k \
         JOIN desk_plans p ON p.id = k.plan_id JOIN desk_calendars c ON c.id = k.calendar_id \
         WHERE k.organization_id = $1 AND k.starts_on <= $2 AND k.ends_on >= $2 \
         ORDER BY k.starts_on DESC, k.id DESC LIMIT 1"
    ))
    .bind(organization)
    .bind(day)
    .fetch_optional(&mut *connection)
    .await?;
    Ok(row.and_then(contract_from))
}

/// A plan's targets as `desk_plan_targets` keeps them: first response, next update and
/// resolution, in minutes.
fn targets_from((first, next, resolution): (i64, i64, i64)) -> Option<Targets> {
    let minutes = |m: i64| Minutes::new(u64::try_from(m).ok()?);
    Some(Targets {
        first_response: minutes(first)?,
        next_update: minutes(next)?,
        resolution: minutes(resolution)?,
    })
}

// ---------------------------------------------------------------------------
// Tickets.

/// A ticket as its pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: TicketId,
    pub partner: PartnerId,
    pub number: i64,
    pub organization: OrganizationId,
    pub organization_name: String,
    pub contract: Option<ContractId>,
    pub requester: Option<UserId>,
    pub requester_name: Option<String>,
    pub assignee: Option<UserId>,
    pub assignee_name: Option<String>,
    pub team: Option<TeamId>,
    pub subject: String,
    pub priority: Priority,
    pub status: Status,
    pub channel: Channel,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_reply_at: Option<i64>,
    pub waiting_since: Option<i64>,
    pub answered_wait: Option<(i64, i64)>,
    pub resolved_at: Option<i64>,
    pub pending_since: Option<i64>,
    pub remind_at: Option<i64>,
    pub tags: Vec<String>,
}

const TICKET_COLUMNS: &str = "t.id, t.partner_id, t.number, t.organization_id, o.name, \
     t.contract_id, t.requester_id, r.display_name, t.assignee_id, a.display_name, t.team_id, \
     t.subject, t.priority, t.status, t.channel, t.created_at, t.updated_at, t.first_reply_at, \
     t.waiting_since, t.answered_wait_since, t.answered_at, t.resolved_at, t.pending_since, \
     t.remind_at";

/// Tickets with their organization and people. `+t.organization_id` keeps SQLite's
/// planner (3.46) from walking every organization and each one's tickets for a
/// partner's queue (140 ms on 100,000 tickets) instead of the queue's index (7 ms).
const TICKET_FROM: &str = "desk_tickets t JOIN desk_organizations o ON o.id = +t.organization_id \
     LEFT JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id";

fn ticket_from(row: &AnyRow) -> Result<Ticket, sqlx::Error> {
    let bad = |column: &str| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: "unknown value".into(),
    };
    let answered_since: Option<i64> = row.try_get(19)?;
    let answered_at: Option<i64> = row.try_get(20)?;
    Ok(Ticket {
        id: TicketId::new(row.try_get(0)?),
        partner: PartnerId::new(row.try_get(1)?),
        number: row.try_get(2)?,
        organization: OrganizationId::new(row.try_get(3)?),
        organization_name: row.try_get(4)?,
        contract: row.try_get::<Option<i64>, _>(5)?.map(ContractId::new),
        requester: row.try_get::<Option<i64>, _>(6)?.map(UserId::new),
        requester_name: row.try_get(7)?,
        assignee: row.try_get::<Option<i64>, _>(8)?.map(UserId::new),
        assignee_name: row.try_get(9)?,
        team: row.try_get::<Option<i64>, _>(10)?.map(TeamId::new),
        subject: row.try_get(11)?,
        priority: Priority::new(row.try_get(12)?).ok_or_else(|| bad("priority"))?,
        status: Status::parse(row.try_get(13)?).ok_or_else(|| bad("status"))?,
        channel: Channel::parse(row.try_get(14)?).ok_or_else(|| bad("channel"))?,
        created_at: row.try_get(15)?,
        updated_at: row.try_get(16)?,
        first_reply_at: row.try_get(17)?,
        waiting_since: row.try_get(18)?,
        answered_wait: answered_since.zip(answered_at),
        resolved_at: row.try_get(21)?,
        pending_since: row.try_get(22)?,
        remind_at: row.try_get(23)?,
        tags: Vec::new(),
    })
}

/// A ticket by id, with its tags.
pub async fn ticket(db: &Db, id: TicketId) -> Result<Option<Ticket>, sqlx::Error> {
    // With its tags in the same query: a row for each.
    let rows = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS}, g.tag AS ticket_tag FROM {TICKET_FROM} \
         LEFT JOIN desk_ticket_tags g ON g.ticket_id = t.id WHERE t.id = $1 ORDER BY g.tag"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut ticket = ticket_from(first)?;
    ticket.tags = rows
        .iter()
        .map(|row| row.try_get::<Option<String>, _>("ticket_tag"))
        .filter_map(Result::transpose)
        .collect::<Result<_, _>>()?;
    Ok(Some(ticket))
}

/// Whose tickets a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// A partner's queue (its agents and admins).
    Partner(PartnerId),
    /// Every ticket of the organizations `user` is a customer of (the portal).
    Customer(UserId),
}

/// Which tickets of a scope.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<Status>,
    /// Only those still being worked on.
    pub open_only: bool,
    pub assignee: Option<UserId>,
    pub organization: Option<OrganizationId>,
    /// Only those with this tag.
    pub tag: Option<String>,
}

/// A value bound to a query built from the filters asked for.
enum Value {
    Text(String),
    Number(i64),
}

/// Tickets of `scope`, open ones by priority then age, the others newest first.
pub async fn tickets(
    db: &Db,
    scope: Scope,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let (scope_sql, scope_id) = match scope {
        Scope::Partner(partner) => ("t.partner_id = $1", partner.get()),
        Scope::Customer(user) => (
            "t.organization_id IN (SELECT organization_id FROM desk_customers WHERE user_id = $1)",
            user.get(),
        ),
    };
    // Only the filters asked for, so the plain conditions can use the queue's index.
    let mut conditions = vec![scope_sql.to_owned()];
    let mut values: Vec<Value> = Vec::new();
    let mut param = |conditions: &mut Vec<String>, sql: &str, value: Value| {
        conditions.push(sql.replace('?', &format!("${}", values.len() + 2)));
        values.push(value);
    };
    if let Some(status) = filter.status {
        param(
            &mut conditions,
            "t.status = ?",
            Value::Text(status.as_str().to_owned()),
        );
    } else if filter.open_only {
        let open: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|status| status.is_open())
            .map(Status::as_str)
            .collect();
        conditions.push(format!("t.status IN ('{}')", open.join("', '")));
    }
    if let Some(tag) = &filter.tag {
        param(
            &mut conditions,
            "EXISTS (SELECT 1 FROM desk_ticket_tags g WHERE g.ticket_id = t.id AND g.tag = ?)",
            Value::Text(tag.clone()),
        );
    }
    if let Some(assignee) = filter.assignee {
        param(
            &mut conditions,
            "t.assignee_id = ?",
            Value::Number(assignee.get()),
        );
    }
    if let Some(organization) = filter.organization {
        param(
            &mut conditions,
            "t.organization_id = ?",
            Value::Number(organization.get()),
        );
    }
    let limit_at = values.len() + 2;
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE {} \
         ORDER BY CASE WHEN t.status IN ('resolved', 'closed') THEN 1 ELSE 0 END, \
         CASE WHEN t.status IN ('resolved', 'closed') THEN -t.updated_at ELSE t.priority END, \
         t.created_at, t.id LIMIT ${limit_at} OFFSET ${}",
        conditions.join(" AND "),
        limit_at + 1
    );
    let mut query = sqlx::query(&sql).bind(scope_id);
    for value in values {
        query = match value {
            Value::Text(text) => query.bind(text),
            Value::Number(number) => query.bind(number),
        };
    }
    let rows = query.bind(limit).bind(offset).fetch_all(db.pool()).await?;
    rows.iter().map(ticket_from).collect()
}

/// A new ticket.
pub struct NewTicket {
    pub partner: PartnerId,
    pub organization: OrganizationId,
    pub requester: UserId,
    pub subject: Subject,
    pub body: Body,
    pub priority: Priority,
    pub channel: Channel,
    pub external_id: Option<String>,
    /// Who wrote it: the requester (a customer) or someone of the desk for them.
    pub author: UserId,
    pub side: Mover,
    pub tags: Vec<String>,
    /// Files sent with its first message.
    pub files: Vec<File>,
    /// What it was taken from (a forum question), linked both ways.
    pub origin: Option<soporte_platform::links::Subject>,
}

/// Opens a ticket: its number is the partner's next; the contract in force for its
/// organization on that day (UTC) sets its service levels. An organization of another
/// partner is refused and nothing is written. Tickets opened at the same moment share
/// one transaction and a handful of statements ([`Db::together`]).
pub async fn open_ticket(db: &Db, new: NewTicket, at: i64) -> Result<(TicketId, i64), DeskError> {
    if new
        .origin
        .as_ref()
        .is_some_and(|origin| origin.kind() == crate::SUBJECT)
    {
        // A ticket is taken from the community, never from another ticket.
        return Err(DeskError::Problem("desk-problem-origin"));
    }
    db.together(Opening { new, at }).await
}

/// A ticket to open, and when.
pub(crate) struct Opening {
    pub new: NewTicket,
    pub at: i64,
}

impl Grouped for Opening {
    type Output = (TicketId, i64);
    type Error = DeskError;

    async fn write_all(
        tx: &mut AnyConnection,
        items: &[Opening],
    ) -> Result<Vec<Result<(TicketId, i64), DeskError>>, sqlx::Error> {
        open_all(tx, items).await
    }
}

/// Opens `items` in one statement each for their organizations' partners, the partners'
/// numbers, the tickets, their tags, their first messages and the events, however many
/// they are (their files and origins are written one by one).
pub(crate) async fn open_all(
    tx: &mut AnyConnection,
    items: &[Opening],
) -> Result<Vec<Result<(TicketId, i64), DeskError>>, sqlx::Error> {
    // Each organization's partner: a ticket for another partner's is refused.
    let mut organizations: Vec<i64> = items.iter().map(|o| o.new.organization.get()).collect();
    organizations.sort_unstable();
    organizations.dedup();
    let sql = format!(
        "SELECT id, partner_id FROM desk_organizations WHERE id IN ({})",
        placeholders(1, organizations.len())
    );
    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
    for organization in &organizations {
        query = query.bind(*organization);
    }
    let owners: HashMap<i64, i64> = query.fetch_all(&mut *tx).await?.into_iter().collect();
    let mut numbers: Vec<Result<i64, DeskError>> = items
        .iter()
        .map(|o| {
            if owners.get(&o.new.organization.get()) == Some(&o.new.partner.get()) {
                Ok(0)
            } else {
                Err(DeskError::ForeignOrganization)
            }
        })
        .collect();
    // Each partner's next numbers, taken at once for all its tickets here.
    let mut partners: Vec<PartnerId> = Vec::new();
    for (item, number) in items.iter().zip(&numbers) {
        if number.is_ok() && !partners.contains(&item.new.partner) {
            partners.push(item.new.partner);
        }
    }
    for partner in partners {
        let count = items
            .iter()
            .zip(&numbers)
            .filter(|(item, number)| item.new.partner == partner && number.is_ok())
            .count();
        let first: i64 = sqlx::query_scalar(
            "UPDATE desk_partners SET next_number = next_number + $2 WHERE id = $1 \
             RETURNING next_number - $2",
        )
        .bind(partner)
        .bind(i64::try_from(count).unwrap_or(i64::MAX))
        .fetch_one(&mut *tx)
        .await?;
        let mine = items
            .iter()
            .zip(numbers.iter_mut())
            .filter(|(item, number)| item.new.partner == partner && number.is_ok());
        for (next, (_, number)) in (first..).zip(mine) {
            *number = Ok(next);
        }
    }
    let opened: Vec<(&Opening, i64)> = items
        .iter()
        .zip(&numbers)
        .filter_map(|(item, number)| number.as_ref().ok().map(|number| (item, *number)))
        .collect();
    if opened.is_empty() {
        return Ok(numbers
            .into_iter()
            .map(|number| Err(number.err().unwrap_or(DeskError::NotFound)))
            .collect());
    }
    // The tickets; the contract in force for each organization that day (UTC) sets its
    // service levels.
    const PER_TICKET: usize = 9;
    let rows: Vec<String> = (0..opened.len())
        .map(|row| {
            let n = |k: usize| row * PER_TICKET + k;
            format!(
                "(${}, ${}, ${}, (SELECT k.id FROM desk_contracts k WHERE k.organization_id = ${} \
                 AND k.starts_on <= ${} AND k.ends_on >= ${} \
                 ORDER BY k.starts_on DESC, k.id DESC LIMIT 1), \
                 ${}, ${}, ${}, '{}', ${}, ${}, ${})",
                n(1),
                n(2),
                n(3),
                n(3),
                n(4),
                n(4),
                n(5),
                n(6),
                n(7),
                Status::New.as_str(),
                n(8),
                n(9),
                n(9)
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO desk_tickets (partner_id, number, organization_id, contract_id, \
         requester_id, subject, priority, status, channel, created_at, updated_at) \
         VALUES {} RETURNING id, partner_id, number",
        rows.join(", ")
    );
    let mut query = sqlx::query_as::<_, (TicketId, i64, i64)>(&sql);
    for (item, number) in &opened {
        let day = Instant::from_ms(item.at).iso();
        query = query
            .bind(item.new.partner)
            .bind(*number)
            .bind(item.new.organization)
            .bind(day[..10].to_owned())
            .bind(item.new.requester)
            .bind(item.new.subject.as_str())
            .bind(item.new.priority.level())
            .bind(item.new.channel.as_str())
            .bind(item.at);
    }
    // Matched back by partner and number, which name a ticket.
    let ids: HashMap<(i64, i64), TicketId> = query
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(id, partner, number)| ((partner, number), id))
        .collect();
    let mut tickets = Vec::with_capacity(opened.len());
    for (item, number) in &opened {
        let id = ids
            .get(&(item.new.partner.get(), *number))
            .copied()
            .ok_or_else(|| sqlx::Error::RowNotFound)?;
        tickets.push((*item, id, *number));
    }
    let tags: Vec<(TicketId, &str)> = tickets
        .iter()
        .flat_map(|(item, id, _)| item.new.tags.iter().map(|tag| (*id, tag.as_str())))
        .collect();
    if !tags.is_empty() {
        let sql = format!(
            "INSERT INTO desk_ticket_tags (ticket_id, tag) VALUES {}",
            pairs(tags.len())
        );
        let mut query = sqlx::query(&sql);
        for (id, tag) in tags {
            query = query.bind(id).bind(tag);
        }
        query.execute(&mut *tx).await?;
    }
    let messages: Vec<NewRow<'_>> = tickets
        .iter()
        .map(|(item, id, _)| NewRow {
            ticket: *id,
            author: Some(item.new.author),
            side: item.new.side,
            visibility: Visibility::Public,
            channel: item.new.channel,
            external_id: item.new.external_id.as_deref(),
            body: &item.new.body,
            files: &item.new.files,
            at: item.at,
        })
        .collect();
    insert_messages(tx, &messages).await?;
    for (item, id, _) in &tickets {
        if let Some(origin) = &item.new.origin {
            let subject = soporte_platform::links::Subject::new(crate::SUBJECT, id.get())
                .map_err(|_| sqlx::Error::RowNotFound)?;
            soporte_platform::links::add(
                tx,
                origin,
                soporte_platform::links::LinkKind::EscalatedTo,
                &subject,
                Some(item.new.author),
            )
            .await
            .map_err(|error| match error {
                soporte_platform::links::LinkError::Database(error) => error,
                // Refused before the batch: a ticket is not taken from a ticket.
                soporte_platform::links::LinkError::Bad(_) => sqlx::Error::RowNotFound,
            })?;
        }
    }
    let payloads: Vec<serde_json::Value> = tickets
        .iter()
        .map(|(item, _, number)| {
            serde_json::json!({"partner": item.new.partner, "number": number,
                "priority": item.new.priority.level()})
        })
        .collect();
    let opened_events: Vec<_> = tickets
        .iter()
        .zip(&payloads)
        .map(|((item, id, _), payload)| {
            event("desk.ticket_opened", *id, Some(item.new.author), payload)
        })
        .collect();
    events::append_all(tx, &opened_events).await?;
    let mut answers = Vec::with_capacity(items.len());
    let mut tickets = tickets.into_iter();
    for number in numbers {
        answers.push(match number {
            Err(refused) => Err(refused),
            Ok(_) => tickets
                .next()
                .map(|(_, id, number)| (id, number))
                .ok_or(DeskError::NotFound),
        });
    }
    Ok(answers)
}

/// `($1, $2), ($3, $4), …`: `count` rows of two.
fn pairs(count: usize) -> String {
    (0..count)
        .map(|row| format!("(${}, ${})", row * 2 + 1, row * 2 + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Who sees a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Public,
    /// The desk's people only.
    Internal,
}

impl Visibility {
    fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }
}

/// A message to write, with its files.
struct NewRow<'a> {
    ticket: TicketId,
    author: Option<UserId>,
    side: Mover,
    visibility: Visibility,
    channel: Channel,
    external_id: Option<&'a str>,
    body: &'a Body,
    files: &'a [File],
    at: i64,
}

/// Which side of the desk wrote a message, as `desk_messages.author_side` keeps it.
fn author_side(mover: Mover) -> &'static str {
    match mover {
        Mover::Customer => "customer",
        Mover::Desk | Mover::Schedule => "desk",
    }
}

/// Writes `messages`, each of another ticket, in one statement (their files one by
/// one) and returns their ids in their order.
async fn insert_messages(
    tx: &mut AnyConnection,
    messages: &[NewRow<'_>],
) -> Result<Vec<MessageId>, sqlx::Error> {
    const PER_MESSAGE: usize = 9;
    let rows: Vec<String> = (0..messages.len())
        .map(|row| {
            let first = row * PER_MESSAGE + 1;
            format!("({})", placeholders(first, PER_MESSAGE))
        })
        .collect();
    let sql = format!(
        "INSERT INTO desk_messages (ticket_id, author_id, author_side, visibility, channel, \
         external_id, body, body_html, created_at) VALUES {} RETURNING id, ticket_id",
        rows.join(", ")
    );
    let mut query = sqlx::query_as::<_, (MessageId, TicketId)>(&sql);
    for message in messages {
        query = query
            .bind(message.ticket)
            .bind(message.author)
            .bind(author_side(message.side))
            .bind(message.visibility.as_str())
            .bind(message.channel.as_str())
            .bind(message.external_id)
            .bind(message.body.as_str())
            .bind(markup::markdown(message.body.as_str()).html)
            .bind(message.at);
    }
    // Matched back by ticket: one message of each.
    let written: HashMap<TicketId, MessageId> = query
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(id, ticket)| (ticket, id))
        .collect();
    let mut ids = Vec::with_capacity(messages.len());
    for message in messages {
        let id = written
            .get(&message.ticket)
            .copied()
            .ok_or(sqlx::Error::RowNotFound)?;
        for file in message.files {
            sqlx::query(
                "INSERT INTO desk_attachments (ticket_id, message_id, owner_id, filename, kind, \
                 size, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(message.ticket)
            .bind(id)
            .bind(message.author)
            .bind(&file.name)
            .bind(file.kind.as_str())
            .bind(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX))
            .bind(&file.bytes)
            .bind(message.at)
            .execute(&mut *tx)
            .await?;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// A file of a ticket, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub message: MessageId,
    pub name: String,
    pub kind: Kind,
    pub size: i64,
}

/// The files of `ticket`'s messages, oldest first; those of internal notes only if
/// `internal`.
pub async fn attachments(
    db: &Db,
    ticket: TicketId,
    internal: bool,
) -> Result<Vec<Attachment>, sqlx::Error> {
    let rows: Vec<(i64, MessageId, String, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.message_id, a.filename, a.kind, a.size FROM desk_attachments a \
         JOIN desk_messages m ON m.id = a.message_id \
         WHERE a.ticket_id = $1 AND ($2 = 1 OR m.visibility = 'public') ORDER BY a.id",
    )
    .bind(ticket)
    .bind(i64::from(internal))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, message, name, kind, size)| {
            Some(Attachment {
                id,
                message,
                name,
                kind: Kind::parse(&kind)?,
                size,
            })
        })
        .collect())
}

/// A kept file: its ticket, whether its message is an internal note, its name, kind
/// and bytes.
pub struct Download {
    pub ticket: TicketId,
    pub internal: bool,
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

/// The file `id`, if there is one.
pub async fn download(db: &Db, id: i64) -> Result<Option<Download>, sqlx::Error> {
    let row: Option<(TicketId, String, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT a.ticket_id, m.visibility, a.filename, a.kind, a.bytes FROM desk_attachments a \
         JOIN desk_messages m ON m.id = a.message_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(ticket, visibility, name, kind, bytes)| {
        Some(Download {
            ticket,
            internal: visibility != "public",
            name,
            kind: Kind::parse(&kind)?,
            bytes,
        })
    }))
}

/// A message of a ticket, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    /// Whether files came with it.
    pub has_files: bool,
    pub author: Option<String>,
    pub from_desk: bool,
    pub internal: bool,
    pub channel: Channel,
    pub html: String,
    pub at: i64,
}

/// A message's row: id, author, side, visibility, channel, HTML, when.
type MessageRow = (
    MessageId,
    i64,
    Option<String>,
    String,
    String,
    String,
    String,
    i64,
);

/// The messages of `ticket`, oldest first; internal notes only if `internal`.
pub async fn messages(
    db: &Db,
    ticket: TicketId,
    internal: bool,
) -> Result<Vec<Message>, sqlx::Error> {
    let rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT m.id, \
             CASE WHEN EXISTS (SELECT 1 FROM desk_attachments a WHERE a.message_id = m.id) \
             THEN 1 ELSE 0 END, \
             u.display_name, m.author_side, m.visibility, m.channel, m.body_html, \
             m.created_at FROM desk_messages m LEFT JOIN users u ON u.id = m.author_id \
             WHERE m.ticket_id = $1 AND ($2 = 1 OR m.visibility = 'public') ORDER BY m.id",
    )
    .bind(ticket)
    .bind(i64::from(internal))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, has_files, author, side, visibility, channel, html, at)| Message {
                id,
                has_files: has_files == 1,
                author,
                from_desk: side == "desk",
                internal: visibility == "internal",
                channel: Channel::parse(&channel).unwrap_or(Channel::Portal),
                html,
                at,
            },
        )
        .collect())
}

/// Locks `ticket` for the transaction and reads it (`None` if there is none).
async fn locked(tx: &mut AnyConnection, ticket: TicketId) -> Result<Option<Ticket>, sqlx::Error> {
    let touched = sqlx::query("UPDATE desk_tickets SET updated_at = updated_at WHERE id = $1")
        .bind(ticket)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if touched == 0 {
        return Ok(None);
    }
    let row = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE t.id = $1"
    ))
    .bind(ticket)
    .fetch_one(&mut *tx)
    .await?;
    ticket_from(&row).map(Some)
}

/// Moves a locked ticket from its status to `to` at `at`, keeping the clocks' facts:
/// the stretches waiting for the customer and resolved, the reminder's date.
async fn move_to(
    tx: &mut AnyConnection,
    ticket: &Ticket,
    to: Status,
    remind_at: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    let from = ticket.status;
    if let (Status::PendingCustomer, Some(since)) = (from, ticket.pending_since) {
        add_pause(tx, ticket.id, "pending", since, at).await?;
    }
    if let (Status::Resolved, Some(since), Status::Open) = (from, ticket.resolved_at, to) {
        add_pause(tx, ticket.id, "resolved", since, at).await?;
    }
    let pending_since = (to == Status::PendingCustomer).then_some(at);
    let resolved_at = match to {
        Status::Resolved => Some(at),
        Status::Closed => ticket.resolved_at.or(Some(at)),
        _ => None,
    };
    let remind_at = if to == Status::PendingReminder {
        remind_at
    } else {
        None
    };
    if to == Status::Resolved {
        // The satisfaction survey of this resolution, sent by the watch.
        sqlx::query(
            "INSERT INTO desk_surveys (ticket_id, resolved_at, comment) VALUES ($1, $2, '') \
             ON CONFLICT DO NOTHING",
        )
        .bind(ticket.id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE desk_tickets SET status = $2, pending_since = $3, resolved_at = $4, \
         remind_at = $5, updated_at = $6 WHERE id = $1",
    )
    .bind(ticket.id)
    .bind(to.as_str())
    .bind(pending_since)
    .bind(resolved_at)
    .bind(remind_at)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn add_pause(
    tx: &mut AnyConnection,
    ticket: TicketId,
    kind: &str,
    start: i64,
    end: i64,
) -> Result<(), sqlx::Error> {
    if end > start {
        sqlx::query(
            "INSERT INTO desk_ticket_pauses (ticket_id, kind, start_at, end_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(ticket)
        .bind(kind)
        .bind(start)
        .bind(end)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// A message written on a ticket.
pub struct NewMessage<'a> {
    pub author: UserId,
    pub side: Mover,
    pub visibility: Visibility,
    pub channel: Channel,
    pub external_id: Option<&'a str>,
    pub body: &'a Body,
    /// Files sent with it; as visible as the message.
    pub files: &'a [File],
}

/// Adds a message to `ticket` and lets it move the ticket and its clocks: the desk's
/// first public reply meets the first response; a customer's message after the
/// desk's reply starts the next-update clock, which the desk's next public reply meets;
/// a customer's message reopens a ticket waiting for them or resolved, and the desk's
/// reply opens a new one. A closed ticket takes no more messages.
pub async fn add_message(
    db: &Db,
    ticket: TicketId,
    message: &NewMessage<'_>,
    at: i64,
) -> Result<MessageId, DeskError> {
    let mut tx = db.write().await?;
    let current = locked(&mut tx, ticket).await?.ok_or(DeskError::NotFound)?;
    if current.status == Status::Closed {
        return Err(DeskError::Problem("desk-problem-closed"));
    }
    let written = insert_messages(
        &mut tx,
        &[NewRow {
            ticket,
            author: Some(message.author),
            side: message.side,
            visibility: message.visibility,
            channel: message.channel,
            external_id: message.external_id,
            body: message.body,
            files: message.files,
            at,
        }],
    )
    .await?;
    let id = written.first().copied().ok_or(sqlx::Error::RowNotFound)?;
    if message.visibility == Visibility::Public {
        match message.side {
            Mover::Desk | Mover::Schedule => {
                sqlx::query(
                    "UPDATE desk_tickets SET first_reply_at = COALESCE(first_reply_at, $2), \
                     answered_wait_since = COALESCE(waiting_since, answered_wait_since), \
                     answered_at = CASE WHEN waiting_since IS NULL THEN answered_at ELSE $2 END, \
                     waiting_since = NULL, updated_at = $2 WHERE id = $1",
                )
                .bind(ticket)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            Mover::Customer => {
                sqlx::query(
                    "UPDATE desk_tickets SET waiting_since = CASE WHEN first_reply_at IS NULL \
                     THEN NULL ELSE COALESCE(waiting_since, $2) END, updated_at = $2 \
                     WHERE id = $1",
                )
                .bind(ticket)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        }
        if let Some(to) = ticket::after_public_message(message.side, current.status) {
            move_to(&mut tx, &current, to, None, at).await?;
        }
    } else {
        sqlx::query("UPDATE desk_tickets SET updated_at = $2 WHERE id = $1")
            .bind(ticket)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    let kind = match message.visibility {
        Visibility::Public => "desk.replied",
        Visibility::Internal => "desk.noted",
    };
    events::append(
        &mut tx,
        event(
            kind,
            ticket,
            Some(message.author),
            &serde_json::json!({"message": id, "side": author_side(message.side)}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves `ticket` to `to` as `mover` may (a reminder needs its date, in the future).
pub async fn set_status(
    db: &Db,
    ticket: TicketId,
    (mover, by): (Mover, Option<UserId>),
    to: Status,
    remind_at: Option<i64>,
    at: i64,
) -> Result<(), DeskError> {
    let mut tx = db.write().await?;
    let current = locked(&mut tx, ticket).await?.ok_or(DeskError::NotFound)?;
    if !ticket::may_move(mover, current.status, to) {
        return Err(DeskError::Move);
    }
    if to == Status::PendingReminder && remind_at.is_none_or(|when| when <= at) {
        return Err(DeskError::Problem("desk-problem-reminder"));
    }
    move_to(&mut tx, &current, to, remind_at, at).await?;
    events::append(
        &mut tx,
        event(
            "desk.status_changed",
            ticket,
            by,
            &serde_json::json!({"from": current.status.as_str(), "to": to.as_str()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The desk's fields of a ticket.
pub struct Triage {
    pub priority: Priority,
    pub assignee: Option<UserId>,
    pub team: Option<TeamId>,
    pub tags: ticket::Tags,
}

/// Sets priority, assignee and team; the assignee must be of the desk and the team
/// the partner's.
pub async fn triage(
    db: &Db,
    ticket: TicketId,
    triage: &Triage,
    by: UserId,
    at: i64,
) -> Result<(), DeskError> {
    let mut tx = db.write().await?;
    let current = locked(&mut tx, ticket).await?.ok_or(DeskError::NotFound)?;
    if let Some(assignee) = triage.assignee {
        let theirs: Option<String> = sqlx::query_scalar(
            "SELECT role FROM desk_staff WHERE partner_id = $1 AND user_id = $2",
        )
        .bind(current.partner)
        .bind(assignee)
        .fetch_optional(&mut *tx)
        .await?;
        if theirs.is_none() {
            return Err(DeskError::Problem("desk-problem-assignee"));
        }
    }
    if let Some(team) = triage.team {
        let theirs: Option<i64> =
            sqlx::query_scalar("SELECT id FROM desk_teams WHERE id = $1 AND partner_id = $2")
                .bind(team)
                .bind(current.partner)
                .fetch_optional(&mut *tx)
                .await?;
        if theirs.is_none() {
            return Err(DeskError::Problem("desk-problem-team"));
        }
    }
    sqlx::query(
        "UPDATE desk_tickets SET priority = $2, assignee_id = $3, team_id = $4, updated_at = $5 \
         WHERE id = $1",
    )
    .bind(ticket)
    .bind(triage.priority.level())
    .bind(triage.assignee)
    .bind(triage.team)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM desk_ticket_tags WHERE ticket_id = $1")
        .bind(ticket)
        .execute(&mut *tx)
        .await?;
    for tag in triage.tags.as_slice() {
        sqlx::query("INSERT INTO desk_ticket_tags (ticket_id, tag) VALUES ($1, $2)")
            .bind(ticket)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    events::append(
        &mut tx,
        event(
            "desk.triaged",
            ticket,
            Some(by),
            &serde_json::json!({"priority": triage.priority.level(),
                "assignee": triage.assignee, "team": triage.team,
                "tags": triage.tags.as_slice()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a ticket's history says about its clocks.
pub async fn facts(db: &Db, ticket: &Ticket) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(TicketId, String, i64, i64)> = sqlx::query_as(
        "SELECT ticket_id, kind, start_at, end_at FROM desk_ticket_pauses WHERE ticket_id = $1",
    )
    .bind(ticket.id)
    .fetch_all(db.pool())
    .await?;
    let stretches = group_stretches(rows).remove(&ticket.id).unwrap_or_default();
    Ok(facts_of(ticket, stretches))
}

/// A ticket's clocks' facts from its row and its closed stretches.
pub fn facts_of(ticket: &Ticket, stretches: Stretches) -> Facts {
    let union = |stretches: Vec<(i64, i64)>| {
        Pauses::new(
            stretches
                .into_iter()
                .map(|(a, b)| (Instant::from_ms(a), Instant::from_ms(b))),
        )
        .unwrap_or_default()
    };
    let at = |ms: Option<i64>| ms.map(Instant::from_ms);
    Facts {
        created: Instant::from_ms(ticket.created_at),
        pending: union(stretches.pending),
        pending_since: at(ticket.pending_since),
        first_reply: at(ticket.first_reply_at),
        waiting_since: at(ticket.waiting_since),
        last_update: ticket
            .answered_wait
            .map(|(since, answered)| (Instant::from_ms(since), Instant::from_ms(answered))),
        resolved_before: union(stretches.resolved),
        resolved: at(ticket.resolved_at),
    }
}

/// Rows of `desk_ticket_pauses` (ticket, kind, start, end) grouped by ticket.
fn group_stretches(
    rows: Vec<(TicketId, String, i64, i64)>,
) -> std::collections::HashMap<TicketId, Stretches> {
    let mut all: std::collections::HashMap<TicketId, Stretches> = std::collections::HashMap::new();
    for (ticket, kind, start, end) in rows {
        let entry = all.entry(ticket).or_default();
        if kind == "pending" {
            entry.pending.push((start, end));
        } else {
            entry.resolved.push((start, end));
        }
    }
    all
}

/// The service levels a ticket runs on: its contract's calendar and its plan's
/// targets for the ticket's priority; `None` without a contract.
pub async fn service(db: &Db, ticket: &Ticket) -> Result<Option<(Contract, Targets)>, sqlx::Error> {
    let Some(id) = ticket.contract else {
        return Ok(None);
    };
    // The contract with its plan's targets for the ticket's priority, in one query.
    let row: Option<ServiceRow> = sqlx::query_as(&format!(
        "SELECT {CONTRACT_COLUMNS}, g.first_response, g.next_update, g.resolution \
         FROM desk_contracts k \
         JOIN desk_plans p ON p.id = k.plan_id JOIN desk_calendars c ON c.id = k.calendar_id \
         JOIN desk_plan_targets g ON g.plan_id = k.plan_id AND g.priority = $2 \
         WHERE k.id = $1"
    ))
    .bind(id)
    .bind(ticket.priority.level())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(
        |(a, b, c, d, e, f, g, h, i, j, k, first, next, resolution)| {
            let contract = contract_from((a, b, c, d, e, f, g, h, i, j, k))?;
            Some((contract, targets_from((first, next, resolution))?))
        },
    ))
}

/// A contract's row ([`ContractRow`]) followed by its plan's three targets.
type ServiceRow = (
    ContractId,
    OrganizationId,
    String,
    PlanId,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    i64,
);

/// `$first, $first+1, …` for `count` values: the list of an `IN (…)`.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a list of tickets (a queue's page, the portal) needs to read their clocks: each
/// ticket's contract, its plan's targets for its priority and its clocks' facts, in
/// three queries whatever the number of tickets. Tickets without a contract are left
/// out.
pub async fn services(
    db: &Db,
    tickets: &[Ticket],
) -> Result<std::collections::HashMap<TicketId, (Contract, Targets, Facts)>, sqlx::Error> {
    use std::collections::HashMap;
    let mut contract_ids: Vec<ContractId> = tickets.iter().filter_map(|t| t.contract).collect();
    contract_ids.sort();
    contract_ids.dedup();
    if contract_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT {CONTRACT_COLUMNS} FROM desk_contracts k \
         JOIN desk_plans p ON p.id = k.plan_id JOIN desk_calendars c ON c.id = k.calendar_id \
         WHERE k.id IN ({})",
        placeholders(1, contract_ids.len())
    );
    let mut query = sqlx::query_as::<_, ContractRow>(&sql);
    for id in &contract_ids {
        query = query.bind(*id);
    }
    let contracts: HashMap<ContractId, Contract> = query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .filter_map(contract_from)
        .map(|contract| (contract.id, contract))
        .collect();
    let mut plans: Vec<PlanId> = contracts.values().map(|contract| contract.plan).collect();
    plans.sort();
    plans.dedup();
    let sql = format!(
        "SELECT plan_id, priority, first_response, next_update, resolution \
         FROM desk_plan_targets WHERE plan_id IN ({})",
        placeholders(1, plans.len().max(1))
    );
    let mut query = sqlx::query_as::<_, (PlanId, i64, i64, i64, i64)>(&sql);
    for plan in &plans {
        query = query.bind(*plan);
    }
    if plans.is_empty() {
        query = query.bind(0_i64);
    }
    let targets: HashMap<(PlanId, i64), Targets> = query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .filter_map(|(plan, priority, first, next, resolution)| {
            Some(((plan, priority), targets_from((first, next, resolution))?))
        })
        .collect();
    let ids: Vec<TicketId> = tickets.iter().map(|ticket| ticket.id).collect();
    let sql = format!(
        "SELECT ticket_id, kind, start_at, end_at FROM desk_ticket_pauses WHERE ticket_id IN ({})",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, (TicketId, String, i64, i64)>(&sql);
    for id in &ids {
        query = query.bind(*id);
    }
    let mut stretches = group_stretches(query.fetch_all(db.pool()).await?);
    let mut services = HashMap::new();
    for ticket in tickets {
        let Some(contract) = ticket.contract.and_then(|id| contracts.get(&id)) else {
            continue;
        };
        let Some(targets) = targets.get(&(contract.plan, ticket.priority.level())) else {
            continue;
        };
        let facts = facts_of(ticket, stretches.remove(&ticket.id).unwrap_or_default());
        services.insert(ticket.id, (contract.clone(), *targets, facts));
    }
    Ok(services)
}

/// The zones of `organizations`, by organization.
pub async fn zones(
    db: &Db,
    organizations: &[OrganizationId],
) -> Result<std::collections::HashMap<OrganizationId, String>, sqlx::Error> {
    if organizations.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let sql = format!(
        "SELECT id, zone FROM desk_organizations WHERE id IN ({})",
        placeholders(1, organizations.len())
    );
    let mut query = sqlx::query_as::<_, (OrganizationId, String)>(&sql);
    for id in organizations {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(db.pool()).await?.into_iter().collect())
}

/// The address of a ticket's page.
pub fn path(ticket: TicketId) -> String {
    format!("/soporte-profesional/tickets/{ticket}")
}

/// The customer of `organization` whose email is `email`.
pub async fn customer_by_email(
    db: &Db,
    organization: OrganizationId,
    email: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.id FROM desk_customers c JOIN users u ON u.id = c.user_id \
         WHERE c.organization_id = $1 AND LOWER(u.email) = LOWER($2)",
    )
    .bind(organization)
    .bind(email.trim())
    .fetch_optional(db.pool())
    .await
}

// ---------------------------------------------------------------------------
// What a desk's admins keep.

/// The person whose email is `email`, if they have an account.
pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE LOWER(email) = LOWER($1)")
        .bind(email.trim())
        .fetch_optional(db.pool())
        .await
}

/// Someone of a desk, with their email and role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
}

pub async fn members(db: &Db, partner: PartnerId) -> Result<Vec<Member>, sqlx::Error> {
    let rows: Vec<(UserId, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, s.role FROM desk_staff s \
         JOIN users u ON u.id = s.user_id WHERE s.partner_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, email, role)| {
            Some(Member {
                id,
                name,
                email,
                role: StaffRole::parse(&role)?,
            })
        })
        .collect())
}

/// A partner's calendars: id, name and the calendar.
pub async fn calendars(
    db: &Db,
    partner: PartnerId,
) -> Result<Vec<(CalendarId, String, Calendar)>, sqlx::Error> {
    let rows: Vec<(CalendarId, String, String)> = sqlx::query_as(
        "SELECT id, name, spec FROM desk_calendars WHERE partner_id = $1 ORDER BY name",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, spec)| Some((id, name, Calendar::parse(&spec).ok()?)))
        .collect())
}

/// A partner's plans with their targets, P1 first.
pub async fn plans(
    db: &Db,
    partner: PartnerId,
) -> Result<Vec<(PlanId, String, Vec<PlanTargets>)>, sqlx::Error> {
    let plans: Vec<(PlanId, String)> =
        sqlx::query_as("SELECT id, name FROM desk_plans WHERE partner_id = $1 ORDER BY name")
            .bind(partner)
            .fetch_all(db.pool())
            .await?;
    let mut all = Vec::with_capacity(plans.len());
    for (id, name) in plans {
        let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT priority, first_response, next_update, resolution FROM desk_plan_targets \
             WHERE plan_id = $1 ORDER BY priority",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        let targets = rows
            .into_iter()
            .filter_map(|(priority, first, next, resolution)| {
                Some(PlanTargets {
                    priority: Priority::new(priority)?,
                    targets: targets_from((first, next, resolution))?,
                })
            })
            .collect();
        all.push((id, name, targets));
    }
    Ok(all)
}

/// A partner's contracts, newest first.
pub async fn contracts(db: &Db, partner: PartnerId) -> Result<Vec<Contract>, sqlx::Error> {
    let rows: Vec<ContractRow> = sqlx::query_as(&format!(
        "SELECT {CONTRACT_COLUMNS} FROM desk_contracts k \
         JOIN desk_plans p ON p.id = k.plan_id JOIN desk_calendars c ON c.id = k.calendar_id \
         WHERE k.partner_id = $1 ORDER BY k.starts_on DESC, k.id DESC"
    ))
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().filter_map(contract_from).collect())
}

/// The customers of a partner's organizations: organization, name and email.
pub async fn customers(
    db: &Db,
    partner: PartnerId,
) -> Result<Vec<(OrganizationId, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.organization_id, u.display_name, u.email FROM desk_customers c \
         JOIN desk_organizations o ON o.id = c.organization_id JOIN users u ON u.id = c.user_id \
         WHERE o.partner_id = $1 ORDER BY u.display_name",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await
}

// ---------------------------------------------------------------------------
// What the watch over the clocks reads and writes.

/// Every ticket not closed that has a contract.
pub async fn watched(db: &Db) -> Result<Vec<Ticket>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} \
         WHERE t.status <> 'closed' AND t.contract_id IS NOT NULL ORDER BY t.id"
    ))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(ticket_from).collect()
}

/// A ticket's closed stretches, in UTC milliseconds: waiting for the customer, and
/// resolved until reopened.
#[derive(Clone, Debug, Default)]
pub struct Stretches {
    pub pending: Vec<(i64, i64)>,
    pub resolved: Vec<(i64, i64)>,
}

/// The closed stretches of every ticket not closed.
pub async fn pauses_of_watched(
    db: &Db,
) -> Result<std::collections::HashMap<TicketId, Stretches>, sqlx::Error> {
    let rows: Vec<(TicketId, String, i64, i64)> = sqlx::query_as(
        "SELECT p.ticket_id, p.kind, p.start_at, p.end_at FROM desk_ticket_pauses p \
         JOIN desk_tickets t ON t.id = p.ticket_id WHERE t.status <> 'closed'",
    )
    .fetch_all(db.pool())
    .await?;
    let all = group_stretches(rows);
    Ok(all)
}

/// Records a breach of `target` due at `due` (once: a second time changes nothing).
pub async fn record_breach(
    db: &Db,
    ticket: TicketId,
    target: &str,
    due: i64,
) -> Result<(), sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    record_breach_in(&mut connection, ticket, target, due).await
}

pub async fn record_breach_in(
    connection: &mut AnyConnection,
    ticket: TicketId,
    target: &str,
    due: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO desk_breaches (ticket_id, target, due_at, recorded_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(ticket)
    .bind(target)
    .bind(due)
    .bind(soporte_platform::storage::now_ms())
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Who hears of a ticket's warnings and escalations: its assignee, its team's lead and
/// its organization's account manager, each once.
pub async fn escalation_people(db: &Db, ticket: &Ticket) -> Result<Vec<UserId>, sqlx::Error> {
    let mut people: Vec<UserId> = ticket.assignee.into_iter().collect();
    if let Some(team) = ticket.team {
        let lead: Option<Option<UserId>> =
            sqlx::query_scalar("SELECT lead_id FROM desk_teams WHERE id = $1")
                .bind(team)
                .fetch_optional(db.pool())
                .await?;
        people.extend(lead.flatten());
    }
    let manager: Option<Option<UserId>> =
        sqlx::query_scalar("SELECT manager_id FROM desk_organizations WHERE id = $1")
            .bind(ticket.organization)
            .fetch_optional(db.pool())
            .await?;
    people.extend(manager.flatten());
    let mut seen = Vec::new();
    people.retain(|person| {
        let first = !seen.contains(person);
        seen.push(*person);
        first
    });
    Ok(people)
}

// ---------------------------------------------------------------------------
// Time worked.

/// A time entry as the ticket page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeEntry {
    pub who: Option<String>,
    pub kind: crate::worktime::Kind,
    pub minutes: i64,
    pub worked_on: String,
    pub note: String,
}

/// A contract's hours: remote and on site, included and used.
pub async fn usage(
    db: &Db,
    contract: &Contract,
) -> Result<(crate::worktime::Usage, crate::worktime::Usage), sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    usage_in(
        &mut connection,
        contract.id,
        (contract.remote_minutes, contract.onsite_minutes),
    )
    .await
}

async fn usage_in(
    connection: &mut AnyConnection,
    contract: ContractId,
    (remote, onsite): (i64, i64),
) -> Result<(crate::worktime::Usage, crate::worktime::Usage), sqlx::Error> {
    use crate::worktime::{Kind, Usage};
    let used = |rows: &[(String, i64)], kind: Kind| {
        rows.iter()
            .find(|(k, _)| k == kind.as_str())
            .map_or(0, |(_, minutes)| *minutes)
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, CAST(SUM(minutes) AS BIGINT) FROM desk_time_entries WHERE contract_id = $1 \
         GROUP BY kind",
    )
    .bind(contract)
    .fetch_all(&mut *connection)
    .await?;
    Ok((
        Usage {
            included: remote,
            used: used(&rows, Kind::Remote),
        },
        Usage {
            included: onsite,
            used: used(&rows, Kind::Onsite),
        },
    ))
}

/// Records time worked on `ticket`, against its contract; when that crosses 80 % of
/// the contract's included hours of that kind, the account manager is told once.
pub async fn add_time(
    db: &Db,
    ticket: &Ticket,
    (user, kind, worked): (UserId, crate::worktime::Kind, crate::worktime::Worked),
    note: &str,
    warning: &(dyn Fn(i64) -> (String, String) + Sync),
    at: i64,
) -> Result<(), DeskError> {
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(DeskError::Problem("desk-problem-work-note"));
    }
    let mut tx = db.write().await?;
    let current = locked(&mut tx, ticket.id)
        .await?
        .ok_or(DeskError::NotFound)?;
    let contract = match current.contract {
        Some(id) => {
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT remote_minutes, onsite_minutes FROM desk_contracts WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            row.map(|included| (id, included))
        }
        None => None,
    };
    let before = match contract {
        Some((id, included)) => Some(usage_in(&mut tx, id, included).await?),
        None => None,
    };
    sqlx::query(
        "INSERT INTO desk_time_entries (ticket_id, contract_id, user_id, kind, minutes, \
         worked_on, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ticket.id)
    .bind(contract.map(|(id, _)| id))
    .bind(user)
    .bind(kind.as_str())
    .bind(worked.get())
    .bind(&Instant::from_ms(at).iso()[..10])
    .bind(note)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let crossed = before.and_then(|(remote, onsite)| {
        let usage = match kind {
            crate::worktime::Kind::Remote => remote,
            crate::worktime::Kind::Onsite => onsite,
        };
        usage
            .crosses_with(worked.get())
            .then_some(crate::worktime::Usage {
                used: usage.used + worked.get(),
                ..usage
            })
    });
    if let Some(usage) = crossed {
        let manager: Option<Option<UserId>> =
            sqlx::query_scalar("SELECT manager_id FROM desk_organizations WHERE id = $1")
                .bind(ticket.organization)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(manager) = manager.flatten() {
            let (title, text) = warning(usage.percent());
            soporte_platform::notifications::add(
                &mut tx,
                soporte_platform::notifications::Notice {
                    user: manager,
                    title: &title,
                    text: &text,
                    path: &path(ticket.id),
                },
            )
            .await?;
        }
    }
    events::append(
        &mut tx,
        event(
            "desk.time_logged",
            ticket.id,
            Some(user),
            &serde_json::json!({"kind": kind.as_str(), "minutes": worked.get()}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn time_entries(db: &Db, ticket: TicketId) -> Result<Vec<TimeEntry>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, i64, String, String)> = sqlx::query_as(
        "SELECT u.display_name, e.kind, e.minutes, e.worked_on, e.note FROM desk_time_entries e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.ticket_id = $1 ORDER BY e.id",
    )
    .bind(ticket)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(who, kind, minutes, worked_on, note)| {
            Some(TimeEntry {
                who,
                kind: crate::worktime::Kind::parse(&kind)?,
                minutes,
                worked_on,
                note,
            })
        })
        .collect())
}

/// The contract of `organization` in force today (UTC).
pub async fn current_contract(
    db: &Db,
    organization: OrganizationId,
) -> Result<Option<Contract>, sqlx::Error> {
    let today = Instant::from_ms(soporte_platform::storage::now_ms()).iso();
    let mut connection = db.pool().acquire().await?;
    contract_in_force(&mut connection, organization, &today[..10]).await
}

// ---------------------------------------------------------------------------
// Satisfaction surveys.

/// A survey as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survey {
    pub id: i64,
    pub ticket: TicketId,
    pub rating: Option<i64>,
    pub comment: String,
}

/// The survey of a ticket's latest resolution.
pub async fn latest_survey(db: &Db, ticket: TicketId) -> Result<Option<Survey>, sqlx::Error> {
    let row: Option<(i64, TicketId, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, ticket_id, rating, comment FROM desk_surveys WHERE ticket_id = $1 \
         ORDER BY resolved_at DESC LIMIT 1",
    )
    .bind(ticket)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, ticket, rating, comment)| Survey {
        id,
        ticket,
        rating,
        comment,
    }))
}

/// The survey whose mailed token is `token`.
pub async fn survey_by_token(db: &Db, token: &str) -> Result<Option<Survey>, sqlx::Error> {
    let hash = soporte_platform::secrets::token_hash(token);
    let row: Option<(i64, TicketId, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, ticket_id, rating, comment FROM desk_surveys WHERE token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, ticket, rating, comment)| Survey {
        id,
        ticket,
        rating,
        comment,
    }))
}

/// Records an answer (a rating from 1 to 5, and a comment if one is given).
pub async fn answer_survey(
    db: &Db,
    survey: i64,
    rating: i64,
    comment: Option<&str>,
    at: i64,
) -> Result<(), DeskError> {
    if !(1..=5).contains(&rating) {
        return Err(DeskError::Problem("desk-problem-rating"));
    }
    if comment.is_some_and(|text| text.chars().count() > 2000) {
        return Err(DeskError::Problem("desk-problem-survey-comment"));
    }
    let mut tx = db.write().await?;
    let ticket: Option<TicketId> =
        sqlx::query_scalar("SELECT ticket_id FROM desk_surveys WHERE id = $1")
            .bind(survey)
            .fetch_optional(&mut *tx)
            .await?;
    let ticket = ticket.ok_or(DeskError::NotFound)?;
    sqlx::query(
        "UPDATE desk_surveys SET rating = $2, comment = COALESCE($3, comment), answered_at = $4 \
         WHERE id = $1",
    )
    .bind(survey)
    .bind(rating)
    .bind(comment.map(str::trim))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        event(
            "desk.surveyed",
            ticket,
            None,
            &serde_json::json!({"rating": rating}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Surveys not sent yet: (survey, ticket).
pub async fn unsent_surveys(db: &Db) -> Result<Vec<(i64, TicketId)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, ticket_id FROM desk_surveys WHERE sent_at IS NULL AND rating IS NULL \
         ORDER BY id LIMIT 500",
    )
    .fetch_all(db.pool())
    .await
}

/// A survey read again by id (after an answer).
pub async fn store_survey_again(db: &Db, id: i64) -> Result<Option<Survey>, sqlx::Error> {
    let row: Option<(i64, TicketId, Option<i64>, String)> =
        sqlx::query_as("SELECT id, ticket_id, rating, comment FROM desk_surveys WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(id, ticket, rating, comment)| Survey {
        id,
        ticket,
        rating,
        comment,
    }))
}

/// Tickets whose reminder's date has come, with their assignee.
pub async fn due_reminders(
    db: &Db,
    now: i64,
) -> Result<Vec<(TicketId, Option<UserId>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, assignee_id FROM desk_tickets WHERE status = 'pending-reminder' \
         AND remind_at <= $1 ORDER BY id",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Tickets resolved before `before` and still resolved.
pub async fn resolved_before(db: &Db, before: i64) -> Result<Vec<TicketId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM desk_tickets WHERE status = 'resolved' AND resolved_at < $1 ORDER BY id",
    )
    .bind(before)
    .fetch_all(db.pool())
    .await
}

// ---------------------------------------------------------------------------
// Macros and on-site visits.

/// A canned reply of a desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Macro {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
}

impl Macro {
    /// Its text for a ticket: `{cliente}` becomes the requester's name.
    pub fn text_for(&self, requester: Option<&str>) -> String {
        self.body
            .replace("{cliente}", requester.unwrap_or_default())
    }
}

pub async fn add_macro(
    db: &Db,
    partner: PartnerId,
    name: &str,
    body: &Body,
    (status, priority): (Option<Status>, Option<Priority>),
) -> Result<(), DeskError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(DeskError::Problem("desk-problem-macro-name"));
    }
    let done = sqlx::query(
        "INSERT INTO desk_macros (partner_id, name, body, status, priority) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(partner)
    .bind(name)
    .bind(body.as_str())
    .bind(status.map(Status::as_str))
    .bind(priority.map(Priority::level))
    .execute(db.writes())
    .await?;
    if done.rows_affected() == 0 {
        return Err(DeskError::Problem("desk-problem-macro-name"));
    }
    Ok(())
}

/// A saved reply's row: id, name, text, status, priority.
type MacroRow = (i64, String, String, Option<String>, Option<i64>);

pub async fn macros(db: &Db, partner: PartnerId) -> Result<Vec<Macro>, sqlx::Error> {
    let rows: Vec<MacroRow> = sqlx::query_as(
        "SELECT id, name, body, status, priority FROM desk_macros WHERE partner_id = $1 \
         ORDER BY name",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, body, status, priority)| Macro {
            id,
            name,
            body,
            status: status.as_deref().and_then(Status::parse),
            priority: priority.and_then(Priority::new),
        })
        .collect())
}

/// An on-site visit as the ticket shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub agent: Option<String>,
    pub address: String,
    pub starts_at: i64,
    pub minutes: i64,
}

/// Schedules a visit to the customer for `ticket`, by someone of its desk.
pub async fn add_visit(
    db: &Db,
    ticket: &Ticket,
    (agent, address): (UserId, &str),
    (starts_at, worked): (i64, crate::worktime::Worked),
    by: UserId,
    at: i64,
) -> Result<(), DeskError> {
    let address = address.trim();
    if address.is_empty() || address.chars().count() > 300 {
        return Err(DeskError::Problem("desk-problem-visit-address"));
    }
    let mut tx = db.write().await?;
    let theirs: Option<String> =
        sqlx::query_scalar("SELECT role FROM desk_staff WHERE partner_id = $1 AND user_id = $2")
            .bind(ticket.partner)
            .bind(agent)
            .fetch_optional(&mut *tx)
            .await?;
    if theirs.is_none() {
        return Err(DeskError::Problem("desk-problem-assignee"));
    }
    sqlx::query(
        "INSERT INTO desk_visits (ticket_id, agent_id, address, starts_at, minutes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ticket.id)
    .bind(agent)
    .bind(address)
    .bind(starts_at)
    .bind(worked.get())
    .bind(at)
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        event(
            "desk.visit_scheduled",
            ticket.id,
            Some(by),
            &serde_json::json!({"agent": agent, "starts_at": starts_at}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn visits(db: &Db, ticket: TicketId) -> Result<Vec<Visit>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, i64, i64)> = sqlx::query_as(
        "SELECT u.display_name, v.address, v.starts_at, v.minutes FROM desk_visits v \
         LEFT JOIN users u ON u.id = v.agent_id WHERE v.ticket_id = $1 ORDER BY v.starts_at",
    )
    .bind(ticket)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(agent, address, starts_at, minutes)| Visit {
            agent,
            address,
            starts_at,
            minutes,
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Reports.

/// A partner's tickets opened in `[from, to)` (UTC milliseconds), of one contract if
/// given, with their closed stretches.
pub async fn report_tickets(
    db: &Db,
    partner: PartnerId,
    contract: Option<ContractId>,
    (from, to): (i64, i64),
) -> Result<(Vec<Ticket>, std::collections::HashMap<TicketId, Stretches>), sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE t.partner_id = $1 \
         AND ($2 IS NULL OR t.contract_id = $2) AND t.created_at >= $3 AND t.created_at < $4 \
         ORDER BY t.number"
    ))
    .bind(partner)
    .bind(contract)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let tickets = rows
        .iter()
        .map(ticket_from)
        .collect::<Result<Vec<_>, _>>()?;
    let pauses: Vec<(TicketId, String, i64, i64)> = sqlx::query_as(
        "SELECT p.ticket_id, p.kind, p.start_at, p.end_at FROM desk_ticket_pauses p \
         JOIN desk_tickets t ON t.id = p.ticket_id WHERE t.partner_id = $1 \
         AND ($2 IS NULL OR t.contract_id = $2) AND t.created_at >= $3 AND t.created_at < $4",
    )
    .bind(partner)
    .bind(contract)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let all = group_stretches(pauses);
    Ok((tickets, all))
}

// ---------------------------------------------------------------------------
// Critical incidents and the on-call rota.

/// The cadence of an incident's public updates when it starts, in minutes.
pub const INCIDENT_CADENCE_MINUTES: i64 = 30;

/// The cadences the desk may choose for an incident's next updates, in minutes.
pub const INCIDENT_CADENCES: [i64; 6] = [15, 30, 60, 120, 240, 480];

/// The cadence `text` names (minutes), if it is one of [`INCIDENT_CADENCES`].
pub fn incident_cadence(text: &str) -> Option<i64> {
    let minutes = text.trim().parse::<i64>().ok()?;
    INCIDENT_CADENCES.contains(&minutes).then_some(minutes)
}

/// An incident as the ticket shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    pub started_at: i64,
    pub cadence_minutes: i64,
    pub summary_html: Option<String>,
    /// Its public updates, oldest first: (author, HTML, when).
    pub updates: Vec<(Option<String>, String, i64)>,
}

/// Starts the incident mode of a P1 ticket (once: a second start changes nothing);
/// whether it started now.
pub async fn start_incident(db: &Db, ticket: TicketId, at: i64) -> Result<bool, sqlx::Error> {
    let started = sqlx::query(
        "INSERT INTO desk_incidents (ticket_id, started_at, cadence_minutes) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(ticket)
    .bind(at)
    .bind(INCIDENT_CADENCE_MINUTES)
    .execute(db.writes())
    .await?
    .rows_affected();
    Ok(started == 1)
}

pub async fn incident(db: &Db, ticket: TicketId) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT started_at, cadence_minutes, summary_html FROM desk_incidents WHERE ticket_id = $1",
    )
    .bind(ticket)
    .fetch_optional(db.pool())
    .await?;
    let Some((started_at, cadence_minutes, summary_html)) = row else {
        return Ok(None);
    };
    let updates: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT u.display_name, i.body_html, i.created_at FROM desk_incident_updates i \
         LEFT JOIN users u ON u.id = i.author_id WHERE i.ticket_id = $1 ORDER BY i.id",
    )
    .bind(ticket)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(Incident {
        started_at,
        cadence_minutes,
        summary_html,
        updates,
    }))
}

/// Adds a public status update to an incident.
pub async fn add_incident_update(
    db: &Db,
    ticket: TicketId,
    author: UserId,
    (body, cadence): (&Body, Option<i64>),
    at: i64,
) -> Result<(), DeskError> {
    let mut tx = db.write().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT ticket_id FROM desk_incidents WHERE ticket_id = $1")
            .bind(ticket)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(DeskError::NotFound);
    }
    if let Some(minutes) = cadence {
        sqlx::query("UPDATE desk_incidents SET cadence_minutes = $2 WHERE ticket_id = $1")
            .bind(ticket)
            .bind(minutes)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO desk_incident_updates (ticket_id, author_id, body, body_html, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ticket)
    .bind(author)
    .bind(body.as_str())
    .bind(markup::markdown(body.as_str()).html)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        event("desk.incident_update", ticket, Some(author), &at),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes the post-incident summary (the ticket must be resolved or closed).
pub async fn summarize_incident(
    db: &Db,
    ticket: &Ticket,
    author: UserId,
    body: &Body,
    at: i64,
) -> Result<(), DeskError> {
    if ticket.status.is_open() {
        return Err(DeskError::Problem("desk-problem-summary-early"));
    }
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE desk_incidents SET summary = $2, summary_html = $3, summary_at = $4 \
         WHERE ticket_id = $1",
    )
    .bind(ticket.id)
    .bind(body.as_str())
    .bind(markup::markdown(body.as_str()).html)
    .bind(at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(DeskError::NotFound);
    }
    events::append(
        &mut tx,
        event("desk.incident_summary", ticket.id, Some(author), &at),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Incidents in progress (their ticket still open): ticket, when the last public
/// update (or the start) was, and the cadence in minutes.
pub async fn running_incidents(db: &Db) -> Result<Vec<(TicketId, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.ticket_id, COALESCE((SELECT MAX(created_at) FROM desk_incident_updates u \
         WHERE u.ticket_id = i.ticket_id), i.started_at), i.cadence_minutes \
         FROM desk_incidents i JOIN desk_tickets t ON t.id = i.ticket_id \
         WHERE t.status NOT IN ('resolved', 'closed')",
    )
    .fetch_all(db.pool())
    .await
}

/// Puts `user` on the partner's on-call rota, in the hours of `calendar`.
pub async fn set_oncall(
    db: &Db,
    partner: PartnerId,
    user: UserId,
    calendar: CalendarId,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM desk_oncall WHERE partner_id = $1 AND user_id = $2")
        .bind(partner)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO desk_oncall (partner_id, user_id, calendar_id) VALUES ($1, $2, $3)")
        .bind(partner)
        .bind(user)
        .bind(calendar)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The partner's rota: each person with their calendar's name and calendar.
pub async fn oncall(
    db: &Db,
    partner: PartnerId,
) -> Result<Vec<(UserId, String, String, Calendar)>, sqlx::Error> {
    let rows: Vec<(UserId, String, String, String)> = sqlx::query_as(
        "SELECT o.user_id, u.display_name, c.name, c.spec FROM desk_oncall o \
         JOIN users u ON u.id = o.user_id JOIN desk_calendars c ON c.id = o.calendar_id \
         WHERE o.partner_id = $1 ORDER BY u.display_name",
    )
    .bind(partner)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, name, calendar_name, spec)| {
            Some((user, name, calendar_name, Calendar::parse(&spec).ok()?))
        })
        .collect())
}
