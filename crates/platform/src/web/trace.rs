//! One span per request, with its method, matched route, status, latency and an id.
//! The id is the client's `X-Request-Id` when it sends a sane one (a proxy in front
//! may have set it), else a fresh one; the response carries it back, error pages show
//! it, and every log line of the request names it, so a person who reports a problem
//! can quote it and an operator can find it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header that carries the request's id.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being answered, in its extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// A client's id is kept when it is 1 to 64 letters, digits, `-`, `_` or `.`.
fn sane(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new id: this process's random prefix and a counter, so ids never repeat within
/// a process and rarely across nodes, at the cost of one addition.
fn fresh() -> String {
    static PREFIX: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 4];
        match getrandom::getrandom(&mut bytes) {
            Ok(()) => u32::from_le_bytes(bytes),
            Err(_) => std::process::id(),
        }
    });
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix:08x}-{count:x}")
}

/// Runs the request inside its span and names it in the response.
pub async fn trace(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|value| sane(value))
        .map_or_else(fresh, str::to_owned);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        route = %route,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency = started.elapsed();
    span.record("status", status);
    span.record("latency_ms", latency.as_secs_f64() * 1000.0);
    span.in_scope(|| tracing::debug!(status, ?latency, "answered"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fresh_unless_the_client_sent_a_sane_one() {
        assert_ne!(fresh(), fresh());
        assert!(sane("abc-123_x.y"));
        for bad in ["", "a b", "<script>", &"x".repeat(65), "ñ"] {
            assert!(!sane(bad), "{bad:?}");
        }
    }
}
