//! What areas give the one search: one searchable document per public thing (an
//! article, later a solved question or a bug), named by the subject its events carry.
//! The search crate keeps the index; areas hand their things in through [`Source`],
//! part of the area contract ([`crate::area::Area::search_sources`]).

use std::future::Future;
use std::pin::Pin;

use crate::i18n::Locale;
use crate::storage::Db;

/// A boxed future, so sources can be kept as trait objects.
pub type SourceFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'a>>;

/// One searchable document, as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The subject of the thing's events, such as `doc:12`.
    pub key: String,
    pub language: Locale,
    /// A filter value within the area, such as the collection's slug.
    pub collection: String,
    pub title: String,
    /// Section headings, one per line.
    pub headings: String,
    /// The text, without markup.
    pub body: String,
    /// Words the author chose to be found by.
    pub keywords: String,
    /// Where to read it: a path on this site.
    pub path: String,
    /// Whether it settles a problem (an article, a solved question). Of two things
    /// that answer a search equally well, the settled one ranks first.
    pub settled: bool,
}

/// An area's searchable things. `prefix` is the part of its events' subjects before
/// the colon; ids are the part after it.
pub trait Source: Send + Sync {
    fn prefix(&self) -> &'static str;

    /// The collections a reader can narrow a search to: (slug, Fluent id of its name).
    fn collections(&self) -> &'static [(&'static str, &'static str)];

    /// How many things a full rebuild will visit, for its progress bar.
    fn count<'a>(&'a self, db: &'a Db) -> SourceFuture<'a, u64>;

    /// Up to `limit` things with ids above `after`, in id order: the id, and the
    /// document when the thing is public.
    fn page<'a>(
        &'a self,
        db: &'a Db,
        after: i64,
        limit: i64,
    ) -> SourceFuture<'a, Vec<(i64, Option<Document>)>>;

    /// The thing `id` as it is now; `None` when it is gone or not public.
    fn document<'a>(&'a self, db: &'a Db, id: i64) -> SourceFuture<'a, Option<Document>>;
}

/// One thing the search found, as another area offers it (the forum's ask flow
/// proposes these before a question is posted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The subject, such as `doc:12` or `topic:5`.
    pub key: String,
    pub title: String,
    /// Where to read it: a path on this site.
    pub path: String,
    /// The Fluent id of the name of its collection (which says its rung).
    pub collection: &'static str,
    /// Whether it settles a problem (an article, a solved question).
    pub settled: bool,
}

/// A boxed future of suggestions.
pub type FindFuture<'a> = Pin<Box<dyn Future<Output = Vec<Suggestion>> + Send + 'a>>;

/// The one search, as other areas may ask it: given by the area that keeps the index
/// ([`crate::area::Parts::finder`]) and reached through
/// [`crate::web::AppState::finder`]. Suggestions are a help, never a requirement: a
/// search that fails gives none (and says why in the log).
pub trait Finder: Send + Sync {
    /// At most `limit` things that answer `text`, best first, preferring `language`.
    fn find<'a>(&'a self, text: &'a str, language: Locale, limit: usize) -> FindFuture<'a>;

    /// At most `limit` things of one `collection` (a slug its area gives) that answer
    /// `text`, best first: an area's own things, for a list it filters by text or for
    /// the duplicates of what is being written.
    fn find_in<'a>(
        &'a self,
        text: &'a str,
        language: Locale,
        collection: &'a str,
        limit: usize,
    ) -> FindFuture<'a>;
}
