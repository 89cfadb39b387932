//! Images of imported documentation: kept in the database (one source of truth for
//! every node) and served at `/documentacion/imagenes/ID` with long caching. SVG is
//! served sandboxed, so a script inside one never runs as the site.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, now_ms};
use soporte_platform::web::AppState;

use crate::collections::Collection;

/// Where an image is served.
pub fn url(id: i64) -> String {
    format!("/documentacion/imagenes/{id}")
}

#[derive(Serialize)]
struct ImageEvent<'a> {
    collection: &'a str,
    path: &'a str,
}

/// Saves the image at `path` of `collection`'s sources (replacing an earlier one at
/// the same path); returns its id.
pub async fn save(
    db: &Db,
    collection: Collection,
    path: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<i64, sqlx::Error> {
    let mut tx = db.write().await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM doc_images WHERE collection = $1 AND path = $2")
            .bind(collection.slug())
            .bind(path)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE doc_images SET content_type = $1, bytes = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(content_type)
            .bind(bytes)
            .bind(now_ms())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO doc_images (collection, path, content_type, bytes, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(collection.slug())
            .bind(path)
            .bind(content_type)
            .bind(bytes)
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let payload = ImageEvent {
        collection: collection.slug(),
        path,
    };
    let event = NewEvent {
        kind: "docs.image_saved",
        subject: format!("doc_image:{id}"),
        actor_id: None,
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(id)
}

/// `GET /documentacion/imagenes/{id}`.
pub(crate) async fn serve(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, StatusCode> {
    let id: i64 = id.parse().map_err(|_| StatusCode::NOT_FOUND)?;
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT content_type, bytes FROM doc_images WHERE id = $1")
            .bind(id)
            .fetch_optional(state.db.pool())
            .await
            .map_err(|error| {
                tracing::error!(%error, "cannot read an image");
                StatusCode::INTERNAL_SERVER_ERROR
            })?;
    let (content_type, bytes) = row.ok_or(StatusCode::NOT_FOUND)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
