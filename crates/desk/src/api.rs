//! The desks' part of the JSON API (`/api/v1/desk`), with personal tokens: a
//! customer lists and opens their organizations' tickets, reads them with their due
//! times and writes to them; a desk's agents and admins do the same for the whole
//! desk (`?partner=slug`), and also write internal notes and move tickets. The same
//! parsing, policy and isolation as the pages: a ticket or a desk that is not the
//! caller's is "not found". Messages written here record the `api` channel and,
//! when given, their id in the caller's system.
//!
//! The request schemas say exactly what is accepted, so that data they allow is never
//! refused as malformed.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use soporte_platform::accounts::api_tokens::Scope;
use soporte_platform::accounts::{Role, bearer};
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::web::api::ApiError;
use soporte_platform::web::{AppState, WebError};
use utoipa::{IntoParams, ToSchema};

use crate::policy::{Action, Standing, allows};
use crate::sla::clock::Instant;
use crate::store::{self, DeskError, Filter, Scope as Whose, Ticket, Visibility};
use crate::ticket::{Body, Channel, Mover, Priority, Status, Subject};
use crate::{OrganizationId, TicketId};

type Answer = Result<Response, WebError>;

/// Tickets a page of the list holds.
const PER_PAGE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/desk/tickets", get(list_tickets).post(open_ticket))
        .route("/api/v1/desk/tickets/{id}", get(read_ticket))
        .route("/api/v1/desk/tickets/{id}/messages", post(write_message))
        .route("/api/v1/desk/tickets/{id}/status", post(move_ticket))
}

/// The desks' part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list_tickets, open_ticket, read_ticket, write_message, move_ticket))]
pub struct DeskApi;

/// The caller: who the token is of, and whether they are foundation staff.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    scope: Scope,
) -> Result<(UserId, bool), WebError> {
    let token = bearer(state, headers, scope).await?;
    Ok((token.user_id, token.roles.contains(&Role::Staff)))
}

fn invalid(message: &'static str) -> WebError {
    WebError::status(StatusCode::UNPROCESSABLE_ENTITY).saying("error-400-title", message)
}

/// A status, as the API names it.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StatusName {
    New,
    Open,
    PendingCustomer,
    PendingReminder,
    Resolved,
    Closed,
}

impl StatusName {
    fn status(self) -> Status {
        match self {
            StatusName::New => Status::New,
            StatusName::Open => Status::Open,
            StatusName::PendingCustomer => Status::PendingCustomer,
            StatusName::PendingReminder => Status::PendingReminder,
            StatusName::Resolved => Status::Resolved,
            StatusName::Closed => Status::Closed,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// A desk's short name: its whole queue, for its agents and admins. Without it,
    /// the tickets of the caller's organizations.
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 2, max_length = 40)]
    partner: Option<String>,
    /// Only this status (all the tickets in progress when not given).
    #[param(inline)]
    status: Option<StatusName>,
    /// Only the tickets with this tag (any case), in a desk's queue (`partner`); the
    /// tags are the desk's own, so a customer's list ignores it.
    #[param(min_length = 1, max_length = 40)]
    tag: Option<String>,
    /// The page, from 1.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
}

/// A ticket in a list.
#[derive(Serialize, ToSchema)]
pub(crate) struct TicketSummary {
    id: i64,
    /// The desk's own number.
    number: i64,
    organization: String,
    subject: String,
    /// 1 (critical) to 4 (low).
    priority: i64,
    status: &'static str,
    assignee: Option<String>,
    /// Milliseconds since the epoch.
    updated_at: i64,
    path: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct TicketPage {
    tickets: Vec<TicketSummary>,
    /// The next page's number; none on the last.
    next: Option<u32>,
}

fn summary(ticket: Ticket) -> TicketSummary {
    TicketSummary {
        id: ticket.id.get(),
        number: ticket.number,
        organization: ticket.organization_name,
        subject: ticket.subject,
        priority: ticket.priority.level(),
        status: ticket.status.as_str(),
        assignee: ticket.assignee_name,
        updated_at: ticket.updated_at,
        path: store::path(ticket.id),
    }
}

/// Lists tickets: a desk's (`partner`) or the caller's organizations'.
#[utoipa::path(
    get,
    path = "/desk/tickets",
    operation_id = "listTickets",
    security(("bearerAuth" = [])),
    params(ListParams),
    responses(
        (status = 200, description = "A page of tickets", body = TicketPage),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn list_tickets(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> Answer {
    let (user, staff) = caller(&state, &headers, Scope::Read).await?;
    if params
        .page
        .is_some_and(|page| !(1..=10_000).contains(&page))
        || params
            .partner
            .as_deref()
            .is_some_and(|slug| !store::valid_slug(slug))
        || params
            .tag
            .as_deref()
            .is_some_and(|tag| !(1..=40).contains(&tag.chars().count()))
    {
        return Err(WebError::bad_request(
            "error-400-title",
            "desk-api-bad-filter",
        ));
    }
    let scope = match params.partner.as_deref() {
        Some(slug) => {
            let partner = store::partner_by_slug(&state.db, slug)
                .await?
                .ok_or_else(WebError::not_found)?;
            let standing =
                store::standing(&state.db, partner.id, Some((user, staff)), None).await?;
            if !allows(standing, Action::SeeQueue) {
                return Err(WebError::not_found());
            }
            Whose::Partner(partner.id)
        }
        None => Whose::Customer(user),
    };
    let status = params.status.map(StatusName::status);
    let tag = match scope {
        Whose::Partner(_) => params
            .tag
            .as_deref()
            .map(|tag| tag.trim().to_lowercase())
            .filter(|tag| !tag.is_empty()),
        Whose::Customer(_) => None,
    };
    let filter = Filter {
        status,
        open_only: status.is_none(),
        tag,
        ..Filter::default()
    };
    let page = params.page.unwrap_or(1);
    let offset = i64::from(page - 1) * PER_PAGE;
    let mut tickets = store::tickets(&state.db, scope, &filter, PER_PAGE + 1, offset).await?;
    let more = tickets.len() > usize::try_from(PER_PAGE).unwrap_or(50);
    tickets.truncate(usize::try_from(PER_PAGE).unwrap_or(50));
    Ok(Json(TicketPage {
        tickets: tickets.into_iter().map(summary).collect(),
        next: (more && page < 10_000).then_some(page + 1),
    })
    .into_response())
}

/// A ticket to open.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTicketIn {
    /// The client organization's id.
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "whole")]
    organization: i64,
    /// One line: words separated by single spaces.
    #[schema(
        min_length = 4,
        max_length = 200,
        pattern = "^[^\\t-\\r \u{0085}\u{00A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]+( [^\\t-\\r \u{0085}\u{00A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]+)*$"
    )]
    subject: String,
    /// What happens, in Markdown, with something besides spaces.
    #[schema(
        min_length = 1,
        max_length = 50000,
        pattern = "[^\\t-\\r \u{0085}\u{00A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]"
    )]
    description: String,
    /// 1 (critical) to 4 (low); 3 when not given.
    #[schema(minimum = 1, maximum = 4)]
    #[serde(default, deserialize_with = "whole_or_none")]
    priority: Option<i64>,
    /// The message's id in the caller's system, if it has one.
    #[schema(min_length = 1, max_length = 200)]
    external_id: Option<String>,
}

/// A JSON integer, also when written with a zero fraction (`234.0`), as JSON Schema
/// counts it.
fn whole<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    whole_number(&serde_json::Number::deserialize(deserializer)?)
}

fn whole_number<E: serde::de::Error>(number: &serde_json::Number) -> Result<i64, E> {
    number
        .as_i64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                // A whole number this small is exact as an i64.
                .map(|f| f as i64)
        })
        .ok_or_else(|| E::custom("not a whole number"))
}

fn whole_or_none<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Option::<serde_json::Number>::deserialize(deserializer)?
        .map(|number| whole_number(&number))
        .transpose()
}

/// What was made.
#[derive(Serialize, ToSchema)]
pub(crate) struct Opened {
    id: i64,
    number: i64,
    path: String,
}

/// Opens a ticket for an organization (its customers, or its desk's people).
#[utoipa::path(
    post,
    path = "/desk/tickets",
    operation_id = "openTicket",
    security(("bearerAuth" = [])),
    request_body = NewTicketIn,
    responses(
        (status = 201, description = "The new ticket", body = Opened),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn open_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(input): Json<NewTicketIn>,
) -> Answer {
    let (user, staff) = caller(&state, &headers, Scope::Write).await?;
    let (organization, standing) = store::organization_reach(
        &state.db,
        OrganizationId::new(input.organization),
        (user, staff),
    )
    .await?
    .ok_or_else(WebError::not_found)?;
    if !allows(standing, Action::OpenTicket) {
        return Err(WebError::not_found());
    }
    let subject = Subject::parse(&input.subject)
        .ok()
        .filter(|subject| subject.as_str() == input.subject)
        .ok_or_else(|| invalid("desk-problem-subject-short"))?;
    let body = Body::parse(&input.description).map_err(|problem| invalid(problem.message_id()))?;
    let priority = match input.priority {
        None => Priority::NORMAL,
        Some(level) => Priority::new(level).ok_or_else(|| invalid("desk-problem-priority"))?,
    };
    let side = if standing == Standing::Customer {
        Mover::Customer
    } else {
        Mover::Desk
    };
    let new = store::NewTicket {
        partner: organization.partner,
        organization: organization.id,
        requester: user,
        subject,
        body,
        priority,
        channel: Channel::Api,
        external_id: input.external_id.clone(),
        author: user,
        side,
        tags: Vec::new(),
        files: Vec::new(),
        origin: None,
    };
    match store::open_ticket(&state.db, new, now_ms()).await {
        Ok((id, number)) => {
            if priority == Priority::CRITICAL {
                crate::escalate::incident_now(&state, id).await?;
            }
            crate::notify::ring(&state);
            Ok((
                StatusCode::CREATED,
                Json(Opened {
                    id: id.get(),
                    number,
                    path: store::path(id),
                }),
            )
                .into_response())
        }
        Err(error) => Err(failure(error)),
    }
}

fn failure(error: DeskError) -> WebError {
    match error {
        DeskError::NotFound | DeskError::ForeignOrganization => WebError::not_found(),
        DeskError::Move => {
            WebError::status(StatusCode::CONFLICT).saying("error-400-title", "desk-problem-move")
        }
        DeskError::Problem(problem) => invalid(problem),
        DeskError::Database(error) => WebError::internal(error),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct IdParam {
    /// The ticket's id.
    #[param(minimum = 1)]
    id: i64,
}

/// One of a ticket's clocks.
#[derive(Serialize, ToSchema)]
pub(crate) struct ClockOut {
    /// `first_response`, `next_update` or `resolution`.
    target: &'static str,
    /// ISO-8601, UTC.
    due: String,
    /// When it was met, if it was (ISO-8601, UTC).
    met: Option<String>,
    breached: bool,
    /// Not running now: the ticket waits for its customer.
    paused: bool,
    /// Counted seconds left to the due instant.
    left_seconds: i64,
}

/// A message of a ticket.
#[derive(Serialize, ToSchema)]
pub(crate) struct MessageOut {
    id: i64,
    author: Option<String>,
    from_desk: bool,
    /// An internal note (only the desk reads them).
    internal: bool,
    channel: &'static str,
    /// The message rendered to sanitized HTML.
    html: String,
    /// Milliseconds since the epoch.
    at: i64,
}

/// A ticket with its conversation and its clocks.
#[derive(Serialize, ToSchema)]
pub(crate) struct TicketOut {
    id: i64,
    number: i64,
    organization: String,
    subject: String,
    priority: i64,
    status: &'static str,
    channel: &'static str,
    requester: Option<String>,
    assignee: Option<String>,
    /// Milliseconds since the epoch.
    created_at: i64,
    updated_at: i64,
    path: String,
    /// The desk's own tags, sorted; empty for its customers.
    tags: Vec<String>,
    /// The clocks of its contract; empty without one.
    sla: Vec<ClockOut>,
    messages: Vec<MessageOut>,
}

/// The ticket `id` and the caller's standing to it, if they may see it.
async fn visible(
    state: &AppState,
    id: i64,
    who: (UserId, bool),
) -> Result<(Ticket, Standing), WebError> {
    let ticket = store::ticket(&state.db, TicketId::new(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let standing = store::standing(
        &state.db,
        ticket.partner,
        Some(who),
        Some(ticket.organization),
    )
    .await?;
    if !allows(standing, Action::SeeTicket) {
        return Err(WebError::not_found());
    }
    Ok((ticket, standing))
}

/// A ticket, with its conversation (internal notes for its desk) and its clocks now.
#[utoipa::path(
    get,
    path = "/desk/tickets/{id}",
    operation_id = "getTicket",
    security(("bearerAuth" = [])),
    params(IdParam),
    responses(
        (status = 200, description = "The ticket", body = TicketOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn read_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
) -> Answer {
    let who = caller(&state, &headers, Scope::Read).await?;
    let (ticket, standing) = visible(&state, id, who).await?;
    let internal = allows(standing, Action::SeeInternal);
    let messages = store::messages(&state.db, ticket.id, internal)
        .await?
        .into_iter()
        .map(|message| MessageOut {
            id: message.id.get(),
            author: message.author,
            from_desk: message.from_desk,
            internal: message.internal,
            channel: message.channel.as_str(),
            html: message.html,
            at: message.at,
        })
        .collect();
    let mut sla = Vec::new();
    if let Some((contract, targets)) = store::service(&state.db, &ticket).await? {
        let facts = store::facts(&state.db, &ticket).await?;
        let now = Instant::from_ms(now_ms());
        let readings = crate::sla::state::read(&contract.calendar, &targets, &facts, now)
            .map_err(WebError::internal)?;
        sla = readings
            .into_iter()
            .map(|reading| ClockOut {
                target: reading.target.key(),
                due: reading.due.iso(),
                met: reading.met.map(Instant::iso),
                breached: reading.breached,
                paused: reading.paused,
                left_seconds: reading.left,
            })
            .collect();
    }
    Ok(Json(TicketOut {
        id: ticket.id.get(),
        number: ticket.number,
        organization: ticket.organization_name.clone(),
        subject: ticket.subject.clone(),
        priority: ticket.priority.level(),
        status: ticket.status.as_str(),
        channel: ticket.channel.as_str(),
        requester: ticket.requester_name.clone(),
        assignee: ticket.assignee_name.clone(),
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        path: store::path(ticket.id),
        tags: if internal {
            ticket.tags.clone()
        } else {
            Vec::new()
        },
        sla,
        messages,
    })
    .into_response())
}

/// A message to write.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MessageIn {
    /// Markdown, with something besides spaces.
    #[schema(
        min_length = 1,
        max_length = 50000,
        pattern = "[^\\t-\\r \u{0085}\u{00A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]"
    )]
    body: String,
    /// An internal note (the desk's people only).
    #[serde(default)]
    internal: bool,
    /// The message's id in the caller's system, if it has one.
    #[schema(min_length = 1, max_length = 200)]
    external_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Written {
    id: i64,
}

/// Writes a reply (or, for the desk, an internal note) on a ticket.
#[utoipa::path(
    post,
    path = "/desk/tickets/{id}/messages",
    operation_id = "writeTicketMessage",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = MessageIn,
    responses(
        (status = 201, description = "The message written", body = Written),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn write_message(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<MessageIn>,
) -> Answer {
    let who = caller(&state, &headers, Scope::Write).await?;
    let (ticket, standing) = visible(&state, id, who).await?;
    let action = if input.internal {
        Action::WriteNote
    } else {
        Action::Reply
    };
    if !allows(standing, action) {
        return Err(WebError::forbidden());
    }
    let body = Body::parse(&input.body).map_err(|problem| invalid(problem.message_id()))?;
    let side = if allows(standing, Action::SeeInternal) {
        Mover::Desk
    } else {
        Mover::Customer
    };
    let message = store::NewMessage {
        author: who.0,
        side,
        visibility: if input.internal {
            Visibility::Internal
        } else {
            Visibility::Public
        },
        channel: Channel::Api,
        external_id: input.external_id.as_deref(),
        body: &body,
        files: &[],
    };
    match store::add_message(&state.db, ticket.id, &message, now_ms()).await {
        Ok(id) => {
            crate::notify::ring(&state);
            Ok((StatusCode::CREATED, Json(Written { id: id.get() })).into_response())
        }
        Err(error) => Err(failure(error)),
    }
}

/// A move.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MoveIn {
    #[schema(inline)]
    status: StatusName,
    /// For `pending-reminder`: when it reopens (ISO-8601), in the future.
    #[schema(format = DateTime)]
    remind_at: Option<String>,
}

/// The ticket after a move.
#[derive(Serialize, ToSchema)]
pub(crate) struct Moved {
    status: &'static str,
}

/// Moves a ticket as its status table allows the caller (a customer may resolve).
#[utoipa::path(
    post,
    path = "/desk/tickets/{id}/status",
    operation_id = "moveTicket",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = MoveIn,
    responses(
        (status = 200, description = "Moved", body = Moved),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn move_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<MoveIn>,
) -> Answer {
    let who = caller(&state, &headers, Scope::Write).await?;
    let (ticket, standing) = visible(&state, id, who).await?;
    let mover = if allows(standing, Action::Triage) {
        Mover::Desk
    } else {
        Mover::Customer
    };
    let remind_at = match input.remind_at.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse::<jiff::Timestamp>()
                .map_err(|_| invalid("desk-problem-reminder"))?
                .as_millisecond(),
        ),
    };
    let to = input.status.status();
    store::set_status(
        &state.db,
        ticket.id,
        (mover, Some(who.0)),
        to,
        remind_at,
        now_ms(),
    )
    .await
    .map_err(failure)?;
    Ok(Json(Moved {
        status: to.as_str(),
    })
    .into_response())
}
