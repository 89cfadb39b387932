//! Accepting HTTP connections with limits a slow or hostile client cannot get around:
//! a cap on open connections and on those of one address, a deadline for each
//! request's headers (which also ends a kept-alive connection that sends nothing more),
//! a longest pause while a body arrives and a deadline for the whole request, and a
//! stop that ends within its grace period whatever the clients do. What a request then does is the router's.
//!
//! Calls nothing of the platform but its [`HttpLimits`](crate::config::HttpLimits).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

use crate::config::HttpLimits;

/// How long accepting pauses after an error that is not one connection's (such as
/// running out of file descriptors), so the loop does not spin.
const AFTER_ACCEPT_ERROR: Duration = Duration::from_millis(200);

/// Serves `app` on `listener` until `stop` turns `true`; then stops accepting, asks
/// each connection to finish its request in hand and close, and after
/// `limits.shutdown_grace` closes the ones still open.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: HttpLimits,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = PerAddress::default();
    let (closing, closing_seen) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        // Wait for a free slot before accepting: beyond the cap, clients wait in the
        // system's backlog instead of taking memory and descriptors here.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = stopped(&mut stop) => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_one_connections(&error) => continue,
                Err(error) => {
                    tracing::warn!(%error, "cannot accept connections");
                    tokio::time::sleep(AFTER_ACCEPT_ERROR).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        while connections.try_join_next().is_some() {}
        // One address may not take every slot: beyond its share, its new connections
        // are closed at once (dropping the stream), so others still get in.
        let Some(held) = per_address.take(remote.ip(), limits.max_per_address) else {
            tracing::debug!(%remote, "too many connections from one address");
            continue;
        };
        let connection = connection(stream, remote, app.clone(), &limits, closing_seen.clone());
        connections.spawn(async move {
            connection.await;
            drop(held);
            drop(slot);
        });
    }
    drop(listener);
    let _ = closing.send(true);
    let open = connections.len();
    let finished = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            open,
            left = connections.len(),
            "closing the connections still open after the grace period"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// How many connections each address holds.
#[derive(Clone, Default)]
struct PerAddress(Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>);

/// One connection counted for its address until dropped.
struct Held {
    counts: PerAddress,
    address: std::net::IpAddr,
}

impl PerAddress {
    /// Counts one more connection from `address`, or `None` when it holds `max`.
    fn take(&self, address: std::net::IpAddr, max: Option<usize>) -> Option<Held> {
        let mut counts = match self.0.lock() {
            Ok(counts) => counts,
            Err(poisoned) => poisoned.into_inner(),
        };
        let count = counts.entry(address).or_insert(0);
        if max.is_some_and(|max| *count >= max) {
            return None;
        }
        *count += 1;
        Some(Held {
            counts: self.clone(),
            address,
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut counts = match self.counts.0.lock() {
            Ok(counts) => counts,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(count) = counts.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

/// Waits until `signal` turns `true` (or its sender is gone).
async fn stopped(signal: &mut watch::Receiver<bool>) {
    let _ = signal.wait_for(|stop| *stop).await;
}

/// Errors that concern only the connection being accepted: the next may work.
fn is_one_connections(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}

/// Serves one connection until the client closes it, a deadline passes (the headers'
/// or the body's), or the server stops (then the request in hand finishes first).
fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: &HttpLimits,
    mut closing: watch::Receiver<bool>,
) -> impl Future<Output = ()> + Send + 'static {
    let _ = stream.set_nodelay(true);
    let (idle, whole) = (limits.idle_timeout, limits.request_timeout);
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        // A body that stops arriving ends the request instead of holding it open.
        let request = request.map(|body| TimeoutBody::new(idle, body));
        let app = app.clone();
        async move {
            // And one that trickles in a byte at a time ends at the request's deadline.
            match tokio::time::timeout(whole, app.oneshot(request.map(axum::body::Body::new))).await
            {
                Ok(answer) => answer,
                Err(_) => {
                    tracing::info!(%remote, "a request ran past its deadline");
                    Ok(axum::http::StatusCode::REQUEST_TIMEOUT.into_response())
                }
            }
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    async move {
        tokio::pin!(connection);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%error, %remote, "connection ended");
                }
            }
            _ = stopped(&mut closing) => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        }
    }
}
