//! The layout around every page: title, navigation along the support ladder, the
//! language switch. Areas build a [`Shell`] and embed it in their templates.

use crate::i18n::{I18n, Locale};

use super::{AppState, Visit};
use crate::accounts::policy::{Action, Actor, allows};

/// One step of the navigation.
#[derive(Debug)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// What the layout needs to draw a page for one request.
pub struct Shell<'a> {
    i18n: &'a I18n,
    pub locale: Locale,
    /// The path of the current page, so the language switch can come back to it.
    pub path: String,
    pub nav: Vec<NavItem>,
    pub css_url: String,
    pub icon_url: String,
    /// The hidden field every form of the page carries.
    pub csrf: String,
    /// The display name of the signed-in person.
    pub viewer_name: Option<String>,
    /// Whether to link the administration pages.
    pub admin_link: bool,
    /// The signed-in person's unread notifications.
    pub unread: i64,
}

impl<'a> Shell<'a> {
    pub fn new(state: &'a AppState, visit: &Visit, path: &str) -> Shell<'a> {
        let locale = visit.locale;
        let nav = state
            .ladder
            .iter()
            .map(|(rung, _)| NavItem {
                href: rung.path,
                label: state.i18n.text(locale, rung.nav),
                current: path == rung.path
                    || path
                        .strip_prefix(rung.path)
                        .is_some_and(|rest| rest.starts_with('/')),
            })
            .collect();
        Shell {
            i18n: &state.i18n,
            locale,
            path: path.to_owned(),
            nav,
            css_url: state.assets.stylesheet.url(),
            icon_url: state.assets.icon.url(),
            csrf: visit.csrf_token.clone(),
            viewer_name: visit
                .viewer
                .as_ref()
                .map(|viewer| viewer.display_name.clone()),
            unread: visit.viewer.as_ref().map_or(0, |viewer| viewer.unread),
            admin_link: visit
                .viewer
                .as_ref()
                .is_some_and(|viewer| allows(Actor::Person(&viewer.roles), Action::ListPeople)),
        }
    }

    /// The text of Fluent message `id` in this page's language.
    pub fn t(&self, id: &str) -> String {
        self.i18n.text(self.locale, id)
    }

    /// The text of Fluent message `id` for `count` things (its plural forms).
    pub fn t_count(&self, id: &str, count: &usize) -> String {
        let count = i64::try_from(*count).unwrap_or(i64::MAX);
        self.i18n.text_count(self.locale, id, "count", count)
    }

    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> &'static str {
        match self.locale {
            Locale::EsMx => Locale::En.tag(),
            Locale::En => Locale::EsMx.tag(),
        }
    }
}

/// A rendered page: HTML that knows how to become a response.
pub struct Page(pub Result<String, askama::Error>);

impl Page {
    /// The page, marked as the same for every visitor who is not signed in (but for
    /// the CSRF token): they are served a kept copy until something changes
    /// ([`super::cache`]).
    pub fn cacheable(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let mut response = self.into_response();
        response.extensions_mut().insert(super::cache::Cacheable);
        response
    }
}

impl axum::response::IntoResponse for Page {
    fn into_response(self) -> axum::response::Response {
        match self.0 {
            Ok(html) => axum::response::Html(html).into_response(),
            Err(error) => {
                tracing::error!(%error, "a template failed to render");
                axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
