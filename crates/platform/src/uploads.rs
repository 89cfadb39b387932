//! Images people upload to show in what they write (a forum post; later a bug report
//! or a ticket): raster types only (PNG, JPEG, GIF, WebP), recognized from their first
//! bytes, never from the file's name or the type the browser claims; limited in size;
//! kept in the database (one source of truth for every node) and served at
//! `/subidas/{id}` with `nosniff`, a sandboxing policy and long caching. Owns the
//! `uploads` table; areas decide who may upload and show the upload form.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::events::{self, NewEvent};
use crate::storage::{Db, UserId, now_ms};
use crate::web::AppState;

/// A raster image type, as its bytes say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Webp => "image/webp",
        }
    }

    fn from_content_type(text: &str) -> Option<ImageKind> {
        [
            ImageKind::Png,
            ImageKind::Jpeg,
            ImageKind::Gif,
            ImageKind::Webp,
        ]
        .into_iter()
        .find(|kind| kind.content_type() == text)
    }

    fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
        }
    }
}

/// The image type `bytes` start with, if any.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else {
        None
    }
}

/// Why an upload was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadProblem {
    /// No file was chosen.
    Empty,
    /// Larger than the limit.
    TooLarge,
    /// Not a PNG, JPEG, GIF or WebP image (whatever its name says).
    NotAnImage,
}

impl UploadProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            UploadProblem::Empty => "upload-empty",
            UploadProblem::TooLarge => "upload-too-large",
            UploadProblem::NotAnImage => "upload-not-an-image",
        }
    }
}

/// An image that may be kept: its type known from its bytes, within the size limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    kind: ImageKind,
    bytes: Vec<u8>,
}

impl Image {
    /// `bytes` as an image of at most `max` bytes.
    pub fn parse(bytes: Vec<u8>, max: usize) -> Result<Image, UploadProblem> {
        if bytes.is_empty() {
            return Err(UploadProblem::Empty);
        }
        if bytes.len() > max {
            return Err(UploadProblem::TooLarge);
        }
        let kind = sniff(&bytes).ok_or(UploadProblem::NotAnImage)?;
        Ok(Image { kind, bytes })
    }

    pub fn kind(&self) -> ImageKind {
        self.kind
    }
}

/// The largest image the server takes, in bytes: what a request body may hold, less
/// room for the form around it.
pub fn max_image_bytes(max_body_bytes: usize) -> usize {
    max_body_bytes.saturating_sub(16 * 1024).max(1024)
}

/// Where an upload is served.
pub fn path(id: i64) -> String {
    format!("/subidas/{id}")
}

/// Keeps `image`, uploaded by `owner` for `area`; returns its id.
pub async fn save(db: &Db, owner: UserId, area: &str, image: &Image) -> Result<i64, sqlx::Error> {
    let mut tx = db.write().await?;
    let size = i64::try_from(image.bytes.len()).unwrap_or(i64::MAX);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO uploads (owner_id, area, content_type, size, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner)
    .bind(area)
    .bind(image.kind.content_type())
    .bind(size)
    .bind(&image.bytes)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let event = NewEvent {
        kind: "upload.saved",
        subject: format!("user:{owner}"),
        actor_id: Some(owner),
        payload: &id,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(id)
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/subidas/{id}", get(serve))
}

/// `GET /subidas/{id}`: the image, as the type its bytes said, never anything else.
async fn serve(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row: Result<Option<(String, Vec<u8>)>, sqlx::Error> =
        sqlx::query_as("SELECT content_type, bytes FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await;
    let (content_type, bytes) = match row {
        Ok(Some(row)) => row,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read an upload");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(kind) = ImageKind::from_content_type(&content_type) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, kind.content_type().to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"imagen-{id}.{}\"", kind.extension()),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_say_what_an_image_is() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(ImageKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some(ImageKind::Jpeg));
        assert_eq!(sniff(b"GIF89a......"), Some(ImageKind::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
    }

    #[test]
    fn images_are_refused_empty_too_large_or_not_images() {
        let png = b"\x89PNG\r\n\x1a\n0123456789".to_vec();
        assert_eq!(Image::parse(Vec::new(), 100), Err(UploadProblem::Empty));
        assert_eq!(Image::parse(png.clone(), 10), Err(UploadProblem::TooLarge));
        assert_eq!(
            Image::parse(b"GIF00a not really".to_vec(), 100),
            Err(UploadProblem::NotAnImage)
        );
        assert_eq!(
            Image::parse(png, 100).map(|image| image.kind()),
            Ok(ImageKind::Png)
        );
        assert_eq!(max_image_bytes(1 << 20), (1 << 20) - 16 * 1024);
    }
}
