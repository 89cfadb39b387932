//! Endpoints for operators and their tools: health and metrics.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;

/// `GET /healthz`: 200 when the database answers, 503 when it does not; and whether
/// this node hears the database's notifications of changes (PostgreSQL) or polls.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let changes = if state.db.changes().listening() {
        "listening"
    } else {
        "polling"
    };
    match state.db.ping().await {
        Ok(()) => {
            Json(json!({ "status": "ok", "database": "ok", "changes": changes })).into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "health check: database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}

/// `GET /metrics`: every metric in the OpenMetrics text format Prometheus scrapes.
pub async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics.render() {
        Ok(text) => (
            [(
                CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
