//! Outgoing mail: delivered over real SMTP, retried while the server is down, kept
//! (never dropped) when no server is configured.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use soporte_platform::area::Parts;
use soporte_platform::mail::{self, OutgoingMail, StoredMail};

use crate::both;
use crate::support::{Backend, SmtpSink, TestServer, eventually, free_port};

async fn queue(app: &TestServer, to: &str, subject: &str) -> i64 {
    let state = app.state();
    let message = OutgoingMail {
        to: to.parse().unwrap(),
        subject: subject.to_owned(),
        body_text: "Hola, ¿cómo estás? Tu ticket #42 ya tiene respuesta.".to_owned(),
    };
    let mut tx = state.db.pool().begin().await.unwrap();
    let id = mail::queue_mail(&state.queue, &mut tx, &message)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    state.queue.wake();
    id
}

async fn stored(app: &TestServer, id: i64) -> StoredMail {
    mail::find(&app.state().db, id).await.unwrap().unwrap()
}

async fn mail_waits_for_a_failing_smtp_server_and_is_sent_when_it_returns(backend: Backend) {
    let port = free_port();
    let mut app = TestServer::start_with(
        backend,
        |s| {
            s.set(
                &soporte_platform::config::SMTP_URL,
                format!("smtp://127.0.0.1:{port}"),
            )
        },
        Parts::default(),
    )
    .await;
    let id = queue(
        &app,
        "Ana López <ana@ejemplo.mx>",
        "Respuesta a tu pregunta",
    )
    .await;

    // Nobody listens yet: the job fails, keeps the error and stays queued.
    eventually(Duration::from_secs(20), "two failed attempts", || async {
        let attempts: i64 = sqlx::query_scalar("SELECT MAX(attempts) FROM jobs")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
        (attempts >= 2).then_some(())
    })
    .await;
    let waiting = stored(&app, id).await;
    assert_eq!(waiting.state, "queued");
    assert!(waiting.last_error.is_some());

    // The SMTP server comes back; the next retry delivers the message.
    let mut sink = SmtpSink::start(port).await;
    let message = sink.next_message(Duration::from_secs(30)).await;
    assert_eq!(message["to"][0], "ana@ejemplo.mx");
    let data = message["data"].as_str().unwrap();
    assert!(data.contains("Subject: Respuesta a tu pregunta"), "{data}");
    assert!(
        data.contains("From: \"Soporte MxOS\" <soporte@localhost>")
            || data.contains("From: Soporte MxOS <soporte@localhost>"),
        "{data}"
    );
    eventually(
        Duration::from_secs(10),
        "the outbox to say sent",
        || async { (stored(&app, id).await.state == "sent").then_some(()) },
    )
    .await;
    app.stop().await;
}
both!(mail_waits_for_a_failing_smtp_server_and_is_sent_when_it_returns);

async fn without_smtp_mail_is_held_not_dropped(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let id = queue(&app, "rodrigo@ejemplo.mx", "Confirma tu cuenta").await;
    eventually(
        Duration::from_secs(10),
        "the message to be held",
        || async { (stored(&app, id).await.state == "held").then_some(()) },
    )
    .await;
    let kept = stored(&app, id).await;
    assert_eq!(kept.subject, "Confirma tu cuenta");
    assert!(kept.body_text.contains("ticket #42"));
    app.stop().await;
}
both!(without_smtp_mail_is_held_not_dropped);

async fn held_mail_is_sent_once_smtp_is_configured(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let id = queue(&app, "luz@ejemplo.mx", "Bienvenida").await;
    eventually(
        Duration::from_secs(10),
        "the message to be held",
        || async { (stored(&app, id).await.state == "held").then_some(()) },
    )
    .await;
    app.stop().await;

    // The operator configures SMTP and runs `soporte mail resend-held`.
    let port = free_port();
    let mut sink = SmtpSink::start(port).await;
    let resend = std::process::Command::new(env!("CARGO_BIN_EXE_soporte"))
        .args(["--database-url", &app.db.url_text(), "mail", "resend-held"])
        .env("LANG", "es_MX.UTF-8")
        .env("SOPORTE_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        resend.status.success(),
        "{}",
        String::from_utf8_lossy(&resend.stderr)
    );
    assert!(
        String::from_utf8_lossy(&resend.stdout)
            .contains("Correos retenidos de vuelta en la cola: 1")
    );
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_soporte"))
        .args(["--database-url", &app.db.url_text(), "serve"])
        .env("SOPORTE_DATA_DIR", &app.db.dir)
        .env("SOPORTE_BIND", format!("127.0.0.1:{}", free_port()))
        .env("SOPORTE_SMTP_URL", format!("smtp://127.0.0.1:{port}"))
        .env("SOPORTE_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let message = sink.next_message(Duration::from_secs(30)).await;
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(message["to"][0], "luz@ejemplo.mx");
    assert_eq!(message["subject"], "Bienvenida");
}
both!(held_mail_is_sent_once_smtp_is_configured);
