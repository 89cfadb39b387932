//! The JSON API root, `/api/v1`, and its OpenAPI 3.1 document, generated from the
//! handlers' and payloads' types (utoipa) so that it cannot drift from them: the
//! platform's paths and every area's ([`crate::area::Area::api`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, InfoBuilder, OpenApi, Server};
use utoipa::{OpenApi as _, ToSchema};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/version", get(version))
        .route("/openapi.json", get(openapi))
}

/// The platform's part of the API.
#[derive(utoipa::OpenApi)]
#[openapi(paths(version, crate::accounts::api::me, crate::accounts::api::update_me))]
struct PlatformApi;

/// An error answer of the API: its status, a title and a message in the caller's
/// language, and the request's id to quote when reporting it.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    error: ApiErrorDetail,
}

#[derive(Serialize, ToSchema)]
struct ApiErrorDetail {
    status: u16,
    title: String,
    message: String,
    request_id: String,
    /// The field of the request that was refused, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, title: String, message: String, request_id: String) -> ApiError {
        ApiError {
            error: ApiErrorDetail {
                status: status.as_u16(),
                title,
                message,
                request_id,
                field: None,
            },
        }
    }

    /// The error is about `field` of the request.
    pub fn about(mut self, field: &str) -> ApiError {
        self.error.field = Some(field.to_owned());
        self
    }

    /// The answer, with its status.
    pub fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self)).into_response()
    }
}

/// The server's name and version.
#[derive(Serialize, ToSchema)]
struct Version {
    name: &'static str,
    version: &'static str,
}

async fn index() -> Json<Value> {
    Json(json!({ "openapi": "/api/v1/openapi.json" }))
}

/// Name and version of the running server.
#[utoipa::path(
    get,
    path = "/version",
    operation_id = "getVersion",
    responses(
        (status = 200, description = "The server's name and version", body = Version),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
async fn version() -> Json<Version> {
    Json(Version {
        name: "soporte",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The whole API's description: the platform's paths and every area's, under this
/// site's address.
pub fn document(state: &AppState) -> OpenApi {
    let mut document = PlatformApi::openapi();
    for part in state.site.api() {
        document.merge(part);
    }
    document.info = InfoBuilder::new()
        .title("Soporte API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The JSON API of Soporte, the support platform of MxOS.",
        ))
        .build();
    let server = state
        .config
        .base_url
        .join("api/v1")
        .map(String::from)
        .unwrap_or_default();
    document.servers = Some(vec![Server::new(server)]);
    document
        .components
        .get_or_insert_with(Components::new)
        .add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal API token (sop_…) created on the account page, scoped read or write",
                    ))
                    .build(),
            ),
        );
    document
}

/// `GET /api/v1/openapi.json`.
async fn openapi(State(state): State<AppState>) -> Json<OpenApi> {
    Json(document(&state))
}
