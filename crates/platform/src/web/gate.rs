//! The one way a page lets someone in: a visitor is sent to sign in (and brought back),
//! a signed-in person the area's policy refuses gets the localized 403 page.

use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

use super::{AppState, Visit, error_page};
use crate::accounts::sessions::Viewer;

/// A 303 redirect to `to` (after a form, or to another page).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response()
}

/// The signed-in person if `allowed` says yes; else the answer to give instead.
/// `path` is where a visitor comes back after signing in.
pub fn require<'v>(
    state: &AppState,
    visit: &'v Visit,
    path: &str,
    allowed: impl FnOnce(&Viewer) -> bool,
) -> Result<&'v Viewer, Box<Response>> {
    match &visit.viewer {
        None => Err(Box::new(see_other(&format!(
            "/cuenta/entrar?siguiente={path}"
        )))),
        Some(viewer) if allowed(viewer) => Ok(viewer),
        Some(_) => Err(Box::new(error_page(
            state,
            visit,
            path,
            StatusCode::FORBIDDEN,
            None,
        ))),
    }
}
