//! The `soporte` binary as an operator runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use crate::both;
use crate::support::{Backend, TestDb, free_port};

pub(crate) fn soporte() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_soporte"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("SOPORTE_")) {
        command.env_remove(name);
    }
    command
        .env("LANG", "es_MX.UTF-8")
        .env("SOPORTE_LOG", "warn");
    command
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    let output = soporte()
        .args(["--database-url", "mysql://localhost/soporte", "serve"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--database-url / SOPORTE_DATABASE_URL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no es una base de datos que Soporte conozca"),
        "{stderr}"
    );

    let output = soporte()
        .env("SOPORTE_BIND", "localhost")
        .env("LANG", "en_US.UTF-8")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("Invalid setting --bind / SOPORTE_BIND"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let output = soporte()
        .args([
            "--database-url",
            &format!("postgres://postgres@127.0.0.1:{}/x", free_port()),
            "migrate",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("No se pudo abrir la base de datos"),
        "{stderr}"
    );
}

#[test]
fn a_settings_file_is_read_and_checked() {
    let dir = std::env::temp_dir().join(format!("soporte_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("soporte.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:1\"\nworkres = \"3\"\n").unwrap();
    let output = soporte()
        .arg("--config")
        .arg(&file)
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("tiene una clave que no es un ajuste: workres"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn user_add_grants_roles_and_refuses_duplicates(backend: Backend) {
    let db = TestDb::new(backend).await;
    let run = |args: &[&str]| {
        soporte()
            .arg("--database-url")
            .arg(db.url_text())
            .args(args)
            .output()
            .unwrap()
    };
    let added = run(&[
        "user",
        "add",
        "--email",
        "Ana@Ejemplo.mx",
        "--name",
        "Ana López",
        "--role",
        "staff",
        "--role",
        "moderator",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(
        String::from_utf8_lossy(&added.stdout).contains("Se agregó a Ana López <ana@ejemplo.mx>")
    );

    let again = run(&["user", "add", "--email", "ana@ejemplo.mx", "--name", "Otra"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("Ya existe una persona con el correo ana@ejemplo.mx")
    );

    let bad_role = run(&[
        "user",
        "add",
        "--email",
        "b@ejemplo.mx",
        "--name",
        "B",
        "--role",
        "root",
    ]);
    assert_eq!(bad_role.status.code(), Some(2));

    let opened = db.open().await;
    let roles: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles ORDER BY role")
        .fetch_all(opened.pool())
        .await
        .unwrap();
    assert_eq!(roles, vec!["moderator", "staff"]);
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'role.granted' ORDER BY detail",
    )
    .fetch_all(opened.pool())
    .await
    .unwrap();
    assert_eq!(
        audited,
        vec![r#"{"role":"moderator"}"#, r#"{"role":"staff"}"#]
    );
    opened.close().await;
}
both!(user_add_grants_roles_and_refuses_duplicates);

async fn serve_stops_cleanly_on_sigterm(backend: Backend) {
    let db = TestDb::new(backend).await;
    let port = free_port();
    let mut child = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_BIND", format!("127.0.0.1:{port}"))
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg("demo")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(response) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && response.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let home = client
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap();
    assert!(home.text().await.unwrap().contains("Empieza aquí"));
    // The demo staff account signs in with the password the demo prints.
    let browser = crate::support::Browser::at(&format!("http://127.0.0.1:{port}"));
    browser.get("/cuenta/entrar").await;
    let signed_in = browser
        .post(
            "/cuenta/entrar",
            &[
                ("email", "equipo@fundacion.mxos.mx"),
                ("password", "mxos demo en mérida"),
            ],
        )
        .await;
    assert_eq!(
        signed_in.location.as_deref(),
        Some("/cuenta"),
        "{}",
        signed_in.body
    );
    assert!(
        browser
            .get("/admin/personas")
            .await
            .body
            .contains("Ana López")
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(15),
            "server did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    let mut printed = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut printed).unwrap();
    assert!(
        printed.contains("Cuentas de demostración: equipo@fundacion.mxos.mx"),
        "{printed}"
    );

    // The demo content is loaded once: a second start adds nothing.
    let counts = || async {
        let opened = db.open().await;
        let mut counts = Vec::new();
        for table in [
            "users",
            "doc_articles",
            "doc_revisions",
            "forum_topics",
            "forum_posts",
            "bugs",
            "desk_tickets",
            "partners",
        ] {
            let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(opened.pool())
                .await
                .unwrap();
            counts.push(count);
        }
        opened.close().await;
        counts
    };
    let first = counts().await;
    assert_eq!(
        first[0], 12,
        "the eight demo accounts and four forum writers"
    );
    assert!(first[1] > 0 && first[3] > 0 && first[4] > first[3] && first[5] >= 10);
    assert!(first[6] >= 8, "tickets in every state");
    assert_eq!(first[7], 12, "a dozen partners in the directory");
    let (mut again, _) = start(&db, "demo", &[]).await;
    terminate(&mut again).await;
    assert_eq!(counts().await, first, "users, articles, revisions");
}
both!(serve_stops_cleanly_on_sigterm);

async fn mail_test_queues_a_message_for_the_server(backend: Backend) {
    let db = TestDb::new(backend).await;
    let run = |args: &[&str]| {
        soporte()
            .arg("--database-url")
            .arg(db.url_text())
            .args(args)
            .output()
            .unwrap()
    };
    let queued = run(&["mail", "test", "--to", "ana@ejemplo.mx"]);
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    assert!(String::from_utf8_lossy(&queued.stdout).contains("Correo de prueba en la cola"));
    let refused = run(&["mail", "test", "--to", "ana"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("«ana» no es un correo electrónico válido")
    );

    let opened = db.open().await;
    let outbox: Vec<(String, String, String)> =
        sqlx::query_as("SELECT to_address, subject, state FROM mail_outbox")
            .fetch_all(opened.pool())
            .await
            .unwrap();
    assert_eq!(
        outbox,
        vec![(
            "ana@ejemplo.mx".to_owned(),
            "Prueba de correo de Soporte".to_owned(),
            "queued".to_owned()
        )]
    );
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'")
        .fetch_one(opened.pool())
        .await
        .unwrap();
    assert_eq!(jobs, 1);
    opened.close().await;
}
both!(mail_test_queues_a_message_for_the_server);

async fn user_role_grants_and_revokes_with_an_audit_trail(backend: Backend) {
    let db = TestDb::new(backend).await;
    let run = |args: &[&str]| {
        soporte()
            .arg("--database-url")
            .arg(db.url_text())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&[
            "user",
            "add",
            "--email",
            "rodrigo@ejemplo.mx",
            "--name",
            "Rodrigo",
            "--role",
            "member"
        ])
        .status
        .success()
    );
    let changed = run(&[
        "user",
        "role",
        "--email",
        "rodrigo@ejemplo.mx",
        "--grant",
        "developer",
        "--revoke",
        "member",
    ]);
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    assert!(
        String::from_utf8_lossy(&changed.stdout).contains("Roles de rodrigo@ejemplo.mx: developer")
    );
    let missing = run(&[
        "user",
        "role",
        "--email",
        "nadie@ejemplo.mx",
        "--grant",
        "staff",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("No hay ninguna persona con el correo nadie@ejemplo.mx")
    );

    let opened = db.open().await;
    let audit: Vec<(Option<i64>, String, String)> =
        sqlx::query_as("SELECT actor_id, action, detail FROM audit_log ORDER BY id")
            .fetch_all(opened.pool())
            .await
            .unwrap();
    assert_eq!(
        audit,
        vec![
            (
                None,
                "role.granted".to_owned(),
                r#"{"role":"member"}"#.to_owned()
            ),
            (
                None,
                "role.granted".to_owned(),
                r#"{"role":"developer"}"#.to_owned()
            ),
            (
                None,
                "role.revoked".to_owned(),
                r#"{"role":"member"}"#.to_owned()
            ),
        ]
    );
    opened.close().await;
}
both!(user_role_grants_and_revokes_with_an_audit_trail);

/// The README's settings table is the settings' declarations, row for row.
#[test]
fn the_readme_lists_every_setting_as_declared() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.starts_with("| flag / variable |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    let declared: Vec<String> = soporte::site()
        .settings()
        .iter()
        .map(|setting| setting.readme_row())
        .collect();
    assert_eq!(
        table,
        declared,
        "README.md's settings table should read:\n{}",
        declared.join("\n")
    );
}

#[test]
fn help_lists_every_setting_with_its_variable() {
    let output = soporte().arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for setting in soporte::site().settings() {
        assert!(help.contains(&setting.flag()), "{help}");
        assert!(
            help.contains(&format!("[env: {}=]", setting.env_var())),
            "{help}"
        );
    }
}

/// Starts `soporte serve` on `db` with `settings` (variable, value) and waits until
/// `/healthz` answers.
async fn serve(db: &TestDb, settings: &[(&str, &str)]) -> (std::process::Child, u16) {
    start(db, "serve", settings).await
}

/// SIGTERM, and the process ends cleanly within 15 s.
async fn terminate(child: &mut std::process::Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(
        ends_within(child, Duration::from_secs(15)).await,
        "no stop on SIGTERM"
    );
    assert!(child.wait().unwrap().success());
}

/// Starts `soporte COMMAND` (`serve` or `demo`) on `db`, as [`serve`] does.
async fn start(
    db: &TestDb,
    subcommand: &str,
    settings: &[(&str, &str)],
) -> (std::process::Child, u16) {
    let port = free_port();
    let mut command = soporte();
    command
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_BIND", format!("127.0.0.1:{port}"))
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg(subcommand)
        .stdout(std::process::Stdio::null());
    for (name, value) in settings {
        command.env(name, value);
    }
    let child = command.spawn().unwrap();
    let started = Instant::now();
    while !healthy(port, Duration::from_secs(2)).await {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, port)
}

/// Whether `/healthz` answers 200 within `patience`.
async fn healthy(port: u16, patience: Duration) -> bool {
    let client = reqwest::Client::builder()
        .timeout(patience)
        .build()
        .unwrap();
    matches!(
        client.get(format!("http://127.0.0.1:{port}/healthz")).send().await,
        Ok(response) if response.status().is_success()
    )
}

/// Opens `count` connections that each send half a request's headers and then
/// nothing, as a slow-loris client does.
async fn half_requests(port: u16, count: usize) -> Vec<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let mut open = Vec::new();
    for _ in 0..count {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        // Beyond the server's cap, the write lands in the system's queue.
        let _ = stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Esperando: ")
            .await;
        open.push(stream);
    }
    open
}

/// Waits up to `patience` for `child` to end.
async fn ends_within(child: &mut std::process::Child, patience: Duration) -> bool {
    let stopping = Instant::now();
    while stopping.elapsed() < patience {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Clients that send half a request (or nothing more on a kept-alive connection) are
/// disconnected after the header deadline: beyond the connection cap, `/healthz` still
/// answers, and SIGTERM ends the process within its grace period.
async fn half_sent_requests_block_neither_healthz_nor_shutdown(backend: Backend) {
    use tokio::io::AsyncReadExt;
    let db = TestDb::new(backend).await;
    let (mut child, port) = serve(
        &db,
        &[
            // Longer than the grace period, so that stopping has to cut connections
            // off rather than wait for their deadline.
            ("SOPORTE_HEADER_TIMEOUT_MS", "6000"),
            ("SOPORTE_MAX_CONNECTIONS", "40"),
            ("SOPORTE_SHUTDOWN_GRACE_MS", "1000"),
        ],
    )
    .await;

    let mut stalled = half_requests(port, 120).await;
    assert!(
        healthy(port, Duration::from_secs(20)).await,
        "/healthz did not answer beside 120 half-sent requests"
    );
    // The server hangs up on a stalled client once the header deadline has passed.
    let mut rest = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(10), stalled[0].read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "a half-sent request was kept open");
    // A kept-alive connection that sends nothing more is closed the same way.
    let mut idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::io::AsyncWriteExt::write_all(
        &mut idle,
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), idle.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "an idle kept-alive connection was kept open");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));

    // Stalled clients hold connections while the server is asked to stop.
    stalled.extend(half_requests(port, 30).await);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let ended = ends_within(&mut child, Duration::from_secs(10)).await;
    if !ended {
        let _ = child.kill();
    }
    assert!(
        ended,
        "SIGTERM did not end the server within its grace period"
    );
    assert!(child.wait().unwrap().success());
    drop(stalled);
}
both!(half_sent_requests_block_neither_healthz_nor_shutdown);

/// What the README tells an operator, done with the real binary: `soporte migrate`
/// on a fresh database, a settings file that takes effect where no flag overrides it,
/// and `soporte mail test` delivered by the running server to a real SMTP server.
async fn an_operator_migrates_configures_and_tests_mail(backend: Backend) {
    let db = TestDb::new(backend).await;
    let migrated = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let again = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(again.status.success(), "migrating twice is harmless");

    let smtp_port = free_port();
    let mut sink = crate::support::SmtpSink::start(smtp_port).await;
    let (file_port, flag_port) = (free_port(), free_port());
    let file = db.dir.join("soporte.toml");
    std::fs::write(
        &file,
        format!(
            "bind = \"127.0.0.1:{file_port}\"\n\
             smtp_url = \"smtp://127.0.0.1:{smtp_port}\"\n\
             mail_from = \"Mesa de ayuda <ayuda@mxos.mx>\"\n\
             metrics_token = \"token-del-archivo-de-ajustes\"\n"
        ),
    )
    .unwrap();
    let mut server = soporte()
        .arg("--config")
        .arg(&file)
        .arg("--database-url")
        .arg(db.url_text())
        .args(["--bind", &format!("127.0.0.1:{flag_port}")])
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !healthy(flag_port, Duration::from_secs(2)).await {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The flag won over the file's bind; the file's other settings took effect.
    assert!(!healthy(file_port, Duration::from_millis(500)).await);
    let metrics = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{flag_port}/metrics"))
        .bearer_auth("token-del-archivo-de-ajustes")
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), reqwest::StatusCode::OK);

    let queued = soporte()
        .arg("--config")
        .arg(&file)
        .arg("--database-url")
        .arg(db.url_text())
        .args(["mail", "test", "--to", "operaciones@mxos.mx"])
        .output()
        .unwrap();
    assert!(
        queued.status.success(),
        "{}",
        String::from_utf8_lossy(&queued.stderr)
    );
    let message = sink.next_message(Duration::from_secs(30)).await;
    assert_eq!(message["to"][0], "operaciones@mxos.mx");
    assert_eq!(message["subject"], "Prueba de correo de Soporte");
    assert!(
        message["from"]
            .as_str()
            .unwrap_or_default()
            .contains("ayuda@mxos.mx"),
        "{message}"
    );
    terminate(&mut server).await;
}
both!(an_operator_migrates_configures_and_tests_mail);

/// The keys that seal TOTP secrets, as an operator handles them: secrets an older
/// version kept in the clear are sealed, a new key is put first and everything is
/// sealed again with it, and a node that lacks a key the database needs does not start.
async fn secrets_are_sealed_rotated_and_a_missing_key_stops_start_up(backend: Backend) {
    let db = TestDb::new(backend).await;
    let migrate = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_DATA_DIR", &db.dir)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(migrate.status.success());
    // A person whose TOTP secret an older version kept in the clear.
    let opened = db.open().await;
    let email = "ana@ejemplo.mx".parse().unwrap();
    let name = "Ana".parse().unwrap();
    let id = soporte_platform::accounts::add_user(&opened, &email, &name, &[], None)
        .await
        .unwrap();
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
        .bind(SECRET)
        .bind(id)
        .execute(opened.pool())
        .await
        .unwrap();
    let stored = || async {
        let value: String = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(opened.pool())
            .await
            .unwrap();
        value
    };
    let keys = db.dir.join("claves");
    let run = |args: &[&str]| {
        soporte()
            .arg("--database-url")
            .arg(db.url_text())
            .env("SOPORTE_SECRETS_FILE", &keys)
            .args(args)
            .output()
            .unwrap()
    };
    let sealed = run(&["secrets", "reseal"]);
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    assert!(
        String::from_utf8_lossy(&sealed.stdout)
            .contains("Secretos sellados de nuevo con la primera clave: 1")
    );
    let first = stored().await;
    assert!(
        first.starts_with("sealed1.") && !first.contains(SECRET),
        "{first}"
    );

    // Rotation: a new key first, the old one kept, everything sealed again.
    let new_key = String::from_utf8(run(&["secrets", "new-key"]).stdout).unwrap();
    let old_lines = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(&keys, format!("{}\n{old_lines}", new_key.trim())).unwrap();
    let resealed = run(&["secrets", "reseal"]);
    assert!(String::from_utf8_lossy(&resealed.stdout).contains("primera clave: 1"));
    let second = stored().await;
    let key_of = |value: &str| value.split('.').nth(1).unwrap_or_default().to_owned();
    assert_ne!(key_of(&first), key_of(&second));
    // The old key can go: a server starts with the new one alone.
    std::fs::write(&keys, format!("{}\n", new_key.trim())).unwrap();
    let (mut server, _) = start(
        &db,
        "serve",
        &[("SOPORTE_SECRETS_FILE", keys.to_str().unwrap())],
    )
    .await;
    terminate(&mut server).await;

    // A node whose file lacks that key does not start, and says which.
    let other = db.dir.join("otras-claves");
    std::fs::write(
        &other,
        format!(
            "{}\n",
            String::from_utf8(run(&["secrets", "new-key"]).stdout)
                .unwrap()
                .trim()
        ),
    )
    .unwrap();
    let refused = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .env("SOPORTE_DATA_DIR", &db.dir)
        .env("SOPORTE_SECRETS_FILE", &other)
        .env("SOPORTE_BIND", format!("127.0.0.1:{}", free_port()))
        .arg("serve")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(&key_of(&second)) && said.contains("otras-claves"),
        "{said}"
    );
    opened.close().await;
}
both!(secrets_are_sealed_rotated_and_a_missing_key_stops_start_up);

/// SIGTERM on the real binary while a request is still arriving and a mail job has
/// just been queued: the request is answered, the process ends cleanly, and the mail is
/// either sent or still waiting for the next start (never lost).
async fn sigterm_with_a_request_and_a_job_in_flight(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = TestDb::new(backend).await;
    let smtp_port = free_port();
    let mut sink = crate::support::SmtpSink::start(smtp_port).await;
    let smtp = format!("smtp://127.0.0.1:{smtp_port}");
    let (mut server, port) = start(&db, "serve", &[("SOPORTE_SMTP_URL", &smtp)]).await;
    let browser = crate::support::Browser::at(&format!("http://127.0.0.1:{port}"));
    browser.get("/").await;
    let cookie = browser.cookie("soporte_csrf").unwrap();
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &browser.csrf())
        .append_pair("lang", "en")
        .finish();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut request = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    request
        .write_all(
            format!(
                "POST /idioma HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: soporte_csrf={cookie}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{first}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let queued = soporte()
        .arg("--database-url")
        .arg(db.url_text())
        .args(["mail", "test", "--to", "guardia@mxos.mx"])
        .output()
        .unwrap();
    assert!(queued.status.success());
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    request.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), request.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        ends_within(&mut server, Duration::from_secs(15)).await,
        "no stop on SIGTERM"
    );
    assert!(server.wait().unwrap().success());
    let opened = db.open().await;
    let state: String = sqlx::query_scalar("SELECT state FROM mail_outbox")
        .fetch_one(opened.pool())
        .await
        .unwrap();
    opened.close().await;
    match state.as_str() {
        "sent" => {
            let message = sink.next_message(Duration::from_secs(5)).await;
            assert_eq!(message["to"][0], "guardia@mxos.mx");
        }
        "queued" => {}
        other => panic!("the mail is {other}"),
    }
}
both!(sigterm_with_a_request_and_a_job_in_flight);

/// One client address cannot take every connection, nor hold a request open by
/// sending its body a byte at a time.
async fn one_client_can_neither_take_every_connection_nor_trickle_forever(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = TestDb::new(backend).await;
    let (mut server, port) = serve(
        &db,
        &[
            ("SOPORTE_MAX_CONNECTIONS_PER_ADDRESS", "5"),
            ("SOPORTE_REQUEST_TIMEOUT_MS", "1500"),
            ("SOPORTE_HEADER_TIMEOUT_MS", "30000"),
        ],
    )
    .await;
    let from = |last: u8| async move {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket
            .bind(std::net::SocketAddr::from(([127, 0, 0, last], 0)))
            .unwrap();
        socket
            .connect(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .unwrap()
    };
    // Five stalled connections from one address: its share.
    let mut stalled = Vec::new();
    for _ in 0..5 {
        let mut stream = from(9).await;
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A sixth from it is closed at once; another address is served.
    let mut sixth = from(9).await;
    let mut nothing = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(5), sixth.read_to_end(&mut nothing)).await;
    assert!(
        closed.is_ok() && nothing.is_empty(),
        "the sixth connection was kept"
    );
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 10]))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let health = other
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), reqwest::StatusCode::OK);

    // A body a byte every 300 ms, under the pause limit but past the request's deadline.
    let mut trickle = from(11).await;
    trickle
        .write_all(
            b"POST /idioma HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Content-Length: 1000\r\n\r\n",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    while started.elapsed() < Duration::from_secs(10) {
        if trickle.write_all(b"a").await.is_err() {
            break;
        }
        let mut chunk = [0u8; 512];
        if let Ok(Ok(read)) =
            tokio::time::timeout(Duration::from_millis(300), trickle.read(&mut chunk)).await
        {
            answer.extend_from_slice(&chunk[..read]);
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    drop(stalled);
    terminate(&mut server).await;
}
both!(one_client_can_neither_take_every_connection_nor_trickle_forever);
