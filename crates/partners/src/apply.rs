//! The applicant's pages: the application form (`/socios/solicitar`), and their
//! company's page (`/socios/mi-empresa`) with where it stands, its documents and
//! history, the form to send it again when the foundation asks for more, and the yearly
//! renewal. Documents are kept as soon as they are sent, so a form sent back to mend
//! loses none. Also the download of an application's documents (its applicant's and
//! the foundation's staff only).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::accounts::profile::{LANGUAGES, STATES};
use soporte_platform::accounts::sessions::Viewer;
use soporte_platform::attachments::{self, FormData};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::PartnerId;
use crate::application::{self, Fields, Problem};
use crate::catalog::{Choices, Hours, Level, Sector, Service};
use crate::pages::{Answer, Choice, state_name};
use crate::policy::{Action, allows};
use crate::profile::Status;
use crate::review::Standing;
use crate::store::{self, Partner, PartnersError};
use crate::verification::{self, Document, Step};

/// Documents kept for a form not yet accepted: `(id, name)` of each.
type Kept = Vec<(i64, String)>;

/// The renewal form: its kept documents, its problem, the attachment limit in words.
pub(crate) struct Renewal {
    pub staged: Kept,
    pub problem: Option<String>,
    pub limit: String,
}

/// The application form.
pub const APPLY: &str = "/socios/solicitar";
/// The applicant's company.
pub const MINE: &str = "/socios/mi-empresa";
const RESEND: &str = "/socios/mi-empresa/reenviar";
const EDIT: &str = "/socios/mi-empresa/editar";
const RENEW: &str = "/socios/mi-empresa/renovar";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(APPLY, get(apply_form).post(apply))
        .route(MINE, get(mine))
        .route(RESEND, axum::routing::post(resend))
        .route(EDIT, axum::routing::post(edit))
        .route(RENEW, axum::routing::post(renew))
        .route("/socios/documentos/{id}", get(download))
}

fn actor(visit: &Visit) -> Actor<'_> {
    match &visit.viewer {
        Some(viewer) => Actor::Person(&viewer.roles),
        None => Actor::Visitor,
    }
}

/// The signed-in person, if the policy lets them take `action` (a visitor signs in
/// first and comes back to `back`).
pub(crate) fn may<'v>(
    visit: &'v Visit,
    action: Action,
    back: &str,
) -> Result<&'v Viewer, WebError> {
    let allowed = allows(actor(visit), action);
    require(visit, back, |_| allowed)
}

/// An application's form as sent (or as its partner now stands), to show again.
#[derive(Clone, Debug, Default)]
pub(crate) struct Draft {
    pub nombre: String,
    pub razon_social: String,
    pub rfc: String,
    pub descripcion: String,
    pub estado: String,
    pub ciudad: String,
    pub domicilio: String,
    pub remoto: bool,
    pub horario: String,
    pub servicio: Vec<String>,
    pub sector: Vec<String>,
    pub nivel: Vec<String>,
    pub idioma: Vec<String>,
    pub cubre: Vec<String>,
    pub web: String,
    pub telefono: String,
    pub whatsapp: String,
    pub correo: String,
}

impl Draft {
    fn sent(sent: &FormData) -> Draft {
        let all = |name: &str| sent.all(name).map(str::to_owned).collect();
        let one = |name: &str| sent.field(name).to_owned();
        Draft {
            nombre: one("nombre"),
            razon_social: one("razon_social"),
            rfc: one("rfc"),
            descripcion: one("descripcion"),
            estado: one("estado"),
            ciudad: one("ciudad"),
            domicilio: one("domicilio"),
            remoto: sent.field("remoto") == "si",
            horario: one("horario"),
            servicio: all("servicio"),
            sector: all("sector"),
            nivel: all("nivel"),
            idioma: all("idioma"),
            cubre: all("cubre"),
            web: one("web"),
            telefono: one("telefono"),
            whatsapp: one("whatsapp"),
            correo: one("correo"),
        }
    }

    fn of(partner: &Partner) -> Draft {
        fn values<T: Choices>(items: &[T]) -> Vec<String> {
            items.iter().map(|item| item.value().to_owned()).collect()
        }
        Draft {
            nombre: partner.name.clone(),
            razon_social: partner.legal_name.clone(),
            rfc: partner.rfc.clone(),
            descripcion: partner.description.clone(),
            estado: partner.head_office.state.as_str().to_owned(),
            ciudad: partner.head_office.city.clone(),
            domicilio: partner.address.clone(),
            remoto: partner.nationwide,
            horario: partner.hours.param().to_owned(),
            servicio: values(&partner.offers.services),
            sector: values(&partner.offers.sectors),
            nivel: values(&partner.offers.levels),
            idioma: LANGUAGES
                .iter()
                .filter(|code| partner.offers.languages.contains(code))
                .map(|code| (*code).to_owned())
                .collect(),
            cubre: partner
                .offers
                .states
                .iter()
                .map(|state| state.as_str().to_owned())
                .collect(),
            web: partner.contact.web.clone(),
            telefono: partner.contact.phone.clone(),
            whatsapp: partner.contact.whatsapp.clone(),
            correo: partner.contact.email.clone(),
        }
    }
}

/// Every item of a catalog as checkboxes, those the draft names checked.
fn boxes<T: Choices>(state: &AppState, locale: Locale, sent: &[String]) -> Vec<Choice> {
    T::all()
        .iter()
        .map(|item| Choice {
            value: item.value().to_owned(),
            label: state.i18n.text(locale, item.name_id()),
            selected: sent.iter().any(|value| value == item.value()),
        })
        .collect()
}

/// The application form's fields, ready for the page.
pub(crate) struct Form {
    pub action: &'static str,
    /// A listed partner's own edit: its names and RFC stay as the foundation verified
    /// them, and no documents are asked for.
    pub locked: bool,
    pub draft: Draft,
    pub problems: Vec<(String, String)>,
    pub invalid: Vec<&'static str>,
    pub states: Vec<Choice>,
    pub hours: Vec<Choice>,
    pub services: Vec<Choice>,
    pub sectors: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub coverage: Vec<Choice>,
    /// Documents kept for this form: `(id, name)`.
    pub staged: Kept,
    pub limit: String,
}

impl Form {
    pub fn bad(&self, field: &str) -> bool {
        self.invalid.contains(&field)
    }
}

fn form(
    state: &AppState,
    locale: Locale,
    (action, draft): (&'static str, Draft),
    problems: &[Problem],
    staged: Kept,
) -> Form {
    let state_choices = |chosen: &[String]| -> Vec<Choice> {
        STATES
            .iter()
            .filter(|code| **code != "EXT")
            .map(|code| Choice {
                value: (*code).to_owned(),
                label: state_name(state, locale, code),
                selected: chosen.iter().any(|value| value == code),
            })
            .collect()
    };
    Form {
        action,
        locked: action == EDIT,
        problems: problems
            .iter()
            .map(|problem| {
                (
                    problem.field.to_owned(),
                    state.i18n.text(locale, problem.message),
                )
            })
            .collect(),
        invalid: problems.iter().map(|problem| problem.field).collect(),
        states: state_choices(std::slice::from_ref(&draft.estado)),
        hours: boxes::<Hours>(state, locale, std::slice::from_ref(&draft.horario)),
        services: boxes::<Service>(state, locale, &draft.servicio),
        sectors: boxes::<Sector>(state, locale, &draft.sector),
        levels: boxes::<Level>(state, locale, &draft.nivel),
        languages: LANGUAGES
            .iter()
            .map(|code| Choice {
                value: (*code).to_owned(),
                label: state.i18n.text(locale, &format!("language-{code}")),
                selected: draft.idioma.iter().any(|value| value == code),
            })
            .collect(),
        coverage: state_choices(&draft.cubre),
        staged,
        limit: attachments::limit_words(state, locale),
        draft,
    }
}

#[derive(Template)]
#[template(path = "partners/apply.html")]
struct ApplyTemplate<'a> {
    shell: Shell<'a>,
    form: Form,
}

fn apply_page(state: &AppState, visit: &Visit, form: Form, status: StatusCode) -> Answer {
    let page = ApplyTemplate {
        shell: Shell::new(state, visit, APPLY),
        form,
    };
    Ok((status, Page(page.render())).into_response())
}

/// `GET /socios/solicitar`.
async fn apply_form(State(state): State<AppState>, visit: Visit) -> Answer {
    let viewer = may(&visit, Action::Apply, APPLY)?;
    if verification::of_applicant(&state.db, viewer.user_id)
        .await?
        .is_some()
    {
        return Ok(see_other(MINE));
    }
    let draft = Draft {
        idioma: vec!["es".to_owned()],
        ..Draft::default()
    };
    let form = form(&state, visit.locale, (APPLY, draft), &[], Vec::new());
    apply_page(&state, &visit, form, StatusCode::OK)
}

/// Keeps the files `sent` carries for `owner` (within the attachment rules) and reads
/// which documents the form now has: `(id, name)` of each, or why the new files were
/// refused (what was kept before stays).
async fn keep_documents(
    state: &AppState,
    owner: UserId,
    sent: &FormData,
) -> Result<(Kept, Option<Problem>), WebError> {
    let carried: Vec<i64> = sent
        .all("guardado")
        .filter_map(|id| id.parse().ok())
        .collect();
    let mut staged = verification::staged(&state.db, owner, &carried).await?;
    let refused = match sent.files(attachments::max_bytes(state), staged.len()) {
        Ok(files) => {
            let now = now_ms();
            for file in &files {
                let id = verification::stage(&state.db, owner, file, now).await?;
                staged.push((id, file.name.clone()));
            }
            None
        }
        Err(refused) => Some(Problem {
            field: "adjunto",
            message: refused.message_id(),
        }),
    };
    Ok((staged, refused))
}

/// Reads a sent application with its documents: the partner and the documents' ids, or
/// every problem with what the form keeps.
async fn read_sent(
    state: &AppState,
    (owner, need_documents): (UserId, bool),
    sent: &FormData,
) -> Result<Result<(crate::profile::NewPartner, Kept), (Vec<Problem>, Kept)>, WebError> {
    let (staged, refused) = keep_documents(state, owner, sent).await?;
    let mut problems = Vec::new();
    let partner = application::read(sent)
        .map_err(|found| problems = found)
        .ok();
    problems.extend(refused);
    if need_documents
        && staged.is_empty()
        && !problems.iter().any(|problem| problem.field == "adjunto")
    {
        problems.push(Problem {
            field: "adjunto",
            message: "partners-apply-documents",
        });
    }
    Ok(match partner {
        Some(partner) if problems.is_empty() => Ok((partner, staged)),
        _ => Err((problems, staged)),
    })
}

/// Where a refusal of the store is told on the form.
fn problem_of(message: &'static str) -> Problem {
    let field = match message {
        "partners-rfc-taken" => "rfc",
        "partners-apply-documents" => "adjunto",
        _ => "",
    };
    Problem { field, message }
}

/// `POST /socios/solicitar`: the application with its documents (multipart).
async fn apply(State(state): State<AppState>, visit: Visit, sent: FormData) -> Answer {
    let viewer = may(&visit, Action::Apply, APPLY)?;
    if verification::of_applicant(&state.db, viewer.user_id)
        .await?
        .is_some()
    {
        return Ok(see_other(MINE));
    }
    let draft = Draft::sent(&sent);
    let refused = |problems: Vec<Problem>, staged| {
        let form = form(
            &state,
            visit.locale,
            (APPLY, draft.clone()),
            &problems,
            staged,
        );
        apply_page(&state, &visit, form, StatusCode::UNPROCESSABLE_ENTITY)
    };
    let (partner, staged) = match read_sent(&state, (viewer.user_id, true), &sent).await? {
        Ok(read) => read,
        Err((problems, staged)) => return refused(problems, staged),
    };
    let ids: Vec<i64> = staged.iter().map(|(id, _)| *id).collect();
    match verification::apply(&state.db, &partner, viewer.user_id, &ids, now_ms()).await {
        Ok(_) => Ok(see_other(MINE)),
        Err(PartnersError::Problem("partners-apply-already")) => Ok(see_other(MINE)),
        Err(PartnersError::Problem(message)) => refused(vec![problem_of(message)], staged),
        Err(PartnersError::Database(error)) => Err(error.into()),
    }
}

/// What the applicant's page and the foundation's review show of an application.
pub(crate) struct Record {
    pub partner: Partner,
    pub standing: Standing,
    pub status: String,
    pub verification: Option<(&'static str, String)>,
    pub documents: Vec<(String, Document, String)>,
    pub steps: Vec<(String, Step, String)>,
    pub place: String,
    pub services: String,
}

/// Application `id` with what its pages show; `None` when there is none.
pub(crate) async fn record(
    state: &AppState,
    locale: Locale,
    id: PartnerId,
) -> Result<Option<Record>, WebError> {
    let (Some(partner), Some((standing, _))) = (
        store::by_id(&state.db, id).await?,
        verification::standing(&state.db, id).await?,
    ) else {
        return Ok(None);
    };
    let status_id = match (standing.status, standing.renewal_asked) {
        (Status::Approved, true) => "partners-status-renewal",
        (Status::Approved, false) => "partners-status-approved",
        (Status::Pending, _) => "partners-status-pending",
        (Status::MoreAsked, _) => "partners-status-more",
        (Status::Rejected, _) => "partners-status-rejected",
    };
    let documents = verification::documents(&state.db, id)
        .await?
        .into_iter()
        .map(|document| {
            (
                format!("/socios/documentos/{}", document.id),
                attachments::size_words(document.size),
                document,
            )
        })
        .map(|(href, size, document)| (href, document, size))
        .collect();
    let steps = verification::steps(&state.db, id)
        .await?
        .into_iter()
        .map(|step| {
            let words = state
                .i18n
                .text(locale, &format!("partners-step-{}", step.step));
            (
                words,
                step.clone(),
                soporte_platform::text::time_utc(step.at),
            )
        })
        .collect();
    Ok(Some(Record {
        status: state.i18n.text(locale, status_id),
        verification: (standing.status == Status::Approved)
            .then(|| {
                crate::pages::verification_words(state, locale, partner.verification(now_ms()))
            })
            .flatten(),
        place: format!(
            "{}, {}",
            partner.head_office.city,
            state_name(state, locale, partner.head_office.state.as_str())
        ),
        services: partner
            .offers
            .services
            .iter()
            .map(|service| state.i18n.text(locale, service.message_id()))
            .collect::<Vec<_>>()
            .join(", "),
        partner,
        standing,
        documents,
        steps,
    }))
}

#[derive(Template)]
#[template(path = "partners/mine.html")]
struct MineTemplate<'a> {
    shell: Shell<'a>,
    record: Option<Record>,
    /// The form to send it again, when the foundation asked for more.
    form: Option<Form>,
    /// The renewal form's documents and problem, when it may be renewed.
    renewal: Option<Renewal>,
    /// The partner's desk, once it has one.
    desk_href: Option<String>,
}

/// The applicant's page, with `form` (sent back to mend) or a renewal's problem.
async fn mine_page(
    state: &AppState,
    visit: &Visit,
    (form, renewal_problem): (Option<Form>, Option<(Problem, Kept)>),
    status: StatusCode,
) -> Answer {
    let viewer = may(visit, Action::ReadApplication { own: true }, MINE)?;
    let locale = visit.locale;
    let record = match verification::of_applicant(&state.db, viewer.user_id).await? {
        Some(id) => record(state, locale, id).await?,
        None => None,
    };
    // Sent back to mend, or a listed partner's own profile to keep up to date.
    let action = record
        .as_ref()
        .and_then(|record| match record.standing.status {
            Status::MoreAsked => Some(RESEND),
            Status::Approved => Some(EDIT),
            Status::Pending | Status::Rejected => None,
        });
    let form = match (&record, action, form) {
        (_, Some(action), Some(form)) if form.action == action => Some(form),
        (Some(record), Some(action), _) => Some(crate::apply::form(
            state,
            locale,
            (action, Draft::of(&record.partner)),
            &[],
            Vec::new(),
        )),
        _ => None,
    };
    let renewal = record
        .as_ref()
        .filter(|record| record.standing.may_renew(now_ms()))
        .map(|_| {
            let (problem, staged) = match renewal_problem {
                Some((problem, staged)) => (Some(state.i18n.text(locale, problem.message)), staged),
                None => (None, Vec::new()),
            };
            Renewal {
                staged,
                problem,
                limit: attachments::limit_words(state, locale),
            }
        });
    let desk_href = record
        .as_ref()
        .and_then(|record| record.partner.desk.as_deref())
        .zip(state.site.desks())
        .map(|(slug, desks)| desks.desk_path(slug));
    let page = MineTemplate {
        shell: Shell::new(state, visit, MINE),
        desk_href,
        record,
        form,
        renewal,
    };
    Ok((status, Page(page.render())).into_response())
}

/// `GET /socios/mi-empresa`.
async fn mine(State(state): State<AppState>, visit: Visit) -> Answer {
    mine_page(&state, &visit, (None, None), StatusCode::OK).await
}

/// `POST /socios/mi-empresa/reenviar`: the application mended, with more documents.
async fn resend(State(state): State<AppState>, visit: Visit, sent: FormData) -> Answer {
    let viewer = may(&visit, Action::Resend { own: true }, MINE)?;
    let Some(id) = verification::of_applicant(&state.db, viewer.user_id).await? else {
        return Ok(see_other(MINE));
    };
    let draft = Draft::sent(&sent);
    let back = |problems: Vec<Problem>, staged: Kept| {
        let form = form(
            &state,
            visit.locale,
            (RESEND, draft.clone()),
            &problems,
            staged,
        );
        (Some(form), None)
    };
    let shown = match read_sent(&state, (viewer.user_id, false), &sent).await? {
        Ok((partner, staged)) => {
            let ids: Vec<i64> = staged.iter().map(|(id, _)| *id).collect();
            let at = now_ms();
            match verification::resend(&state.db, id, &partner, (&ids, viewer.user_id), at).await {
                Ok(()) => return Ok(see_other(MINE)),
                Err(PartnersError::Problem(message)) => back(vec![problem_of(message)], staged),
                Err(PartnersError::Database(error)) => return Err(error.into()),
            }
        }
        Err((problems, staged)) => back(problems, staged),
    };
    mine_page(&state, &visit, shown, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// A listed partner's form, with its names and RFC as the foundation verified them.
struct Locked<'a> {
    sent: &'a FormData,
    partner: &'a Partner,
}

impl Fields for Locked<'_> {
    fn field(&self, name: &str) -> &str {
        match name {
            "nombre" => &self.partner.name,
            "razon_social" => &self.partner.legal_name,
            "rfc" => &self.partner.rfc,
            _ => self.sent.field(name),
        }
    }

    fn all(&self, name: &str) -> Vec<&str> {
        match name {
            "nombre" | "razon_social" | "rfc" => vec![self.field(name)],
            _ => self.sent.all(name).collect(),
        }
    }
}

/// `POST /socios/mi-empresa/editar`: a listed partner keeps its profile up to date
/// (what it does, where, when, how to reach it); its names and RFC stay.
async fn edit(State(state): State<AppState>, visit: Visit, sent: FormData) -> Answer {
    let viewer = may(&visit, Action::Resend { own: true }, MINE)?;
    let Some(id) = verification::of_applicant(&state.db, viewer.user_id).await? else {
        return Ok(see_other(MINE));
    };
    let partner = store::by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let fields = Locked {
        sent: &sent,
        partner: &partner,
    };
    let problems = match application::read(&fields) {
        Ok(new) => match verification::edit(&state.db, id, &new, viewer.user_id, now_ms()).await {
            Ok(()) => return Ok(see_other(MINE)),
            Err(PartnersError::Problem(message)) => vec![problem_of(message)],
            Err(PartnersError::Database(error)) => return Err(error.into()),
        },
        Err(problems) => problems,
    };
    let mut draft = Draft::sent(&sent);
    draft.nombre.clone_from(&partner.name);
    draft.razon_social.clone_from(&partner.legal_name);
    draft.rfc.clone_from(&partner.rfc);
    let form = form(&state, visit.locale, (EDIT, draft), &problems, Vec::new());
    mine_page(
        &state,
        &visit,
        (Some(form), None),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /socios/mi-empresa/renovar`: asks the foundation to renew, with documents.
async fn renew(State(state): State<AppState>, visit: Visit, sent: FormData) -> Answer {
    let viewer = may(&visit, Action::Resend { own: true }, MINE)?;
    let Some(id) = verification::of_applicant(&state.db, viewer.user_id).await? else {
        return Ok(see_other(MINE));
    };
    let (staged, refused) = keep_documents(&state, viewer.user_id, &sent).await?;
    let problem = match refused {
        Some(problem) => problem,
        None => {
            let ids: Vec<i64> = staged.iter().map(|(id, _)| *id).collect();
            match verification::ask_renewal(&state.db, id, (&ids, viewer.user_id), now_ms()).await {
                Ok(()) => return Ok(see_other(MINE)),
                Err(PartnersError::Problem(message)) => problem_of(message),
                Err(PartnersError::Database(error)) => return Err(error.into()),
            }
        }
    };
    mine_page(
        &state,
        &visit,
        (None, Some((problem, staged))),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `GET /socios/documentos/{id}`: a document of an application, to its applicant and
/// the foundation's staff.
async fn download(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    let viewer = require(&visit, "/socios", |_| true)?;
    let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
    let (partner, name, kind, bytes) = verification::document(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let own = verification::standing(&state.db, partner)
        .await?
        .and_then(|(_, applicant)| applicant)
        == Some(viewer.user_id);
    if !allows(
        Actor::Person(&viewer.roles),
        Action::ReadApplication { own },
    ) {
        return Err(WebError::not_found());
    }
    Ok(attachments::download(&name, kind, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_told_beside_its_field() {
        assert_eq!(problem_of("partners-rfc-taken").field, "rfc");
        assert_eq!(problem_of("partners-apply-documents").field, "adjunto");
        assert_eq!(problem_of("partners-review-changed").field, "");
    }
}
