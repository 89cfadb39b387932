//! Pages for anonymous readers, kept in memory: a page a handler marks [`Cacheable`]
//! is rendered once per address and language, then served from memory to every
//! visitor who is not signed in, with that visitor's CSRF token put back where the
//! forms carry it. Answers carry a weak `ETag` and `Last-Modified`, and a matching
//! revalidation gets `304 Not Modified`.
//!
//! What is kept is dropped as soon as anything changes: a write on this node (any
//! request that is not GET or HEAD), or an event in the log written by any node (the
//! follower below notices it). A signed-in person's page is always rendered fresh, so
//! their own header, forms and roles are theirs.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, SET_COOKIE,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use super::{AppState, Visit};
use crate::i18n::Locale;
use crate::storage::{Db, now_ms};

/// A handler's mark on a page that is the same for every anonymous visitor (but for
/// the CSRF token), in the response's extensions.
#[derive(Clone, Copy, Debug)]
pub struct Cacheable;

/// The most a cache keeps, in bytes of page; past it, it starts over.
const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The largest page kept.
const MAX_PAGE: usize = 512 * 1024;
/// How often the follower looks for events written by other nodes.
const POLL: Duration = Duration::from_millis(250);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    path: String,
    locale: Locale,
}

/// One kept page.
struct Kept {
    generation: u64,
    /// The page cut where the visitor's CSRF token goes.
    pieces: Vec<Bytes>,
    content_type: HeaderValue,
    /// When it was rendered, in whole seconds (HTTP dates have no more).
    modified_s: i64,
    last_modified: HeaderValue,
    /// The part of the `ETag` that names this rendering.
    tag: String,
}

/// The anonymous pages of one node.
#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<Key, Arc<Kept>>>,
    bytes: AtomicUsize,
    /// Bumped by every invalidation; a page rendered before the last one is stale.
    generation: AtomicU64,
    /// The newest event this node knows of.
    seen_event: AtomicU64,
}

impl PageCache {
    /// Forgets every page (something changed).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut pages = match self.pages.write() {
            Ok(pages) => pages,
            Err(poisoned) => poisoned.into_inner(),
        };
        pages.clear();
        self.bytes.store(0, Ordering::SeqCst);
    }

    /// How many changes this node has seen: what it keeps is good while this stays.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The newest event of the log this node has acted on.
    pub fn seen_event(&self) -> u64 {
        self.seen_event.load(Ordering::SeqCst)
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<Key, Arc<Kept>>> {
        match self.pages.read() {
            Ok(pages) => pages,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn get(&self, key: &Key) -> Option<Arc<Kept>> {
        let generation = self.generation.load(Ordering::SeqCst);
        self.read()
            .get(key)
            .filter(|kept| kept.generation == generation)
            .cloned()
    }

    fn put(&self, key: Key, kept: Arc<Kept>) {
        let size: usize = kept.pieces.iter().map(Bytes::len).sum();
        let mut pages = match self.pages.write() {
            Ok(pages) => pages,
            Err(poisoned) => poisoned.into_inner(),
        };
        if kept.generation != self.generation.load(Ordering::SeqCst) {
            return; // rendered before a change: not worth keeping
        }
        if self.bytes.load(Ordering::SeqCst) + size > MAX_BYTES {
            pages.clear();
            self.bytes.store(0, Ordering::SeqCst);
        }
        self.bytes.fetch_add(size, Ordering::SeqCst);
        if let Some(old) = pages.insert(key, kept) {
            let old_size: usize = old.pieces.iter().map(Bytes::len).sum();
            self.bytes.fetch_sub(old_size, Ordering::SeqCst);
        }
    }

    /// Notes the newest event id; a newer one than known means another node (or a job)
    /// changed something: forget every page.
    fn saw_event(&self, id: u64) {
        if self.seen_event.fetch_max(id, Ordering::SeqCst) < id {
            self.invalidate();
        }
    }
}

impl Kept {
    fn new(generation: u64, page: &Bytes, token: &str, content_type: HeaderValue) -> Kept {
        let mut pieces = Vec::new();
        let mut rest = 0;
        if !token.is_empty() {
            for at in memchr::memmem::find_iter(page, token.as_bytes()) {
                pieces.push(page.slice(rest..at));
                rest = at + token.len();
            }
        }
        pieces.push(page.slice(rest..));
        let now = now_ms();
        let modified_s = now.div_euclid(1000);
        let last_modified = jiff::Timestamp::from_second(modified_s)
            .ok()
            .and_then(|at| {
                jiff::fmt::rfc2822::DateTimePrinter::new()
                    .timestamp_to_rfc9110_string(&at)
                    .ok()
            })
            .and_then(|text| HeaderValue::from_str(&text).ok())
            .unwrap_or_else(|| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
        Kept {
            generation,
            pieces,
            content_type,
            modified_s,
            last_modified,
            tag: format!("{generation:x}-{:x}", fnv(page)),
        }
    }

    /// The page for a visitor whose forms carry `token` (this answer's mask of the
    /// visitor's token `visitor`). The tag names the visitor's token, not the mask, so
    /// their browser's copy (another mask of the same token) is still good.
    fn answer(&self, token: &str, visitor: &str, request: &HeaderMap) -> Response {
        let etag = format!("W/\"{}-{:x}\"", self.tag, fnv(visitor.as_bytes()));
        let fresh = match request.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            Some(tags) => tags
                .split(',')
                .any(|tag| matches!(tag.trim(), "*") || tag.trim() == etag),
            None => request
                .get(IF_MODIFIED_SINCE)
                .and_then(|value| value.to_str().ok())
                .and_then(|text| jiff::fmt::rfc2822::parse(text).ok())
                .is_some_and(|since| since.timestamp().as_second() >= self.modified_s),
        };
        let mut headers = HeaderMap::new();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        headers.insert(LAST_MODIFIED, self.last_modified.clone());
        if let Ok(etag) = HeaderValue::from_str(&etag) {
            headers.insert(ETAG, etag);
        }
        if fresh {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(CONTENT_TYPE, self.content_type.clone());
        let size = self.pieces.iter().map(Bytes::len).sum::<usize>()
            + token.len() * (self.pieces.len() - 1);
        let mut body = Vec::with_capacity(size);
        for (index, piece) in self.pieces.iter().enumerate() {
            if index > 0 {
                body.extend_from_slice(token.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        (headers, Body::from(body)).into_response()
    }
}

/// Data derived from the database and kept until the next change, like the pages: a
/// signed-in person's session, an article with its neighbours and links. What every
/// request of a signed-in reader would otherwise read again. An entry is good while
/// nothing has changed since it was read ([`PageCache::generation`]) and for at most
/// `ttl`; past `max` entries, the memo starts over.
pub struct Memo<K, V> {
    kept: RwLock<HashMap<K, (u64, std::time::Instant, V)>>,
    ttl: Duration,
    max: usize,
}

impl<K: Eq + std::hash::Hash, V: Clone> Memo<K, V> {
    pub fn new(ttl: Duration, max: usize) -> Memo<K, V> {
        Memo {
            kept: RwLock::new(HashMap::new()),
            ttl,
            max,
        }
    }

    /// The value kept for `key`, if nothing changed since it was read.
    pub fn get(&self, pages: &PageCache, key: &K) -> Option<V> {
        let generation = pages.generation();
        let kept = match self.kept.read() {
            Ok(kept) => kept,
            Err(poisoned) => poisoned.into_inner(),
        };
        kept.get(key)
            .filter(|(at, when, _)| *at == generation && when.elapsed() < self.ttl)
            .map(|(_, _, value)| value.clone())
    }

    /// Keeps `value`, read when the generation was `generation` (taken before reading:
    /// a change during the read makes it stale at once).
    pub fn put(&self, generation: u64, key: K, value: V) {
        let mut kept = match self.kept.write() {
            Ok(kept) => kept,
            Err(poisoned) => poisoned.into_inner(),
        };
        if kept.len() >= self.max {
            kept.clear();
        }
        kept.insert(key, (generation, std::time::Instant::now(), value));
    }
}

/// FNV-1a: a quick fingerprint for `ETag`s (not a defence against anyone).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Serves kept pages to anonymous visitors, keeps the pages handlers mark
/// [`Cacheable`], and forgets them all after any write on this node.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let reading = method == Method::GET || method == Method::HEAD;
    let visit = request.extensions().get::<Visit>().cloned();
    let Some(visit) = visit.filter(|visit| reading && visit.viewer.is_none()) else {
        let response = next.run(request).await;
        if !reading && method != Method::OPTIONS {
            state.pages.invalidate();
        }
        return response;
    };
    let key = Key {
        path: request.uri().path_and_query().map_or_else(
            || request.uri().path().to_owned(),
            |pq| pq.as_str().to_owned(),
        ),
        locale: visit.locale,
    };
    if let Some(kept) = state.pages.get(&key) {
        return kept.answer(&visit.csrf_token, &visit.csrf_expected, request.headers());
    }
    let generation = state.pages.generation.load(Ordering::SeqCst);
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let keep = response.status() == StatusCode::OK
        && response.extensions().get::<Cacheable>().is_some()
        && !response.headers().contains_key(SET_COOKIE);
    if !keep {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Some(content_type) = parts.headers.get(CONTENT_TYPE).cloned() else {
        return Response::from_parts(parts, body);
    };
    match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(page) => {
            let kept = Arc::new(Kept::new(
                generation,
                &page,
                &visit.csrf_token,
                content_type,
            ));
            state.pages.put(key, kept.clone());
            kept.answer(&visit.csrf_token, &visit.csrf_expected, &headers)
        }
        Err(error) => {
            tracing::error!(%error, "a page could not be read to keep it");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Follows the event log for changes made elsewhere (another node, a background job)
/// and forgets every page when one appears; woken by the database's notifications.
pub async fn follow(pages: Arc<PageCache>, db: Db, mut stop: watch::Receiver<bool>) {
    let mut news = db.changes().event_news();
    loop {
        let newest: Result<Option<i64>, sqlx::Error> =
            sqlx::query_scalar("SELECT MAX(id) FROM events")
                .fetch_one(db.pool())
                .await;
        match newest {
            Ok(newest) => pages.saw_event(u64::try_from(newest.unwrap_or(0)).unwrap_or(0)),
            Err(error) => tracing::warn!(%error, "the page cache cannot read the event log"),
        }
        tokio::select! {
            _ = db.changes().wait_for_events(&mut news, POLL) => {}
            _ = stop.wait_for(|stop| *stop) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(page: &str, token: &str) -> Kept {
        Kept::new(
            0,
            &Bytes::copy_from_slice(page.as_bytes()),
            token,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn each_visitor_gets_their_own_token() {
        let page = kept(
            "<form><input name=csrf value=AAAA></form><form><input value=AAAA></form>",
            "AAAA",
        );
        assert_eq!(page.pieces.len(), 3);
        let answer = page.answer("BBBBBB", "BBBBBB", &HeaderMap::new());
        assert_eq!(
            body(answer).await,
            "<form><input name=csrf value=BBBBBB></form><form><input value=BBBBBB></form>"
        );
    }

    #[tokio::test]
    async fn revalidation_gets_304_only_for_the_same_page_and_visitor() {
        let page = kept("<p>hola AAAA</p>", "AAAA");
        let first = page.answer("AAAA", "AAAA", &HeaderMap::new());
        let etag = first.headers()[ETAG].clone();
        let mut again = HeaderMap::new();
        again.insert(IF_NONE_MATCH, etag.clone());
        assert_eq!(
            page.answer("AAAA", "AAAA", &again).status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(page.answer("CCCC", "CCCC", &again).status(), StatusCode::OK);
        let other = kept("<p>adiós AAAA</p>", "AAAA");
        assert_eq!(
            other.answer("AAAA", "AAAA", &again).status(),
            StatusCode::OK
        );
        let mut dated = HeaderMap::new();
        dated.insert(IF_MODIFIED_SINCE, first.headers()[LAST_MODIFIED].clone());
        assert_eq!(
            page.answer("AAAA", "AAAA", &dated).status(),
            StatusCode::NOT_MODIFIED
        );
    }

    #[test]
    fn a_change_forgets_every_page() {
        let cache = PageCache::default();
        let key = Key {
            path: "/".to_owned(),
            locale: Locale::EsMx,
        };
        cache.put(key.clone(), Arc::new(kept("<p>x</p>", "t")));
        assert!(cache.get(&key).is_some());
        cache.saw_event(5);
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), Arc::new(kept("<p>x</p>", "t")));
        assert!(cache.get(&key).is_none(), "rendered before the change");
        let generation = cache.generation.load(Ordering::SeqCst);
        cache.put(
            key.clone(),
            Arc::new(Kept::new(
                generation,
                &Bytes::from_static(b"<p>y</p>"),
                "t",
                HeaderValue::from_static("text/html"),
            )),
        );
        assert!(cache.get(&key).is_some());
        cache.saw_event(5);
        assert!(
            cache.get(&key).is_some(),
            "an event already seen changes nothing"
        );
    }
}
