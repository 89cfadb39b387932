//! The forum's pages: the community's front page and each category's list (sorted,
//! filtered, a page at a time by keyset), a topic with its solution under the
//! question, replies, votes and the solution mark, and a post's edit and history.
//! The ask flow is in [`crate::compose`], the staff's categories in
//! [`crate::categories::pages`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, LinkKind, ShownLink, Subject};
use soporte_platform::markup;
use soporte_platform::storage::UserId;
use soporte_platform::text;
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::paging::{PageLinks, Paging};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::categories::{self, Category};
use crate::limits::{self, Doing};
use crate::moderation::{self, Silence, Visibility};
use crate::policy::{Action, Member, Owner, allows};
use crate::post::{self, Body, Kind, Title};
use crate::question::State as QuestionState;
use crate::store::{self, Cursor, Direction, Filter, Listed, Sort, TopicError};
use crate::trust::{self, Level};
use crate::{PostId, TopicId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/comunidad", get(front))
        .route("/comunidad/{category}", get(category))
        .route("/comunidad/tema/{id}", get(topic))
        .route("/comunidad/tema/{id}/responder", post(reply))
        .route("/comunidad/tema/{id}/solucion", post(solution))
        .route("/comunidad/tema/{id}/me-pasa", post(me_too))
        .route("/comunidad/mensaje/{id}/util", post(helpful))
        .route(
            "/comunidad/mensaje/{id}/editar",
            get(edit_form).post(save_edit),
        )
        .route("/comunidad/mensaje/{id}/historial", get(history))
        .route("/comunidad/mensaje/{id}", get(post_page))
        .merge(crate::compose::routes())
        .merge(crate::queue::routes())
        .merge(crate::following::routes())
        .merge(crate::profile::routes())
        .merge(crate::images::routes())
        .merge(crate::indicators::pages::routes())
        .merge(crate::api::routes())
        .merge(crate::categories::pages::routes())
}

pub(crate) type Answer = Result<Response, WebError>;

/// Topics a list shows at a time.
const TOPICS_PER_PAGE: i64 = 30;
/// Replies a topic's page shows at a time.
pub const REPLIES_PER_PAGE: u32 = 20;

pub(crate) fn actor(visit: &Visit) -> Actor<'_> {
    visit
        .viewer
        .as_ref()
        .map_or(Actor::Visitor, |viewer| Actor::Person(&viewer.roles))
}

/// The person behind `visit` as the policy sees them, and the silence they are under.
pub(crate) async fn standing<'v>(
    state: &AppState,
    visit: &'v Visit,
) -> Result<(Member<'v>, Option<Silence>), WebError> {
    reading(state, visit, None, None).await
}

/// [`standing`], counting this request as a visit and, with `read`, a page of a topic
/// read (`topic`, its first and last post numbers), from what the counts held (`seen`,
/// when the caller read it): see [`trust::visited`].
async fn reading<'v>(
    state: &AppState,
    visit: &'v Visit,
    seen: Option<trust::Seen>,
    read: Option<(TopicId, i64, i64)>,
) -> Result<(Member<'v>, Option<Silence>), WebError> {
    let (silence, level) = match &visit.viewer {
        Some(viewer) => {
            let kept = trust::visited(&state.db, viewer.user_id, seen, read).await?;
            // The silence comes with the session (see the platform's restrictions),
            // which may be kept a few seconds past its end.
            let now = soporte_platform::storage::now_ms();
            let silence = viewer
                .silence
                .as_ref()
                .filter(|silence| silence.until > now)
                .map(|silence| Silence {
                    reason: silence.reason.clone(),
                    until: silence.until,
                });
            (silence, trust::effective(kept, &viewer.roles))
        }
        None => (None, Level::New),
    };
    let member = Member {
        actor: actor(visit),
        level,
        silenced: silence.is_some(),
    };
    Ok((member, silence))
}

/// What a silenced person is told: why, and until when.
pub(crate) fn silence_text(state: &AppState, locale: Locale, silence: &Silence) -> String {
    state.i18n.text_with(
        locale,
        "forum-silenced",
        &[
            ("until", &text::time_utc(silence.until)),
            ("reason", &silence.reason),
        ],
    )
}

/// Whether `opening` is the question of a topic that waits for review, which only its
/// author and moderators see (nobody else reads, or answers, it yet).
pub(crate) fn unreviewed_for(visit: &Visit, member: Member<'_>, opening: &store::Post) -> bool {
    opening.visibility == Visibility::Pending
        && owner(visit, opening.author_id) == Owner::Someone
        && !allows(member, Action::Moderate, Owner::Someone)
}

/// Whether `body` holds links or images that `member` may not post yet.
pub(crate) fn links_refused(member: Member<'_>, body: &Body) -> bool {
    markup::links_and_images(body.as_str()) > 0
        && !allows(member, Action::PostLinks, Owner::TheActor)
}

pub(crate) fn owner(visit: &Visit, of: Option<UserId>) -> Owner {
    match (&visit.viewer, of) {
        (Some(viewer), Some(author)) if viewer.user_id == author => Owner::TheActor,
        _ => Owner::Someone,
    }
}

pub(crate) fn topic_path(id: TopicId) -> String {
    format!("/comunidad/tema/{id}")
}

/// `path` (with perhaps a query and an anchor) with `aviso=notice` in its query.
pub(crate) fn with_notice(path: &str, notice: &str) -> String {
    let (address, anchor) = path.split_once('#').map_or((path, ""), |(a, b)| (a, b));
    let joiner = if address.contains('?') { '&' } else { '?' };
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    format!("{address}{joiner}aviso={notice}{anchor}")
}

/// The path of the page of `topic` that shows post `number`, at its anchor.
/// A post's lasting address (what notices and mails link to): it leads to wherever the
/// post is now, even after moderators merged or split its topic.
pub(crate) fn post_link(post: PostId) -> String {
    format!("/comunidad/mensaje/{post}")
}

/// `GET /comunidad/mensaje/{id}`: to the page of its topic where the post is now.
async fn post_page(State(state): State<AppState>, Path(id): Path<String>) -> Answer {
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let post = store::post_by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(see_other(&post_path(post.topic, post.number)))
}

pub(crate) fn post_path(topic: TopicId, number: i64) -> String {
    let per_page = i64::from(REPLIES_PER_PAGE);
    let page = if number <= 1 {
        1
    } else {
        (number - 2) / per_page + 1
    };
    let query = if page > 1 {
        format!("?pagina={page}")
    } else {
        String::new()
    };
    format!("{}{query}#mensaje-{number}", topic_path(topic))
}

impl From<TopicError> for WebError {
    /// What a page did not handle itself.
    fn from(error: TopicError) -> WebError {
        match error {
            TopicError::NotFound => WebError::not_found(),
            TopicError::Closed => WebError::status(StatusCode::CONFLICT)
                .saying("forum-closed-title", "forum-closed-text"),
            TopicError::NotAQuestion | TopicError::OpeningPost => {
                WebError::bad_request("forum-not-solution-title", "forum-not-solution-text")
            }
            TopicError::Refused(_) => WebError::status(StatusCode::CONFLICT)
                .saying("forum-refused-title", "forum-refused-text"),
            TopicError::Database(error) => error.into(),
        }
    }
}

/// A 429 that says to slow down, with how long to wait.
pub(crate) fn too_fast(wait: std::time::Duration, text: &'static str) -> WebError {
    let seconds = wait.as_secs().max(1).to_string();
    WebError::status(StatusCode::TOO_MANY_REQUESTS)
        .saying("forum-too-fast-title", text)
        .with_header(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_str(&seconds)
                .unwrap_or(axum::http::HeaderValue::from_static("60")),
        )
}

// ---- lists ----------------------------------------------------------------------------

/// The list's parameters, as an address carries them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default)]
    orden: String,
    #[serde(default)]
    estado: String,
    #[serde(default)]
    etiqueta: String,
    #[serde(default)]
    despues: String,
    #[serde(default)]
    antes: String,
    #[serde(default)]
    pagina: String,
}

/// One topic of a list, as the template shows it.
struct Row {
    href: String,
    title: String,
    kind: String,
    state: Option<(String, &'static str)>,
    category: Option<(String, String)>,
    author: String,
    replies: String,
    me_too: String,
    activity: String,
    closed: bool,
    tags: Vec<(String, String)>,
}

/// A choice of a list's menus.
struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

/// A category on the front page.
struct Card {
    href: String,
    name: String,
    description: String,
    product: String,
    count: String,
}

#[derive(Template)]
#[template(path = "forum/list.html")]
struct ListTemplate<'a> {
    shell: Shell<'a>,
    heading: String,
    description: String,
    product: String,
    action: String,
    cards: Vec<Card>,
    rows: Vec<Row>,
    sorts: Vec<Choice>,
    states: Vec<Choice>,
    tag: String,
    paging: PageLinks,
    ask_href: String,
    can_manage: bool,
    can_read_indicators: bool,
    can_moderate: bool,
    conduct_href: &'static str,
    /// For a signed-in person on a category's list or a tag's: where to watch it,
    /// what it is, and whether they do.
    follow: Option<(String, String, bool)>,
}

async fn front(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<ListParams>,
) -> Answer {
    list_page(&state, &visit, None, params).await
}

async fn category(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<ListParams>,
) -> Answer {
    let category = categories::by_slug(&state.db, &slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    list_page(&state, &visit, Some(category), params).await
}

fn state_choices(shell: &Shell<'_>, selected: Option<QuestionState>) -> Vec<Choice> {
    std::iter::once(Choice {
        value: "",
        label: shell.t("forum-any-state"),
        selected: selected.is_none(),
    })
    .chain(QuestionState::ALL.into_iter().map(|state| Choice {
        value: state.as_str(),
        label: shell.t(state.message_id()),
        selected: selected == Some(state),
    }))
    .collect()
}

async fn list_page(
    state: &AppState,
    visit: &Visit,
    category: Option<Category>,
    params: ListParams,
) -> Answer {
    let locale = visit.locale;
    let sort = Sort::from_param(&params.orden);
    let filter = Filter {
        category: category.as_ref().map(|category| category.id),
        tag: post::tag_filter(&params.etiqueta),
        state: QuestionState::parse(&params.estado),
        sort,
    };
    let from = match (Cursor::parse(&params.despues), Cursor::parse(&params.antes)) {
        (Some(cursor), _) => Some((Direction::After, cursor)),
        (None, Some(cursor)) => Some((Direction::Before, cursor)),
        (None, None) => None,
    };
    let (topics, more) = store::list(&state.db, &filter, from, TOPICS_PER_PAGE).await?;
    let all = categories::all(&state.db).await?;
    let path = category
        .as_ref()
        .map_or_else(|| "/comunidad".to_owned(), Category::path);
    let number = params
        .pagina
        .parse::<u32>()
        .ok()
        .filter(|page| *page >= 1)
        .unwrap_or(1);
    let number = if from.is_none() { 1 } else { number };
    // The list's other parameters, kept by every link of its pages.
    let filters: Vec<(&str, String)> = vec![
        (
            "orden",
            if sort == Sort::Activity {
                String::new()
            } else {
                sort.param().to_owned()
            },
        ),
        (
            "estado",
            filter
                .state
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        ),
        ("etiqueta", filter.tag.clone().unwrap_or_default()),
    ];
    let link = |direction: &str, cursor: Cursor, page: u32| {
        let mut pairs = filters.clone();
        pairs.push((direction, cursor.to_param()));
        pairs.push(("pagina", page.to_string()));
        with_query(&path, &pairs)
    };
    // Going back to the first page drops the cursor: that page is always the newest.
    let backwards = matches!(from, Some((Direction::Before, _)));
    let has_next = if backwards { true } else { more };
    let has_previous = match from {
        None => false,
        Some((Direction::After, _)) => true,
        Some((Direction::Before, _)) => more,
    };
    let first_page = || with_query(&path, &filters);
    let paging = PageLinks {
        number,
        previous: match (has_previous, topics.first()) {
            (true, Some(_)) if number <= 2 => Some(first_page()),
            (true, Some(first)) => Some(link("antes", first.cursor, number - 1)),
            _ => None,
        },
        next: match (has_next, topics.last()) {
            (true, Some(last)) => Some(link("despues", last.cursor, number + 1)),
            _ => None,
        },
    };
    let shell = Shell::new(state, visit, &path);
    let rows = topics
        .into_iter()
        .map(|topic| row(&shell, state, locale, &all, category.is_none(), topic))
        .collect();
    let counts = if category.is_none() {
        categories::topic_counts(&state.db).await?
    } else {
        Vec::new()
    };
    let cards = if category.is_none() {
        all.iter()
            .map(|card| Card {
                href: card.path(),
                name: card.name(locale).to_owned(),
                description: card.description(locale).to_owned(),
                product: card.product.clone(),
                count: state.i18n.text_count(
                    locale,
                    "forum-topic-count",
                    "count",
                    counts
                        .iter()
                        .find(|(id, _)| *id == card.id)
                        .map_or(0, |(_, n)| *n),
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let sorts = Sort::ALL
        .into_iter()
        .map(|choice| Choice {
            value: choice.param(),
            label: shell.t(choice.message_id()),
            selected: choice == sort,
        })
        .collect();
    let states = state_choices(&shell, filter.state);
    let (heading, description, product) = match &category {
        Some(category) => (
            category.name(locale).to_owned(),
            category.description(locale).to_owned(),
            category.product.clone(),
        ),
        None => (shell.t("forum-title"), shell.t("forum-lead"), String::new()),
    };
    let ask_href = match &category {
        Some(category) => format!("/comunidad/preguntar?categoria={}", category.slug),
        None => "/comunidad/preguntar".to_owned(),
    };
    // A visit counts towards the reader's trust (reading a list is being around).
    let (reader, _) = standing(state, visit).await?;
    let can_manage = allows(reader, Action::ManageCategories, Owner::Someone);
    let target = match (&category, &filter.tag) {
        (Some(category), _) => Some((
            crate::watch::Target::Category(category.id),
            format!("{}/seguir", category.path()),
            state.i18n.text_with(
                locale,
                "forum-watch-category",
                &[("name", category.name(locale))],
            ),
        )),
        (None, Some(tag)) => Some((
            crate::watch::Target::Tag(tag.clone()),
            format!("/comunidad/etiqueta/{tag}/seguir"),
            state
                .i18n
                .text_with(locale, "forum-watch-tag", &[("tag", tag)]),
        )),
        (None, None) => None,
    };
    let follow = match (&visit.viewer, target) {
        (Some(viewer), Some((target, action, label))) => {
            let watching = crate::watch::is_watching(&state.db, viewer.user_id, &target).await?;
            Some((action, label, watching))
        }
        _ => None,
    };
    let page = ListTemplate {
        heading,
        description,
        product,
        action: path.clone(),
        cards,
        rows,
        sorts,
        states,
        tag: filter.tag.clone().unwrap_or_default(),
        paging,
        ask_href,
        can_manage,
        can_read_indicators: allows(reader, Action::ReadIndicators, Owner::Someone),
        can_moderate: allows(reader, Action::Moderate, Owner::Someone),
        conduct_href: crate::compose::CONDUCT_PATH,
        follow,
        shell,
    };
    Ok(Page(page.render()).cacheable())
}

/// `path` with the non-empty `pairs` as its query.
pub(crate) fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
        query.append_pair(name, value);
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The address of the community's list of topics tagged `tag`.
fn tag_path(tag: &str) -> String {
    with_query("/comunidad", &[("etiqueta", tag.to_owned())])
}

fn row(
    shell: &Shell<'_>,
    state: &AppState,
    locale: Locale,
    all: &[Category],
    show_category: bool,
    topic: Listed,
) -> Row {
    let category = all
        .iter()
        .find(|category| category.id == topic.category)
        .filter(|_| show_category)
        .map(|category| (category.path(), category.name(locale).to_owned()));
    Row {
        href: topic_path(topic.id),
        title: topic.title,
        kind: shell.t(topic.kind.message_id()),
        state: topic
            .state
            .map(|question| (shell.t(question.message_id()), question.as_str())),
        category,
        author: topic
            .author
            .unwrap_or_else(|| shell.t("forum-former-member")),
        replies: state
            .i18n
            .text_count(locale, "forum-reply-count", "count", topic.replies),
        me_too: state
            .i18n
            .text_count(locale, "forum-me-too-count", "count", topic.me_too),
        activity: text::time_utc(topic.activity_at),
        closed: topic.closed,
        tags: topic
            .tags
            .into_iter()
            .map(|tag| (tag_path(&tag), tag))
            .collect(),
    }
}

// ---- a topic ------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct TopicParams {
    #[serde(default)]
    pagina: Option<String>,
    /// A notice to show after an action (`denuncia`: the flag was received).
    #[serde(default)]
    aviso: String,
    /// A post to quote in the reply box.
    #[serde(default)]
    citar: String,
}

/// A post, as the topic's page shows it.
struct PostView {
    id: PostId,
    number: i64,
    anchor: String,
    author: String,
    at: String,
    html: String,
    helpful: String,
    can_vote: bool,
    voted: bool,
    is_solution: bool,
    /// The words of the button that marks this reply as the solution.
    mark_label: Option<String>,
    can_edit: bool,
    edited: bool,
    asks_for_info: bool,
    /// What is shown instead of the text (a hidden post, to anyone but moderators).
    withheld: Option<String>,
    /// What moderators are told about a post they see though it is hidden.
    visibility_note: Option<String>,
    hidden: bool,
    can_flag: bool,
    can_moderate: bool,
    /// The address that fills the reply box with this post quoted.
    quote_href: Option<String>,
}

#[derive(Template)]
#[template(path = "forum/topic.html")]
struct TopicTemplate<'a> {
    shell: Shell<'a>,
    id: TopicId,
    title: String,
    kind: String,
    state: Option<(String, &'static str)>,
    is_question: bool,
    category: (String, String),
    tags: Vec<(String, String)>,
    /// The opening post (one).
    question: Vec<PostView>,
    solution: Option<PostView>,
    replies: Vec<PostView>,
    paging: PageLinks,
    me_too: String,
    can_me_too: bool,
    says_me_too: bool,
    can_unmark: bool,
    closed: bool,
    signed_in: bool,
    can_ask_info: bool,
    draft: String,
    problem: Option<String>,
    notice: Option<String>,
    /// Why the person cannot post, and until when.
    silence: Option<String>,
    can_reply: bool,
    moderates: bool,
    /// Where a moderator can move the topic: (id, name, current).
    categories: Vec<(crate::CategoryId, String, bool)>,
    flag_reasons: Vec<(&'static str, String)>,
    /// What other rungs say of this topic (an FAQ it became, a bug).
    links: Vec<ShownLink>,
    /// What other rungs offer to make of it, for this person: (address, label).
    intakes: Vec<(String, String)>,
    /// Whether the signed-in person watches the topic.
    watching: bool,
    sign_in_href: String,
    conduct_href: &'static str,
}

async fn topic(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Query(params): Query<TopicParams>,
) -> Answer {
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let paging = Paging::new(params.pagina.as_deref(), REPLIES_PER_PAGE);
    let quoted = match (&visit.viewer, params.citar.parse::<PostId>()) {
        (Some(_), Ok(post)) => store::post_by_id(&state.db, post)
            .await?
            .filter(|post| post.topic == id && post.visibility == Visibility::Shown)
            .map(|post| quote(&post.body)),
        _ => None,
    };
    let around = Around {
        draft: quoted.unwrap_or_default(),
        notice: match params.aviso.as_str() {
            "denuncia" => Some("forum-flag-thanks"),
            "mencion" => Some("forum-unknown-mention"),
            "revision" => Some("forum-post-waits-notice"),
            _ => None,
        },
        ..Around::default()
    };
    let page = match topic_page(&state, &visit, id, paging, around).await {
        Ok(page) => page,
        Err(error) => {
            // A topic merged into another (it holds no posts): its address leads
            // there, for good.
            if let Ok(Some(into)) = crate::moving::merged_into(&state.db, id).await {
                return Ok((
                    StatusCode::MOVED_PERMANENTLY,
                    [(axum::http::header::LOCATION, topic_path(into))],
                )
                    .into_response());
            }
            return Err(error);
        }
    };
    if visit.viewer.is_none() {
        Ok(page.cacheable())
    } else {
        Ok(page.into_response())
    }
}

/// `body` as a Markdown quote, ready for a reply below it.
fn quote(body: &str) -> String {
    let mut quoted: String = body
        .lines()
        .map(|line| {
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    quoted.push_str("\n\n");
    quoted
}

/// What a topic's page shows around its posts after an action: what was written in
/// the reply box, the problem with it, or a notice.
#[derive(Default)]
struct Around {
    draft: String,
    problem: Option<String>,
    /// A Fluent id.
    notice: Option<&'static str>,
}

impl Around {
    /// The reply box again, with `draft` and the problem `text`.
    fn refused(draft: String, text: String) -> Around {
        Around {
            draft,
            problem: Some(text),
            notice: None,
        }
    }
}

/// The page of topic `id`, with `around` it.
async fn topic_page(
    state: &AppState,
    visit: &Visit,
    id: TopicId,
    paging: Paging,
    around: Around,
) -> Result<Page, WebError> {
    let topic = store::topic(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let first = 2 + paging.offset();
    // This page's posts, as the reader's counts take them: the question on the first
    // page, then its replies.
    let from = if paging.offset() == 0 { 1 } else { first };
    let upto = (first + i64::from(REPLIES_PER_PAGE) - 1).min(topic.posts);
    // What the page needs of the reader, in one read.
    let (seen, says_me_too, watching) = match &visit.viewer {
        Some(viewer) => {
            let (seen, me_too, watching) = store::reader(&state.db, viewer.user_id, id).await?;
            (Some(seen), me_too, watching)
        }
        None => (None, false, false),
    };
    let category = categories::by_id(&state.db, topic.category)
        .await?
        .ok_or_else(WebError::not_found)?;
    let mut posts = store::posts(&state.db, id, 1, 1).await?;
    let question = posts.pop().ok_or_else(WebError::not_found)?;
    // Before anything counts: a question waiting for review is its author's and the
    // moderators' only (moderating needs no level, nor freedom from a silence).
    let before = Member {
        actor: actor(visit),
        level: Level::New,
        silenced: false,
    };
    if unreviewed_for(visit, before, &question) {
        return Err(WebError::not_found());
    }
    let (member, silence) = reading(state, visit, seen, Some((id, from, upto))).await?;
    let replies = store::posts(&state.db, id, first, first + paging.limit() - 1).await?;
    let solution = match topic.solution {
        Some(post) => store::post_by_id(&state.db, post).await?,
        None => None,
    };
    let path = topic_path(id);
    let (replies, pages) = paging.page(replies, &path, &[]);
    let viewer = visit.viewer.as_ref();
    let mut shown: Vec<PostId> = replies.iter().map(|post| post.id).collect();
    shown.extend(solution.as_ref().map(|post| post.id));
    let voted = match viewer {
        Some(viewer) => store::helpful_votes(&state.db, viewer.user_id, &shown).await?,
        None => Vec::new(),
    };
    let subject = Subject::new(crate::SUBJECT, id.get()).map_err(WebError::internal)?;
    let links = links::shown(&state.site, &state.db, &state.i18n, &subject, visit.locale).await?;
    let solved = topic.state == Some(QuestionState::Solved);
    let intakes = match viewer {
        Some(viewer) => state
            .site
            .intakes(crate::SUBJECT)
            .into_iter()
            .filter(|intake| intake.offered_to(&viewer.roles))
            .filter(|intake| !intake.starter_only || topic.author_id == Some(viewer.user_id))
            .filter(|intake| solved || intake.kind != LinkKind::PromotedTo)
            .filter(|_| topic.kind == Kind::Question)
            .map(|intake| {
                (
                    intake.href(&subject),
                    state.i18n.text(visit.locale, intake.label),
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let shell = Shell::new(state, visit, &path);
    let locale = visit.locale;
    let asker = owner(visit, topic.author_id);
    let is_question = topic.kind == Kind::Question;
    let can_mark = is_question && allows(member, Action::MarkSolution, asker);
    let moderates = allows(member, Action::Moderate, Owner::Someone);
    let view = |post: &store::Post| {
        let mine = owner(visit, post.author_id);
        let author = post
            .author
            .clone()
            .unwrap_or_else(|| shell.t("forum-former-member"));
        // What everyone but moderators sees of a post that is not shown.
        let withheld = match post.visibility {
            Visibility::Shown => None,
            Visibility::Flagged => Some(shell.t("forum-post-flagged")),
            Visibility::Hidden => Some(state.i18n.text_with(
                locale,
                "forum-post-hidden",
                &[("reason", &post.hidden_reason)],
            )),
            Visibility::Spam => Some(shell.t("forum-post-spam")),
            Visibility::Pending => Some(shell.t("forum-post-pending")),
        };
        // Moderators see every post; authors see their own that waits for review.
        let sees = moderates || (post.visibility == Visibility::Pending && mine == Owner::TheActor);
        let visibility_note = withheld.clone().filter(|_| sees);
        let withheld = withheld.filter(|_| !sees);
        let is_solution = topic.solution == Some(post.id);
        // Votes, the solution mark and flags are for posts others can read.
        let shown = post.visibility == Visibility::Shown;
        let pending = post.visibility == Visibility::Pending;
        let mark_label = (can_mark && shown && post.number > 1 && !is_solution).then(|| {
            state.i18n.text_with(
                locale,
                "forum-mark-solution",
                &[
                    ("number", &(post.number - 1).to_string()),
                    ("author", &author),
                ],
            )
        });
        PostView {
            id: post.id,
            number: post.number,
            anchor: format!("mensaje-{}", post.number),
            at: text::time_utc(post.created_at),
            html: if withheld.is_some() {
                String::new()
            } else {
                post.html.clone()
            },
            withheld,
            visibility_note,
            hidden: post.visibility != Visibility::Shown,
            can_flag: matches!(post.visibility, Visibility::Shown | Visibility::Flagged)
                && allows(member, Action::Flag, mine),
            quote_href: (viewer.is_some()
                && !topic.closed
                && allows(member, Action::Reply, Owner::Someone)
                && post.visibility == Visibility::Shown)
                .then(|| format!("{}?citar={}#reply-heading", topic_path(id), post.id)),
            // A post that waits goes out (or not) from the queue.
            can_moderate: moderates && !pending,
            helpful: state
                .i18n
                .text_count(locale, "forum-helpful-count", "count", post.helpful),
            can_vote: shown && post.number > 1 && allows(member, Action::MarkHelpful, mine),
            voted: voted.contains(&post.id),
            is_solution,
            mark_label,
            can_edit: allows(member, Action::Edit, mine),
            edited: post.edits > 0,
            asks_for_info: post.asks_for_info,
            author,
        }
    };
    let question = vec![view(&question)];
    // Its copy under the question has an anchor of its own (the reply keeps its number's).
    let solution = solution.as_ref().map(view).map(|post| PostView {
        anchor: "solucion".to_owned(),
        ..post
    });
    let replies = replies.iter().map(view).collect();
    let template = TopicTemplate {
        id,
        title: topic.title.clone(),
        kind: shell.t(topic.kind.message_id()),
        state: topic
            .state
            .map(|question| (shell.t(question.message_id()), question.as_str())),
        is_question,
        category: (category.path(), category.name(locale).to_owned()),
        tags: topic
            .tags
            .iter()
            .map(|tag| (tag_path(tag), tag.clone()))
            .collect(),
        question,
        solution,
        replies,
        paging: pages,
        me_too: state
            .i18n
            .text_count(locale, "forum-me-too-count", "count", topic.me_too),
        can_me_too: is_question && allows(member, Action::MeToo, asker),
        says_me_too,
        can_unmark: can_mark && topic.solution.is_some(),
        closed: topic.closed,
        signed_in: viewer.is_some(),
        can_ask_info: is_question
            && asker == Owner::Someone
            && topic.state != Some(QuestionState::Solved),
        draft: around.draft,
        problem: around.problem,
        notice: around.notice.map(|id| shell.t(id)),
        silence: silence
            .as_ref()
            .map(|silence| silence_text(state, locale, silence)),
        can_reply: allows(member, Action::Reply, Owner::Someone),
        moderates,
        categories: if moderates {
            categories::all(&state.db)
                .await?
                .into_iter()
                .map(|other| {
                    (
                        other.id,
                        other.name(locale).to_owned(),
                        other.id == topic.category,
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        links,
        intakes,
        watching,
        flag_reasons: moderation::Reason::ALL
            .into_iter()
            .map(|reason| (reason.as_str(), shell.t(reason.message_id())))
            .collect(),
        sign_in_href: soporte_platform::web::sign_in_path(&path),
        conduct_href: crate::compose::CONDUCT_PATH,
        shell,
    };
    Ok(Page(template.render()))
}

#[derive(Debug, Deserialize)]
struct ReplyForm {
    #[serde(default)]
    cuerpo: String,
    #[serde(default)]
    pide_info: Option<String>,
}

async fn reply(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let viewer = require(&visit, &back, |_| true)?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let author = viewer.user_id;
    let paging = Paging::new(None, REPLIES_PER_PAGE);
    let (member, silence) = standing(&state, &visit).await?;
    if let Some(silence) = silence.filter(|_| !allows(member, Action::Reply, Owner::Someone)) {
        // Refused, with the reason; what was written stays in the box.
        let text = silence_text(&state, visit.locale, &silence);
        let around = Around::refused(form.cuerpo, text);
        let page = topic_page(&state, &visit, id, paging, around).await?;
        return Ok((StatusCode::FORBIDDEN, page).into_response());
    }
    if let Some(wait) = limits::hit(&state.db, Doing::Posting, author, client).await? {
        let text = state.i18n.text(visit.locale, "forum-too-fast");
        let around = Around::refused(form.cuerpo, text);
        let page = topic_page(&state, &visit, id, paging, around).await?;
        return Ok(soporte_platform::web::too_many_requests(
            page.into_response(),
            wait,
        ));
    }
    let opening = store::posts(&state.db, id, 1, 1).await?;
    if opening
        .first()
        .is_none_or(|opening| unreviewed_for(&visit, member, opening))
    {
        return Err(WebError::not_found());
    }
    let problem = match Body::parse(&form.cuerpo) {
        Ok(body) if links_refused(member, &body) => "forum-problem-links",
        Ok(body) => {
            let asks_for_info = form.pide_info.is_some();
            match store::reply(&state.db, id, author, &body, asks_for_info).await {
                Ok((number, unknown)) => {
                    trust::advance(&state.db, author).await?;
                    let path = post_path(id, number);
                    // Posted; the page says if it waits for a moderator, or that some
                    // @name matched nobody.
                    return Ok(see_other(
                        &if store::is_pending(&state.db, id, number).await? {
                            with_notice(&path, "revision")
                        } else if unknown.is_empty() {
                            path
                        } else {
                            with_notice(&path, "mencion")
                        },
                    ));
                }
                Err(TopicError::Closed) => "forum-closed-text",
                Err(TopicError::Refused(_)) => "forum-solved-needs-no-info",
                Err(error) => return Err(error.into()),
            }
        }
        Err(problem) => problem.message_id(),
    };
    // The topic again, with what was written still in the box.
    let text = state.i18n.text(visit.locale, problem);
    let page = topic_page(
        &state,
        &visit,
        id,
        paging,
        Around::refused(form.cuerpo, text),
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Debug, Deserialize)]
struct SolutionForm {
    #[serde(default)]
    mensaje: String,
}

async fn solution(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<SolutionForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let viewer = require(&visit, &back, |_| true)?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let topic = store::topic(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let (member, _) = standing(&state, &visit).await?;
    if !allows(member, Action::MarkSolution, owner(&visit, topic.author_id)) {
        return Err(WebError::forbidden());
    }
    // An empty choice takes the mark away.
    let post = match form.mensaje.trim() {
        "" => None,
        text => Some(text.parse::<PostId>().map_err(|_| {
            WebError::bad_request("forum-not-solution-title", "forum-not-solution-text")
        })?),
    };
    store::set_solution(&state.db, id, post, viewer.user_id).await?;
    Ok(see_other(&back))
}

#[derive(Debug, Deserialize)]
struct VoteForm {
    #[serde(default)]
    valor: String,
}

async fn me_too(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<VoteForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let viewer = require(&visit, &back, |_| true)?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let topic = store::topic(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let mine = owner(&visit, topic.author_id);
    if topic.kind != Kind::Question {
        return Err(WebError::bad_request(
            "forum-vote-title",
            "forum-vote-discussion",
        ));
    }
    let (member, _) = standing(&state, &visit).await?;
    if !allows(member, Action::MeToo, mine) {
        return Err(WebError::status(StatusCode::FORBIDDEN)
            .saying("forum-vote-title", "forum-vote-own-question"));
    }
    if let Some(wait) = limits::hit(&state.db, Doing::Voting, viewer.user_id, client).await? {
        return Err(too_fast(wait, "forum-too-fast-marks"));
    }
    store::me_too(&state.db, id, viewer.user_id, form.valor != "0").await?;
    Ok(see_other(&back))
}

async fn helpful(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<VoteForm>,
) -> Answer {
    let viewer = require(&visit, "/comunidad", |_| true)?;
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let post = store::post_by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    if post.number == 1 {
        return Err(WebError::bad_request(
            "forum-vote-title",
            "forum-vote-opening",
        ));
    }
    let (member, _) = standing(&state, &visit).await?;
    if !allows(member, Action::MarkHelpful, owner(&visit, post.author_id)) {
        return Err(WebError::status(StatusCode::FORBIDDEN)
            .saying("forum-vote-title", "forum-vote-own-reply"));
    }
    if let Some(wait) = limits::hit(&state.db, Doing::Voting, viewer.user_id, client).await? {
        return Err(too_fast(wait, "forum-too-fast-marks"));
    }
    store::helpful(&state.db, id, viewer.user_id, form.valor != "0").await?;
    Ok(see_other(&post_path(post.topic, post.number)))
}

// ---- editing and history ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "forum/edit.html")]
struct EditTemplate<'a> {
    shell: Shell<'a>,
    action: String,
    back: String,
    title: Option<String>,
    body: String,
    reason: String,
    needs_reason: bool,
    problem: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct EditForm {
    #[serde(default)]
    titulo: Option<String>,
    #[serde(default)]
    cuerpo: String,
    #[serde(default)]
    motivo: String,
}

/// The post `id` and its topic, for someone allowed to edit it.
async fn editable(
    state: &AppState,
    visit: &Visit,
    id: &str,
) -> Result<(store::Post, store::Topic, UserId, bool), WebError> {
    let back = format!("/comunidad/mensaje/{id}/editar");
    let viewer = require(visit, &back, |_| true)?;
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let post = store::post_by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let topic = store::topic(&state.db, post.topic)
        .await?
        .ok_or_else(WebError::not_found)?;
    let mine = owner(visit, post.author_id);
    let (member, _) = standing(state, visit).await?;
    if member.silenced {
        return Err(WebError::forbidden().saying("forum-silenced-title", "forum-silenced-text"));
    }
    if !allows(member, Action::Edit, mine) {
        return Err(WebError::forbidden());
    }
    Ok((post, topic, viewer.user_id, mine == Owner::Someone))
}

fn edit_page(
    state: &AppState,
    visit: &Visit,
    post: &store::Post,
    form: EditForm,
    needs_reason: bool,
    problem: Option<&'static str>,
) -> Response {
    let action = format!("/comunidad/mensaje/{}/editar", post.id);
    let shell = Shell::new(state, visit, &action);
    let page = EditTemplate {
        back: post_path(post.topic, post.number),
        title: form.titulo,
        body: form.cuerpo,
        reason: form.motivo,
        needs_reason,
        problem: problem.map(|id| shell.t(id)),
        action,
        shell,
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, Page(page.render())).into_response()
}

async fn edit_form(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    let (post, topic, _, needs_reason) = editable(&state, &visit, &id).await?;
    let form = EditForm {
        titulo: (post.number == 1).then(|| topic.title.clone()),
        cuerpo: post.body.clone(),
        motivo: String::new(),
    };
    Ok(edit_page(&state, &visit, &post, form, needs_reason, None))
}

async fn save_edit(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(mut form): Form<EditForm>,
) -> Answer {
    let (post, _, editor, needs_reason) = editable(&state, &visit, &id).await?;
    let (member, _) = standing(&state, &visit).await?;
    if post.number != 1 {
        form.titulo = None;
    }
    let title = match form.titulo.as_deref().map(Title::parse).transpose() {
        Ok(title) => title,
        Err(problem) => {
            return Ok(edit_page(
                &state,
                &visit,
                &post,
                form,
                needs_reason,
                Some(problem.message_id()),
            ));
        }
    };
    // Links a post already had may stay; a new member adds none.
    let adds_links = |body: &Body| {
        markup::links_and_images(body.as_str()) > markup::links_and_images(&post.body)
    };
    let body = match Body::parse(&form.cuerpo) {
        Ok(body) if adds_links(&body) && links_refused(member, &body) => {
            return Ok(edit_page(
                &state,
                &visit,
                &post,
                form,
                needs_reason,
                Some("forum-problem-links"),
            ));
        }
        Ok(body) => body,
        Err(problem) => {
            return Ok(edit_page(
                &state,
                &visit,
                &post,
                form,
                needs_reason,
                Some(problem.message_id()),
            ));
        }
    };
    let reason: String = form.motivo.split_whitespace().collect::<Vec<_>>().join(" ");
    if needs_reason && reason.is_empty() {
        return Ok(edit_page(
            &state,
            &visit,
            &post,
            form,
            needs_reason,
            Some("forum-edit-needs-reason"),
        ));
    }
    if reason.chars().count() > 300 {
        return Ok(edit_page(
            &state,
            &visit,
            &post,
            form,
            needs_reason,
            Some("forum-edit-reason-long"),
        ));
    }
    store::edit(&state.db, post.id, editor, &body, title.as_ref(), &reason).await?;
    Ok(see_other(&post_path(post.topic, post.number)))
}

struct RevisionView {
    number: i64,
    editor: String,
    at: String,
    reason: String,
    body: String,
}

#[derive(Template)]
#[template(path = "forum/history.html")]
struct HistoryTemplate<'a> {
    shell: Shell<'a>,
    title: String,
    back: String,
    revisions: Vec<RevisionView>,
}

async fn history(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let post = store::post_by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let topic = store::topic(&state.db, post.topic)
        .await?
        .ok_or_else(WebError::not_found)?;
    // A post that is not shown keeps its history from everyone but the moderators and
    // its author: hiding it hides what it said before too.
    if post.visibility != Visibility::Shown {
        let (member, _) = standing(&state, &visit).await?;
        let allowed = allows(member, Action::Moderate, Owner::Someone)
            || owner(&visit, post.author_id) == Owner::TheActor;
        if !allowed {
            return Err(WebError::not_found());
        }
    }
    let revisions = store::revisions(&state.db, id).await?;
    let path = format!("/comunidad/mensaje/{id}/historial");
    let shell = Shell::new(&state, &visit, &path);
    let page = HistoryTemplate {
        title: topic.title,
        back: post_path(post.topic, post.number),
        revisions: revisions
            .into_iter()
            .map(|revision| RevisionView {
                number: revision.number,
                editor: revision
                    .editor
                    .unwrap_or_else(|| shell.t("forum-former-member")),
                at: text::time_utc(revision.at),
                reason: revision.reason,
                body: revision.body,
            })
            .collect(),
        shell,
    };
    if post.visibility == Visibility::Shown {
        Ok(Page(page.render()).cacheable())
    } else {
        Ok(Page(page.render()).into_response())
    }
}
