//! The web shell: the router every area adds its pages to, the layout whose navigation
//! is the support ladder, localized error pages, security headers, static assets,
//! compression, `/healthz`, `/metrics` and the `/api/v1` root with its OpenAPI document.

pub mod api;
pub mod assets;
pub mod cache;
pub mod client;
mod errors;
mod fail;
pub(crate) mod gate;
mod input;
pub mod locale;
mod ops;
pub(crate) mod pages;
pub mod paging;
mod shell;
mod sitemap;
pub mod trace;
pub mod visit;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

use crate::area::{Rung, Site};
use crate::config::Config;
use crate::i18n::I18n;
use crate::jobs::Queue;
use crate::metrics::Metrics;
use crate::sealing::SealingKeys;
use crate::secrets::ServerKey;
use crate::storage::Db;

pub use errors::error_page;
pub use fail::{Allowed, Message, Permission, SignedIn, WebError, sign_in_path};
pub use gate::{require, see_other};
pub use locale::Lang;
pub use shell::{Page, Shell};
pub use visit::Visit;

/// What every handler may reach. Cloned for every request and middleware, so it is one
/// shared pointer; the fields are reached through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
pub struct Shared {
    pub config: Arc<Config>,
    pub db: Db,
    pub queue: Queue,
    pub i18n: Arc<I18n>,
    pub metrics: Arc<Metrics>,
    pub assets: assets::Assets,
    /// Signs CSRF tokens; shared by every node through the database.
    pub key: ServerKey,
    /// Seals secrets the database keeps (TOTP secrets); from a file outside it.
    pub sealing: Arc<SealingKeys>,
    /// The areas of this server.
    pub site: Site,
    /// Pages for anonymous readers, kept in memory.
    pub pages: Arc<cache::PageCache>,
    /// Signed-in people by session, kept a few seconds until the next change.
    pub viewers: cache::Memo<String, crate::accounts::sessions::Viewer>,
    /// The ladder as the navigation shows it: each place's rung, and whether an area
    /// serves it (else the platform's placeholder page does).
    pub ladder: Vec<(Rung, bool)>,
    /// The one search, for areas that propose answers (none when no area keeps an
    /// index).
    pub finder: Option<Arc<dyn crate::searchable::Finder>>,
    /// Wakes the areas' background tasks after a write.
    pub bells: crate::bells::Bells,
    security_headers: Vec<(HeaderName, HeaderValue)>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(
        config: Arc<Config>,
        db: Db,
        queue: Queue,
        i18n: Arc<I18n>,
        metrics: Arc<Metrics>,
        (key, sealing): (ServerKey, Arc<SealingKeys>),
        (site, finder): (Site, Option<Arc<dyn crate::searchable::Finder>>),
    ) -> AppState {
        let security_headers = security_headers(config.base_url.scheme() == "https");
        let ladder = site.ladder();
        AppState(Arc::new(Shared {
            config,
            db,
            queue,
            i18n,
            metrics,
            assets: assets::Assets::default(),
            key,
            sealing,
            site,
            ladder,
            finder,
            bells: crate::bells::Bells::default(),
            pages: Arc::default(),
            viewers: cache::Memo::new(VIEWER_TTL, 10_000),
            security_headers,
        }))
    }

    /// The full address of `path` on this site, for feeds, the sitemap and mail.
    pub fn absolute_url(&self, path: &str) -> String {
        self.config
            .base_url
            .join(path.trim_start_matches('/'))
            .map(String::from)
            .unwrap_or_else(|_| path.to_owned())
    }

    /// Whether cookies must carry `Secure` (the site is served over https).
    pub fn secure_cookies(&self) -> bool {
        self.config.base_url.scheme() == "https"
    }
}

/// The token of an `Authorization: Bearer TOKEN` header value. The scheme's name is
/// case-insensitive (RFC 7235, which RFC 6750 follows): `bearer` works too.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// `response` as a "too many requests" answer: status 429, and `Retry-After` in whole
/// seconds (rounded up, so a client that waits that long is let in).
pub fn too_many_requests(mut response: Response, retry_after: std::time::Duration) -> Response {
    *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    let seconds = retry_after.as_millis().div_ceil(1000).max(1);
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The shell's routes merged with `areas` (each area's own router), with every
/// cross-cutting layer applied.
pub fn router(state: AppState, areas: Router<AppState>) -> Router {
    let max_body = state.config.max_body_bytes;
    Router::new()
        .route("/", get(pages::home))
        .route("/idioma", post(pages::switch_language))
        .route("/static/{file}", get(assets::serve))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .merge(pages::rung_routes(&state.ladder))
        .nest("/api/v1", api::routes())
        .merge(crate::accounts::routes())
        .merge(crate::uploads::routes())
        .merge(areas)
        .fallback(errors::not_found)
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            visit::verify_csrf,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), input::clean))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            errors::localize_errors,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), cache::serve))
        .layer(middleware::from_fn_with_state(state.clone(), visit::visit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_metrics,
        ))
        .layer(middleware::from_fn(trace::trace))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            add_security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// How long a signed-in person's session is kept in memory at most (a change to any
/// account, such as a sign-out on another node, drops it at once).
const VIEWER_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// Scripts and styles only from this origin, no inline script, no framing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

fn security_headers(https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

async fn add_security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // A signed-in person's pages, and the account and admin pages (reset links, new
    // tokens, people's addresses), are kept by no cache, shared or the browser's.
    let path = request.uri().path();
    let personal = path.starts_with("/cuenta")
        || path.starts_with("/admin")
        || locale::cookie(request.headers(), crate::accounts::sessions::SESSION_COOKIE).is_some();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in state.security_headers.iter() {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), value.clone());
        }
    }
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn record_metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    // Methods from outside are any token: only the ones served get a series of their own.
    let method = match method.as_str() {
        known @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => known,
        _ => "other",
    };
    state.metrics.record_request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("BEARER  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearerabc"), None);
    }
}
