//! The staff's page of categories: every category with its form, and a form for a new
//! one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use super::{Category, CategoryDraft, CategoryProblem};
use crate::CategoryId;
use crate::pages::Answer;
use crate::policy::{Action, Member, Owner, allows};

const PATH: &str = "/comunidad/categorias";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(list).post(create))
        .route("/comunidad/categorias/{id}", post(update))
}

#[derive(Clone, Debug, Default, Deserialize)]
struct CategoryForm {
    #[serde(default)]
    nombre: String,
    #[serde(default)]
    nombre_en: String,
    #[serde(default)]
    descripcion: String,
    #[serde(default)]
    descripcion_en: String,
    #[serde(default)]
    producto: String,
    #[serde(default)]
    orden: String,
}

impl CategoryForm {
    fn of(category: &Category) -> CategoryForm {
        CategoryForm {
            nombre: category.name.clone(),
            nombre_en: category.name_en.clone(),
            descripcion: category.description.clone(),
            descripcion_en: category.description_en.clone(),
            producto: category.product.clone(),
            orden: category.position.to_string(),
        }
    }

    fn draft(&self) -> Result<CategoryDraft, CategoryProblem> {
        CategoryDraft::parse([
            &self.nombre,
            &self.nombre_en,
            &self.descripcion,
            &self.descripcion_en,
            &self.producto,
            &self.orden,
        ])
    }
}

/// One form of the page: a category's (with its id) or the new one's.
struct Editor {
    id: Option<CategoryId>,
    action: String,
    href: Option<String>,
    form: CategoryForm,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "forum/categories.html")]
struct CategoriesTemplate<'a> {
    shell: Shell<'a>,
    editors: Vec<Editor>,
}

fn staff(visit: &Visit) -> Result<(), WebError> {
    require(visit, PATH, |viewer| {
        allows(
            Member {
                actor: Actor::Person(&viewer.roles),
                level: crate::trust::Level::New,
                silenced: false,
            },
            Action::ManageCategories,
            Owner::Someone,
        )
    })
    .map(|_| ())
}

/// The page, with `failed` (a form sent back and its problem) in place of what is
/// stored.
async fn page(
    state: &AppState,
    visit: &Visit,
    failed: Option<(Option<CategoryId>, CategoryForm, CategoryProblem)>,
) -> Answer {
    let all = super::all(&state.db).await?;
    let shell = Shell::new(state, visit, PATH);
    let mut editors: Vec<Editor> = all
        .iter()
        .map(|category| Editor {
            id: Some(category.id),
            action: format!("{PATH}/{}", category.id),
            href: Some(category.path()),
            form: CategoryForm::of(category),
            problem: None,
        })
        .collect();
    editors.push(Editor {
        id: None,
        action: PATH.to_owned(),
        href: None,
        form: CategoryForm::default(),
        problem: None,
    });
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    if let Some((id, form, problem)) = failed
        && let Some(editor) = editors.iter_mut().find(|editor| editor.id == id)
    {
        editor.form = form;
        editor.problem = Some(shell.t(problem.message_id()));
    }
    let template = CategoriesTemplate { shell, editors };
    Ok((status, Page(template.render())).into_response())
}

async fn list(State(state): State<AppState>, visit: Visit) -> Answer {
    staff(&visit)?;
    page(&state, &visit, None).await
}

async fn create(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<CategoryForm>,
) -> Answer {
    staff(&visit)?;
    save(&state, &visit, None, form).await
}

async fn update(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<CategoryForm>,
) -> Answer {
    staff(&visit)?;
    let id: CategoryId = id.parse().map_err(|_| WebError::not_found())?;
    if super::by_id(&state.db, id).await?.is_none() {
        return Err(WebError::not_found());
    }
    save(&state, &visit, Some(id), form).await
}

async fn save(
    state: &AppState,
    visit: &Visit,
    id: Option<CategoryId>,
    form: CategoryForm,
) -> Answer {
    let draft = match form.draft() {
        Ok(draft) => draft,
        Err(problem) => return page(state, visit, Some((id, form, problem))).await,
    };
    let Some(viewer) = visit.viewer.as_ref() else {
        return Err(WebError::sign_in(PATH));
    };
    match super::save(&state.db, id, &draft, viewer.user_id).await? {
        Ok(_) => Ok(see_other(PATH)),
        Err(problem) => page(state, visit, Some((id, form, problem))).await,
    }
}
