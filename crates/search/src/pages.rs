//! The result page, `/buscar`: the search box with its filters, ranked results with
//! highlighted snippets, and pages of more. Works without JavaScript (a GET form).

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query as Params, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, http::StatusCode};
use serde::Deserialize;
use soporte_platform::i18n::Locale;
use soporte_platform::web::{AppState, Page, Shell, Visit};

use crate::Search;
use crate::query::{Found, MAX_QUERY_CHARS, PAGE_SIZE, Piece, Query};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/buscar", get(results))
}

/// The form's fields; anything missing or malformed is simply no filter.
#[derive(Deserialize, Default)]
struct Form {
    #[serde(default)]
    q: String,
    #[serde(default)]
    coleccion: String,
    #[serde(default)]
    idioma: String,
    #[serde(default)]
    pagina: String,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct Result_ {
    title: String,
    path: String,
    collection: String,
    /// Set when the article is not in the reader's language: "(en inglés)".
    language_note: Option<String>,
    lang: &'static str,
    snippet: Vec<Piece>,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct ResultsTemplate<'a> {
    shell: Shell<'a>,
    text: String,
    collections: Vec<Choice>,
    languages: Vec<Choice>,
    /// What to say above the results (how many, or why none).
    summary: Option<String>,
    truncated: Option<String>,
    results: Vec<Result_>,
    previous: Option<String>,
    next: Option<String>,
}

async fn results(
    State(state): State<AppState>,
    Extension(search): Extension<Arc<Search>>,
    visit: Visit,
    params: Result<Params<Form>, QueryRejection>,
) -> Response {
    let form = params.map(|Params(form)| form).unwrap_or_default();
    let language = match form.idioma.as_str() {
        "" => None,
        tag => Locale::from_tag(tag),
    };
    let page = form.pagina.parse::<usize>().unwrap_or(1);
    let query = Query::new(&form.q)
        .in_collection(&form.coleccion)
        .in_language(language)
        .on_page(page);
    let found = if query.is_empty() {
        Found::default()
    } else {
        match search.search(query.clone(), visit.locale).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "search failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    let shell = Shell::new(&state, &visit, "/buscar");
    let i18n = &state.i18n;
    let locale = visit.locale;
    let collections = std::iter::once(("", "search-all-collections"))
        .chain(search.collections())
        .map(|(slug, name)| Choice {
            value: slug.to_owned(),
            label: shell.t(name),
            selected: query.collection().unwrap_or("") == slug,
        })
        .collect();
    let languages = [
        ("", "search-all-languages"),
        ("es", "search-spanish"),
        ("en", "search-english"),
    ]
    .into_iter()
    .map(|(tag, name)| Choice {
        value: tag.to_owned(),
        label: shell.t(name),
        selected: query.language().map_or("", |language| short_tag(language)) == tag,
    })
    .collect();
    let summary = if query.is_empty() {
        (!form.q.is_empty() || page > 1).then(|| shell.t("search-no-words"))
    } else if found.total == 0 {
        Some(i18n.text_with(locale, "search-nothing", &[("query", query.text())]))
    } else {
        let count = i64::try_from(found.total).unwrap_or(i64::MAX);
        Some(i18n.text_count_with(locale, "search-count", count, &[("query", query.text())]))
    };
    let results = found
        .hits
        .into_iter()
        .map(|hit| Result_ {
            collection: search
                .collections()
                .into_iter()
                .find(|(slug, _)| *slug == hit.collection)
                .map_or_else(String::new, |(_, name)| shell.t(name)),
            language_note: (hit.language != locale).then(|| {
                shell.t(match hit.language {
                    Locale::EsMx => "search-in-spanish",
                    Locale::En => "search-in-english",
                })
            }),
            lang: short_tag(hit.language),
            title: hit.title,
            path: hit.path,
            snippet: hit.snippet,
        })
        .collect();
    let link = |page: usize| {
        let mut url = url::form_urlencoded::Serializer::new(String::from("/buscar?"));
        url.append_pair("q", query.text());
        if let Some(collection) = query.collection() {
            url.append_pair("coleccion", collection);
        }
        if let Some(language) = query.language() {
            url.append_pair("idioma", short_tag(language));
        }
        url.append_pair("pagina", &page.to_string());
        url.finish()
    };
    let shown = query.page() * PAGE_SIZE;
    let template = ResultsTemplate {
        text: query.text().to_owned(),
        collections,
        languages,
        summary,
        truncated: query.truncated().then(|| {
            i18n.text_with(
                locale,
                "search-truncated",
                &[("limit", &MAX_QUERY_CHARS.to_string())],
            )
        }),
        results,
        previous: (query.page() > 1 && !query.is_empty()).then(|| link(query.page() - 1)),
        next: (shown < found.total && query.page() < crate::query::MAX_PAGE)
            .then(|| link(query.page() + 1)),
        shell,
    };
    Page(template.render()).into_response()
}

fn short_tag(language: Locale) -> &'static str {
    match language {
        Locale::EsMx => "es",
        Locale::En => "en",
    }
}
