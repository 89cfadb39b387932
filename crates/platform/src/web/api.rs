//! The JSON API root, `/api/v1`, and its OpenAPI document: the platform's paths and
//! every area's ([`crate::area::Area::api`]).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/version", get(version))
        .route("/openapi.json", get(openapi))
}

async fn index() -> Json<Value> {
    Json(json!({ "openapi": "/api/v1/openapi.json" }))
}

async fn version() -> Json<Value> {
    Json(json!({ "name": "soporte", "version": env!("CARGO_PKG_VERSION") }))
}

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of this API.
async fn openapi(State(state): State<AppState>) -> Json<Value> {
    let server = state
        .config
        .base_url
        .join("api/v1")
        .map(String::from)
        .unwrap_or_default();
    let error_response = json!({
        "description": "Error, with a localized title and message",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    });
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Soporte API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of Soporte, the support platform of MxOS."
        },
        "servers": [{ "url": server }],
        "paths": {
            "/me": {
                "get": {
                    "operationId": "getMe",
                    "summary": "The person the token speaks for",
                    "security": [{ "bearerAuth": [] }],
                    "responses": {
                        "200": {
                            "description": "Profile and roles",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } }
                        },
                        "default": error_response
                    }
                },
                "patch": {
                    "operationId": "updateMe",
                    "summary": "Change one's display name or bio (write scope)",
                    "security": [{ "bearerAuth": [] }],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/MePatch" } } }
                    },
                    "responses": {
                        "200": {
                            "description": "The updated profile",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } }
                        },
                        "default": error_response
                    }
                }
            },
            "/version": {
                "get": {
                    "operationId": "getVersion",
                    "summary": "Name and version of the running server",
                    "responses": {
                        "200": {
                            "description": "The server's name and version",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Version" } } }
                        },
                        "default": error_response
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token (sop_…) created on the account page, scoped read or write"
                }
            },
            "schemas": {
                "Me": {
                    "type": "object",
                    "required": ["id", "display_name", "email", "bio", "languages", "roles"],
                    "properties": {
                        "id": { "type": "integer" },
                        "display_name": { "type": "string" },
                        "email": { "type": "string", "format": "email" },
                        "bio": { "type": "string" },
                        "languages": { "type": "array", "items": { "type": "string" } },
                        "state": { "type": ["string", "null"], "description": "ISO 3166-2:MX code, or EXT" },
                        "roles": { "type": "array", "items": { "type": "string" } }
                    }
                },
                "MePatch": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "display_name": { "type": "string", "minLength": 1, "maxLength": 100 },
                        "bio": { "type": "string", "maxLength": 1000 }
                    }
                },
                "Version": {
                    "type": "object",
                    "required": ["name", "version"],
                    "properties": {
                        "name": { "type": "string" },
                        "version": { "type": "string" }
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "title", "message"],
                            "properties": {
                                "status": { "type": "integer" },
                                "title": { "type": "string" },
                                "message": { "type": "string" }
                            }
                        }
                    }
                }
            }
        }
    });
    let areas = state.site.api();
    if let Some(paths) = document["paths"].as_object_mut() {
        paths.extend(areas.paths);
    }
    if let Some(schemas) = document["components"]["schemas"].as_object_mut() {
        schemas.extend(areas.schemas);
    }
    Json(document)
}
