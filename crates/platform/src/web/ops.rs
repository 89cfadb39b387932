//! Endpoints for operators and their tools: health and metrics.

use axum::Json;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{AppState, WebError};

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

/// `GET /metrics`: every metric in the OpenMetrics text format Prometheus scrapes, for
/// whoever sends the operators' token; not found for anyone else, or when no token
/// is set.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.config.metrics_token else {
        return WebError::not_found().into_response();
    };
    let sent = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(super::bearer_token);
    if !sent.is_some_and(|sent| token.matches(sent)) {
        return WebError::not_found().into_response();
    }
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
