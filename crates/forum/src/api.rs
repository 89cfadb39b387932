//! The forum's part of the JSON API (`/api/v1`): listing and reading topics (anyone),
//! and, with a personal token of write scope, asking, replying, "a mí también",
//! "me fue útil" and marking the solution. The same policy, limits and state machine
//! as the pages; errors are the API's one JSON shape, in the caller's language.
//!
//! The request schemas say exactly what is accepted, so that data they allow is never
//! refused as malformed: what depends on the forum's contents answers 404 (no such
//! category, topic or post), 409 (a closed topic, a step the question cannot take) or
//! 403 (the policy).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use soporte_platform::accounts::api_tokens::Scope;
use soporte_platform::accounts::bearer;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::web::api::ApiError;
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::{AppState, Lang, WebError};
use utoipa::{IntoParams, ToSchema};

use crate::limits::{self, Doing};
use crate::moderation::{self, Visibility};
use crate::pages::Answer;
use crate::policy::{Action, Member, Owner, allows};
use crate::post::{Body, Kind, Tags, Title};
use crate::question::State as QuestionState;
use crate::store::{self, Cursor, Direction, Filter, NewTopic, Sort, TopicError};
use crate::{PostId, TopicId, categories};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/topics", get(list_topics).post(create_topic))
        .route("/api/v1/topics/{id}", get(read_topic))
        .route("/api/v1/topics/{id}/replies", post(create_reply))
        .route("/api/v1/topics/{id}/solution", put(set_solution))
        .route("/api/v1/topics/{id}/me-too", put(set_me_too))
        .route("/api/v1/posts/{id}/helpful", put(set_helpful))
}

/// The forum's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list_topics,
    create_topic,
    read_topic,
    create_reply,
    set_solution,
    set_me_too,
    set_helpful
))]
pub struct ForumApi;

/// A topic in a list.
#[derive(Serialize, ToSchema)]
pub(crate) struct TopicSummary {
    id: i64,
    /// `question` or `discussion`.
    kind: &'static str,
    /// A question's state (`open`, `needs-info`, `answered`, `solved`, `expired`);
    /// none for a discussion.
    state: Option<&'static str>,
    title: String,
    category: i64,
    author: Option<String>,
    replies: i64,
    me_too: i64,
    closed: bool,
    /// Milliseconds since the epoch.
    activity_at: i64,
    tags: Vec<String>,
    /// Where to read it on the site.
    path: String,
}

/// A new member's post with links or images is refused (the draft is the caller's).
fn check_links(caller: &Caller, body: &Body) -> Result<(), WebError> {
    if crate::pages::links_refused(caller.member(), body) {
        return Err(WebError::forbidden().saying("forum-refused-title", "forum-problem-links"));
    }
    Ok(())
}

/// A page of topics.
#[derive(Serialize, ToSchema)]
pub(crate) struct TopicPage {
    topics: Vec<TopicSummary>,
    /// The `after` of the next page; none on the last.
    next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// A category's slug.
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    category: Option<String>,
    /// A tag.
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 30)]
    tag: Option<String>,
    /// A question's state.
    #[param(inline)]
    state: Option<StateName>,
    /// The order.
    #[param(inline)]
    sort: Option<SortName>,
    /// Where the page starts: the `next` of the previous page.
    #[param(pattern = "^-?[0-9]{1,18}\\.[0-9]{1,18}$")]
    after: Option<String>,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StateName {
    Open,
    NeedsInfo,
    Answered,
    Solved,
    Expired,
}

impl StateName {
    fn state(self) -> QuestionState {
        match self {
            StateName::Open => QuestionState::Open,
            StateName::NeedsInfo => QuestionState::NeedsInfo,
            StateName::Answered => QuestionState::Answered,
            StateName::Solved => QuestionState::Solved,
            StateName::Expired => QuestionState::Expired,
        }
    }
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SortName {
    Activity,
    Unanswered,
    Solved,
    Votes,
}

/// Topics a page of the API holds.
const PER_PAGE: i64 = 30;

/// Topics, newest activity first (or as `sort` says), a page at a time.
#[utoipa::path(
    get,
    path = "/topics",
    operation_id = "listTopics",
    params(ListParams),
    responses(
        (status = 200, description = "A page of topics", body = TopicPage),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn list_topics(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Answer {
    // What the description promises to refuse: anything but a slug of the right size.
    let slug = |text: &str, max: usize| {
        !text.is_empty() && text.len() <= max && soporte_platform::text::slug(text) == text
    };
    if params
        .category
        .as_deref()
        .is_some_and(|text| !slug(text, 80))
        || params.tag.as_deref().is_some_and(|text| !slug(text, 30))
    {
        return Err(WebError::bad_request(
            "error-400-title",
            "forum-api-bad-filter",
        ));
    }
    if params
        .after
        .as_deref()
        .is_some_and(|text| Cursor::parse(text).is_none())
    {
        return Err(WebError::bad_request(
            "error-400-title",
            "forum-api-bad-filter",
        ));
    }
    let category = match params.category.as_deref() {
        Some(slug) => Some(
            categories::by_slug(&state.db, slug)
                .await?
                .ok_or_else(WebError::not_found)?
                .id,
        ),
        None => None,
    };
    let filter = Filter {
        category,
        tag: params.tag.as_deref().and_then(crate::post::tag_filter),
        state: params.state.map(StateName::state),
        sort: match params.sort {
            None | Some(SortName::Activity) => Sort::Activity,
            Some(SortName::Unanswered) => Sort::Unanswered,
            Some(SortName::Solved) => Sort::Solved,
            Some(SortName::Votes) => Sort::Votes,
        },
    };
    let from = params
        .after
        .as_deref()
        .and_then(Cursor::parse)
        .map(|cursor| (Direction::After, cursor));
    let (topics, more) = store::list(&state.db, &filter, from, PER_PAGE).await?;
    let next = topics
        .last()
        .filter(|_| more)
        .map(|topic| topic.cursor.to_param());
    let topics = topics
        .into_iter()
        .map(|topic| TopicSummary {
            id: topic.id.get(),
            kind: topic.kind.as_str(),
            state: topic.state.map(QuestionState::as_str),
            title: topic.title,
            category: topic.category.get(),
            author: topic.author,
            replies: topic.replies,
            me_too: topic.me_too,
            closed: topic.closed,
            activity_at: topic.activity_at,
            tags: topic.tags,
            path: crate::pages::topic_path(topic.id),
        })
        .collect();
    Ok(Json(TopicPage { topics, next }).into_response())
}

/// A post as the API gives it.
#[derive(Serialize, ToSchema)]
pub(crate) struct PostOut {
    id: i64,
    /// Its place in the topic, from 1 (the question or the discussion's opening).
    number: i64,
    author: Option<String>,
    /// The Markdown as written; empty when a moderator withheld it.
    body: String,
    /// The body rendered through the site's sanitizer; empty when withheld.
    html: String,
    /// `shown`, or why it is withheld: `flagged`, `hidden`, `spam`.
    visibility: &'static str,
    helpful: i64,
    asks_for_info: bool,
    created_at: i64,
}

/// A topic with a page of its posts.
#[derive(Serialize, ToSchema)]
pub(crate) struct TopicOut {
    #[serde(flatten)]
    summary: TopicSummary,
    /// The post marked as the solution.
    solution: Option<i64>,
    /// The opening post, then the replies of the page asked for.
    posts: Vec<PostOut>,
    /// Whether a later page of replies exists.
    more: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// The page of replies, from 1 (20 replies a page).
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
}

fn post_out(post: store::Post) -> PostOut {
    let shown = post.visibility == Visibility::Shown;
    PostOut {
        id: post.id.get(),
        number: post.number,
        author: post.author,
        body: if shown { post.body } else { String::new() },
        html: if shown { post.html } else { String::new() },
        visibility: post.visibility.as_str(),
        helpful: post.helpful,
        asks_for_info: post.asks_for_info,
        created_at: post.created_at,
    }
}

/// The path parameter of a topic or a post.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct IdParam {
    /// Its id.
    #[param(minimum = 1)]
    id: i64,
}

/// A topic (a question or a discussion) with a page of its replies.
#[utoipa::path(
    get,
    path = "/topics/{id}",
    operation_id = "getTopic",
    params(IdParam, PageParams),
    responses(
        (status = 200, description = "The topic", body = TopicOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn read_topic(
    State(state): State<AppState>,
    Path(IdParam { id }): Path<IdParam>,
    Query(params): Query<PageParams>,
) -> Answer {
    let id = TopicId::new(id);
    let topic = store::topic(&state.db, id)
        .await?
        .filter(|topic| topic.shown)
        .ok_or_else(WebError::not_found)?;
    let page = i64::from(params.page.unwrap_or(1).clamp(1, 10_000));
    let per_page = i64::from(crate::pages::REPLIES_PER_PAGE);
    let first = 2 + (page - 1) * per_page;
    let mut posts = store::posts(&state.db, id, 1, 1).await?;
    let mut replies = store::posts(&state.db, id, first, first + per_page).await?;
    let more = replies.len() as i64 > per_page;
    replies.truncate(usize::try_from(per_page).unwrap_or(0));
    posts.extend(replies);
    let summary = TopicSummary {
        id: topic.id.get(),
        kind: topic.kind.as_str(),
        state: topic.state.map(QuestionState::as_str),
        category: topic.category.get(),
        author: topic.author,
        replies: topic.posts - 1,
        me_too: topic.me_too,
        closed: topic.closed,
        activity_at: topic.activity_at,
        tags: topic.tags,
        path: crate::pages::topic_path(id),
        title: topic.title,
    };
    let out = TopicOut {
        summary,
        solution: topic.solution.map(PostId::get),
        posts: posts.into_iter().map(post_out).collect(),
        more,
    };
    Ok(Json(out).into_response())
}

/// The caller as the forum's policy sees them (roles and silence).
struct Caller {
    user: soporte_platform::storage::UserId,
    roles: Vec<soporte_platform::accounts::Role>,
    level: crate::trust::Level,
    silenced: bool,
}

impl Caller {
    fn member(&self) -> Member<'_> {
        Member {
            actor: Actor::Person(&self.roles),
            level: self.level,
            silenced: self.silenced,
        }
    }

    fn owner(&self, of: Option<soporte_platform::storage::UserId>) -> Owner {
        if of == Some(self.user) {
            Owner::TheActor
        } else {
            Owner::Someone
        }
    }
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, WebError> {
    let token = bearer(state, headers, Scope::Write).await?;
    let roles = token.roles;
    let silenced = moderation::silence_of(&state.db, token.user_id)
        .await?
        .is_some();
    let level = crate::trust::level(&state.db, token.user_id, &roles).await?;
    Ok(Caller {
        user: token.user_id,
        roles,
        level,
        silenced,
    })
}

fn refused() -> WebError {
    WebError::forbidden()
}

fn conflict(text: &'static str) -> WebError {
    WebError::status(StatusCode::CONFLICT).saying("forum-refused-title", text)
}

async fn slow_down(
    state: &AppState,
    doing: Doing,
    caller: &Caller,
    client: std::net::IpAddr,
) -> Result<(), WebError> {
    match limits::hit(&state.db, doing, caller.user, client).await? {
        Some(wait) => Err(crate::pages::too_fast(wait, doing.too_fast_id())),
        None => Ok(()),
    }
}

/// A new topic.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTopicIn {
    /// A category's slug.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    category: String,
    #[schema(inline)]
    kind: KindName,
    /// One line: a letter or digit first (after an opening ¿ or ¡), single spaces
    /// between words, no control or direction characters.
    #[schema(
        min_length = 8,
        max_length = 200,
        pattern = "^[¿¡]?[0-9A-Za-z\u{00C0}-\u{024F}][^\\s\\x00-\\x1F\\x7F-\\x9F\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FDD0}-\u{FDEF}\u{FFFE}\u{FFFF}]*( [^\\s\\x00-\\x1F\\x7F-\\x9F\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FDD0}-\u{FDEF}\u{FFFE}\u{FFFF}]+)*$"
    )]
    title: String,
    /// Markdown, with at least one letter or digit.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "[0-9A-Za-z\u{00C0}-\u{024F}]"
    )]
    body: String,
    /// Up to five tags. Each is made a slug (`Wi-Fi` → `wi-fi`); one that gives no
    /// slug, or one longer than 30 characters, is left out, as are repeats.
    #[schema(max_items = 5)]
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum KindName {
    Question,
    Discussion,
}

/// Where a new topic or reply is.
#[derive(Serialize, ToSchema)]
pub(crate) struct Created {
    /// The topic's id.
    topic: i64,
    /// The post's place in the topic.
    number: i64,
    /// Where to read it on the site.
    path: String,
    /// It waits for a moderator before others see it (a new member's first posts).
    pending: bool,
}

/// What a 422 says about a field that does not parse.
fn invalid(field: &str) -> WebError {
    WebError::status(StatusCode::UNPROCESSABLE_ENTITY)
        .saying("error-400-title", field_message(field))
}

fn field_message(field: &str) -> &'static str {
    match field {
        "title" => "forum-problem-title-short",
        "body" => "forum-problem-body-empty",
        "post" => "forum-not-solution-text",
        _ => "forum-problem-tags-many",
    }
}

/// Asks a question or opens a discussion (write scope).
#[utoipa::path(
    post,
    path = "/topics",
    operation_id = "createTopic",
    security(("bearerAuth" = [])),
    request_body = NewTopicIn,
    responses(
        (status = 201, description = "The new topic", body = Created),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn create_topic(
    State(state): State<AppState>,
    headers: HeaderMap,
    Lang(language): Lang,
    ClientIp(client): ClientIp,
    Json(input): Json<NewTopicIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    if !allows(caller.member(), Action::Ask, Owner::TheActor) {
        return Err(refused());
    }
    let category = categories::by_slug(&state.db, &input.category)
        .await?
        .ok_or_else(WebError::not_found)?;
    let title = Title::parse(&input.title).map_err(|_| invalid("title"))?;
    let body = Body::parse(&input.body).map_err(|_| invalid("body"))?;
    let tags = input
        .tags
        .iter()
        .filter_map(|tag| crate::post::tag_filter(tag))
        .collect::<Vec<_>>()
        .join(",");
    let tags = Tags::parse(&tags).map_err(|_| invalid("tags"))?;
    check_links(&caller, &body)?;
    slow_down(&state, Doing::Posting, &caller, client).await?;
    let topic = NewTopic {
        category: category.id,
        language,
        kind: match input.kind {
            KindName::Question => Kind::Question,
            KindName::Discussion => Kind::Discussion,
        },
        title,
        body,
        tags,
    };
    let id = store::create(&state.db, &topic, caller.user).await?;
    crate::trust::advance(&state.db, caller.user).await?;
    let created = Created {
        topic: id.get(),
        number: 1,
        path: crate::pages::topic_path(id),
        pending: store::is_pending(&state.db, id, 1).await?,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// A reply.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReplyIn {
    /// Markdown, with at least one letter or digit.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "[0-9A-Za-z\u{00C0}-\u{024F}]"
    )]
    body: String,
    /// The reply asks the asker for more information (a helper's reply to a question).
    #[serde(default)]
    asks_for_info: bool,
}

impl From<TopicError> for ApiRefusal {
    fn from(error: TopicError) -> ApiRefusal {
        ApiRefusal(match error {
            TopicError::NotFound => WebError::not_found(),
            TopicError::Closed => conflict("forum-closed-text"),
            TopicError::NotAQuestion | TopicError::OpeningPost => {
                conflict("forum-not-solution-text")
            }
            TopicError::Refused(_) => conflict("forum-refused-text"),
            TopicError::Database(error) => error.into(),
        })
    }
}

/// A write refused by the forum's rules, as the API says it (409 rather than 400: the
/// request was well formed; the forum's state refuses it).
struct ApiRefusal(WebError);

impl From<ApiRefusal> for WebError {
    fn from(refusal: ApiRefusal) -> WebError {
        refusal.0
    }
}

/// Replies to a topic (write scope).
#[utoipa::path(
    post,
    path = "/topics/{id}/replies",
    operation_id = "createReply",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = ReplyIn,
    responses(
        (status = 201, description = "The new reply", body = Created),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn create_reply(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<ReplyIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    if !allows(caller.member(), Action::Reply, Owner::Someone) {
        return Err(refused());
    }
    let body = Body::parse(&input.body).map_err(|_| invalid("body"))?;
    let id = TopicId::new(id);
    store::topic(&state.db, id)
        .await?
        .filter(|topic| topic.shown)
        .ok_or_else(WebError::not_found)?;
    check_links(&caller, &body)?;
    slow_down(&state, Doing::Posting, &caller, client).await?;
    let (number, _) = store::reply(&state.db, id, caller.user, &body, input.asks_for_info)
        .await
        .map_err(ApiRefusal::from)?;
    crate::trust::advance(&state.db, caller.user).await?;
    let created = Created {
        topic: id.get(),
        number,
        path: crate::pages::post_path(id, number),
        pending: store::is_pending(&state.db, id, number).await?,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// The solution to mark, or none to take the mark away.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SolutionIn {
    /// A reply's id; null to take the mark away.
    #[schema(value_type = Option<i64>, minimum = 1)]
    post: Option<serde_json::Number>,
}

/// A JSON number that is a whole number (`7` or `7.0`, as JSON Schema's `integer`
/// allows), as an id.
fn whole(number: &serde_json::Number) -> Option<i64> {
    number.as_i64().or_else(|| {
        let value = number.as_f64()?;
        let whole = value.fract() == 0.0 && value.abs() < 9.0e15;
        whole.then_some(value as i64)
    })
}

/// A question's state after a change.
#[derive(Serialize, ToSchema)]
pub(crate) struct StateOut {
    state: &'static str,
    solution: Option<i64>,
}

/// Marks a reply as the solution, or takes the mark away (the asker or a moderator;
/// write scope).
#[utoipa::path(
    put,
    path = "/topics/{id}/solution",
    operation_id = "setSolution",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = SolutionIn,
    responses(
        (status = 200, description = "The question's state", body = StateOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn set_solution(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<SolutionIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    let id = TopicId::new(id);
    let topic = store::topic(&state.db, id)
        .await?
        .filter(|topic| topic.shown)
        .ok_or_else(WebError::not_found)?;
    if !allows(
        caller.member(),
        Action::MarkSolution,
        caller.owner(topic.author_id),
    ) {
        return Err(refused());
    }
    let post = match &input.post {
        Some(number) => Some(PostId::new(whole(number).ok_or_else(|| invalid("post"))?)),
        None => None,
    };
    store::set_solution(&state.db, id, post, caller.user)
        .await
        .map_err(ApiRefusal::from)?;
    let after = store::topic(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let out = StateOut {
        state: after.state.map_or("", QuestionState::as_str),
        solution: after.solution.map(PostId::get),
    };
    Ok(Json(out).into_response())
}

/// Whether the caller says so.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VoteIn {
    on: bool,
}

/// A count after a vote.
#[derive(Serialize, ToSchema)]
pub(crate) struct CountOut {
    count: i64,
}

/// Says or takes back "a mí también me pasa" on a question (not one's own; write scope).
#[utoipa::path(
    put,
    path = "/topics/{id}/me-too",
    operation_id = "setMeToo",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = VoteIn,
    responses(
        (status = 200, description = "How many people it happens to", body = CountOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn set_me_too(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<VoteIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    let id = TopicId::new(id);
    let topic = store::topic(&state.db, id)
        .await?
        .filter(|topic| topic.shown)
        .ok_or_else(WebError::not_found)?;
    if topic.kind != Kind::Question {
        return Err(conflict("forum-vote-discussion"));
    }
    if !allows(
        caller.member(),
        Action::MeToo,
        caller.owner(topic.author_id),
    ) {
        return Err(refused());
    }
    slow_down(&state, Doing::Voting, &caller, client).await?;
    let count = store::me_too(&state.db, id, caller.user, input.on)
        .await
        .map_err(ApiRefusal::from)?;
    Ok(Json(CountOut { count }).into_response())
}

/// Marks or unmarks a reply as helpful (not one's own; write scope).
#[utoipa::path(
    put,
    path = "/posts/{id}/helpful",
    operation_id = "setHelpful",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = VoteIn,
    responses(
        (status = 200, description = "How many people found it helpful", body = CountOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn set_helpful(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<VoteIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    let post = store::post_by_id(&state.db, PostId::new(id))
        .await?
        .filter(|post| post.visibility == Visibility::Shown)
        .ok_or_else(WebError::not_found)?;
    if post.number == 1 {
        return Err(conflict("forum-vote-opening"));
    }
    if !allows(
        caller.member(),
        Action::MarkHelpful,
        caller.owner(post.author_id),
    ) {
        return Err(refused());
    }
    slow_down(&state, Doing::Voting, &caller, client).await?;
    let (_, count) = store::helpful(&state.db, post.id, caller.user, input.on)
        .await
        .map_err(ApiRefusal::from)?;
    Ok(Json(CountOut { count }).into_response())
}
