//! Asking: the form, the preview step that searches first (solved questions and
//! articles the one search proposes, each with "esto me resolvió"), publishing, and the
//! code of conduct every composer links to. Works without JavaScript; with it, the
//! suggestions also appear while the title is typed (`preguntar.js`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::markup;
use soporte_platform::searchable::Suggestion;
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::ask::{self, FlowToken, Outcome};
use crate::categories::{self, Category};
use crate::limits::{self, Doing};
use crate::pages::{Answer, links_refused, silence_text, standing, topic_path, with_notice};
use crate::policy::{Action, Member, Owner, allows};
use crate::post::{Body, Kind, Problem, Tags, Title};
use crate::store::{self, NewTopic};
use crate::trust::{self, Level};

/// Where the code of conduct is.
pub const CONDUCT_PATH: &str = "/comunidad/conducta";
const ASK_PATH: &str = "/comunidad/preguntar";
/// The most suggestions shown.
const SUGGESTIONS: usize = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ASK_PATH, get(ask_form).post(ask))
        .route("/comunidad/preguntar/resuelto", post(resolved))
        .route("/comunidad/sugerencias", get(suggestions))
        .route("/comunidad/preguntar.js", get(script))
        .route(CONDUCT_PATH, get(conduct))
}

/// The fields of the ask form, as sent (kept as written so nothing is lost).
#[derive(Clone, Debug, Default, Deserialize)]
struct AskForm {
    #[serde(default)]
    categoria: String,
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    titulo: String,
    #[serde(default)]
    cuerpo: String,
    #[serde(default)]
    etiquetas: String,
    #[serde(default)]
    flujo: String,
    #[serde(default)]
    accion: String,
}

/// A category the form offers.
struct CategoryChoice {
    slug: String,
    name: String,
    selected: bool,
}

/// A suggestion as the page shows it.
pub(crate) struct Shown {
    title: String,
    href: String,
    rung: String,
}

#[derive(Template)]
#[template(path = "forum/ask.html")]
struct AskTemplate<'a> {
    shell: Shell<'a>,
    form: AskForm,
    categories: Vec<CategoryChoice>,
    question: bool,
    problem: Option<String>,
    /// The preview step: the post as it will look, and the suggestions.
    preview: Option<String>,
    suggestions: Vec<Shown>,
    script_href: &'static str,
    conduct_href: &'static str,
}

#[derive(Template)]
#[template(path = "forum/suggestions.html")]
struct SuggestionsTemplate<'a> {
    shell: Shell<'a>,
    suggestions: Vec<Shown>,
    flow: String,
    searched: bool,
}

#[derive(Debug, Default, Deserialize)]
struct AskParams {
    #[serde(default)]
    categoria: String,
    #[serde(default)]
    tipo: String,
}

fn may_ask(visit: &Visit) -> Result<(), WebError> {
    require(visit, ASK_PATH, |viewer| {
        let member = Member {
            actor: Actor::Person(&viewer.roles),
            level: Level::New,
            silenced: false,
        };
        allows(member, Action::Ask, Owner::TheActor)
    })
    .map(|_| ())
}

async fn ask_form(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<AskParams>,
) -> Answer {
    may_ask(&visit)?;
    let form = AskForm {
        flujo: FlowToken::fresh()?.as_str().to_owned(),
        categoria: params.categoria,
        tipo: if params.tipo == Kind::Discussion.as_str() {
            params.tipo
        } else {
            Kind::Question.as_str().to_owned()
        },
        ..AskForm::default()
    };
    page(&state, &visit, form, None, None, Vec::new()).await
}

async fn page(
    state: &AppState,
    visit: &Visit,
    form: AskForm,
    problem: Option<String>,
    preview: Option<String>,
    suggestions: Vec<Shown>,
) -> Answer {
    let all = categories::all(&state.db).await?;
    let shell = Shell::new(state, visit, ASK_PATH);
    let categories = all
        .iter()
        .map(|category| CategoryChoice {
            slug: category.slug.clone(),
            name: category.name(visit.locale).to_owned(),
            selected: category.slug == form.categoria,
        })
        .collect();
    let template = AskTemplate {
        question: form.tipo != Kind::Discussion.as_str(),
        form,
        categories,
        problem,
        preview,
        suggestions,
        script_href: "/comunidad/preguntar.js",
        conduct_href: CONDUCT_PATH,
        shell,
    };
    let status = if template.problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Page(template.render())).into_response())
}

/// What the form says, parsed; the first problem otherwise.
fn parse(form: &AskForm, all: &[Category]) -> Result<(Category, NewTopicParts), Problem> {
    let category = all
        .iter()
        .find(|category| category.slug == form.categoria)
        .cloned()
        .ok_or(Problem::UnknownCategory)?;
    Ok((
        category,
        NewTopicParts {
            kind: Kind::parse(&form.tipo)?,
            title: Title::parse(&form.titulo)?,
            body: Body::parse(&form.cuerpo)?,
            tags: Tags::parse(&form.etiquetas)?,
        },
    ))
}

struct NewTopicParts {
    kind: Kind,
    title: Title,
    body: Body,
    tags: Tags,
}

/// What the one search proposes for `text`: settled answers only (articles and solved
/// questions), at most [`SUGGESTIONS`].
pub(crate) async fn propose(state: &AppState, visit: &Visit, text: &str) -> Vec<Shown> {
    let Some(finder) = &state.finder else {
        return Vec::new();
    };
    let found: Vec<Suggestion> = finder.find(text, visit.locale, SUGGESTIONS * 2).await;
    found
        .into_iter()
        .filter(|suggestion| suggestion.settled)
        .take(SUGGESTIONS)
        .map(|suggestion| Shown {
            rung: state.i18n.text(visit.locale, suggestion.collection),
            title: suggestion.title,
            href: suggestion.path,
        })
        .collect()
}

async fn ask(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Form(mut form): Form<AskForm>,
) -> Answer {
    may_ask(&visit)?;
    let Some(viewer) = visit.viewer.as_ref() else {
        return Err(WebError::sign_in(ASK_PATH));
    };
    let all = categories::all(&state.db).await?;
    let parsed = parse(&form, &all);
    let (category, parts) = match parsed {
        Ok(parsed) if form.accion != "editar" => parsed,
        Ok(_) => return page(&state, &visit, form, None, None, Vec::new()).await,
        Err(problem) => {
            let text = state.i18n.text(visit.locale, problem.message_id());
            return page(&state, &visit, form, Some(text), None, Vec::new()).await;
        }
    };
    let flow = FlowToken::parse(&form.flujo);
    if form.accion == "publicar" {
        let (member, silence) = standing(&state, &visit).await?;
        if let Some(silence) = silence.filter(|_| !allows(member, Action::Ask, Owner::TheActor)) {
            let text = silence_text(&state, visit.locale, &silence);
            let refused = page(&state, &visit, form, Some(text), None, Vec::new()).await?;
            return Ok((StatusCode::FORBIDDEN, refused).into_response());
        }
        if links_refused(member, &parts.body) {
            let text = state.i18n.text(visit.locale, "forum-problem-links");
            let refused = page(&state, &visit, form, Some(text), None, Vec::new()).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, refused).into_response());
        }
        if let Some(wait) = limits::hit(&state.db, Doing::Posting, viewer.user_id, client).await? {
            let text = state.i18n.text(visit.locale, "forum-too-fast");
            let refused = page(&state, &visit, form, Some(text), None, Vec::new()).await?;
            return Ok(soporte_platform::web::too_many_requests(refused, wait));
        }
        let topic = NewTopic {
            category: category.id,
            language: visit.locale,
            kind: parts.kind,
            title: parts.title,
            body: parts.body,
            tags: parts.tags,
        };
        let id = store::create(&state.db, &topic, viewer.user_id).await?;
        trust::advance(&state.db, viewer.user_id).await?;
        if let Some(flow) = flow {
            let person = Some(viewer.user_id);
            ask::finish(&state.db, &flow, person, Outcome::Posted, (Some(id), "")).await?;
        }
        let path = topic_path(id);
        if store::is_pending(&state.db, id, 1).await? {
            return Ok(see_other(&with_notice(&path, "revision")));
        }
        return Ok(see_other(&path));
    }
    // The preview: the post as it will look, and what already answers it.
    let suggestions = if parts.kind == Kind::Question {
        propose(&state, &visit, parts.title.as_str()).await
    } else {
        Vec::new()
    };
    let flow = match flow {
        Some(flow) => flow,
        None => FlowToken::fresh()?,
    };
    ask::touch(&state.db, &flow, Some(viewer.user_id), suggestions.len()).await?;
    form.flujo = flow.as_str().to_owned();
    form.titulo = parts.title.as_str().to_owned();
    form.etiquetas = parts.tags.to_text();
    let preview = markup::markdown(parts.body.as_str()).html;
    page(&state, &visit, form, None, Some(preview), suggestions).await
}

#[derive(Debug, Default, Deserialize)]
struct ResolvedForm {
    #[serde(default)]
    flujo: String,
    #[serde(default)]
    destino: String,
}

/// "Esto me resolvió": the flow ends without a question, and the person goes to what
/// answered them.
async fn resolved(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<ResolvedForm>,
) -> Answer {
    may_ask(&visit)?;
    let person = visit.viewer.as_ref().map(|viewer| viewer.user_id);
    // Only a path on this site: never a way to send people elsewhere.
    let destination = form.destino.trim();
    let local = destination.starts_with('/')
        && !destination.starts_with("//")
        && !destination.contains('\\');
    if !local {
        return Err(WebError::bad_request(
            "forum-resolved-title",
            "forum-resolved-bad",
        ));
    }
    let flow = match FlowToken::parse(&form.flujo) {
        Some(flow) => flow,
        None => FlowToken::fresh()?,
    };
    ask::finish(
        &state.db,
        &flow,
        person,
        Outcome::Resolved,
        (None, destination),
    )
    .await?;
    Ok(see_other(destination))
}

#[derive(Debug, Default, Deserialize)]
struct SuggestParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    flujo: String,
}

/// The suggestions for a title being typed, as a piece of HTML the script puts in place.
async fn suggestions(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<SuggestParams>,
) -> Answer {
    may_ask(&visit)?;
    let text: String = params.q.chars().take(crate::post::TITLE_MAX).collect();
    let searched = text.trim().chars().count() >= 3;
    let suggestions = if searched {
        propose(&state, &visit, &text).await
    } else {
        Vec::new()
    };
    // The flow the form carries begins with its first title searched as it is typed,
    // so that flows left before any preview count too.
    let flow = FlowToken::parse(&params.flujo);
    if let (Some(flow), true) = (&flow, searched) {
        let person = visit.viewer.as_ref().map(|viewer| viewer.user_id);
        ask::touch(&state.db, flow, person, suggestions.len()).await?;
    }
    let shell = Shell::new(&state, &visit, ASK_PATH);
    let fragment = SuggestionsTemplate {
        shell,
        suggestions,
        flow: flow
            .map(|flow| flow.as_str().to_owned())
            .unwrap_or_default(),
        searched,
    };
    Ok(Html(fragment.render()?).into_response())
}

/// The script that shows suggestions while the title is typed.
async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/preguntar.js"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "forum/conduct.html")]
struct ConductTemplate<'a> {
    shell: Shell<'a>,
}

async fn conduct(State(state): State<AppState>, visit: Visit) -> Answer {
    let shell = Shell::new(&state, &visit, CONDUCT_PATH);
    Ok(Page(ConductTemplate { shell }.render()).cacheable())
}
