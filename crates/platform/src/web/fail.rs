//! The one error contract of handlers: [`WebError`] carries a status, the Fluent ids of
//! what the person is told, and the cause for the log. `?` works on database errors;
//! the signed-in person ([`SignedIn`]) and the permission a page needs ([`Allowed`])
//! are extractors that answer with a `WebError` (sign in first, or 403). The error
//! page itself is drawn by [`super::errors::localize_errors`], in the reader's
//! language, with the request's id.

use std::fmt;
use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::Visit;
use crate::accounts::sessions::Viewer;
use crate::storage::StorageError;

/// Why a handler could not give its page.
#[derive(Debug)]
pub struct WebError {
    status: StatusCode,
    message: Option<Message>,
    cause: Option<String>,
    sign_in: Option<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// The Fluent ids of the title and the text an error page shows instead of its
/// status's own; carried to the page in the response's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    pub title: &'static str,
    pub text: &'static str,
}

impl WebError {
    /// An answer with `status` and the generic explanation of it.
    pub fn status(status: StatusCode) -> WebError {
        WebError {
            status,
            message: None,
            cause: None,
            sign_in: None,
            headers: Vec::new(),
        }
    }

    pub fn not_found() -> WebError {
        WebError::status(StatusCode::NOT_FOUND)
    }

    pub fn forbidden() -> WebError {
        WebError::status(StatusCode::FORBIDDEN)
    }

    /// A 400 that says what was wrong.
    pub fn bad_request(title: &'static str, text: &'static str) -> WebError {
        WebError::status(StatusCode::BAD_REQUEST).saying(title, text)
    }

    /// Something failed that the person cannot mend: 500, with `cause` in the log.
    pub fn internal(cause: impl fmt::Display) -> WebError {
        WebError {
            cause: Some(cause.to_string()),
            ..WebError::status(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }

    /// A visitor must sign in first, then come back to `back` (a path on this site).
    pub fn sign_in(back: &str) -> WebError {
        WebError {
            sign_in: Some(back.to_owned()),
            ..WebError::status(StatusCode::SEE_OTHER)
        }
    }

    /// The page says text `text` under title `title` (Fluent ids).
    pub fn saying(mut self, title: &'static str, text: &'static str) -> WebError {
        self.message = Some(Message { title, text });
        self
    }

    /// Keeps `cause` for the log.
    pub fn because(mut self, cause: impl fmt::Display) -> WebError {
        self.cause = Some(cause.to_string());
        self
    }

    /// Adds a header to the answer (such as `WWW-Authenticate` on a 401).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> WebError {
        self.headers.push((name, value));
        self
    }

    pub fn status_code(&self) -> StatusCode {
        self.status
    }
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

impl From<StatusCode> for WebError {
    fn from(status: StatusCode) -> WebError {
        WebError::status(status)
    }
}

impl From<sqlx::Error> for WebError {
    fn from(error: sqlx::Error) -> WebError {
        WebError::internal(error)
    }
}

impl From<StorageError> for WebError {
    fn from(error: StorageError) -> WebError {
        WebError::internal(error)
    }
}

impl From<crate::sealing::SealingError> for WebError {
    fn from(error: crate::sealing::SealingError) -> WebError {
        WebError::internal(error)
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::internal(format_args!("a template failed to render: {error}"))
    }
}

/// The sign-in page, coming back to `back` afterwards.
pub fn sign_in_path(back: &str) -> String {
    let mut encoded = String::with_capacity(back.len());
    for byte in back.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(char::from(byte));
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    format!("/cuenta/entrar?siguiente={encoded}")
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Some(back) = self.sign_in {
            return (StatusCode::SEE_OTHER, [(LOCATION, sign_in_path(&back))]).into_response();
        }
        if let Some(cause) = &self.cause {
            if self.status.is_server_error() {
                tracing::error!(status = self.status.as_u16(), %cause, "request failed");
            } else {
                tracing::info!(status = self.status.as_u16(), %cause, "request refused");
            }
        }
        let mut response = self.status.into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        if let Some(message) = self.message {
            response.extensions_mut().insert(message);
        }
        response
    }
}

/// The signed-in person; a visitor is sent to sign in and brought back.
pub struct SignedIn(pub Viewer);

fn back_to(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned())
}

fn viewer_of(parts: &Parts) -> Option<Viewer> {
    parts
        .extensions
        .get::<Visit>()
        .and_then(|visit| visit.viewer.clone())
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<SignedIn, WebError> {
        viewer_of(parts)
            .map(SignedIn)
            .ok_or_else(|| WebError::sign_in(&back_to(parts)))
    }
}

/// What a page needs of the person: an area's policy, asked about one viewer.
pub trait Permission {
    fn allows(viewer: &Viewer) -> bool;
}

/// The signed-in person, when `P` allows them; a visitor is sent to sign in, anyone
/// else gets the 403 page.
pub struct Allowed<P> {
    pub viewer: Viewer,
    permission: PhantomData<fn() -> P>,
}

impl<P: Permission, S: Send + Sync> FromRequestParts<S> for Allowed<P> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Allowed<P>, WebError> {
        match viewer_of(parts) {
            None => Err(WebError::sign_in(&back_to(parts))),
            Some(viewer) if P::allows(&viewer) => Ok(Allowed {
                viewer,
                permission: PhantomData,
            }),
            Some(_) => Err(WebError::forbidden()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_encoded_but_readable() {
        assert_eq!(
            sign_in_path("/admin/personas"),
            "/cuenta/entrar?siguiente=/admin/personas"
        );
        assert_eq!(
            sign_in_path("/buscar?q=a b&x=1"),
            "/cuenta/entrar?siguiente=/buscar%3Fq%3Da%20b%26x%3D1"
        );
    }

    #[test]
    fn messages_travel_with_the_response() {
        let response =
            WebError::bad_request("error-400-title", "error-bad-language").into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            response.extensions().get::<Message>(),
            Some(&Message {
                title: "error-400-title",
                text: "error-bad-language"
            })
        );
        let redirect = WebError::sign_in("/cuenta").into_response();
        assert_eq!(redirect.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            redirect.headers()[LOCATION],
            "/cuenta/entrar?siguiente=/cuenta"
        );
    }
}
