//! Accepting HTTP connections with limits a slow or hostile client cannot get around:
//! a cap on open connections, a deadline for each request's headers (which also ends
//! a kept-alive connection that sends nothing more), a longest pause while a body
//! arrives, and a stop that ends within its grace period whatever the clients do. What a request then does is the router's.
//!
//! Calls nothing of the platform but its [`HttpLimits`](crate::config::HttpLimits).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
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
        let connection = connection(stream, remote, app.clone(), &limits, closing_seen.clone());
        connections.spawn(async move {
            connection.await;
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
    let idle = limits.idle_timeout;
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        // A body that stops arriving ends the request instead of holding it open.
        let request = request.map(|body| TimeoutBody::new(idle, body));
        let app = app.clone();
        async move { app.oneshot(request.map(axum::body::Body::new)).await }
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
