//! A person's notifications page (`/cuenta/avisos`): the newest first, a page at a time;
//! opening one marks it read; one button marks them all read.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde::Deserialize;

use super::web::Answer;
use crate::notifications;
use crate::web::paging::{PageLinks, Paging};
use crate::web::{AppState, Page, Shell, SignedIn, Visit, WebError, see_other};

const PATH: &str = "/cuenta/avisos";
const PER_PAGE: u32 = 30;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(list))
        .route("/cuenta/avisos/leidos", post(read_all))
        .route("/cuenta/avisos/{id}", get(open))
}

struct Item {
    href: String,
    title: String,
    text: String,
    at: String,
    read: bool,
}

#[derive(Template)]
#[template(path = "account/notices.html")]
struct NoticesTemplate<'a> {
    shell: Shell<'a>,
    items: Vec<Item>,
    paging: PageLinks,
    any_unread: bool,
}

#[derive(Debug, Default, Deserialize)]
struct Params {
    #[serde(default)]
    pagina: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    visit: Visit,
    SignedIn(viewer): SignedIn,
    Query(params): Query<Params>,
) -> Answer {
    let paging = Paging::new(params.pagina.as_deref(), PER_PAGE);
    let rows =
        notifications::list(&state.db, viewer.user_id, paging.offset(), paging.limit()).await?;
    let (rows, links) = paging.page(rows, PATH, &[]);
    let shell = Shell::new(&state, &visit, PATH);
    let items = rows
        .into_iter()
        .map(|notice| Item {
            href: format!("{PATH}/{}", notice.id),
            title: notice.title,
            text: notice.text,
            at: crate::text::time_utc(notice.at),
            read: notice.read,
        })
        .collect();
    let page = NoticesTemplate {
        shell,
        items,
        paging: links,
        any_unread: viewer.unread > 0,
    };
    Ok(Page(page.render()).into_response())
}

async fn open(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    Path(id): Path<String>,
) -> Answer {
    let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
    let path = notifications::open(&state.db, viewer.user_id, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    // The header's count is kept with the session until the next change: this is one.
    state.pages.invalidate();
    Ok(see_other(&path))
}

async fn read_all(State(state): State<AppState>, SignedIn(viewer): SignedIn) -> Answer {
    notifications::mark_all_read(&state.db, viewer.user_id).await?;
    Ok(see_other(PATH))
}
