//! The tracker's pages: the lists (the whole tracker, a product, with filters, an Atom
//! feed and a CSV export each), a product's release notes, a report with its comments,
//! attachments (as downloads only) and activity, and what people do on it: comment,
//! "me afecta también", subscribe, triage, mark duplicates. The report form is in
//! [`crate::filing`], the staff's products in [`crate::products`].

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, ShownLink, Subject};
use soporte_platform::storage::UserId;
use soporte_platform::text;
use soporte_platform::web::cache::Memo;
use soporte_platform::web::paging::{PageLinks, Paging};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::catalog::{self, Duty, Product};
use crate::listing::{self, Filter, Listed, Params, Search, Sort, Statuses};
use crate::policy::{Action, Person, allows, mover};
use crate::report::{CommentText, Tags};
use crate::saved::{self, Saved};
use crate::status::{self, Importance, Mover, Status};
use crate::store::{self, Bug, BugError, Changes};
use crate::{AttachmentId, BugId, ComponentId, SeriesId};
use soporte_platform::attachments::{self as attachment, Refused, read_multipart};

pub(crate) type Answer = Result<Response, WebError>;

/// Where reports are filed.
pub const REPORT_PATH: &str = "/errores/reportar";
const LIST_PATH: &str = "/errores";
/// Reports a list shows at a time.
const PER_PAGE: u32 = 50;
/// The most reports a feed or an export carries.
const EXPORT_MAX: i64 = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST_PATH, get(tracker))
        .route("/errores/feed.atom", get(feed))
        .route("/errores/export.csv", get(export))
        .route("/errores/producto/{slug}", get(product_page))
        .route("/errores/busquedas", post(save_search))
        .route("/errores/busquedas/{id}", get(saved_page))
        .route("/errores/busquedas/{id}/borrar", post(forget_search))
        .route(
            "/errores/producto/{slug}/notas/{series}",
            get(release_notes),
        )
        .route("/errores/{id}", get(bug_page))
        .route("/errores/{id}/comentar", post(comment))
        .route("/errores/{id}/me-afecta", post(affected))
        .route("/errores/{id}/suscripcion", post(subscription))
        .route("/errores/{id}/estado", post(triage))
        .route("/errores/{id}/duplicado", post(duplicate))
        .route("/errores/adjuntos/{id}", get(download))
        .merge(crate::api::routes())
        .merge(crate::filing::routes())
        .merge(crate::products::routes())
        .layer(Extension(Arc::new(Kept::new())))
}

/// What the lists and report pages read, kept until the next change (like the pages):
/// the products with their series and components, and each list's reports (but those
/// a text search found, which follows the event log a moment later).
pub(crate) struct Kept {
    catalog: Memo<(), Arc<Vec<Product>>>,
    lists: Memo<String, Arc<Vec<Listed>>>,
}

/// How long a kept list or catalog may be served at most.
const KEPT_TTL: Duration = Duration::from_secs(60);

impl Kept {
    fn new() -> Kept {
        Kept {
            catalog: Memo::new(KEPT_TTL, 1),
            lists: Memo::new(KEPT_TTL, 1_000),
        }
    }

    /// Every product, as [`catalog::all`] reads them.
    pub(crate) async fn products(
        &self,
        state: &AppState,
    ) -> Result<Arc<Vec<Product>>, sqlx::Error> {
        if let Some(kept) = self.catalog.get(&state.pages, &()) {
            return Ok(kept);
        }
        let generation = state.pages.generation();
        let products = Arc::new(catalog::all(&state.db).await?);
        self.catalog.put(generation, (), products.clone());
        Ok(products)
    }

    /// The reports `filter` lets through, as [`listing::list`] reads them.
    async fn list(
        &self,
        (state, locale): (&AppState, Locale),
        filter: &Filter,
        (limit, offset): (i64, i64),
    ) -> Result<Arc<Vec<Listed>>, sqlx::Error> {
        let search = search(state, locale);
        if filter.text.is_some() {
            let listed = listing::list(&state.db, search, filter, limit, offset).await?;
            return Ok(Arc::new(listed));
        }
        let key = format!("{filter:?} {limit} {offset}");
        if let Some(kept) = self.lists.get(&state.pages, &key) {
            return Ok(kept);
        }
        let generation = state.pages.generation();
        let listed = Arc::new(listing::list(&state.db, search, filter, limit, offset).await?);
        self.lists.put(generation, key, listed.clone());
        Ok(listed)
    }
}

pub(crate) fn person(visit: &Visit) -> Person<'_> {
    match &visit.viewer {
        Some(viewer) => Person {
            actor: Actor::Person(&viewer.roles),
            silenced: viewer
                .silence
                .as_ref()
                .is_some_and(|silence| silence.until > soporte_platform::storage::now_ms()),
        },
        None => Person {
            actor: Actor::Visitor,
            silenced: false,
        },
    }
}

/// The signed-in person, when the policy lets them take `action` (a visitor is sent to
/// sign in and come back to `back`).
pub(crate) fn may<'v>(
    visit: &'v Visit,
    action: Action,
    back: &str,
) -> Result<&'v soporte_platform::accounts::sessions::Viewer, WebError> {
    let allowed = allows(person(visit), action);
    require(visit, back, |_| allowed)
}

/// The words of `status` in `locale`, with its fix's series.
pub(crate) fn status_words(
    state: &AppState,
    locale: Locale,
    status: Status,
    series: Option<&str>,
) -> String {
    crate::notify::status_words(state, locale, status, series)
}

/// A report in a list, ready for the page.
pub(crate) struct Row {
    pub href: String,
    pub number: String,
    pub title: String,
    pub product: String,
    pub component: String,
    pub status: String,
    pub status_class: &'static str,
    pub importance: String,
    pub assignee: String,
    pub affected: i64,
    pub heat: i64,
    pub updated: String,
}

pub(crate) fn row(state: &AppState, locale: Locale, listed: &Listed) -> Row {
    Row {
        href: store::path(listed.id),
        number: listed.id.to_string(),
        title: listed.title.clone(),
        product: listed.product.clone(),
        component: listed.component.clone().unwrap_or_default(),
        status: state.i18n.text(locale, listed.status.message_id()),
        status_class: listed.status.as_str(),
        importance: state.i18n.text(locale, listed.importance.message_id()),
        assignee: listed.assignee.clone().unwrap_or_default(),
        affected: listed.affected,
        heat: listed.heat,
        updated: text::day(listed.updated_at),
    }
}

/// A choice of a `<select>`.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    /// `choices` after a first one with no value, `label`, chosen when none of them is.
    pub(crate) fn or_none(label: String, choices: impl Iterator<Item = Choice>) -> Vec<Choice> {
        let choices: Vec<Choice> = choices.collect();
        let none = Choice {
            value: String::new(),
            label,
            selected: !choices.iter().any(|choice| choice.selected),
        };
        std::iter::once(none).chain(choices).collect()
    }
}

#[derive(Template)]
#[template(path = "bugs/list.html")]
struct ListTemplate<'a> {
    shell: Shell<'a>,
    heading: String,
    product: Option<Product>,
    rows: Vec<Row>,
    paging: PageLinks,
    params: Params,
    products: Vec<Choice>,
    statuses: Vec<Choice>,
    importances: Vec<Choice>,
    sorts: Vec<Choice>,
    feed_href: String,
    csv_href: String,
    action: String,
    may_report: bool,
    problem: Option<String>,
    /// The product's components and series, to narrow a product's list.
    components: Vec<Choice>,
    series: Vec<Choice>,
    /// The viewer's saved searches (address, name), and the one shown, if any.
    signed_in: bool,
    saved: Vec<(String, String)>,
    current: Option<Saved>,
    /// The filters of this list, for saving it.
    query: String,
}

/// The one search, for lists with a text filter.
pub(crate) fn search(state: &AppState, locale: Locale) -> Search<'_> {
    Search {
        finder: state.finder.as_deref(),
        locale,
    }
}

/// `params` as a filter; an unknown product is a 404 that says so.
fn filter_of(params: &Params, products: &[Product]) -> Result<Filter, WebError> {
    Filter::read(params, products).map_err(|_| {
        WebError::not_found().saying("bugs-unknown-product-title", "bugs-unknown-product")
    })
}

fn choices<T: Copy + PartialEq>(
    state: &AppState,
    locale: Locale,
    all: &[T],
    chosen: Option<T>,
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|item| Choice {
            value: value(*item).to_owned(),
            label: state.i18n.text(locale, label(*item)),
            selected: chosen == Some(*item),
        })
        .collect()
}

/// Which list a page shows: every report, a product's, or a saved search.
enum Listing {
    All,
    Product(Product),
    Saved(Saved),
}

async fn list_page(
    (state, kept): (&AppState, &Kept),
    visit: &Visit,
    params: Params,
    listing: Listing,
) -> Answer {
    let products = kept.products(state).await?;
    let (product, current) = match listing {
        Listing::All => (None, None),
        Listing::Product(product) => (Some(product), None),
        Listing::Saved(saved) => (None, Some(saved)),
    };
    let path = match (&product, &current) {
        (Some(product), _) => product.path(),
        (None, Some(saved)) => saved.path(),
        (None, None) => LIST_PATH.to_owned(),
    };
    let mut params = params;
    if let Some(product) = &product {
        params.producto = product.slug.clone();
    }
    let filter = filter_of(&params, &products)?;
    let searched = filter.text.is_some();
    let paging = Paging::new(params.pagina.as_deref(), PER_PAGE);
    let listed = kept
        .list(
            (state, visit.locale),
            &filter,
            (paging.limit(), paging.offset()),
        )
        .await?
        .as_ref()
        .clone();
    let mut pairs = params.pairs();
    if product.is_some() {
        pairs.retain(|(name, _)| *name != "producto");
    }
    if current.is_some() {
        pairs.clear();
    }
    let (listed, links) = paging.page(listed, &path, &pairs);
    let query = params.query();
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let locale = visit.locale;
    let statuses = std::iter::once(Choice {
        value: String::new(),
        label: state.i18n.text(locale, "bugs-filter-open"),
        selected: filter.statuses == Some(Statuses::Open),
    })
    .chain(std::iter::once(Choice {
        value: "todos".to_owned(),
        label: state.i18n.text(locale, "bugs-filter-all"),
        selected: filter.statuses == Some(Statuses::All),
    }))
    .chain(Status::ALL.into_iter().map(|status| Choice {
        value: status.as_str().to_owned(),
        label: state.i18n.text(locale, status.message_id()),
        selected: filter.statuses == Some(Statuses::One(status)),
    }))
    .collect();
    let narrowed = products.iter().find(|p| Some(p.id) == filter.product);
    let components = narrowed
        .iter()
        .flat_map(|product| product.components.iter())
        .map(|component| Choice {
            value: component.slug.clone(),
            label: component.name.clone(),
            selected: filter.component == Some(component.id),
        })
        .collect();
    let series = narrowed
        .iter()
        .flat_map(|product| product.series.iter())
        .map(|series| Choice {
            value: series.name.clone(),
            label: series.name.clone(),
            selected: filter.series == Some(series.id),
        })
        .collect();
    let saved = match &visit.viewer {
        Some(viewer) => saved::of(&state.db, viewer.user_id)
            .await?
            .into_iter()
            .map(|saved| (saved.path(), saved.name))
            .collect(),
        None => Vec::new(),
    };
    let heading = match (&product, &current) {
        (Some(product), _) => product.name.clone(),
        (None, Some(saved)) => saved.name.clone(),
        (None, None) => state.i18n.text(locale, "bugs-title"),
    };
    // The filters of a saved search, changed, make a list of the whole tracker.
    let action = if current.is_some() {
        LIST_PATH.to_owned()
    } else {
        path.clone()
    };
    let page = ListTemplate {
        shell: Shell::new(state, visit, &path),
        components,
        series,
        signed_in: visit.viewer.is_some(),
        saved,
        current,
        query: query.clone(),
        heading,
        rows: listed
            .iter()
            .map(|listed| row(state, locale, listed))
            .collect(),
        paging: links,
        products: products
            .iter()
            .map(|p| Choice {
                value: p.slug.clone(),
                label: p.name.clone(),
                selected: filter.product == Some(p.id),
            })
            .collect(),
        statuses,
        importances: choices(
            state,
            locale,
            &Importance::ALL,
            filter.importance,
            Importance::as_str,
            Importance::message_id,
        ),
        sorts: choices(
            state,
            locale,
            &Sort::ALL,
            filter.sort,
            Sort::param,
            Sort::message_id,
        ),
        feed_href: format!("/errores/feed.atom{suffix}"),
        csv_href: format!("/errores/export.csv{suffix}"),
        action,
        may_report: allows(person(visit), Action::Report) || visit.viewer.is_none(),
        problem: None,
        product,
        params,
    };
    // A text filter answers from the search index, which follows the event log a
    // moment later: such a list is never kept.
    if searched {
        Ok(Page(page.render()).into_response())
    } else {
        Ok(Page(page.render()).cacheable())
    }
}

/// `GET /errores`: every report, filtered.
async fn tracker(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Query(params): Query<Params>,
) -> Answer {
    list_page((&state, &kept), &visit, params, Listing::All).await
}

/// `GET /errores/producto/{slug}`: a product's reports, its series and their notes.
async fn product_page(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<Params>,
) -> Answer {
    let product = kept
        .products(&state)
        .await?
        .iter()
        .find(|product| product.slug == slug)
        .cloned()
        .ok_or_else(WebError::not_found)?;
    list_page((&state, &kept), &visit, params, Listing::Product(product)).await
}

/// Which page of a saved search.
#[derive(Default, Deserialize)]
struct PageParam {
    #[serde(default)]
    pagina: Option<String>,
}

#[derive(Default, Deserialize)]
struct SaveForm {
    #[serde(default)]
    nombre: String,
    #[serde(default)]
    consulta: String,
}

/// `POST /errores/busquedas`: keeps a list's filters under a name.
async fn save_search(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<SaveForm>,
) -> Answer {
    let viewer = may(&visit, Action::Subscribe, LIST_PATH)?;
    let params = Params::from_query(&form.consulta);
    match saved::save(&state.db, viewer.user_id, &form.nombre, &params).await? {
        Ok(id) => Ok(see_other(&format!("/errores/busquedas/{id}"))),
        Err(problem) => Err(WebError::status(StatusCode::UNPROCESSABLE_ENTITY)
            .saying("bugs-saved-refused", problem.message_id())),
    }
}

/// `GET /errores/busquedas/{id}`: a saved search's list, for the person who saved it.
async fn saved_page(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(id): Path<String>,
    Query(page): Query<PageParam>,
) -> Answer {
    let back = format!("/errores/busquedas/{id}");
    let viewer = may(&visit, Action::Subscribe, &back)?;
    let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
    let found = saved::find(&state.db, viewer.user_id, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let params = Params {
        pagina: page.pagina,
        ..found.params()
    };
    list_page((&state, &kept), &visit, params, Listing::Saved(found)).await
}

/// `POST /errores/busquedas/{id}/borrar`.
async fn forget_search(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Answer {
    let viewer = may(&visit, Action::Subscribe, LIST_PATH)?;
    let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
    if !saved::forget(&state.db, viewer.user_id, id).await? {
        return Err(WebError::not_found());
    }
    Ok(see_other(LIST_PATH))
}

#[derive(Template)]
#[template(path = "bugs/notes.html")]
struct NotesTemplate<'a> {
    shell: Shell<'a>,
    product: Product,
    series: String,
    rows: Vec<Row>,
}

/// `GET /errores/producto/{slug}/notas/{series}`: the reports whose fix was published
/// in a series.
async fn release_notes(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, series)): Path<(String, String)>,
) -> Answer {
    let product = catalog::by_slug(&state.db, &slug)
        .await?
        .ok_or_else(WebError::not_found)?;
    let found = product
        .series_named(&series)
        .ok_or_else(WebError::not_found)?
        .clone();
    let filter = Filter {
        product: Some(product.id),
        fixed_series: Some(found.id),
        statuses: Some(Statuses::One(Status::FixReleased)),
        sort: Some(Sort::Newest),
        ..Filter::default()
    };
    let listed = listing::list(
        &state.db,
        search(&state, visit.locale),
        &filter,
        EXPORT_MAX,
        0,
    )
    .await?;
    let path = format!("{}/notas/{}", product.path(), found.name);
    let page = NotesTemplate {
        shell: Shell::new(&state, &visit, &path),
        rows: listed
            .iter()
            .map(|l| row(&state, visit.locale, l))
            .collect(),
        series: found.name,
        product,
    };
    Ok(Page(page.render()).into_response())
}

/// `GET /errores/feed.atom`: the newest reports a list's filters let through.
async fn feed(State(state): State<AppState>, visit: Visit, Query(params): Query<Params>) -> Answer {
    let products = catalog::all(&state.db).await?;
    let mut filter = filter_of(&params, &products)?;
    filter.sort = Some(Sort::Updated);
    let listed = listing::list(&state.db, search(&state, visit.locale), &filter, 50, 0).await?;
    let locale = visit.locale;
    let query = params.query();
    let self_path = if query.is_empty() {
        "/errores/feed.atom".to_owned()
    } else {
        format!("/errores/feed.atom?{query}")
    };
    let updated = listed.iter().map(|l| l.updated_at).max().unwrap_or(0);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n\
         <id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n",
        locale.tag(),
        text::xml(&state.i18n.text(locale, "bugs-feed-title")),
        text::xml(&state.absolute_url(&self_path)),
        text::xml(&state.absolute_url(&self_path)),
        text::xml(&state.absolute_url(LIST_PATH)),
        text::rfc3339(updated),
    ));
    for listed in &listed {
        let url = state.absolute_url(&store::path(listed.id));
        let status = state.i18n.text(locale, listed.status.message_id());
        xml.push_str(&format!(
            "<entry>\n<title>#{} {}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n\
             <author><name>{}</name></author>\n<summary>{} · {}</summary>\n</entry>\n",
            listed.id,
            text::xml(&listed.title),
            text::xml(&url),
            text::xml(&url),
            text::rfc3339(listed.updated_at),
            text::xml(listed.reporter.as_deref().unwrap_or("—")),
            text::xml(&listed.product),
            text::xml(&status),
        ));
    }
    xml.push_str("</feed>\n");
    Ok(([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

/// `GET /errores/export.csv`: a list as a spreadsheet (UTF-8 with a BOM, so accents
/// survive Excel; no cell a spreadsheet would run).
async fn export(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<Params>,
) -> Answer {
    let products = catalog::all(&state.db).await?;
    let filter = filter_of(&params, &products)?;
    let listed = listing::list(
        &state.db,
        search(&state, visit.locale),
        &filter,
        EXPORT_MAX,
        0,
    )
    .await?;
    let locale = visit.locale;
    let mut csv = String::from("\u{feff}");
    let header: Vec<String> = [
        "bugs-column-number",
        "bugs-column-title",
        "bugs-column-product",
        "bugs-column-component",
        "bugs-column-status",
        "bugs-column-importance",
        "bugs-column-assignee",
        "bugs-column-affected",
        "bugs-column-heat",
        "bugs-column-updated",
    ]
    .iter()
    .map(|id| listing::csv_cell(&state.i18n.text(locale, id)))
    .collect();
    csv.push_str(&header.join(","));
    csv.push_str("\r\n");
    for listed in &listed {
        let cells = [
            listed.id.to_string(),
            listed.title.clone(),
            listed.product.clone(),
            listed.component.clone().unwrap_or_default(),
            state.i18n.text(locale, listed.status.message_id()),
            state.i18n.text(locale, listed.importance.message_id()),
            listed.assignee.clone().unwrap_or_default(),
            listed.affected.to_string(),
            listed.heat.to_string(),
            text::day(listed.updated_at),
        ];
        let cells: Vec<String> = cells.iter().map(|cell| listing::csv_cell(cell)).collect();
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"errores.csv\""),
        ],
        csv,
    )
        .into_response())
}

fn bug_id(text: &str) -> Result<BugId, WebError> {
    text.parse().map_err(|_| WebError::not_found())
}

/// A comment ready for the page.
struct CommentShown {
    number: i64,
    author: String,
    at: String,
    html: String,
    files: Vec<FileShown>,
}

struct FileShown {
    href: String,
    name: String,
    kind: String,
    size: String,
}

struct ActivityShown {
    at: String,
    actor: String,
    field: String,
    old: String,
    new: String,
}

#[derive(Template)]
#[template(path = "bugs/bug.html")]
struct BugTemplate<'a> {
    shell: Shell<'a>,
    bug: Bug,
    status: String,
    importance: String,
    files: Vec<FileShown>,
    comments: Vec<CommentShown>,
    activity: Vec<ActivityShown>,
    links: Vec<ShownLink>,
    master: Option<(String, String)>,
    reporter: String,
    assignee: String,
    /// The lists of what the reporter filed and the assignee has.
    reporter_href: Option<String>,
    assignee_href: Option<String>,
    signed_in: bool,
    may_comment: bool,
    may_me_too: bool,
    affected_me: bool,
    subscribed: bool,
    triager: bool,
    may_mark: bool,
    /// The statuses the viewer may move it to.
    moves: Vec<Choice>,
    importances: Vec<Choice>,
    assignees: Vec<Choice>,
    components: Vec<Choice>,
    series: Vec<Choice>,
    tags: String,
    problem: Option<String>,
    notice: Option<String>,
    comment_text: String,
    limit: String,
}

#[derive(Default, Deserialize)]
struct BugParams {
    #[serde(default)]
    aviso: String,
}

/// What the page shows besides the report: a problem and what was written.
#[derive(Default)]
struct Sent {
    status: Option<StatusCode>,
    problem: Option<String>,
    comment: String,
}

/// The field of an activity row in words, and its values.
fn activity_words(
    state: &AppState,
    locale: Locale,
    product: Option<&Product>,
    entry: &store::Activity,
) -> ActivityShown {
    let value = |text: &str| -> String {
        if text.is_empty() {
            return "—".to_owned();
        }
        match entry.field.as_str() {
            "status" | "expired" => Status::parse(text)
                .map_or(text.to_owned(), |s| state.i18n.text(locale, s.message_id())),
            "importance" => Importance::parse(text)
                .map_or(text.to_owned(), |i| state.i18n.text(locale, i.message_id())),
            "component" => text
                .parse::<ComponentId>()
                .ok()
                .and_then(|id| product?.component(id))
                .map_or(text.to_owned(), |c| c.name.clone()),
            "fixed-series" => text
                .parse::<SeriesId>()
                .ok()
                .and_then(|id| product?.series(id))
                .map_or(text.to_owned(), |s| s.name.clone()),
            "duplicate-of" => format!("#{text}"),
            _ => text.to_owned(),
        }
    };
    ActivityShown {
        at: text::time_utc(entry.at),
        actor: entry
            .actor
            .clone()
            .unwrap_or_else(|| state.i18n.text(locale, "bugs-activity-nobody")),
        field: state
            .i18n
            .text(locale, &format!("bugs-field-{}", entry.field)),
        old: value(&entry.old),
        new: value(&entry.new),
    }
}

/// The people a report may be assigned to: the developers of every component of its
/// product and anyone already assigned.
async fn assignable(
    state: &AppState,
    product: &Product,
    bug: &Bug,
) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    let mut people: Vec<(UserId, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = 'developer' AND u.deleted_at IS NULL ORDER BY u.display_name, u.id",
    )
    .fetch_all(state.db.pool())
    .await?;
    for component in &product.components {
        for duty in Duty::ALL {
            for (id, name) in component.with(duty) {
                people.push((id, name.to_owned()));
            }
        }
    }
    if let Some((id, name)) = &bug.assignee {
        people.push((*id, name.clone()));
    }
    people.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    people.dedup_by_key(|(id, _)| *id);
    Ok(people)
}

async fn show(
    (state, kept): (&AppState, &Kept),
    visit: &Visit,
    id: BugId,
    sent: Sent,
    notice: &str,
) -> Answer {
    let bug = store::bug(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let locale = visit.locale;
    let product = kept
        .products(state)
        .await?
        .iter()
        .find(|product| product.id == bug.product)
        .cloned();
    let files = store::attachments(&state.db, id).await?;
    let shown_file = |file: &store::Attachment| FileShown {
        href: format!("/errores/adjuntos/{}", file.id),
        name: file.name.clone(),
        kind: state.i18n.text(locale, file.kind.message_id()),
        size: attachment::size_words(file.size),
    };
    let comments = store::comments(&state.db, id)
        .await?
        .into_iter()
        .map(|comment| CommentShown {
            number: comment.number,
            author: comment.author.unwrap_or_else(|| "—".to_owned()),
            at: text::time_utc(comment.at),
            html: comment.html,
            files: files
                .iter()
                .filter(|file| file.comment == Some(comment.number))
                .map(shown_file)
                .collect(),
        })
        .collect();
    let me = visit.viewer.as_ref().map(|viewer| viewer.user_id);
    let (affected_me, subscribed) = match me {
        Some(me) => store::standing(&state.db, id, me).await?,
        None => (false, false),
    };
    let who = person(visit);
    let own = me.is_some() && bug.reporter.as_ref().map(|(id, _)| *id) == me;
    let moving = mover(who, own);
    let triager = moving == Mover::Triager;
    let people = match &product {
        Some(product) if triager => assignable(state, product, &bug).await?,
        _ => Vec::new(),
    };
    let activity = store::activity(&state.db, id)
        .await?
        .iter()
        .map(|entry| activity_words(state, locale, product.as_ref(), entry))
        .collect();
    let subject = Subject::new(crate::SUBJECT, id.get()).map_err(|_| WebError::not_found())?;
    let links = links::shown(&state.site, &state.db, &state.i18n, &subject, locale).await?;
    let master = match bug.duplicate_of {
        Some(master) => store::described(&state.db, master.get())
            .await?
            .map(|(id, title, _, _)| (store::path(id), format!("#{id} {title}"))),
        None => None,
    };
    let moves = if bug.status == Status::Duplicate {
        Vec::new()
    } else {
        std::iter::once(bug.status)
            .chain(status::choices(moving, bug.status))
            .map(|status| Choice {
                value: status.as_str().to_owned(),
                label: state.i18n.text(locale, status.message_id()),
                selected: status == bug.status,
            })
            .collect()
    };
    let none = state.i18n.text(locale, "bugs-none");
    let assignees = Choice::or_none(
        none.clone(),
        people.iter().map(|(person, name)| Choice {
            value: person.to_string(),
            label: name.clone(),
            selected: bug.assignee.as_ref().map(|(id, _)| id) == Some(person),
        }),
    );
    let components = Choice::or_none(
        none.clone(),
        product.iter().flat_map(|product| {
            product.components.iter().map(|component| Choice {
                value: component.id.to_string(),
                label: component.name.clone(),
                selected: bug.component == Some(component.id),
            })
        }),
    );
    let series = Choice::or_none(
        none,
        product.iter().flat_map(|product| {
            product.series.iter().map(|series| Choice {
                value: series.id.to_string(),
                label: series.name.clone(),
                selected: bug.fixed_series == Some(series.id),
            })
        }),
    );
    let notice = match notice {
        "" => None,
        id if id.starts_with("bugs-notice-page-") && state.i18n.has(locale, id) => {
            Some(state.i18n.text(locale, id))
        }
        _ => None,
    };
    // The report as every visitor sees it (no answer to a form, no notice) is kept
    // until something changes.
    let kept = sent.status.is_none() && notice.is_none();
    let page = BugTemplate {
        shell: Shell::new(state, visit, &bug.path()),
        status: status_words(state, locale, bug.status, bug.fixed_series_name.as_deref()),
        importance: state.i18n.text(locale, bug.importance.message_id()),
        files: files
            .iter()
            .filter(|file| file.comment.is_none())
            .map(shown_file)
            .collect(),
        comments,
        activity,
        links,
        master,
        reporter: bug
            .reporter
            .as_ref()
            .map_or("—".to_owned(), |(_, name)| name.clone()),
        assignee: bug.assignee.as_ref().map_or_else(
            || state.i18n.text(locale, "bugs-unassigned"),
            |(_, name)| name.clone(),
        ),
        reporter_href: bug
            .reporter
            .as_ref()
            .map(|(id, _)| format!("/errores?reportero={id}&estado=todos")),
        assignee_href: bug
            .assignee
            .as_ref()
            .map(|(id, _)| format!("/errores?asignado={id}")),
        signed_in: me.is_some(),
        may_comment: allows(who, Action::Comment),
        may_me_too: allows(who, Action::MeToo),
        affected_me,
        subscribed,
        triager,
        may_mark: allows(who, Action::MarkDuplicate),
        moves,
        importances: choices(
            state,
            locale,
            &Importance::ALL,
            Some(bug.importance),
            Importance::as_str,
            Importance::message_id,
        ),
        assignees,
        components,
        series,
        tags: bug.tags.join(", "),
        problem: sent.problem,
        notice,
        comment_text: sent.comment,
        limit: attachment::limit_words(state, locale),
        bug,
    };
    if kept {
        return Ok(Page(page.render()).cacheable());
    }
    let status = sent.status.unwrap_or(StatusCode::OK);
    Ok((status, Page(page.render())).into_response())
}

/// `GET /errores/{id}`.
async fn bug_page(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(id): Path<String>,
    Query(params): Query<BugParams>,
) -> Answer {
    let id = bug_id(&id)?;
    show((&state, &kept), &visit, id, Sent::default(), &params.aviso).await
}

/// `POST /errores/{id}/comentar`: a comment with attachments.
async fn comment(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Answer {
    let id = bug_id(&id)?;
    let path = store::path(id);
    let viewer = may(&visit, Action::Comment, &path)?;
    let sent = read_multipart(multipart).await?;
    let written = sent.field("comentario").to_owned();
    let refuse = |status: StatusCode, message: &str, written: String| Sent {
        status: Some(status),
        problem: Some(state.i18n.text(visit.locale, message)),
        comment: written,
    };
    let text = match CommentText::parse(&written) {
        Ok(text) => text,
        Err(problem) => {
            let sent = refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                problem.message_id(),
                written,
            );
            return show((&state, &kept), &visit, id, sent, "").await;
        }
    };
    let files = match sent.files(attachment::max_bytes(&state), 0) {
        Ok(files) => files,
        Err(refused) => {
            let status = match refused {
                Refused::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let sent = refuse(status, refused.message_id(), written);
            return show((&state, &kept), &visit, id, sent, "").await;
        }
    };
    let mut staged: Vec<AttachmentId> = Vec::new();
    for file in &files {
        staged.push(store::stage(&state.db, viewer.user_id, file).await?);
    }
    match store::comment(
        &state.db,
        &state.queue,
        id,
        viewer.user_id,
        (&text, &staged),
    )
    .await
    {
        Ok(number) => Ok(see_other(&format!("{path}#comentario-{number}"))),
        Err(BugError::NotFound) => Err(WebError::not_found()),
        Err(error) => Err(WebError::internal(error)),
    }
}

#[derive(Default, Deserialize)]
struct FlagForm {
    #[serde(default)]
    valor: String,
}

/// `POST /errores/{id}/me-afecta`.
async fn affected(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Answer {
    let on = form.valor != "no";
    flag(&state, &visit, &id, (Action::MeToo, on)).await
}

/// `POST /errores/{id}/suscripcion`.
async fn subscription(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Answer {
    let on = form.valor != "no";
    flag(&state, &visit, &id, (Action::Subscribe, on)).await
}

/// Says the viewer is affected by report `id` ([`Action::MeToo`]) or follows it
/// ([`Action::Subscribe`]), or not (`on`).
async fn flag(state: &AppState, visit: &Visit, id: &str, (action, on): (Action, bool)) -> Answer {
    let id = bug_id(id)?;
    let path = store::path(id);
    let viewer = may(visit, action, &path)?;
    let set = if action == Action::MeToo {
        store::set_affected(&state.db, id, viewer.user_id, on).await
    } else {
        store::set_subscribed(&state.db, id, viewer.user_id, on).await
    };
    match set {
        Ok(_) => Ok(see_other(&path)),
        Err(BugError::NotFound) => Err(WebError::not_found()),
        Err(error) => Err(WebError::internal(error)),
    }
}

#[derive(Default, Deserialize)]
struct TriageForm {
    #[serde(default)]
    estado: String,
    importancia: Option<String>,
    asignado: Option<String>,
    componente: Option<String>,
    corregido_en: Option<String>,
    etiquetas: Option<String>,
}

/// An optional id field: absent is no change, empty is none, a number is that one.
fn optional_id<T: std::str::FromStr>(field: Option<&String>) -> Result<Option<Option<T>>, ()> {
    match field.map(|text| text.trim()) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(text) => text.parse().map(|id| Some(Some(id))).map_err(|_| ()),
    }
}

/// `POST /errores/{id}/estado`: a triager's changes, or the reporter's move (answer
/// Incompleto, close as invalid).
async fn triage(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<TriageForm>,
) -> Answer {
    let id = bug_id(&id)?;
    let path = store::path(id);
    let viewer = require(&visit, &path, |_| true)?;
    let bug = store::bug(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let own = bug.reporter.as_ref().map(|(id, _)| *id) == Some(viewer.user_id);
    let moving = mover(person(&visit), own);
    let unknown = || BugError::UnknownChoice;
    let changes = (|| -> Result<Changes, BugError> {
        let status = match form.estado.trim() {
            "" => None,
            text => Some(Status::parse(text).ok_or(status::MoveRefused::Impossible)?),
        };
        let importance = match form.importancia.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(Importance::parse(text).ok_or_else(unknown)?),
        };
        let tags = match &form.etiquetas {
            None => None,
            Some(text) => Some(Tags::parse(text).map_err(|_| BugError::BadTags)?),
        };
        Ok(Changes {
            status,
            importance,
            assignee: optional_id(form.asignado.as_ref()).map_err(|_| unknown())?,
            component: optional_id(form.componente.as_ref()).map_err(|_| unknown())?,
            fixed_series: optional_id(form.corregido_en.as_ref()).map_err(|_| unknown())?,
            tags,
        })
    })();
    let outcome = match changes {
        Ok(changes) => {
            store::change(
                &state.db,
                &state.queue,
                id,
                (viewer.user_id, moving),
                &changes,
            )
            .await
        }
        Err(error) => Err(error),
    };
    settled((&state, &kept), &visit, id, outcome.map(|_| ())).await
}

#[derive(Default, Deserialize)]
struct DuplicateForm {
    #[serde(default)]
    de: String,
}

/// `POST /errores/{id}/duplicado`: `de` names the master (a number, `#12`, or the
/// master's address), empty unmarks.
async fn duplicate(
    State(state): State<AppState>,
    Extension(kept): Extension<Arc<Kept>>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<DuplicateForm>,
) -> Answer {
    let id = bug_id(&id)?;
    let path = store::path(id);
    let viewer = may(&visit, Action::MarkDuplicate, &path)?;
    let written = form.de.trim();
    let master = if written.is_empty() {
        Ok(None)
    } else {
        written
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_start_matches('#')
            .parse::<BugId>()
            .map(Some)
            .map_err(|_| BugError::NoMaster)
    };
    let outcome = match master {
        Ok(master) => {
            store::mark_duplicate(&state.db, &state.queue, id, master, viewer.user_id).await
        }
        Err(error) => Err(error),
    };
    settled((&state, &kept), &visit, id, outcome).await
}

/// What a change to report `id` came to: back to its page, or the page with what
/// was refused (403 for a move that is not the person's, else 422).
async fn settled(
    (state, kept): (&AppState, &Kept),
    visit: &Visit,
    id: BugId,
    outcome: Result<(), BugError>,
) -> Answer {
    let error = match outcome {
        Ok(()) => return Ok(see_other(&store::path(id))),
        Err(BugError::NotFound) => return Err(WebError::not_found()),
        Err(BugError::Database(error)) => return Err(WebError::internal(error)),
        Err(error) => error,
    };
    let status = match &error {
        BugError::Move(status::MoveRefused::NotYours) => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let message = error.message_id().unwrap_or("bugs-unknown-choice");
    let sent = Sent {
        status: Some(status),
        problem: Some(state.i18n.text(visit.locale, message)),
        comment: String::new(),
    };
    show((state, kept), visit, id, sent, "").await
}

/// `GET /errores/adjuntos/{id}`: always a download, never a page.
async fn download(State(state): State<AppState>, Path(id): Path<String>) -> Answer {
    let id: AttachmentId = id.parse().map_err(|_| WebError::not_found())?;
    let (name, kind, bytes) = store::download(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(attachment::download(&name, kind, bytes))
}
