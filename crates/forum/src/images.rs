//! Images in posts: a member who may post links and images (trust level Basic on)
//! uploads one on its own page, with a description for people who cannot see it, and
//! gets the Markdown to paste into a question or reply (`![description](/subidas/12)`).
//! The composer links to it (in another tab, so nothing written is lost). What an image
//! is, its size limit and how it is served are the platform's (`uploads`).

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use soporte_platform::text;
use soporte_platform::uploads::{self, Image, UploadProblem};
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::{AppState, Page, Shell, Visit, require};

use crate::limits::{self, Doing};
use crate::pages::{Answer, silence_text, standing};
use crate::policy::{Action, Owner, allows};

const PATH: &str = "/comunidad/imagenes";
/// The longest description, in characters.
const DESCRIPTION_MAX: usize = 200;

pub fn routes() -> Router<AppState> {
    // The server's body limit holds here too (the platform sets it for every route).
    Router::new().route(PATH, get(form).post(upload))
}

#[derive(Template)]
#[template(path = "forum/images.html")]
struct ImagesTemplate<'a> {
    shell: Shell<'a>,
    /// What the limit allows, in words.
    limit: String,
    /// Why this person cannot upload (yet); the form is not shown then.
    refused: Option<String>,
    problem: Option<String>,
    description: String,
    /// The Markdown to paste, the image's address and its description.
    done: Option<(String, String, String)>,
}

struct Shown {
    status: StatusCode,
    problem: Option<String>,
    description: String,
    done: Option<(String, String, String)>,
}

/// Why the signed-in person may not upload: silenced, or a level too new.
async fn refusal(
    state: &AppState,
    visit: &Visit,
) -> Result<Option<String>, soporte_platform::web::WebError> {
    let (member, silence) = standing(state, visit).await?;
    if let Some(silence) = silence {
        return Ok(Some(silence_text(state, visit.locale, &silence)));
    }
    if !allows(member, Action::PostLinks, Owner::TheActor) {
        return Ok(Some(state.i18n.text(visit.locale, "forum-images-not-yet")));
    }
    Ok(None)
}

async fn page(state: &AppState, visit: &Visit, shown: Shown) -> Answer {
    let refused = refusal(state, visit).await?;
    let shell = Shell::new(state, visit, PATH);
    let max = uploads::max_image_bytes(state.config.max_body_bytes);
    let limit = state.i18n.text_with(
        visit.locale,
        "forum-images-limit",
        &[("kb", &(max / 1024).to_string())],
    );
    let status = if refused.is_some() {
        StatusCode::FORBIDDEN
    } else {
        shown.status
    };
    let page = ImagesTemplate {
        shell,
        limit,
        refused,
        problem: shown.problem,
        description: shown.description,
        done: shown.done,
    };
    Ok((status, Page(page.render())).into_response())
}

async fn form(State(state): State<AppState>, visit: Visit) -> Answer {
    require(&visit, PATH, |_| true)?;
    let shown = Shown {
        status: StatusCode::OK,
        problem: None,
        description: String::new(),
        done: None,
    };
    page(&state, &visit, shown).await
}

/// A description as alternative text: one tidy line, without the characters that would
/// end it early or change it in Markdown (brackets, backslash, backtick, angle brackets).
fn description(text: &str) -> Option<String> {
    let line: String = text
        .chars()
        .filter(|c| !text::is_unwanted(*c) && !matches!(c, '[' | ']' | '\\' | '`' | '<' | '>'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let count = line.chars().count();
    (1..=DESCRIPTION_MAX).contains(&count).then_some(line)
}

async fn upload(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    mut multipart: Multipart,
) -> Answer {
    let viewer = require(&visit, PATH, |_| true)?;
    if refusal(&state, &visit).await?.is_some() {
        let shown = Shown {
            status: StatusCode::FORBIDDEN,
            problem: None,
            description: String::new(),
            done: None,
        };
        return page(&state, &visit, shown).await;
    }
    let mut bytes = Vec::new();
    let mut described = String::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("imagen") => bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            Some("descripcion") => described = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let refuse = |id: &str, status: StatusCode, described: String| Shown {
        status,
        problem: Some(state.i18n.text_with(
            visit.locale,
            id,
            &[(
                "kb",
                &(uploads::max_image_bytes(state.config.max_body_bytes) / 1024).to_string(),
            )],
        )),
        description: described,
        done: None,
    };
    let Some(alt) = description(&described) else {
        let shown = refuse(
            "forum-images-describe",
            StatusCode::UNPROCESSABLE_ENTITY,
            described,
        );
        return page(&state, &visit, shown).await;
    };
    let max = uploads::max_image_bytes(state.config.max_body_bytes);
    let image = match Image::parse(bytes, max) {
        Ok(image) => image,
        Err(problem) => {
            let status = match problem {
                UploadProblem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                UploadProblem::Empty | UploadProblem::NotAnImage => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
            };
            let shown = refuse(problem.message_id(), status, alt);
            return page(&state, &visit, shown).await;
        }
    };
    if let Some(wait) = limits::hit(&state.db, Doing::Uploading, viewer.user_id, client).await? {
        let shown = refuse(
            Doing::Uploading.too_fast_id(),
            StatusCode::TOO_MANY_REQUESTS,
            alt,
        );
        let answer = page(&state, &visit, shown).await?;
        return Ok(soporte_platform::web::too_many_requests(answer, wait));
    }
    let id = uploads::save(&state.db, viewer.user_id, crate::SUBJECT, &image).await?;
    let address = uploads::path(id);
    let shown = Shown {
        status: StatusCode::OK,
        problem: None,
        description: String::new(),
        done: Some((format!("![{alt}]({address})"), address, alt)),
    };
    page(&state, &visit, shown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_line_without_brackets() {
        assert_eq!(
            description("  Captura de\n la [configuración]  ").as_deref(),
            Some("Captura de la configuración")
        );
        assert_eq!(
            description("C:\\Users\\ `x` <b>").as_deref(),
            Some("C:Users x b")
        );
        assert_eq!(description(" \t "), None);
        assert_eq!(description(&"a".repeat(DESCRIPTION_MAX + 1)), None);
    }
}
