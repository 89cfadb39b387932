//! Who is asking and how to answer them: language, signed-in person, and the CSRF
//! token every form carries. [`visit`] builds a [`Visit`] for each request;
//! [`verify_csrf`] refuses state-changing requests whose token does not match.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::locale::{Lang, cookie};
use super::trace::RequestId;
use super::{AppState, error_page};
use crate::accounts::sessions::{self, SESSION_COOKIE, Viewer};
use crate::i18n::Locale;
use crate::secrets::{random_token, same};

/// The cookie whose signature is the CSRF token of the visitor's forms.
pub const CSRF_COOKIE: &str = "soporte_csrf";
/// The form field (or `X-CSRF-Token` header) that carries the token.
pub const CSRF_FIELD: &str = "csrf";
const CSRF_HEADER: &str = "x-csrf-token";
const CSRF_PURPOSE: &str = "csrf";

/// The context of one request.
#[derive(Clone, Debug)]
pub struct Visit {
    pub locale: Locale,
    pub viewer: Option<Viewer>,
    /// The value forms put in their hidden `csrf` field.
    pub csrf_token: String,
    /// The request's id ([`super::trace`]), shown on error pages.
    pub request_id: String,
}

impl Visit {
    /// A visitor nothing is known of but the request's headers and id.
    pub fn anonymous(
        headers: &axum::http::HeaderMap,
        extensions: &axum::http::Extensions,
    ) -> Visit {
        Visit {
            locale: Lang::from_headers(headers).0,
            viewer: None,
            csrf_token: String::new(),
            request_id: request_id(extensions),
        }
    }
}

fn request_id(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Visit, Infallible> {
        Ok(parts
            .extensions
            .get::<Visit>()
            .cloned()
            .unwrap_or_else(|| Visit::anonymous(&parts.headers, &parts.extensions)))
    }
}

/// Builds the [`Visit`]: reads the session (one query, only when a session cookie is
/// sent) and gives a first-time visitor the CSRF cookie.
pub async fn visit(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Lang(locale) = Lang::from_headers(request.headers());
    let viewer = match cookie(request.headers(), SESSION_COOKIE) {
        Some(token) => signed_in(&state, token).await,
        None => None,
    };
    let existing = cookie(request.headers(), CSRF_COOKIE)
        .filter(|value| value.len() == 43)
        .map(str::to_owned);
    let (csrf_cookie, new_cookie) = match existing {
        Some(value) => (value, false),
        None => match random_token() {
            Ok(value) => (value, true),
            Err(error) => {
                tracing::error!(%error, "no random numbers for a CSRF cookie");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let csrf_token = state.key.sign(CSRF_PURPOSE, &csrf_cookie);
    let request_id = request_id(request.extensions());
    request.extensions_mut().insert(Visit {
        locale,
        viewer,
        csrf_token,
        request_id,
    });
    request.extensions_mut().insert(CsrfCookieIsNew(new_cookie));
    let mut response = next.run(request).await;
    if new_cookie {
        let secure = if state.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let value = format!("{CSRF_COOKIE}={csrf_cookie}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The person whose session `token` is: kept in memory between requests, read from the
/// database when not kept (or after any change).
async fn signed_in(state: &AppState, token: &str) -> Option<Viewer> {
    let hash = crate::secrets::token_hash(token);
    if let Some(viewer) = state.viewers.get(&state.pages, &hash) {
        return Some(viewer);
    }
    let generation = state.pages.generation();
    match sessions::find(&state.db, token).await {
        Ok(Some(viewer)) => {
            state.viewers.put(generation, hash, viewer.clone());
            Some(viewer)
        }
        Ok(None) => None,
        Err(error) => {
            tracing::warn!(%error, "cannot read the session");
            None
        }
    }
}

#[derive(Clone, Copy)]
struct CsrfCookieIsNew(bool);

/// Refuses POST, PUT, PATCH and DELETE without the visitor's CSRF token, in the
/// `X-CSRF-Token` header or the `csrf` field of a URL-encoded form. The JSON API under
/// `/api/` never authenticates by cookie (only `Authorization: Bearer`), so a forged
/// cross-site request carries no credentials there and needs no token.
pub async fn verify_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let Some(visit) = request.extensions().get::<Visit>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let fresh_cookie = request
        .extensions()
        .get::<CsrfCookieIsNew>()
        .is_some_and(|new| new.0);
    let path = request.uri().path().to_owned();
    let refuse = |state: &AppState| {
        error_page(
            state,
            &visit,
            &path,
            StatusCode::FORBIDDEN,
            Some(("error-csrf-title", "error-csrf")),
        )
    };
    if fresh_cookie {
        return refuse(&state);
    }
    if let Some(sent) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        return if same(sent, &visit.csrf_token) {
            next.run(request).await
        } else {
            refuse(&state)
        };
    }
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse(&state);
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let sent = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value);
    match sent {
        Some(sent) if same(&sent, &visit.csrf_token) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse(&state),
    }
}
