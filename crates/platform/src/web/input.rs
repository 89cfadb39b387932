//! Text from outside, cleaned once for every area: query strings and form bodies lose
//! the characters of [`text::is_unwanted`] (NUL, other controls, Unicode
//! noncharacters) before any handler reads them, so what a person typed is stored the
//! same on SQLite and PostgreSQL, never answers a 500, and never breaks a feed. A path
//! that names such a character names nothing here: it is not found.
//!
//! JSON bodies (the API) are left as sent: each field's type refuses or cleans them as
//! the API's description says, so a program is told what was wrong with its request.

use std::borrow::Cow;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{AppState, WebError};
use crate::text;

/// The middleware.
pub async fn clean(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if names_unwanted(request.uri().path()) {
        return WebError::not_found().into_response();
    }
    let (mut parts, body) = request.into_parts();
    if let Some(query) = parts.uri.query()
        && let Some(cleaned) = clean_form(query.as_bytes())
        && let Some(uri) = with_query(&parts.uri, &cleaned)
    {
        parts.uri = uri;
    }
    let kind = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    let body = match kind.as_deref() {
        Some("application/x-www-form-urlencoded") => {
            let bytes = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
                Ok(bytes) => bytes,
                Err(error) => return unread_body(error).into_response(),
            };
            let cleaned = clean_form(&bytes).map(String::into_bytes);
            match cleaned {
                Some(cleaned) => {
                    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
                    Body::from(cleaned)
                }
                None => Body::from(bytes),
            }
        }
        _ => body,
    };
    next.run(Request::from_parts(parts, body)).await
}

/// The answer when a body could not be read: too large (413), stopped arriving (408),
/// or cut off by the client (400).
pub(crate) fn unread_body(error: axum::Error) -> StatusCode {
    let error = error.into_inner();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error.as_ref());
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>() {
            return StatusCode::PAYLOAD_TOO_LARGE;
        }
        if current.is::<tower_http::timeout::TimeoutError>() {
            return StatusCode::REQUEST_TIMEOUT;
        }
        cause = current.source();
    }
    StatusCode::BAD_REQUEST
}

/// Whether a percent-encoded path decodes to an unwanted character.
fn names_unwanted(path: &str) -> bool {
    if !path.contains('%') {
        return false;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |i: usize| bytes.get(i).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[at], hex(at + 1), hex(at + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push(u8::try_from(high * 16 + low).unwrap_or_default());
                at += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded)
        .chars()
        .any(text::is_unwanted)
}

/// `form` (`a=1&b=2`, percent-encoded, or raw bytes as a client may send them)
/// rewritten with its names and values cleaned and valid UTF-8; `None` when it needs
/// nothing (nearly always).
fn clean_form(form: &[u8]) -> Option<String> {
    // Plain visible ASCII without escapes holds no unwanted character: the common case.
    if form
        .iter()
        .all(|byte| byte.is_ascii_graphic() && *byte != b'%')
    {
        return None;
    }
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = url::form_urlencoded::parse(form).collect();
    let unwanted = pairs
        .iter()
        .any(|(name, value)| name.chars().chain(value.chars()).any(text::is_unwanted));
    // Raw bytes that are not UTF-8 would reach the handler as replacement characters
    // anyway; the rewrite says so once, for every extractor alike.
    if !unwanted && std::str::from_utf8(form).is_ok() && !form.iter().any(|b| b.is_ascii_control())
    {
        return None;
    }
    let mut cleaned = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        cleaned.append_pair(&text::clean(name), &text::clean(value));
    }
    Some(cleaned.finish())
}

fn with_query(uri: &Uri, query: &str) -> Option<Uri> {
    let mut parts = uri.clone().into_parts();
    let path_and_query = if query.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{query}", uri.path())
    };
    parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(parts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_lose_only_what_no_text_holds() {
        assert_eq!(clean_form(b"q=hola+mundo&p=2"), None);
        assert_eq!(clean_form(b"q=%C3%B1u"), None);
        assert_eq!(
            clean_form(b"title=a%00b&body=l%C3%ADnea%0Auno%EF%BF%BF").as_deref(),
            Some("title=ab&body=l%C3%ADnea%0Auno")
        );
    }

    #[test]
    fn raw_bytes_are_cleaned_too() {
        // A client may send a NUL, a noncharacter or bytes that are not UTF-8 as they
        // are, without escapes.
        assert_eq!(
            clean_form(b"title=a\0b&csrf=x").as_deref(),
            Some("title=ab&csrf=x")
        );
        assert_eq!(
            clean_form("title=a\u{FFFF}b".as_bytes()).as_deref(),
            Some("title=ab")
        );
        assert_eq!(
            clean_form(b"title=%00a\xffb").as_deref(),
            Some("title=a%EF%BF%BDb")
        );
        assert_eq!(clean_form("q=ñu".as_bytes()), None);
    }

    #[test]
    fn paths_naming_a_control_character_are_spotted() {
        assert!(names_unwanted("/documentacion/guia/a%00b"));
        assert!(names_unwanted("/x/%EF%BF%BE"));
        assert!(!names_unwanted("/documentacion/gu%C3%ADa"));
        assert!(!names_unwanted("/documentacion/guia"));
    }
}
