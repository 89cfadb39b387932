//! A desk's own keeping, for its admins: its settings (name, signature, logo), its
//! people (admins and agents; the last admin stays one), teams, business calendars (in
//! their JSON shape, checked with a message per problem), SLA plans, client
//! organizations with their customers and account manager, contracts, saved replies and
//! the on-call rota. And the foundation's one act: opening a partner's desk.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::Role;
use soporte_platform::attachments::FormData;
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::uploads;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::policy::{Action, Standing, allows};
use crate::sla::calendar::Calendar;
use crate::sla::clock::Minutes;
use crate::sla::state::Targets;
use crate::sla::zone::Zone;
use crate::store::{self, DeskError, NewContract, NewOrganization, Partner, StaffRole};
use crate::ticket::{PlanTargets, Priority};
use crate::{CalendarId, OrganizationId, PlanId};

type Answer = Result<Response, WebError>;

const OPEN_PATH: &str = "/soporte-profesional/abrir";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(OPEN_PATH, get(open_form).post(open_desk))
        .route("/soporte-profesional/mesa/{slug}/administrar", get(page))
        .route(
            "/soporte-profesional/mesa/{slug}/administrar/ajustes",
            axum::routing::post(settings),
        )
        .route(
            "/soporte-profesional/mesa/{slug}/administrar/{what}",
            axum::routing::post(keep),
        )
}

fn admin_path(partner: &Partner) -> String {
    format!("/soporte-profesional/mesa/{}/administrar", partner.slug)
}

/// The partner named `slug`, if the signed-in person is one of its admins; "not
/// found" for everyone else.
async fn admin_of(state: &AppState, visit: &Visit, slug: &str) -> Result<Partner, WebError> {
    let back = format!("/soporte-profesional/mesa/{slug}/administrar");
    let Some(viewer) = &visit.viewer else {
        return Err(WebError::sign_in(&back));
    };
    let partner = store::partner_by_slug(&state.db, slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    let standing = store::standing(
        &state.db,
        partner.id,
        Some((
            viewer.user_id,
            viewer.has(soporte_platform::accounts::Role::Staff),
        )),
        None,
    )
    .await?;
    if !allows(standing, Action::ManageDesk) {
        return Err(WebError::not_found());
    }
    Ok(partner)
}

#[derive(Template)]
#[template(path = "desk/admin.html")]
struct AdminTemplate<'a> {
    shell: Shell<'a>,
    partner: Partner,
    action: String,
    members: Vec<store::Member>,
    teams: Vec<store::Team>,
    calendars: Vec<(CalendarId, String, String)>,
    plans: Vec<(PlanId, String, Vec<TargetRow>)>,
    organizations: Vec<store::Organization>,
    customers: Vec<(OrganizationId, String, String)>,
    contracts: Vec<store::Contract>,
    macros: Vec<store::Macro>,
    oncall: Vec<(String, String)>,
    statuses: Vec<(&'static str, String)>,
    priorities: Vec<(i64, String)>,
    zones: Vec<&'static str>,
    defaults: Vec<(i64, u32, u32, u32)>,
    kept: Kept,
    problem: Option<String>,
}

impl AdminTemplate<'_> {
    fn organization_name(&self, id: &OrganizationId) -> String {
        self.organizations
            .iter()
            .find(|org| org.id == *id)
            .map_or_else(String::new, |org| org.name.clone())
    }

    /// The name the settings form shows: what was just refused, else the desk's.
    fn settings_name(&self) -> &str {
        self.kept.name.as_deref().unwrap_or(&self.partner.name)
    }

    fn settings_signature(&self) -> &str {
        self.kept
            .signature
            .as_deref()
            .unwrap_or(&self.partner.signature)
    }

    fn team_lead(&self, team: &store::Team) -> String {
        team.lead
            .and_then(|lead| self.members.iter().find(|member| member.id == lead))
            .map_or_else(String::new, |member| member.name.clone())
    }
}

/// A plan's targets for one priority, as its table shows them: the priority's name,
/// then first response, next update and resolution in minutes.
type TargetRow = (String, u32, u32, u32);

/// What a refused form had, to show it again.
#[derive(Default)]
struct Kept {
    calendar_name: String,
    calendar_json: String,
    /// The settings' name and signature, when their form was refused.
    name: Option<String>,
    signature: Option<String>,
}

async fn render(
    state: &AppState,
    visit: &Visit,
    partner: Partner,
    kept: Kept,
    problem: Option<String>,
) -> Answer {
    let locale = visit.locale;
    let plans = store::plans(&state.db, partner.id)
        .await?
        .into_iter()
        .map(|(id, name, targets)| {
            let rows = targets
                .into_iter()
                .map(|t| {
                    (
                        format!(
                            "{} · {}",
                            t.priority.label(),
                            state.i18n.text(locale, t.priority.message_id())
                        ),
                        t.targets.first_response.get(),
                        t.targets.next_update.get(),
                        t.targets.resolution.get(),
                    )
                })
                .collect();
            (id, name, rows)
        })
        .collect();
    let action = admin_path(&partner);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AdminTemplate {
        shell: Shell::new(state, visit, &action),
        members: store::members(&state.db, partner.id).await?,
        teams: store::teams(&state.db, partner.id).await?,
        calendars: store::calendars(&state.db, partner.id)
            .await?
            .into_iter()
            .map(|(id, name, calendar)| {
                let json = calendar.to_json();
                (
                    id,
                    name,
                    serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string()),
                )
            })
            .collect(),
        plans,
        organizations: store::organizations(&state.db, partner.id).await?,
        customers: store::customers(&state.db, partner.id).await?,
        contracts: store::contracts(&state.db, partner.id).await?,
        macros: store::macros(&state.db, partner.id).await?,
        oncall: store::oncall(&state.db, partner.id)
            .await?
            .into_iter()
            .map(|(_, name, calendar, _)| (name, calendar))
            .collect(),
        statuses: crate::ticket::Status::ALL
            .into_iter()
            .filter(|status| *status != crate::ticket::Status::New)
            .map(|status| {
                (
                    status.as_str(),
                    state.i18n.text(locale, status.message_id()),
                )
            })
            .collect(),
        priorities: Priority::ALL
            .into_iter()
            .map(|p| {
                (
                    p.level(),
                    format!(
                        "{} · {}",
                        p.label(),
                        state.i18n.text(locale, p.message_id())
                    ),
                )
            })
            .collect(),
        zones: Zone::ALL.map(Zone::name).to_vec(),
        defaults: crate::ticket::default_targets()
            .into_iter()
            .map(|t| {
                (
                    t.priority.level(),
                    t.targets.first_response.get(),
                    t.targets.next_update.get(),
                    t.targets.resolution.get(),
                )
            })
            .collect(),
        action,
        partner,
        kept,
        problem,
    };
    Ok((status, Page(page.render())).into_response())
}

async fn page(State(state): State<AppState>, visit: Visit, Path(slug): Path<String>) -> Answer {
    let partner = admin_of(&state, &visit, &slug).await?;
    render(&state, &visit, partner, Kept::default(), None).await
}

/// `POST …/administrar/ajustes`: the desk's name, the signature of its answers' mails
/// and its logo (an image under the platform's upload rules; a checkbox removes it).
/// A refused form changes nothing and comes back with what was written.
async fn settings(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    sent: FormData,
) -> Answer {
    let partner = admin_of(&state, &visit, &slug).await?;
    let by = visit.viewer.as_ref().map(|viewer| viewer.user_id);
    let kept = Kept {
        name: Some(sent.field("nombre").to_owned()),
        signature: Some(sent.field("firma").to_owned()),
        ..Kept::default()
    };
    let max = uploads::max_image_bytes(state.config.max_body_bytes);
    let refuse = |partner, kept, problem: &str| {
        let kb = (max / 1024).to_string();
        let text = state.i18n.text_with(visit.locale, problem, &[("kb", &kb)]);
        render(&state, &visit, partner, kept, Some(text))
    };
    let parsed = match store::Settings::parse(sent.field("nombre"), sent.field("firma")) {
        Ok(parsed) => parsed,
        Err(problem) => return refuse(partner, kept, problem).await,
    };
    let chosen = sent.files.iter().find(|(_, bytes)| !bytes.is_empty());
    let logo = match (chosen, sent.field("quitar_logo") == "si") {
        (Some((_, bytes)), _) => match uploads::Image::parse(bytes.clone(), max) {
            Ok(image) => {
                let Some(owner) = by else {
                    return Err(WebError::forbidden());
                };
                store::Logo::Use(uploads::save(&state.db, owner, "desk", &image).await?)
            }
            Err(problem) => return refuse(partner, kept, problem.message_id()).await,
        },
        (None, true) => store::Logo::Remove,
        (None, false) => store::Logo::Keep,
    };
    store::set_settings(&state.db, partner.id, &parsed, logo, by).await?;
    Ok(see_other(&format!("{}#ajustes", admin_path(&partner))))
}

/// Every admin form's fields (each form sends its own).
#[derive(Default, Deserialize)]
struct KeepForm {
    #[serde(default)]
    nombre: String,
    #[serde(default)]
    correo: String,
    #[serde(default)]
    rol: String,
    #[serde(default)]
    lider: String,
    #[serde(default)]
    calendario: String,
    #[serde(default)]
    zona: String,
    #[serde(default)]
    gerente: String,
    #[serde(default)]
    telefono: String,
    #[serde(default)]
    whatsapp: String,
    #[serde(default)]
    organizacion: String,
    #[serde(default)]
    plan: String,
    #[serde(default)]
    horas_remotas: String,
    #[serde(default)]
    horas_sitio: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fin: String,
    #[serde(default)]
    aviso: String,
    #[serde(default)]
    cuerpo: String,
    #[serde(default)]
    persona: String,
    #[serde(default)]
    estado: String,
    #[serde(default)]
    prioridad: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

fn number(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok()
}

/// A localized problem with a calendar.
fn calendar_problem(
    state: &AppState,
    locale: Locale,
    error: &crate::sla::calendar::CalendarError,
) -> String {
    let (id, args) = error.message();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    state.i18n.text_with(locale, id, &args)
}

async fn keep(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, what)): Path<(String, String)>,
    Form(form): Form<KeepForm>,
) -> Answer {
    let partner = admin_of(&state, &visit, &slug).await?;
    let by = visit.viewer.as_ref().map(|viewer| viewer.user_id);
    let locale = visit.locale;
    let said = |id: &str| Some(state.i18n.text(locale, id));
    let members = store::members(&state.db, partner.id).await?;
    let is_member = |id: Option<i64>| {
        id.and_then(|id| members.iter().find(|m| m.id.get() == id))
            .map(|m| m.id)
    };
    let name = form.nombre.trim();
    let outcome: Result<(), Option<String>> = match what.as_str() {
        "personas" => match store::user_by_email(&state.db, &form.correo).await? {
            None => Err(said("desk-problem-no-account")),
            Some(user) => {
                let role = if form.rol == "admin" {
                    StaffRole::Admin
                } else {
                    StaffRole::Agent
                };
                match store::set_staff(&state.db, partner.id, user, role, by).await {
                    Ok(()) => {}
                    Err(DeskError::Problem(problem)) => {
                        return render(&state, &visit, partner, Kept::default(), said(problem))
                            .await;
                    }
                    Err(error) => return Err(WebError::internal(error)),
                }
                let flag = match role {
                    StaffRole::Admin => Role::PartnerAdmin,
                    StaffRole::Agent => Role::PartnerAgent,
                };
                grant(&state, user, flag, by).await?;
                Ok(())
            }
        },
        "equipos" if name.is_empty() || name.chars().count() > 80 => {
            Err(said("desk-problem-team-name"))
        }
        "equipos" => {
            let lead = is_member(number(&form.lider));
            store::add_team(
                &state.db,
                partner.id,
                name,
                lead,
                &lead.into_iter().collect::<Vec<UserId>>(),
            )
            .await
            .map(|_| ())
            .map_err(|_| said("desk-problem-team-name"))
        }
        "calendarios" => {
            let kept = Kept {
                calendar_name: name.to_owned(),
                calendar_json: form.calendario.clone(),
                ..Kept::default()
            };
            if name.is_empty() || name.chars().count() > 80 {
                return render(
                    &state,
                    &visit,
                    partner,
                    kept,
                    said("desk-problem-calendar-name"),
                )
                .await;
            }
            match Calendar::parse(&form.calendario) {
                Err(error) => {
                    let problem = calendar_problem(&state, locale, &error);
                    return render(&state, &visit, partner, kept, Some(problem)).await;
                }
                Ok(calendar) => store::add_calendar(&state.db, partner.id, name, &calendar)
                    .await
                    .map(|_| ())
                    .map_err(|_| said("desk-problem-calendar-name")),
            }
        }
        "planes" => {
            let mut targets = Vec::new();
            let mut bad = name.is_empty() || name.chars().count() > 80;
            for priority in Priority::ALL {
                let field = |kind: &str| {
                    form.rest
                        .get(&format!("p{}_{kind}", priority.level()))
                        .and_then(|text| number(text))
                        .filter(|m| *m > 0)
                        .and_then(|m| Minutes::new(u64::try_from(m).ok()?))
                };
                match (
                    field("respuesta"),
                    field("actualizacion"),
                    field("solucion"),
                ) {
                    (Some(first_response), Some(next_update), Some(resolution)) => {
                        targets.push(PlanTargets {
                            priority,
                            targets: Targets {
                                first_response,
                                next_update,
                                resolution,
                            },
                        });
                    }
                    _ => bad = true,
                }
            }
            if bad {
                Err(said("desk-problem-plan"))
            } else {
                store::add_plan(&state.db, partner.id, name, &targets)
                    .await
                    .map(|_| ())
                    .map_err(|_| said("desk-problem-plan"))
            }
        }
        "organizaciones" => match Zone::parse(form.zona.trim()) {
            _ if name.is_empty() || name.chars().count() > 120 => {
                Err(said("desk-problem-organization-name"))
            }
            None => Err(said("desk-problem-zone")),
            Some(zone) => {
                let new = NewOrganization {
                    name,
                    zone,
                    manager: is_member(number(&form.gerente)),
                    phone: form.telefono.trim(),
                    whatsapp: form.whatsapp.trim(),
                };
                store::add_organization(&state.db, partner.id, &new, now_ms())
                    .await
                    .map(|_| ())
                    .map_err(|_| said("desk-problem-organization-name"))
            }
        },
        "clientes" => {
            let organizations = store::organizations(&state.db, partner.id).await?;
            let organization = number(&form.organizacion)
                .and_then(|id| organizations.iter().find(|org| org.id.get() == id));
            match (
                organization,
                store::user_by_email(&state.db, &form.correo).await?,
            ) {
                (None, _) => Err(said("desk-problem-organization")),
                (_, None) => Err(said("desk-problem-no-account")),
                (Some(organization), Some(user)) => {
                    match store::add_customer(&state.db, organization.id, user).await {
                        Ok(()) => {
                            grant(&state, user, Role::Customer, by).await?;
                            Ok(())
                        }
                        Err(_) => Err(said("desk-problem-customer-twice")),
                    }
                }
            }
        }
        "contratos" => {
            let hours = |text: &str| {
                number(text)
                    .filter(|h| (0..=10_000).contains(h))
                    .map(|h| h * 60)
            };
            match (
                number(&form.organizacion),
                number(&form.plan),
                number(&form.calendario),
                hours(&form.horas_remotas),
                hours(&form.horas_sitio),
            ) {
                (Some(organization), Some(plan), Some(calendar), Some(remote), Some(onsite)) => {
                    let new = NewContract {
                        organization: OrganizationId::new(organization),
                        name: if name.is_empty() { "Contrato" } else { name },
                        plan: PlanId::new(plan),
                        calendar: CalendarId::new(calendar),
                        remote_minutes: remote,
                        onsite_minutes: onsite,
                        starts_on: form.inicio.trim(),
                        ends_on: form.fin.trim(),
                        renewal_notice_days: number(&form.aviso)
                            .filter(|d| (0..=365).contains(d))
                            .unwrap_or(30),
                    };
                    match store::add_contract(&state.db, partner.id, &new, now_ms()).await {
                        Ok(_) => Ok(()),
                        Err(DeskError::Problem(problem)) => Err(said(problem)),
                        Err(DeskError::ForeignOrganization) => {
                            Err(said("desk-problem-contract-parts"))
                        }
                        Err(error) => return Err(WebError::internal(error)),
                    }
                }
                (_, _, _, None, _) | (_, _, _, _, None) => Err(said("desk-problem-contract-hours")),
                _ => Err(said("desk-problem-contract-parts")),
            }
        }
        "guardia" => {
            let calendars = store::calendars(&state.db, partner.id).await?;
            let calendar = number(&form.calendario)
                .and_then(|id| calendars.iter().find(|(c, _, _)| c.get() == id))
                .map(|(c, _, _)| *c);
            match (is_member(number(&form.persona)), calendar) {
                (Some(user), Some(calendar)) => {
                    store::set_oncall(&state.db, partner.id, user, calendar).await?;
                    Ok(())
                }
                _ => Err(said("desk-problem-oncall")),
            }
        }
        "macros" => match crate::ticket::Body::parse(&form.cuerpo) {
            Err(problem) => Err(said(problem.message_id())),
            Ok(body) => {
                let status = crate::ticket::Status::parse(form.estado.trim());
                let priority = crate::ticket::Priority::parse(&form.prioridad);
                match store::add_macro(&state.db, partner.id, name, &body, (status, priority)).await
                {
                    Ok(()) => Ok(()),
                    Err(DeskError::Problem(problem)) => Err(said(problem)),
                    Err(error) => return Err(WebError::internal(error)),
                }
            }
        },
        _ => return Err(WebError::not_found()),
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}#{what}", admin_path(&partner)))),
        Err(problem) => render(&state, &visit, partner, Kept::default(), problem).await,
    }
}

/// Gives `user` the site-wide role that goes with their place at a desk (what other
/// rungs offer by role, such as taking a forum question to one's desk).
async fn grant(
    state: &AppState,
    user: UserId,
    role: Role,
    by: Option<UserId>,
) -> Result<(), WebError> {
    match soporte_platform::accounts::roles::change_roles(&state.db, user, &[role], &[], by).await {
        Ok(_) => Ok(()),
        Err(error) => Err(WebError::internal(error)),
    }
}

// ---------------------------------------------------------------------------
// The foundation opens a desk.

#[derive(Default, Deserialize)]
struct OpenForm {
    #[serde(default)]
    nombre_corto: String,
    #[serde(default)]
    nombre: String,
    #[serde(default)]
    correo: String,
}

#[derive(Template)]
#[template(path = "desk/open.html")]
struct OpenTemplate<'a> {
    shell: Shell<'a>,
    form: OpenForm,
    problem: Option<String>,
}

fn may_open(visit: &Visit) -> Result<UserId, WebError> {
    require(visit, OPEN_PATH, |viewer| {
        let standing = if viewer.has(Role::Staff) {
            Standing::Staff
        } else {
            Standing::Member
        };
        allows(standing, Action::OpenDesk)
    })
    .map(|viewer| viewer.user_id)
}

async fn open_form(State(state): State<AppState>, visit: Visit) -> Answer {
    may_open(&visit)?;
    let page = OpenTemplate {
        shell: Shell::new(&state, &visit, OPEN_PATH),
        form: OpenForm::default(),
        problem: None,
    };
    Ok(Page(page.render()).into_response())
}

async fn open_desk(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<OpenForm>,
) -> Answer {
    let by = may_open(&visit)?;
    let refuse = |form: OpenForm, id: &str| {
        let page = OpenTemplate {
            shell: Shell::new(&state, &visit, OPEN_PATH),
            form,
            problem: Some(state.i18n.text(visit.locale, id)),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Page(page.render())).into_response())
    };
    let Some(admin) = store::user_by_email(&state.db, &form.correo).await? else {
        return refuse(form, "desk-problem-no-account");
    };
    match store::open_partner(
        &state.db,
        (form.nombre_corto.trim(), &form.nombre),
        admin,
        by,
        now_ms(),
    )
    .await
    {
        Ok(_) => Ok(see_other(crate::pages::HOME)),
        Err(DeskError::Problem(problem)) => refuse(form, problem),
        Err(error) => Err(WebError::internal(error)),
    }
}
