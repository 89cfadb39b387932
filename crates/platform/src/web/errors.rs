//! Localized error pages. Handlers answer with a [`super::WebError`] (a status and
//! perhaps the ids of what to say), extractors with a bare status or a plain-text
//! rejection; [`localize_errors`] turns any such answer into a page in the reader's
//! language, or a JSON error under `/api/`, that names the request's id.

use std::any::Any;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::ApiError;
use super::fail::Message;
use super::{AppState, Page, Shell, Visit};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    shell: Shell<'a>,
    title: String,
    body: String,
    /// The request's id, for a person who reports the problem to quote.
    request_id: String,
}

/// The status whose texts explain `status`.
fn message_status(status: StatusCode) -> u16 {
    match status.as_u16() {
        code @ (400 | 401 | 403 | 404 | 405 | 413 | 429 | 500 | 503) => code,
        code if code < 500 => 400,
        _ => 500,
    }
}

/// An HTML error page for `status`; `detail` (the Fluent ids of a title and a text)
/// replaces the generic explanation of the status.
pub fn error_page(
    state: &AppState,
    visit: &Visit,
    path: &str,
    status: StatusCode,
    detail: Option<(&str, &str)>,
) -> Response {
    let code = message_status(status);
    let shell = Shell::new(state, visit, path);
    let (title, body) = match detail {
        Some((title, body)) => (shell.t(title), shell.t(body)),
        None => (
            shell.t(&format!("error-{code}-title")),
            shell.t(&format!("error-{code}-body")),
        ),
    };
    let request_id = visit.request_id.clone();
    let page = ErrorTemplate {
        shell,
        title,
        body,
        request_id,
    };
    (status, Page(page.render())).into_response()
}

fn api_error(
    state: &AppState,
    visit: &Visit,
    status: StatusCode,
    detail: Option<(&str, &str)>,
) -> Response {
    let code = message_status(status);
    let title = format!("error-{code}-title");
    let body = format!("error-{code}-body");
    let (title, body) = detail.unwrap_or((&title, &body));
    ApiError::new(
        status,
        state.i18n.text(visit.locale, title),
        state.i18n.text(visit.locale, body),
        visit.request_id.clone(),
    )
    .into_response()
}

/// Replaces error answers that are not already a page or JSON with a localized one.
pub async fn localize_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let visit = request
        .extensions()
        .get::<Visit>()
        .cloned()
        .unwrap_or_else(|| Visit::anonymous(request.headers(), request.extensions()));
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let mut response = response;
    let status = response.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of the body was never read: the connection cannot carry another
        // request, so say so instead of letting the client find out on its next one.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("text/html") || content_type.starts_with("application/json") {
        return response;
    }
    let detail = response
        .extensions()
        .get::<Message>()
        .map(|message| (message.title, message.text));
    let mut localized = if path.starts_with("/api/") {
        api_error(&state, &visit, status, detail)
    } else {
        error_page(&state, &visit, &path, status, detail)
    };
    // Keep headers such as `Allow` on 405.
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            localized.headers_mut().insert(name.clone(), value.clone());
        }
    }
    localized
}

/// The fallback route.
pub async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

/// A handler panicked: log it and answer 500 (localized on the way out).
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = message, "a request handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
