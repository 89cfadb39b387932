//! The web shell as a visitor meets it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY,
    CONTENT_TYPE, COOKIE, ETAG, IF_NONE_MATCH, SET_COOKIE,
};

use crate::both;
use crate::support::{Backend, Browser, TestServer};

async fn home_is_spanish_by_default_with_security_headers(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "same-origin");
    // A visitor's pages may be kept (and revalidated); a person's are not.
    assert!(
        !headers
            .get_all("cache-control")
            .iter()
            .any(|v| v == "no-store")
    );
    assert!(
        headers[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="es-MX">"#), "{html}");
    assert!(html.contains("¿Tienes un problema con MxOS? Empieza aquí."));
    for (href, label) in [
        ("/documentacion", "Documentación"),
        ("/comunidad", "Comunidad"),
        ("/errores", "Errores"),
        ("/soporte-profesional", "Soporte profesional"),
        ("/socios", "Socios"),
        ("/certificacion", "Certificación"),
    ] {
        assert!(
            html.contains(&format!(r#"<a href="{href}">{label}</a>"#)),
            "nav lacks {label}"
        );
    }
    assert!(
        !html.contains("<script"),
        "pages must work without JavaScript"
    );
    app.stop().await;
}
both!(home_is_spanish_by_default_with_security_headers);

async fn english_by_accept_language_and_by_the_switch(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let english = app
        .client
        .get(app.url("/"))
        .header(ACCEPT_LANGUAGE, "en-US,en;q=0.9,es;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains("Having a problem with MxOS? Start here."));

    let browser = Browser::new(&app);
    browser.get("/comunidad").await;
    let switched = browser
        .post("/idioma", &[("lang", "en"), ("next", "/comunidad")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some("/comunidad"));
    assert_eq!(browser.cookie("lang").as_deref(), Some("en"));
    let page = browser.get("/comunidad").await.body;
    assert!(page.contains("<h1>Community</h1>"), "{page}");
    assert!(page.contains(r#"<a href="/comunidad" aria-current="page">Community</a>"#));

    // The cookie is HttpOnly and SameSite=Lax.
    let raw = app
        .client
        .post(app.url("/idioma"))
        .header(
            COOKIE,
            format!("soporte_csrf={}", browser.cookie("soporte_csrf").unwrap()),
        )
        .form(&[("csrf", browser.csrf().as_str()), ("lang", "en")])
        .send()
        .await
        .unwrap();
    let cookie = raw.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("lang=en;")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // The switch never sends a person to another site.
    let outside = browser
        .post("/idioma", &[("lang", "es-MX"), ("next", "//evil.example/")])
        .await;
    assert_eq!(outside.location.as_deref(), Some("/"));
    app.stop().await;
}
both!(english_by_accept_language_and_by_the_switch);

async fn unknown_routes_get_a_localized_404(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let response = app.get("/no-existe").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers()[CONTENT_SECURITY_POLICY].to_str().is_ok());
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Página no encontrada</h1>"), "{html}");

    let english = app
        .client
        .get(app.url("/nope"))
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), StatusCode::NOT_FOUND);
    assert!(
        english
            .text()
            .await
            .unwrap()
            .contains("<h1>Page not found</h1>")
    );

    let api = app.get("/api/v1/nada").await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["status"], 404);
    assert_eq!(body["error"]["title"], "Página no encontrada");

    let browser = Browser::new(&app);
    browser.get("/").await;
    let wrong_method = app
        .client
        .delete(app.url("/"))
        .header(
            COOKIE,
            format!("soporte_csrf={}", browser.cookie("soporte_csrf").unwrap()),
        )
        .header("x-csrf-token", browser.csrf())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.headers().contains_key("allow"));
    assert!(
        wrong_method
            .text()
            .await
            .unwrap()
            .contains("Acción no permitida")
    );
    app.stop().await;
}
both!(unknown_routes_get_a_localized_404);

async fn every_answer_names_its_request_and_error_pages_show_it(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let home = app.get("/").await;
    let first = home.headers()["x-request-id"].to_str().unwrap().to_owned();
    let again = app.get("/").await;
    let second = again.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(!first.is_empty());
    assert_ne!(first, second, "each request has its own id");

    // The 404 page shows the id the response carries, in the reader's language.
    let missing = app.get("/no-existe").await;
    let id = missing.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = missing.text().await.unwrap();
    assert!(
        html.contains(&format!(
            "Si reportas este problema, menciona este código: <code>{id}</code>"
        )),
        "{html}"
    );

    // A proxy's id is kept when it is sane, and replaced when it is not.
    let proxied = app
        .client
        .get(app.url("/nope"))
        .header("x-request-id", "balanceador-42")
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.headers()["x-request-id"], "balanceador-42");
    assert!(
        proxied
            .text()
            .await
            .unwrap()
            .contains("If you report this problem, quote this code: <code>balanceador-42</code>")
    );
    let hostile = app
        .client
        .get(app.url("/nope"))
        .header("x-request-id", "<script>alert(1)</script>")
        .send()
        .await
        .unwrap();
    let replaced = hostile.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!replaced.contains('<'), "{replaced}");
    assert!(!hostile.text().await.unwrap().contains("<script>alert"));

    // The API's errors carry it too.
    let api = app.get("/api/v1/me").await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    let id = api.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(api.headers().contains_key("www-authenticate"));
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["request_id"], id.as_str());
    app.stop().await;
}
both!(every_answer_names_its_request_and_error_pages_show_it);

async fn bad_forms_get_clear_errors_and_the_server_keeps_serving(backend: Backend) {
    let mut app = TestServer::start_with(
        backend,
        |s| s.set(&soporte_platform::config::MAX_BODY_BYTES, "4096"),
        Default::default(),
    )
    .await;

    let browser = Browser::new(&app);
    browser.get("/").await;
    let oversized = browser
        .post_body(
            "/idioma",
            format!(
                "csrf={}&lang=en&next=/{}",
                browser.csrf(),
                "a".repeat(64 * 1024)
            ),
        )
        .await;
    assert_eq!(oversized.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        oversized.body.contains("Envío demasiado grande"),
        "{}",
        oversized.body
    );

    let english = Browser::speaking(&app, "en");
    english.get("/").await;
    let malformed = english
        .post_body("/idioma", format!("csrf={}&%%%&&&=", english.csrf()))
        .await;
    assert_eq!(malformed.status.as_u16() / 100, 4, "{}", malformed.status);
    assert!(
        malformed.body.contains("Invalid request"),
        "{}",
        malformed.body
    );

    let unknown_language = browser.post("/idioma", &[("lang", "tlh")]).await;
    assert_eq!(unknown_language.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown_language
            .body
            .contains("Ese idioma no está disponible.")
    );

    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    app.stop().await;
}
both!(bad_forms_get_clear_errors_and_the_server_keeps_serving);

async fn static_assets_are_cached_and_compressed(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let html = app.get("/").await.text().await.unwrap();
    let start = html.find("/static/app.").expect("stylesheet link");
    let end = start + html[start..].find('"').unwrap();
    let css_path = &html[start..end];

    let css = app
        .client
        .get(app.url(css_path))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()[CONTENT_ENCODING], "gzip");
    assert!(
        css.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = css.headers()[ETAG].clone();

    let again = app
        .client
        .get(app.url(css_path))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    assert_eq!(
        app.get("/static/app.0000.css").await.status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}
both!(static_assets_are_cached_and_compressed);

async fn health_metrics_and_api(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["database"],
        "ok"
    );
    // PostgreSQL announces changes to every node; one SQLite process polls its file.
    let expected = match backend {
        Backend::Sqlite => "polling",
        Backend::Postgres => "listening",
    };
    crate::support::eventually(
        std::time::Duration::from_secs(10),
        "the node to hear the database",
        || async {
            let health: serde_json::Value = app.get("/healthz").await.json().await.ok()?;
            (health["changes"] == expected).then_some(())
        },
    )
    .await;

    app.get("/").await;
    app.get("/no-existe").await;
    // Made-up methods share one series instead of making one each.
    for method in ["FOO", "BAR", "BAZ"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        app.client
            .request(method, app.url("/"))
            .send()
            .await
            .unwrap();
    }
    // Only the operators' scraper reads the metrics.
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("token-de-otra-persona-x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let lowercase = app
        .client
        .get(app.url("/metrics"))
        .header(
            "authorization",
            format!("bearer {}", crate::support::METRICS_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(lowercase.status(), StatusCode::OK);
    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"method="other",route="/""#), "{metrics}");
    assert!(
        !metrics.contains("FOO") && !metrics.contains("BAZ"),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"soporte_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"route="unmatched",status="404""#),
        "{metrics}"
    );
    assert!(metrics.contains("soporte_http_request_duration_seconds_bucket"));

    let version: serde_json::Value = app.get("/api/v1/version").await.json().await.unwrap();
    assert_eq!(version["name"], "soporte");
    let openapi: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(openapi["openapi"], "3.1.0");
    // Every documented GET without parameters in its path answers: openly, or asking
    // for the token it documents.
    for (path, item) in openapi["paths"].as_object().unwrap() {
        if item["get"].is_null() || path.contains('{') {
            continue;
        }
        let response = app.get(&format!("/api/v1{path}")).await;
        let expected = if item["get"]["security"].is_array() {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        assert_eq!(response.status(), expected, "{path}");
    }

    // With the database gone, health says so and the process keeps answering.
    app.state().db.close().await;
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    app.stop().await;
}
both!(health_metrics_and_api);

async fn a_failing_handler_gets_a_localized_500_and_the_server_keeps_serving(backend: Backend) {
    let areas = soporte_platform::area::Parts {
        routes: axum::Router::new().route(
            "/falla",
            axum::routing::get(|| async {
                let pages: Vec<&str> = Vec::new();
                // A bug in some area: indexing past the end panics.
                pages[3].to_owned()
            }),
        ),
        ..Default::default()
    };
    let mut app = TestServer::start_with(backend, |_| {}, areas).await;
    let failed = app.get("/falla").await;
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(failed.headers().contains_key(CONTENT_SECURITY_POLICY));
    let html = failed.text().await.unwrap();
    assert!(html.contains("<h1>Algo salió mal</h1>"), "{html}");
    assert!(
        !html.contains("index out of bounds"),
        "internals must not leak: {html}"
    );
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    app.stop().await;
}
both!(a_failing_handler_gets_a_localized_500_and_the_server_keeps_serving);

async fn stopping_lets_a_request_in_flight_finish(backend: Backend) {
    use std::sync::Arc;
    use tokio::sync::Notify;
    // The handler says when the request has arrived, and finishes only when let go:
    // the stop is sure to come while it is in flight, however loaded the machine.
    let (arrived, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let handler = {
        let (arrived, release) = (arrived.clone(), release.clone());
        move || async move {
            arrived.notify_one();
            release.notified().await;
            "listo"
        }
    };
    let areas = soporte_platform::area::Parts {
        routes: axum::Router::new().route("/lento", axum::routing::get(handler)),
        ..Default::default()
    };
    let mut app = TestServer::start_with(backend, |_| {}, areas).await;
    let slow = tokio::spawn(app.client.get(app.url("/lento")).send());
    arrived.notified().await;
    app.server.as_ref().unwrap().stop();
    // Stopping: no new connection is accepted while the request is in flight.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let refused = reqwest::Client::new().get(app.url("/healthz")).send().await;
    assert!(refused.is_err(), "a connection was accepted while stopping");
    release.notify_one();
    app.stop().await;
    let response = slow.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "listo");
}
both!(stopping_lets_a_request_in_flight_finish);

async fn forms_without_the_csrf_token_are_refused(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let browser = Browser::new(&app);
    let home = browser.get("/").await;
    assert!(home.body.contains(r#"name="csrf" value=""#));
    assert!(browser.cookie("soporte_csrf").is_some());

    for (what, answer) in [
        (
            "no token",
            browser.post_raw("/idioma", &[("lang", "en")]).await,
        ),
        (
            "a wrong token",
            browser
                .post_raw("/idioma", &[("csrf", "forged"), ("lang", "en")])
                .await,
        ),
    ] {
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}");
        assert!(
            answer.body.contains("<h1>Formulario caducado</h1>"),
            "{what}: {}",
            answer.body
        );
    }
    assert_eq!(browser.cookie("lang"), None, "nothing changed");

    // A visitor with no cookie yet (a cross-site form) is refused too.
    let stranger = app
        .client
        .post(app.url("/idioma"))
        .form(&[("lang", "en"), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);

    // The right token works, in the form or in the X-CSRF-Token header.
    assert_eq!(
        browser.post("/idioma", &[("lang", "en")]).await.status,
        StatusCode::SEE_OTHER
    );
    let by_header = app
        .client
        .post(app.url("/idioma"))
        .header(
            COOKIE,
            format!("soporte_csrf={}", browser.cookie("soporte_csrf").unwrap()),
        )
        .header("x-csrf-token", browser.csrf())
        .form(&[("lang", "es-MX")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), StatusCode::SEE_OTHER);

    // Each answer shows the token under a new mask (so compression beside reflected
    // text cannot reveal it), and every mask of it works.
    let first = browser.get("/buscar?q=uno").await;
    let first_token = browser.csrf();
    browser.get("/buscar?q=dos").await;
    let second_token = browser.csrf();
    assert_ne!(first_token, second_token);
    assert!(!first.body.contains(&second_token));
    for token in [&first_token, &second_token] {
        let answer = browser
            .post_raw("/idioma", &[("csrf", token.as_str()), ("lang", "es-MX")])
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
    }

    // A browser that says the form came from another site is refused, token or not.
    let cross = |headers: &[(&'static str, &'static str)]| {
        let mut request = app.client.post(app.url("/idioma")).header(
            COOKIE,
            format!("soporte_csrf={}", browser.cookie("soporte_csrf").unwrap()),
        );
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.form(&[("csrf", browser.csrf().as_str()), ("lang", "en")])
    };
    for headers in [
        &[("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "https://evil.example")],
        &[("origin", "null")],
    ] {
        let answer = cross(headers).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{headers:?}");
    }
    let ours = app.base.clone();
    let same_site = cross(&[("sec-fetch-site", "same-origin")])
        .header("origin", ours)
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}
both!(forms_without_the_csrf_token_are_refused);

/// Signing in replaces the CSRF cookie and the token is bound to the session, so a
/// token learned before (or planted with a fixed cookie) is worth nothing after.
async fn signing_in_gives_a_new_csrf_token(backend: Backend) {
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start(backend).await;
    crate::accounts::person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let browser = Browser::new(&app);
    browser.get("/cuenta/entrar").await;
    let (cookie_before, token_before) = (browser.cookie("soporte_csrf").unwrap(), browser.csrf());
    let signed_in = browser
        .post(
            "/cuenta/entrar",
            &[
                ("email", "ana@ejemplo.mx"),
                ("password", crate::accounts::PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    let cookie_after = browser.cookie("soporte_csrf").unwrap();
    assert_ne!(cookie_before, cookie_after, "the CSRF cookie is replaced");
    // The old token, even with the old cookie, does not work for the new session.
    let session = browser.cookie("soporte_session").unwrap();
    for cookie in [&cookie_before, &cookie_after] {
        let stale = app
            .client
            .post(app.url("/idioma"))
            .header(
                COOKIE,
                format!("soporte_csrf={cookie}; soporte_session={session}"),
            )
            .form(&[("csrf", token_before.as_str()), ("lang", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), StatusCode::FORBIDDEN);
    }
    browser.get("/cuenta").await;
    assert_eq!(
        browser.post("/idioma", &[("lang", "en")]).await.status,
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}
both!(signing_in_gives_a_new_csrf_token);

/// Under https the CSRF cookie is `__Host-` prefixed (only this host, over https, may
/// set it) and every cookie is `Secure`.
async fn cookies_under_https_are_host_bound_and_secure(backend: Backend) {
    let mut app = TestServer::start_with(
        backend,
        |settings| {
            settings.set(
                &soporte_platform::config::BASE_URL,
                "https://soporte.example/",
            )
        },
        soporte_platform::area::Parts::default(),
    )
    .await;
    let home = app.get("/").await;
    let cookies: Vec<String> = home
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    let csrf = cookies
        .iter()
        .find(|cookie| cookie.starts_with("__Host-soporte_csrf="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(
        csrf.contains("; Path=/;") && csrf.contains("; Secure") && !csrf.contains("Domain"),
        "{csrf}"
    );
    assert!(
        !cookies
            .iter()
            .any(|cookie| cookie.starts_with("soporte_csrf="))
    );
    // The form works with that cookie; the unprefixed name is not read.
    let browser = Browser::new(&app);
    browser.get("/").await;
    assert!(browser.cookie("__Host-soporte_csrf").is_some());
    assert_eq!(
        browser.post("/idioma", &[("lang", "en")]).await.status,
        StatusCode::SEE_OTHER
    );
    let value = browser.cookie("__Host-soporte_csrf").unwrap();
    let unprefixed = app
        .client
        .post(app.url("/idioma"))
        .header(COOKIE, format!("soporte_csrf={value}"))
        .form(&[("csrf", browser.csrf().as_str()), ("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(unprefixed.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}
both!(cookies_under_https_are_host_bound_and_secure);

/// A visitor is asked to sign in before anything in the address is read: an absurd id
/// on a page for signed-in people answers the sign-in redirect, not an error that
/// tells the page exists.
async fn absurd_ids_ask_a_visitor_to_sign_in_first(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let visitor = Browser::new(&app);
    visitor.get("/").await;
    let absurd = "99999999999999999999999";
    let get = visitor.get(&format!("/admin/personas/{absurd}")).await;
    assert_eq!(get.status, StatusCode::SEE_OTHER);
    assert!(get.location.unwrap().starts_with("/cuenta/entrar"));
    for path in [
        format!("/admin/personas/{absurd}"),
        format!("/documentacion/revision/{absurd}/aprobar"),
        format!("/documentacion/revision/{absurd}/rechazar"),
        format!("/cuenta/tokens/{absurd}/revocar"),
    ] {
        visitor.get("/").await;
        let answer = visitor.post(&path, &[]).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{path}: {}",
            answer.body
        );
        assert!(
            answer
                .location
                .as_deref()
                .unwrap_or_default()
                .starts_with("/cuenta/entrar"),
            "{path}: {:?}",
            answer.location
        );
    }
    app.stop().await;
}
both!(absurd_ids_ask_a_visitor_to_sign_in_first);
