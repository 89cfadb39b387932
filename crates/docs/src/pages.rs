//! The documentation's pages: the collections, a collection's table of contents, an
//! article (with its own table of contents, breadcrumbs and previous/next), its
//! history, and the staff's forms to write and edit.

use soporte_platform::storage::UserId;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, ShownLink, Subject};
use soporte_platform::markup::{self, Heading, Rendered};
use soporte_platform::rate_limit::{self, Decision, Limit};
use soporte_platform::web::cache::Memo;
use soporte_platform::web::{
    AppState, Page, Shell, Visit, WebError, require, see_other, too_many_requests,
};

use crate::ArticleId;
use crate::collections::Collection;
use crate::policy::{Action, allows};
use crate::rendered::Renderings;
use crate::store::{self, Article, Draft, Entry, Publish, ReviseError, StoreError};

pub fn routes() -> Router<AppState> {
    let renderings = Arc::new(Renderings::default());
    let memo: Arc<ArticleMemo> = Arc::new(Memo::new(ARTICLE_TTL, 2_000));
    Router::new()
        .route("/documentacion", get(index))
        .route("/documentacion/atom.xml", get(crate::feeds::atom))
        .route("/documentacion/{collection}", get(collection))
        .route(
            "/documentacion/{collection}/nuevo",
            get(new_form).post(create),
        )
        .route("/documentacion/{collection}/{slug}", get(article))
        .route(
            "/documentacion/{collection}/{slug}/editar",
            get(edit_form).post(save),
        )
        .route("/documentacion/{collection}/{slug}/historial", get(history))
        .route(
            "/documentacion/{collection}/{slug}/opinion",
            axum::routing::post(crate::feedback::record),
        )
        .route("/documentacion/utilidad", get(crate::feedback::report))
        .route(
            "/documentacion/imagenes/{id}",
            get(crate::import::images::serve),
        )
        .route("/documentacion/revision", get(crate::review::queue))
        .route(
            "/documentacion/{collection}/{slug}/mover",
            axum::routing::post(move_article),
        )
        .route(
            "/documentacion/revision/{id}/aprobar",
            axum::routing::post(crate::review::approve),
        )
        .route(
            "/documentacion/revision/{id}/rechazar",
            axum::routing::post(crate::review::reject),
        )
        .route(
            "/documentacion/{collection}/{slug}/revertir/{number}",
            axum::routing::post(revert),
        )
        .route(
            "/documentacion/{collection}/{slug}/traduccion",
            axum::routing::post(link_translation),
        )
        .layer(Extension(renderings))
        .layer(Extension(memo))
}

type Answer = Result<Response, WebError>;

/// How long an article's data is kept at most (any change drops it at once).
const ARTICLE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

impl From<StoreError> for WebError {
    /// What a page did not handle itself: a 404 for an address that cannot exist, else
    /// a failure of the database.
    fn from(error: StoreError) -> WebError {
        match error {
            StoreError::EmptySlug => WebError::not_found(),
            StoreError::SlugTaken => WebError::status(StatusCode::CONFLICT),
            StoreError::Database(error) => error.into(),
        }
    }
}

impl From<ReviseError> for WebError {
    /// What a page did not handle itself (a revert racing a save): a 409.
    fn from(error: ReviseError) -> WebError {
        match error {
            ReviseError::SavedMeanwhile => WebError::status(StatusCode::CONFLICT),
            ReviseError::Database(error) => error.into(),
        }
    }
}

fn actor(visit: &Visit) -> Actor<'_> {
    visit
        .viewer
        .as_ref()
        .map_or(Actor::Visitor, |viewer| Actor::Person(&viewer.roles))
}

fn other(locale: Locale) -> Locale {
    match locale {
        Locale::EsMx => Locale::En,
        Locale::En => Locale::EsMx,
    }
}

/// One step of the breadcrumbs.
struct Crumb {
    href: String,
    label: String,
}

fn crumbs(shell: &Shell<'_>, collection: Option<Collection>) -> Vec<Crumb> {
    let mut trail = vec![
        Crumb {
            href: "/".to_owned(),
            label: shell.t("docs-home"),
        },
        Crumb {
            href: "/documentacion".to_owned(),
            label: shell.t("nav-docs"),
        },
    ];
    if let Some(collection) = collection {
        trail.push(Crumb {
            href: collection.path(),
            label: shell.t(collection.message_id()),
        });
    }
    trail
}

// ---- index --------------------------------------------------------------------------

struct Card {
    href: String,
    name: String,
    text: String,
    count: String,
}

#[derive(Template)]
#[template(path = "docs/index.html")]
struct IndexTemplate<'a> {
    shell: Shell<'a>,
    cards: Vec<Card>,
    can_read_feedback: bool,
    can_review: bool,
}

async fn index(State(state): State<AppState>, visit: Visit) -> Answer {
    let counts = store::counts(&state.db, visit.locale).await?;
    let shell = Shell::new(&state, &visit, "/documentacion");
    let cards = counts
        .into_iter()
        .map(|(collection, count)| Card {
            href: collection.path(),
            name: shell.t(collection.message_id()),
            text: shell.t(&format!("{}-text", collection.message_id())),
            count: state
                .i18n
                .text_count(visit.locale, "docs-article-count", "count", count),
        })
        .collect();
    let can_read_feedback = allows(actor(&visit), Action::ReadFeedback);
    let can_review = allows(actor(&visit), Action::Review);
    Ok(Page(
        IndexTemplate {
            shell,
            cards,
            can_read_feedback,
            can_review,
        }
        .render(),
    )
    .cacheable())
}

// ---- a collection -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "docs/collection.html")]
struct CollectionTemplate<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    title: String,
    text: String,
    entries: Vec<Entry>,
    base: String,
    /// Set when nothing exists in the reader's language and the other one is shown.
    fallback_note: Option<String>,
    can_edit: bool,
    can_order: bool,
    pending_note: Option<String>,
}

fn collection_of(slug: &str) -> Result<Collection, WebError> {
    Collection::from_slug(slug).ok_or_else(WebError::not_found)
}

async fn collection(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    axum::extract::Query(query): axum::extract::Query<ArticleQuery>,
) -> Answer {
    let collection = collection_of(&slug)?;
    if collection == Collection::Faq {
        return faq(&state, &visit).await;
    }
    let mut entries = store::contents(&state.db, collection, visit.locale).await?;
    let mut fallback_note = None;
    if entries.is_empty() {
        entries = store::contents(&state.db, collection, other(visit.locale)).await?;
        if !entries.is_empty() {
            fallback_note = Some(state.i18n.text(visit.locale, "docs-other-language"));
        }
    }
    let shell = Shell::new(&state, &visit, &collection.path());
    let page = CollectionTemplate {
        crumbs: crumbs(&shell, None),
        title: shell.t(collection.message_id()),
        text: shell.t(&format!("{}-text", collection.message_id())),
        entries,
        base: collection.path(),
        fallback_note,
        can_edit: can_write(actor(&visit), collection),
        can_order: allows(actor(&visit), Action::EditGuides),
        pending_note: query
            .pendiente
            .map(|_| state.i18n.text(visit.locale, "docs-pending-notice")),
        shell,
    };
    Ok(Page(page.render()).cacheable())
}

// ---- an article ---------------------------------------------------------------------

#[derive(Template)]
#[template(path = "docs/article.html")]
struct ArticleTemplate<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    title: String,
    lang: &'static str,
    fallback_note: Option<String>,
    toc: Vec<Heading>,
    /// The article's text, rendered once per revision.
    rendered: Arc<Rendered>,
    previous: Option<Entry>,
    next: Option<Entry>,
    base: String,
    slug: String,
    updated: String,
    can_edit: bool,
    thanked: bool,
    pending_note: Option<String>,
    translation: Option<TranslationLink>,
    /// For staff: the articles that can be linked as this one's translation.
    choices: Vec<TranslationChoice>,
    /// The label of the staff's form, naming the other language.
    translation_label: String,
    /// Questions, bugs and other rungs' things linked to this article.
    links: Vec<ShownLink>,
    related: Vec<(String, String)>,
}

/// The article in the reader's language, else in the other one.
async fn find_either(
    state: &AppState,
    visit: &Visit,
    collection: Collection,
    slug: &str,
) -> Result<Article, WebError> {
    for locale in [visit.locale, other(visit.locale)] {
        if let Some(article) = store::find(&state.db, collection, locale, slug).await? {
            return Ok(article);
        }
    }
    Err(WebError::not_found())
}

#[derive(Deserialize)]
struct ArticleQuery {
    gracias: Option<String>,
    pendiente: Option<String>,
    /// `es` or `en`: this language's article, even when the reader's has a version.
    idioma: Option<String>,
}

/// The article at `slug` in `language` only.
async fn find_in(
    state: &AppState,
    collection: Collection,
    language: Locale,
    slug: &str,
) -> Result<Article, WebError> {
    store::find(&state.db, collection, language, slug)
        .await?
        .ok_or_else(WebError::not_found)
}

/// The link to an article's version in the other language.
struct TranslationLink {
    href: String,
    lang: &'static str,
    label: String,
    title: String,
}

/// What staff choose from to link a translation.
struct TranslationChoice {
    id: ArticleId,
    title: String,
    selected: bool,
}

/// `?idioma=` of a link to an article in `locale`.
pub(crate) fn language_param(locale: Locale) -> &'static str {
    match locale {
        Locale::EsMx => "es",
        Locale::En => "en",
    }
}

/// What an article's page reads from the database for every reader: the article, its
/// translation, its neighbours in the collection and its links (in the reader's
/// language). Kept until the next change ([`ArticleMemo`]), so a signed-in reader's
/// page reads only what is theirs.
#[derive(Clone)]
pub(crate) struct ArticleData {
    article: Article,
    translation: Option<store::Translation>,
    previous: Option<Entry>,
    next: Option<Entry>,
    links: Vec<ShownLink>,
    /// Settled answers from other rungs the search finds for the article's title
    /// (solved questions of the community): (title, address).
    related: Vec<(String, String)>,
}

/// How many results of the search an article looks through for related questions,
/// and how many it shows.
const RELATED_LOOKED_AT: usize = 12;
const RELATED_SHOWN: usize = 3;

/// Articles' data by collection, address, chosen language and reader's language.
pub(crate) type ArticleMemo = Memo<(Collection, String, Option<Locale>, Locale), Arc<ArticleData>>;

async fn article_data(
    state: &AppState,
    visit: &Visit,
    (collection, slug, chosen, _): &(Collection, String, Option<Locale>, Locale),
) -> Result<ArticleData, WebError> {
    let article = match chosen {
        Some(language) => find_in(state, *collection, *language, slug).await?,
        None => find_either(state, visit, *collection, slug).await?,
    };
    let translation = store::translation(&state.db, &article).await?;
    let entries = store::contents(&state.db, *collection, article.locale).await?;
    let at = entries.iter().position(|entry| entry.slug == article.slug);
    let previous = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| entries.get(i).cloned());
    let next = at.and_then(|i| entries.get(i + 1).cloned());
    let subject = Subject::new(crate::SUBJECT, article.id.get()).map_err(WebError::internal)?;
    let links = links::shown(&state.site, &state.db, &state.i18n, &subject, visit.locale).await?;
    let related = match &state.finder {
        Some(finder) => finder
            .find(&article.title, article.locale, RELATED_LOOKED_AT)
            .await
            .into_iter()
            .filter(|found| found.settled && !found.key.starts_with("doc:"))
            .filter(|found| !links.iter().any(|link| link.href == found.path))
            .take(RELATED_SHOWN)
            .map(|found| (found.title, found.path))
            .collect(),
        None => Vec::new(),
    };
    Ok(ArticleData {
        article,
        translation,
        previous,
        next,
        links,
        related,
    })
}

async fn article(
    State(state): State<AppState>,
    visit: Visit,
    Extension(renderings): Extension<Arc<Renderings>>,
    Extension(memo): Extension<Arc<ArticleMemo>>,
    Path((collection, slug)): Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<ArticleQuery>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let chosen = query.idioma.as_deref().and_then(Locale::from_tag);
    let key = (collection, slug, chosen, visit.locale);
    let data = match memo.get(&state.pages, &key) {
        Some(data) => data,
        None => {
            let generation = state.pages.generation();
            let data = Arc::new(article_data(&state, &visit, &key).await?);
            memo.put(generation, key, data.clone());
            data
        }
    };
    let ArticleData {
        article,
        translation,
        previous,
        next,
        links,
        related,
    } = &*data;
    if chosen.is_none()
        && article.locale != visit.locale
        && let Some(own) = translation.as_ref().filter(|t| t.locale == visit.locale)
    {
        // The reader's language first: their version of the article exists.
        return Ok(see_other(&format!("{}/{}", collection.path(), own.slug)));
    }
    let can_edit = can_write(actor(&visit), collection);
    let choices = if allows(actor(&visit), Action::EditGuides) {
        store::translation_candidates(&state.db, collection, other(article.locale))
            .await?
            .into_iter()
            .map(|(id, title)| TranslationChoice {
                id,
                title,
                selected: translation.as_ref().is_some_and(|t| t.id == id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let rendered = renderings.of(article.id, article.updated_at, &article.body);
    let toc: Vec<Heading> = rendered
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .cloned()
        .collect();
    let path = format!("{}/{}", collection.path(), article.slug);
    let shell = Shell::new(&state, &visit, &path);
    let fallback_note = (article.locale != visit.locale && chosen.is_none())
        .then(|| shell.t("docs-other-language"));
    let translation = translation.as_ref().map(|t| TranslationLink {
        href: format!(
            "{}/{}?idioma={}",
            collection.path(),
            t.slug,
            language_param(t.locale)
        ),
        lang: t.locale.tag(),
        label: shell.t(match t.locale {
            Locale::EsMx => "docs-read-in-spanish",
            Locale::En => "docs-read-in-english",
        }),
        title: t.title.clone(),
    });
    let page = ArticleTemplate {
        links: links.clone(),
        related: related.clone(),
        translation,
        choices,
        translation_label: shell.t(match other(article.locale) {
            Locale::EsMx => "docs-translation-spanish",
            Locale::En => "docs-translation-english",
        }),
        crumbs: crumbs(&shell, Some(collection)),
        title: article.title.clone(),
        lang: article.locale.tag(),
        fallback_note,
        toc: if toc.len() >= 2 { toc } else { Vec::new() },
        rendered,
        previous: previous.clone(),
        next: next.clone(),
        base: collection.path(),
        slug: article.slug.clone(),
        updated: soporte_platform::text::day(article.updated_at),
        can_edit,
        thanked: query.gracias.is_some(),
        pending_note: query
            .pendiente
            .map(|_| state.i18n.text(visit.locale, "docs-pending-notice")),
        shell,
    };
    Ok(Page(page.render()).cacheable())
}

// ---- history ------------------------------------------------------------------------

struct RevisionRow {
    number: i64,
    author: String,
    when: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "docs/history.html")]
struct HistoryTemplate<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    title: String,
    back: String,
    rows: Vec<RevisionRow>,
    newest: i64,
    comparison: Option<Comparison>,
    can_edit: bool,
}

#[derive(Deserialize)]
struct Compare {
    de: Option<i64>,
    a: Option<i64>,
}

/// Two revisions side by side, line by line.
struct Comparison {
    heading: String,
    title_change: Option<(String, String)>,
    lines: Vec<crate::diff::Line>,
}

async fn history(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug)): Path<(String, String)>,
    axum::extract::Query(compare): axum::extract::Query<Compare>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = find_either(&state, &visit, collection, &slug).await?;
    let comparison = match (compare.de, compare.a) {
        (Some(from), Some(to)) => {
            let old = store::revision(&state.db, article.id, from).await?;
            let new = store::revision(&state.db, article.id, to).await?;
            let (Some((old_title, old_body)), Some((new_title, new_body))) = (old, new) else {
                return Err(WebError::not_found());
            };
            Some(Comparison {
                heading: state.i18n.text_with(
                    visit.locale,
                    "docs-comparing",
                    &[("from", &from.to_string()), ("to", &to.to_string())],
                ),
                lines: crate::diff::lines(&old_body, &new_body),
                title_change: (old_title != new_title).then_some((old_title, new_title)),
            })
        }
        _ => None,
    };
    let revisions = store::history(&state.db, article.id).await?;
    let path = format!("{}/{}/historial", collection.path(), article.slug);
    let shell = Shell::new(&state, &visit, &path);
    let deleted = shell.t("deleted-user");
    let rows: Vec<RevisionRow> = revisions
        .into_iter()
        .map(|revision| RevisionRow {
            number: revision.number,
            author: revision
                .author
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| deleted.clone()),
            when: soporte_platform::text::time_utc(revision.at),
            summary: revision.summary,
        })
        .collect();
    let page = HistoryTemplate {
        crumbs: crumbs(&shell, Some(collection)),
        title: state.i18n.text_with(
            visit.locale,
            "docs-history-of",
            &[("title", &article.title)],
        ),
        back: format!("{}/{}", collection.path(), article.slug),
        newest: rows.first().map_or(0, |row: &RevisionRow| row.number),
        rows,
        comparison,
        can_edit: allows(actor(&visit), Action::EditGuides),
        shell,
    };
    Ok(Page(page.render()).cacheable())
}

// ---- writing ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "docs/edit.html")]
struct EditTemplate<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    heading: String,
    action: String,
    title: String,
    body: String,
    summary: String,
    category: String,
    show_category: bool,
    keywords: String,
    base: String,
    /// What a new article is made from on another rung (`topic:5`).
    origin: String,
    problem: Option<String>,
}

#[derive(Deserialize, Default)]
struct DraftForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    keywords: String,
    /// The text's version when the editor opened (empty for a new article).
    #[serde(default)]
    base: String,
    /// What the article is made from on another rung (`topic:5`), for a new one.
    #[serde(default)]
    desde: String,
}

/// The form, filled with `form`, with an optional problem (then status 422).
fn edit_page(
    state: &AppState,
    visit: &Visit,
    collection: Collection,
    action: String,
    heading_id: &str,
    form: DraftForm,
    problem: Option<&str>,
) -> Response {
    let shell = Shell::new(state, visit, &action);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EditTemplate {
        crumbs: crumbs(&shell, Some(collection)),
        heading: shell.t(heading_id),
        problem: problem.map(|id| shell.t(id)),
        action,
        title: form.title,
        body: form.body,
        summary: form.summary,
        category: form.category,
        show_category: collection == Collection::Faq,
        keywords: form.keywords,
        base: form.base,
        origin: form.desde,
        shell,
    };
    (status, Page(page.render())).into_response()
}

/// Changes sent for review by one person: enough for a busy afternoon of writing, too
/// few to bury the reviewers.
pub const SUBMISSIONS_FOR_REVIEW: Limit = Limit {
    name: "docs-review",
    max: 10,
    window: std::time::Duration::from_secs(60 * 60),
};

/// How long `author` must wait when they have sent too many changes for review
/// lately; `None` when this one may go (always for those who publish at once).
async fn submission_wait(
    state: &AppState,
    author: &Writer,
) -> Result<Option<std::time::Duration>, WebError> {
    if author.publish == Publish::Now {
        return Ok(None);
    }
    let key = author.user_id.to_string();
    match rate_limit::hit(&state.db, SUBMISSIONS_FOR_REVIEW, &key).await? {
        Decision::Allowed => Ok(None),
        Decision::Limited { retry_after } => Ok(Some(retry_after)),
    }
}

/// Whether `actor` may write in `collection`: the knowledge base is a wiki for every
/// member; the guides, manuals and FAQ are the staff's.
fn can_write(actor: Actor<'_>, collection: Collection) -> bool {
    match collection {
        Collection::KnowledgeBase => allows(actor, Action::EditKnowledgeBase),
        _ => allows(actor, Action::EditGuides),
    }
}

/// Who writes, and whether their change is published at once.
struct Writer {
    user_id: UserId,
    publish: Publish,
}

/// The writer when the policy lets them write in `collection`.
fn writer(visit: &Visit, path: &str, collection: Collection) -> Result<Writer, WebError> {
    let viewer = require(visit, path, |viewer| {
        can_write(Actor::Person(&viewer.roles), collection)
    })?;
    // A new member's wiki change waits for someone trusted; everyone else publishes.
    let reviewer = allows(Actor::Person(&viewer.roles), Action::Review);
    let publish = if collection == Collection::KnowledgeBase && !reviewer {
        Publish::AfterReview
    } else {
        Publish::Now
    };
    Ok(Writer {
        user_id: viewer.user_id,
        publish,
    })
}

/// The staff member's id (ordering and reverting are theirs).
fn staff(visit: &Visit, path: &str) -> Result<UserId, WebError> {
    require(visit, path, |viewer| {
        allows(Actor::Person(&viewer.roles), Action::EditGuides)
    })
    .map(|viewer| viewer.user_id)
}

/// A checked draft, or the Fluent id of what is wrong with it.
fn check(form: &DraftForm) -> Result<Draft, &'static str> {
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err("docs-title-invalid");
    }
    if form.body.trim().is_empty() || form.body.len() > 500_000 {
        return Err("docs-body-invalid");
    }
    Ok(Draft {
        title: title.to_owned(),
        body: form.body.replace("\r\n", "\n"),
        summary: form.summary.trim().chars().take(300).collect(),
        category: form
            .category
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(80)
            .collect(),
        keywords: form
            .keywords
            .split(',')
            .map(|word| word.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct NewParams {
    #[serde(default)]
    desde: String,
}

async fn new_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(collection): Path<String>,
    axum::extract::Query(params): axum::extract::Query<NewParams>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let action = format!("{}/nuevo", collection.path());
    writer(&visit, &action, collection)?;
    let form = match origin(&state, &visit, collection, &params.desde) {
        Some(subject) => promoted(&state, &visit, &subject).await?,
        None => DraftForm::default(),
    };
    Ok(edit_page(
        &state,
        &visit,
        collection,
        action,
        "docs-new-article",
        form,
        None,
    ))
}

/// The subject `desde` names, when an intake of this area takes it into `collection`
/// and the person may use it.
fn origin(state: &AppState, visit: &Visit, collection: Collection, desde: &str) -> Option<Subject> {
    let subject: Subject = desde.parse().ok()?;
    let roles = &visit.viewer.as_ref()?.roles;
    state
        .site
        .intakes(subject.kind())
        .iter()
        .any(|intake| {
            intake.path == format!("{}/nuevo", collection.path()) && intake.offered_to(roles)
        })
        .then_some(subject)
}

/// A new article's form filled from `subject` on another rung, crediting its authors.
async fn promoted(
    state: &AppState,
    visit: &Visit,
    subject: &Subject,
) -> Result<DraftForm, WebError> {
    let Some(area) = state.site.subject_owner(subject.kind()) else {
        return Err(WebError::not_found());
    };
    let excerpt = area
        .excerpt(&state.db, subject)
        .await?
        .ok_or_else(WebError::not_found)?;
    let credit = state.i18n.text_with(
        visit.locale,
        "docs-promoted-credit",
        &[("authors", &excerpt.authors.join(", "))],
    );
    Ok(DraftForm {
        title: excerpt.title,
        body: format!("{}\n\n*{credit}*\n", excerpt.body),
        summary: credit,
        desde: subject.to_string(),
        ..DraftForm::default()
    })
}

async fn create(
    State(state): State<AppState>,
    visit: Visit,
    Path(collection): Path<String>,
    Form(form): Form<DraftForm>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let action = format!("{}/nuevo", collection.path());
    let author = writer(&visit, &action, collection)?;
    let draft = match check(&form) {
        Ok(draft) => draft,
        Err(problem) => {
            return Ok(edit_page(
                &state,
                &visit,
                collection,
                action,
                "docs-new-article",
                form,
                Some(problem),
            ));
        }
    };
    if let Some(wait) = submission_wait(&state, &author).await? {
        // The edit page again, with what was written.
        let problem = Some("docs-too-many-submissions");
        let page = edit_page(
            &state,
            &visit,
            collection,
            action,
            "docs-new-article",
            form,
            problem,
        );
        return Ok(too_many_requests(page, wait));
    }
    let made_from = origin(&state, &visit, collection, &form.desde);
    match store::create(
        &state.db,
        (collection, visit.locale),
        &draft,
        Some(author.user_id),
        author.publish,
        made_from.as_ref(),
    )
    .await
    {
        Ok(slug) if author.publish == Publish::Now => {
            Ok(see_other(&format!("{}/{slug}", collection.path())))
        }
        Ok(_) => Ok(see_other(&format!("{}?pendiente=1", collection.path()))),
        Err(StoreError::SlugTaken) => Ok(edit_page(
            &state,
            &visit,
            collection,
            action,
            "docs-new-article",
            form,
            Some("docs-title-taken"),
        )),
        Err(StoreError::EmptySlug) => Ok(edit_page(
            &state,
            &visit,
            collection,
            action,
            "docs-new-article",
            form,
            Some("docs-title-invalid"),
        )),
        Err(StoreError::Database(error)) => Err(error.into()),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug)): Path<(String, String)>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = find_either(&state, &visit, collection, &slug).await?;
    let action = format!("{}/{}/editar", collection.path(), article.slug);
    writer(&visit, &action, collection)?;
    let base = store::text_version(&state.db, article.id).await?;
    let form = DraftForm {
        title: article.title,
        body: article.body,
        summary: String::new(),
        category: article.category,
        keywords: article.keywords,
        base: base.to_string(),
        desde: String::new(),
    };
    Ok(edit_page(
        &state,
        &visit,
        collection,
        action,
        "docs-edit-article",
        form,
        None,
    ))
}

async fn save(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug)): Path<(String, String)>,
    Form(form): Form<DraftForm>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = find_either(&state, &visit, collection, &slug).await?;
    let action = format!("{}/{}/editar", collection.path(), article.slug);
    let author = writer(&visit, &action, collection)?;
    let draft = match check(&form) {
        Ok(draft) => draft,
        Err(problem) => {
            return Ok(edit_page(
                &state,
                &visit,
                collection,
                action,
                "docs-edit-article",
                form,
                Some(problem),
            ));
        }
    };
    if let Some(wait) = submission_wait(&state, &author).await? {
        // The edit page again, with what was written.
        let problem = Some("docs-too-many-submissions");
        let page = edit_page(
            &state,
            &visit,
            collection,
            action,
            "docs-edit-article",
            form,
            problem,
        );
        return Ok(too_many_requests(page, wait));
    }
    let pending = if author.publish == Publish::Now {
        ""
    } else {
        "?pendiente=1"
    };
    // A form without its starting point (an old page) is checked against nothing.
    let base = form.base.trim().parse::<i64>().ok();
    match store::revise(
        &state.db,
        &article,
        &draft,
        Some(author.user_id),
        author.publish,
        base,
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/{}{pending}",
            collection.path(),
            article.slug
        ))),
        Err(ReviseError::SavedMeanwhile) => {
            // The text is kept; saving again (after comparing) goes on from the newest.
            let newest = store::text_version(&state.db, article.id).await?;
            let form = DraftForm {
                base: newest.to_string(),
                ..form
            };
            let problem = Some("docs-saved-meanwhile");
            let mut page = edit_page(
                &state,
                &visit,
                collection,
                action,
                "docs-edit-article",
                form,
                problem,
            );
            *page.status_mut() = StatusCode::CONFLICT;
            Ok(page)
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
struct TranslationForm {
    /// The article's language, as the page showed it.
    #[serde(default)]
    idioma: String,
    /// The id of the other-language article, or empty to unlink.
    #[serde(default)]
    traduccion: String,
}

/// `POST …/traduccion`: staff link (or unlink) the article's other-language version.
async fn link_translation(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug)): Path<(String, String)>,
    Form(form): Form<TranslationForm>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = match Locale::from_tag(&form.idioma) {
        Some(language) => find_in(&state, collection, language, &slug).await?,
        None => find_either(&state, &visit, collection, &slug).await?,
    };
    let back = format!(
        "{}/{}?idioma={}",
        collection.path(),
        article.slug,
        language_param(article.locale)
    );
    let actor_id = staff(&visit, &back)?;
    let other = match form.traduccion.trim() {
        "" => Ok(None),
        id => id.parse::<ArticleId>().map(Some),
    };
    let linked = match other {
        Ok(other) => store::link_translation(&state.db, &article, other, Some(actor_id)).await,
        Err(_) => Err(store::TranslationError::NotAPair),
    };
    match linked {
        Ok(()) => Ok(see_other(&back)),
        Err(store::TranslationError::NotAPair) => {
            Err(WebError::status(StatusCode::UNPROCESSABLE_ENTITY)
                .saying("docs-translation-invalid-title", "docs-translation-invalid"))
        }
        Err(store::TranslationError::Database(error)) => Err(error.into()),
    }
}

/// `POST …/revertir/{number}`: a new revision with the text of an older one.
async fn revert(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug, number)): Path<(String, String, String)>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = find_either(&state, &visit, collection, &slug).await?;
    let history = format!("{}/{}/historial", collection.path(), article.slug);
    let author = staff(&visit, &history)?;
    let number: i64 = number.parse().map_err(|_| WebError::not_found())?;
    let (title, body) = store::revision(&state.db, article.id, number)
        .await?
        .ok_or_else(WebError::not_found)?;
    let summary = state.i18n.text_with(
        visit.locale,
        "docs-reverted-to",
        &[("number", &number.to_string())],
    );
    store::revise(
        &state.db,
        &article,
        &Draft {
            title,
            body,
            summary,
            category: article.category.clone(),
            keywords: article.keywords.clone(),
        },
        Some(author),
        Publish::Now,
        None,
    )
    .await?;
    Ok(see_other(&history))
}

// ---- the FAQ on one page ------------------------------------------------------------

/// A question with its rendered answer.
struct Question {
    slug: String,
    question: String,
    answer: String,
}

/// The questions of one category, in the author's order.
struct Group {
    name: String,
    questions: Vec<Question>,
}

#[derive(Template)]
#[template(path = "docs/faq.html")]
struct FaqTemplate<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    groups: Vec<Group>,
    fallback_note: Option<String>,
    can_edit: bool,
}

/// Groups entries by category, in the order categories first appear.
fn group(entries: Vec<store::FaqEntry>, uncategorized: &str) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for entry in entries {
        let name = if entry.category.is_empty() {
            uncategorized.to_owned()
        } else {
            entry.category
        };
        let question = Question {
            slug: entry.slug,
            question: entry.question,
            answer: markup::markdown(&entry.answer).html,
        };
        match groups.iter_mut().find(|group| group.name == name) {
            Some(group) => group.questions.push(question),
            None => groups.push(Group {
                name,
                questions: vec![question],
            }),
        }
    }
    groups
}

/// `GET /documentacion/preguntas-frecuentes`: every question and answer on one page,
/// each with its own anchor.
async fn faq(state: &AppState, visit: &Visit) -> Answer {
    let mut entries = store::faq(&state.db, visit.locale).await?;
    let mut fallback_note = None;
    if entries.is_empty() {
        entries = store::faq(&state.db, other(visit.locale)).await?;
        if !entries.is_empty() {
            fallback_note = Some(state.i18n.text(visit.locale, "docs-other-language"));
        }
    }
    let shell = Shell::new(state, visit, &Collection::Faq.path());
    let groups = group(entries, &shell.t("docs-faq-general"));
    let page = FaqTemplate {
        crumbs: crumbs(&shell, None),
        groups,
        fallback_note,
        can_edit: can_write(actor(visit), Collection::Faq),
        shell,
    };
    Ok(Page(page.render()).cacheable())
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

/// `POST …/mover`: staff change the author's order, one step up or down.
async fn move_article(
    State(state): State<AppState>,
    visit: Visit,
    Path((collection, slug)): Path<(String, String)>,
    Form(form): Form<MoveForm>,
) -> Answer {
    let collection = collection_of(&collection)?;
    let article = find_either(&state, &visit, collection, &slug).await?;
    let author = staff(&visit, &collection.path())?;
    let direction = match form.direction.as_str() {
        "arriba" => store::Move::Up,
        "abajo" => store::Move::Down,
        _ => return Err(WebError::status(StatusCode::BAD_REQUEST)),
    };
    store::move_article(&state.db, &article, direction, author).await?;
    Ok(see_other(&collection.path()))
}
