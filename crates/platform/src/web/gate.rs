//! The one way a page lets someone in when what it needs depends on the request (a
//! collection's policy, say): a visitor is sent to sign in (and brought back), a
//! signed-in person the area's policy refuses gets the localized 403 page. Where the
//! need is fixed, the [`super::Allowed`] extractor says it in the handler's signature.

use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

use super::{Visit, WebError};
use crate::accounts::sessions::Viewer;

/// A 303 redirect to `to` (after a form, or to another page).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response()
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
