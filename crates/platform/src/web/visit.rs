//! Who is asking and how to answer them: language, signed-in person, and the CSRF
//! token every form carries. [`visit`] builds a [`Visit`] for each request;
//! [`verify_csrf`] refuses state-changing requests whose token does not match.
//!
//! The token is the server key's signature of the visitor's random CSRF cookie and of
//! their session, so a token is worth nothing after signing in or out (the cookie is
//! also replaced then). Each answer shows it under a fresh random mask, so a page that
//! is compressed beside text from the request does not let the token be guessed a
//! byte at a time (BREACH). Under https the cookie is `__Host-` prefixed: only this
//! host, over https, can set it. A browser's `Sec-Fetch-Site` and `Origin` headers,
//! when sent, must say the form came from this site.

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
use crate::secrets::random_token;

/// The cookie whose signature is the CSRF token of the visitor's forms (over plain
/// http; see [`csrf_cookie_name`]).
pub const CSRF_COOKIE: &str = "soporte_csrf";
/// Its name when the site is served over https.
pub const CSRF_COOKIE_HTTPS: &str = "__Host-soporte_csrf";
/// The form field (or `X-CSRF-Token` header) that carries the token.
pub const CSRF_FIELD: &str = "csrf";
const CSRF_HEADER: &str = "x-csrf-token";
const CSRF_PURPOSE: &str = "csrf";

/// The context of one request.
#[derive(Clone, Debug)]
pub struct Visit {
    pub locale: Locale,
    pub viewer: Option<Viewer>,
    /// The value forms put in their hidden `csrf` field: this answer's mask of the
    /// visitor's token.
    pub csrf_token: String,
    /// The visitor's token itself, unmasked: what a sent token must unmask to.
    pub(crate) csrf_expected: String,
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
            csrf_expected: String::new(),
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
    let cookie_name = csrf_cookie_name(&state);
    let existing = cookie(request.headers(), cookie_name)
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
    let session = viewer.as_ref().map(|viewer| viewer.session_hash.as_str());
    let csrf_expected = expected_token(&state, &csrf_cookie, session);
    let Some(csrf_token) = mask(&csrf_expected) else {
        tracing::error!("no random numbers to mask a CSRF token");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let request_id = request_id(request.extensions());
    request.extensions_mut().insert(Visit {
        locale,
        viewer,
        csrf_token,
        csrf_expected,
        request_id,
    });
    request.extensions_mut().insert(CsrfCookieIsNew(new_cookie));
    let mut response = next.run(request).await;
    // Signing in or out replaces the CSRF cookie too: no token of before stays good.
    let session_changed = response.headers().get_all(SET_COOKIE).iter().any(|value| {
        value
            .as_bytes()
            .strip_prefix(SESSION_COOKIE.as_bytes())
            .is_some_and(|rest| rest.starts_with(b"="))
    });
    let fresh = if session_changed {
        random_token().ok()
    } else {
        new_cookie.then_some(csrf_cookie)
    };
    if let Some(value) = fresh {
        let secure = if state.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let value = format!("{cookie_name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The CSRF cookie's name: `__Host-` prefixed under https.
pub fn csrf_cookie_name(state: &AppState) -> &'static str {
    if state.secure_cookies() {
        CSRF_COOKIE_HTTPS
    } else {
        CSRF_COOKIE
    }
}

/// The visitor's token: the signature of their CSRF cookie and session.
fn expected_token(state: &AppState, cookie: &str, session: Option<&str>) -> String {
    let bound = format!("{cookie}\n{}", session.unwrap_or_default());
    state.key.sign(CSRF_PURPOSE, &bound)
}

/// `token` under a fresh random mask: the mask, then the token's bytes XOR the mask,
/// URL-safe base64. `None` only when the system has no random numbers.
fn mask(token: &str) -> Option<String> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let mut mask = vec![0u8; bytes.len()];
    getrandom::getrandom(&mut mask).ok()?;
    let masked: Vec<u8> = bytes.iter().zip(&mask).map(|(b, m)| b ^ m).collect();
    mask.extend(masked);
    Some(URL_SAFE_NO_PAD.encode(mask))
}

/// Whether `sent` is `expected` under some mask ([`mask`]).
fn unmasks_to(sent: &str, expected: &str) -> bool {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use subtle::ConstantTimeEq;
    let (Ok(sent), Ok(expected)) = (
        URL_SAFE_NO_PAD.decode(sent),
        URL_SAFE_NO_PAD.decode(expected),
    ) else {
        return false;
    };
    if expected.is_empty() || sent.len() != expected.len() * 2 {
        return false;
    }
    let (mask, masked) = sent.split_at(expected.len());
    let token: Vec<u8> = masked.iter().zip(mask).map(|(b, m)| b ^ m).collect();
    bool::from(token.ct_eq(&expected))
}

/// Whether a browser's own headers say the request came from another site: the
/// `Sec-Fetch-Site` it sends with every request, or an `Origin` that is not this site.
fn from_elsewhere(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = header("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return true;
    }
    match header("origin") {
        None => false,
        Some(origin) => {
            let ours = state.config.base_url.origin().ascii_serialization();
            let host = header("host").unwrap_or_default();
            let same_host = origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host));
            !(origin.eq_ignore_ascii_case(&ours) || same_host)
        }
    }
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

/// The answer when a form's body could not be read; a body too large (a photo over the
/// limit, most often) is said in words.
fn unread(state: &AppState, visit: &Visit, path: &str, error: axum::Error) -> Response {
    match super::input::unread_body(error) {
        StatusCode::PAYLOAD_TOO_LARGE => error_page(
            state,
            visit,
            path,
            StatusCode::PAYLOAD_TOO_LARGE,
            Some(("error-too-large-title", "error-too-large")),
        ),
        status => status.into_response(),
    }
}

/// The text of field `name` in a `multipart/form-data` body, if it comes before any
/// file (the page's own forms put it first).
async fn multipart_field(
    content_type: &str,
    bytes: &axum::body::Bytes,
    name: &str,
) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let whole = bytes.clone();
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(whole) });
    let mut form = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = form.next_field().await {
        if field.file_name().is_some() {
            return None;
        }
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

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
    if fresh_cookie || from_elsewhere(&state, request.headers()) {
        return refuse(&state);
    }
    if let Some(sent) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        return if unmasks_to(sent, &visit.csrf_expected) {
            next.run(request).await
        } else {
            refuse(&state)
        };
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        // A form with a file: its `csrf` field (the first, as every template writes it).
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
            Ok(bytes) => bytes,
            Err(error) => return unread(&state, &visit, &path, error),
        };
        return match multipart_field(&content_type, &bytes, CSRF_FIELD).await {
            Some(sent) if unmasks_to(&sent, &visit.csrf_expected) => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
            _ => refuse(&state),
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return refuse(&state);
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(error) => return unread(&state, &visit, &path, error),
    };
    let sent = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value);
    match sent {
        Some(sent) if unmasks_to(&sent, &visit.csrf_expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse(&state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c";

    #[test]
    fn a_masked_token_differs_every_time_and_unmasks_to_the_token() {
        let (Some(one), Some(two)) = (mask(TOKEN), mask(TOKEN)) else {
            panic!("no random numbers");
        };
        assert_ne!(one, two);
        assert!(!one.contains(TOKEN));
        assert!(unmasks_to(&one, TOKEN) && unmasks_to(&two, TOKEN));
    }

    #[test]
    fn anything_else_does_not_unmask_to_the_token() {
        let Some(masked) = mask(TOKEN) else {
            panic!("no random numbers");
        };
        let mut tampered = masked.clone().into_bytes();
        tampered[60] = if tampered[60] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap_or_default();
        for sent in [TOKEN, "", "forged", &masked[..43], tampered.as_str()] {
            assert!(!unmasks_to(sent, TOKEN), "{sent}");
        }
        assert!(!unmasks_to(&masked, ""));
    }
}
