//! Staff pages: find people, grant and revoke their roles, read the audit log. Every
//! page asks the policy first.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::policy::{Action, Actor, allows};
use super::roles::{RoleError, set_roles};
use super::sessions::Viewer;
use super::web::{Answer, text};
use super::{Role, roles_of};
use crate::audit::{self, Filter};
use crate::storage::UserId;
use crate::web::paging::{PageLinks, Paging};
use crate::web::{Allowed, AppState, Page, Permission, Shell, Visit, WebError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/personas", get(people))
        .route("/admin/personas/{id}", get(person).post(save_person))
        .route("/admin/auditoria", get(audit_log))
}

/// Staff who may list people.
struct ListPeople;
/// Staff who may grant and revoke roles.
struct ManageRoles;
/// Staff who may read the audit log.
struct ReadAuditLog;

impl Permission for ListPeople {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::ListPeople)
    }
}

impl Permission for ManageRoles {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::ManageRoles)
    }
}

impl Permission for ReadAuditLog {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::ReadAuditLog)
    }
}

fn role_name(state: &AppState, visit: &Visit, role: Role) -> String {
    text(state, visit, &format!("role-{}", role.as_str()), &[])
}

struct PersonRow {
    id: UserId,
    name: String,
    email: String,
    roles: String,
}

#[derive(Template)]
#[template(path = "admin/people.html")]
struct PeopleTemplate<'a> {
    shell: Shell<'a>,
    query: String,
    people: Vec<PersonRow>,
    paging: PageLinks,
}

/// People listed per page.
const PEOPLE_PER_PAGE: u32 = 50;
/// Audit entries listed per page.
const ENTRIES_PER_PAGE: u32 = 50;

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
    pagina: Option<String>,
}

async fn people(
    State(state): State<AppState>,
    _staff: Allowed<ListPeople>,
    visit: Visit,
    Query(search): Query<Search>,
) -> Answer {
    let query = search.q.unwrap_or_default().trim().to_owned();
    let pattern = format!("%{}%", query.to_lowercase());
    let paging = Paging::new(search.pagina.as_deref(), PEOPLE_PER_PAGE);
    let rows: Vec<(UserId, String, String)> = sqlx::query_as(
        "SELECT id, display_name, email FROM users \
         WHERE LOWER(email) LIKE $1 OR LOWER(display_name) LIKE $1 ORDER BY display_name, id \
         LIMIT $2 OFFSET $3",
    )
    .bind(&pattern)
    .bind(paging.limit())
    .bind(paging.offset())
    .fetch_all(state.db.pool())
    .await?;
    let (rows, paging) = paging.page(rows, "/admin/personas", &[("q", &query)]);
    let mut people = Vec::with_capacity(rows.len());
    for (id, name, email) in rows {
        let roles = roles_of(&state.db, id).await?;
        let roles = roles
            .into_iter()
            .map(|role| role_name(&state, &visit, role))
            .collect::<Vec<_>>()
            .join(", ");
        let name = super::own::author_name(&state, &visit, &name);
        people.push(PersonRow {
            id,
            name,
            email,
            roles,
        });
    }
    let shell = Shell::new(&state, &visit, "/admin/personas");
    Ok(Page(
        PeopleTemplate {
            shell,
            query,
            people,
            paging,
        }
        .render(),
    )
    .into_response())
}

struct RoleBox {
    value: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/person.html")]
struct PersonTemplate<'a> {
    shell: Shell<'a>,
    id: UserId,
    name: String,
    email: String,
    roles: Vec<RoleBox>,
    message: Option<String>,
}

async fn person_page(
    state: &AppState,
    visit: &Visit,
    id: UserId,
    message: Option<String>,
    status: StatusCode,
) -> Answer {
    let path = format!("/admin/personas/{id}");
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT display_name, email FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await?;
    let Some((name, email)) = row else {
        return Err(WebError::not_found());
    };
    let held = roles_of(&state.db, id).await?;
    let roles = Role::ALL
        .into_iter()
        .map(|role| RoleBox {
            value: role.as_str(),
            label: role_name(state, visit, role),
            checked: held.contains(&role),
        })
        .collect();
    let shell = Shell::new(state, visit, &path);
    Ok((
        status,
        Page(
            PersonTemplate {
                shell,
                id,
                name,
                email,
                roles,
                message,
            }
            .render(),
        ),
    )
        .into_response())
}

async fn person(
    State(state): State<AppState>,
    _staff: Allowed<ManageRoles>,
    visit: Visit,
    Path(id): Path<UserId>,
) -> Answer {
    person_page(&state, &visit, id, None, StatusCode::OK).await
}

async fn save_person(
    State(state): State<AppState>,
    Allowed { viewer, .. }: Allowed<ManageRoles>,
    visit: Visit,
    Path(id): Path<UserId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Answer {
    let wanted: Vec<Role> = fields
        .iter()
        .filter(|(name, _)| name == "role")
        .filter_map(|(_, value)| value.parse().ok())
        .collect();
    match set_roles(&state.db, id, &wanted, Some(viewer.user_id)).await {
        Ok(_) => {
            person_page(
                &state,
                &visit,
                id,
                Some(text(&state, &visit, "admin-roles-saved", &[])),
                StatusCode::OK,
            )
            .await
        }
        Err(RoleError::LastStaff) => {
            let message = text(&state, &visit, "admin-last-staff", &[]);
            person_page(&state, &visit, id, Some(message), StatusCode::CONFLICT).await
        }
        Err(RoleError::NoSuchPerson) => Err(WebError::not_found()),
        Err(RoleError::Database(error)) => Err(error.into()),
    }
}

struct AuditRow {
    when: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditTemplate<'a> {
    shell: Shell<'a>,
    person: String,
    actions: Vec<(String, String, bool)>,
    rows: Vec<AuditRow>,
    paging: PageLinks,
}

#[derive(Deserialize)]
struct AuditQuery {
    accion: Option<String>,
    persona: Option<String>,
    pagina: Option<String>,
}

async fn audit_log(
    State(state): State<AppState>,
    _staff: Allowed<ReadAuditLog>,
    visit: Visit,
    Query(query): Query<AuditQuery>,
) -> Answer {
    let known = audit::actions(&state.db).await?;
    // Any action's name filters (one the log does not hold yet shows nothing).
    let action = query.accion.filter(|value| {
        !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
    });
    let person = query
        .persona
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty());
    let paging = Paging::new(query.pagina.as_deref(), ENTRIES_PER_PAGE);
    let filter = Filter {
        action: action.clone(),
        person: person.clone(),
        limit: paging.limit(),
        offset: paging.offset(),
    };
    let entries = audit::list(&state.db, &filter).await?;
    let (entries, paging) = paging.page(
        entries,
        "/admin/auditoria",
        &[
            ("accion", action.as_deref().unwrap_or_default()),
            ("persona", person.as_deref().unwrap_or_default()),
        ],
    );
    let command_line = text(&state, &visit, "admin-command-line", &[]);
    let rows = entries
        .into_iter()
        .map(|entry| AuditRow {
            when: crate::text::time_utc(entry.at),
            actor: entry.actor.unwrap_or_else(|| command_line.clone()),
            action: text(&state, &visit, &audit::message_id(&entry.action), &[]),
            target: entry.target.unwrap_or_default(),
            detail: describe(&state, &visit, &entry.detail),
        })
        .collect();
    let actions = known
        .into_iter()
        .map(|value| {
            let label = text(&state, &visit, &audit::message_id(&value), &[]);
            let chosen = action.as_deref() == Some(value.as_str());
            (value, label, chosen)
        })
        .collect();
    let shell = Shell::new(&state, &visit, "/admin/auditoria");
    let page = AuditTemplate {
        shell,
        person: person.unwrap_or_default(),
        actions,
        rows,
        paging,
    };
    Ok(Page(page.render()).into_response())
}

/// A role detail (`{"role":"moderator"}`) in words.
fn describe(state: &AppState, visit: &Visit, detail: &str) -> String {
    serde_json::from_str::<serde_json::Value>(detail)
        .ok()
        .and_then(|value| {
            value
                .get("role")
                .and_then(|role| role.as_str())
                .and_then(|role| role.parse::<Role>().ok())
        })
        .map_or_else(|| detail.to_owned(), |role| role_name(state, visit, role))
}
