//! Documentation as readers and staff use it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use soporte_platform::accounts::Role;

use crate::accounts::{person, signed_in, signed_in_speaking};
use crate::both;
use crate::support::{Backend, Browser, TestServer};

const INSTALL: &str = "Antes de empezar, respalda tus archivos.\n\n## Requisitos\n\nUna memoria USB.\n\n## Configuración de red\n\nConecta el cable.\n\n<script>alert('x')</script>\n";

async fn staff_write_and_readers_read_with_history(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;

    let empty = Browser::new(&app)
        .get("/documentacion/guia-de-usuario")
        .await;
    assert!(
        empty
            .body
            .contains("Esta colección todavía no tiene artículos.")
    );

    staff.get("/documentacion/guia-de-usuario/nuevo").await;
    let refused = staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "  "), ("body", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Escribe un título"));
    let created = staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Instalación de MxOS"),
                ("body", INSTALL),
                ("summary", "Primera versión"),
            ],
        )
        .await;
    assert_eq!(
        created.location.as_deref(),
        Some("/documentacion/guia-de-usuario/instalacion-de-mxos")
    );
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Primer arranque"),
                ("body", "Enciende la computadora."),
            ],
        )
        .await;
    let taken = staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "Instalación de MxOS"), ("body", "otra")],
        )
        .await;
    assert!(taken.body.contains("Ya hay un artículo con ese título"));

    // A visitor reads: contents in order, anchors, breadcrumbs, next link, no editing.
    let reader = Browser::new(&app);
    let index = reader.get("/documentacion").await.body;
    assert!(
        index.contains("2 artículos") && index.contains("0 artículos"),
        "{index}"
    );
    let contents = reader.get("/documentacion/guia-de-usuario").await.body;
    let first = contents.find("instalacion-de-mxos").unwrap();
    let second = contents.find("primer-arranque").unwrap();
    assert!(first < second, "the author's order");
    let page = reader
        .get("/documentacion/guia-de-usuario/instalacion-de-mxos")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>Instalación de MxOS</h1>"));
    assert!(
        page.body
            .contains(r#"<h2 id="configuracion-de-red">Configuración de red</h2>"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r##"<a href="#requisitos">Requisitos</a>"##),
        "table of contents"
    );
    assert!(
        page.body
            .contains(r#"<a href="/documentacion/guia-de-usuario">Guía de usuario</a>"#),
        "breadcrumbs"
    );
    assert!(
        page.body
            .contains(r#"<a rel="next" href="/documentacion/guia-de-usuario/primer-arranque">"#)
    );
    assert!(!page.body.contains("<script>alert"), "sanitized");
    assert!(!page.body.contains("/editar"), "visitors do not edit");

    // Editing adds a revision; the history names the author.
    staff
        .get("/documentacion/guia-de-usuario/instalacion-de-mxos/editar")
        .await;
    let saved = staff
        .post(
            "/documentacion/guia-de-usuario/instalacion-de-mxos/editar",
            &[
                ("title", "Instalación de MxOS"),
                ("body", "Texto nuevo.\n"),
                ("summary", "Más corto"),
            ],
        )
        .await;
    assert_eq!(
        saved.location.as_deref(),
        Some("/documentacion/guia-de-usuario/instalacion-de-mxos")
    );
    assert!(
        reader
            .get("/documentacion/guia-de-usuario/instalacion-de-mxos")
            .await
            .body
            .contains("Texto nuevo.")
    );
    let history = reader
        .get("/documentacion/guia-de-usuario/instalacion-de-mxos/historial")
        .await
        .body;
    assert!(
        history.contains("<td>2</td>")
            && history.contains("<td>Más corto</td>")
            && history.contains("<td>Equipo</td>"),
        "{history}"
    );
    assert!(history.contains("<td>Primera versión</td>"));
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind LIKE 'docs.%'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(events, 3);

    // English readers get the Spanish text, marked as such.
    let english = Browser::speaking(&app, "en");
    let page = english
        .get("/documentacion/guia-de-usuario/primer-arranque")
        .await
        .body;
    assert!(
        page.contains("This content is not in English yet")
            && page.contains(r#"<article lang="es-MX">"#)
    );
    assert_eq!(
        reader.get("/documentacion/blog").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        reader
            .get("/documentacion/guia-de-usuario/no-existe")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}
both!(staff_write_and_readers_read_with_history);

async fn only_staff_write_guides(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(
        &app,
        "ana@ejemplo.mx",
        "Ana",
        &[Role::Member, Role::Moderator],
    )
    .await;
    let visitor = Browser::new(&app)
        .get("/documentacion/preguntas-frecuentes/nuevo")
        .await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    let member = signed_in(&app, "ana@ejemplo.mx").await;
    assert_eq!(
        member
            .get("/documentacion/preguntas-frecuentes/nuevo")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    member.get("/documentacion").await;
    let forged = member
        .post(
            "/documentacion/preguntas-frecuentes/nuevo",
            &[("title", "Hola"), ("body", "x")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let articles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM doc_articles")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(articles, 0);
    app.stop().await;
}
both!(only_staff_write_guides);

async fn atom_feed_and_sitemap_list_the_articles(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/preguntas-frecuentes/nuevo").await;
    staff
        .post(
            "/documentacion/preguntas-frecuentes/nuevo",
            &[
                ("title", "¿Cuánto cuesta MxOS? <gratis>"),
                ("body", "Nada & nunca."),
            ],
        )
        .await;

    let feed = app.get("/documentacion/atom.xml").await;
    assert_eq!(
        feed.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed.text().await.unwrap();
    assert!(
        feed.starts_with("<?xml") && feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom""#)
    );
    assert!(
        feed.contains("<title>¿Cuánto cuesta MxOS? &lt;gratis&gt;</title>"),
        "{feed}"
    );
    assert!(feed.contains("<summary>Nada &amp; nunca.</summary>"));
    assert!(feed.contains("/documentacion/preguntas-frecuentes/cuanto-cuesta-mxos-gratis</id>"));
    assert_eq!(
        feed.matches("<entry").count(),
        feed.matches("</entry>").count()
    );

    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(
        sitemap.contains(
            "/documentacion/preguntas-frecuentes/cuanto-cuesta-mxos-gratis</loc><lastmod>20"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("/documentacion/guia-de-usuario</loc>"));
    app.stop().await;
}
both!(atom_feed_and_sitemap_list_the_articles);

async fn readers_say_whether_an_article_helped_and_staff_see_the_least_helpful(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/guia-de-usuario/nuevo").await;
    for title in ["Imprimir", "Escanear"] {
        staff
            .post(
                "/documentacion/guia-de-usuario/nuevo",
                &[("title", title), ("body", "Texto.")],
            )
            .await;
    }
    let reader = Browser::new(&app);
    let page = reader.get("/documentacion/guia-de-usuario/imprimir").await;
    assert!(page.body.contains("¿Te fue útil este artículo?"));
    let answered = reader
        .post(
            "/documentacion/guia-de-usuario/imprimir/opinion",
            &[
                ("helpful", "no"),
                ("comment", "Falta cómo compartir la impresora."),
            ],
        )
        .await;
    assert_eq!(
        answered.location.as_deref(),
        Some("/documentacion/guia-de-usuario/imprimir?gracias=1#opinion")
    );
    assert!(
        reader
            .get("/documentacion/guia-de-usuario/imprimir?gracias=1")
            .await
            .body
            .contains("¡Gracias por tu opinión!")
    );
    reader
        .post(
            "/documentacion/guia-de-usuario/escanear/opinion",
            &[("helpful", "si")],
        )
        .await;
    let bad = reader
        .post(
            "/documentacion/guia-de-usuario/escanear/opinion",
            &[("helpful", "quizá")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    assert_eq!(
        reader.get("/documentacion/utilidad").await.status,
        StatusCode::SEE_OTHER
    );
    let report = staff.get("/documentacion/utilidad").await.body;
    let printing = report.find("Imprimir</a>").unwrap();
    let scanning = report.find("Escanear</a>").unwrap();
    assert!(printing < scanning, "least helpful first: {report}");
    assert!(report.contains("Falta cómo compartir la impresora."));
    app.stop().await;
}
both!(readers_say_whether_an_article_helped_and_staff_see_the_least_helpful);

async fn any_two_revisions_compare_and_staff_revert(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/manuales-tecnicos/nuevo").await;
    staff
        .post(
            "/documentacion/manuales-tecnicos/nuevo",
            &[("title", "Núcleo"), ("body", "uno\ndos\ntres\n")],
        )
        .await;
    let edit = "/documentacion/manuales-tecnicos/nucleo/editar";
    staff.get(edit).await;
    staff
        .post(
            edit,
            &[
                ("title", "El núcleo"),
                ("body", "uno\nDOS\ntres\n"),
                ("summary", "vandalismo"),
            ],
        )
        .await;

    let reader = Browser::new(&app);
    let diff = reader
        .get("/documentacion/manuales-tecnicos/nucleo/historial?de=1&a=2")
        .await
        .body;
    assert!(diff.contains("Cambios de la versión 1 a la 2"), "{diff}");
    assert!(
        diff.contains("<del>dos</del>")
            && diff.contains("<ins>DOS</ins>")
            && diff.contains(r#"<li class="kept">uno</li>"#)
    );
    assert!(diff.contains("<del>Núcleo</del> → <ins>El núcleo</ins>"));
    assert!(!diff.contains("/revertir/"), "readers cannot revert");
    assert_eq!(
        reader
            .get("/documentacion/manuales-tecnicos/nucleo/historial?de=1&a=9")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let forged = reader
        .post("/documentacion/manuales-tecnicos/nucleo/revertir/1", &[])
        .await;
    assert_eq!(
        forged.status,
        StatusCode::SEE_OTHER,
        "visitors are sent to sign in"
    );
    assert!(forged.location.unwrap().starts_with("/cuenta/entrar"));

    let history = staff
        .get("/documentacion/manuales-tecnicos/nucleo/historial")
        .await
        .body;
    assert!(history.contains("/revertir/1"));
    let reverted = staff
        .post("/documentacion/manuales-tecnicos/nucleo/revertir/1", &[])
        .await;
    assert_eq!(
        reverted.location.as_deref(),
        Some("/documentacion/manuales-tecnicos/nucleo/historial")
    );
    let page = reader
        .get("/documentacion/manuales-tecnicos/nucleo")
        .await
        .body;
    assert!(
        page.contains("<h1>Núcleo</h1>") && page.contains("dos"),
        "{page}"
    );
    let history = reader
        .get("/documentacion/manuales-tecnicos/nucleo/historial")
        .await
        .body;
    assert!(history.contains("<td>3</td>") && history.contains("Revertido a la versión 1"));
    app.stop().await;
}
both!(any_two_revisions_compare_and_staff_revert);

async fn the_knowledge_base_is_a_wiki_with_review_for_new_members(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    person(
        &app,
        "luz@ejemplo.mx",
        "Luz",
        &[Role::Member, Role::TrustedMember],
    )
    .await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let luz = signed_in(&app, "luz@ejemplo.mx").await;
    let reader = Browser::new(&app);

    // A new member's article waits, hidden from readers.
    let collection = ana.get("/documentacion/base-de-conocimiento").await;
    assert!(
        collection
            .body
            .contains("/documentacion/base-de-conocimiento/nuevo"),
        "members may write here"
    );
    ana.get("/documentacion/base-de-conocimiento/nuevo").await;
    let sent = ana
        .post(
            "/documentacion/base-de-conocimiento/nuevo",
            &[
                ("title", "Truco para la impresora"),
                ("body", "Reinicia el servicio.\n"),
            ],
        )
        .await;
    assert_eq!(
        sent.location.as_deref(),
        Some("/documentacion/base-de-conocimiento?pendiente=1")
    );
    assert!(
        ana.get("/documentacion/base-de-conocimiento?pendiente=1")
            .await
            .body
            .contains("Tu cambio quedó en revisión")
    );
    assert_eq!(
        reader
            .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ana.get("/documentacion/revision").await.status,
        StatusCode::FORBIDDEN
    );

    // A trusted member approves it.
    let queue = luz.get("/documentacion/revision").await.body;
    assert!(
        queue.contains("Truco para la impresora")
            && queue.contains("artículo nuevo")
            && queue.contains("<ins>Reinicia el servicio.</ins>"),
        "{queue}"
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let approved = luz
        .post(&format!("/documentacion/revision/{id}/aprobar"), &[])
        .await;
    assert_eq!(
        approved.location.as_deref(),
        Some("/documentacion/revision")
    );
    let page = reader
        .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Reinicia el servicio."));

    // Ana's edit waits too; rejected, the article does not change.
    let edit = "/documentacion/base-de-conocimiento/truco-para-la-impresora/editar";
    ana.get(edit).await;
    let waiting = ana
        .post(
            edit,
            &[
                ("title", "Truco para la impresora"),
                ("body", "Tírala por la ventana.\n"),
                ("summary", "broma"),
            ],
        )
        .await;
    assert_eq!(
        waiting.location.as_deref(),
        Some("/documentacion/base-de-conocimiento/truco-para-la-impresora?pendiente=1")
    );
    assert!(
        reader
            .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
            .await
            .body
            .contains("Reinicia el servicio.")
    );
    let queue = luz.get("/documentacion/revision").await.body;
    assert!(
        queue.contains("<del>Reinicia el servicio.</del>")
            && queue.contains("<ins>Tírala por la ventana.</ins>")
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    luz.post(&format!("/documentacion/revision/{id}/rechazar"), &[])
        .await;
    assert!(
        reader
            .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
            .await
            .body
            .contains("Reinicia el servicio.")
    );
    assert!(
        luz.get("/documentacion/revision")
            .await
            .body
            .contains("No hay cambios pendientes.")
    );
    let history = reader
        .get("/documentacion/base-de-conocimiento/truco-para-la-impresora/historial")
        .await
        .body;
    assert!(
        !history.contains("broma"),
        "rejected changes stay out of the history"
    );

    // A rejected new article frees its address.
    ana.get("/documentacion/base-de-conocimiento/nuevo").await;
    ana.post(
        "/documentacion/base-de-conocimiento/nuevo",
        &[("title", "Spam"), ("body", "compra ya")],
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    luz.post(&format!("/documentacion/revision/{id}/rechazar"), &[])
        .await;
    let again = ana
        .post(
            "/documentacion/base-de-conocimiento/nuevo",
            &[("title", "Spam"), ("body", "de nuevo")],
        )
        .await;
    assert_eq!(
        again.location.as_deref(),
        Some("/documentacion/base-de-conocimiento?pendiente=1")
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    luz.post(&format!("/documentacion/revision/{id}/rechazar"), &[])
        .await;

    // An edit written before a newer publication is not approved over it.
    ana.get(edit).await;
    ana.post(
        edit,
        &[
            ("title", "Truco para la impresora"),
            ("body", "Versión vieja de Ana.\n"),
        ],
    )
    .await;
    luz.get(edit).await;
    luz.post(
        edit,
        &[
            ("title", "Truco para la impresora"),
            ("body", "Versión nueva de Luz.\n"),
        ],
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let outdated = luz
        .post(&format!("/documentacion/revision/{id}/aprobar"), &[])
        .await;
    assert_eq!(
        outdated.location,
        Some(format!("/documentacion/revision?desactualizado={id}"))
    );
    assert!(
        luz.get(outdated.location.as_deref().unwrap())
            .await
            .body
            .contains("No se aprobó")
    );
    assert!(
        reader
            .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
            .await
            .body
            .contains("Versión nueva de Luz.")
    );
    luz.post(&format!("/documentacion/revision/{id}/rechazar"), &[])
        .await;

    // A trusted member publishes directly; members still cannot touch the guides.
    luz.get(edit).await;
    let direct = luz
        .post(
            edit,
            &[
                ("title", "Truco para la impresora"),
                ("body", "Reinicia el servicio CUPS.\n"),
            ],
        )
        .await;
    assert_eq!(
        direct.location.as_deref(),
        Some("/documentacion/base-de-conocimiento/truco-para-la-impresora")
    );
    assert!(
        reader
            .get("/documentacion/base-de-conocimiento/truco-para-la-impresora")
            .await
            .body
            .contains("CUPS")
    );
    assert_eq!(
        ana.get("/documentacion/guia-de-usuario/nuevo").await.status,
        StatusCode::FORBIDDEN
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'docs.revision_%'")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(audited, 5);
    app.stop().await;
}
both!(the_knowledge_base_is_a_wiki_with_review_for_new_members);

async fn the_faq_is_one_page_of_anchored_questions_by_category(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let form = staff
        .get("/documentacion/preguntas-frecuentes/nuevo")
        .await
        .body;
    assert!(form.contains(r#"name="category""#));
    assert!(
        !staff
            .get("/documentacion/guia-de-usuario/nuevo")
            .await
            .body
            .contains(r#"name="category""#)
    );
    for (question, category) in [
        ("¿Cómo descargo MxOS?", "Instalación"),
        ("¿Es gratuito?", ""),
        ("¿Funciona en computadoras viejas?", "Instalación"),
    ] {
        staff
            .post(
                "/documentacion/preguntas-frecuentes/nuevo",
                &[
                    ("title", question),
                    ("category", category),
                    ("body", "Sí, **claro**."),
                ],
            )
            .await;
    }
    let page = Browser::new(&app)
        .get("/documentacion/preguntas-frecuentes")
        .await
        .body;
    let installation = page.find(">Instalación</h2>").expect("category heading");
    let general = page
        .find(">Generales</h2>")
        .expect("questions without category");
    assert!(
        installation < general,
        "categories in order of first appearance"
    );
    assert!(page.contains(r#"<div class="faq-entry" id="como-descargo-mxos">"#));
    assert!(page.contains(
        r##"<a href="#funciona-en-computadoras-viejas">¿Funciona en computadoras viejas?</a>"##
    ));
    assert!(page.contains("<strong>claro</strong>"));
    let old = page.find("funciona-en-computadoras-viejas").unwrap();
    assert!(old < general, "both installation questions are grouped");
    // Each question still has its own page, and the category survives an edit.
    let edit = "/documentacion/preguntas-frecuentes/como-descargo-mxos/editar";
    assert!(
        staff
            .get(edit)
            .await
            .body
            .contains(r#"value="Instalación""#)
    );
    app.stop().await;
}
both!(the_faq_is_one_page_of_anchored_questions_by_category);

async fn staff_set_the_authors_order(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "luz@ejemplo.mx", "Luz", &[Role::TrustedMember]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/guia-de-usuario/nuevo").await;
    for title in ["Uno", "Dos", "Tres"] {
        staff
            .post(
                "/documentacion/guia-de-usuario/nuevo",
                &[("title", title), ("body", "x")],
            )
            .await;
    }
    let order = |body: &str| -> Vec<usize> {
        ["/uno\"", "/dos\"", "/tres\""]
            .iter()
            .map(|slug| body.find(slug).unwrap())
            .collect()
    };
    staff.get("/documentacion/guia-de-usuario").await;
    let moved = staff
        .post(
            "/documentacion/guia-de-usuario/tres/mover",
            &[("direction", "arriba")],
        )
        .await;
    assert_eq!(
        moved.location.as_deref(),
        Some("/documentacion/guia-de-usuario")
    );
    staff
        .post(
            "/documentacion/guia-de-usuario/uno/mover",
            &[("direction", "abajo")],
        )
        .await;
    let body = Browser::new(&app)
        .get("/documentacion/guia-de-usuario")
        .await
        .body;
    let at = order(&body);
    // Uno Dos Tres → Uno Tres Dos → Tres Uno Dos.
    assert!(at[2] < at[0] && at[0] < at[1], "Tres, Uno, Dos: {body}");
    // The first cannot go higher; nobody but staff reorders.
    staff
        .post(
            "/documentacion/guia-de-usuario/tres/mover",
            &[("direction", "arriba")],
        )
        .await;
    let luz = signed_in(&app, "luz@ejemplo.mx").await;
    luz.get("/documentacion/guia-de-usuario").await;
    let refused = luz
        .post(
            "/documentacion/guia-de-usuario/uno/mover",
            &[("direction", "arriba")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let body = Browser::new(&app)
        .get("/documentacion/guia-de-usuario")
        .await
        .body;
    assert_eq!(order(&body), at);
    app.stop().await;
}
both!(staff_set_the_authors_order);

async fn articles_link_to_their_other_language_version(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let english = signed_in_speaking(&app, "equipo@mxos.mx", "en").await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "Conectarse a la red"), ("body", "Elige tu red.")],
        )
        .await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "Otro artículo"), ("body", "Otro.")],
        )
        .await;
    english
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Joining a network"),
                ("body", "Pick your network."),
            ],
        )
        .await;
    let spanish = "/documentacion/guia-de-usuario/conectarse-a-la-red";
    let english_path = "/documentacion/guia-de-usuario/joining-a-network";

    // Staff pick the English version from the articles of the same collection.
    let page = staff.get(spanish).await.body;
    assert!(
        page.contains(r#"<option value="">Ninguna</option>"#),
        "{page}"
    );
    assert!(page.contains(">Joining a network</option>"), "{page}");
    assert!(!page.contains(">Otro artículo</option>"), "{page}");
    let value = page
        .split("<option value=\"")
        .find_map(|rest| rest.split_once("\">Joining a network"))
        .map(|(id, _)| id.to_owned())
        .expect("the English article is offered");
    let linked = staff
        .post(
            &format!("{spanish}/traduccion"),
            &[("idioma", "es-MX"), ("traduccion", &value)],
        )
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);

    // Readers see the link both ways, each in its language.
    let reader = Browser::new(&app);
    let page = reader.get(spanish).await.body;
    assert!(page.contains(&format!(
        r#"<a href="{english_path}?idioma=en" hreflang="en" lang="en">Léelo en inglés: Joining a network</a>"#
    )), "{page}");
    // A Spanish reader sent to the English address gets the Spanish version…
    let redirected = reader.get(english_path).await;
    assert_eq!(redirected.status, StatusCode::SEE_OTHER);
    assert_eq!(redirected.location.as_deref(), Some(spanish));
    // …unless they chose English.
    let chosen = reader.get(&format!("{english_path}?idioma=en")).await.body;
    assert!(chosen.contains("<h1>Joining a network</h1>"), "{chosen}");
    assert!(!chosen.contains("todavía no está en español"), "{chosen}");
    assert!(
        chosen.contains("Léelo en español: Conectarse a la red"),
        "{chosen}"
    );
    let english_reader = Browser::speaking(&app, "en");
    let redirected = english_reader.get(spanish).await;
    assert_eq!(redirected.location.as_deref(), Some(english_path));

    // An article that is not a version of this one is refused; only staff may link.
    let refused = staff
        .post(
            "/documentacion/guia-de-usuario/otro-articulo/traduccion",
            &[("idioma", "es-MX"), ("traduccion", "999999")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("misma colección en el otro idioma"),
        "{}",
        refused.body
    );
    let garbage = staff
        .post(
            &format!("{spanish}/traduccion"),
            &[("idioma", "es-MX"), ("traduccion", "no-es-numero")],
        )
        .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = Browser::new(&app);
    stranger.get(spanish).await;
    let refused = stranger
        .post(&format!("{spanish}/traduccion"), &[("traduccion", "")])
        .await;
    assert!(
        refused
            .location
            .as_deref()
            .is_some_and(|to| to.starts_with("/cuenta/entrar")),
        "{:?}",
        refused.location
    );
    assert!(reader.get(spanish).await.body.contains("Léelo en inglés"));
    // Unlinking.
    staff
        .post(
            &format!("{spanish}/traduccion"),
            &[("idioma", "es-MX"), ("traduccion", "")],
        )
        .await;
    assert!(!reader.get(spanish).await.body.contains("Léelo en inglés"));
    assert_eq!(reader.get(english_path).await.status, StatusCode::OK);
    app.stop().await;
}
both!(articles_link_to_their_other_language_version);

async fn anonymous_readers_get_kept_pages_that_change_with_the_article(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/guia-de-usuario/nuevo").await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "Instalación de MxOS"), ("body", "Versión uno.")],
        )
        .await;
    const PAGE: &str = "/documentacion/guia-de-usuario/instalacion-de-mxos";

    // Two visitors read the kept page, each with their own form token, and both
    // tokens work.
    let ana = Browser::new(&app);
    let luis = Browser::new(&app);
    for reader in [&ana, &luis] {
        let page = reader.get(PAGE).await;
        assert!(page.body.contains("Versión uno."), "{}", page.body);
    }
    assert_ne!(ana.csrf(), luis.csrf());
    for reader in [&ana, &luis] {
        let answer = reader
            .post(&format!("{PAGE}/opinion"), &[("helpful", "si")])
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }

    // Revalidation: the same page for the same visitor is not sent again.
    let first = app.get(PAGE).await;
    let etag = first.headers()["etag"].clone();
    assert!(first.headers().contains_key("last-modified"));
    assert_eq!(first.headers()["cache-control"], "private, no-cache");
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| {
            value
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("; ");
    let revalidate = || {
        app.client
            .get(app.url(PAGE))
            .header("cookie", &cookie)
            .header("if-none-match", etag.clone())
    };
    let unchanged = revalidate().send().await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    // Staff change the article: readers see it at once, and the old copy is stale.
    staff.get(&format!("{PAGE}/editar")).await;
    let saved = staff
        .post(
            &format!("{PAGE}/editar"),
            &[("title", "Instalación de MxOS"), ("body", "Versión dos.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(ana.get(PAGE).await.body.contains("Versión dos."));
    assert_eq!(revalidate().send().await.unwrap().status(), StatusCode::OK);

    // A signed-in reader gets their own header, not a visitor's copy.
    let own = staff.get(PAGE).await.body;
    assert!(own.contains("Equipo"), "{own}");
    assert!(!ana.get(PAGE).await.body.contains("Equipo</a>"));

    // A change written by another node (straight to the database, with its event) is
    // seen within a moment.
    let db = app.db.open().await;
    let mut tx = db.write().await.unwrap();
    sqlx::query("UPDATE doc_articles SET body = $1, updated_at = updated_at + 1 WHERE slug = $2")
        .bind("Versión tres.")
        .bind("instalacion-de-mxos")
        .execute(&mut *tx)
        .await
        .unwrap();
    soporte_platform::events::append(
        &mut tx,
        soporte_platform::events::NewEvent {
            kind: "doc.revised",
            subject: "doc:1".to_owned(),
            actor_id: None,
            payload: &serde_json::json!({}),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    crate::support::eventually(
        std::time::Duration::from_secs(5),
        "the kept page to follow the event log",
        || async {
            ana.get(PAGE)
                .await
                .body
                .contains("Versión tres.")
                .then_some(())
        },
    )
    .await;
    app.stop().await;
}
both!(anonymous_readers_get_kept_pages_that_change_with_the_article);

/// A new member cannot flood the reviewers: after ten changes in an hour the next is
/// refused with what they wrote kept, and the queue shows a page at a time with long
/// changes cut short.
async fn the_review_queue_cannot_be_flooded(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    person(
        &app,
        "luz@ejemplo.mx",
        "Luz",
        &[Role::Member, Role::TrustedMember],
    )
    .await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let luz = signed_in(&app, "luz@ejemplo.mx").await;
    const NEW: &str = "/documentacion/base-de-conocimiento/nuevo";
    let long_body: String = (0..2_000)
        .map(|n| format!("Línea {n} del truco.\n"))
        .collect();
    for n in 1..=10 {
        ana.get(NEW).await;
        let title = format!("Truco número {n}");
        let body = if n == 1 {
            long_body.as_str()
        } else {
            "Reinicia el servicio."
        };
        let sent = ana.post(NEW, &[("title", &title), ("body", body)]).await;
        assert_eq!(
            sent.status,
            StatusCode::SEE_OTHER,
            "change {n}: {}",
            sent.body
        );
    }
    ana.get(NEW).await;
    let refused = ana
        .post(
            NEW,
            &[("title", "Truco número 11"), ("body", "Mi texto largo.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(
        refused
            .body
            .contains("Ya enviaste muchos cambios a revisión"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Truco número 11") && refused.body.contains("Mi texto largo."),
        "what was written is kept"
    );
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM doc_revisions WHERE state = 'pending'")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(pending, 10);
    // Staff are not held back.
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    for n in 1..=11 {
        staff.get(NEW).await;
        let sent = staff
            .post(NEW, &[("title", &format!("Guía {n}")), ("body", "Texto.")])
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
    }

    // Another new member's changes wait too.
    person(&app, "beto@ejemplo.mx", "Beto", &[Role::Member]).await;
    let beto = signed_in(&app, "beto@ejemplo.mx").await;
    for n in 1..=2 {
        beto.get(NEW).await;
        let sent = beto
            .post(
                NEW,
                &[("title", &format!("Consejo {n}")), ("body", "Texto.")],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
    }

    // The queue: ten a page, a long change cut short, the rest on the next page.
    let first = luz.get("/documentacion/revision").await;
    assert_eq!(first.body.matches("class=\"review-item\"").count(), 10);
    assert!(
        first.body.contains("Faltan 1600 líneas más"),
        "{}",
        first.body
    );
    assert!(
        first.body.len() < 200_000,
        "the page is {} bytes",
        first.body.len()
    );
    let next = first
        .body
        .split("rel=\"next\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the next page")
        .replace("&#38;", "&");
    assert_eq!(next, "/documentacion/revision?pagina=2");
    let second = luz.get(&next).await;
    assert_eq!(second.body.matches("class=\"review-item\"").count(), 2);
    assert!(second.body.contains("Consejo 2") && !second.body.contains("Truco número 1<"));
    assert!(
        second
            .body
            .contains("rel=\"prev\" href=\"/documentacion/revision\"")
    );
    app.stop().await;
}
both!(the_review_queue_cannot_be_flooded);

/// Two people editing one article: the second to save is told, keeps their text, and
/// erases nothing; two saves at the very same moment give one save and one such page,
/// never a server error.
async fn a_save_never_undoes_one_made_meanwhile(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "luz@ejemplo.mx", "Luz", &[Role::Staff]).await;
    let ana = signed_in(&app, "equipo@mxos.mx").await;
    let luz = signed_in(&app, "luz@ejemplo.mx").await;
    const NEW: &str = "/documentacion/guia-de-usuario/nuevo";
    ana.get(NEW).await;
    let created = ana
        .post(NEW, &[("title", "Red en casa"), ("body", "Uno.")])
        .await;
    let article = created.location.unwrap();
    let edit = format!("{article}/editar");
    let base_of = |page: &str| {
        page.split("name=\"base\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned()
    };
    let base_ana = base_of(&ana.get(&edit).await.body);
    let base_luz = base_of(&luz.get(&edit).await.body);
    assert_eq!(base_ana, base_luz);
    let saved = ana
        .post(
            &edit,
            &[
                ("title", "Red en casa"),
                ("body", "Versión de Ana."),
                ("base", &base_ana),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let late = luz
        .post(
            &edit,
            &[
                ("title", "Red en casa"),
                ("body", "Versión de Luz."),
                ("base", &base_luz),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.body.contains("Alguien más guardó este artículo"),
        "{}",
        late.body
    );
    assert!(late.body.contains("Versión de Luz."), "her text is kept");
    assert!(
        ana.get(&article).await.body.contains("Versión de Ana."),
        "nothing was erased"
    );
    // Saving again, having seen it, goes on from the newest.
    let newest = base_of(&late.body);
    let again = luz
        .post(
            &edit,
            &[
                ("title", "Red en casa"),
                ("body", "Versión de Luz."),
                ("base", &newest),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);

    // At the very same moment, from the same starting point.
    for round in 0..3 {
        let base = base_of(&ana.get(&edit).await.body);
        luz.get(&edit).await;
        let (text_a, text_l) = (format!("A{round}"), format!("L{round}"));
        let fields_a = [("title", "Red en casa"), ("body", &text_a), ("base", &base)];
        let fields_l = [("title", "Red en casa"), ("body", &text_l), ("base", &base)];
        let (a, b) = tokio::join!(ana.post(&edit, &fields_a), luz.post(&edit, &fields_l));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
            "round {round}: {} / {}",
            a.body,
            b.body
        );
    }
    app.stop().await;
}
both!(a_save_never_undoes_one_made_meanwhile);

/// An approval changes the text too: an edit begun before it is not saved over it.
async fn a_save_never_undoes_an_approval_made_meanwhile(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    const NEW: &str = "/documentacion/base-de-conocimiento/nuevo";
    staff.get(NEW).await;
    let created = staff
        .post(NEW, &[("title", "Truco"), ("body", "Uno.")])
        .await;
    let article = created.location.unwrap();
    let edit = format!("{article}/editar");
    // Ana's change waits for review; staff open the editor meanwhile.
    ana.get(&edit).await;
    let sent = ana
        .post(&edit, &[("title", "Truco"), ("body", "Versión de Ana.")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let page = staff.get(&edit).await.body;
    let base = page
        .split("name=\"base\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    // A waiting change is no conflict by itself: staff could save now. But Ana's
    // change is approved first.
    let id: i64 = sqlx::query_scalar("SELECT id FROM doc_revisions WHERE state = 'pending'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    staff.get("/documentacion/revision").await;
    let approved = staff
        .post(&format!("/documentacion/revision/{id}/aprobar"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    staff.get(&edit).await;
    let late = staff
        .post(
            &edit,
            &[
                ("title", "Truco"),
                ("body", "Versión del equipo."),
                ("base", &base),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert!(staff.get(&article).await.body.contains("Versión de Ana."));
    app.stop().await;
}
both!(a_save_never_undoes_an_approval_made_meanwhile);
