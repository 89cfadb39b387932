//! The accounts part of the JSON API: who a token speaks for (`GET /api/v1/me`) and
//! changing one's own profile (`PATCH /api/v1/me`, write scope).

use crate::storage::UserId;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::api_tokens::{self, Bearer, Scope};
use super::profile::{BIO_MAX, Bio, Languages, ProfileError};
use super::web::{Answer, record, text};
use super::{DisplayName, roles_of};
use crate::web::api::ApiError;
use crate::web::{AppState, Visit, WebError};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/me", get(me).patch(update_me))
}

/// 401 or 403 with the `WWW-Authenticate` challenge of RFC 6750; the body is
/// localized on the way out.
fn refuse(status: StatusCode, challenge: &'static str) -> WebError {
    WebError::status(status).with_header(WWW_AUTHENTICATE, HeaderValue::from_static(challenge))
}

/// The caller behind `Authorization: Bearer`, if its token allows `needed`: 401 with
/// the RFC 6750 challenge without a good token, 403 when its scope is too narrow.
pub async fn bearer(
    state: &AppState,
    headers: &HeaderMap,
    needed: Scope,
) -> Result<Bearer, WebError> {
    let presented = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(crate::web::bearer_token);
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
        Some(bearer) => {
            // A suspended person's tokens are refused until the suspension ends.
            if bearer.suspended {
                return Err(refuse(
                    StatusCode::UNAUTHORIZED,
                    "Bearer realm=\"soporte\", error=\"invalid_token\"",
                ));
            }
            Ok(bearer)
        }
    }
}

/// Profile and roles of the person a token speaks for.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Me {
    id: i64,
    display_name: String,
    email: String,
    bio: String,
    languages: Vec<String>,
    /// ISO 3166-2:MX code, or EXT.
    state: Option<String>,
    roles: Vec<&'static str>,
}

async fn load(state: &AppState, user_id: UserId) -> Result<Me, sqlx::Error> {
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
        id: user_id.get(),
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

/// The person the token speaks for.
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "getMe",
    security(("bearerAuth" = [])),
    responses(
        (status = 200, description = "Profile and roles", body = Me),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn me(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    let caller = bearer(&state, &headers, Scope::Read).await?;
    Ok(Json(load(&state, caller.user_id).await?).into_response())
}

/// The parts of one's profile to change; the rest stays.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MePatch {
    /// Shown beside what one writes: some character that shows (not a space, nor a
    /// zero-width or other formatting character); no control characters, nor the ones
    /// that turn text around (U+202A–U+202E, U+2066–U+2069).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1F\x7F-\x9F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB][^\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
    )]
    display_name: Option<String>,
    /// Control characters other than line breaks, and Unicode noncharacters, are left
    /// out.
    #[schema(max_length = 1000)]
    bio: Option<String>,
}

/// The longest display name, in characters.
const DISPLAY_NAME_MAX: usize = 100;

fn invalid(state: &AppState, visit: &Visit, field: &str, message_id: &str) -> Response {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        text(state, visit, "error-400-title", &[]),
        text(state, visit, message_id, &[]),
        visit.request_id.clone(),
    )
    .about(field)
    .into_response()
}

/// Change one's display name or bio (write scope).
#[utoipa::path(
    patch,
    path = "/me",
    operation_id = "updateMe",
    security(("bearerAuth" = [])),
    request_body(content = MePatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated profile", body = Me),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn update_me(
    State(state): State<AppState>,
    visit: Visit,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Answer {
    let caller = bearer(&state, &headers, Scope::Write).await?;
    // An object with only the documented fields; serde would also take an array.
    let unprocessable = || WebError::status(StatusCode::UNPROCESSABLE_ENTITY);
    if !body.is_object() {
        return Err(unprocessable());
    }
    let patch: MePatch = serde_json::from_value(body).map_err(|_| unprocessable())?;
    // As the description says: lengths as sent, before the spaces around are trimmed.
    let within = |text: &str, max: usize| text.chars().count() <= max;
    let name = match patch.display_name.as_deref() {
        Some(text) => match text.parse::<DisplayName>() {
            // No control characters anywhere, not even around it where they would be
            // trimmed away: the description says so.
            Ok(name) if within(text, DISPLAY_NAME_MAX) && !text.contains(char::is_control) => {
                Some(name)
            }
            _ => return Ok(invalid(&state, &visit, "display_name", "name-invalid")),
        },
        None => None,
    };
    let bio = match patch.bio.as_deref() {
        Some(text) if !within(text, BIO_MAX) => {
            return Ok(invalid(
                &state,
                &visit,
                "bio",
                ProfileError::BioTooLong.message_id(),
            ));
        }
        Some(text) => match text.parse::<Bio>() {
            Ok(bio) => Some(bio),
            Err(error) => return Ok(invalid(&state, &visit, "bio", error.message_id())),
        },
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
