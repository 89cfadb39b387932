//! `sitemap.xml`: the home page and every area's public pages, so search engines find
//! the documentation (and later the solved questions and bugs).

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::text::{rfc3339, xml};

/// `GET /sitemap.xml`.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let mut map = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: &str, modified: Option<i64>| {
        let url = state.absolute_url(path);
        map.push_str(&format!("<url><loc>{}</loc>", xml(&url)));
        if let Some(ms) = modified {
            map.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(ms)));
        }
        map.push_str("</url>\n");
    };
    add("/", None);
    for area in state.site.areas() {
        match area.sitemap(&state.db).await {
            Ok(entries) => {
                for entry in entries {
                    add(&entry.path, entry.modified);
                }
            }
            Err(error) => {
                tracing::error!(%error, area = area.name(), "cannot build the sitemap");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    map.push_str("</urlset>\n");
    ([(CONTENT_TYPE, "application/xml; charset=utf-8")], map).into_response()
}
