//! The JSON API against its own published description: schemathesis (from PyPI)
//! reads `/api/v1/openapi.json`, checks that it is a valid OpenAPI document, and sends
//! the generated requests (good and bad) to the running server: no answer may be a
//! server error, and every answer must match its documented status, type and schema.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use soporte_platform::accounts::Role;
use soporte_platform::accounts::api_tokens::{self, Scope};

use crate::accounts::person;
use crate::both;
use crate::support::{Backend, TestServer};

/// The schemathesis the test script installs, or one on the PATH.
fn schemathesis() -> String {
    std::env::var("SOPORTE_TEST_SCHEMATHESIS")
        .ok()
        .or_else(|| {
            let venv = format!(
                "{}/.cache/soporte/venv/bin/schemathesis",
                std::env::var("HOME").ok()?
            );
            std::path::Path::new(&venv).exists().then_some(venv)
        })
        .unwrap_or_else(|| "schemathesis".to_owned())
}

/// The seed of schemathesis's generated cases.
fn seed() -> String {
    std::env::var("SOPORTE_TEST_SCHEMATHESIS_SEED").unwrap_or_else(|_| "2026".to_owned())
}

async fn the_api_answers_as_its_description_says(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let id = person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let mut tx = app.state().db.write().await.unwrap();
    let name = "contrato".parse().unwrap();
    let (_, token) = api_tokens::create(&mut tx, id, &name, Scope::Write)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let location = app.url("/api/v1/openapi.json");
    let output = tokio::process::Command::new(schemathesis())
        .args(["run", &location, "--checks", "all", "--workers", "1"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--suppress-health-check", "too_slow"])
        // The same cases on every run, so the suite's result does not depend on luck;
        // SOPORTE_TEST_SCHEMATHESIS_SEED=<n> explores others.
        .args(["--seed", &seed()])
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_HOOKS", "")
        .current_dir(&app.db.dir)
        .output()
        .await
        .expect("schemathesis must be installed (scripts/test does it)");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    app.stop().await;
}
both!(the_api_answers_as_its_description_says);
