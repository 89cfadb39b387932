//! More than one node: two `soporte serve` processes on one PostgreSQL database, as
//! behind a load balancer. What one node writes, the other shows at once (woken by
//! the database's notifications), and a job runs on exactly one of them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use soporte_platform::accounts::{NewUser, Role, insert_user, password};
use tokio::process::{Child, Command};

use crate::cli::soporte;
use crate::support::{Backend, Browser, SmtpSink, TestDb, eventually, free_port};

const PASSWORD: &str = "una contraseña larga de prueba";

/// One `soporte serve` process, with its own data directory (and search index).
struct Node {
    child: Child,
    base: String,
}

impl Node {
    async fn start(db: &TestDb, name: &str, smtp_port: u16) -> Node {
        let port = free_port();
        let data = db.dir.join(name);
        let mut command: Command = soporte().into();
        command
            .env("SOPORTE_DATABASE_URL", db.url_text())
            .env("SOPORTE_BIND", format!("127.0.0.1:{port}"))
            .env("SOPORTE_DATA_DIR", data.display().to_string())
            // Every node of one database shares the keys that seal its secrets.
            .env("SOPORTE_SECRETS_FILE", db.dir.join("secret-keys"))
            .env("SOPORTE_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
            .env("SOPORTE_WORKERS", "4")
            .arg("serve")
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true);
        let child = command.spawn().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        // Up, and hearing the database's notifications (else it would only poll, every
        // 5 s while notifications are expected, too slowly for what follows).
        eventually(Duration::from_secs(30), "the node to listen", || async {
            let health = client.get(format!("{base}/healthz")).send().await.ok()?;
            let health: serde_json::Value = health.json().await.ok()?;
            (health["changes"] == "listening").then_some(())
        })
        .await;
        Node { child, base }
    }

    async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}

/// A reader of node `base` who is not signed in.
async fn read(base: &str, path: &str) -> String {
    reqwest::get(format!("{base}{path}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_database_see_each_other_at_once_and_share_the_jobs() {
    let db = TestDb::new(Backend::Postgres).await;
    // Migrate once and add the staff member both nodes know.
    let first = db.open().await;
    let hash = password::hash(PASSWORD).unwrap().0;
    let (email, name) = ("equipo@mxos.mx".parse().unwrap(), "Equipo".parse().unwrap());
    let mut tx = first.write().await.unwrap();
    let staff = NewUser {
        email: &email,
        name: &name,
        password_hash: Some(&hash),
        locale: soporte_platform::i18n::Locale::EsMx,
        confirmed: true,
        roles: &[Role::Staff],
    };
    insert_user(&mut tx, &staff, None).await.unwrap();
    tx.commit().await.unwrap();
    first.close().await;

    let smtp_port = free_port();
    let mut sink = SmtpSink::start(smtp_port).await;
    let a = Node::start(&db, "a", smtp_port).await;
    let b = Node::start(&db, "b", smtp_port).await;

    // Staff publish through node A; node B's search finds it within two seconds.
    let editor = Browser::at(&a.base);
    editor.get("/cuenta/entrar").await;
    let signed = editor
        .post(
            "/cuenta/entrar",
            &[("email", "equipo@mxos.mx"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    editor.get("/documentacion/guia-de-usuario/nuevo").await;
    let created = editor
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Particiones cifradas"),
                ("body", "Cifra el disco con una frase de paso larga."),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = created.location.unwrap();
    eventually(
        Duration::from_secs(2),
        "node B's search to find it",
        || async {
            read(&b.base, "/buscar?q=particiones+cifradas")
                .await
                .contains("frase de paso")
                .then_some(())
        },
    )
    .await;

    // Node B keeps the article's page for anonymous readers; an edit on node A
    // reaches them within two seconds.
    assert!(read(&b.base, &page).await.contains("frase de paso larga"));
    assert!(read(&b.base, &page).await.contains("frase de paso larga"));
    editor.get(&format!("{page}/editar")).await;
    let saved = editor
        .post(
            &format!("{page}/editar"),
            &[
                ("title", "Particiones cifradas"),
                (
                    "body",
                    "Usa LUKS2 y guarda la frase de paso en un lugar seguro.",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    eventually(
        Duration::from_secs(2),
        "node B's kept page to change",
        || async { read(&b.base, &page).await.contains("LUKS2").then_some(()) },
    )
    .await;

    // The editor's session works on node B too (sessions live in the database), and
    // signing out on node A ends it on node B within two seconds, although node B
    // keeps sessions in memory.
    let session = format!(
        "soporte_session={}",
        editor.cookie("soporte_session").unwrap()
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let on_b = || async {
        client
            .get(format!("{}/cuenta", b.base))
            .header("cookie", &session)
            .send()
            .await
            .unwrap()
    };
    let before = on_b().await;
    assert_eq!(before.status(), StatusCode::OK);
    assert!(before.text().await.unwrap().contains("Equipo"));
    editor.get("/").await;
    let out = editor.post("/cuenta/salir", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    eventually(
        Duration::from_secs(2),
        "node B to forget the session",
        || async { (on_b().await.status() == StatusCode::SEE_OTHER).then_some(()) },
    )
    .await;

    // A job queued once is run by exactly one of the two nodes' eight workers.
    for n in 0..5 {
        let queued = soporte()
            .env("SOPORTE_DATABASE_URL", db.url_text())
            .args(["mail", "test", "--to", &format!("prueba{n}@ejemplo.mx")])
            .output()
            .unwrap();
        assert!(queued.status.success(), "{queued:?}");
    }
    let mut delivered = Vec::new();
    for _ in 0..5 {
        let message = sink.next_message(Duration::from_secs(10)).await;
        delivered.push(message["to"].to_string());
    }
    assert_eq!(sink.try_next_message(Duration::from_secs(2)).await, None);
    delivered.sort();
    delivered.dedup();
    assert_eq!(delivered.len(), 5, "{delivered:?}");
    let check = db.open().await;
    let runs: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, attempts FROM jobs WHERE kind = 'mail.send'")
            .fetch_all(check.pool())
            .await
            .unwrap();
    assert_eq!(runs.len(), 5);
    assert!(
        runs.iter().all(|run| run == &("done".to_owned(), 1)),
        "{runs:?}"
    );
    check.close().await;
    a.stop().await;
    b.stop().await;
}
