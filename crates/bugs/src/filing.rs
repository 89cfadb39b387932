//! Filing a report, the way Launchpad guides it: first the product and a title, which
//! the one search turns into possible duplicates (each with "es el mismo error", which
//! adds the person to that report instead); then the whole form: what happened, the
//! steps, what was expected, the version and architecture, tags and attachments. Works
//! without JavaScript; with it, the duplicates also appear while the title is typed
//! (`reportar.js`). Files of a form sent back with a problem are kept (staged) and
//! carried by the form, so nothing is sent twice or lost. From a forum question
//! (`?desde=topic:5`, for those the intake names), the form comes pre-filled and the
//! report is linked to the question.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use soporte_platform::i18n::Locale;
use soporte_platform::links::Subject;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::catalog::{self, Product};
use crate::pages::{Answer, Choice, may};
use crate::policy::Action;
use crate::report::{Architecture, Description, Problem, Tags, Title};
use crate::store::{self, BugError, NewBug};
use crate::{AttachmentId, BugId};
use soporte_platform::attachments::{self, Refused, read_multipart};

use crate::pages::REPORT_PATH;

/// The most duplicates proposed.
const SUGGESTIONS: usize = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REPORT_PATH, get(form).post(file))
        .route("/errores/sugerencias", get(suggestions))
        .route("/errores/reportar.js", get(script))
        .route("/errores/{id}/mismo", post(same))
}

/// The form's fields as sent (kept as written).
#[derive(Clone, Debug, Default, Deserialize)]
struct Fields {
    #[serde(default)]
    producto: String,
    #[serde(default)]
    titulo: String,
    #[serde(default)]
    desde: String,
    #[serde(default)]
    componente: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    arquitectura: String,
    #[serde(default)]
    que_paso: String,
    #[serde(default)]
    pasos: String,
    #[serde(default)]
    esperado: String,
    #[serde(default)]
    etiquetas: String,
}

/// A proposed duplicate.
struct Suggested {
    number: String,
    title: String,
    href: String,
    status: String,
}

#[derive(Template)]
#[template(path = "bugs/report.html")]
struct ReportTemplate<'a> {
    shell: Shell<'a>,
    fields: Fields,
    products: Vec<Choice>,
    /// The second step: the whole form, after the duplicates.
    full: bool,
    product_name: String,
    components: Vec<Choice>,
    series: Vec<Choice>,
    architectures: Vec<Choice>,
    suggestions: Vec<Suggested>,
    staged: Vec<(AttachmentId, String)>,
    problem: Option<String>,
    limit: String,
}

#[derive(Template)]
#[template(path = "bugs/suggestions.html")]
struct SuggestionsTemplate<'a> {
    shell: Shell<'a>,
    suggestions: Vec<Suggested>,
}

/// The reports the one search proposes for `title`.
async fn propose(
    state: &AppState,
    locale: Locale,
    title: &str,
) -> Result<Vec<Suggested>, WebError> {
    let Some(finder) = &state.finder else {
        return Ok(Vec::new());
    };
    let prefix = format!("{}:", crate::SUBJECT);
    let mut shown = Vec::new();
    let found = finder
        .find_in(title, locale, crate::search::COLLECTION, SUGGESTIONS * 2)
        .await;
    for suggestion in found {
        let Some(id) = suggestion
            .key
            .strip_prefix(&prefix)
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        if let Some((id, title, status, series)) = store::described(&state.db, id).await? {
            shown.push(Suggested {
                number: id.to_string(),
                title,
                href: store::path(id),
                status: crate::pages::status_words(state, locale, status, series.as_deref()),
            });
        }
        if shown.len() == SUGGESTIONS {
            break;
        }
    }
    Ok(shown)
}

fn product_choices(products: &[Product], chosen: &str) -> Vec<Choice> {
    products
        .iter()
        .map(|product| Choice {
            value: product.slug.clone(),
            label: product.name.clone(),
            selected: product.slug == chosen,
        })
        .collect()
}

/// The page, at the step `fields` reached, with `problem` and the files `staged`.
async fn page(
    state: &AppState,
    visit: &Visit,
    fields: Fields,
    (status, problem): (StatusCode, Option<&str>),
    (staged, sent): (Vec<(AttachmentId, String)>, bool),
) -> Answer {
    let locale = visit.locale;
    let products = catalog::all(&state.db).await?;
    let product = products.iter().find(|p| p.slug == fields.producto.trim());
    let title_ok = Title::parse(&fields.titulo).is_ok();
    // The whole form once the product and title are good, and always once it was sent
    // (a title refused there is told on the whole form, nothing else lost).
    let full = product.is_some() && (title_ok || sent);
    let problem = problem.map(|id| state.i18n.text(locale, id)).or_else(|| {
        let asked = !fields.titulo.trim().is_empty() || !fields.producto.trim().is_empty();
        match (asked, product, title_ok) {
            (true, None, _) if !fields.producto.trim().is_empty() => Some(
                state
                    .i18n
                    .text(locale, Problem::UnknownProduct.message_id()),
            ),
            (true, _, false) => Title::parse(&fields.titulo)
                .err()
                .map(|problem| state.i18n.text(locale, problem.message_id())),
            _ => None,
        }
    });
    let suggestions = if title_ok {
        propose(state, locale, &fields.titulo).await?
    } else {
        Vec::new()
    };
    let components = Choice::or_none(
        state.i18n.text(locale, "bugs-component-unknown"),
        product.iter().flat_map(|product| {
            product.components.iter().map(|component| Choice {
                value: component.slug.clone(),
                label: component.name.clone(),
                selected: component.slug == fields.componente,
            })
        }),
    );
    let series = Choice::or_none(
        state.i18n.text(locale, "bugs-none"),
        product.iter().flat_map(|product| {
            product.series.iter().rev().map(|series| Choice {
                value: series.name.clone(),
                label: series.name.clone(),
                selected: series.name == fields.version,
            })
        }),
    );
    let architectures = Architecture::ALL
        .into_iter()
        .map(|architecture| Choice {
            value: architecture.as_str().to_owned(),
            label: match architecture {
                Architecture::Unknown => state.i18n.text(locale, "bugs-architecture-unknown"),
                other => other.as_str().to_owned(),
            },
            selected: architecture.as_str() == fields.arquitectura,
        })
        .collect();
    let status = if problem.is_some() && status == StatusCode::OK {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        status
    };
    let page = ReportTemplate {
        shell: Shell::new(state, visit, REPORT_PATH),
        products: product_choices(&products, &fields.producto),
        full,
        product_name: product.map(|p| p.name.clone()).unwrap_or_default(),
        components,
        series,
        architectures,
        suggestions,
        staged,
        problem,
        limit: attachments::limit_words(state, locale),
        fields,
    };
    Ok((status, Page(page.render())).into_response())
}

/// The subject `desde` names, when the intake lets this person take it in.
fn origin(state: &AppState, visit: &Visit, desde: &str) -> Option<Subject> {
    let subject: Subject = desde.trim().parse().ok()?;
    let roles = &visit.viewer.as_ref()?.roles;
    state
        .site
        .intakes(subject.kind())
        .iter()
        .any(|intake| intake.path == REPORT_PATH && intake.offered_to(roles))
        .then_some(subject)
}

/// `GET /errores/reportar`: the first step (product and title), or, once both are
/// given, the duplicates and the whole form.
async fn form(
    State(state): State<AppState>,
    visit: Visit,
    Query(mut fields): Query<Fields>,
) -> Answer {
    may(&visit, Action::Report, REPORT_PATH)?;
    let asked = !fields.titulo.is_empty() || !fields.producto.is_empty();
    if let Some(subject) = origin(&state, &visit, &fields.desde) {
        if fields.que_paso.is_empty()
            && let Some(area) = state.site.subject_owner(subject.kind())
            && let Some(excerpt) = area.excerpt(&state.db, &subject).await?
        {
            if fields.titulo.is_empty() {
                fields.titulo = excerpt
                    .title
                    .chars()
                    .take(crate::report::TITLE_MAX)
                    .collect();
            }
            let link = state.i18n.text_with(
                visit.locale,
                "bugs-from-question",
                &[("authors", &excerpt.authors.join(", "))],
            );
            fields.que_paso = format!("{}\n\n*{link}*", excerpt.body);
        }
    } else {
        fields.desde.clear();
    }
    let fields = if asked || !fields.desde.is_empty() {
        fields
    } else {
        Fields::default()
    };
    page(
        &state,
        &visit,
        fields,
        (StatusCode::OK, None),
        (Vec::new(), false),
    )
    .await
}

/// `GET /errores/sugerencias?q=`: the duplicates for a title being typed.
async fn suggestions(
    State(state): State<AppState>,
    visit: Visit,
    Query(fields): Query<SuggestParams>,
) -> Answer {
    may(&visit, Action::Report, REPORT_PATH)?;
    let text: String = fields.q.chars().take(crate::report::TITLE_MAX).collect();
    let suggestions = if text.trim().chars().count() >= 3 {
        propose(&state, visit.locale, &text).await?
    } else {
        Vec::new()
    };
    let fragment = SuggestionsTemplate {
        shell: Shell::new(&state, &visit, REPORT_PATH),
        suggestions,
    };
    Ok(Html(fragment.render()?).into_response())
}

#[derive(Default, Deserialize)]
struct SuggestParams {
    #[serde(default)]
    q: String,
}

async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/reportar.js"),
    )
        .into_response()
}

/// `POST /errores/{id}/mismo`: "es el mismo error": the person is affected by that
/// report (and follows it) instead of filing a new one.
async fn same(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    let id: BugId = id.parse().map_err(|_| WebError::not_found())?;
    let path = store::path(id);
    let viewer = may(&visit, Action::MeToo, &path)?;
    match store::set_affected(&state.db, id, viewer.user_id, true).await {
        Ok(_) => Ok(see_other(&format!("{path}?aviso=bugs-notice-page-same"))),
        Err(BugError::NotFound) => Err(WebError::not_found()),
        Err(error) => Err(WebError::internal(error)),
    }
}

/// `POST /errores/reportar`: the whole form, multipart, with its files.
async fn file(State(state): State<AppState>, visit: Visit, multipart: Multipart) -> Answer {
    let viewer = may(&visit, Action::Report, REPORT_PATH)?;
    let sent = read_multipart(multipart).await?;
    let fields = Fields {
        producto: sent.field("producto").to_owned(),
        titulo: sent.field("titulo").to_owned(),
        desde: sent.field("desde").to_owned(),
        componente: sent.field("componente").to_owned(),
        version: sent.field("version").to_owned(),
        arquitectura: sent.field("arquitectura").to_owned(),
        que_paso: sent.field("que_paso").to_owned(),
        pasos: sent.field("pasos").to_owned(),
        esperado: sent.field("esperado").to_owned(),
        etiquetas: sent.field("etiquetas").to_owned(),
    };
    let carried: Vec<AttachmentId> = sent
        .all("guardado")
        .filter_map(|id| id.parse().ok())
        .collect();
    let mut staged = store::staged(&state.db, viewer.user_id, &carried).await?;
    // New files are kept at once (within the count), whatever else is wrong; but no
    // one keeps more than a few forms' worth of files waiting.
    let waiting = store::staged_count(&state.db, viewer.user_id).await?;
    let room = i64::try_from(2 * attachments::COUNT_MAX).unwrap_or(i64::MAX);
    let files = if sent.files.iter().any(|(_, bytes)| !bytes.is_empty()) && waiting >= room {
        Err(Refused::TooMany)
    } else {
        sent.files(attachments::max_bytes(&state), staged.len())
    };
    let refused = match files {
        Ok(files) => {
            for file in &files {
                let id = store::stage(&state.db, viewer.user_id, file).await?;
                staged.push((id, file.name.clone()));
            }
            None
        }
        Err(refused) => Some(refused),
    };
    let products = catalog::all(&state.db).await?;
    let parsed = parse(&state, visit.locale, &fields, &products);
    let (bug, problem) = match (parsed, refused) {
        (Ok(bug), None) => (Some(bug), None),
        (Ok(_), Some(refused)) => (None, Some((refused_status(refused), refused.message_id()))),
        (Err(problem), _) => (
            None,
            Some((StatusCode::UNPROCESSABLE_ENTITY, problem.message_id())),
        ),
    };
    let Some(mut bug) = bug else {
        let problem = problem.unwrap_or((StatusCode::UNPROCESSABLE_ENTITY, "form-unreadable"));
        return page(
            &state,
            &visit,
            fields,
            (problem.0, Some(problem.1)),
            (staged, true),
        )
        .await;
    };
    bug.staged = staged.iter().map(|(id, _)| *id).collect();
    bug.origin = origin(&state, &visit, &fields.desde);
    let id = store::create(&state.db, &state.queue, &bug, viewer.user_id).await?;
    Ok(see_other(&store::path(id)))
}

fn refused_status(refused: Refused) -> StatusCode {
    match refused {
        Refused::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refused::Forbidden | Refused::TooMany | Refused::Lies => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The form's fields as a report to file.
fn parse(
    state: &AppState,
    locale: Locale,
    fields: &Fields,
    products: &[Product],
) -> Result<NewBug, Problem> {
    let product = products
        .iter()
        .find(|product| product.slug == fields.producto.trim())
        .ok_or(Problem::UnknownProduct)?;
    let title = Title::parse(&fields.titulo)?;
    let component = match fields.componente.trim() {
        "" => None,
        slug => Some(
            product
                .component_slug(slug)
                .ok_or(Problem::UnknownComponent)?
                .id,
        ),
    };
    let series = match fields.version.trim() {
        "" => None,
        name => Some(product.series_named(name).ok_or(Problem::UnknownSeries)?.id),
    };
    let description = Description::parse(&fields.que_paso, &fields.pasos, &fields.esperado)?;
    let headings = (
        state.i18n.text(locale, "bugs-field-steps"),
        state.i18n.text(locale, "bugs-field-expected"),
    );
    Ok(NewBug {
        product: product.id,
        component,
        series,
        architecture: Architecture::parse(&fields.arquitectura)?,
        title,
        description: description.markdown((&headings.0, &headings.1)),
        language: locale.tag(),
        tags: Tags::parse(&fields.etiquetas)?,
        staged: Vec::new(),
        origin: None,
    })
}
