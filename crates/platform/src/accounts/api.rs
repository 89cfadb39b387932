//! The accounts part of the JSON API: who a token speaks for (`GET /api/v1/me`) and
//! changing one's own profile (`PATCH /api/v1/me`, write scope).

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::api_tokens::{self, Bearer, Scope};
use super::profile::{Bio, Languages};
use super::web::{Answer, record, text};
use super::{DisplayName, roles_of};
use crate::web::{AppState, Visit, WebError};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/me", get(me).patch(update_me))
}

/// 401 or 403 with the `WWW-Authenticate` challenge of RFC 6750; the body is
/// localized on the way out.
fn refuse(status: StatusCode, challenge: &'static str) -> WebError {
    WebError::status(status).with_header(WWW_AUTHENTICATE, HeaderValue::from_static(challenge))
}

/// The caller behind `Authorization: Bearer`, if its token allows `needed`.
async fn bearer(state: &AppState, headers: &HeaderMap, needed: Scope) -> Result<Bearer, WebError> {
    let presented = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(secret) = presented else {
        return Err(refuse(StatusCode::UNAUTHORIZED, "Bearer realm=\"soporte\""));
    };
    match api_tokens::authenticate(&state.db, secret).await? {
        None => Err(refuse(
            StatusCode::UNAUTHORIZED,
            "Bearer realm=\"soporte\", error=\"invalid_token\"",
        )),
        Some(bearer) if !bearer.scope.covers(needed) => Err(refuse(
            StatusCode::FORBIDDEN,
            "Bearer realm=\"soporte\", error=\"insufficient_scope\"",
        )),
        Some(bearer) => Ok(bearer),
    }
}

#[derive(Serialize)]
struct Me {
    id: i64,
    display_name: String,
    email: String,
    bio: String,
    languages: Vec<String>,
    state: Option<String>,
    roles: Vec<&'static str>,
}

async fn load(state: &AppState, user_id: i64) -> Result<Me, sqlx::Error> {
    let (display_name, email, bio, languages, state_code): (
        String,
        String,
        String,
        String,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT display_name, email, bio, languages, state_code FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(state.db.pool())
    .await?;
    let roles = roles_of(&state.db, user_id)
        .await?
        .into_iter()
        .map(|role| role.as_str())
        .collect();
    let languages = Languages::from_stored(&languages).stored();
    Ok(Me {
        id: user_id,
        display_name,
        email,
        bio,
        languages: languages
            .split(',')
            .filter(|code| !code.is_empty())
            .map(str::to_owned)
            .collect(),
        state: state_code,
        roles,
    })
}

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    let caller = bearer(&state, &headers, Scope::Read).await?;
    Ok(Json(load(&state, caller.user_id).await?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MePatch {
    display_name: Option<String>,
    bio: Option<String>,
}

fn invalid(state: &AppState, visit: &Visit, field: &str, message_id: &str) -> Response {
    let body = json!({
        "error": {
            "status": 422,
            "title": text(state, visit, "error-400-title", &[]),
            "message": text(state, visit, message_id, &[]),
            "field": field,
        }
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

async fn update_me(
    State(state): State<AppState>,
    visit: Visit,
    headers: HeaderMap,
    Json(patch): Json<MePatch>,
) -> Answer {
    let caller = bearer(&state, &headers, Scope::Write).await?;
    let name = match patch.display_name.as_deref().map(str::parse::<DisplayName>) {
        Some(Err(_)) => return Ok(invalid(&state, &visit, "display_name", "name-invalid")),
        Some(Ok(name)) => Some(name),
        None => None,
    };
    let bio = match patch.bio.as_deref().map(str::parse::<Bio>) {
        Some(Err(error)) => return Ok(invalid(&state, &visit, "bio", error.message_id())),
        Some(Ok(bio)) => Some(bio),
        None => None,
    };
    let mut tx = state.db.write().await?;
    sqlx::query(
        "UPDATE users SET display_name = COALESCE($1, display_name), bio = COALESCE($2, bio) WHERE id = $3",
    )
    .bind(name.as_ref().map(DisplayName::as_str))
    .bind(bio.as_ref().map(Bio::as_str))
    .bind(caller.user_id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, "user.profile_updated", caller.user_id).await?;
    tx.commit().await?;
    Ok(Json(load(&state, caller.user_id).await?).into_response())
}
