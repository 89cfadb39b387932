//! The bug tracker as reporters, developers and staff use it: products and components,
//! the guided report form with its duplicate hints and attachments, every status move
//! per role, duplicates, lists with their feed and export, a forum question that
//! becomes a bug and shows its status, the API, expiry, and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use soporte_platform::accounts::Role;
use soporte_platform::storage::UserId;

use crate::accounts::{person, signed_in, signed_in_speaking};
use crate::both;
use crate::forum::{ask, category, member};
use crate::support::{Answer, Backend, Browser, TestServer, api_token, eventually, send_json};

/// Staff set up MxOS with two series and an Audio component whose default assignee
/// is the developer `desarrollo@mxos.mx`.
async fn catalog(staff: &Browser) {
    staff.get("/errores/productos").await;
    for (path, fields) in [
        (
            "/errores/productos",
            vec![("nombre", "MxOS"), ("descripcion", "El sistema")],
        ),
        ("/errores/productos/mxos/serie", vec![("nombre", "2.0")]),
        ("/errores/productos/mxos/serie", vec![("nombre", "2.1")]),
        (
            "/errores/productos/mxos/componente",
            vec![("nombre", "Audio")],
        ),
        (
            "/errores/productos/mxos/persona",
            vec![
                ("componente", "audio"),
                ("correo", "desarrollo@mxos.mx"),
                ("funcion", "assignee"),
                ("accion", "agregar"),
            ],
        ),
    ] {
        let done = staff.post(path, &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.body);
    }
}

/// The people of most scenarios: staff, a developer, two members.
async fn people(app: &TestServer) -> (UserId, UserId, UserId, UserId) {
    let staff = person(app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let developer = person(
        app,
        "desarrollo@mxos.mx",
        "Diana Desarrollo",
        &[Role::Member, Role::Developer],
    )
    .await;
    let ana = person(app, "ana@ejemplo.mx", "Ana López", &[Role::Member]).await;
    let bruno = person(app, "bruno@ejemplo.mx", "Bruno Díaz", &[Role::Member]).await;
    (staff, developer, ana, bruno)
}

/// Files a report through both steps (no attachment unless `file`); returns its path.
async fn file(
    reporter: &Browser,
    title: &str,
    what: &str,
    file: Option<(&str, &str, &[u8])>,
) -> Answer {
    let step = reporter
        .get(&format!(
            "/errores/reportar?producto=mxos&titulo={}",
            url::form_urlencoded::byte_serialize(title.as_bytes()).collect::<String>()
        ))
        .await;
    assert_eq!(step.status, StatusCode::OK, "{}", step.body);
    assert!(step.body.contains("enctype=\"multipart/form-data\""));
    let (name, declared, bytes) = file.unwrap_or(("", "application/octet-stream", b""));
    reporter
        .post_multipart(
            "/errores/reportar",
            &[
                ("producto", "mxos"),
                ("titulo", title),
                ("que_paso", what),
                ("pasos", "1. Reproduce un video.\n2. Suspende."),
                ("esperado", "Que siga sonando."),
                ("componente", "audio"),
                ("version", "2.1"),
                ("arquitectura", "x86_64"),
                ("etiquetas", "Audio, suspensión"),
            ],
            ("adjunto", name, declared, bytes),
            true,
        )
        .await
}

fn id_of(path: &str) -> i64 {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

/// The status badge a report's page shows.
fn status_shown(page: &str) -> &str {
    let start = page.find("class=\"badge status-").unwrap();
    let rest = &page[start..];
    let label = rest.find('>').unwrap() + 1;
    &rest[label..label + rest[label..].find('<').unwrap()]
}

async fn a_report_goes_from_the_form_to_its_published_fix(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let (_, developer_id, ana_id, _) = people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let products = staff.get("/errores/productos").await.body;
    assert!(products.contains("2.0") && products.contains("2.1") && products.contains("Audio"));
    assert!(
        products.contains("Diana Desarrollo (Asignación predeterminada)"),
        "{products}"
    );

    // A visitor reads but is sent to sign in before reporting.
    let visitor = Browser::new(&app);
    assert_eq!(visitor.get("/errores").await.status, StatusCode::OK);
    assert_eq!(
        visitor.get("/errores/reportar").await.status,
        StatusCode::SEE_OTHER
    );

    // Ana files a report with a log attached.
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let first_step = ana.get("/errores/reportar").await;
    assert!(first_step.body.contains("<option value=\"mxos\""));
    let log = b"Dec  7 10:00:01 mxos kernel: snd_hda_intel: resume failed\n";
    let filed = file(
        &ana,
        "Sin sonido después de suspender la laptop",
        "Las bocinas dejan de sonar al volver.",
        Some(("dmesg.log", "text/plain", log)),
    )
    .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let path = filed.location.unwrap();
    let id = id_of(&path);
    let page = ana.get(&path).await.body;
    assert_eq!(status_shown(&page), "Nuevo");
    assert!(page.contains("Sin sonido después de suspender la laptop"));
    assert!(page.contains("Pasos para reproducirlo</h2>"), "{page}");
    assert!(
        page.contains("Diana Desarrollo"),
        "the component's assignee has it"
    );
    assert!(page.contains("dmesg.log") && page.contains("audio") && page.contains("suspension"));

    // The attachment is a download, never a page.
    let link_start = page.find("/errores/adjuntos/").unwrap();
    let link = &page[link_start..link_start + page[link_start..].find('"').unwrap()];
    let download = visitor.get(link).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"dmesg.log\"")
    );
    assert_eq!(download.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        download.headers["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(download.body.as_bytes(), log);

    // A second person typing a similar title is shown it, and says it is the same bug.
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    let hint = eventually(Duration::from_secs(10), "the report is found", || async {
        let hints = bruno
            .get("/errores/sugerencias?q=sonido%20suspender")
            .await
            .body;
        hints
            .contains(&format!("/errores/{id}/mismo"))
            .then_some(hints)
    })
    .await;
    assert!(hint.contains("Es el mismo error"));
    let step = bruno
        .get("/errores/reportar?producto=mxos&titulo=No%20hay%20sonido%20al%20suspender")
        .await
        .body;
    assert!(
        step.contains(&format!("/errores/{id}/mismo")),
        "the form's second step lists it too"
    );
    let same = bruno.post(&format!("/errores/{id}/mismo"), &[]).await;
    assert_eq!(same.status, StatusCode::SEE_OTHER);
    let page = bruno.get(&same.location.unwrap()).await.body;
    assert!(page.contains("te sumamos a este reporte"));
    assert!(page.contains("Me afecta también (2)"), "{page}");

    // Ana may not confirm it herself; the developer triages it.
    ana.get(&path).await;
    let refused = ana
        .post(&format!("{path}/estado"), &[("estado", "confirmed")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Ese cambio lo hace el equipo de desarrollo")
    );
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    let page = developer.get(&path).await.body;
    assert!(page.contains("id=\"triage-status\""));
    let triage = |fields: Vec<(&'static str, String)>| {
        let developer = &developer;
        let path = path.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            developer.post(&format!("{path}/estado"), &fields).await
        }
    };
    let done = triage(vec![
        ("estado", "confirmed".to_owned()),
        ("importancia", "high".to_owned()),
        ("asignado", developer_id.to_string()),
        ("etiquetas", "audio, suspension, thinkpad".to_owned()),
    ])
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = developer.get(&path).await.body;
    assert_eq!(status_shown(&page), "Confirmado");
    assert!(
        page.contains("<td>Estado</td><td>Nuevo</td><td>Confirmado</td>"),
        "{page}"
    );
    assert!(page.contains("<td>Importancia</td><td>Sin decidir</td><td>Alta</td>"));
    assert!(page.contains(
        "<td>Etiquetas</td><td>audio, suspension</td><td>audio, suspension, thinkpad</td>"
    ));

    // A fix names its series; then it is published and the release notes list it.
    let without = triage(vec![("estado", "fix-committed".to_owned())]).await;
    assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(without.body.contains("elige en qué versión está"));
    let series = {
        let start = page.find("name=\"corregido_en\"").unwrap();
        let rest = &page[start..];
        let at = rest.find(">2.1<").unwrap();
        let value = rest[..at].rfind("value=\"").unwrap() + 7;
        rest[value..value + rest[value..].find('"').unwrap()].to_owned()
    };
    let ready = triage(vec![
        ("estado", "fix-committed".to_owned()),
        ("corregido_en", series.clone()),
    ])
    .await;
    assert_eq!(ready.status, StatusCode::SEE_OTHER, "{}", ready.body);
    assert_eq!(
        status_shown(&developer.get(&path).await.body),
        "Corrección lista en 2.1"
    );
    let impossible = triage(vec![("estado", "new".to_owned())]).await;
    assert_eq!(impossible.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        impossible
            .body
            .contains("no es posible desde el estado actual")
    );
    let seriesless = triage(vec![
        ("estado", "fix-committed".to_owned()),
        ("corregido_en", String::new()),
    ])
    .await;
    assert_eq!(
        seriesless.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a fix keeps its series"
    );
    let unassigned = triage(vec![("asignado", String::new())]).await;
    assert_eq!(unassigned.status, StatusCode::SEE_OTHER);
    let seen = visitor.get(&path).await.body;
    assert!(
        seen.contains("<td>Asignado a</td><td>Diana Desarrollo</td><td>—</td>"),
        "the log names people, for everyone: {seen}"
    );
    let released = triage(vec![("estado", "fix-released".to_owned())]).await;
    assert_eq!(released.status, StatusCode::SEE_OTHER);
    let notes = visitor.get("/errores/producto/mxos/notas/2.1").await.body;
    assert!(
        notes.contains(&format!("#{id} Sin sonido después de suspender la laptop")),
        "{notes}"
    );
    assert!(
        !visitor
            .get("/errores/producto/mxos/notas/2.0")
            .await
            .body
            .contains(&format!("#{id} "))
    );

    // Ana follows it: she was told of each change, by notice and by mail.
    let db = app.state().db.clone();
    let told = eventually(Duration::from_secs(10), "Ana is told", || async {
        let texts: Vec<String> =
            sqlx::query_scalar("SELECT text FROM notifications WHERE user_id = $1 ORDER BY id")
                .bind(ana_id)
                .fetch_all(db.pool())
                .await
                .unwrap();
        texts
            .iter()
            .any(|text| text.contains("Publicada en 2.1"))
            .then_some(texts)
    })
    .await;
    assert!(
        told.iter()
            .any(|text| text.contains("ahora está: Confirmado")),
        "{told:?}"
    );
    let mails: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_address LIKE '%ana@ejemplo.mx%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert!(mails >= 3, "{mails}");
    app.stop().await;
}
both!(a_report_goes_from_the_form_to_its_published_fix);

/// Asks to move the report at `path` to `to`, from its page, as `who`.
async fn move_to(who: &Browser, path: &str, to: &str) -> StatusCode {
    who.get(path).await;
    who.post(&format!("{path}/estado"), &[("estado", to)])
        .await
        .status
}

async fn each_role_makes_only_its_moves(backend: Backend) {
    use soporte_platform::accounts::restrictions::{Kind, restrict};
    let mut app = TestServer::start(backend).await;
    let (staff_id, _, _, bruno_id) = people(&app).await;
    person(&app, "carla@ejemplo.mx", "Carla", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let path = file(&ana, "La pantalla parpadea al iniciar", "Parpadea.", None)
        .await
        .location
        .unwrap();
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    let visitor = Browser::new(&app);
    let mover = |who, to| move_to(who, &path, to);
    // Visitors sign in first; another member moves nothing.
    assert_eq!(
        visitor
            .post(&format!("{path}/estado"), &[("estado", "confirmed")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(mover(&bruno, "invalid").await, StatusCode::FORBIDDEN);
    assert_eq!(mover(&bruno, "confirmed").await, StatusCode::FORBIDDEN);
    // The developer walks the table, and cannot skip to a published fix.
    assert_eq!(
        mover(&developer, "fix-released").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        mover(&developer, "duplicate").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(mover(&developer, "incomplete").await, StatusCode::SEE_OTHER);
    // The reporter answers an incomplete report by commenting: it is new again.
    ana.get(&path).await;
    let answered = ana
        .post_multipart(
            &format!("{path}/comentar"),
            &[("comentario", "Pasa con el kernel 6.8 y con el 6.9.")],
            ("adjunto", "journal.txt", "text/plain", b"-- Boot 3 --\n"),
            true,
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let page = ana.get(&path).await.body;
    assert_eq!(status_shown(&page), "Nuevo");
    assert!(
        page.contains("<td>Ana López</td><td>Estado</td><td>Incompleto</td><td>Nuevo</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>Ana López</td><td>Archivo adjunto</td><td>—</td><td>journal.txt</td>"),
        "{page}"
    );
    // The reporter may close her own report as invalid, never confirm it.
    assert_eq!(mover(&ana, "confirmed").await, StatusCode::FORBIDDEN);
    assert_eq!(mover(&ana, "invalid").await, StatusCode::SEE_OTHER);
    assert_eq!(status_shown(&ana.get(&path).await.body), "Inválido");
    assert_eq!(mover(&ana, "new").await, StatusCode::FORBIDDEN);
    // Staff reopen it; the page offers a reporter only her moves.
    assert_eq!(mover(&staff, "new").await, StatusCode::SEE_OTHER);
    let own = ana.get(&path).await.body;
    assert!(own.contains("id=\"move-status\"") && !own.contains("id=\"triage-status\""));
    assert!(!own.contains("value=\"confirmed\""));
    // Only developers and staff mark duplicates and manage products.
    assert_eq!(
        bruno
            .post(&format!("{path}/duplicado"), &[("de", "1")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        bruno.get("/errores/productos").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        developer.get("/errores/productos").await.status,
        StatusCode::FORBIDDEN
    );
    // A silenced member may still say it affects them, not comment or report.
    let db = app.state().db.clone();
    restrict(
        &db,
        bruno_id,
        Kind::Silence,
        3,
        (staff_id, &[Role::Staff]),
        "Spam",
    )
    .await
    .unwrap();
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    bruno.get(&path).await;
    assert_eq!(
        bruno
            .post(&format!("{path}/me-afecta"), &[("valor", "si")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let comment = bruno
        .post_multipart(
            &format!("{path}/comentar"),
            &[("comentario", "hola")],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(comment.status, StatusCode::FORBIDDEN);
    assert_eq!(
        bruno.get("/errores/reportar").await.status,
        StatusCode::FORBIDDEN
    );
    // A suspended person cannot sign in at all.
    let carla_id: UserId =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'carla@ejemplo.mx'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    restrict(
        &db,
        carla_id,
        Kind::Suspension,
        3,
        (staff_id, &[Role::Staff]),
        "Abuso",
    )
    .await
    .unwrap();
    let carla = Browser::new(&app);
    carla.get("/cuenta/entrar").await;
    let refused = carla
        .post(
            "/cuenta/entrar",
            &[
                ("email", "carla@ejemplo.mx"),
                ("password", crate::accounts::PASSWORD),
            ],
        )
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    assert_eq!(
        carla.get("/errores/reportar").await.status,
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}
both!(each_role_makes_only_its_moves);

async fn duplicates_move_their_people_to_the_master_and_back(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    people(&app).await;
    person(&app, "carla@ejemplo.mx", "Carla", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let master = file(
        &ana,
        "El audio se corta en videollamadas",
        "Se corta.",
        None,
    )
    .await
    .location
    .unwrap();
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    let copy = file(&bruno, "Se corta el sonido en las llamadas", "Igual.", None)
        .await
        .location
        .unwrap();
    let carla = signed_in(&app, "carla@ejemplo.mx").await;
    carla.get(&copy).await;
    carla
        .post(&format!("{copy}/me-afecta"), &[("valor", "si")])
        .await;
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    developer.get(&master).await;
    developer
        .post(&format!("{master}/estado"), &[("estado", "confirmed")])
        .await;
    let affected = |page: &str| page.contains("<dt>Personas afectadas</dt><dd>4</dd>");
    assert!(!affected(&developer.get(&master).await.body));
    // A third report, already a duplicate of the copy.
    let third = file(&developer, "Llamadas sin sonido a ratos", "A ratos.", None)
        .await
        .location
        .unwrap();
    let (master_id, copy_id, third_id) = (id_of(&master), id_of(&copy), id_of(&third));
    developer.get(&third).await;
    let marked = developer
        .post(
            &format!("{third}/duplicado"),
            &[("de", &copy_id.to_string())],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);

    // Marked as a duplicate, its people (and its duplicate's) count on the master.
    developer.get(&copy).await;
    let marked = developer
        .post(
            &format!("{copy}/duplicado"),
            &[("de", &format!("#{master_id}"))],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    let page = developer.get(&copy).await.body;
    assert_eq!(status_shown(&page), "Duplicado");
    assert!(page.contains("Este reporte es un duplicado de"));
    let page = developer.get(&master).await.body;
    assert!(affected(&page), "{page}");
    assert!(
        page.contains(&format!(
            "Tiene un duplicado en <a href=\"/errores/{copy_id}\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "Tiene un duplicado en <a href=\"/errores/{third_id}\">"
        )),
        "the copy's own duplicate moved to the master: {page}"
    );
    // Heat: 2 duplicates, 4 affected (Ana, Bruno, Carla, Diana), 4 subscribers.
    assert!(page.contains("<dt>Calor</dt><dd>36</dd>"), "{page}");
    // Someone new commenting on the duplicate follows it: the master feels it.
    person(&app, "emilio@ejemplo.mx", "Emilio", &[Role::Member]).await;
    let emilio = signed_in(&app, "emilio@ejemplo.mx").await;
    emilio.get(&copy).await;
    let said = emilio
        .post_multipart(
            &format!("{copy}/comentar"),
            &[("comentario", "A mí también, con audífonos USB.")],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);
    let page = developer.get(&master).await.body;
    assert!(page.contains("<dt>Calor</dt><dd>38</dd>"), "{page}");
    // Bruno, affected through his duplicate, is affected on the master too; saying
    // no there takes him off both.
    let on_master = bruno.get(&master).await.body;
    assert!(on_master.contains("aria-pressed=\"true\""), "{on_master}");
    let no = bruno
        .post(&format!("{master}/me-afecta"), &[("valor", "no")])
        .await;
    assert_eq!(no.status, StatusCode::SEE_OTHER);
    let page = bruno.get(&master).await.body;
    assert!(
        page.contains("<dt>Personas afectadas</dt><dd>3</dd>"),
        "{page}"
    );
    assert!(
        bruno
            .get(&copy)
            .await
            .body
            .contains("aria-pressed=\"false\"")
    );
    let yes = bruno
        .post(&format!("{copy}/me-afecta"), &[("valor", "si")])
        .await;
    assert_eq!(yes.status, StatusCode::SEE_OTHER);
    let page = developer.get(&third).await.body;
    assert!(
        page.contains(&format!(
            "Es un duplicado de <a href=\"/errores/{master_id}\">"
        )),
        "{page}"
    );
    assert!(
        !page.contains(&format!("<a href=\"/errores/{copy_id}\">")),
        "{page}"
    );

    // Itself or a cycle is refused, with a clear answer.
    let itself = developer
        .post(
            &format!("{master}/duplicado"),
            &[("de", &master_id.to_string())],
        )
        .await;
    assert_eq!(itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(itself.body.contains("no puede ser duplicado de sí mismo"));
    let cycle = developer
        .post(
            &format!("{master}/duplicado"),
            &[("de", &copy_id.to_string())],
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = developer
        .post(&format!("{master}/duplicado"), &[("de", "9999")])
        .await;
    assert!(missing.body.contains("No existe el reporte original"));

    // Unmarked, it is back where it was and its people count there again.
    let unmarked = developer
        .post(&format!("{copy}/duplicado"), &[("de", "")])
        .await;
    assert_eq!(unmarked.status, StatusCode::SEE_OTHER);
    assert_eq!(status_shown(&developer.get(&copy).await.body), "Nuevo");
    let page = developer.get(&master).await.body;
    assert!(
        !affected(&page) && page.contains("<dt>Personas afectadas</dt><dd>2</dd>"),
        "{page}"
    );
    assert!(!page.contains(&format!(
        "Tiene un duplicado en <a href=\"/errores/{copy_id}\">"
    )));
    assert!(page.contains("<dt>Calor</dt><dd>18</dd>"), "{page}");
    app.stop().await;
}
both!(duplicates_move_their_people_to_the_master_and_back);

async fn attachments_are_judged_by_their_bytes_and_always_downloaded(backend: Backend) {
    let mut app = TestServer::start_with(
        backend,
        |settings| settings.set(&soporte_platform::config::MAX_BODY_BYTES, "65536"),
        soporte_platform::area::Parts::default(),
    )
    .await;
    people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let title = "El controlador de video falla al arrancar";
    // Too big, a program of another system, a page that says it is a picture.
    let big = vec![b'a'; 60 * 1024];
    for (name, declared, bytes, status, text) in [
        (
            "enorme.log",
            "text/plain",
            &big[..],
            StatusCode::PAYLOAD_TOO_LARGE,
            "demasiado grande",
        ),
        (
            "setup.exe",
            "application/octet-stream",
            &b"MZ\x90\x00\x03\x00\x00\x00\xff\xfe"[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "no es de un tipo que aceptemos",
        ),
        (
            "captura.png",
            "image/png",
            &b"<html><script>alert(1)</script></html>"[..],
            StatusCode::UNPROCESSABLE_ENTITY,
            "dice ser de un tipo por su nombre",
        ),
    ] {
        let refused = file(
            &ana,
            title,
            "No arranca el video.",
            Some((name, declared, bytes)),
        )
        .await;
        assert_eq!(refused.status, status, "{name}: {}", refused.body);
        assert!(refused.body.contains(text), "{name}: {}", refused.body);
        assert!(
            refused.body.contains("No arranca el video."),
            "what was written stays"
        );
    }
    // An HTML page is taken as text and handed back only as a download.
    let page = b"<!doctype html><html><script>alert('x')</script></html>";
    let filed = file(
        &ana,
        title,
        "No arranca el video.",
        Some(("informe.html", "text/html", page)),
    )
    .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let report = ana.get(&filed.location.unwrap()).await.body;
    let start = report.find("/errores/adjuntos/").unwrap();
    let link = &report[start..start + report[start..].find('"').unwrap()];
    let download = Browser::new(&app).get(link).await;
    assert_eq!(
        download.headers["content-type"],
        "text/plain; charset=utf-8"
    );
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(download.headers["x-content-type-options"], "nosniff");
    assert!(
        download.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    // A file kept while the form came back with a problem is carried, not lost.
    let step = ana
        .get("/errores/reportar?producto=mxos&titulo=Falla%20el%20video%20al%20arrancar")
        .await;
    assert_eq!(step.status, StatusCode::OK);
    let refused = ana
        .post_multipart(
            "/errores/reportar",
            &[
                ("producto", "mxos"),
                ("titulo", "Falla el video al arrancar"),
                ("que_paso", ""),
            ],
            (
                "adjunto",
                "xorg.log",
                "text/plain",
                b"(EE) no screens found\n",
            ),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Cuéntanos qué pasó") && refused.body.contains("xorg.log"));
    let start = refused.body.find("name=\"guardado\" value=\"").unwrap() + 23;
    let kept = &refused.body[start..start + refused.body[start..].find('"').unwrap()];
    let again = ana
        .post_multipart(
            "/errores/reportar",
            &[
                ("producto", "mxos"),
                ("titulo", "Falla el video al arrancar"),
                ("que_paso", "Sin pantallas."),
                ("guardado", kept),
            ],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert!(
        ana.get(&again.location.unwrap())
            .await
            .body
            .contains("xorg.log")
    );
    app.stop().await;
}
both!(attachments_are_judged_by_their_bytes_and_always_downloaded);

async fn bad_input_gets_a_clear_answer_and_loses_nothing(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    // An unknown product: the form says so; a list of it is a 404 that says so.
    let unknown = ana
        .get("/errores/reportar?producto=windows&titulo=No%20abre%20el%20men%C3%BA")
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Ese producto no existe"));
    let list = ana.get("/errores?producto=windows").await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    assert!(list.body.contains("No hay ningún producto con ese nombre"));
    // 200 KB of log pasted into the description: refused, with the text kept.
    let log = "[ 12.345] usb 1-1: device descriptor read/64, error -71\n".repeat(3500);
    assert!(log.len() > 190_000);
    let refused = file(&ana, "El USB falla al conectar un teclado", &log, None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("adjúntalo como archivo"));
    assert!(refused.body.contains("device descriptor read/64"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bugs")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing half-written");
    // Garbage everywhere is never a server error.
    for path in [
        "/errores/abc",
        "/errores/99999",
        "/errores?estado=%00&importancia=zzz&orden=x&pagina=-1&asignado=x",
        "/errores/producto/nada",
        "/errores/adjuntos/0",
        "/errores/producto/mxos/notas/9.9",
    ] {
        let answer = ana.get(path).await;
        assert!(
            answer.status.is_success() || answer.status.is_client_error(),
            "{path}: {}",
            answer.status
        );
    }
    let bad = ana.post("/errores/1/estado", &[("estado", "nada")]).await;
    assert!(bad.status.is_client_error());
    app.stop().await;
}
both!(bad_input_gets_a_clear_answer_and_loses_nothing);

async fn lists_filter_and_offer_their_feed_and_export(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let sound = file(
        &ana,
        "Sin sonido en los audífonos Bluetooth",
        "No suena.",
        None,
    )
    .await
    .location
    .unwrap();
    let formula = file(
        &ana,
        "=HYPERLINK(\"http://x\") en el nombre",
        "Fórmula.",
        None,
    )
    .await
    .location
    .unwrap();
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    developer.get(&sound).await;
    developer
        .post(
            &format!("{sound}/estado"),
            &[("estado", "confirmed"), ("importancia", "critical")],
        )
        .await;

    let all = ana.get("/errores").await.body;
    assert!(all.contains("Sin sonido en los audífonos Bluetooth") && all.contains("HYPERLINK"));
    assert!(
        all.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/errores/feed.atom\""
        ),
        "{all}"
    );
    assert!(all.contains("href=\"/errores/export.csv\""));
    let critical = ana
        .get("/errores?producto=mxos&importancia=critical")
        .await
        .body;
    assert!(critical.contains("Sin sonido") && !critical.contains("HYPERLINK"));
    assert!(
        critical.contains("href=\"/errores/feed.atom?producto=mxos&#38;importancia=critical\""),
        "{critical}"
    );
    let confirmed = ana.get("/errores?estado=new").await.body;
    assert!(!confirmed.contains("Sin sonido") && confirmed.contains("HYPERLINK"));
    let by_tag = ana.get("/errores?etiqueta=audio").await.body;
    assert!(by_tag.contains("Sin sonido"));
    let found = eventually(
        Duration::from_secs(10),
        "the text search finds it",
        || async {
            let page = ana.get("/errores?q=aud%C3%ADfonos").await.body;
            page.contains("Sin sonido en los audífonos").then_some(page)
        },
    )
    .await;
    assert!(!found.contains("HYPERLINK"));
    let product = ana.get("/errores/producto/mxos").await.body;
    assert!(
        product.contains("Notas de la versión")
            && product.contains("/errores/producto/mxos/notas/2.1")
    );

    // Narrowed by component, reporter and assignee, from the links a report shows.
    let page = ana.get(&sound).await.body;
    let reporter = {
        let start = page.find("/errores?reportero=").unwrap();
        page[start..start + page[start..].find('"').unwrap()].replace("&#38;", "&")
    };
    let by_reporter = ana.get(&reporter).await.body;
    assert!(by_reporter.contains("Sin sonido") && by_reporter.contains("HYPERLINK"));
    let by_component = ana
        .get("/errores/producto/mxos?componente=audio")
        .await
        .body;
    assert!(by_component.contains("Sin sonido"), "{by_component}");
    let none = ana.get("/errores/producto/mxos?version=2.0").await.body;
    assert!(none.contains("No hay reportes con estos filtros."));

    // Ana saves a search and finds it again, only she.
    let saved = ana
        .post(
            "/errores/busquedas",
            &[
                ("nombre", "Audio crítico"),
                ("consulta", "producto=mxos&importancia=critical"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let saved_path = saved.location.unwrap();
    let list = ana.get(&saved_path).await.body;
    assert!(
        list.contains("<h1>Audio crítico</h1>")
            && list.contains("Sin sonido")
            && !list.contains("HYPERLINK")
    );
    assert!(list.contains("href=\"/errores/feed.atom?producto=mxos&#38;importancia=critical\""));
    assert!(
        ana.get("/errores")
            .await
            .body
            .contains(&format!("<a href=\"{saved_path}\">Audio crítico</a>"))
    );
    assert_eq!(
        developer.get(&saved_path).await.status,
        StatusCode::NOT_FOUND
    );
    let unnamed = ana
        .post(
            "/errores/busquedas",
            &[("nombre", " "), ("consulta", "q=x")],
        )
        .await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    ana.get(&saved_path).await;
    let forgotten = ana.post(&format!("{saved_path}/borrar"), &[]).await;
    assert_eq!(forgotten.status, StatusCode::SEE_OTHER);
    assert_eq!(ana.get(&saved_path).await.status, StatusCode::NOT_FOUND);

    let feed = ana.get("/errores/feed.atom?importancia=critical").await;
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert!(
        feed.body.contains("Sin sonido en los audífonos Bluetooth")
            && !feed.body.contains("HYPERLINK")
    );
    let csv = ana.get("/errores/export.csv").await;
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(
        csv.body
            .contains("\"'=HYPERLINK(\"\"http://x\"\") en el nombre\""),
        "{}",
        csv.body
    );
    assert!(
        csv.body
            .contains("\"Sin sonido en los audífonos Bluetooth\"")
    );
    let _ = formula;
    app.stop().await;
}
both!(lists_filter_and_offer_their_feed_and_export);

async fn a_forum_question_becomes_a_bug_and_follows_its_status(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    people(&app).await;
    person(&app, "mod@mxos.mx", "Moderadora", &[Role::Moderator]).await;
    let maria = member(&app, "maria@ejemplo.mx", "María").await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let general = category(&staff, "Audio y video").await;
    let asker = signed_in(&app, "maria@ejemplo.mx").await;
    let topic = ask(
        &asker,
        &general,
        "¿Por qué no hay sonido después de suspender?",
        "Desde la actualización, al volver de suspender no suena nada.",
    )
    .await;
    let topic_id = id_of(topic.split('#').next().unwrap());

    // Members are not offered the intake; the moderator is.
    let bruno = signed_in(&app, "bruno@ejemplo.mx").await;
    assert!(!bruno.get(&topic).await.body.contains("Reportar como error"));
    // Nor is the form pre-filled from the question for them.
    let plain = bruno
        .get(&format!("/errores/reportar?desde=topic:{topic_id}"))
        .await
        .body;
    assert!(!plain.contains("Desde la actualización"));
    let moderator = signed_in(&app, "mod@mxos.mx").await;
    let page = moderator.get(&topic).await.body;
    assert!(
        page.contains(&format!("/errores/reportar?desde=topic:{topic_id}")),
        "{page}"
    );
    let form = moderator
        .get(&format!(
            "/errores/reportar?desde=topic:{topic_id}&producto=mxos"
        ))
        .await
        .body;
    assert!(
        form.contains("¿Por qué no hay sonido después de suspender?"),
        "{form}"
    );
    assert!(form.contains("Desde la actualización") && form.contains("María"));
    let filed = moderator
        .post_multipart(
            "/errores/reportar",
            &[
                ("producto", "mxos"),
                ("titulo", "¿Por qué no hay sonido después de suspender?"),
                ("desde", &format!("topic:{topic_id}")),
                (
                    "que_paso",
                    "Desde la actualización, al volver de suspender no suena nada.",
                ),
                ("componente", "audio"),
            ],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let bug = filed.location.unwrap();
    let page = moderator.get(&bug).await.body;
    assert!(
        page.contains(&format!(
            "Surgió de <a href=\"/comunidad/tema/{topic_id}\">"
        )),
        "{page}"
    );

    // The question shows the bug's live status, in the reader's language.
    let shown = asker.get(&topic).await.body;
    assert!(
        shown.contains("<span class=\"badge link-state\">Nuevo</span>"),
        "{shown}"
    );
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    developer.get(&bug).await;
    developer
        .post(&format!("{bug}/estado"), &[("estado", "confirmed")])
        .await;
    assert!(
        asker
            .get(&topic)
            .await
            .body
            .contains("<span class=\"badge link-state\">Confirmado</span>")
    );
    let english = signed_in_speaking(&app, "maria@ejemplo.mx", "en").await;
    assert!(
        english
            .get(&topic)
            .await
            .body
            .contains("<span class=\"badge link-state\">Confirmed</span>")
    );

    // The asker watches her question: she hears of the move.
    let db = app.state().db.clone();
    eventually(
        Duration::from_secs(10),
        "the question's watcher is told",
        || async {
            let texts: Vec<String> =
                sqlx::query_scalar("SELECT text FROM notifications WHERE user_id = $1")
                    .bind(maria)
                    .fetch_all(db.pool())
                    .await
                    .unwrap();
            texts
                .iter()
                .any(|text| {
                    text.contains("salió de una pregunta que sigues, ahora está: Confirmado")
                })
                .then_some(())
        },
    )
    .await;
    let mailed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_address LIKE '%maria@ejemplo.mx%' \
         AND body_text LIKE '%sigues la pregunta de la comunidad%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(mailed, 1, "one mail, saying why and how to stop");

    // Marked a duplicate of a report whose fix is ready, the question shows that fix.
    let fixed = file(
        &developer,
        "Sin audio tras reanudar la sesión",
        "Igual.",
        None,
    )
    .await
    .location
    .unwrap();
    let series = {
        let page = developer.get(&fixed).await.body;
        let start = page.find("name=\"corregido_en\"").unwrap();
        let rest = &page[start..];
        let at = rest.find(">2.1<").unwrap();
        let value = rest[..at].rfind("value=\"").unwrap() + 7;
        rest[value..value + rest[value..].find('"').unwrap()].to_owned()
    };
    for fields in [
        vec![("estado", "confirmed")],
        vec![
            ("estado", "fix-committed"),
            ("corregido_en", series.as_str()),
        ],
    ] {
        let done = developer.post(&format!("{fixed}/estado"), &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    developer.get(&bug).await;
    let marked = developer
        .post(
            &format!("{bug}/duplicado"),
            &[("de", &id_of(&fixed).to_string())],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    assert!(
        asker
            .get(&topic)
            .await
            .body
            .contains("<span class=\"badge link-state\">Corrección lista en 2.1</span>")
    );
    app.stop().await;
}
both!(a_forum_question_becomes_a_bug_and_follows_its_status);

async fn the_api_files_reads_comments_and_moves_reports(backend: Backend) {
    use soporte_platform::accounts::api_tokens::Scope;
    let mut app = TestServer::start(backend).await;
    let (_, developer_id, ana_id, _) = people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let token = |user| api_token(&app, user, Scope::Write);
    let (ana, developer) = (token(ana_id).await, token(developer_id).await);
    let report = serde_json::json!({
        "product": "mxos", "title": "El Wi-Fi se desconecta cada hora",
        "what_happened": "Se cae la red.", "steps": "Esperar una hora.",
        "component": "audio", "version": "2.0", "architecture": "aarch64",
        "tags": ["Wi-Fi", "red", "x".repeat(40)],
    });
    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/bugs",
        None,
        report.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, filed) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/bugs",
        Some(&ana),
        report,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{filed}");
    let id = filed["id"].as_i64().unwrap();
    assert_eq!(filed["path"], format!("/errores/{id}"));
    let (status, unknown) = send_json(&app,
        reqwest::Method::POST,
        "/api/v1/bugs",
        Some(&ana),
        serde_json::json!({"product": "windows", "title": "No abre el menú", "what_happened": "No."}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");

    let (status, read) = send_json(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bugs/{id}"),
        None,
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["status"], "new");
    assert_eq!(read["tags"], serde_json::json!(["red", "wi-fi"]));
    assert_eq!(read["architecture"], "aarch64");
    assert!(
        read["description"]
            .as_str()
            .unwrap()
            .contains("## Pasos para reproducirlo")
    );

    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/bugs/{id}/comments"),
        Some(&developer),
        serde_json::json!({"body": "¿Qué tarjeta de red tienes?"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, refused) = send_json(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/bugs/{id}/status"),
        Some(&ana),
        serde_json::json!({"status": "confirmed"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, changed) = send_json(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/bugs/{id}/status"),
        Some(&developer),
        serde_json::json!({"status": "confirmed", "importance": "high"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed, serde_json::json!(["status", "importance"]));
    let (status, conflict) = send_json(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/bugs/{id}/status"),
        Some(&developer),
        serde_json::json!({"status": "fix-released", "fixed_in": "2.1"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
    let (_, read) = send_json(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bugs/{id}"),
        None,
        serde_json::json!({}),
    )
    .await;
    assert_eq!(read["status"], "confirmed");
    assert_eq!(read["comments"][0]["author"], "Diana Desarrollo");
    assert_eq!(read["activity"].as_array().unwrap().len(), 2);

    let (status, list) = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/bugs?product=mxos&importance=high",
        None,
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["bugs"][0]["id"], id);
    let found = eventually(
        Duration::from_secs(10),
        "the API's search finds it",
        || async {
            let (_, list) = send_json(
                &app,
                reqwest::Method::GET,
                "/api/v1/bugs?q=desconecta",
                None,
                serde_json::json!({}),
            )
            .await;
            (list["bugs"].as_array().is_some_and(|bugs| !bugs.is_empty())).then_some(list)
        },
    )
    .await;
    assert_eq!(
        found["bugs"][0]["title"],
        "El Wi-Fi se desconecta cada hora"
    );
    let (status, _) = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/bugs?product=Not%20A%20Slug",
        None,
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.stop().await;
}
both!(the_api_files_reads_comments_and_moves_reports);

async fn incomplete_reports_nobody_answers_expire(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    people(&app).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    catalog(&staff).await;
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    let path = file(&ana, "La cámara no enciende en Zoom", "No enciende.", None)
        .await
        .location
        .unwrap();
    let developer = signed_in(&app, "desarrollo@mxos.mx").await;
    developer.get(&path).await;
    developer
        .post(&format!("{path}/estado"), &[("estado", "incomplete")])
        .await;
    let state = app.state();
    let now = soporte_platform::storage::now_ms();
    assert_eq!(
        soporte_bugs::store::expire(&state.db, &state.queue, now - 1000)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        soporte_bugs::store::expire(&state.db, &state.queue, now + 1000)
            .await
            .unwrap(),
        1
    );
    let page = ana.get(&path).await.body;
    assert_eq!(status_shown(&page), "Inválido");
    assert!(page.contains("<td>Soporte (automático)</td><td>Expiró sin respuesta</td><td>Incompleto</td><td>Inválido</td>"), "{page}");
    app.stop().await;
}
both!(incomplete_reports_nobody_answers_expire);
