//! The tracker's part of the JSON API (`/api/v1`): listing, searching and reading
//! reports (anyone), and, with a personal token of write scope, filing, commenting and
//! changing a report's status as the caller may. The same parsing, policy and status
//! table as the pages; errors are the API's one JSON shape, in the caller's language.
//!
//! The request schemas say exactly what is accepted, so that data they allow is never
//! refused as malformed: what depends on the tracker's contents answers 404 (no such
//! product, component, version or report), 409 (a move the status table does not have)
//! or 403 (the policy).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::{Deserialize, Serialize};
use soporte_platform::accounts::api_tokens::Scope;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::accounts::{Role, bearer};
use soporte_platform::storage::UserId;
use soporte_platform::web::api::ApiError;
use soporte_platform::web::paging::Paging;
use soporte_platform::web::{AppState, Lang, WebError};
use utoipa::{IntoParams, ToSchema};

use crate::BugId;
use crate::listing::{self, Filter, Sort, Statuses};
use crate::pages::{Answer, Kept};
use crate::policy::{Action, Person, allows, mover};
use crate::report::{Architecture, CommentText, Description, Tags, Title};
use crate::status::{Importance, MoveRefused, Status};
use crate::store::{self, BugError, Changes, NewBug};

/// Reports a page of the list holds.
const PER_PAGE: u32 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/bugs", get(list_bugs).post(file_bug))
        .route("/api/v1/bugs/{id}", get(read_bug))
        .route("/api/v1/bugs/{id}/comments", post(comment_bug))
        .route("/api/v1/bugs/{id}/status", post(change_bug))
}

/// The tracker's part of the API description.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list_bugs, file_bug, read_bug, comment_bug, change_bug))]
pub struct BugsApi;

/// A status, as the API names it.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StatusName {
    New,
    Incomplete,
    Confirmed,
    Triaged,
    InProgress,
    FixCommitted,
    FixReleased,
    Invalid,
    WontFix,
    Duplicate,
}

impl StatusName {
    fn status(self) -> Status {
        match self {
            StatusName::New => Status::New,
            StatusName::Incomplete => Status::Incomplete,
            StatusName::Confirmed => Status::Confirmed,
            StatusName::Triaged => Status::Triaged,
            StatusName::InProgress => Status::InProgress,
            StatusName::FixCommitted => Status::FixCommitted,
            StatusName::FixReleased => Status::FixReleased,
            StatusName::Invalid => Status::Invalid,
            StatusName::WontFix => Status::WontFix,
            StatusName::Duplicate => Status::Duplicate,
        }
    }
}

/// An importance, as the API names it.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ImportanceName {
    Critical,
    High,
    Medium,
    Low,
    Wishlist,
    Undecided,
}

impl ImportanceName {
    fn importance(self) -> Importance {
        match self {
            ImportanceName::Critical => Importance::Critical,
            ImportanceName::High => Importance::High,
            ImportanceName::Medium => Importance::Medium,
            ImportanceName::Low => Importance::Low,
            ImportanceName::Wishlist => Importance::Wishlist,
            ImportanceName::Undecided => Importance::Undecided,
        }
    }
}

/// Which statuses a list holds: the open ones, all, or one.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StatusFilter {
    Open,
    All,
    New,
    Incomplete,
    Confirmed,
    Triaged,
    InProgress,
    FixCommitted,
    FixReleased,
    Invalid,
    WontFix,
    Duplicate,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SortName {
    Heat,
    Newest,
    Updated,
}

#[derive(Clone, Copy, Deserialize, ToSchema)]
pub(crate) enum ArchitectureName {
    #[serde(rename = "x86_64")]
    X86_64,
    #[serde(rename = "aarch64")]
    Aarch64,
    #[serde(rename = "riscv64")]
    Riscv64,
    #[serde(rename = "i686")]
    I686,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// A product's slug.
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    product: Option<String>,
    /// Which statuses (the open ones when not given).
    #[param(inline)]
    status: Option<StatusFilter>,
    #[param(inline)]
    importance: Option<ImportanceName>,
    /// A tag.
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 30)]
    tag: Option<String>,
    /// Words to search for.
    #[param(max_length = 200)]
    q: Option<String>,
    #[param(inline)]
    sort: Option<SortName>,
    /// The page, from 1.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
}

/// A report in a list.
#[derive(Serialize, ToSchema)]
pub(crate) struct BugSummary {
    id: i64,
    title: String,
    product: String,
    component: Option<String>,
    status: &'static str,
    importance: &'static str,
    assignee: Option<String>,
    affected: i64,
    heat: i64,
    /// Milliseconds since the epoch.
    updated_at: i64,
    /// Where to read it on the site.
    path: String,
}

/// A page of reports.
#[derive(Serialize, ToSchema)]
pub(crate) struct BugPage {
    bugs: Vec<BugSummary>,
    /// The next page's number; none on the last.
    next: Option<u32>,
}

fn slug_ok(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && soporte_platform::text::slug(text) == text
}

/// Lists and searches reports.
#[utoipa::path(
    get,
    path = "/bugs",
    operation_id = "listBugs",
    params(ListParams),
    responses(
        (status = 200, description = "A page of reports", body = BugPage),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn list_bugs(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    Lang(language): Lang,
    Query(params): Query<ListParams>,
) -> Answer {
    if params
        .product
        .as_deref()
        .is_some_and(|text| !slug_ok(text, 80))
        || params.tag.as_deref().is_some_and(|text| !slug_ok(text, 30))
        || params
            .q
            .as_deref()
            .is_some_and(|text| text.chars().count() > 200)
        || params
            .page
            .is_some_and(|page| !(1..=10_000).contains(&page))
    {
        return Err(WebError::bad_request(
            "error-400-title",
            "bugs-api-bad-filter",
        ));
    }
    let product = match params.product.as_deref() {
        Some(slug) => Some(
            kept.products(&state)
                .await?
                .iter()
                .find(|product| product.slug == slug)
                .ok_or_else(WebError::not_found)?
                .id,
        ),
        None => None,
    };
    let statuses = match params.status {
        None | Some(StatusFilter::Open) => Statuses::Open,
        Some(StatusFilter::All) => Statuses::All,
        Some(one) => {
            let name = match one {
                StatusFilter::New => StatusName::New,
                StatusFilter::Incomplete => StatusName::Incomplete,
                StatusFilter::Confirmed => StatusName::Confirmed,
                StatusFilter::Triaged => StatusName::Triaged,
                StatusFilter::InProgress => StatusName::InProgress,
                StatusFilter::FixCommitted => StatusName::FixCommitted,
                StatusFilter::FixReleased => StatusName::FixReleased,
                StatusFilter::Invalid => StatusName::Invalid,
                StatusFilter::WontFix => StatusName::WontFix,
                StatusFilter::Duplicate | StatusFilter::Open | StatusFilter::All => {
                    StatusName::Duplicate
                }
            };
            Statuses::One(name.status())
        }
    };
    let filter = Filter {
        product,
        statuses: Some(statuses),
        importance: params.importance.map(ImportanceName::importance),
        tag: params.tag.clone(),
        text: params
            .q
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned),
        sort: Some(match params.sort {
            None => Sort::Default,
            Some(SortName::Heat) => Sort::Heat,
            Some(SortName::Newest) => Sort::Newest,
            Some(SortName::Updated) => Sort::Updated,
        }),
        ..Filter::default()
    };
    let page = params.page.unwrap_or(1);
    let paging = Paging::new(Some(&page.to_string()), PER_PAGE);
    let search = crate::pages::search(&state, language);
    let mut listed =
        listing::list(&state.db, search, &filter, paging.limit(), paging.offset()).await?;
    let more = listed.len() > PER_PAGE as usize;
    listed.truncate(PER_PAGE as usize);
    let bugs = listed
        .into_iter()
        .map(|listed| BugSummary {
            id: listed.id.get(),
            title: listed.title,
            product: listed.product,
            component: listed.component,
            status: listed.status.as_str(),
            importance: listed.importance.as_str(),
            assignee: listed.assignee,
            affected: listed.affected,
            heat: listed.heat,
            updated_at: listed.updated_at,
            path: store::path(listed.id),
        })
        .collect();
    let next = (more && page < 10_000).then_some(page + 1);
    Ok(Json(BugPage { bugs, next }).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct IdParam {
    /// The report's number.
    #[param(minimum = 1)]
    id: i64,
}

/// A comment.
#[derive(Serialize, ToSchema)]
pub(crate) struct CommentOut {
    number: i64,
    author: Option<String>,
    /// The comment rendered to sanitized HTML.
    html: String,
    /// Milliseconds since the epoch.
    at: i64,
}

/// A change of the activity log.
#[derive(Serialize, ToSchema)]
pub(crate) struct ActivityOut {
    /// Milliseconds since the epoch.
    at: i64,
    actor: Option<String>,
    field: String,
    old: String,
    new: String,
}

/// A report with its comments and activity.
#[derive(Serialize, ToSchema)]
pub(crate) struct BugOut {
    id: i64,
    title: String,
    product: String,
    component: Option<String>,
    /// The version it was seen in.
    version: Option<String>,
    /// The version its fix is ready or published in.
    fixed_in: Option<String>,
    architecture: Option<String>,
    status: &'static str,
    importance: &'static str,
    assignee: Option<String>,
    reporter: Option<String>,
    duplicate_of: Option<i64>,
    affected: i64,
    subscribers: i64,
    duplicates: i64,
    heat: i64,
    tags: Vec<String>,
    /// Markdown.
    description: String,
    /// Milliseconds since the epoch.
    created_at: i64,
    updated_at: i64,
    path: String,
    comments: Vec<CommentOut>,
    activity: Vec<ActivityOut>,
}

/// A report, with its comments and every change.
#[utoipa::path(
    get,
    path = "/bugs/{id}",
    operation_id = "getBug",
    params(IdParam),
    responses(
        (status = 200, description = "The report", body = BugOut),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn read_bug(
    State(state): State<AppState>,
    Path(IdParam { id }): Path<IdParam>,
) -> Answer {
    let id = BugId::new(id);
    let bug = store::bug(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let comments = store::comments(&state.db, id)
        .await?
        .into_iter()
        .map(|comment| CommentOut {
            number: comment.number,
            author: comment.author,
            html: comment.html,
            at: comment.at,
        })
        .collect();
    let activity = store::activity(&state.db, id)
        .await?
        .into_iter()
        .map(|entry| ActivityOut {
            at: entry.at,
            actor: entry.actor,
            field: entry.field,
            old: entry.old,
            new: entry.new,
        })
        .collect();
    let out = BugOut {
        id: bug.id.get(),
        path: bug.path(),
        title: bug.title,
        product: bug.product_name,
        component: bug.component_name,
        version: bug.series_name,
        fixed_in: bug.fixed_series_name,
        architecture: (!bug.architecture.is_empty()).then_some(bug.architecture),
        status: bug.status.as_str(),
        importance: bug.importance.as_str(),
        assignee: bug.assignee.map(|(_, name)| name),
        reporter: bug.reporter.map(|(_, name)| name),
        duplicate_of: bug.duplicate_of.map(BugId::get),
        affected: bug.affected,
        subscribers: bug.subscribers,
        duplicates: bug.duplicates,
        heat: bug.heat,
        tags: bug.tags,
        description: bug.description,
        created_at: bug.created_at,
        updated_at: bug.updated_at,
        comments,
        activity,
    };
    Ok(Json(out).into_response())
}

/// Who calls with a token of write scope.
struct Caller {
    user: UserId,
    roles: Vec<Role>,
    silenced: bool,
}

impl Caller {
    fn person(&self) -> Person<'_> {
        Person {
            actor: Actor::Person(&self.roles),
            silenced: self.silenced,
        }
    }
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, WebError> {
    let token = bearer(state, headers, Scope::Write).await?;
    Ok(Caller {
        user: token.user_id,
        roles: token.roles,
        silenced: token.silenced,
    })
}

fn invalid(message: &'static str) -> WebError {
    WebError::status(StatusCode::UNPROCESSABLE_ENTITY).saying("error-400-title", message)
}

/// A report to file.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewBugIn {
    /// The product's slug.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    product: String,
    /// One line: a letter or digit first (after an opening ¿ or ¡), single spaces
    /// between words, no control or direction characters.
    #[schema(
        min_length = 8,
        max_length = 200,
        pattern = "^[¿¡]?[0-9A-Za-z\u{00C0}-\u{024F}][^\\s\\x00-\\x1F\\x7F-\\x9F\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FDD0}-\u{FDEF}\u{FFFE}\u{FFFF}]*( [^\\s\\x00-\\x1F\\x7F-\\x9F\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FDD0}-\u{FDEF}\u{FFFE}\u{FFFF}]+)*$"
    )]
    title: String,
    /// What happened, in Markdown, with at least one letter or digit.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "[0-9A-Za-z\u{00C0}-\u{024F}]"
    )]
    what_happened: String,
    /// The steps to reproduce it, in Markdown.
    #[serde(default)]
    #[schema(max_length = 20000)]
    steps: String,
    /// What was expected, in Markdown.
    #[serde(default)]
    #[schema(max_length = 20000)]
    expected: String,
    /// A component's slug.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    component: Option<String>,
    /// A version (series) of the product, such as `2.1`.
    #[schema(min_length = 1, max_length = 80)]
    version: Option<String>,
    #[schema(inline)]
    architecture: Option<ArchitectureName>,
    /// Up to eight tags. Each is made a slug (`Wi-Fi` → `wi-fi`); one that gives no
    /// slug, or one longer than 30 characters, is left out, as are repeats.
    #[serde(default)]
    #[schema(max_items = 8)]
    tags: Vec<String>,
}

/// What was made.
#[derive(Serialize, ToSchema)]
pub(crate) struct Filed {
    id: i64,
    path: String,
}

/// Files a report (write scope).
#[utoipa::path(
    post,
    path = "/bugs",
    operation_id = "fileBug",
    security(("bearerAuth" = [])),
    request_body = NewBugIn,
    responses(
        (status = 201, description = "The new report", body = Filed),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn file_bug(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    headers: HeaderMap,
    Lang(language): Lang,
    Json(input): Json<NewBugIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    if !allows(caller.person(), Action::Report) {
        return Err(WebError::forbidden());
    }
    let products = kept.products(&state).await?;
    let product = products
        .iter()
        .find(|product| product.slug == input.product)
        .ok_or_else(WebError::not_found)?;
    let component = match input.component.as_deref() {
        Some(slug) => Some(
            product
                .component_slug(slug)
                .ok_or_else(WebError::not_found)?
                .id,
        ),
        None => None,
    };
    let series = match input.version.as_deref() {
        Some(name) => Some(
            product
                .series_named(name)
                .ok_or_else(WebError::not_found)?
                .id,
        ),
        None => None,
    };
    let title = Title::parse(&input.title).map_err(|problem| invalid(problem.message_id()))?;
    let description = Description::parse(&input.what_happened, &input.steps, &input.expected)
        .map_err(|problem| invalid(problem.message_id()))?;
    let tags: Vec<String> = input
        .tags
        .iter()
        .map(|tag| soporte_platform::text::slug(tag))
        .filter(|tag| !tag.is_empty() && tag.chars().count() <= crate::report::TAG_MAX)
        .collect();
    let tags = Tags::parse(&tags.join(",")).map_err(|problem| invalid(problem.message_id()))?;
    let headings = (
        state.i18n.text(language, "bugs-field-steps"),
        state.i18n.text(language, "bugs-field-expected"),
    );
    let architecture = match input.architecture {
        None => Architecture::Unknown,
        Some(ArchitectureName::X86_64) => Architecture::X86_64,
        Some(ArchitectureName::Aarch64) => Architecture::Aarch64,
        Some(ArchitectureName::Riscv64) => Architecture::Riscv64,
        Some(ArchitectureName::I686) => Architecture::I686,
    };
    let bug = NewBug {
        product: product.id,
        component,
        series,
        architecture,
        title,
        description: description.markdown((&headings.0, &headings.1)),
        language: language.tag(),
        tags,
        staged: Vec::new(),
        origin: None,
    };
    let id = store::create(&state.db, &state.queue, &bug, caller.user).await?;
    let filed = Filed {
        id: id.get(),
        path: store::path(id),
    };
    Ok((StatusCode::CREATED, Json(filed)).into_response())
}

/// A comment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommentIn {
    /// Markdown, with at least one letter or digit.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "[0-9A-Za-z\u{00C0}-\u{024F}]"
    )]
    body: String,
}

/// The comment made.
#[derive(Serialize, ToSchema)]
pub(crate) struct Commented {
    number: i64,
}

fn answer(error: BugError) -> WebError {
    match error {
        BugError::NotFound | BugError::NoMaster => WebError::not_found(),
        BugError::Database(error) => WebError::internal(error),
        BugError::Move(MoveRefused::NotYours) => {
            WebError::forbidden().saying("error-403-title", "bugs-move-not-yours")
        }
        other => WebError::status(StatusCode::CONFLICT).saying(
            "error-400-title",
            other.message_id().unwrap_or("bugs-move-impossible"),
        ),
    }
}

/// Comments on a report (write scope).
#[utoipa::path(
    post,
    path = "/bugs/{id}/comments",
    operation_id = "commentBug",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = CommentIn,
    responses(
        (status = 201, description = "The comment's number", body = Commented),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn comment_bug(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<CommentIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    if !allows(caller.person(), Action::Comment) {
        return Err(WebError::forbidden());
    }
    let text = CommentText::parse(&input.body).map_err(|problem| invalid(problem.message_id()))?;
    let number = store::comment(
        &state.db,
        &state.queue,
        BugId::new(id),
        caller.user,
        (&text, &[]),
    )
    .await
    .map_err(answer)?;
    Ok((StatusCode::CREATED, Json(Commented { number })).into_response())
}

/// A change of status, importance or the version of the fix.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusIn {
    #[schema(inline)]
    status: Option<StatusName>,
    #[schema(inline)]
    importance: Option<ImportanceName>,
    /// The version (series) the fix is in; needed to mark a fix ready or published.
    #[schema(min_length = 1, max_length = 80)]
    fixed_in: Option<String>,
}

/// Changes a report's status (as the status table lets the caller), its importance and
/// the version of its fix (developers and staff) (write scope).
#[utoipa::path(
    post,
    path = "/bugs/{id}/status",
    operation_id = "changeBugStatus",
    security(("bearerAuth" = [])),
    params(IdParam),
    request_body = StatusIn,
    responses(
        (status = 200, description = "The fields that changed", body = [String]),
        (status = "default", description = "Error, with a localized title and message", body = ApiError),
    )
)]
pub(crate) async fn change_bug(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    headers: HeaderMap,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<StatusIn>,
) -> Answer {
    let caller = caller(&state, &headers).await?;
    let id = BugId::new(id);
    let bug = store::bug(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let own = bug.reporter.as_ref().map(|(person, _)| *person) == Some(caller.user);
    let moving = mover(caller.person(), own);
    let fixed_series = match input.fixed_in.as_deref() {
        Some(name) => {
            let products = kept.products(&state).await?;
            let product = products
                .iter()
                .find(|product| product.id == bug.product)
                .ok_or_else(WebError::not_found)?;
            Some(Some(
                product
                    .series_named(name)
                    .ok_or_else(WebError::not_found)?
                    .id,
            ))
        }
        None => None,
    };
    let changes = Changes {
        status: input.status.map(StatusName::status),
        importance: input.importance.map(ImportanceName::importance),
        fixed_series,
        ..Changes::default()
    };
    let changed = store::change(&state.db, &state.queue, id, (caller.user, moving), &changes)
        .await
        .map_err(answer)?;
    Ok(Json(changed).into_response())
}
