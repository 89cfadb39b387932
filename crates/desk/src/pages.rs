//! The desks' pages: the public page on professional support, the customer portal
//! (their organizations' tickets, a new ticket, their account manager), a desk's queue
//! and its new-ticket form, and the ticket page both sides share (the customer sees
//! the public conversation and the due times; the desk also sees internal notes and
//! moves, triages and answers). Every ticket read goes through [`standing`], so a page
//! of another partner or another organization is "not found", whoever asks.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::Role;
use soporte_platform::attachments::{self, FormData, Refused};
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, ShownLink, Subject as Linked};
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::policy::{Action, Standing, allows};
use crate::sla::clock::Instant;
use crate::sla::state::{self, Reading, Target};
use crate::sla::zone::Zone;
use crate::store::{self, DeskError, Filter, Organization, Partner, Scope, Ticket, Visibility};
use crate::ticket::{self, Body, Channel, Mover, Priority, Status, Subject};
use crate::{OrganizationId, TeamId, TicketId};

type Answer = Result<Response, WebError>;

pub const HOME: &str = "/soporte-profesional";
pub(crate) const PORTAL: &str = "/soporte-profesional/portal";
pub const PORTAL_NEW: &str = "/soporte-profesional/portal/nuevo";
/// Where a ticket's files are downloaded from: `/soporte-profesional/adjuntos/{id}`.
const ATTACHMENTS: &str = "/soporte-profesional/adjuntos";
/// Tickets a list shows at a time.
const PER_PAGE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME, get(home))
        .route(PORTAL, get(portal))
        .route(PORTAL_NEW, get(portal_form).post(portal_open))
        .route("/soporte-profesional/mesa/{slug}", get(queue))
        .route(
            "/soporte-profesional/mesa/{slug}/nuevo",
            get(desk_form).post(desk_open),
        )
        .route("/soporte-profesional/tickets/{id}", get(ticket_page))
        .route("/soporte-profesional/tickets/{id}/responder", post(reply))
        .route("/soporte-profesional/adjuntos/{id}", get(download))
        .route(
            "/soporte-profesional/tickets/{id}/estado",
            post(move_ticket),
        )
        .route("/soporte-profesional/tickets/{id}/asignar", post(assign))
        .route("/soporte-profesional/tickets/{id}/tiempo", post(log_time))
        .route("/soporte-profesional/tickets/{id}/macro", post(apply_macro))
        .route(
            "/soporte-profesional/tickets/{id}/incidente",
            post(incident_update),
        )
        .route(
            "/soporte-profesional/tickets/{id}/resumen",
            post(incident_summary),
        )
        .route(
            "/soporte-profesional/tickets/{id}/visita",
            post(schedule_visit),
        )
        .route(
            "/soporte-profesional/tickets/{id}/encuesta",
            post(rate_on_page),
        )
        .route(
            "/soporte-profesional/encuesta/{token}",
            post(rate_by_mail_comment),
        )
        .route(
            "/soporte-profesional/encuesta/{token}/{rating}",
            get(rate_by_mail),
        )
        .merge(crate::admin::routes())
        .merge(crate::report_pages::routes())
        .merge(crate::api::routes())
}

/// The signed-in person as the store asks: their id and whether they are foundation
/// staff.
fn who(visit: &Visit) -> Option<(UserId, bool)> {
    visit
        .viewer
        .as_ref()
        .map(|viewer| (viewer.user_id, viewer.has(Role::Staff)))
}

fn signed_in(visit: &Visit, back: &str) -> Result<UserId, WebError> {
    visit
        .viewer
        .as_ref()
        .map(|viewer| viewer.user_id)
        .ok_or_else(|| WebError::sign_in(back))
}

/// How a time shows: in `zone`, as people there write it, with the zone's city
/// ("07/12/2026 09:30, hora de Tijuana").
pub(crate) fn local_time(state: &AppState, ms: i64, zone: &str, locale: Locale) -> String {
    let Ok(at) = jiff::Timestamp::from_millisecond(ms) else {
        return String::new();
    };
    let Some(known) = Zone::parse(zone) else {
        return at.to_string();
    };
    let Ok(tz) = jiff::tz::TimeZone::get(known.name()) else {
        return at.to_string();
    };
    let local = at.to_zoned(tz);
    let when = match locale {
        Locale::EsMx => local.strftime("%d/%m/%Y %H:%M").to_string(),
        Locale::En => local.strftime("%Y-%m-%d %H:%M").to_string(),
    };
    state.i18n.text_with(
        locale,
        "desk-local-time",
        &[("when", &when), ("city", known.key())],
    )
}

/// Counted time left, as hours and minutes: business time, or every minute on a
/// 24x7 calendar.
fn left_words(state: &AppState, locale: Locale, seconds: i64, business: bool) -> String {
    let minutes = (seconds + 59) / 60;
    let (hours, rest) = (minutes / 60, minutes % 60);
    let time = match (hours, rest) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    };
    let one = if (hours, rest) == (0, 1) || (hours, rest) == (1, 0) {
        "yes"
    } else {
        "no"
    };
    let id = if business {
        "desk-sla-left-business"
    } else {
        "desk-sla-left"
    };
    state
        .i18n
        .text_with(locale, id, &[("time", &time), ("one", one)])
}

/// A clock of a ticket, ready for the page.
pub(crate) struct Clock {
    pub name: String,
    pub due: String,
    pub due_iso: String,
    pub verdict: String,
    /// `ok`, `late`, `paused` or `met`: the class that colours it.
    pub class: &'static str,
}

fn target_name(target: Target) -> &'static str {
    match target {
        Target::FirstResponse => "desk-target-first-response",
        Target::NextUpdate => "desk-target-next-update",
        Target::Resolution => "desk-target-resolution",
    }
}

/// Who reads the clocks, and on what calendar.
struct Reader<'a> {
    locale: Locale,
    zone: &'a str,
    /// The desk's people (the customer reads "we wait for your answer").
    desk: bool,
    /// A business calendar (not 24x7).
    business: bool,
}

fn clocks(state: &AppState, reader: &Reader<'_>, readings: &[Reading]) -> Vec<Clock> {
    let Reader {
        locale,
        zone,
        desk,
        business,
    } = *reader;
    readings
        .iter()
        .map(|reading| {
            let (verdict, class) = match (reading.met, reading.breached, reading.paused) {
                (Some(at), false, _) => (
                    state.i18n.text_with(
                        locale,
                        "desk-sla-met",
                        &[("when", &local_time(state, at.ms(), zone, locale))],
                    ),
                    "met",
                ),
                (Some(at), true, _) => (
                    state.i18n.text_with(
                        locale,
                        "desk-sla-met-late",
                        &[("when", &local_time(state, at.ms(), zone, locale))],
                    ),
                    "late",
                ),
                (None, true, _) => (state.i18n.text(locale, "desk-sla-breached"), "late"),
                (None, false, true) => (
                    format!(
                        "{} · {}",
                        state.i18n.text(
                            locale,
                            if desk {
                                "desk-sla-paused-desk"
                            } else {
                                "desk-sla-paused"
                            }
                        ),
                        left_words(state, locale, reading.left, business)
                    ),
                    "paused",
                ),
                (None, false, false) => (left_words(state, locale, reading.left, business), "ok"),
            };
            Clock {
                name: state.i18n.text(locale, target_name(reading.target)),
                due: local_time(state, reading.due.ms(), zone, locale),
                due_iso: reading.due.iso(),
                verdict,
                class,
            }
        })
        .collect()
}

/// A ticket's clocks now, with the contract they run on; none without one.
async fn readings(
    state: &AppState,
    ticket: &Ticket,
) -> Result<Option<(store::Contract, Vec<Reading>)>, WebError> {
    let Some((contract, targets)) = store::service(&state.db, ticket).await? else {
        return Ok(None);
    };
    let facts = store::facts(&state.db, ticket).await?;
    let now = Instant::from_ms(now_ms());
    match state::read(&contract.calendar, &targets, &facts, now) {
        Ok(readings) => Ok(Some((contract, readings))),
        Err(error) => Err(WebError::internal(error)),
    }
}

/// A contract's included hours as a page shows them.
pub(crate) struct Hours {
    pub contract: String,
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
}

async fn hours(
    state: &AppState,
    locale: Locale,
    contract: &store::Contract,
) -> Result<Hours, WebError> {
    use crate::worktime::{Kind, hours_and_minutes};
    let (remote, onsite) = store::usage(&state.db, contract).await?;
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    for (kind, usage) in [(Kind::Remote, remote), (Kind::Onsite, onsite)] {
        if usage.included == 0 && usage.used == 0 {
            continue;
        }
        let kind_words = state.i18n.text(locale, kind.message_id());
        lines.push(state.i18n.text_with(
            locale,
            "desk-hours-line",
            &[
                ("kind", &kind_words),
                ("used", &hours_and_minutes(usage.used)),
                ("included", &hours_and_minutes(usage.included)),
                ("left", &hours_and_minutes(usage.left())),
            ],
        ));
        if usage.warns() {
            warnings.push(state.i18n.text_with(
                locale,
                "desk-hours-warning",
                &[
                    ("kind", &kind_words),
                    ("percent", &usage.percent().to_string()),
                ],
            ));
        }
    }
    Ok(Hours {
        contract: contract.name.clone(),
        lines,
        warnings,
    })
}

// ---------------------------------------------------------------------------
// The public page.

#[derive(Template)]
#[template(path = "desk/home.html")]
struct HomeTemplate<'a> {
    shell: Shell<'a>,
    desks: Vec<(Partner, bool)>,
    organizations: Vec<Organization>,
    signed_in: bool,
    /// Foundation staff: offered to open a partner's desk.
    may_open: bool,
}

async fn home(State(state): State<AppState>, visit: Visit) -> Answer {
    let (desks, organizations) = match who(&visit) {
        Some((user, _)) => (
            store::desks_of(&state.db, user)
                .await?
                .into_iter()
                .map(|(partner, role)| (partner, role == store::StaffRole::Admin))
                .collect(),
            store::organizations_of(&state.db, user).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let page = HomeTemplate {
        shell: Shell::new(&state, &visit, HOME),
        desks,
        organizations,
        signed_in: visit.viewer.is_some(),
        may_open: who(&visit).is_some_and(|(_, staff)| {
            allows(
                if staff {
                    Standing::Staff
                } else {
                    Standing::Member
                },
                Action::OpenDesk,
            )
        }),
    };
    if visit.viewer.is_none() {
        return Ok(Page(page.render()).cacheable());
    }
    Ok(Page(page.render()).into_response())
}

// ---------------------------------------------------------------------------
// Lists.

/// A ticket in a list.
pub(crate) struct Row {
    pub href: String,
    pub number: String,
    pub subject: String,
    pub organization: String,
    pub priority: String,
    pub priority_class: String,
    pub status: String,
    pub assignee: String,
    pub next_due: String,
    pub late: bool,
}

async fn rows(state: &AppState, locale: Locale, tickets: &[Ticket]) -> Result<Vec<Row>, WebError> {
    let mut organizations: Vec<OrganizationId> =
        tickets.iter().map(|ticket| ticket.organization).collect();
    organizations.sort();
    organizations.dedup();
    let zones = store::zones(&state.db, &organizations).await?;
    let open: Vec<Ticket> = tickets
        .iter()
        .filter(|ticket| ticket.status.is_open())
        .cloned()
        .collect();
    let services = store::services(&state.db, &open).await?;
    let now = Instant::from_ms(now_ms());
    let mut rows = Vec::with_capacity(tickets.len());
    for ticket in tickets {
        let zone = zones
            .get(&ticket.organization)
            .map_or(Zone::MexicoCity.name(), String::as_str);
        let readings = match services.get(&ticket.id) {
            Some((contract, targets, facts)) => Some(
                state::read(&contract.calendar, targets, facts, now).map_err(WebError::internal)?,
            ),
            None => None,
        };
        let (next_due, late) = match readings {
            Some(readings) => {
                let unmet = readings.iter().filter(|r| r.met.is_none());
                let next = unmet.min_by_key(|r| r.due);
                (
                    next.map(|r| local_time(state, r.due.ms(), zone, locale))
                        .unwrap_or_default(),
                    readings.iter().any(|r| r.met.is_none() && r.breached),
                )
            }
            None => (String::new(), false),
        };
        rows.push(Row {
            href: store::path(ticket.id),
            number: format!("#{}", ticket.number),
            subject: ticket.subject.clone(),
            organization: ticket.organization_name.clone(),
            priority: priority_words(state, locale, ticket.priority),
            priority_class: format!("p{}", ticket.priority.level()),
            status: state.i18n.text(locale, ticket.status.message_id()),
            assignee: ticket
                .assignee_name
                .clone()
                .unwrap_or_else(|| state.i18n.text(locale, "desk-nobody")),
            next_due,
            late,
        });
    }
    Ok(rows)
}

#[derive(Template)]
#[template(path = "desk/portal.html")]
struct PortalTemplate<'a> {
    shell: Shell<'a>,
    organizations: Vec<(Organization, Option<Hours>, Option<Partner>)>,
    rows: Vec<Row>,
}

async fn portal(State(state): State<AppState>, visit: Visit) -> Answer {
    let user = signed_in(&visit, PORTAL)?;
    let organizations = store::organizations_of(&state.db, user).await?;
    let tickets = store::tickets(
        &state.db,
        Scope::Customer(user),
        &Filter::default(),
        PER_PAGE,
        0,
    )
    .await?;
    let mut shown = Vec::with_capacity(organizations.len());
    for organization in organizations {
        let hours = match store::current_contract(&state.db, organization.id).await? {
            Some(contract) => Some(hours(&state, visit.locale, &contract).await?),
            None => None,
        };
        let partner = store::partner(&state.db, organization.partner).await?;
        shown.push((organization, hours, partner));
    }
    let page = PortalTemplate {
        shell: Shell::new(&state, &visit, PORTAL),
        rows: rows(&state, visit.locale, &tickets).await?,
        organizations: shown,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Default, Deserialize)]
struct QueueParams {
    #[serde(default)]
    estado: String,
    #[serde(default)]
    asignado: String,
    #[serde(default)]
    organizacion: String,
    #[serde(default)]
    etiqueta: String,
}

#[derive(Template)]
#[template(path = "desk/queue.html")]
struct QueueTemplate<'a> {
    shell: Shell<'a>,
    heading: String,
    partner: Partner,
    admin: bool,
    rows: Vec<Row>,
    statuses: Vec<(&'static str, String, bool)>,
    organizations: Vec<(OrganizationId, String, bool)>,
    mine: bool,
    /// The tag asked for, as typed.
    tag: String,
}

/// The partner named `slug` and the person's standing there, if they may `action`.
async fn desk_of(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    action: Action,
) -> Result<(Partner, Standing), WebError> {
    let partner = store::partner_by_slug(&state.db, slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    let standing = store::standing(&state.db, partner.id, who(visit), None).await?;
    if standing == Standing::Visitor {
        return Err(WebError::sign_in(&format!(
            "/soporte-profesional/mesa/{slug}"
        )));
    }
    if !allows(standing, action) {
        return Err(WebError::not_found());
    }
    Ok((partner, standing))
}

async fn queue(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<QueueParams>,
) -> Answer {
    let (partner, standing) = desk_of(&state, &visit, &slug, Action::SeeQueue).await?;
    let status = Status::parse(params.estado.trim());
    let mine = params.asignado == "yo";
    let organizations = store::organizations(&state.db, partner.id).await?;
    let organization = params
        .organizacion
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| organizations.iter().find(|org| org.id.get() == id))
        .map(|org| org.id);
    let filter = Filter {
        status,
        open_only: status.is_none() && params.estado != "todos",
        assignee: if mine {
            who(&visit).map(|(user, _)| user)
        } else {
            None
        },
        organization,
        tag: Some(params.etiqueta.trim().to_lowercase()).filter(|tag| !tag.is_empty()),
    };
    let tickets =
        store::tickets(&state.db, Scope::Partner(partner.id), &filter, PER_PAGE, 0).await?;
    let path = format!("/soporte-profesional/mesa/{}", partner.slug);
    let page = QueueTemplate {
        shell: Shell::new(&state, &visit, &path),
        heading: state.i18n.text_with(
            visit.locale,
            "desk-queue-heading",
            &[("partner", &partner.name)],
        ),
        rows: rows(&state, visit.locale, &tickets).await?,
        statuses: Status::ALL
            .into_iter()
            .map(|s| {
                (
                    s.as_str(),
                    state.i18n.text(visit.locale, s.message_id()),
                    Some(s) == status,
                )
            })
            .collect(),
        organizations: organizations
            .into_iter()
            .map(|org| (org.id, org.name, Some(org.id) == organization))
            .collect(),
        mine,
        tag: params.etiqueta.trim().to_owned(),
        admin: allows(standing, Action::ManageDesk),
        partner,
    };
    Ok(Page(page.render()).into_response())
}

// ---------------------------------------------------------------------------
// New tickets.

#[derive(Default, Deserialize)]
struct NewForm {
    #[serde(default)]
    organizacion: String,
    #[serde(default)]
    solicitante: String,
    #[serde(default)]
    asunto: String,
    #[serde(default)]
    prioridad: String,
    #[serde(default)]
    descripcion: String,
    /// The forum question it is taken from (`topic:5`), for the portal's form.
    #[serde(default)]
    desde: String,
}

#[derive(Template)]
#[template(path = "desk/new.html")]
struct NewTemplate<'a> {
    shell: Shell<'a>,
    /// What the file field says of the limits.
    limit: String,
    action: String,
    /// The desk's form (asks for the requester), or the portal's.
    for_desk: bool,
    organizations: Vec<(OrganizationId, String)>,
    priorities: Vec<(i64, String)>,
    form: NewForm,
    problem: Option<String>,
}

/// A priority in words: "P2 · alta".
fn priority_words(state: &AppState, locale: Locale, priority: Priority) -> String {
    format!(
        "{} · {}",
        priority.label(),
        state.i18n.text(locale, priority.message_id())
    )
}

fn priorities(state: &AppState, locale: Locale) -> Vec<(i64, String)> {
    Priority::ALL
        .into_iter()
        .map(|p| (p.level(), priority_words(state, locale, p)))
        .collect()
}

fn new_page(
    state: &AppState,
    visit: &Visit,
    (action, for_desk): (String, bool),
    organizations: Vec<(OrganizationId, String)>,
    form: NewForm,
    problem: Option<&str>,
) -> Answer {
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = NewTemplate {
        shell: Shell::new(state, visit, &action),
        action,
        for_desk,
        organizations,
        priorities: priorities(state, visit.locale),
        limit: attachments::limit_words(state, visit.locale),
        form,
        problem: problem.map(|id| state.i18n.text(visit.locale, id)),
    };
    Ok((status, Page(page.render())).into_response())
}

/// The forum question `desde` names, when this person may take it to their desk: it
/// is theirs, and the intake is offered to them. Returns it with its excerpt.
async fn origin(
    state: &AppState,
    visit: &Visit,
    desde: &str,
) -> Result<Option<(Linked, soporte_platform::area::Excerpt)>, WebError> {
    let Some(viewer) = &visit.viewer else {
        return Ok(None);
    };
    let Ok(subject) = desde.trim().parse::<Linked>() else {
        return Ok(None);
    };
    let offered = state
        .site
        .intakes(subject.kind())
        .iter()
        .any(|intake| intake.path == PORTAL_NEW && intake.offered_to(&viewer.roles));
    if !offered {
        return Ok(None);
    }
    let Some(area) = state.site.subject_owner(subject.kind()) else {
        return Ok(None);
    };
    let excerpt = area.excerpt(&state.db, &subject).await?;
    Ok(excerpt
        .filter(|excerpt| excerpt.starter == Some(viewer.user_id))
        .map(|excerpt| (subject, excerpt)))
}

#[derive(Default, Deserialize)]
struct FromQuestion {
    #[serde(default)]
    desde: String,
}

async fn portal_form(
    State(state): State<AppState>,
    visit: Visit,
    Query(query): Query<FromQuestion>,
) -> Answer {
    let user = signed_in(&visit, PORTAL_NEW)?;
    let organizations = store::organizations_of(&state.db, user).await?;
    if organizations.is_empty() {
        return Err(WebError::forbidden());
    }
    let mut form = NewForm {
        prioridad: Priority::NORMAL.level().to_string(),
        ..NewForm::default()
    };
    if let Some((subject, excerpt)) = origin(&state, &visit, &query.desde).await? {
        form.asunto = excerpt.title.chars().take(ticket::SUBJECT_MAX).collect();
        let note = state.i18n.text(visit.locale, "desk-from-question");
        form.descripcion = format!("{}\n\n*{note}*", excerpt.body);
        form.desde = subject.to_string();
    }
    let choices = organizations
        .into_iter()
        .map(|org| (org.id, org.name))
        .collect();
    new_page(
        &state,
        &visit,
        (PORTAL_NEW.to_owned(), false),
        choices,
        form,
        None,
    )
}

impl NewForm {
    fn from_sent(sent: &FormData) -> NewForm {
        NewForm {
            organizacion: sent.field("organizacion").to_owned(),
            solicitante: sent.field("solicitante").to_owned(),
            asunto: sent.field("asunto").to_owned(),
            prioridad: sent.field("prioridad").to_owned(),
            descripcion: sent.field("descripcion").to_owned(),
            desde: sent.field("desde").to_owned(),
        }
    }
}

/// What the form says, checked: the organization among `allowed`, subject, priority
/// and description; the Fluent id of the first problem otherwise.
fn checked(
    form: &NewForm,
    allowed: &[Organization],
) -> Result<(Organization, Subject, Priority, Body), &'static str> {
    let organization = form
        .organizacion
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| allowed.iter().find(|org| org.id.get() == id))
        .cloned()
        .ok_or("desk-problem-organization")?;
    let subject = Subject::parse(&form.asunto).map_err(ticket::Written::message_id)?;
    let priority = Priority::parse(&form.prioridad).ok_or("desk-problem-priority")?;
    let body = Body::parse(&form.descripcion).map_err(ticket::Written::message_id)?;
    Ok((organization, subject, priority, body))
}

async fn portal_open(State(state): State<AppState>, visit: Visit, sent: FormData) -> Answer {
    let form = NewForm::from_sent(&sent);
    let user = signed_in(&visit, PORTAL_NEW)?;
    let organizations = store::organizations_of(&state.db, user).await?;
    if organizations.is_empty() {
        return Err(WebError::forbidden());
    }
    let parts = checked(&form, &organizations).and_then(|parts| {
        let files = sent
            .files(attachments::max_bytes(&state), 0)
            .map_err(Refused::message_id)?;
        Ok((parts, files))
    });
    let ((organization, subject, priority, body), files) = match parts {
        Ok(parts) => parts,
        Err(problem) => {
            let choices = organizations
                .into_iter()
                .map(|org| (org.id, org.name))
                .collect();
            return new_page(
                &state,
                &visit,
                (PORTAL_NEW.to_owned(), false),
                choices,
                form,
                Some(problem),
            );
        }
    };
    let from = origin(&state, &visit, &form.desde)
        .await?
        .map(|(subject, _)| subject);
    let new = store::NewTicket {
        partner: organization.partner,
        organization: organization.id,
        requester: user,
        subject,
        body,
        priority,
        channel: Channel::Portal,
        external_id: None,
        author: user,
        side: Mover::Customer,
        tags: Vec::new(),
        files,
        origin: from,
    };
    let (id, _) = store::open_ticket(&state.db, new, now_ms())
        .await
        .map_err(desk_failure)?;
    crate::escalate::incident_now(&state, id).await?;
    crate::notify::ring(&state);
    Ok(see_other(&store::path(id)))
}

fn desk_failure(error: DeskError) -> WebError {
    match error {
        DeskError::NotFound | DeskError::ForeignOrganization => WebError::not_found(),
        DeskError::Database(error) => WebError::internal(error),
        other => WebError::internal(other),
    }
}

async fn desk_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Answer {
    let (partner, _) = desk_of(&state, &visit, &slug, Action::OpenTicket).await?;
    let organizations = store::organizations(&state.db, partner.id).await?;
    let form = NewForm {
        prioridad: Priority::NORMAL.level().to_string(),
        ..NewForm::default()
    };
    let action = format!("/soporte-profesional/mesa/{}/nuevo", partner.slug);
    let choices = organizations
        .into_iter()
        .map(|org| (org.id, org.name))
        .collect();
    new_page(&state, &visit, (action, true), choices, form, None)
}

async fn desk_open(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    sent: FormData,
) -> Answer {
    let form = NewForm::from_sent(&sent);
    let (partner, standing) = desk_of(&state, &visit, &slug, Action::OpenTicket).await?;
    if !matches!(standing, Standing::Agent | Standing::Admin) {
        return Err(WebError::not_found());
    }
    let user = signed_in(&visit, &slug)?;
    let organizations = store::organizations(&state.db, partner.id).await?;
    let action = format!("/soporte-profesional/mesa/{}/nuevo", partner.slug);
    let refuse = |form: NewForm, problem: &'static str, organizations: Vec<Organization>| {
        let choices = organizations
            .into_iter()
            .map(|org| (org.id, org.name))
            .collect();
        new_page(
            &state,
            &visit,
            (action.clone(), true),
            choices,
            form,
            Some(problem),
        )
    };
    let (organization, subject, priority, body) = match checked(&form, &organizations) {
        Ok(parts) => parts,
        Err(problem) => return refuse(form, problem, organizations),
    };
    let files = match sent.files(attachments::max_bytes(&state), 0) {
        Ok(files) => files,
        Err(refused) => return refuse(form, refused.message_id(), organizations),
    };
    // The requester: a customer of that organization named by email, or the agent.
    let requester = match form.solicitante.trim() {
        "" => user,
        email => match store::customer_by_email(&state.db, organization.id, email).await? {
            Some(customer) => customer,
            None => return refuse(form, "desk-problem-requester", organizations),
        },
    };
    let new = store::NewTicket {
        partner: partner.id,
        organization: organization.id,
        requester,
        subject,
        body,
        priority,
        channel: Channel::Agent,
        external_id: None,
        author: user,
        side: Mover::Desk,
        tags: Vec::new(),
        files,
        origin: None,
    };
    let (id, _) = store::open_ticket(&state.db, new, now_ms())
        .await
        .map_err(desk_failure)?;
    crate::escalate::incident_now(&state, id).await?;
    crate::notify::ring(&state);
    Ok(see_other(&store::path(id)))
}

// ---------------------------------------------------------------------------
// A ticket.

#[derive(Template)]
#[template(path = "desk/ticket.html")]
struct TicketTemplate<'a> {
    shell: Shell<'a>,
    /// What the file field says of the limits.
    limit: String,
    ticket: Ticket,
    path: String,
    partner: Partner,
    organization: Organization,
    desk: bool,
    status: String,
    priority: String,
    channel: String,
    created: String,
    messages: Vec<Shown>,
    clocks: Vec<Clock>,
    contract: Option<store::Contract>,
    moves: Vec<(&'static str, String)>,
    customer_may_resolve: bool,
    priorities: Vec<(i64, String)>,
    staff: Vec<store::Person>,
    teams: Vec<store::Team>,
    written: String,
    problem: Option<String>,
    hours: Option<Hours>,
    /// The latest resolution's survey: whether the customer is asked, and what they said.
    survey: Option<store::Survey>,
    ratings: Vec<(i64, String)>,
    macros: Vec<store::Macro>,
    incident: Option<store::Incident>,
    /// The incident's start, its next update's due time, and its updates (author,
    /// HTML, when), as shown.
    incident_started: String,
    incident_next: String,
    incident_updates: Vec<(String, String, String)>,
    /// The visits: when (local), address, who, how long.
    visits: Vec<(String, String, String, String)>,
    links: Vec<ShownLink>,
    entries: Vec<(String, String, String, String, String)>,
    work_kinds: Vec<(&'static str, String)>,
}

impl TicketTemplate<'_> {
    fn cadences(&self) -> [i64; 6] {
        store::INCIDENT_CADENCES
    }

    /// "en 30 minutos".
    fn every(&self, minutes: &i64) -> String {
        let minutes = usize::try_from(*minutes).unwrap_or_default();
        self.shell.t_count("desk-incident-every", &minutes)
    }

    fn is_assignee(&self, person: &store::Person) -> bool {
        self.ticket.assignee == Some(person.id)
    }

    fn is_team(&self, team: &store::Team) -> bool {
        self.ticket.team == Some(team.id)
    }

    fn rating_words(&self, rating: &i64) -> String {
        self.ratings
            .iter()
            .find(|(value, _)| value == rating)
            .map_or_else(|| rating.to_string(), |(_, words)| words.clone())
    }
}

struct Shown {
    author: String,
    from_desk: bool,
    internal: bool,
    channel: String,
    when: String,
    html: String,
    files: Vec<FileShown>,
}

/// A file of a message, as its page lists it.
struct FileShown {
    href: String,
    name: String,
    kind: String,
    size: String,
}

/// The ticket `id` and what the person is to it, if they may see it; "not found"
/// otherwise, so its existence is not revealed.
async fn visible(
    state: &AppState,
    visit: &Visit,
    id: &str,
) -> Result<(Ticket, Standing), WebError> {
    let id = id
        .parse::<i64>()
        .map(TicketId::new)
        .map_err(|_| WebError::not_found())?;
    let back = store::path(id);
    if visit.viewer.is_none() {
        return Err(WebError::sign_in(&back));
    }
    let ticket = store::ticket(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let standing = store::standing(
        &state.db,
        ticket.partner,
        who(visit),
        Some(ticket.organization),
    )
    .await?;
    if !allows(standing, Action::SeeTicket) {
        return Err(WebError::not_found());
    }
    Ok((ticket, standing))
}

async fn show(
    state: &AppState,
    visit: &Visit,
    (ticket, standing): (Ticket, Standing),
    written: String,
    problem: Option<&str>,
) -> Answer {
    let locale = visit.locale;
    let desk = allows(standing, Action::SeeInternal);
    let (organization, partner) = store::organization_with_partner(&state.db, ticket.organization)
        .await?
        .ok_or_else(WebError::not_found)?;
    let zone = organization.zone.clone();
    let messages = store::messages(&state.db, ticket.id, desk).await?;
    let mut files: HashMap<crate::MessageId, Vec<FileShown>> = HashMap::new();
    if messages.iter().any(|message| message.has_files) {
        for file in store::attachments(&state.db, ticket.id, desk).await? {
            files.entry(file.message).or_default().push(FileShown {
                href: format!("{ATTACHMENTS}/{}", file.id),
                name: file.name,
                kind: state.i18n.text(locale, file.kind.message_id()),
                size: attachments::size_words(file.size),
            });
        }
    }
    let messages = messages
        .into_iter()
        .map(|message| Shown {
            files: files.remove(&message.id).unwrap_or_default(),
            author: message
                .author
                .unwrap_or_else(|| state.i18n.text(locale, "desk-someone")),
            from_desk: message.from_desk,
            internal: message.internal,
            channel: state.i18n.text(locale, message.channel.message_id()),
            when: local_time(state, message.at, &zone, locale),
            html: message.html,
        })
        .collect();
    let (contract, clocks) = match readings(state, &ticket).await? {
        Some((contract, readings)) => {
            let reader = Reader {
                locale,
                zone: &zone,
                desk,
                business: contract.calendar != crate::sla::calendar::Calendar::Always,
            };
            let clocks = clocks(state, &reader, &readings);
            (Some(contract), clocks)
        }
        None => (None, Vec::new()),
    };
    let mover = if desk { Mover::Desk } else { Mover::Customer };
    let moves = Status::ALL
        .into_iter()
        .filter(|to| ticket::may_move(mover, ticket.status, *to))
        .map(|to| (to.as_str(), state.i18n.text(locale, to.message_id())))
        .collect();
    let (staff, teams) = if desk {
        (
            store::staff(&state.db, ticket.partner).await?,
            store::teams(&state.db, ticket.partner).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let hours = match &contract {
        Some(contract) => Some(hours(state, locale, contract).await?),
        None => None,
    };
    let entries = if desk {
        store::time_entries(&state.db, ticket.id)
            .await?
            .into_iter()
            .map(|entry| {
                (
                    entry.worked_on,
                    entry
                        .who
                        .unwrap_or_else(|| state.i18n.text(locale, "desk-someone")),
                    state.i18n.text(locale, entry.kind.message_id()),
                    crate::worktime::hours_and_minutes(entry.minutes),
                    entry.note,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let path = store::path(ticket.id);
    let subject = Linked::new(crate::SUBJECT, ticket.id.get()).map_err(WebError::internal)?;
    let links = links::shown(&state.site, &state.db, &state.i18n, &subject, locale).await?;
    let survey = if matches!(ticket.status, Status::Resolved | Status::Closed) {
        store::latest_survey(&state.db, ticket.id).await?
    } else {
        None
    };
    let macros = if desk {
        store::macros(&state.db, ticket.partner).await?
    } else {
        Vec::new()
    };
    let visits = store::visits(&state.db, ticket.id)
        .await?
        .into_iter()
        .map(|planned| {
            (
                local_time(state, planned.starts_at, &zone, locale),
                planned.address,
                planned
                    .agent
                    .unwrap_or_else(|| state.i18n.text(locale, "desk-someone")),
                crate::worktime::hours_and_minutes(planned.minutes),
            )
        })
        .collect();
    let incident = store::incident(&state.db, ticket.id).await?;
    let (incident_started, incident_next, incident_updates) = match &incident {
        Some(incident) => {
            let last = incident
                .updates
                .last()
                .map_or(incident.started_at, |(_, _, at)| *at);
            (
                local_time(state, incident.started_at, &zone, locale),
                local_time(
                    state,
                    last + incident.cadence_minutes * 60_000,
                    &zone,
                    locale,
                ),
                incident
                    .updates
                    .iter()
                    .map(|(author, html, at)| {
                        (
                            author
                                .clone()
                                .unwrap_or_else(|| state.i18n.text(locale, "desk-someone")),
                            html.clone(),
                            local_time(state, *at, &zone, locale),
                        )
                    })
                    .collect(),
            )
        }
        None => (String::new(), String::new(), Vec::new()),
    };
    let page = TicketTemplate {
        shell: Shell::new(state, visit, &path),
        limit: attachments::limit_words(state, locale),
        hours,
        incident,
        incident_started,
        incident_next,
        incident_updates,
        macros,
        visits,
        survey,
        ratings: ratings(state, locale),
        links,
        entries,
        work_kinds: crate::worktime::Kind::ALL
            .into_iter()
            .map(|kind| (kind.as_str(), state.i18n.text(locale, kind.message_id())))
            .collect(),
        status: state.i18n.text(locale, ticket.status.message_id()),
        priority: priority_words(state, locale, ticket.priority),
        channel: state.i18n.text(locale, ticket.channel.message_id()),
        created: local_time(state, ticket.created_at, &zone, locale),
        customer_may_resolve: !desk
            && ticket::may_move(Mover::Customer, ticket.status, Status::Resolved),
        priorities: priorities(state, locale),
        messages,
        clocks,
        contract,
        moves,
        staff,
        teams,
        desk,
        path,
        partner,
        organization,
        ticket,
        written,
        problem: problem.map(|id| state.i18n.text(locale, id)),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Page(page.render())).into_response())
}

async fn ticket_page(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Answer {
    let seen = visible(&state, &visit, &id).await?;
    show(&state, &visit, seen, String::new(), None).await
}

#[derive(Default, Deserialize)]
struct ReplyForm {
    #[serde(default)]
    mensaje: String,
    /// `interna` for an internal note (the desk only).
    #[serde(default)]
    visibilidad: String,
}

async fn reply(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    sent: FormData,
) -> Answer {
    let form = ReplyForm {
        mensaje: sent.field("mensaje").to_owned(),
        visibilidad: sent.field("visibilidad").to_owned(),
    };
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let internal = form.visibilidad == "interna";
    let action = if internal {
        Action::WriteNote
    } else {
        Action::Reply
    };
    if !allows(standing, action) {
        return Err(WebError::forbidden());
    }
    let written = Body::parse(&form.mensaje)
        .map_err(ticket::Written::message_id)
        .and_then(|body| {
            let files = sent
                .files(attachments::max_bytes(&state), 0)
                .map_err(Refused::message_id)?;
            Ok((body, files))
        });
    let (body, files) = match written {
        Ok(written) => written,
        Err(problem) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                form.mensaje,
                Some(problem),
            )
            .await;
        }
    };
    let side = if allows(standing, Action::SeeInternal) {
        Mover::Desk
    } else {
        Mover::Customer
    };
    let message = store::NewMessage {
        author: user,
        side,
        visibility: if internal {
            Visibility::Internal
        } else {
            Visibility::Public
        },
        channel: if side == Mover::Desk {
            Channel::Agent
        } else {
            Channel::Portal
        },
        external_id: None,
        body: &body,
        files: &files,
    };
    match store::add_message(&state.db, ticket.id, &message, now_ms()).await {
        Ok(_) => {
            crate::notify::ring(&state);
            Ok(see_other(&store::path(ticket.id)))
        }
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                form.mensaje,
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

/// `GET /soporte-profesional/adjuntos/{id}`: a ticket's file, to those who may read
/// its message (an internal note's, to the desk only); always a download. Anyone else
/// gets "not found", as for the ticket.
async fn download(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    // A visitor is asked to sign in before anything is looked up, so whether a file
    // exists is told to nobody who may not read it.
    if visit.viewer.is_none() {
        return Err(WebError::sign_in(&format!("{ATTACHMENTS}/{id}")));
    }
    let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
    let Some(file) = store::download(&state.db, id).await? else {
        return Err(WebError::not_found());
    };
    let (_, standing) = visible(&state, &visit, &file.ticket.to_string()).await?;
    if file.internal && !allows(standing, Action::SeeInternal) {
        return Err(WebError::not_found());
    }
    Ok(attachments::download(&file.name, file.kind, file.bytes))
}

#[derive(Default, Deserialize)]
struct MoveForm {
    #[serde(default)]
    estado: String,
    /// For Pendiente de recordatorio: a local date and time (`2025-12-15T09:00`) in the
    /// organization's zone.
    #[serde(default)]
    recordatorio: String,
}

async fn move_ticket(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let Some(to) = Status::parse(form.estado.trim()) else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-status"),
        )
        .await;
    };
    let mover = if allows(standing, Action::Triage) {
        Mover::Desk
    } else if allows(standing, Action::Resolve) {
        Mover::Customer
    } else {
        return Err(WebError::forbidden());
    };
    let remind_at = if to == Status::PendingReminder {
        let zone = store::organization(&state.db, ticket.organization)
            .await?
            .map_or_else(|| Zone::MexicoCity.name().to_owned(), |org| org.zone);
        local_instant(form.recordatorio.trim(), &zone)
    } else {
        None
    };
    match store::set_status(
        &state.db,
        ticket.id,
        (mover, Some(user)),
        to,
        remind_at,
        now_ms(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&store::path(ticket.id))),
        Err(DeskError::Move) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some("desk-problem-move"),
            )
            .await
        }
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

/// A local date and time written by a person (`2025-12-15T09:00`) in `zone`, as UTC
/// milliseconds; a time the clocks skip counts as the one after it.
fn local_instant(text: &str, zone: &str) -> Option<i64> {
    let local: jiff::civil::DateTime = text.parse().ok()?;
    let tz = jiff::tz::TimeZone::get(zone).ok()?;
    local
        .to_zoned(tz)
        .ok()
        .map(|at| at.timestamp().as_millisecond())
}

#[derive(Default, Deserialize)]
struct AssignForm {
    #[serde(default)]
    prioridad: String,
    #[serde(default)]
    asignado: String,
    #[serde(default)]
    equipo: String,
    /// Separated by commas or spaces.
    #[serde(default)]
    etiquetas: String,
}

async fn assign(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let Some(priority) = Priority::parse(&form.prioridad) else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-priority"),
        )
        .await;
    };
    let tags = match ticket::Tags::parse(&form.etiquetas) {
        Ok(tags) => tags,
        Err(problem) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await;
        }
    };
    let number = |text: &str| text.trim().parse::<i64>().ok();
    let triage = store::Triage {
        priority,
        assignee: number(&form.asignado).map(UserId::new),
        team: number(&form.equipo).map(TeamId::new),
        tags,
    };
    match store::triage(&state.db, ticket.id, &triage, user, now_ms()).await {
        Ok(()) => {
            crate::escalate::incident_now(&state, ticket.id).await?;
            Ok(see_other(&store::path(ticket.id)))
        }
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

#[derive(Default, Deserialize)]
struct TimeForm {
    #[serde(default)]
    tipo: String,
    /// Minutes (`90`) or hours and minutes (`1:30`).
    #[serde(default)]
    duracion: String,
    #[serde(default)]
    nota: String,
}

async fn log_time(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<TimeForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let Some(kind) = crate::worktime::Kind::parse(form.tipo.trim()) else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-work-kind"),
        )
        .await;
    };
    let worked = match crate::worktime::Worked::parse(&form.duracion) {
        Ok(worked) => worked,
        Err(refused) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(refused.message_id()),
            )
            .await;
        }
    };
    // The account manager's notice, in the language of whoever crosses the line.
    let locale = visit.locale;
    let heading = format!("#{} {}", ticket.number, ticket.subject);
    let kind_words = state.i18n.text(locale, kind.message_id());
    let warning = |percent: i64| {
        (
            heading.clone(),
            state.i18n.text_with(
                locale,
                "desk-hours-warning",
                &[("kind", &kind_words), ("percent", &percent.to_string())],
            ),
        )
    };
    match store::add_time(
        &state.db,
        &ticket,
        (user, kind, worked),
        &form.nota,
        &warning,
        now_ms(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("{}#tiempo", store::path(ticket.id)))),
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

fn ratings(state: &AppState, locale: Locale) -> Vec<(i64, String)> {
    crate::survey::RATINGS
        .iter()
        .map(|(rating, words)| (*rating, state.i18n.text(locale, words)))
        .collect()
}

#[derive(Default, Deserialize)]
struct RatingForm {
    #[serde(default)]
    calificacion: String,
    #[serde(default)]
    comentario: String,
}

/// The customer answers the survey on the ticket's page.
async fn rate_on_page(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<RatingForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if standing != Standing::Customer {
        return Err(WebError::forbidden());
    }
    let Some(survey) = store::latest_survey(&state.db, ticket.id).await? else {
        return Err(WebError::not_found());
    };
    let Some(rating) = form.calificacion.trim().parse::<i64>().ok() else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-rating"),
        )
        .await;
    };
    match store::answer_survey(
        &state.db,
        survey.id,
        rating,
        Some(&form.comentario),
        now_ms(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("{}#encuesta", store::path(ticket.id)))),
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

#[derive(Template)]
#[template(path = "desk/survey.html")]
struct SurveyTemplate<'a> {
    shell: Shell<'a>,
    action: String,
    ticket: String,
    rating: Option<i64>,
    ratings: Vec<(i64, String)>,
    comment: String,
    thanked: bool,
    problem: Option<String>,
}

async fn survey_page(
    state: &AppState,
    visit: &Visit,
    (token, survey): (&str, store::Survey),
    thanked: bool,
    problem: Option<&str>,
) -> Answer {
    let ticket = store::ticket(&state.db, survey.ticket)
        .await?
        .ok_or_else(WebError::not_found)?;
    let action = format!("/soporte-profesional/encuesta/{token}");
    let page = SurveyTemplate {
        shell: Shell::new(state, visit, "/soporte-profesional/encuesta"),
        action,
        ticket: format!("#{} {}", ticket.number, ticket.subject),
        rating: survey.rating,
        ratings: ratings(state, visit.locale),
        comment: survey.comment,
        thanked,
        problem: problem.map(|id| state.i18n.text(visit.locale, id)),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut response = (status, Page(page.render())).into_response();
    // The token is a key: keep it out of caches and of other sites' Referer.
    response.headers_mut().insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// One click from the mail: the rating is recorded and the page takes a comment.
async fn rate_by_mail(
    State(state): State<AppState>,
    visit: Visit,
    Path((token, rating)): Path<(String, String)>,
) -> Answer {
    let survey = store::survey_by_token(&state.db, &token)
        .await?
        .ok_or_else(WebError::not_found)?;
    let rating = rating
        .parse::<i64>()
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or_else(WebError::not_found)?;
    store::answer_survey(&state.db, survey.id, rating, None, now_ms())
        .await
        .map_err(desk_failure)?;
    let survey = store::store_survey_again(&state.db, survey.id)
        .await?
        .ok_or_else(WebError::not_found)?;
    survey_page(&state, &visit, (&token, survey), false, None).await
}

async fn rate_by_mail_comment(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
    Form(form): Form<RatingForm>,
) -> Answer {
    let survey = store::survey_by_token(&state.db, &token)
        .await?
        .ok_or_else(WebError::not_found)?;
    let Some(rating) = form.calificacion.trim().parse::<i64>().ok() else {
        return survey_page(
            &state,
            &visit,
            (&token, survey),
            false,
            Some("desk-problem-rating"),
        )
        .await;
    };
    match store::answer_survey(
        &state.db,
        survey.id,
        rating,
        Some(&form.comentario),
        now_ms(),
    )
    .await
    {
        Ok(()) => {
            let survey = store::store_survey_again(&state.db, survey.id)
                .await?
                .ok_or_else(WebError::not_found)?;
            survey_page(&state, &visit, (&token, survey), true, None).await
        }
        Err(DeskError::Problem(problem)) => {
            survey_page(&state, &visit, (&token, survey), false, Some(problem)).await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

#[derive(Default, Deserialize)]
struct MacroForm {
    #[serde(default)]
    macro_id: String,
}

/// The desk answers with a canned reply, which may also move the ticket and set its
/// priority; a move the table does not allow refuses the whole, before anything is
/// written.
async fn apply_macro(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<MacroForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let chosen = form.macro_id.trim().parse::<i64>().ok();
    let Some(canned) = store::macros(&state.db, ticket.partner)
        .await?
        .into_iter()
        .find(|canned| Some(canned.id) == chosen)
    else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-macro"),
        )
        .await;
    };
    if let Some(to) = canned.status
        && to != ticket.status
        && !ticket::may_move(Mover::Desk, ticket.status, to)
    {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-move"),
        )
        .await;
    }
    let Ok(body) = Body::parse(&canned.text_for(ticket.requester_name.as_deref())) else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-body-empty"),
        )
        .await;
    };
    let message = store::NewMessage {
        author: user,
        side: Mover::Desk,
        visibility: Visibility::Public,
        channel: Channel::Agent,
        external_id: None,
        body: &body,
        files: &[],
    };
    let at = now_ms();
    store::add_message(&state.db, ticket.id, &message, at)
        .await
        .map_err(desk_failure)?;
    crate::notify::ring(&state);
    if let Some(to) = canned.status {
        let now = store::ticket(&state.db, ticket.id)
            .await?
            .map_or(ticket.status, |current| current.status);
        if now != to {
            store::set_status(
                &state.db,
                ticket.id,
                (Mover::Desk, Some(user)),
                to,
                None,
                at,
            )
            .await
            .map_err(desk_failure)?;
        }
    }
    if let Some(priority) = canned.priority {
        let triage = store::Triage {
            priority,
            assignee: ticket.assignee,
            team: ticket.team,
            tags: ticket::Tags::parse(&ticket.tags.join(" ")).unwrap_or_default(),
        };
        store::triage(&state.db, ticket.id, &triage, user, at)
            .await
            .map_err(desk_failure)?;
    }
    Ok(see_other(&store::path(ticket.id)))
}

#[derive(Default, Deserialize)]
struct VisitForm {
    #[serde(default)]
    agente: String,
    #[serde(default)]
    direccion: String,
    /// A local date and time (`2025-12-15T09:00`) in the organization's zone.
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    duracion: String,
}

async fn schedule_visit(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<VisitForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let zone = store::organization(&state.db, ticket.organization)
        .await?
        .map_or_else(|| Zone::MexicoCity.name().to_owned(), |org| org.zone);
    let Some(starts_at) = local_instant(form.inicio.trim(), &zone) else {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-visit-time"),
        )
        .await;
    };
    let worked = match crate::worktime::Worked::parse(&form.duracion) {
        Ok(worked) => worked,
        Err(refused) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(refused.message_id()),
            )
            .await;
        }
    };
    let agent = form
        .agente
        .trim()
        .parse::<i64>()
        .map(UserId::new)
        .unwrap_or(user);
    match store::add_visit(
        &state.db,
        &ticket,
        (agent, &form.direccion),
        (starts_at, worked),
        user,
        now_ms(),
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("{}#visitas", store::path(ticket.id)))),
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}

#[derive(Default, Deserialize)]
struct IncidentForm {
    #[serde(default)]
    texto: String,
    /// Minutes to the next update, one of [`store::INCIDENT_CADENCES`].
    #[serde(default)]
    cadencia: String,
}

/// The desk posts a public status update of a critical incident.
async fn incident_update(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<IncidentForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let body = match Body::parse(&form.texto) {
        Ok(body) => body,
        Err(problem) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem.message_id()),
            )
            .await;
        }
    };
    let cadence = store::incident_cadence(&form.cadencia);
    if cadence.is_none() && !form.cadencia.trim().is_empty() {
        return show(
            &state,
            &visit,
            (ticket, standing),
            String::new(),
            Some("desk-problem-cadence"),
        )
        .await;
    }
    store::add_incident_update(&state.db, ticket.id, user, (&body, cadence), now_ms())
        .await
        .map_err(desk_failure)?;
    Ok(see_other(&format!("{}#incidente", store::path(ticket.id))))
}

/// The desk writes the post-incident summary once the ticket is resolved.
async fn incident_summary(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<IncidentForm>,
) -> Answer {
    let (ticket, standing) = visible(&state, &visit, &id).await?;
    if !allows(standing, Action::Triage) {
        return Err(WebError::forbidden());
    }
    let user = signed_in(&visit, &store::path(ticket.id))?;
    let body = match Body::parse(&form.texto) {
        Ok(body) => body,
        Err(problem) => {
            return show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem.message_id()),
            )
            .await;
        }
    };
    match store::summarize_incident(&state.db, &ticket, user, &body, now_ms()).await {
        Ok(()) => Ok(see_other(&format!("{}#incidente", store::path(ticket.id)))),
        Err(DeskError::Problem(problem)) => {
            show(
                &state,
                &visit,
                (ticket, standing),
                String::new(),
                Some(problem),
            )
            .await
        }
        Err(error) => Err(desk_failure(error)),
    }
}
