//! A person's page in the community (what `@menciones` link to): what they asked, how
//! many of their answers were accepted, their badges and trust level. The person
//! themself also sees what their level lets them do and what the next one asks;
//! moderators see a silence and can lift it; staff set the level by hand.
//! May call the forum's trust and moderation modules and the platform.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::Role;
use soporte_platform::accounts::restrictions::{self, Kind};
use soporte_platform::recognition;
use soporte_platform::storage::UserId;
use soporte_platform::text;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::TopicId;
use crate::pages::{Answer, topic_path, with_notice};
use crate::people;
use crate::policy::{Action, Owner, allows};
use crate::trust::{self, Level};

/// Where a signed-in person finds their own level.
const MY_LEVEL: &str = "/comunidad/mi-nivel";
/// The longest reason staff give for a level set by hand, in characters.
const REASON_MAX: usize = 300;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/comunidad/personas/{handle}", get(person))
        .route("/comunidad/personas/{id}/nivel", post(set_level))
        .route(MY_LEVEL, get(my_level))
}

struct Asked {
    href: String,
    title: String,
}

/// A badge as the page shows it: name, how it is earned, when.
struct BadgeView {
    name: String,
    about: String,
    at: String,
}

/// One thing the next level asks, in words, and whether it is met.
struct NeedView {
    text: String,
    met: bool,
}

/// What the person themself sees of their level.
struct Own {
    unlocks: String,
    /// The next level's name and what it asks; none at the top.
    next: Option<(String, String, Vec<NeedView>)>,
}

#[derive(Template)]
#[template(path = "forum/person.html")]
struct PersonTemplate<'a> {
    shell: Shell<'a>,
    name: String,
    handle: String,
    counts: String,
    level: String,
    badges: Vec<BadgeView>,
    own: Option<Own>,
    asked: Vec<Asked>,
    person: UserId,
    moderates: bool,
    /// For moderators: the silence the person is under, in words.
    silence: Option<String>,
    /// For moderators: the suspension the person is under, in words.
    suspension: Option<String>,
    /// For staff: each level (number, name, whether it is the one kept) and whether it
    /// was set by hand.
    levels: Vec<(i64, String, bool)>,
    fixed: bool,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PersonParams {
    #[serde(default)]
    aviso: String,
}

async fn person(
    State(state): State<AppState>,
    visit: Visit,
    Path(handle): Path<String>,
    axum::extract::Query(params): axum::extract::Query<PersonParams>,
) -> Answer {
    let (id, name) = people::by_handle(&state.db, &handle)
        .await?
        .ok_or_else(WebError::not_found)?;
    let (posts, solutions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND visibility = 'shown'), \
         (SELECT COUNT(*) FROM forum_topics t JOIN forum_posts p ON p.id = t.solution_post_id \
          WHERE p.author_id = $1 AND t.state = 'solved' \
          AND (t.author_id IS NULL OR t.author_id <> p.author_id))",
    )
    .bind(id)
    .fetch_one(state.db.pool())
    .await?;
    let asked: Vec<(TopicId, String)> = sqlx::query_as(
        "SELECT id, title FROM forum_topics WHERE author_id = $1 AND shown = 1 \
         ORDER BY activity_at DESC, id DESC LIMIT 20",
    )
    .bind(id)
    .fetch_all(state.db.pool())
    .await?;
    let path = people::path(&handle);
    let shell = Shell::new(&state, &visit, &path);
    let locale = visit.locale;
    let counts = state.i18n.text_with(
        locale,
        "forum-person-counts",
        &[
            ("posts", &posts.to_string()),
            ("solutions", &solutions.to_string()),
        ],
    );
    let (member, _) = crate::pages::standing(&state, &visit).await?;
    let moderates = allows(member, Action::Moderate, Owner::Someone);
    let is_staff = visit
        .viewer
        .as_ref()
        .is_some_and(|viewer| viewer.has(Role::Staff));
    let is_self = visit
        .viewer
        .as_ref()
        .is_some_and(|viewer| viewer.user_id == id);
    let silence = if moderates {
        crate::moderation::silence_of(&state.db, id)
            .await?
            .map(|silence| crate::pages::silence_text(&state, locale, &silence))
    } else {
        None
    };
    let suspension = if moderates {
        restrictions::current_in(&state.db, id, Kind::Suspension)
            .await?
            .map(|suspension| {
                state.i18n.text_with(
                    locale,
                    "forum-suspended",
                    &[
                        ("until", &text::time_utc(suspension.until)),
                        ("reason", &suspension.reason),
                    ],
                )
            })
    } else {
        None
    };
    let standing = trust::standing(&state.db, id).await?;
    let roles = soporte_platform::accounts::roles_of(&state.db, id).await?;
    let level = trust::effective(standing.level, &roles);
    let own = is_self.then(|| Own {
        unlocks: state.i18n.text(locale, level.unlocks_id()),
        next: trust::needs(&standing.activity, level).map(|(next, needs)| {
            let needs = needs
                .iter()
                .map(|need| NeedView {
                    text: state.i18n.text_with(
                        locale,
                        need.measure.message_id(),
                        &[
                            ("have", &need.have.to_string()),
                            ("want", &need.want.to_string()),
                        ],
                    ),
                    met: need.met(),
                })
                .collect();
            (
                state.i18n.text(locale, next.message_id()),
                state.i18n.text(locale, next.unlocks_id()),
                needs,
            )
        }),
    });
    let badges = recognition::of(&state.db, id)
        .await?
        .into_iter()
        .map(|(badge, at)| BadgeView {
            name: state.i18n.text(locale, badge.message_id()),
            about: state.i18n.text(locale, badge.about_id()),
            at: text::time_utc(at),
        })
        .collect();
    let levels = if is_staff {
        Level::ALL
            .into_iter()
            .map(|each| {
                (
                    each.number(),
                    state.i18n.text(locale, each.message_id()),
                    each == standing.level,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let notice = match params.aviso.as_str() {
        "nivel" => Some(state.i18n.text(locale, "forum-level-saved")),
        _ => None,
    };
    let page = PersonTemplate {
        shell,
        name,
        handle,
        counts,
        level: state.i18n.text(locale, level.message_id()),
        badges,
        own,
        person: id,
        moderates,
        silence,
        suspension,
        levels,
        fixed: standing.fixed,
        notice,
        asked: asked
            .into_iter()
            .map(|(id, title)| Asked {
                href: topic_path(id),
                title,
            })
            .collect(),
    };
    if moderates || is_self {
        Ok(Page(page.render()).into_response())
    } else {
        Ok(Page(page.render()).cacheable())
    }
}

/// The signed-in person's own page, where their level is (their handle is made if they
/// never posted).
async fn my_level(State(state): State<AppState>, visit: Visit) -> Answer {
    let viewer = require(&visit, MY_LEVEL, |_| true)?;
    let mut tx = state.db.write().await?;
    let handle = people::handle(&mut tx, viewer.user_id, &viewer.display_name).await?;
    tx.commit().await?;
    Ok(see_other(&format!("{}#nivel", people::path(&handle))))
}

#[derive(Debug, Default, Deserialize)]
struct LevelForm {
    /// A level's number, or `auto` to give the level back to the counts.
    #[serde(default)]
    nivel: String,
    #[serde(default)]
    motivo: String,
}

async fn set_level(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<LevelForm>,
) -> Answer {
    let staff = require(&visit, "/comunidad", |viewer| viewer.has(Role::Staff))?;
    let person: UserId = id.parse().map_err(|_| WebError::not_found())?;
    let level = match form.nivel.as_str() {
        "auto" => None,
        number => Some(
            number
                .parse()
                .ok()
                .and_then(Level::from_number)
                .ok_or_else(|| WebError::bad_request("forum-level-title", "forum-level-unknown"))?,
        ),
    };
    let reason = form.motivo.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(WebError::bad_request(
            "forum-reason-title",
            "forum-reason-needed",
        ));
    }
    let handle = people::handle_of(&state.db, person)
        .await?
        .ok_or_else(WebError::not_found)?;
    trust::set_by_hand(&state.db, person, level, staff.user_id, &reason).await?;
    Ok(see_other(&with_notice(
        &format!("{}#nivel", people::path(&handle)),
        "nivel",
    )))
}
