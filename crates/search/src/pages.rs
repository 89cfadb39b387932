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
use soporte_platform::secrets::{ServerKey, same};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::query::{Found, MAX_QUERY_CHARS, PAGE_SIZE, Piece, Query};
use crate::{Search, report};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/buscar", get(results))
        .route("/buscar/abrir", get(open))
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

/// A better-spelled query and its link.
struct Suggestion {
    text: String,
    href: String,
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
    /// "¿Quisiste decir …?"
    suggestion: Option<Suggestion>,
    previous: Option<String>,
    next: Option<String>,
}

async fn results(
    State(state): State<AppState>,
    Extension(search): Extension<Arc<Search>>,
    visit: Visit,
    params: Result<Params<Form>, QueryRejection>,
) -> Result<Response, WebError> {
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
    let (found, suggestion) = if query.is_empty() {
        (Found::default(), None)
    } else {
        let found = search.search(query.clone(), visit.locale).await?;
        // A better spelling is an extra: the results show without it.
        let suggestion = search.suggest(query.clone()).await.unwrap_or_else(|error| {
            tracing::warn!(%error, "no spelling suggestion");
            None
        });
        (found, suggestion)
    };
    // The first page of each search goes to the staff's report (text and time only).
    let logged = if query.is_empty() || query.page() > 1 {
        None
    } else {
        match report::log_query(&state.db, query.text(), found.total).await {
            Ok(id) => Some(id),
            Err(error) => {
                tracing::warn!(%error, "a search could not be logged");
                None
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
            path: match logged {
                Some(id) => opening(&state.key, id, &hit.path),
                None => hit.path,
            },
            snippet: hit.snippet,
        })
        .collect();
    let link_for = |text: &str, page: usize| {
        let mut url = url::form_urlencoded::Serializer::for_suffix(String::from("/buscar?"), 8);
        url.append_pair("q", text);
        if let Some(collection) = query.collection() {
            url.append_pair("coleccion", collection);
        }
        if let Some(language) = query.language() {
            url.append_pair("idioma", short_tag(language));
        }
        url.append_pair("pagina", &page.to_string());
        url.finish()
    };
    let link = |page: usize| link_for(query.text(), page);
    let suggestion = suggestion.map(|text| Suggestion {
        href: link_for(&text, 1),
        text,
    });
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
        suggestion,
        previous: (query.page() > 1 && !query.is_empty()).then(|| link(query.page() - 1)),
        next: (shown < found.total && query.page() < crate::query::MAX_PAGE)
            .then(|| link(query.page() + 1)),
        shell,
    };
    Ok(Page(template.render()).into_response())
}

/// The link of a result: through `/buscar/abrir`, which notes that it was opened. It
/// is signed, so only links this site gave count as openings.
fn opening(key: &ServerKey, query_id: i64, path: &str) -> String {
    let query_id = query_id.to_string();
    let mut url = url::form_urlencoded::Serializer::for_suffix(String::from("/buscar/abrir?"), 14);
    url.append_pair("b", &query_id);
    url.append_pair("f", &click_signature(key, &query_id, path));
    url.append_pair("a", path);
    url.finish()
}

/// The signature of the opening of `path` from search `query_id`.
fn click_signature(key: &ServerKey, query_id: &str, path: &str) -> String {
    let mut signature = key.sign("search-click", &format!("{query_id}\n{path}"));
    signature.truncate(22);
    signature
}

#[derive(Deserialize)]
struct Opening {
    #[serde(default)]
    b: String,
    #[serde(default)]
    f: String,
    #[serde(default)]
    a: String,
}

/// A path on this site, never another site's address (`//x`, `/\x`, `https:`).
fn local_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    local.then_some(path)
}

/// `GET /buscar/abrir?b=SEARCH&f=SIGNATURE&a=PATH`: notes the opened result and goes
/// there. A link without this site's signature still leads to the page (it is one of
/// ours), but is not counted.
async fn open(
    State(state): State<AppState>,
    params: Result<Params<Opening>, QueryRejection>,
) -> Result<Response, WebError> {
    let Some((query_id, path)) = params.ok().and_then(|Params(opening)| {
        let path = local_path(&opening.a)?.to_owned();
        let signed = same(&opening.f, &click_signature(&state.key, &opening.b, &path));
        let query_id = opening.b.parse::<i64>().ok().filter(|_| signed);
        Some((query_id, path))
    }) else {
        return Err(WebError::status(StatusCode::BAD_REQUEST));
    };
    if let Some(query_id) = query_id
        && let Err(error) = report::log_click(&state.db, query_id, &path).await
    {
        tracing::warn!(%error, "an opened search result could not be logged");
    }
    Ok(see_other(&path))
}

fn short_tag(language: Locale) -> &'static str {
    match language {
        Locale::EsMx => "es",
        Locale::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(
            local_path("/documentacion/x?idioma=es"),
            Some("/documentacion/x?idioma=es")
        );
        for other in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "x",
            "/a\nb",
        ] {
            assert_eq!(local_path(other), None, "{other:?}");
        }
    }
}
