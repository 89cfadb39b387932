//! The shell's own pages: the home page that tells a person where to go, a placeholder
//! page for each rung of the ladder that no area serves yet, and the language switch.

use askama::Template;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::locale::LANG_COOKIE;
use super::{AppState, Page, Shell, Visit, WebError};
use crate::area::Rung;
use crate::i18n::Locale;

struct Step {
    href: &'static str,
    title: String,
    when: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate<'a> {
    shell: Shell<'a>,
    steps: Vec<Step>,
}

/// `GET /`: the support ladder, one step per rung, with when to climb to it.
pub async fn home(State(state): State<AppState>, visit: Visit) -> Response {
    let shell = Shell::new(&state, &visit, "/");
    let steps = state
        .ladder
        .iter()
        .filter_map(|(rung, _)| {
            rung.home.map(|step| Step {
                href: rung.path,
                title: shell.t(step.title),
                when: shell.t(step.when),
            })
        })
        .collect();
    Page(HomeTemplate { shell, steps }.render()).cacheable()
}

#[derive(Template)]
#[template(path = "rung.html")]
struct RungTemplate<'a> {
    shell: Shell<'a>,
    title: String,
    text: String,
}

/// One page per rung that no area serves, saying what it will hold and that it is
/// under construction.
pub fn rung_routes(ladder: &[(Rung, bool)]) -> Router<AppState> {
    ladder
        .iter()
        .filter(|(_, served)| !served)
        .fold(Router::new(), |router, (rung, _)| {
            let path = rung.path;
            let (title_id, text_id) = rung.place.placeholder_texts();
            router.route(
                path,
                get(
                    move |State(state): State<AppState>, visit: Visit| async move {
                        let shell = Shell::new(&state, &visit, path);
                        let title = shell.t(title_id);
                        let text = shell.t(text_id);
                        Page(RungTemplate { shell, title, text }.render()).cacheable()
                    },
                ),
            )
        })
}

#[derive(Deserialize)]
pub struct LanguageChoice {
    lang: String,
    next: Option<String>,
}

/// `POST /idioma`: remembers the chosen language in a cookie and goes back to the page
/// the person was reading.
pub async fn switch_language(
    State(state): State<AppState>,
    Form(choice): Form<LanguageChoice>,
) -> Result<Response, WebError> {
    let Some(locale) = Locale::from_tag(&choice.lang) else {
        return Err(WebError::bad_request(
            "error-400-title",
            "error-bad-language",
        ));
    };
    let next = choice
        .next
        .as_deref()
        .filter(|path| is_local_path(path))
        .unwrap_or("/");
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.tag()
    );
    match HeaderValue::from_str(&cookie) {
        Ok(cookie) => Ok((
            StatusCode::SEE_OTHER,
            [
                (LOCATION, super::gate::location(next)),
                (SET_COOKIE, cookie),
            ],
        )
            .into_response()),
        Err(_) => Err(WebError::status(StatusCode::BAD_REQUEST)),
    }
}

/// A path on this site (`/x`), never another site (`//host`, `/\host`, `https://…`).
pub(crate) fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/documentacion?x=1"));
        for outside in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "x",
            "/a\nb",
        ] {
            assert!(!is_local_path(outside), "{outside:?}");
        }
    }
}
