//! Test harness: fresh databases on both backends, a started server, an SMTP sink.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use soporte_platform::area::{Parts, Site};
use soporte_platform::config::{Config, DatabaseUrl, Settings};
use soporte_platform::server::Server;
use soporte_platform::storage::Db;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

/// Runs an async test body once per backend: `both!(name)` expects `async fn name(Backend)`.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::support::Backend::Postgres).await;
            }
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The PostgreSQL server the tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("SOPORTE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, empty database that disappears with this value.
pub struct TestDb {
    pub backend: Backend,
    pub url: DatabaseUrl,
    pub dir: PathBuf,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = std::env::temp_dir().join(unique("soporte_test"));
        std::fs::create_dir_all(&dir).unwrap();
        match backend {
            Backend::Sqlite => TestDb {
                backend,
                url: DatabaseUrl::Sqlite(dir.join("soporte.db")),
                dir,
                pg_name: None,
            },
            Backend::Postgres => {
                let name = unique("soporte_test");
                admin_execute(&format!("CREATE DATABASE {name}")).await;
                let admin = url::Url::parse(&postgres_admin_url()).unwrap();
                let mut url = admin.clone();
                url.set_path(&name);
                TestDb {
                    backend,
                    url: DatabaseUrl::Postgres(url.to_string()),
                    dir,
                    pg_name: Some(name),
                }
            }
        }
    }

    /// The URL as the `--database-url` flag takes it.
    pub fn url_text(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    pub async fn open(&self) -> Db {
        Db::open(&self.url, &soporte::site().migrations())
            .await
            .unwrap()
    }
}

async fn admin_execute(sql: &str) {
    sqlx::any::install_default_drivers();
    use sqlx::Connection;
    let mut connection = sqlx::AnyConnection::connect(&postgres_admin_url())
        .await
        .expect("PostgreSQL must run for the tests (set SOPORTE_TEST_POSTGRES_URL)");
    sqlx::raw_sql(sql).execute(&mut connection).await.unwrap();
    let _ = connection.close().await;
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside async: use a private runtime on its own thread.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(admin_execute(&format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )));
            })
            .join();
        }
    }
}

/// Settings for a test server: random port, the test database, fast retries.
pub fn test_settings(db: &TestDb) -> Settings {
    use soporte_platform::config::{BIND, DATA_DIR, DATABASE_URL, JOB_RETRY_BASE_MS, WORKERS};
    let mut settings = Settings::default();
    settings.set(&DATABASE_URL, db.url_text());
    settings.set(&BIND, "127.0.0.1:0");
    settings.set(&DATA_DIR, db.dir.display().to_string());
    settings.set(&WORKERS, "2");
    settings.set(&JOB_RETRY_BASE_MS, "200");
    settings.set(&soporte_platform::config::METRICS_TOKEN, METRICS_TOKEN);
    settings
}

/// The operators' token for `/metrics` in tests.
pub const METRICS_TOKEN: &str = "token-de-operacion-de-prueba";

/// A running server on a fresh database, and an HTTP client for it.
pub struct TestServer {
    pub server: Option<Server>,
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        TestServer::start_with(backend, |_| {}, Parts::default()).await
    }

    /// Soporte with a test's own routes, job handlers and tasks besides its areas'.
    pub async fn start_with(
        backend: Backend,
        tweak: impl FnOnce(&mut Settings),
        extra: Parts,
    ) -> TestServer {
        TestServer::start_site(backend, tweak, soporte::site(), extra).await
    }

    /// A server made of the areas of `site`.
    pub async fn start_site(
        backend: Backend,
        tweak: impl FnOnce(&mut Settings),
        site: Site,
        extra: Parts,
    ) -> TestServer {
        let db = TestDb::new(backend).await;
        let mut settings = test_settings(&db);
        tweak(&mut settings);
        let config = Config::from_settings(settings).unwrap();
        let opened = Db::open(&config.database, &site.migrations())
            .await
            .unwrap();
        let parts = site.parts(&config).unwrap().merge(extra);
        let i18n = Arc::new(site.i18n().unwrap());
        let server = Server::start(config, opened, i18n, site, parts)
            .await
            .unwrap();
        let base = format!("http://{}", server.local_addr());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestServer {
            server: Some(server),
            base,
            client,
            db,
        }
    }

    /// Waits until this server has caught up with a write made elsewhere (by the
    /// command line, as another node would): its kept pages have seen the newest event.
    pub async fn caught_up(&self) {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM events")
            .fetch_one(self.state().db.pool())
            .await
            .unwrap();
        let newest = u64::try_from(newest.unwrap_or(0)).unwrap();
        eventually(
            Duration::from_secs(5),
            "the server to see the write",
            || async { (self.state().pages.seen_event() >= newest).then_some(()) },
        )
        .await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn state(&self) -> &soporte_platform::web::AppState {
        self.server.as_ref().unwrap().state()
    }

    /// `/metrics` as the operators' scraper reads it.
    pub async fn metrics(&self) -> String {
        let response = self
            .client
            .get(self.url("/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response.text().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Stops the server, waiting for work in flight.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
            server.wait().await.unwrap();
        }
    }
}

/// Polls `check` until it returns Some, or fails the test after `limit`.
pub async fn eventually<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A real SMTP server (aiosmtpd) that reports every message it accepts.
pub struct SmtpSink {
    child: Child,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
}

impl SmtpSink {
    pub async fn start(port: u16) -> SmtpSink {
        // scripts/test installs aiosmtpd in this virtualenv and names it; fall back to it.
        let venv =
            std::env::var("HOME").map(|home| format!("{home}/.cache/soporte/venv/bin/python"));
        let python = std::env::var("SOPORTE_TEST_PYTHON")
            .ok()
            .or_else(|| venv.ok().filter(|path| std::path::Path::new(path).exists()))
            .unwrap_or_else(|| "python3".to_owned());
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/smtp_sink.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg("--port")
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 with aiosmtpd must be available (set SOPORTE_TEST_PYTHON)");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("SMTP sink did not start")
            .unwrap()
            .expect("SMTP sink exited (is aiosmtpd installed?)");
        assert!(ready.contains("ready"), "{ready}");
        SmtpSink { child, lines }
    }

    /// The next message the server accepted within `limit`, if one came.
    pub async fn try_next_message(&mut self, limit: Duration) -> Option<serde_json::Value> {
        let line = tokio::time::timeout(limit, self.lines.next_line())
            .await
            .ok()?
            .unwrap()?;
        Some(serde_json::from_str(&line).unwrap())
    }

    /// The next message the server accepted.
    pub async fn next_message(&mut self, limit: Duration) -> serde_json::Value {
        let line = tokio::time::timeout(limit, self.lines.next_line())
            .await
            .expect("no message reached the SMTP server in time")
            .unwrap()
            .expect("SMTP sink exited");
        serde_json::from_str(&line).unwrap()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// A minimal browser: keeps cookies, reads the CSRF field of the last page and sends it
/// with every form, as a person's browser would.
pub struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    csrf: std::sync::Mutex<String>,
    language: &'static str,
}

/// What came back: status, `Location` (for redirects) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub location: Option<String>,
    pub body: String,
}

impl Browser {
    pub fn new(app: &TestServer) -> Browser {
        Browser::speaking(app, "es-MX")
    }

    /// A browser for a server started some other way (the binary, say).
    pub fn at(base: &str) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: base.to_owned(),
            cookies: Default::default(),
            csrf: Default::default(),
            language: "es-MX",
        }
    }

    /// A browser on another machine: its connections come from `address` (any of
    /// 127.0.0.0/8 works on loopback).
    pub fn from_address(app: &TestServer, address: [u8; 4]) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(std::net::IpAddr::from(address))
            .build()
            .unwrap();
        Browser {
            client,
            ..Browser::new(app)
        }
    }

    pub fn speaking(app: &TestServer, language: &'static str) -> Browser {
        Browser {
            client: app.client.clone(),
            base: app.base.clone(),
            cookies: Default::default(),
            csrf: Default::default(),
            language,
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    fn cookie_header(&self) -> String {
        let cookies = self.cookies.lock().unwrap();
        cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn absorb(&self, response: reqwest::Response) -> Answer {
        for value in response.headers().get_all(reqwest::header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let mut cookies = self.cookies.lock().unwrap();
            if text.contains("Max-Age=0") {
                cookies.remove(name);
            } else {
                cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let body = response.text().await.unwrap();
        if let Some(start) = body.find(r#"name="csrf" value=""#) {
            let rest = &body[start + r#"name="csrf" value=""#.len()..];
            *self.csrf.lock().unwrap() = rest[..rest.find('"').unwrap()].to_owned();
        }
        Answer {
            status,
            headers,
            location,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    /// Submits a form with the page's CSRF token, as the browser would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let csrf = self.csrf.lock().unwrap().clone();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Submits exactly `fields`, with no token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    pub async fn post_body(&self, path: &str, body: String) -> Answer {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    /// Submits a `multipart/form-data` form, as a browser sends one with a file: the
    /// page's CSRF token first (unless `with_token` is false), then `fields`, then the
    /// file `(field, file name, declared type, bytes)`.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str, &[u8]),
        with_token: bool,
    ) -> Answer {
        const BOUNDARY: &str = "----soporte-test-boundary-7MA4YWxkTrZu0gW";
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = Vec::new();
        if with_token {
            all.push(("csrf", csrf.as_str()));
        }
        all.extend_from_slice(fields);
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in all {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, declared, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {declared}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookie_header())
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language)
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.absorb(response).await
    }

    pub fn csrf(&self) -> String {
        self.csrf.lock().unwrap().clone()
    }
}

/// A personal API token of `scope` for `user`, as its owner would make one.
pub async fn api_token(
    app: &TestServer,
    user: soporte_platform::storage::UserId,
    scope: soporte_platform::accounts::api_tokens::Scope,
) -> String {
    let mut tx = app.state().db.write().await.unwrap();
    let name = "cliente".parse().unwrap();
    let (_, secret) = soporte_platform::accounts::api_tokens::create(&mut tx, user, &name, scope)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    secret
}

/// Sends `body` as JSON to `path` with `method` (and `secret` as the bearer token):
/// the status and the JSON answer (null when it is none).
pub async fn send_json(
    app: &TestServer,
    method: reqwest::Method,
    path: &str,
    secret: Option<&str>,
    body: serde_json::Value,
) -> (reqwest::StatusCode, serde_json::Value) {
    let mut request = app.client.request(method, app.url(path)).json(&body);
    if let Some(secret) = secret {
        request = request.bearer_auth(secret);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (
        status,
        response
            .json::<serde_json::Value>()
            .await
            .unwrap_or_default(),
    )
}
