//! The area contract: an area that says what it has shows up everywhere the platform
//! builds from the list of areas, with no change to the platform.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use axum::routing::get;
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;
use serde_json::Value;
use soporte_platform::area::{
    Area, AreaError, BoxFuture, HomeStep, Ladder, Parts, Rung, Setup, Site, SitemapEntry,
};
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, BadLink, Described, LinkError, LinkKind, Subject};
use soporte_platform::storage::{Db, Migration, Migrations};

use crate::both;
use crate::support::{Backend, TestServer};

/// A small area that claims the certification rung.
struct Probe;

static PROBE_MIGRATIONS: Migrations = Migrations {
    area: "probe",
    dir: "",
    sqlite: &[Migration {
        version: 1,
        name: "notes",
        sql: "CREATE TABLE probe_notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);",
    }],
    postgres: &[Migration {
        version: 1,
        name: "notes",
        sql: "CREATE TABLE probe_notes (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL);",
    }],
};

const PROBE_TEXTS: [(Locale, &str); 2] = [
    (
        Locale::EsMx,
        "probe-nav = Examen de prueba\nprobe-step = Presenta el examen de prueba\nprobe-step-when = Cuando quieras saber cuánto sabes.\n",
    ),
    (
        Locale::En,
        "probe-nav = Practice exam\nprobe-step = Take the practice exam\nprobe-step-when = When you want to know what you know.\n",
    ),
];

impl Area for Probe {
    fn name(&self) -> &'static str {
        "probe"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&PROBE_MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &PROBE_TEXTS
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::Certification,
            path: "/certificacion",
            nav: "probe-nav",
            home: Some(HomeStep {
                title: "probe-step",
                when: "probe-step-when",
            }),
        })
    }

    fn subjects(&self) -> &'static [&'static str] {
        &["probe"]
    }

    fn describe<'a>(
        &'a self,
        _db: &'a Db,
        subject: &'a Subject,
        locale: Locale,
    ) -> BoxFuture<'a, Result<Option<Described>, sqlx::Error>> {
        let title = match locale {
            Locale::EsMx => "¿Cómo respaldo mi equipo?",
            Locale::En => "How do I back up my computer?",
        };
        let found = (subject.id() == 1).then(|| Described {
            title: title.to_owned(),
            path: format!("/certificacion/preguntas/{}", subject.id()),
            state: None,
        });
        Box::pin(async move { Ok(found) })
    }

    fn parts(&self, _setup: &Setup<'_>) -> Result<Parts, AreaError> {
        Ok(Parts {
            routes: axum::Router::new().route(
                "/certificacion",
                get(|| async { axum::response::Html("<p>página del examen</p>") }),
            ),
            ..Parts::default()
        })
    }

    fn sitemap<'a>(&'a self, _db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        Box::pin(async {
            Ok(vec![SitemapEntry {
                path: "/certificacion/examen".to_owned(),
                modified: Some(0),
            }])
        })
    }

    fn api(&self) -> Option<utoipa::openapi::OpenApi> {
        use utoipa::OpenApi as _;
        Some(ProbeApi::openapi())
    }
}

/// One exam of the probe area.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Exam {
    title: String,
}

/// The probe's exams.
#[utoipa::path(
    get,
    path = "/examenes",
    operation_id = "listExams",
    responses((status = 200, description = "Exams", body = [Exam]))
)]
#[allow(dead_code)]
async fn list_exams() {}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list_exams))]
struct ProbeApi;

/// Soporte's areas but the partner directory, and the probe: a site with one rung
/// claimed by the probe and one claimed by nobody.
fn with_probe() -> Site {
    let mut areas = soporte::site().areas().to_vec();
    areas.retain(|area| area.name() != "partners");
    areas.push(Arc::new(Probe));
    Site::new(areas)
}

async fn a_registered_area_appears_everywhere(backend: Backend) {
    let mut app = TestServer::start_site(backend, |_| {}, with_probe(), Parts::default()).await;

    // The navigation and the home page, in both languages.
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        home.contains(r#"<a href="/certificacion">Examen de prueba</a>"#),
        "{home}"
    );
    assert!(home.contains("Presenta el examen de prueba"), "{home}");
    assert!(home.contains("Cuando quieras saber cuánto sabes."));
    let english = app
        .client
        .get(app.url("/"))
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains(r#"<a href="/certificacion">Practice exam</a>"#));

    // Its page, not the platform's placeholder; other rungs keep theirs.
    let page = app.get("/certificacion").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.text().await.unwrap(), "<p>página del examen</p>");
    let partners = app.get("/socios").await.text().await.unwrap();
    assert!(partners.contains("en construcción"), "{partners}");

    // The sitemap and the OpenAPI document.
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains("/certificacion/examen</loc><lastmod>1970-01-01T00:00:00Z"));
    assert!(sitemap.contains("/documentacion</loc>"), "{sitemap}");
    let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(
        openapi["paths"]["/examenes"]["get"].is_object(),
        "{openapi}"
    );
    assert!(openapi["paths"]["/me"]["get"].is_object());
    assert!(openapi["components"]["schemas"]["Exam"].is_object());

    // Its migrations ran after the others', under its name.
    let db = app.db.open().await;
    let applied: Vec<(String, i64)> =
        sqlx::query_as("SELECT area, version FROM schema_migrations WHERE area = 'probe'")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(applied, vec![("probe".to_owned(), 1)]);
    sqlx::query("INSERT INTO probe_notes (text) VALUES ($1)")
        .bind("hola")
        .execute(db.pool())
        .await
        .unwrap();
    db.close().await;
    app.stop().await;
}
both!(a_registered_area_appears_everywhere);

async fn without_the_area_its_rung_is_a_placeholder(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let page = app.get("/certificacion").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("en construcción"), "{html}");
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains(r#"<a href="/certificacion">Certificación</a>"#));
    assert!(!home.contains("Examen de prueba"));
    app.stop().await;
}
both!(without_the_area_its_rung_is_a_placeholder);

#[test]
fn every_area_lists_each_of_its_migration_files_once() {
    let site = soporte::site();
    let areas = site.migrations();
    assert!(areas.iter().any(|set| set.area == "docs"));
    for set in std::iter::once(&soporte_platform::storage::PLATFORM).chain(areas) {
        assert_eq!(set.problems(), Vec::<String>::new());
    }
}

#[test]
fn the_command_line_has_every_area_s_commands() {
    let site = soporte::site();
    assert_eq!(
        site.command_owner("docs").map(|area| area.name()),
        Some("docs")
    );
    assert_eq!(
        site.command_owner("search").map(|area| area.name()),
        Some("search")
    );
    assert!(site.command_owner("serve").is_none());
}

async fn links_between_rungs_show_on_both_sides(backend: Backend) {
    let mut app = TestServer::start_site(backend, |_| {}, with_probe(), Parts::default()).await;
    let db = app.db.open().await;
    let draft = soporte_docs::store::Draft {
        title: "Respaldos automáticos del equipo".to_owned(),
        body: "Programa un respaldo diario.".to_owned(),
        summary: String::new(),
        category: String::new(),
        keywords: String::new(),
    };
    let slug = soporte_docs::store::create(
        &db,
        (
            soporte_docs::collections::Collection::KnowledgeBase,
            Locale::EsMx,
        ),
        &draft,
        None,
        soporte_docs::store::Publish::Now,
        None,
    )
    .await
    .unwrap();
    let article: i64 = sqlx::query_scalar("SELECT id FROM doc_articles WHERE slug = $1")
        .bind(&slug)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let question: Subject = "probe:1".parse().unwrap();
    let doc = Subject::new("doc", article).unwrap();

    let mut tx = db.write().await.unwrap();
    let first = links::add(&mut tx, &question, LinkKind::PromotedTo, &doc, None)
        .await
        .unwrap();
    assert!(first.is_some());
    let again = links::add(&mut tx, &question, LinkKind::PromotedTo, &doc, None)
        .await
        .unwrap();
    assert_eq!(again, None, "the same link twice is one link");
    let itself = links::add(&mut tx, &doc, LinkKind::DuplicateOf, &doc, None).await;
    assert!(matches!(itself, Err(LinkError::Bad(BadLink::ToItself))));
    // A link to something no installed area describes is kept but not shown.
    links::add(
        &mut tx,
        &"bug:9".parse().unwrap(),
        LinkKind::AnsweredBy,
        &doc,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE kind = 'link.added' AND subject = $1",
    )
    .bind(doc.to_string())
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(events, 2, "each link is an event of both its subjects");

    // The article's page shows where it came from, in the reader's language.
    let page = app
        .get(&format!("/documentacion/base-de-conocimiento/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<h2 id=\"links-heading\">Relacionado</h2>"),
        "{page}"
    );
    assert!(
        page.contains(
            "Nació de <a href=\"/certificacion/preguntas/1\">¿Cómo respaldo mi equipo?</a>"
        ),
        "{page}"
    );
    assert!(!page.contains("bug:9") && !page.contains("/errores/9"));
    let english = app
        .client
        .get(app.url(&format!("/documentacion/base-de-conocimiento/{slug}")))
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains(
        "Grew out of <a href=\"/certificacion/preguntas/1\">How do I back up my computer?</a>"
    ));

    // And the question's side, as its area would show it, names the article.
    let state = app.state();
    let shown = links::shown(&state.site, &db, &state.i18n, &question, Locale::EsMx)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].phrase, "Se publicó como");
    assert_eq!(shown[0].title, "Respaldos automáticos del equipo");
    assert_eq!(
        shown[0].href,
        format!("/documentacion/base-de-conocimiento/{slug}")
    );
    db.close().await;
    app.stop().await;
}
both!(links_between_rungs_show_on_both_sides);
