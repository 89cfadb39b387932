//! The staff's page of products: each product with its series, components and the
//! people of each component, and forms to add a product, a series, a component, and to
//! give or take a duty in a component.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::catalog::{self, CatalogError, Duty, Product};
use crate::pages::{Answer, may};
use crate::policy::Action;

const PATH: &str = "/errores/productos";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, axum::routing::get(list).post(add_product))
        .route("/errores/productos/{slug}/serie", post(add_series))
        .route("/errores/productos/{slug}/componente", post(add_component))
        .route("/errores/productos/{slug}/persona", post(person))
}

#[derive(Template)]
#[template(path = "bugs/products.html")]
struct ProductsTemplate<'a> {
    shell: Shell<'a>,
    products: Vec<Product>,
    duties: Vec<(&'static str, String)>,
    problem: Option<String>,
}

async fn page(state: &AppState, visit: &Visit, problem: Option<(StatusCode, &str)>) -> Answer {
    may(visit, Action::ManageProducts, PATH)?;
    let products = catalog::all(&state.db).await?;
    let page = ProductsTemplate {
        shell: Shell::new(state, visit, PATH),
        products,
        duties: Duty::ALL
            .into_iter()
            .map(|duty| {
                (
                    duty.as_str(),
                    state.i18n.text(visit.locale, duty.message_id()),
                )
            })
            .collect(),
        problem: problem.map(|(_, id)| state.i18n.text(visit.locale, id)),
    };
    let status = problem.map_or(StatusCode::OK, |(status, _)| status);
    Ok((status, Page(page.render())).into_response())
}

async fn list(State(state): State<AppState>, visit: Visit) -> Answer {
    page(&state, &visit, None).await
}

/// What a catalog write came to: back to the page, or the page with its problem.
async fn settled(state: &AppState, visit: &Visit, outcome: Result<(), CatalogError>) -> Answer {
    match outcome {
        Ok(()) => Ok(see_other(PATH)),
        Err(CatalogError::Problem(problem)) => {
            page(
                state,
                visit,
                Some((StatusCode::UNPROCESSABLE_ENTITY, problem.message_id())),
            )
            .await
        }
        Err(CatalogError::Database(error)) => Err(WebError::internal(error)),
    }
}

#[derive(Default, Deserialize)]
struct NamedForm {
    #[serde(default)]
    nombre: String,
    #[serde(default)]
    descripcion: String,
}

async fn add_product(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<NamedForm>,
) -> Answer {
    let viewer = may(&visit, Action::ManageProducts, PATH)?;
    let outcome = catalog::add_product(&state.db, &form.nombre, &form.descripcion, viewer.user_id)
        .await
        .map(|_| ());
    settled(&state, &visit, outcome).await
}

async fn product(state: &AppState, slug: &str) -> Result<Product, WebError> {
    catalog::by_slug(&state.db, slug)
        .await?
        .ok_or_else(WebError::not_found)
}

async fn add_series(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Form(form): Form<NamedForm>,
) -> Answer {
    let viewer = may(&visit, Action::ManageProducts, PATH)?;
    let product = product(&state, &slug).await?;
    let outcome = catalog::add_series(&state.db, product.id, &form.nombre, viewer.user_id)
        .await
        .map(|_| ());
    settled(&state, &visit, outcome).await
}

async fn add_component(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Form(form): Form<NamedForm>,
) -> Answer {
    let viewer = may(&visit, Action::ManageProducts, PATH)?;
    let product = product(&state, &slug).await?;
    let outcome = catalog::add_component(&state.db, product.id, &form.nombre, viewer.user_id)
        .await
        .map(|_| ());
    settled(&state, &visit, outcome).await
}

#[derive(Default, Deserialize)]
struct PersonForm {
    #[serde(default)]
    componente: String,
    #[serde(default)]
    correo: String,
    #[serde(default)]
    funcion: String,
    #[serde(default)]
    accion: String,
}

async fn person(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Form(form): Form<PersonForm>,
) -> Answer {
    let viewer = may(&visit, Action::ManageProducts, PATH)?;
    let product = product(&state, &slug).await?;
    let Some(component) = product.component_slug(form.componente.trim()) else {
        return page(
            &state,
            &visit,
            Some((StatusCode::UNPROCESSABLE_ENTITY, "bugs-problem-component")),
        )
        .await;
    };
    let Some(duty) = Duty::parse(form.funcion.trim()) else {
        return page(
            &state,
            &visit,
            Some((StatusCode::UNPROCESSABLE_ENTITY, "bugs-catalog-duty")),
        )
        .await;
    };
    let outcome = catalog::set_person(
        &state.db,
        (product.id, component.id),
        &form.correo,
        duty,
        (form.accion != "quitar", viewer.user_id),
    )
    .await;
    settled(&state, &visit, outcome).await
}
