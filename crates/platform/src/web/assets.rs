//! Static files compiled into the binary, served under content-hashed names so that
//! browsers may cache them for a year.

use std::hash::{DefaultHasher, Hasher};

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The name under `/static/`, with the content hash: `app.3f2a….css`.
    pub hashed_name: String,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    etag: String,
}

impl Asset {
    fn new(name: &str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
        let mut hasher = DefaultHasher::new();
        hasher.write(bytes);
        let hash = format!("{:016x}", hasher.finish());
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        Asset {
            hashed_name: format!("{stem}.{}.{extension}", &hash[..12]),
            content_type,
            bytes,
            etag: format!("\"{hash}\""),
        }
    }

    pub fn url(&self) -> String {
        format!("/static/{}", self.hashed_name)
    }
}

/// Every embedded file.
#[derive(Debug)]
pub struct Assets {
    pub stylesheet: Asset,
    pub icon: Asset,
}

impl Default for Assets {
    fn default() -> Self {
        Assets {
            stylesheet: Asset::new(
                "app.css",
                "text/css; charset=utf-8",
                include_bytes!("../../static/app.css"),
            ),
            icon: Asset::new(
                "icon.svg",
                "image/svg+xml",
                include_bytes!("../../static/icon.svg"),
            ),
        }
    }
}

impl Assets {
    fn find(&self, hashed_name: &str) -> Option<&Asset> {
        [&self.stylesheet, &self.icon]
            .into_iter()
            .find(|asset| asset.hashed_name == hashed_name)
    }
}

/// `GET /static/{file}`.
pub async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = state.assets.find(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_str(&asset.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    if headers.get(IF_NONE_MATCH) == Some(&etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(ETAG, etag), (CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (ETAG, etag),
            (CACHE_CONTROL, cache),
        ],
        asset.bytes,
    )
        .into_response()
}
