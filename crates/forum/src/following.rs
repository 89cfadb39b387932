//! Following and being told, as pages: watching a topic, a category or a tag (and
//! stopping), the one-click unsubscribe page every mail links to (no sign-in needed:
//! the link's secret is the key), and how a person wants mail.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::web::{AppState, Page, Shell, SignedIn, Visit, WebError, require, see_other};

use crate::pages::{Answer, topic_path, with_notice};
use crate::people::{self, MailMode};
use crate::watch::{self, Target};
use crate::{CategoryId, TopicId};

const MAIL_SETTINGS: &str = "/comunidad/avisos-por-correo";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/comunidad/tema/{id}/seguir", post(follow_topic))
        .route("/comunidad/{category}/seguir", post(follow_category))
        .route("/comunidad/etiqueta/{tag}/seguir", post(follow_tag))
        .route(
            "/comunidad/baja/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route(MAIL_SETTINGS, get(mail_settings).post(save_mail_settings))
}

#[derive(Debug, Default, Deserialize)]
struct FollowForm {
    #[serde(default)]
    valor: String,
}

/// Watches (`valor` other than `0`) or stops watching `target`, then goes `back`.
async fn follow(
    state: &AppState,
    visit: &Visit,
    target: Target,
    form: &FollowForm,
    back: &str,
) -> Answer {
    let viewer = require(visit, back, |_| true)?;
    if form.valor == "0" {
        watch::unwatch(&state.db, viewer.user_id, &target).await?;
    } else {
        let mut tx = state.db.write().await?;
        // Whoever follows can be mentioned from now on.
        people::handle(&mut tx, viewer.user_id, &viewer.display_name).await?;
        watch::watch(&mut tx, viewer.user_id, &target).await?;
        tx.commit().await?;
    }
    Ok(see_other(back))
}

async fn follow_topic(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<FollowForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    require(&visit, &back, |_| true)?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    crate::store::topic(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    follow(&state, &visit, Target::Topic(id), &form, &topic_path(id)).await
}

async fn follow_category(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Form(form): Form<FollowForm>,
) -> Answer {
    let back = format!("/comunidad/{slug}");
    require(&visit, &back, |_| true)?;
    let category = crate::categories::by_slug(&state.db, &slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    let id: CategoryId = category.id;
    follow(
        &state,
        &visit,
        Target::Category(id),
        &form,
        &category.path(),
    )
    .await
}

async fn follow_tag(
    State(state): State<AppState>,
    visit: Visit,
    Path(tag): Path<String>,
    Form(form): Form<FollowForm>,
) -> Answer {
    let tag = crate::post::tag_filter(&tag).ok_or_else(WebError::not_found)?;
    let back = format!("/comunidad?etiqueta={tag}");
    follow(&state, &visit, Target::Tag(tag), &form, &back).await
}

// ---- unsubscribing --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "forum/unsubscribe.html")]
struct UnsubscribeTemplate<'a> {
    shell: Shell<'a>,
    action: String,
    what: String,
    done: bool,
}

/// What a watch is of, in words.
async fn describe(state: &AppState, visit: &Visit, target: &Target) -> Result<String, WebError> {
    let locale = visit.locale;
    Ok(match target {
        Target::Topic(id) => {
            let title = crate::store::topic(&state.db, *id)
                .await?
                .map(|topic| topic.title)
                .unwrap_or_default();
            state
                .i18n
                .text_with(locale, "forum-watch-topic", &[("title", &title)])
        }
        Target::Category(id) => {
            let name = crate::categories::by_id(&state.db, *id)
                .await?
                .map(|category| category.name(locale).to_owned())
                .unwrap_or_default();
            state
                .i18n
                .text_with(locale, "forum-watch-category", &[("name", &name)])
        }
        Target::Tag(tag) => state
            .i18n
            .text_with(locale, "forum-watch-tag", &[("tag", tag)]),
    })
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let (_, target) = watch::by_token(&state.db, &token).await?.ok_or_else(|| {
        WebError::not_found().saying("forum-unsubscribe-title", "forum-unsubscribe-gone")
    })?;
    let action = format!("/comunidad/baja/{token}");
    let what = describe(&state, &visit, &target).await?;
    let shell = Shell::new(&state, &visit, &action);
    let page = UnsubscribeTemplate {
        shell,
        action,
        what,
        done: false,
    };
    Ok(Page(page.render()).into_response())
}

async fn unsubscribe(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let found = watch::by_token(&state.db, &token).await?;
    let what = match &found {
        Some((_, target)) => describe(&state, &visit, target).await?,
        None => String::new(),
    };
    // Twice is as good as once: the second time, it is already done.
    watch::unwatch_token(&state.db, &token).await?;
    let action = format!("/comunidad/baja/{token}");
    let shell = Shell::new(&state, &visit, &action);
    let page = UnsubscribeTemplate {
        shell,
        action,
        what,
        done: true,
    };
    Ok(Page(page.render()).into_response())
}

// ---- mail settings ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "forum/mail_settings.html")]
struct MailSettingsTemplate<'a> {
    shell: Shell<'a>,
    modes: Vec<(&'static str, String, bool)>,
    saved: bool,
}

async fn mail_settings_page(state: &AppState, visit: &Visit, saved: bool) -> Answer {
    let viewer = require(visit, MAIL_SETTINGS, |_| true)?;
    let mode = people::mail_mode(&state.db, viewer.user_id).await?;
    let shell = Shell::new(state, visit, MAIL_SETTINGS);
    let modes = MailMode::ALL
        .into_iter()
        .map(|choice| {
            (
                choice.as_str(),
                shell.t(choice.message_id()),
                choice == mode,
            )
        })
        .collect();
    let page = MailSettingsTemplate {
        shell,
        modes,
        saved,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct SettingsParams {
    #[serde(default)]
    aviso: String,
}

async fn mail_settings(
    State(state): State<AppState>,
    visit: Visit,
    axum::extract::Query(params): axum::extract::Query<SettingsParams>,
) -> Answer {
    mail_settings_page(&state, &visit, params.aviso == "guardado").await
}

#[derive(Debug, Default, Deserialize)]
struct MailForm {
    #[serde(default)]
    correo: String,
}

async fn save_mail_settings(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    Form(form): Form<MailForm>,
) -> Answer {
    let mode = MailMode::parse(&form.correo)
        .ok_or_else(|| WebError::bad_request("forum-mail-title", "forum-mail-unknown"))?;
    people::set_mail_mode(&state.db, viewer.user_id, &viewer.display_name, mode).await?;
    Ok(see_other(&with_notice(MAIL_SETTINGS, "guardado")))
}
