//! The community forum as members, moderators and staff use it: asking after the
//! search has had its say, a question's states up to its solution, votes, lists,
//! edits, expiry, and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use soporte_platform::accounts::Role;

use crate::accounts::{person, signed_in, signed_in_speaking};
use crate::both;
use crate::support::{Backend, Browser, TestServer, api_token, eventually, send_json};

/// A member who has been around for a while (a few days, some reading): the forum
/// trusts them at the Basic level, so their posts go out at once.
pub(crate) async fn member(
    app: &TestServer,
    email: &str,
    name: &str,
) -> soporte_platform::storage::UserId {
    let id = person(app, email, name, &[Role::Member]).await;
    let level = soporte_forum::trust::history(&app.state().db, id, 3, 30)
        .await
        .unwrap();
    assert_eq!(level, Some(soporte_forum::trust::Level::Basic));
    id
}

/// Staff create a category through their page; returns its slug.
pub(crate) async fn category(staff: &Browser, name: &str) -> String {
    staff.get("/comunidad/categorias").await;
    let saved = staff
        .post(
            "/comunidad/categorias",
            &[
                ("nombre", name),
                ("nombre_en", ""),
                ("descripcion", "Dudas y soluciones"),
                ("descripcion_en", ""),
                ("producto", "MxOS 2.0"),
                ("orden", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    soporte_platform::text::slug(name)
}

/// The flow token a preview page carries.
fn flow_of(page: &str) -> String {
    let start = page.find("name=\"flujo\" value=\"").unwrap() + 20;
    page[start..start + 43].to_owned()
}

/// Asks a question through the preview step; returns the topic's path.
pub(crate) async fn ask(member: &Browser, category: &str, title: &str, body: &str) -> String {
    member.get("/comunidad/preguntar").await;
    let fields = [
        ("categoria", category),
        ("tipo", "question"),
        ("titulo", title),
        ("cuerpo", body),
        ("etiquetas", "impresoras, epson"),
    ];
    let mut preview_fields = fields.to_vec();
    preview_fields.push(("accion", "vista-previa"));
    let preview = member.post("/comunidad/preguntar", &preview_fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let flow = flow_of(&preview.body);
    let mut publish = fields.to_vec();
    publish.extend([("flujo", flow.as_str()), ("accion", "publicar")]);
    let posted = member.post("/comunidad/preguntar", &publish).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    posted.location.unwrap()
}

fn state_shown(page: &str) -> &str {
    let start = page.find("badge state-").unwrap();
    let rest = &page[start..];
    let label = rest.find('>').unwrap() + 1;
    &rest[label..label + rest[label..].find('<').unwrap()]
}

async fn a_question_climbs_from_the_search_to_its_solution(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    member(&app, "ana@ejemplo.mx", "Ana López").await;
    member(&app, "bruno@ejemplo.mx", "Bruno Díaz").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let printers = category(&staff, "Impresoras y escáneres").await;
    let written = staff
        .post(
            "/documentacion/base-de-conocimiento/nuevo",
            &[
                ("title", "La impresora Epson no aparece"),
                (
                    "body",
                    "Instala el paquete `epson-escpr` y vuelve a conectar la impresora.",
                ),
            ],
        )
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);

    // A visitor is sent to sign in before asking.
    let visitor = Browser::new(&app).get("/comunidad/preguntar").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let form = ana.get("/comunidad/preguntar").await.body;
    assert!(form.contains("Impresoras y escáneres") && form.contains("/comunidad/conducta"));

    // A title too short is refused, and what was written stays.
    let refused = ana
        .post(
            "/comunidad/preguntar",
            &[
                ("categoria", &printers),
                ("tipo", "question"),
                ("titulo", "ayuda"),
                ("cuerpo", "Mi texto largo que no se pierde"),
                ("accion", "vista-previa"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("al menos 8 caracteres"));
    assert!(refused.body.contains("Mi texto largo que no se pierde"));

    // The preview proposes the article; "esto me resolvió" leads to it and ends the flow.
    eventually(Duration::from_secs(10), "the article indexed", || async {
        let page = Browser::new(&app).get("/buscar?q=epson").await.body;
        page.contains("La impresora Epson no aparece").then_some(())
    })
    .await;
    let preview = ana
        .post(
            "/comunidad/preguntar",
            &[
                ("categoria", &printers),
                ("tipo", "question"),
                ("titulo", "Mi impresora Epson no aparece"),
                ("cuerpo", "La conecté por USB y nada."),
                ("accion", "vista-previa"),
            ],
        )
        .await
        .body;
    assert!(
        preview.contains("La impresora Epson no aparece"),
        "{preview}"
    );
    assert!(preview.contains("Quizá esto ya responde tu pregunta"));
    assert!(preview.contains("Esto me resolvió"));
    let flow = flow_of(&preview);
    let resolved = ana
        .post(
            "/comunidad/preguntar/resuelto",
            &[
                ("flujo", &flow),
                (
                    "destino",
                    "/documentacion/base-de-conocimiento/la-impresora-epson-no-aparece?idioma=es",
                ),
            ],
        )
        .await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER);
    assert!(
        resolved
            .location
            .unwrap()
            .starts_with("/documentacion/base-de-conocimiento/")
    );
    let elsewhere = ana
        .post(
            "/comunidad/preguntar/resuelto",
            &[("flujo", &flow), ("destino", "//malo.example/")],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::BAD_REQUEST);

    // Another flow ends in a question.
    let topic = ask(
        &ana,
        &printers,
        "El escáner de mi multifuncional no responde",
        "Imprime bien, pero **escanear** no hace nada.",
    )
    .await;
    let page = ana.get(&topic).await.body;
    assert_eq!(state_shown(&page), "Abierta");
    assert!(page.contains("<strong>escanear</strong>"));
    let outcomes: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, COUNT(*) FROM forum_ask_flows GROUP BY outcome ORDER BY outcome",
    )
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    let flows: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT outcome, suggestions, token FROM forum_ask_flows ORDER BY id")
            .fetch_all(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(
        outcomes,
        [("posted".to_owned(), 1), ("resolved".to_owned(), 1)],
        "{flows:?}"
    );

    // Bruno asks for information; Ana gives it; Bruno answers.
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    let asked = reply(&bruno, &topic, "¿Qué modelo es?", true).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    assert!(asked.location.unwrap().ends_with("#mensaje-2"));
    assert_eq!(
        state_shown(&ana.get(&topic).await.body),
        "Necesita información"
    );
    reply(&ana, &topic, "Es una Epson L3150.", false).await;
    assert_eq!(state_shown(&ana.get(&topic).await.body), "Abierta");
    reply(
        &bruno,
        &topic,
        "Instala `simple-scan` y el paquete `epson-escpr2`.",
        false,
    )
    .await;
    let page = ana.get(&topic).await.body;
    assert_eq!(state_shown(&page), "Respondida");

    // The mark names the reply and its author; only the asker (or a moderator) has it.
    assert!(page.contains("Marcar la respuesta 3 de Bruno Díaz como la solución"));
    assert!(!bruno.get(&topic).await.body.contains("como la solución"));
    let answer_id = post_id(&page, 4);
    let not_theirs = bruno
        .post(&format!("{topic}/solucion"), &[("mensaje", &answer_id)])
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    let marked = ana
        .post(&format!("{topic}/solucion"), &[("mensaje", &answer_id)])
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    let page = Browser::new(&app).get(&topic).await.body;
    assert_eq!(state_shown(&page), "Solucionada");
    let solution = page.find("id=\"solucion\"").unwrap();
    let replies = page.find("id=\"replies-heading\"").unwrap();
    assert!(
        solution < replies,
        "the solution is shown right under the question"
    );
    assert!(page[solution..replies].contains("simple-scan"));

    // Votes: one "me too" per person, never on one's own question or reply.
    let own = ana
        .post(&format!("{topic}/me-pasa"), &[("valor", "1")])
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert!(own.body.contains("Es tu propia pregunta"));
    for _ in 0..2 {
        bruno
            .post(&format!("{topic}/me-pasa"), &[("valor", "1")])
            .await;
    }
    assert!(ana.get(&topic).await.body.contains("A 1 persona le pasa"));
    let own_reply = bruno
        .post(
            &format!("/comunidad/mensaje/{answer_id}/util"),
            &[("valor", "1")],
        )
        .await;
    assert_eq!(own_reply.status, StatusCode::FORBIDDEN);
    assert!(own_reply.body.contains("tu propia respuesta"));
    ana.post(
        &format!("/comunidad/mensaje/{answer_id}/util"),
        &[("valor", "1")],
    )
    .await;
    assert!(ana.get(&topic).await.body.contains("Útil para 1 persona"));

    // Solved questions are found, said to be from the community, above open ones.
    let found = eventually(
        Duration::from_secs(10),
        "the solved question found",
        || async {
            let page = Browser::new(&app)
                .get("/buscar?q=escáner+multifuncional")
                .await
                .body;
            page.contains("El escáner de mi multifuncional")
                .then_some(page)
        },
    )
    .await;
    assert!(
        found.contains("Comunidad · preguntas solucionadas"),
        "{found}"
    );

    // A moderator takes the mark away: answered again.
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    moderator.get(&topic).await;
    let unmarked = moderator
        .post(&format!("{topic}/solucion"), &[("mensaje", "")])
        .await;
    assert_eq!(unmarked.status, StatusCode::SEE_OTHER);
    assert_eq!(state_shown(&ana.get(&topic).await.body), "Respondida");

    // In English.
    let english = signed_in_speaking(&app, "ana@ejemplo.mx", "en").await;
    let page = english.get(&topic).await.body;
    assert_eq!(state_shown(&page), "Answered");
    assert!(page.contains("Mark reply 3 by Bruno Díaz as the solution"));
    app.stop().await;
}
both!(a_question_climbs_from_the_search_to_its_solution);

async fn reply(browser: &Browser, topic: &str, body: &str, info: bool) -> crate::support::Answer {
    let mut fields = vec![("cuerpo", body)];
    if info {
        fields.push(("pide_info", "1"));
    }
    browser.post(&format!("{topic}/responder"), &fields).await
}

/// The id of the post numbered `number` on a topic's page (from its edit or vote form).
fn post_id(page: &str, number: i64) -> String {
    let anchor = page.find(&format!("id=\"mensaje-{number}\"")).unwrap();
    let rest = &page[anchor..];
    let start = rest.find("/comunidad/mensaje/").unwrap() + "/comunidad/mensaje/".len();
    rest[start..start + rest[start..].find('/').unwrap()].to_owned()
}

async fn lists_sort_filter_and_page_by_keyset(backend: Backend) {
    use soporte_forum::post::{Body, Kind, Tags, Title};
    use soporte_forum::store::{self, NewTopic};
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let author = member(&app, "ana@ejemplo.mx", "Ana").await;
    let voter = member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let slug = category(&staff, "Redes").await;
    let db = &app.state().db;
    let category = soporte_forum::categories::by_slug(db, &slug)
        .await
        .unwrap()
        .unwrap();
    let base = soporte_platform::storage::now_ms() - 100_000;
    let mut ids = Vec::new();
    for n in 0..45 {
        let topic = NewTopic {
            category: category.id,
            language: soporte_platform::i18n::Locale::EsMx,
            kind: if n % 9 == 0 {
                Kind::Discussion
            } else {
                Kind::Question
            },
            title: Title::parse(&format!("Tema de prueba número {n:02}")).unwrap(),
            body: Body::parse("Texto").unwrap(),
            tags: Tags::parse(if n % 2 == 0 { "par" } else { "impar" }).unwrap(),
        };
        ids.push(
            store::create_at(db, &topic, author, base + n * 1000)
                .await
                .unwrap(),
        );
    }
    store::me_too(db, ids[3], voter, true).await.unwrap();
    app.caught_up().await;

    let reader = Browser::new(&app);
    let path = format!("/comunidad/{slug}");
    let first = reader.get(&path).await.body;
    assert_eq!(
        first
            .matches("<li>\n    <h3><a href=\"/comunidad/tema/")
            .count(),
        30
    );
    assert!(first.find("número 44").unwrap() < first.find("número 43").unwrap());
    assert!(!first.contains("número 14<"));
    let next = first
        .split("rel=\"next\" href=\"")
        .nth(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&#38;", "&"))
        .unwrap();
    assert!(
        next.contains("despues=") && next.contains("pagina=2"),
        "{next}"
    );
    let second = reader.get(&next).await.body;
    assert!(second.contains("número 14<") && second.contains("número 00<"));
    assert!(!second.contains("número 15<"));
    assert!(!second.contains("rel=\"next\""));
    let back = second
        .split("rel=\"prev\" href=\"")
        .nth(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&#38;", "&"))
        .unwrap();
    assert_eq!(back, path, "the first page has one address");

    // Filters and orders.
    let unanswered = reader
        .get(&format!("{path}?orden=sin-respuesta"))
        .await
        .body;
    let first_row = unanswered.find("/comunidad/tema/").unwrap();
    assert!(unanswered[first_row..].starts_with(&format!("/comunidad/tema/{}\"", ids[3])));
    assert!(
        !unanswered.contains("número 00<"),
        "discussions are not unanswered questions"
    );
    let tagged = reader.get(&format!("{path}?etiqueta=impar")).await.body;
    assert!(tagged.contains("número 01<") && !tagged.contains("número 02<"));
    let open = reader.get(&format!("{path}?estado=open")).await.body;
    assert!(open.contains("número 44<") && !open.contains("número 36<"));
    let solved = reader.get(&format!("{path}?orden=solucionadas")).await.body;
    assert!(solved.contains("No hay temas que coincidan."));
    // A made-up cursor is only a place in the list.
    let odd = reader.get(&format!("{path}?despues=abc&pagina=-4")).await;
    assert_eq!(odd.status, StatusCode::OK);
    let missing = reader.get("/comunidad/no-existe").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    app.stop().await;
}
both!(lists_sort_filter_and_page_by_keyset);

async fn bad_input_gets_a_clear_answer_and_nothing_half_written(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let slug = category(&staff, "General").await;
    let taken = staff
        .post(
            "/comunidad/categorias",
            &[("nombre", "general"), ("orden", "x")],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("El orden debe ser un número entero"));
    let reserved = staff
        .post("/comunidad/categorias", &[("nombre", "Tema")])
        .await;
    assert!(reserved.body.contains("no sea una dirección reservada"));
    let twice = staff
        .post("/comunidad/categorias", &[("nombre", "GENERAL")])
        .await;
    assert!(twice.body.contains("Ya hay una categoría con ese nombre"));

    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(
        &ana,
        &slug,
        "Una pregunta con enlaces raros",
        "<script>alert(1)</script><a href=\"javascript:alert(2)\" onclick=\"x()\">clic</a>\n\n\
         Un [dato](data:text/html;base64,PHNjcmlwdD4=) y <img src=x onerror=alert(3)>",
    )
    .await;
    let page = Browser::new(&app).get(&topic).await.body;
    assert!(!page.contains("<script>alert(1)"));
    assert!(!page.contains("javascript:alert"));
    assert!(!page.contains("onclick") && !page.contains("onerror"));
    assert!(!page.contains("href=\"data:") && !page.contains("src=\"data:"));
    assert!(page.contains("Un <a rel=\"noopener noreferrer nofollow\">dato</a> y"));

    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    let posts_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forum_posts")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let empty = bruno
        .post(&format!("{topic}/responder"), &[("cuerpo", " \n ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Escribe el texto de tu mensaje"));
    let huge = "x".repeat(20_001);
    let long = bruno
        .post(&format!("{topic}/responder"), &[("cuerpo", &huge)])
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("20 000 caracteres") && long.body.contains(&huge));
    // The opening post is not a solution; neither is a post of another topic.
    let page = ana.get(&topic).await.body;
    let opening = post_id(&page, 1);
    let itself = ana
        .post(&format!("{topic}/solucion"), &[("mensaje", &opening)])
        .await;
    assert_eq!(itself.status, StatusCode::BAD_REQUEST);
    assert!(itself.body.contains("Solo una respuesta de esta pregunta"));
    let garbage = ana
        .post(&format!("{topic}/solucion"), &[("mensaje", "x'1")])
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    for path in [
        "/comunidad/tema/abc",
        "/comunidad/tema/99999",
        "/comunidad/mensaje/0/historial",
    ] {
        assert_eq!(
            Browser::new(&app).get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // A visitor's reply goes nowhere but to the sign-in page.
    let visitor = Browser::new(&app);
    visitor.get(&topic).await;
    let anonymous = visitor
        .post(&format!("{topic}/responder"), &[("cuerpo", "hola")])
        .await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location.unwrap().starts_with("/cuenta/entrar"));
    // A closed topic takes no reply, and says so.
    let id: i64 = topic.rsplit('/').next().unwrap().parse().unwrap();
    sqlx::query("UPDATE forum_topics SET closed = 1 WHERE id = $1")
        .bind(id)
        .execute(app.state().db.pool())
        .await
        .unwrap();
    let closed = bruno
        .post(
            &format!("{topic}/responder"),
            &[("cuerpo", "¿Sigue abierto?")],
        )
        .await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(closed.body.contains("Este tema está cerrado"));
    let posts_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forum_posts")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(posts_before, posts_after, "nothing half-written");
    app.stop().await;
}
both!(bad_input_gets_a_clear_answer_and_nothing_half_written);

async fn edits_keep_a_history_anyone_can_read(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let slug = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(&ana, &slug, "Mi pregunta original", "Primera versión").await;
    let page = ana.get(&topic).await.body;
    let opening = post_id(&page, 1);
    let edit = format!("/comunidad/mensaje/{opening}/editar");
    ana.get(&edit).await;
    let saved = ana
        .post(
            &edit,
            &[
                ("titulo", "Mi pregunta corregida"),
                ("cuerpo", "Segunda versión"),
                ("motivo", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    assert_eq!(bruno.get(&edit).await.status, StatusCode::FORBIDDEN);
    // "Citar" fills the reply box with the post quoted.
    let quoting = bruno.get(&format!("{topic}?citar={opening}")).await.body;
    assert!(quoting.contains(&format!("href=\"{topic}?citar={opening}#reply-heading\"")));
    assert!(
        quoting.contains("required>&#62; Segunda versión\n\n</textarea>"),
        "{quoting}"
    );
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    moderator.get(&edit).await;
    let no_reason = moderator
        .post(
            &edit,
            &[
                ("titulo", "Mi pregunta corregida"),
                ("cuerpo", "Tercera versión"),
                ("motivo", " "),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains("escribe el motivo") && no_reason.body.contains("Tercera versión")
    );
    moderator
        .post(
            &edit,
            &[
                ("titulo", "Mi pregunta corregida"),
                ("cuerpo", "Tercera versión"),
                ("motivo", "Quité un dato personal"),
            ],
        )
        .await;
    let page = Browser::new(&app).get(&topic).await.body;
    assert!(page.contains("Mi pregunta corregida") && page.contains("Tercera versión"));
    let history = Browser::new(&app)
        .get(&format!("/comunidad/mensaje/{opening}/historial"))
        .await
        .body;
    let order: Vec<usize> = ["Tercera versión", "Segunda versión", "Primera versión"]
        .iter()
        .map(|text| history.find(text).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|pair| pair[0] < pair[1]),
        "newest first"
    );
    assert!(history.contains("Quité un dato personal") && history.contains("Moderadora"));
    app.stop().await;
}
both!(edits_keep_a_history_anyone_can_read);

async fn waiting_questions_expire_and_can_still_be_solved(backend: Backend) {
    let mut app = TestServer::start_with(
        backend,
        |settings| {
            settings.set(&soporte_forum::expiry::EXPIRE_DAYS, "1");
            settings.set(&soporte_forum::expiry::EXPIRE_CHECK_MS, "100");
        },
        Default::default(),
    )
    .await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let slug = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let waiting = ask(&ana, &slug, "Una pregunta que nadie vio", "¿Alguien?").await;
    let recent = ask(&ana, &slug, "Una pregunta de hoy mismo", "¿Alguien?").await;
    let id: i64 = waiting.rsplit('/').next().unwrap().parse().unwrap();
    let two_days = 2 * 24 * 60 * 60 * 1000;
    sqlx::query("UPDATE forum_topics SET activity_at = activity_at - $2 WHERE id = $1")
        .bind(id)
        .bind(two_days)
        .execute(app.state().db.pool())
        .await
        .unwrap();
    eventually(Duration::from_secs(10), "the question expired", || async {
        let page = ana.get(&waiting).await.body;
        (state_shown(&page) == "Expirada").then_some(())
    })
    .await;
    assert_eq!(state_shown(&ana.get(&recent).await.body), "Abierta");
    // An expired question can still be answered and solved.
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&waiting).await;
    let answered = bruno
        .post(
            &format!("{waiting}/responder"),
            &[("cuerpo", "Yo sí la vi.")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let page = ana.get(&waiting).await.body;
    assert_eq!(state_shown(&page), "Respondida");
    let reply = post_id(&page, 2);
    ana.post(&format!("{waiting}/solucion"), &[("mensaje", &reply)])
        .await;
    assert_eq!(state_shown(&ana.get(&waiting).await.body), "Solucionada");
    app.stop().await;
}
both!(waiting_questions_expire_and_can_still_be_solved);

async fn moderators_handle_flags_and_silence_with_a_reason(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    person(&app, "mod2@mxos.mx", "Moderador Dos", &[Role::Moderator]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno Spam").await;
    member(&app, "carla@ejemplo.mx", "Carla").await;
    person(
        &app,
        "tere@ejemplo.mx",
        "Tere",
        &[Role::Member, Role::TrustedMember],
    )
    .await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let other = category(&staff, "Redes").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(
        &ana,
        &general,
        "El Bluetooth no encuentra mis audífonos",
        "No aparecen.",
    )
    .await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    reply(
        &bruno,
        &topic,
        "Compra seguidores baratos en ejemplo.com",
        false,
    )
    .await;
    let page = ana.get(&topic).await.body;
    let spam = post_id(&page, 2);
    let flag_path = format!("/comunidad/mensaje/{spam}/denunciar");

    // Flags: one per person, never one's own, "other" needs words; weight hides.
    let carla = signed_in(&app, "carla@ejemplo.mx").await;
    carla.get(&topic).await;
    let flagged = carla
        .post(&flag_path, &[("motivo", "spam"), ("nota", "")])
        .await;
    assert_eq!(flagged.status, StatusCode::SEE_OTHER);
    let thanked = carla.get(flagged.location.as_deref().unwrap()).await.body;
    assert!(thanked.contains("Gracias: un moderador revisará el mensaje."));
    let again = carla.post(&flag_path, &[("motivo", "offensive")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Ya denunciaste este mensaje"));
    let own = bruno.post(&flag_path, &[("motivo", "spam")]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let vague = ana
        .post(&flag_path, &[("motivo", "other"), ("nota", " ")])
        .await;
    assert_eq!(vague.status, StatusCode::BAD_REQUEST);
    assert!(vague.body.contains("Explica el motivo"));
    assert!(
        Browser::new(&app)
            .get(&topic)
            .await
            .body
            .contains("seguidores baratos")
    );
    let tere = signed_in(&app, "tere@ejemplo.mx").await;
    tere.get(&topic).await;
    tere.post(
        &flag_path,
        &[("motivo", "other"), ("nota", "Enlace sospechoso")],
    )
    .await;
    let hidden = Browser::new(&app).get(&topic).await.body;
    assert!(
        !hidden.contains("seguidores baratos"),
        "trust-weighted flags hide it"
    );
    assert!(hidden.contains("oculto mientras un moderador revisa"));

    // The queue; a member is refused it and its decisions.
    assert_eq!(
        carla.get("/comunidad/moderacion").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = carla
        .post(
            &format!("/comunidad/moderacion/{spam}"),
            &[("decision", "dismiss"), ("motivo", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    let queue = moderator.get("/comunidad/moderacion").await.body;
    assert!(queue.contains("seguidores baratos") && queue.contains("Enlace sospechoso"));
    assert!(queue.contains("Es publicidad no deseada (spam)") && queue.contains("(Carla)"));
    let no_reason = moderator
        .post(
            &format!("/comunidad/moderacion/{spam}"),
            &[("decision", "spam"), ("motivo", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Two moderators on one flag at once: one decides, the other is told.
    let second = signed_in(&app, "mod2@mxos.mx").await;
    second.get("/comunidad/moderacion").await;
    let decide = format!("/comunidad/moderacion/{spam}");
    let (first, other_answer) = tokio::join!(
        moderator.post(&decide, &[("decision", "spam"), ("motivo", "Publicidad")]),
        second.post(
            &decide,
            &[("decision", "dismiss"), ("motivo", "Parece bien")]
        ),
    );
    let mut statuses = [first.status, other_answer.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let loser = if first.status == StatusCode::CONFLICT {
        &first
    } else {
        &other_answer
    };
    assert!(loser.body.contains("ya atendió estas denuncias"));
    let decided: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE action LIKE 'forum.%' ORDER BY id")
            .fetch_all(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(
        decided.len(),
        3,
        "one decision, and the two categories: {decided:?}"
    );
    let visitor_view = Browser::new(&app).get(&topic).await.body;
    let moderator_view = moderator.get(&topic).await.body;
    if first.status == StatusCode::SEE_OTHER {
        assert!(visitor_view.contains("retiró este mensaje por ser publicidad"));
        assert!(
            moderator_view.contains("seguidores baratos"),
            "moderators still see spam"
        );
    } else {
        assert!(visitor_view.contains("seguidores baratos"));
    }
    assert!(
        moderator
            .get("/comunidad/moderacion")
            .await
            .body
            .contains("No hay denuncias pendientes.")
    );

    // Silence: the person is shown why and until when; nothing they wrote is lost.
    let bruno_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'bruno@ejemplo.mx'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let silenced = moderator
        .post(
            &format!("/comunidad/personas/{bruno_id}/silenciar"),
            &[("dias", "7"), ("motivo", "Spam repetido")],
        )
        .await;
    assert_eq!(silenced.status, StatusCode::SEE_OTHER);
    let muted = reply(&bruno, &topic, "Otra oferta increíble", false).await;
    assert_eq!(muted.status, StatusCode::FORBIDDEN);
    assert!(
        muted.body.contains("Motivo: Spam repetido")
            && muted.body.contains("Otra oferta increíble")
    );
    assert!(
        bruno
            .get(&topic)
            .await
            .body
            .contains("Un moderador te silenció hasta el")
    );
    let muted_flag = bruno
        .post(
            &format!("/comunidad/mensaje/{}/denunciar", post_id(&page, 1)),
            &[("motivo", "spam")],
        )
        .await;
    assert_eq!(muted_flag.status, StatusCode::FORBIDDEN);
    // A moderator sees the silence on the person's page and can lift it early.
    let bruno_page = moderator.get("/comunidad/personas/bruno-spam").await.body;
    assert!(bruno_page.contains("Motivo: Spam repetido"), "{bruno_page}");
    assert!(
        !Browser::new(&app)
            .get("/comunidad/personas/bruno-spam")
            .await
            .body
            .contains("Spam repetido")
    );
    let no_reason = moderator
        .post(
            &format!("/comunidad/personas/{bruno_id}/levantar-silencio"),
            &[("motivo", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let lifted = moderator
        .post(
            &format!("/comunidad/personas/{bruno_id}/levantar-silencio"),
            &[("motivo", "Se disculpó")],
        )
        .await;
    assert_eq!(
        lifted.location.as_deref(),
        Some("/comunidad/personas/bruno-spam")
    );
    assert!(
        !bruno
            .get(&topic)
            .await
            .body
            .contains("Un moderador te silenció")
    );
    moderator
        .post(
            &format!("/comunidad/personas/{bruno_id}/silenciar"),
            &[("dias", "7"), ("motivo", "Spam repetido")],
        )
        .await;
    let wrong_days = moderator
        .post(
            &format!("/comunidad/personas/{bruno_id}/silenciar"),
            &[("dias", "0"), ("motivo", "x")],
        )
        .await;
    assert_eq!(wrong_days.status, StatusCode::BAD_REQUEST);

    // Close, reopen, move, hide the question: each with its reason, in the audit log.
    moderator.get(&topic).await;
    moderator
        .post(
            &format!("{topic}/cerrar"),
            &[("motivo", "Resuelto en otro tema")],
        )
        .await;
    let closed = reply(&carla, &topic, "¿Sigue pasando?", false).await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    moderator
        .post(&format!("{topic}/reabrir"), &[("motivo", "Sigue pasando")])
        .await;
    assert_eq!(
        reply(&carla, &topic, "¿Sigue pasando?", false).await.status,
        StatusCode::SEE_OTHER
    );
    let other_id: i64 = sqlx::query_scalar("SELECT id FROM forum_categories WHERE slug = $1")
        .bind(&other)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    moderator
        .post(
            &format!("{topic}/mover"),
            &[
                ("categoria", &other_id.to_string()),
                ("motivo", "Es de redes"),
            ],
        )
        .await;
    assert!(
        Browser::new(&app)
            .get(&format!("/comunidad/{other}"))
            .await
            .body
            .contains("Bluetooth")
    );
    moderator
        .post(
            &format!("/comunidad/mensaje/{}/ocultar", post_id(&page, 1)),
            &[("motivo", "Datos personales")],
        )
        .await;
    let list = Browser::new(&app)
        .get(&format!("/comunidad/{other}"))
        .await
        .body;
    assert!(
        !list.contains("Bluetooth"),
        "a topic whose question is hidden leaves the lists"
    );
    assert!(
        Browser::new(&app)
            .get(&topic)
            .await
            .body
            .contains("Motivo: Datos personales")
    );
    // Hiding a post hides its history too, from all but moderators (and its author).
    let opening_history = format!("/comunidad/mensaje/{}/historial", post_id(&page, 1));
    assert_eq!(
        Browser::new(&app).get(&opening_history).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        carla.get(&opening_history).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(moderator.get(&opening_history).await.status, StatusCode::OK);
    assert_eq!(
        ana.get(&opening_history).await.status,
        StatusCode::OK,
        "its author"
    );
    // A hidden post takes no more flags (a dismissal would otherwise show it again).
    let late = carla
        .post(
            &format!("/comunidad/mensaje/{}/denunciar", post_id(&page, 1)),
            &[("motivo", "spam")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    // A moderator silences neither staff nor themselves.
    let staff_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'equipo@mxos.mx'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let refused = moderator
        .post(
            &format!("/comunidad/personas/{staff_id}/silenciar"),
            &[("dias", "1"), ("motivo", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Solo el equipo de la Fundación silencia")
    );
    let actions: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_log WHERE (action LIKE 'forum.%' OR action LIKE 'person.%') \
         AND action <> 'forum.category_saved' ORDER BY id",
    )
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    let names: Vec<&str> = actions.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(
        &names[1..],
        [
            "person.silenced",
            "person.silence_lifted",
            "person.silenced",
            "forum.topic_closed",
            "forum.topic_reopened",
            "forum.topic_moved",
            "forum.post_hidden"
        ]
    );
    assert!(
        actions
            .iter()
            .all(|(_, detail)| detail.contains("\"reason\""))
    );
    app.stop().await;
}
both!(moderators_handle_flags_and_silence_with_a_reason);

async fn posting_too_fast_is_slowed_down_and_nothing_is_lost(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(&ana, &general, "Un tema para muchas respuestas", "Texto").await;
    // The question was one post of the hour's thirty.
    for n in 1..30 {
        let answer = reply(&ana, &topic, &format!("Respuesta {n}"), false).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "reply {n}");
    }
    let slowed = reply(&ana, &topic, "La que sobra", false).await;
    assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(slowed.headers.contains_key("retry-after"));
    assert!(slowed.body.contains("Espera un poco") && slowed.body.contains("La que sobra"));
    app.stop().await;
}
both!(posting_too_fast_is_slowed_down_and_nothing_is_lost);

async fn hiding_the_solution_takes_its_mark_away(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(
        &app,
        "equipo@mxos.mx",
        "Equipo",
        &[Role::Staff, Role::Moderator],
    )
    .await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(&ana, &general, "Una pregunta con solución dudosa", "¿?").await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    reply(&bruno, &topic, "Borra la carpeta del sistema.", false).await;
    let page = ana.get(&topic).await.body;
    let answer = post_id(&page, 2);
    ana.post(&format!("{topic}/solucion"), &[("mensaje", &answer)])
        .await;
    assert_eq!(state_shown(&ana.get(&topic).await.body), "Solucionada");
    staff.get(&topic).await;
    staff
        .post(
            &format!("/comunidad/mensaje/{answer}/ocultar"),
            &[("motivo", "Consejo peligroso")],
        )
        .await;
    let page = ana.get(&topic).await.body;
    assert_eq!(
        state_shown(&page),
        "Respondida",
        "a hidden answer settles nothing"
    );
    assert!(!page.contains("id=\"solucion\""));
    // … and it cannot be marked again while hidden.
    let again = ana
        .post(&format!("{topic}/solucion"), &[("mensaje", &answer)])
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    app.stop().await;
}
both!(hiding_the_solution_takes_its_mark_away);

async fn staff_promote_a_solved_question_and_both_sides_link(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana López").await;
    member(&app, "bruno@ejemplo.mx", "Bruno Díaz").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "Audio").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(
        &ana,
        &general,
        "No hay sonido después de actualizar",
        "Nada suena.",
    )
    .await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    reply(
        &bruno,
        &topic,
        "Elige «Bocinas internas» como salida.",
        false,
    )
    .await;
    let id: i64 = topic.rsplit('/').next().unwrap().parse().unwrap();
    let faq = format!("/documentacion/preguntas-frecuentes/nuevo?desde=topic:{id}");

    // Only once it is solved, and only to staff.
    assert!(
        !staff
            .get(&topic)
            .await
            .body
            .contains(&faq.replace(':', "&#58;"))
    );
    assert!(
        !staff
            .get(&topic)
            .await
            .body
            .contains("Convertir en pregunta frecuente")
    );
    let page = ana.get(&topic).await.body;
    ana.post(
        &format!("{topic}/solucion"),
        &[("mensaje", &post_id(&page, 2))],
    )
    .await;
    let staff_view = staff.get(&topic).await.body;
    assert!(
        staff_view.contains("Convertir en pregunta frecuente"),
        "{staff_view}"
    );
    assert!(
        !ana.get(&topic)
            .await
            .body
            .contains("Convertir en pregunta frecuente")
    );
    assert!(
        staff_view.contains("Reportar como error"),
        "the bug tracker's intake is offered too"
    );

    // The form comes filled from the question and its answer, crediting both.
    let form = staff.get(&faq).await.body;
    assert!(form.contains("value=\"No hay sonido después de actualizar\""));
    assert!(form.contains("Nada suena.") && form.contains("Bocinas internas"));
    assert!(form.contains("escrita por: Ana López, Bruno Díaz"));
    // A member's ?desde= fills nothing (and the FAQ is staff's anyway).
    let member_form = ana
        .get(&format!(
            "/documentacion/base-de-conocimiento/nuevo?desde=topic:{id}"
        ))
        .await
        .body;
    assert!(!member_form.contains("Bocinas internas"));
    let saved = staff
        .post(
            "/documentacion/preguntas-frecuentes/nuevo",
            &[
                ("title", "No hay sonido después de actualizar"),
                (
                    "body",
                    "Elige «Bocinas internas» como salida en Configuración › Sonido.",
                ),
                ("category", "Audio"),
                ("desde", &format!("topic:{id}")),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let article = saved.location.unwrap();
    let faq_page = Browser::new(&app)
        .get("/documentacion/preguntas-frecuentes")
        .await
        .body;
    assert!(faq_page.contains("No hay sonido después de actualizar"));
    let article_page = Browser::new(&app).get(&article).await.body;
    assert!(
        article_page.contains(&format!("href=\"/comunidad/tema/{id}\"")),
        "{article_page}"
    );
    let topic_page = Browser::new(&app).get(&topic).await.body;
    assert!(
        topic_page.contains(&format!("href=\"{article}\"")),
        "{topic_page}"
    );

    // Another article on the subject shows the solved question as related (once the
    // search has it: an article's page keeps what it found for up to a minute).
    eventually(
        Duration::from_secs(10),
        "the solved question indexed",
        || async {
            let page = Browser::new(&app)
                .get("/buscar?q=sonido+actualizar")
                .await
                .body;
            page.contains("Comunidad · preguntas solucionadas")
                .then_some(())
        },
    )
    .await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Sonido después de actualizar"),
                ("body", "Configura la salida de audio."),
            ],
        )
        .await;
    let related = eventually(Duration::from_secs(10), "the related question", || async {
        let page = Browser::new(&app)
            .get("/documentacion/guia-de-usuario/sonido-despues-de-actualizar")
            .await
            .body;
        page.contains("Preguntas relacionadas en la comunidad")
            .then_some(page)
    })
    .await;
    assert!(related.contains(&format!("href=\"/comunidad/tema/{id}\"")));
    app.stop().await;
}
both!(staff_promote_a_solved_question_and_both_sides_link);

/// Whether the header shows one unread notice.
async fn one_unread(browser: &Browser) -> bool {
    browser
        .get("/comunidad")
        .await
        .body
        .contains("Avisos (1<span class=\"visually-hidden\"> sin leer</span>)")
}

async fn watchers_and_mentioned_people_are_told_on_the_page_and_by_mail(backend: Backend) {
    use crate::support::{SmtpSink, free_port};
    let port = free_port();
    let mut app = TestServer::start_with(
        backend,
        |settings| {
            settings.set(
                &soporte_platform::config::SMTP_URL,
                format!("smtp://127.0.0.1:{port}"),
            );
            settings.set(&soporte_forum::expiry::DIGEST_CHECK_MS, "200");
        },
        Default::default(),
    )
    .await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana López").await;
    member(&app, "bruno@ejemplo.mx", "Bruno Díaz").await;
    member(&app, "carla@ejemplo.mx", "Carla Ruiz").await;
    member(&app, "dani@ejemplo.mx", "Dani Cruz").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let printers = category(&staff, "Impresoras").await;

    // Carla follows the category; Dani wants a daily digest and follows it too.
    let carla = signed_in(&app, "carla@ejemplo.mx").await;
    carla.get(&format!("/comunidad/{printers}")).await;
    let followed = carla
        .post(&format!("/comunidad/{printers}/seguir"), &[("valor", "1")])
        .await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER);
    assert!(
        carla
            .get(&format!("/comunidad/{printers}"))
            .await
            .body
            .contains("Dejar de seguir")
    );
    let dani = signed_in(&app, "dani@ejemplo.mx").await;
    dani.get("/comunidad/avisos-por-correo").await;
    let wrong = dani
        .post("/comunidad/avisos-por-correo", &[("correo", "hourly")])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    dani.post("/comunidad/avisos-por-correo", &[("correo", "daily")])
        .await;
    assert!(
        dani.get("/comunidad/avisos-por-correo")
            .await
            .body
            .contains("value=\"daily\" checked")
    );
    dani.post(&format!("/comunidad/{printers}/seguir"), &[("valor", "1")])
        .await;

    // Posts made while the SMTP server is down.
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(
        &ana,
        &printers,
        "La impresora imprime hojas en blanco",
        "Salen vacías.",
    )
    .await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    let posted = reply(
        &bruno,
        &topic,
        "Limpia los cabezales, @carla-ruiz sabe cómo. Y @nadie-aqui también.",
        false,
    )
    .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let shown = bruno.get(posted.location.as_deref().unwrap()).await.body;
    assert!(
        shown.contains("no corresponde a nadie de la comunidad"),
        "unknown mentions are said"
    );
    assert!(
        shown.contains("href=\"/comunidad/personas/carla-ruiz\""),
        "known ones are linked"
    );
    assert!(!shown.contains("/comunidad/personas/nadie-aqui"));
    let carla_page = Browser::new(&app)
        .get("/comunidad/personas/carla-ruiz")
        .await;
    assert_eq!(carla_page.status, StatusCode::OK);
    assert!(carla_page.body.contains("Carla Ruiz"));

    // On the page: the header counts, the list says what happened, opening reads it.
    eventually(Duration::from_secs(30), "Ana's notice", || async {
        one_unread(&ana).await.then_some(())
    })
    .await;
    let notices = ana.get("/cuenta/avisos").await.body;
    assert!(
        notices.contains("Bruno Díaz respondió en «La impresora imprime hojas en blanco»."),
        "{notices}"
    );
    let open = notices.split("href=\"/cuenta/avisos/").nth(1).unwrap();
    let id = &open[..open.find('"').unwrap()];
    let opened = ana.get(&format!("/cuenta/avisos/{id}")).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    // The notice names the post by its lasting address, which leads to where it is.
    let lasting = opened.location.unwrap();
    assert!(lasting.starts_with("/comunidad/mensaje/"), "{lasting}");
    let there = ana.get(&lasting).await;
    assert_eq!(there.status, StatusCode::SEE_OTHER);
    assert!(
        there
            .location
            .unwrap()
            .starts_with(&format!("{topic}#mensaje-"))
    );
    assert!(!one_unread(&ana).await, "read once opened");
    let mentioned = carla.get("/cuenta/avisos").await.body;
    assert!(
        mentioned.contains("Bruno Díaz te mencionó en"),
        "{mentioned}"
    );
    assert_eq!(
        mentioned.matches("href=\"/cuenta/avisos/").count(),
        2,
        "one notice per post: {mentioned}"
    );

    // By mail once the SMTP server is back: Ana (watching her topic) and Carla (each
    // notice); Dani waits for her digest; Bruno is not told of his own post.
    let mut sink = SmtpSink::start(port).await;
    let mut mails = Vec::new();
    for _ in 0..3 {
        mails.push(sink.next_message(Duration::from_secs(40)).await);
    }
    let to = |who: &str| {
        mails
            .iter()
            .filter(|mail| mail["to"][0] == who)
            .map(|mail| mail["text"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let ana_mail = to("ana@ejemplo.mx");
    let recipients: Vec<&str> = mails
        .iter()
        .map(|mail| mail["to"][0].as_str().unwrap())
        .collect();
    assert_eq!(ana_mail.len(), 1, "{recipients:?}");
    assert!(ana_mail[0].contains("Limpia los cabezales"));
    assert_eq!(
        to("carla@ejemplo.mx").len(),
        2,
        "her category's new topic and the mention: {mails:?}"
    );
    assert!(to("bruno@ejemplo.mx").is_empty() && to("dani@ejemplo.mx").is_empty());

    // One click away from no more mail about the topic.
    let link = ana_mail[0]
        .split_whitespace()
        .find(|word| word.contains("/comunidad/baja/"))
        .unwrap()
        .to_owned();
    let path = &link[link.find("/comunidad/baja/").unwrap()..];
    let visitor = Browser::new(&app);
    let page = visitor.get(path).await.body;
    assert!(
        page.contains("La impresora imprime hojas en blanco"),
        "{page}"
    );
    let done = visitor.post(path, &[]).await;
    assert!(done.body.contains("ya no recibirás avisos de esto"));
    let again = visitor.get(path).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("ya no sigue nada"));
    reply(&bruno, &topic, "¿Funcionó?", false).await;
    let next = sink.next_message(Duration::from_secs(40)).await;
    assert_eq!(
        next["to"][0], "carla@ejemplo.mx",
        "Ana unsubscribed; Carla still follows"
    );

    // Dani's digest, once a day has passed since the last.
    sqlx::query(
        "UPDATE forum_people SET digest_at = digest_at - 90000000 WHERE handle = 'dani-cruz'",
    )
    .execute(app.state().db.pool())
    .await
    .unwrap();
    let digest = sink.next_message(Duration::from_secs(20)).await;
    assert_eq!(digest["to"][0], "dani@ejemplo.mx");
    assert!(digest["subject"].as_str().unwrap().contains("Tu resumen"));
    assert!(digest["text"].as_str().unwrap().contains("hojas en blanco"));
    app.stop().await;
}
both!(watchers_and_mentioned_people_are_told_on_the_page_and_by_mail);

async fn staff_read_the_weeks_indicators_as_charts_a_table_and_csv(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let answered = ask(&ana, &general, "Una pregunta con respuesta", "¿?").await;
    ask(&ana, &general, "Una pregunta sin respuesta", "¿?").await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&answered).await;
    reply(&bruno, &answered, "Así se hace.", false).await;
    let page = ana.get(&answered).await.body;
    ana.post(
        &format!("{answered}/solucion"),
        &[("mensaje", &post_id(&page, 2))],
    )
    .await;

    assert_eq!(
        ana.get("/comunidad/indicadores").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ana.get("/comunidad/indicadores.csv").await.status,
        StatusCode::FORBIDDEN
    );
    let page = staff.get("/comunidad/indicadores").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("role=\"img\"")
            && page.body.contains("<title id=\"chart-asked-title\">")
    );
    // This week, the last row: 2 asked, 50 % answered within 24 h, 50 % solved, 1
    // helper, new; 2 flows, both posted.
    let rows: Vec<&str> = page.body.split("<tr>").collect();
    let last = rows.last().unwrap();
    let cells: Vec<String> = last
        .split("<td>")
        .skip(1)
        .map(|cell| cell[..cell.find('<').unwrap()].to_owned())
        .collect();
    assert_eq!(cells[0], "2", "{last}");
    assert_eq!(
        (cells[1].as_str(), cells[2].as_str(), cells[3].as_str()),
        ("50 %", "50 %", "50 %")
    );
    assert_eq!(
        (cells[6].as_str(), cells[7].as_str(), cells[8].as_str()),
        ("1", "1", "0 %")
    );
    let csv = staff
        .get(&format!("/comunidad/indicadores.csv?categoria={general}"))
        .await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 13, "a header and twelve weeks");
    assert!(lines[0].starts_with("semana,preguntas,"));
    let this_week: Vec<&str> = lines[12].split(',').collect();
    assert_eq!(&this_week[1..5], ["2", "1", "1", "1"], "{}", lines[12]);
    assert_eq!(&this_week[7..], ["1", "1", "2", "0", "0"], "{}", lines[12]);
    assert_eq!(
        staff
            .get("/comunidad/indicadores?categoria=nada")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}
both!(staff_read_the_weeks_indicators_as_charts_a_table_and_csv);

async fn the_api_lists_reads_asks_replies_votes_and_marks(backend: Backend) {
    use soporte_platform::accounts::api_tokens::Scope;
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let ana_id = member(&app, "ana@ejemplo.mx", "Ana").await;
    let bruno_id = member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let token = |user, scope| api_token(&app, user, scope);
    let (ana, ana_read, bruno) = (
        token(ana_id, Scope::Write).await,
        token(ana_id, Scope::Read).await,
        token(bruno_id, Scope::Write).await,
    );
    let question = serde_json::json!({
        "category": general, "kind": "question",
        "title": "¿Cómo activo el Bluetooth?", "body": "No aparece el **interruptor**.",
        "tags": ["Bluetooth", "audio", "x".repeat(40)],
    });
    // Writing needs a token of write scope.
    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/topics",
        None,
        question.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/topics",
        Some(&ana_read),
        question.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, created) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/topics",
        Some(&ana),
        question,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let topic = created["topic"].as_i64().unwrap();
    let (status, error) = send_json(&app,
        reqwest::Method::POST,
        "/api/v1/topics",
        Some(&ana),
        serde_json::json!({"category": "no-existe", "kind": "question", "title": "Una pregunta más", "body": "Texto"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error["error"]["message"].as_str().is_some(), "{error}");

    // Bruno replies; Ana cannot say "me too" on her own question; Bruno can.
    let (status, reply) = send_json(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(&bruno),
        serde_json::json!({"body": "Actívalo en *Configuración*."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(reply["number"], 2);
    let me_too = format!("/api/v1/topics/{topic}/me-too");
    let (status, _) = send_json(
        &app,
        reqwest::Method::PUT,
        &me_too,
        Some(&ana),
        serde_json::json!({"on": true}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, count) = send_json(
        &app,
        reqwest::Method::PUT,
        &me_too,
        Some(&bruno),
        serde_json::json!({"on": true}),
    )
    .await;
    assert_eq!((status, count["count"].as_i64()), (StatusCode::OK, Some(1)));

    // Reading: the topic with its posts; the list.
    let (status, read) = send_json(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/topics/{topic}"),
        None,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["state"], "answered");
    assert_eq!(
        read["tags"],
        serde_json::json!(["audio", "bluetooth"]),
        "the long tag is left out"
    );
    assert_eq!(
        read["posts"][0]["html"],
        "<p>No aparece el <strong>interruptor</strong>.</p>\n"
    );
    let answer = read["posts"][1]["id"].as_i64().unwrap();
    let (status, _) = send_json(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/posts/{answer}/helpful"),
        Some(&bruno),
        serde_json::json!({"on": true}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not one's own reply");
    let (status, count) = send_json(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/posts/{answer}/helpful"),
        Some(&ana),
        serde_json::json!({"on": true}),
    )
    .await;
    assert_eq!((status, count["count"].as_i64()), (StatusCode::OK, Some(1)));

    // The solution: only the asker (or a moderator); not the opening post.
    let solution = format!("/api/v1/topics/{topic}/solution");
    let (status, _) = send_json(
        &app,
        reqwest::Method::PUT,
        &solution,
        Some(&bruno),
        serde_json::json!({"post": answer}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let opening = read["posts"][0]["id"].as_i64().unwrap();
    let (status, _) = send_json(
        &app,
        reqwest::Method::PUT,
        &solution,
        Some(&ana),
        serde_json::json!({"post": opening}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, marked) = send_json(
        &app,
        reqwest::Method::PUT,
        &solution,
        Some(&ana),
        serde_json::json!({"post": answer}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        marked,
        serde_json::json!({"state": "solved", "solution": answer})
    );
    let (status, list) = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/topics?sort=solved",
        None,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["topics"][0]["id"].as_i64(), Some(topic));
    assert!(list["next"].is_null());
    let (status, _) = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/topics/999999",
        None,
        serde_json::json!(null),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The OpenAPI document describes the forum's paths.
    let (_, document) = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/openapi.json",
        None,
        serde_json::json!(null),
    )
    .await;
    assert!(
        document["paths"]["/topics/{id}/solution"]["put"].is_object(),
        "{document}"
    );
    app.stop().await;
}
both!(the_api_lists_reads_asks_replies_votes_and_marks);

/// The id in the first `action` of the queue's waiting posts.
fn waiting_post(queue: &str) -> String {
    let start = queue.find("/comunidad/moderacion/nuevos/").unwrap() + 29;
    queue[start..start + queue[start..].find('"').unwrap()].to_owned()
}

async fn new_members_wait_for_review_and_trust_rises_with_what_they_do(backend: Backend) {
    use soporte_forum::trust::{self, Level};
    let mut app = TestServer::start(backend).await;
    let staff_id = person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    let new_id = person(&app, "nuevo@ejemplo.mx", "Nico Nuevo", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let nico = signed_in(&app, "nuevo@ejemplo.mx").await;

    // No links or images yet: refused, with what was written kept.
    nico.get("/comunidad/preguntar").await;
    let linked = nico
        .post(
            "/comunidad/preguntar",
            &[
                ("categoria", general.as_str()),
                ("tipo", "question"),
                ("titulo", "Mi escáner no responde al conectarlo"),
                (
                    "cuerpo",
                    "Seguí [esta guía](https://ejemplo.com/guia) sin suerte.",
                ),
                ("etiquetas", ""),
                ("accion", "publicar"),
            ],
        )
        .await;
    assert_eq!(linked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        linked
            .body
            .contains("aún no puedes incluir enlaces ni imágenes")
    );
    assert!(
        linked
            .body
            .contains("Seguí [esta guía](https://ejemplo.com/guia) sin suerte.")
    );

    // The first question waits for a moderator: its author sees it, nobody else does.
    let topic = ask(
        &nico,
        &general,
        "Mi escáner no responde al conectarlo",
        "Lo conecto por USB y no pasa nada.",
    )
    .await;
    assert!(topic.contains("aviso=revision"), "{topic}");
    let own = nico.get(&topic).await.body;
    assert!(own.contains("espera la revisión de un moderador"));
    assert!(own.contains("Lo conecto por USB"));
    let visitor = Browser::new(&app);
    let path = topic.split('?').next().unwrap().to_owned();
    let seen = visitor.get(&path).await;
    assert_eq!(
        seen.status,
        StatusCode::NOT_FOUND,
        "nobody else reads it yet"
    );
    assert!(!seen.body.contains("Lo conecto por USB"));
    assert!(!visitor.get("/comunidad").await.body.contains("Mi escáner"));

    // The moderator lets it out from the queue; the second is refused to do it again.
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    let queue = moderator.get("/comunidad/moderacion").await.body;
    assert!(queue.contains("Mensajes de miembros nuevos") && queue.contains("Lo conecto por USB"));
    let waiting = waiting_post(&queue);
    let review = format!("/comunidad/moderacion/nuevos/{waiting}");
    let refused = moderator
        .post(&review, &[("decision", "reject"), ("motivo", " ")])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a rejection needs a reason"
    );
    let approved = moderator
        .post(&review, &[("decision", "approve"), ("motivo", "")])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let twice = moderator
        .post(&review, &[("decision", "approve"), ("motivo", "")])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(visitor.get(&path).await.body.contains("Lo conecto por USB"));
    assert!(visitor.get("/comunidad").await.body.contains("Mi escáner"));

    // A reply from someone who already knows their way is out at once and answers the
    // question; the asker's second post waits, then moves the question on approval.
    let helper_id = member(&app, "helper@ejemplo.mx", "Hilda").await;
    let hilda = signed_in(&app, "helper@ejemplo.mx").await;
    hilda.get(&path).await;
    let helped = reply(&hilda, &path, "Prueba con otro cable.", false).await;
    assert_eq!(helped.status, StatusCode::SEE_OTHER);
    assert!(state_shown(&visitor.get(&path).await.body).contains("Respondida"));
    let again = reply(&nico, &path, "Con otro cable tampoco funciona.", false).await;
    assert!(
        again
            .location
            .as_deref()
            .unwrap()
            .contains("aviso=revision")
    );
    assert!(state_shown(&visitor.get(&path).await.body).contains("Respondida"));
    let queue = moderator.get("/comunidad/moderacion").await.body;
    let waiting = waiting_post(&queue);
    moderator
        .post(
            &format!("/comunidad/moderacion/nuevos/{waiting}"),
            &[("decision", "approve")],
        )
        .await;
    assert!(state_shown(&visitor.get(&path).await.body).contains("Abierta"));
    // Two posts reviewed: the third goes out at once.
    let third = reply(&nico, &path, "Ya probé en otro puerto.", false).await;
    assert!(
        !third
            .location
            .as_deref()
            .unwrap()
            .contains("aviso=revision")
    );
    assert!(
        visitor
            .get(&path)
            .await
            .body
            .contains("Ya probé en otro puerto.")
    );

    // The person sees their level and what the next one asks.
    let mine = nico.get("/comunidad/mi-nivel").await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER);
    let page = nico.get(mine.location.as_deref().unwrap()).await.body;
    assert!(page.contains("Nivel de confianza: Nuevo"), "{page}");
    assert!(page.contains("Siguiente nivel: Básico"));
    assert!(page.contains("1 de 2 días con visitas"));
    assert!(page.contains("mensajes leídos"));
    let others_view = visitor.get(mine.location.as_deref().unwrap()).await.body;
    assert!(others_view.contains("Nivel de confianza: Nuevo"));
    assert!(!others_view.contains("Siguiente nivel"));

    // Reading counts: a second day and enough posts read raise the level by themselves.
    let standing = trust::standing(&app.state().db, helper_id).await.unwrap();
    assert_eq!(standing.level, Level::Basic);
    assert_eq!(
        trust::history(&app.state().db, new_id, 2, 17)
            .await
            .unwrap(),
        None
    );
    let other = ask(
        &hilda,
        &general,
        "Consejos para respaldar mis fotos",
        "¿Qué usan?",
    )
    .await;
    reply(&hilda, &other, "Yo uso un disco externo.", false).await;
    reply(&hilda, &other, "Y una copia en la nube.", false).await;
    nico.get(&other).await;
    let standing = trust::standing(&app.state().db, new_id).await.unwrap();
    assert_eq!(
        standing.activity.days_visited, 3,
        "today is a new day for the history"
    );
    assert!(standing.activity.posts_read >= 20, "{standing:?}");
    assert_eq!(standing.level, Level::Basic);
    let linked = reply(
        &nico,
        &path,
        "Encontré [esto](https://ejemplo.com/escaner).",
        false,
    )
    .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);

    // Staff set a level by hand, with a reason in the audit log; the regular level
    // brings the documentation's trusted-member role, and back to the counts takes it.
    let handle_page = staff.get(mine.location.as_deref().unwrap()).await.body;
    assert!(handle_page.contains("Fijar el nivel a mano"));
    let set_path = format!("/comunidad/personas/{new_id}/nivel");
    assert_eq!(
        hilda
            .post(&set_path, &[("nivel", "3"), ("motivo", "x")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let no_reason = staff
        .post(&set_path, &[("nivel", "3"), ("motivo", "")])
        .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    let unknown = staff
        .post(&set_path, &[("nivel", "9"), ("motivo", "x")])
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let set = staff
        .post(
            &set_path,
            &[("nivel", "3"), ("motivo", "Traductor del equipo")],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let roles = soporte_platform::accounts::roles_of(&app.state().db, new_id)
        .await
        .unwrap();
    assert!(roles.contains(&Role::TrustedMember));
    let standing = trust::standing(&app.state().db, new_id).await.unwrap();
    assert_eq!((standing.level, standing.fixed), (Level::Regular, true));
    let after = staff.get(set.location.as_deref().unwrap()).await.body;
    assert!(after.contains("Se guardó el nivel") && after.contains("Nivel de confianza: Habitual"));
    staff
        .post(&set_path, &[("nivel", "auto"), ("motivo", "Ya no traduce")])
        .await;
    let standing = trust::standing(&app.state().db, new_id).await.unwrap();
    assert_eq!((standing.level, standing.fixed), (Level::Basic, false));
    let roles = soporte_platform::accounts::roles_of(&app.state().db, new_id)
        .await
        .unwrap();
    assert!(!roles.contains(&Role::TrustedMember));
    let audited: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT action, actor_id, target_user_id FROM audit_log \
         WHERE action IN ('forum.trust_level_set', 'forum.post_approved') ORDER BY id",
    )
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    let actions: Vec<&str> = audited
        .iter()
        .map(|(action, _, _)| action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "forum.post_approved",
            "forum.post_approved",
            "forum.trust_level_set",
            "forum.trust_level_set"
        ]
    );
    assert_eq!(audited[2].1, Some(staff_id.get()));
    assert_eq!(audited[2].2, Some(new_id.get()));
    app.stop().await;
}
both!(new_members_wait_for_review_and_trust_rises_with_what_they_do);

async fn accepted_answers_and_helpful_votes_earn_badges_shown_on_profiles(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana López").await;
    member(&app, "bruno@ejemplo.mx", "Bruno Díaz").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(&ana, &general, "No suena el micrófono en llamadas", "Nada.").await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&topic).await;
    reply(
        &bruno,
        &topic,
        "Revisa la entrada en Configuración › Sonido.",
        false,
    )
    .await;
    let profile = "/comunidad/personas/bruno-diaz";
    let before = Browser::new(&app).get(profile).await.body;
    assert!(before.contains("Todavía no tiene insignias."));
    let page = ana.get(&topic).await.body;
    let answer = post_id(&page, 2);
    let marked = ana
        .post(
            &format!("{topic}/solucion"),
            &[("mensaje", answer.as_str())],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    let after = Browser::new(&app).get(profile).await.body;
    assert!(after.contains("Primera solución"), "{after}");
    assert!(after.contains("1 soluciones aceptadas"));
    assert!(!after.contains("Diez soluciones"));
    // Earned once: unmarking and marking again gives no second one.
    ana.post(&format!("{topic}/solucion"), &[("mensaje", "")])
        .await;
    ana.post(
        &format!("{topic}/solucion"),
        &[("mensaje", answer.as_str())],
    )
    .await;
    // Accepting one's own reply earns nothing.
    let own = ask(
        &bruno,
        &general,
        "¿Dónde se guardan las capturas?",
        "No las veo.",
    )
    .await;
    reply(&bruno, &own, "Ya las encontré en Imágenes.", false).await;
    let page = bruno.get(&own).await.body;
    let mine = post_id(&page, 2);
    let marked = bruno
        .post(&format!("{own}/solucion"), &[("mensaje", mine.as_str())])
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    assert!(
        Browser::new(&app)
            .get(profile)
            .await
            .body
            .contains("1 soluciones aceptadas")
    );
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM badges")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(held, 1);
    app.stop().await;
}
both!(accepted_answers_and_helpful_votes_earn_badges_shown_on_profiles);

/// The value of the first hidden field `name` in `page`.
fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).unwrap() + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

async fn suspended_and_silenced_people_appeal_and_staff_answer(backend: Backend) {
    use soporte_platform::accounts::api_tokens::Scope;
    let mut app = TestServer::start(backend).await;
    let staff_id = person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    let ana_id = member(&app, "ana@ejemplo.mx", "Ana").await;
    let bruno_id = member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let topic = ask(
        &ana,
        &general,
        "La pantalla parpadea al arrancar",
        "Solo al inicio.",
    )
    .await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    let token = api_token(&app, bruno_id, Scope::Write).await;
    let me = |secret: String| {
        let url = app.url("/api/v1/me");
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(secret)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(me(token.clone()).await, StatusCode::OK);

    // A moderator silences Ana and suspends Bruno, each with a reason; never staff.
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    moderator.get(&topic).await;
    let silenced = moderator
        .post(
            &format!("/comunidad/personas/{ana_id}/silenciar"),
            &[("dias", "7"), ("motivo", "Insultos a otro miembro")],
        )
        .await;
    assert_eq!(silenced.status, StatusCode::SEE_OTHER);
    let suspend = format!("/comunidad/personas/{bruno_id}/suspender");
    let too_long = moderator
        .post(&suspend, &[("dias", "400"), ("motivo", "Spam")])
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    let suspended = moderator
        .post(&suspend, &[("dias", "7"), ("motivo", "Spam repetido")])
        .await;
    assert_eq!(
        suspended.status,
        StatusCode::SEE_OTHER,
        "{}",
        suspended.body
    );
    let refused = moderator
        .post(
            &format!("/comunidad/personas/{staff_id}/suspender"),
            &[("dias", "1"), ("motivo", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Solo el equipo de la Fundación suspende")
    );

    // Bruno is signed out everywhere, his tokens refused, and signing in tells him why.
    let account = bruno.get("/cuenta").await;
    assert_eq!(account.status, StatusCode::SEE_OTHER, "his session ended");
    assert_eq!(me(token.clone()).await, StatusCode::UNAUTHORIZED);
    let again = Browser::new(&app);
    again.get("/cuenta/entrar").await;
    let refused = again
        .post(
            "/cuenta/entrar",
            &[
                ("email", "bruno@ejemplo.mx"),
                ("password", crate::accounts::PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Suspensión de la cuenta"));
    assert!(refused.body.contains("Motivo: Spam repetido"));
    let permit = hidden_value(&refused.body, "permiso");
    let restriction = hidden_value(&refused.body, "restriccion");
    let forged = again
        .post(
            "/cuenta/apelacion/suspension",
            &[
                ("permiso", &format!("{bruno_id}.99999999999999.firma")),
                ("restriccion", &restriction),
                ("texto", "No envié spam, era mi tienda."),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let appealed = again
        .post(
            "/cuenta/apelacion/suspension",
            &[
                ("permiso", &permit),
                ("restriccion", &restriction),
                (
                    "texto",
                    "No envié spam: compartí el enlace de mi tienda una vez.",
                ),
            ],
        )
        .await;
    assert_eq!(appealed.status, StatusCode::OK, "{}", appealed.body);
    assert!(appealed.body.contains("Recibimos tu apelación"));
    assert!(appealed.body.contains("Tu apelación está en revisión."));

    // Ana, silenced, reads the reason with a way to appeal, and appeals once.
    let page = ana.get(&topic).await.body;
    assert!(page.contains("Insultos a otro miembro") && page.contains("/cuenta/apelacion"));
    let mine = ana.get("/cuenta/apelacion").await.body;
    assert!(mine.contains("Silencio (puede leer, no publicar)"));
    let restriction = hidden_value(&mine, "restriccion");
    let short = ana
        .post(
            "/cuenta/apelacion",
            &[("restriccion", &restriction), ("texto", "Perdón")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("10 a 2000 caracteres") && short.body.contains("Perdón"));
    let fields = [
        ("restriccion", restriction.as_str()),
        ("texto", "Me disculpé con él y no volverá a pasar."),
    ];
    assert_eq!(
        ana.post("/cuenta/apelacion", &fields).await.status,
        StatusCode::OK
    );
    let twice = ana.post("/cuenta/apelacion", &fields).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("solo se puede apelar una vez"));

    // Staff read both, deny one and grant the other; each person is told.
    assert_eq!(
        moderator.get("/admin/apelaciones").await.status,
        StatusCode::FORBIDDEN
    );
    // Nobody answers their own appeal, staff included.
    person(&app, "equipo2@mxos.mx", "Equipo Dos", &[Role::Staff]).await;
    let other_staff = signed_in(&app, "equipo2@mxos.mx").await;
    other_staff.get("/comunidad").await;
    other_staff
        .post(
            &format!("/comunidad/personas/{staff_id}/silenciar"),
            &[("dias", "1"), ("motivo", "Prueba de apelación propia")],
        )
        .await;
    let own = staff.get("/cuenta/apelacion").await.body;
    let restriction = hidden_value(&own, "restriccion");
    staff
        .post(
            "/cuenta/apelacion",
            &[
                ("restriccion", &restriction),
                ("texto", "Fue solo una prueba del equipo."),
            ],
        )
        .await;
    let own_id: i64 = sqlx::query_scalar("SELECT id FROM appeals WHERE user_id = $1")
        .bind(staff_id)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let refused = staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &own_id.to_string()),
                ("decision", "grant"),
                ("respuesta", "Sí"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Nadie responde su propia apelación"));
    other_staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &own_id.to_string()),
                ("decision", "grant"),
                ("respuesta", "De acuerdo."),
            ],
        )
        .await;
    let list = staff.get("/admin/apelaciones").await.body;
    assert!(list.contains("compartí el enlace de mi tienda") && list.contains("Me disculpé"));
    let first = hidden_value(&list, "apelacion");
    let second = (first.parse::<i64>().unwrap() + 1).to_string();
    let no_answer = staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &first),
                ("decision", "grant"),
                ("respuesta", " "),
            ],
        )
        .await;
    assert_eq!(no_answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let granted = staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &first),
                ("decision", "grant"),
                ("respuesta", "Revisamos el mensaje: fue un error."),
            ],
        )
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    let late = staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &first),
                ("decision", "deny"),
                ("respuesta", "No"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    staff
        .post(
            "/admin/apelaciones",
            &[
                ("apelacion", &second),
                ("decision", "deny"),
                ("respuesta", "El silencio se mantiene siete días."),
            ],
        )
        .await;
    assert!(
        staff
            .get("/admin/apelaciones")
            .await
            .body
            .contains("No hay apelaciones abiertas")
    );
    let back = signed_in(&app, "bruno@ejemplo.mx").await;
    let notices = back.get("/cuenta/avisos").await.body;
    assert!(notices.contains("Respuesta a tu apelación") && notices.contains("fue un error"));
    assert_eq!(me(token).await, StatusCode::OK);
    let ana_notices = ana.get("/cuenta/avisos").await.body;
    assert!(ana_notices.contains("El silencio se mantiene siete días."));
    assert!(
        ana.get("/cuenta/apelacion")
            .await
            .body
            .contains("Tu apelación fue rechazada")
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'person.%' OR action LIKE 'appeal.%' \
         ORDER BY id",
    )
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "person.silenced",
            "person.suspended",
            "person.silenced",
            "person.silence_lifted",
            "appeal.granted",
            "person.suspension_lifted",
            "appeal.granted",
            "appeal.denied"
        ]
    );
    app.stop().await;
}
both!(suspended_and_silenced_people_appeal_and_staff_answer);

async fn moderators_merge_duplicates_and_split_replies_off(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    member(&app, "bruno@ejemplo.mx", "Bruno").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    let first = ask(
        &ana,
        &general,
        "El wifi se cae cada hora",
        "Pasa desde ayer.",
    )
    .await;
    bruno.get(&first).await;
    reply(&bruno, &first, "Actualiza el controlador de red.", false).await;
    let twin = ask(
        &bruno,
        &general,
        "Se me cae el wifi a cada rato",
        "A mí también.",
    )
    .await;

    // Merging: members may not; a topic not into itself; then the twin joins the first.
    let merge = format!("{twin}/unir");
    let fields = [
        ("destino", first.as_str()),
        ("motivo", "Pregunta duplicada"),
    ];
    assert_eq!(
        bruno.post(&merge, &fields).await.status,
        StatusCode::FORBIDDEN
    );
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    let twin_page = moderator.get(&twin).await.body;
    let twin_question = post_id(&twin_page, 1);
    let itself = moderator
        .post(&merge, &[("destino", twin.as_str()), ("motivo", "x")])
        .await;
    assert_eq!(itself.status, StatusCode::BAD_REQUEST);
    let unnamed = moderator
        .post(&merge, &[("destino", "el otro"), ("motivo", "x")])
        .await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    let merged = moderator.post(&merge, &fields).await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(merged.location.as_deref(), Some(first.as_str()));
    let old = Browser::new(&app).get(&twin).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location.as_deref(), Some(first.as_str()));
    let page = Browser::new(&app).get(&first).await.body;
    assert!(page.contains("A mí también.") && page.contains("id=\"mensaje-3\""));
    assert!(
        !Browser::new(&app)
            .get("/comunidad")
            .await
            .body
            .contains("a cada rato")
    );
    let again = moderator.post(&merge, &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Notices name posts by a lasting address: it follows the post to its new place.
    let moved = Browser::new(&app)
        .get(&format!("/comunidad/mensaje/{twin_question}"))
        .await;
    assert_eq!(moved.location, Some(format!("{first}#mensaje-3")));

    // Splitting: replies about another matter become a topic of their own.
    reply(
        &ana,
        &first,
        "Por cierto, ¿cómo cambio el fondo de pantalla?",
        false,
    )
    .await;
    reply(&bruno, &first, "Ve a Configuración › Apariencia.", false).await;
    let page = moderator.get(&first).await.body;
    let (aside, answer) = (post_id(&page, 4), post_id(&page, 5));
    let split_path = format!("{first}/separar");
    assert_eq!(bruno.get(&split_path).await.status, StatusCode::FORBIDDEN);
    let form = moderator.get(&split_path).await.body;
    assert!(form.contains("fondo de pantalla"));
    let selected = form.find("\" selected>").unwrap();
    let start = form[..selected].rfind("value=\"").unwrap() + 7;
    let category_id = form[start..selected].to_owned();
    let none = moderator
        .post(
            &split_path,
            &[
                ("titulo", "¿Cómo cambio el fondo de pantalla?"),
                ("categoria", &category_id),
                ("tipo", "question"),
                ("motivo", "Otro asunto"),
            ],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Elige al menos una respuesta"));
    assert!(
        none.body.contains("¿Cómo cambio el fondo de pantalla?"),
        "nothing is lost"
    );
    let done = moderator
        .post(
            &split_path,
            &[
                ("mensaje", &aside),
                ("mensaje", &answer),
                ("titulo", "¿Cómo cambio el fondo de pantalla?"),
                ("categoria", &category_id),
                ("tipo", "question"),
                ("motivo", "Otro asunto"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let new_topic = done.location.unwrap();
    let page = Browser::new(&app).get(&new_topic).await.body;
    assert!(page.contains("¿Cómo cambio el fondo de pantalla?"));
    assert!(page.contains("Ve a Configuración › Apariencia.") && page.contains("id=\"mensaje-2\""));
    assert_eq!(state_shown(&page), "Respondida");
    let left = Browser::new(&app).get(&first).await.body;
    assert!(!left.contains("fondo de pantalla") && !left.contains("id=\"mensaje-4\""));
    assert!(left.contains("id=\"mensaje-3\""));
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action IN ('forum.topic_merged', 'forum.topic_split') \
         ORDER BY id",
    )
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(actions, ["forum.topic_merged", "forum.topic_split"]);
    // A duplicate question merged in is no answer: an unanswered question stays open.
    let lonely = ask(&ana, &general, "La cámara no enciende", "Nada.").await;
    let echo = ask(&bruno, &general, "Mi cámara tampoco enciende", "Igual.").await;
    moderator.get(&echo).await;
    let joined = moderator
        .post(
            &format!("{echo}/unir"),
            &[("destino", lonely.as_str()), ("motivo", "Duplicada")],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER);
    assert_eq!(
        state_shown(&Browser::new(&app).get(&lonely).await.body),
        "Abierta"
    );
    app.stop().await;
}
both!(moderators_merge_duplicates_and_split_replies_off);

/// A real 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn members_upload_images_within_limits_and_posts_show_them(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    person(&app, "nuevo@ejemplo.mx", "Nico Nuevo", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let form = ana.get("/comunidad/imagenes").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains(" KB"));
    let fields = [("descripcion", "Ventana de [Sonido] con la salida en HDMI")];

    // Without the page's token, nothing is kept.
    let forged = ana
        .post_multipart(
            "/comunidad/imagenes",
            &fields,
            ("imagen", "a.png", "image/png", PNG),
            false,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A page of HTML named .png and declared as an image is not one.
    ana.get("/comunidad/imagenes").await;
    let disguised = b"<html><script>alert(1)</script></html>";
    let refused = ana
        .post_multipart(
            "/comunidad/imagenes",
            &fields,
            ("imagen", "captura.png", "image/png", disguised),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("no es una imagen PNG, JPEG, GIF o WebP")
    );
    assert!(
        refused
            .body
            .contains("Ventana de Sonido con la salida en HDMI"),
        "the description stays"
    );
    // Over the limit (a little under what a request may carry): said in words.
    let huge = [PNG, &vec![0u8; 1015 * 1024]].concat();
    let too_big = ana
        .post_multipart(
            "/comunidad/imagenes",
            &fields,
            ("imagen", "b.png", "image/png", &huge),
            true,
        )
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        too_big
            .body
            .contains("La imagen pesa demasiado: el límite es de 1008 KB")
    );
    let undescribed = ana
        .post_multipart(
            "/comunidad/imagenes",
            &[("descripcion", " ")],
            ("imagen", "a.png", "image/png", PNG),
            true,
        )
        .await;
    assert_eq!(undescribed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        undescribed
            .body
            .contains("Escribe una descripción de la imagen")
    );
    let uploaded = ana
        .post_multipart(
            "/comunidad/imagenes",
            &fields,
            ("imagen", "a.png", "text/plain", PNG),
            true,
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
    let start = uploaded
        .body
        .find("![Ventana de Sonido con la salida en HDMI](/subidas/")
        .unwrap();
    let markdown = &uploaded.body[start..start + uploaded.body[start..].find(')').unwrap() + 1];
    let address = &markdown[markdown.find("(/").unwrap() + 1..markdown.len() - 1];

    // Served as what its bytes are, never sniffed into anything else.
    let served = app.client.get(app.url(address)).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    let header = |name: &str| served.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").contains("sandbox"));
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);

    // Pasted into a question, the post shows it with its description.
    let topic = ask(
        &ana,
        &general,
        "No se oye nada por HDMI",
        &format!("Así lo tengo:\n\n{markdown}"),
    )
    .await;
    let page = Browser::new(&app).get(&topic).await.body;
    assert!(
        page.contains(&format!(
            "<img src=\"{address}\" alt=\"Ventana de Sonido con la salida en HDMI\""
        )),
        "{page}"
    );

    // A new member may not upload yet, and is told why.
    let nico = signed_in(&app, "nuevo@ejemplo.mx").await;
    let not_yet = nico.get("/comunidad/imagenes").await;
    assert_eq!(not_yet.status, StatusCode::FORBIDDEN);
    assert!(not_yet.body.contains("nivel de confianza Básico"));
    let sneaked = nico
        .post_multipart(
            "/comunidad/imagenes",
            &fields,
            ("imagen", "a.png", "image/png", PNG),
            true,
        )
        .await;
    assert_eq!(sneaked.status, StatusCode::FORBIDDEN);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(kept, 1, "only the one real image was kept");
    app.stop().await;
}
both!(members_upload_images_within_limits_and_posts_show_them);

async fn an_ask_flow_begins_when_the_title_is_first_searched(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    member(&app, "ana@ejemplo.mx", "Ana").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let general = category(&staff, "General").await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let flows = || async {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT outcome, suggestions FROM forum_ask_flows ORDER BY id")
                .fetch_all(app.state().db.pool())
                .await
                .unwrap();
        rows
    };
    // The form carries a flow's token; nothing is recorded before it is used.
    let form = ana.get("/comunidad/preguntar").await.body;
    let token = hidden_value(&form, "flujo");
    assert_eq!(token.len(), 43);
    assert!(flows().await.is_empty());
    // Two letters search nothing and begin nothing.
    ana.get(&format!("/comunidad/sugerencias?q=No&flujo={token}"))
        .await;
    assert!(flows().await.is_empty());
    // The first search begins the flow; searches sent at once, and later ones, continue it.
    let search = |q: &'static str| {
        let path = format!("/comunidad/sugerencias?q={q}&flujo={token}");
        let ana = &ana;
        async move { ana.get(&path).await }
    };
    let (first, second) = tokio::join!(search("No%20se"), search("No%20se%20oye"));
    assert_eq!(
        (first.status, second.status),
        (StatusCode::OK, StatusCode::OK)
    );
    search("No%20se%20oye%20nada").await;
    assert_eq!(flows().await.len(), 1);
    // Posting with it ends that one flow as posted.
    ana.get("/comunidad/preguntar").await;
    let posted = ana
        .post(
            "/comunidad/preguntar",
            &[
                ("categoria", general.as_str()),
                ("tipo", "question"),
                ("titulo", "No se oye nada en las bocinas"),
                ("cuerpo", "Desde ayer."),
                ("etiquetas", ""),
                ("flujo", token.as_str()),
                ("accion", "publicar"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let ended = flows().await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].0, "posted");
    app.stop().await;
}
both!(an_ask_flow_begins_when_the_title_is_first_searched);
