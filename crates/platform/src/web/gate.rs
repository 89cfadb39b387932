//! The one way a page lets someone in when what it needs depends on the request (a
//! collection's policy, say): a visitor is sent to sign in (and brought back), a
//! signed-in person the area's policy refuses gets the localized 403 page. Where the
//! need is fixed, the [`super::Allowed`] extractor says it in the handler's signature.

use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

use super::{Visit, WebError};
use crate::accounts::sessions::Viewer;

/// A 303 redirect to `to` (after a form, or to another page).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location(to))]).into_response()
}

/// `to` as a `Location` header: an address holds only visible ASCII, so anything else
/// (an article's slug in another script, a space) is percent-encoded as UTF-8.
pub fn location(to: &str) -> HeaderValue {
    let mut encoded = String::with_capacity(to.len());
    for c in to.chars() {
        if c.is_ascii_graphic() {
            encoded.push(c);
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    HeaderValue::from_str(&encoded).unwrap_or(HeaderValue::from_static("/"))
}

/// The signed-in person if `allowed` says yes. `back` is where a visitor comes back
/// after signing in.
pub fn require<'v>(
    visit: &'v Visit,
    back: &str,
    allowed: impl FnOnce(&Viewer) -> bool,
) -> Result<&'v Viewer, WebError> {
    match &visit.viewer {
        None => Err(WebError::sign_in(back)),
        Some(viewer) if allowed(viewer) => Ok(viewer),
        Some(_) => Err(WebError::forbidden()),
    }
}
