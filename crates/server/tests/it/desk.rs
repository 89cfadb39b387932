//! The partner desks: the SLA clock as `soporte desk sla-due` answers it, and Mexico's
//! statutory rest days against an independent reference (PyPI `holidays`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use soporte_desk::sla::holidays;

use crate::cli::soporte;

/// The issue's Tijuana calendar.
fn tijuana() -> Value {
    json!({"kind": "business", "zone": "America/Tijuana",
        "hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                  "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [["09:00","14:00"]], "sun": []},
        "mx_statutory_holidays": true, "extra_holidays": ["2025-12-12", "2025-12-24"]})
}

/// Runs `soporte desk sla-due` in `lang` on `lines`: its answers, its exit code and
/// what it said on standard error.
fn sla_due(lang: &str, lines: &[Value]) -> (Vec<Value>, Option<i32>, String) {
    let mut child = soporte()
        .env("LANG", lang)
        .args(["desk", "sla-due"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::new();
    for line in lines {
        input.push_str(&line.to_string());
        input.push('\n');
    }
    input.push_str("esto no es JSON\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let answers = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        answers,
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn sla_due_answers_every_line_in_order_and_names_what_is_wrong() {
    let mut overlapping = tijuana();
    overlapping["hours"]["wed"] = json!([["09:00", "14:00"], ["13:00", "18:00"]]);
    let mut elsewhere = tijuana();
    elsewhere["zone"] = json!("America/Los_Angeles");
    let lines = [
        // Thursday 16:00 in Tijuana: 2 h that day, 12 December is the partner's
        // holiday, Saturday 09:00 + 1 h.
        json!({"id": "t-1", "calendar": tijuana(), "start": "2025-12-12T00:00:00Z",
               "pauses": [], "target_minutes": 180}),
        json!({"id": "t-2", "calendar": overlapping, "start": "2025-12-12T00:00:00Z",
               "pauses": [], "target_minutes": 180}),
        json!({"id": "t-3", "calendar": elsewhere, "start": "2025-12-12T00:00:00Z",
               "target_minutes": 60}),
        json!({"id": 4, "calendar": {"kind": "24x7"}, "start": "2025-12-12 15:00",
               "target_minutes": 60}),
        json!({"id": 5, "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z",
               "pauses": [["2025-12-12T16:00:00Z", "2025-12-12T15:30:00Z"]], "target_minutes": 60}),
        // 24x7 with a pause of half an hour.
        json!({"id": 6, "calendar": {"kind": "24x7"}, "start": "2025-12-12T15:00:00Z",
               "pauses": [["2025-12-12T15:30:00Z", "2025-12-12T16:00:00Z"]], "target_minutes": 90}),
    ];
    let (answers, code, stderr) = sla_due("es_MX.UTF-8", &lines);
    assert_eq!(answers.len(), 7, "{answers:?}");
    assert_eq!(
        answers[0],
        json!({"id": "t-1", "due": "2025-12-13T18:00:00Z"})
    );
    let error = |index: usize| answers[index]["error"].as_str().unwrap().to_owned();
    assert_eq!(answers[1]["id"], "t-2");
    assert_eq!(
        error(1),
        "En el horario del miércoles los intervalos 09:00–14:00 y 13:00–18:00 se enciman."
    );
    assert!(
        error(2).starts_with("«America/Los_Angeles» no es una zona horaria de México."),
        "{}",
        error(2)
    );
    assert!(error(2).contains("America/Tijuana"));
    assert_eq!(answers[3]["id"], 4);
    assert!(
        error(3).contains("no es un instante ISO-8601"),
        "{}",
        error(3)
    );
    assert_eq!(answers[4]["id"], 5);
    assert!(
        error(4).starts_with(
            "La pausa de 2025-12-12T16:00:00Z a 2025-12-12T15:30:00Z termina antes de empezar"
        ),
        "{}",
        error(4)
    );
    assert_eq!(answers[5], json!({"id": 6, "due": "2025-12-12T17:00:00Z"}));
    assert_eq!(answers[6]["id"], Value::Null);
    assert!(
        error(6).starts_with("La línea 7 no es JSON válido"),
        "{}",
        error(6)
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("5 líneas tuvieron errores"), "{stderr}");

    // Only good lines: every answer a due instant, and success.
    let (answers, code, _) = {
        let mut child = soporte()
            .args(["desk", "sla-due"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let line = json!({"id": "x", "calendar": {"kind": "24x7"}, "start": "2026-01-01T00:00:00Z", "target_minutes": 0});
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{line}\n\n{line}\n").as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        (
            String::from_utf8(output.stdout).unwrap(),
            output.status.code(),
            (),
        )
    };
    assert_eq!(
        answers,
        "{\"id\":\"x\",\"due\":\"2026-01-01T00:00:00Z\"}\n".repeat(2)
    );
    assert_eq!(code, Some(0));
}

#[test]
fn sla_due_speaks_the_terminals_language() {
    let mut reversed = tijuana();
    reversed["hours"]["fri"] = json!([["18:00", "09:00"]]);
    let (answers, code, stderr) = sla_due(
        "en_US.UTF-8",
        &[
            json!({"id": "r", "calendar": reversed, "start": "2025-12-12T00:00:00Z", "target_minutes": 5}),
        ],
    );
    assert_eq!(
        answers[0]["error"],
        "The interval 18:00–09:00 on Friday ends before it starts or lasts no time. \
         A shift across midnight is written as two intervals, one on each day."
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("2 lines had errors"), "{stderr}");
}

#[test]
fn statutory_rest_days_match_an_independent_reference() {
    // scripts/test installs `holidays` in the tests' virtualenv.
    let venv = std::env::var("HOME").map(|home| format!("{home}/.cache/soporte/venv/bin/python"));
    let python = std::env::var("SOPORTE_TEST_PYTHON")
        .ok()
        .or_else(|| venv.ok().filter(|path| std::path::Path::new(path).exists()))
        .unwrap_or_else(|| "python3".to_owned());
    let output = Command::new(python)
        .args([
            "-c",
            "import holidays\n\
             for day in sorted(holidays.Mexico(years=range(1971, 2101))):\n    print(day.isoformat())",
        ])
        .output()
        .expect("python with `holidays` must be available (set SOPORTE_TEST_PYTHON)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reference: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let ours: Vec<String> = (1971..2101)
        .flat_map(holidays::of_year)
        .map(|day| day.iso())
        .collect();
    assert!(ours.len() > 900);
    assert_eq!(ours, reference);
}

// ---------------------------------------------------------------------------
// The desk as its people and customers use it.

use reqwest::StatusCode as Http;
use soporte_desk::sla::calendar::Calendar;
use soporte_desk::sla::zone::Zone;
use soporte_desk::store::{self as desk, NewContract, NewOrganization, StaffRole};
use soporte_desk::ticket::default_targets;
use soporte_desk::{OrganizationId, PartnerId};
use soporte_platform::accounts::Role;
use soporte_platform::storage::now_ms;

use crate::accounts::{person, signed_in};
use crate::both;
use crate::support::{Backend, Browser, TestServer};

/// Waits until the desk's teller has told every message written so far (it tells in
/// the background, after the page answered).
async fn told(app: &TestServer) {
    let db = app.state().db.clone();
    crate::support::eventually(std::time::Duration::from_secs(10), "messages told", || {
        let db = db.clone();
        async move {
            let untold: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM desk_messages WHERE told_at IS NULL")
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
            (untold == 0).then_some(())
        }
    })
    .await;
}

/// A partner with its admin and agent, a client organization in Tijuana with a
/// customer and a contract in force (24x7, the default plan), and another organization
/// of the same partner with its own customer.
struct Desk {
    partner: PartnerId,
    tijuana: OrganizationId,
    other: OrganizationId,
}

async fn desk_of(app: &TestServer, slug: &str, people: [&str; 4]) -> Desk {
    let db = &app.state().db;
    let [admin, agent, customer, other_customer] = people;
    let admin = person(app, admin, "Ada Admin", &[Role::PartnerAdmin]).await;
    let agent = person(app, agent, "Luis Agente", &[Role::PartnerAgent]).await;
    let customer = person(app, customer, "Jorge Cliente", &[Role::Customer]).await;
    let other_customer = person(app, other_customer, "Elena Otra", &[Role::Customer]).await;
    let now = now_ms();
    let partner = desk::open_partner(db, (slug, "Soluciones"), admin, admin, now)
        .await
        .unwrap();
    desk::set_staff(db, partner, agent, StaffRole::Agent, Some(admin))
        .await
        .unwrap();
    let calendar = desk::add_calendar(db, partner, "24x7", &Calendar::Always)
        .await
        .unwrap();
    let plan = desk::add_plan(db, partner, "Estándar", &default_targets())
        .await
        .unwrap();
    let organization = |name: &'static str, zone| NewOrganization {
        name,
        zone,
        manager: Some(agent),
        phone: "+52 664 123 4567",
        whatsapp: "+52 664 765 4321",
    };
    let tijuana = desk::add_organization(
        db,
        partner,
        &organization("Maquiladora", Zone::Tijuana),
        now,
    )
    .await
    .unwrap();
    let other = desk::add_organization(
        db,
        partner,
        &organization("Hospital", Zone::MexicoCity),
        now,
    )
    .await
    .unwrap();
    desk::add_customer(db, tijuana, customer).await.unwrap();
    desk::add_customer(db, other, other_customer).await.unwrap();
    desk::add_contract(
        db,
        partner,
        &NewContract {
            organization: tijuana,
            name: "Soporte 2026",
            plan,
            calendar,
            remote_minutes: 2400,
            onsite_minutes: 960,
            starts_on: "2020-01-01",
            ends_on: "2199-12-31",
            renewal_notice_days: 30,
        },
        now,
    )
    .await
    .unwrap();
    Desk {
        partner,
        tijuana,
        other,
    }
}

/// A local time as the desk shows it in Tijuana.
fn in_tijuana(ms: i64) -> String {
    let tz = jiff::tz::TimeZone::get("America/Tijuana").unwrap();
    let at = jiff::Timestamp::from_millisecond(ms).unwrap().to_zoned(tz);
    format!("{}, hora de Tijuana", at.strftime("%d/%m/%Y %H:%M"))
}

/// The status a ticket page shows.
fn status_of(body: &str) -> String {
    let start = body.find("<dt>Estado</dt><dd>").expect("a status") + "<dt>Estado</dt><dd>".len();
    body[start..start + body[start..].find("</dd>").unwrap()].to_owned()
}

async fn opened_at(app: &TestServer, path: &str) -> i64 {
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    sqlx::query_scalar("SELECT created_at FROM desk_tickets WHERE id = $1")
        .bind(id)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap()
}

async fn a_customer_opens_a_ticket_the_desk_answers_and_the_clocks_follow(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let desk = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let _ = (desk.partner, desk.other);

    // The customer finds their portal from the public page, with their manager's contact.
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    let home = jorge.get("/soporte-profesional").await;
    assert!(
        home.body.contains(r#"href="/soporte-profesional/portal""#),
        "{}",
        home.body
    );
    let portal = jorge.get("/soporte-profesional/portal").await;
    assert!(portal.body.contains("Maquiladora"));
    assert!(portal.body.contains("Luis Agente") && portal.body.contains("+52 664 765 4321"));
    assert!(portal.body.contains("No hay tickets que mostrar."));

    // A subject too short: the form comes back with what was written, nothing opened.
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let organization = desk.tijuana.to_string();
    let refused = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &organization),
                ("asunto", "ay"),
                ("prioridad", "2"),
                ("descripcion", "La impresora de la línea 3 no imprime."),
            ],
        )
        .await;
    assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Escribe un asunto de al menos 4 caracteres.")
    );
    assert!(
        refused
            .body
            .contains("La impresora de la línea 3 no imprime.")
    );
    // An organization that is not theirs: refused in words, nothing opened.
    let foreign = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &desk.other.to_string()),
                ("asunto", "No imprime"),
                ("prioridad", "2"),
                ("descripcion", "Nada."),
            ],
        )
        .await;
    assert_eq!(foreign.status, Http::UNPROCESSABLE_ENTITY);
    assert!(foreign.body.contains("Elige una de tus organizaciones."));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM desk_tickets")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0);

    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &organization),
                ("asunto", "La línea 3 no imprime etiquetas"),
                ("prioridad", "2"),
                ("descripcion", "La impresora Zebra no recibe trabajos."),
            ],
        )
        .await;
    assert_eq!(opened.status, Http::SEE_OTHER, "{}", opened.body);
    let path = opened.location.clone().unwrap();
    let page = jorge.get(&path).await;
    assert!(page.body.contains("#1 La línea 3 no imprime etiquetas"));
    assert_eq!(status_of(&page.body), "Nuevo");
    // P2 on 24x7: first response due an hour after opening, shown in Tijuana's time.
    let created = opened_at(&app, &path).await;
    assert!(page.body.contains("Primera respuesta"));
    assert!(
        page.body.contains(&in_tijuana(created + 60 * 60 * 1000)),
        "{}",
        page.body
    );
    assert!(page.body.contains(&in_tijuana(created + 960 * 60 * 1000)));
    assert!(
        !page.body.contains("Nota interna"),
        "the customer has no internal notes"
    );

    // The agent finds it in the queue, notes something internal and answers.
    let luis = signed_in(&app, "luis@norte.mx").await;
    let queue = luis.get("/soporte-profesional/mesa/norte").await;
    assert_eq!(queue.status, Http::OK);
    assert!(queue.body.contains("La línea 3 no imprime etiquetas"));
    luis.get(&path).await;
    let empty = luis
        .post(&format!("{path}/responder"), &[("mensaje", "  ")])
        .await;
    assert_eq!(empty.status, Http::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Escribe el mensaje."));
    let noted = luis
        .post(
            &format!("{path}/responder"),
            &[
                ("mensaje", "Revisar el firmware de la Zebra"),
                ("visibilidad", "interna"),
            ],
        )
        .await;
    assert_eq!(noted.status, Http::SEE_OTHER);
    let answered = luis
        .post(
            &format!("{path}/responder"),
            &[
                ("mensaje", "¿Nos confirma el modelo de la impresora?"),
                ("visibilidad", "publica"),
            ],
        )
        .await;
    assert_eq!(answered.status, Http::SEE_OTHER);
    let seen = luis.get(&path).await;
    assert!(seen.body.contains("Revisar el firmware de la Zebra"));
    assert_eq!(
        status_of(&seen.body),
        "Abierto",
        "the desk's reply opens a new ticket"
    );
    assert!(seen.body.contains("Cumplida a tiempo"));
    let customer_view = jorge.get(&path).await;
    assert!(
        !customer_view.body.contains("Revisar el firmware"),
        "internal notes stay inside"
    );
    assert!(
        customer_view
            .body
            .contains("¿Nos confirma el modelo de la impresora?")
    );

    // The desk heard of the new ticket (nobody was assigned: every agent and admin),
    // the customer of the public answer, nobody of the internal note; each once.
    told(&app).await;
    let texts = |email: &'static str| {
        let db = app.state().db.clone();
        async move {
            let user = desk::user_by_email(&db, email).await.unwrap().unwrap();
            sqlx::query_scalar::<_, String>(
                "SELECT text FROM notifications WHERE user_id = $1 ORDER BY id",
            )
            .bind(user)
            .fetch_all(db.pool())
            .await
            .unwrap()
        }
    };
    assert_eq!(
        texts("luis@norte.mx").await,
        vec!["Ticket nuevo de Maquiladora.".to_owned()]
    );
    assert_eq!(
        texts("ada@norte.mx").await,
        vec!["Ticket nuevo de Maquiladora.".to_owned()]
    );
    assert_eq!(
        texts("jorge@maquila.mx").await,
        vec!["La mesa de ayuda respondió tu ticket.".to_owned()]
    );
    let mailed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_address LIKE '%jorge@maquila.mx%' AND body_text LIKE '%¿Nos confirma el modelo de la impresora?%'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(mailed, 1);
    soporte_desk::escalate::watch_once(app.state())
        .await
        .unwrap();
    assert_eq!(
        texts("jorge@maquila.mx").await.len(),
        1,
        "the watch tells nobody twice"
    );

    // Waiting for the customer pauses the clocks; their answer reopens it.
    let pending = luis
        .post(&format!("{path}/estado"), &[("estado", "pending-customer")])
        .await;
    assert_eq!(pending.status, Http::SEE_OTHER);
    let waiting = jorge.get(&path).await;
    assert_eq!(status_of(&waiting.body), "Pendiente del cliente");
    assert!(waiting.body.contains("En pausa: esperamos tu respuesta"));
    let answer = jorge
        .post(
            &format!("{path}/responder"),
            &[("mensaje", "Es una Zebra ZT230.")],
        )
        .await;
    assert_eq!(answer.status, Http::SEE_OTHER);
    let reopened = luis.get(&path).await;
    assert_eq!(status_of(&reopened.body), "Abierto");
    assert!(
        reopened.body.contains("Siguiente actualización"),
        "the customer waits for the next update"
    );
    let pauses: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM desk_ticket_pauses WHERE kind = 'pending'")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(pauses, 1);

    // A customer cannot triage; the agent can, but only to people of the desk.
    let triage = jorge
        .post(&format!("{path}/asignar"), &[("prioridad", "1")])
        .await;
    assert_eq!(triage.status, Http::FORBIDDEN);
    luis.get(&path).await;
    let stranger = person(&app, "nadie@ejemplo.mx", "Nadie", &[Role::Member]).await;
    let foreign = luis
        .post(
            &format!("{path}/asignar"),
            &[("prioridad", "2"), ("asignado", &stranger.to_string())],
        )
        .await;
    assert_eq!(foreign.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        foreign
            .body
            .contains("Solo puedes asignar el ticket a alguien de esta mesa.")
    );

    // The customer says it is solved; a move the table forbids is refused in words.
    jorge.get(&path).await;
    let solved = jorge
        .post(&format!("{path}/estado"), &[("estado", "resolved")])
        .await;
    assert_eq!(solved.status, Http::SEE_OTHER);
    let again = jorge
        .post(&format!("{path}/estado"), &[("estado", "closed")])
        .await;
    assert_eq!(again.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .body
            .contains("El ticket ya no puede pasar a ese estado")
    );
    let resolved = jorge.get(&path).await;
    assert_eq!(status_of(&resolved.body), "Resuelto");
    app.stop().await;
}
both!(a_customer_opens_a_ticket_the_desk_answers_and_the_clocks_follow);

async fn tickets_opened_at_once_each_get_their_own_number_and_a_foreign_one_is_refused(
    backend: Backend,
) {
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let south = desk_of(
        &app,
        "sur",
        [
            "beto@sur.mx",
            "rosa@sur.mx",
            "tere@cliente.mx",
            "olga@cliente.mx",
        ],
    )
    .await;
    let db = &app.state().db;
    let jorge = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    // 24 tickets for the north's two organizations, 5 for the south's, and one that
    // names a north organization for the south, all at once: they share transactions.
    let mut asked = Vec::new();
    for n in 0..30_usize {
        let (partner, organization) = match n {
            0..12 => (north.partner, north.tijuana),
            12..24 => (north.partner, north.other),
            24..29 => (south.partner, south.tijuana),
            _ => (south.partner, north.other),
        };
        let new = desk::NewTicket {
            partner,
            organization,
            requester: jorge,
            subject: Subject::parse(&format!("Falla número {n}")).unwrap(),
            body: Body::parse(&format!("Detalle **{n}**.")).unwrap(),
            priority: Priority::NORMAL,
            channel: Channel::Api,
            external_id: Some(format!("ext-{n}")),
            author: jorge,
            side: Mover::Customer,
            tags: if n % 3 == 0 {
                vec!["red".to_owned(), format!("lote{n}")]
            } else {
                Vec::new()
            },
            files: if n == 5 {
                vec![
                    soporte_platform::attachments::File::parse(
                        "bitacora.txt",
                        b"linea 1\n".to_vec(),
                        1024,
                    )
                    .unwrap()
                    .unwrap(),
                ]
            } else {
                Vec::new()
            },
            origin: None,
        };
        let db = db.clone();
        asked.push(tokio::spawn(async move {
            (n, desk::open_ticket(&db, new, now_ms()).await)
        }));
    }
    let mut numbers: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for answer in asked {
        let (n, opened) = answer.await.unwrap();
        if n == 29 {
            assert!(
                matches!(opened, Err(desk::DeskError::ForeignOrganization)),
                "{n}"
            );
            continue;
        }
        let (id, number) = opened.unwrap_or_else(|error| panic!("{n}: {error}"));
        let (partner, subject, contract, messages, external): (
            i64,
            String,
            Option<i64>,
            i64,
            String,
        ) = sqlx::query_as(
            "SELECT t.partner_id, t.subject, t.contract_id, \
                 (SELECT COUNT(*) FROM desk_messages m WHERE m.ticket_id = t.id), \
                 (SELECT m.external_id FROM desk_messages m WHERE m.ticket_id = t.id) \
                 FROM desk_tickets t WHERE t.id = $1",
        )
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert_eq!(subject, format!("Falla número {n}"));
        assert_eq!(messages, 1, "{n}");
        assert_eq!(external, format!("ext-{n}"));
        // Only the Tijuana organizations have a contract in force.
        assert_eq!(contract.is_some(), n < 12 || (24..29).contains(&n), "{n}");
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT tag FROM desk_ticket_tags WHERE ticket_id = $1 ORDER BY tag",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await
        .unwrap();
        let expected = if n % 3 == 0 {
            vec![format!("lote{n}"), "red".to_owned()]
        } else {
            Vec::new()
        };
        assert_eq!(tags, expected, "{n}");
        let files: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM desk_attachments WHERE ticket_id = $1")
                .bind(id)
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(files, i64::from(n == 5), "{n}");
        numbers.entry(partner).or_default().push(number);
    }
    // Each partner's numbers run on, none twice, none skipped (the refused one took none).
    let mut counts = Vec::new();
    for mut taken in numbers.into_values() {
        taken.sort_unstable();
        let count = i64::try_from(taken.len()).unwrap();
        assert_eq!(taken, (1..=count).collect::<Vec<_>>());
        counts.push(count);
    }
    assert_eq!(counts, [24, 5]);
    let opened: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = 'desk.ticket_opened'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(opened, 29);
    // The next ticket, alone, takes the next number.
    let alone = desk::open_ticket(
        db,
        desk::NewTicket {
            partner: south.partner,
            organization: south.other,
            requester: jorge,
            subject: Subject::parse("Después del lote").unwrap(),
            body: Body::parse("Uno más.").unwrap(),
            priority: Priority::NORMAL,
            channel: Channel::Api,
            external_id: None,
            author: jorge,
            side: Mover::Customer,
            tags: Vec::new(),
            files: Vec::new(),
            origin: None,
        },
        now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(alone.1, 6);
    app.stop().await;
}
both!(tickets_opened_at_once_each_get_their_own_number_and_a_foreign_one_is_refused);

async fn a_burst_of_new_tickets_is_one_notice_and_one_mail_for_each_person(backend: Backend) {
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let db = &app.state().db;
    let jorge = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    // Written straight to the store, as a burst the teller has not reached yet.
    for subject in ["Impresora 1", "Impresora 2", "Impresora 3"] {
        let subject = Subject::parse(subject).unwrap();
        let body = Body::parse("No imprime.").unwrap();
        desk::open_ticket(
            db,
            desk::NewTicket {
                partner: north.partner,
                organization: north.tijuana,
                requester: jorge,
                subject: subject.clone(),
                body: body.clone(),
                priority: Priority::NORMAL,
                channel: Channel::Portal,
                external_id: None,
                author: jorge,
                side: Mover::Customer,
                tags: Vec::new(),
                files: Vec::new(),
                origin: None,
            },
            now_ms(),
        )
        .await
        .unwrap();
    }
    let read = soporte_desk::notify::tell_pending(app.state())
        .await
        .unwrap();
    assert_eq!(read, 3);
    assert_eq!(
        soporte_desk::notify::tell_pending(app.state())
            .await
            .unwrap(),
        0
    );
    for email in ["ada@norte.mx", "luis@norte.mx"] {
        let user = desk::user_by_email(db, email).await.unwrap().unwrap();
        let notices: Vec<(String, String, String)> =
            sqlx::query_as("SELECT title, text, path FROM notifications WHERE user_id = $1")
                .bind(user)
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(notices.len(), 1, "{email}: {notices:?}");
        let (title, text, path) = &notices[0];
        assert_eq!(title, "3 novedades en tus tickets");
        assert!(
            text.contains("Impresora 1") && text.contains("Impresora 3"),
            "{text}"
        );
        assert_eq!(path, "/soporte-profesional/mesa/norte");
        let mails: Vec<String> =
            sqlx::query_scalar("SELECT body_text FROM mail_outbox WHERE to_address LIKE $1")
                .bind(format!("%{email}%"))
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(mails.len(), 1, "{email}: {mails:?}");
        for subject in ["Impresora 1", "Impresora 2", "Impresora 3"] {
            assert!(mails[0].contains(subject), "{}", mails[0]);
        }
        assert_eq!(mails[0].matches("Ticket nuevo de Maquiladora.").count(), 3);
    }
    let customer_notices: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1")
            .bind(jorge)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(
        customer_notices, 0,
        "the author hears nothing of their own tickets"
    );
    app.stop().await;
}

both!(a_burst_of_new_tickets_is_one_notice_and_one_mail_for_each_person);

async fn files_go_with_their_message_under_the_attachment_rules(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let organization = north.tijuana.to_string();
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    let form = jorge.get("/soporte-profesional/portal/nuevo").await;
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.body.contains("Hasta 5 archivos"),
        "the limits are said"
    );
    let fields = [
        ("organizacion", organization.as_str()),
        ("asunto", "La línea 3 no imprime etiquetas"),
        ("prioridad", "3"),
        ("descripcion", "Adjunto el registro de la impresora."),
    ];
    // A program of another system: refused in words, what was written is kept, nothing
    // opened.
    let refused = jorge
        .post_multipart(
            "/soporte-profesional/portal/nuevo",
            &fields,
            (
                "adjunto",
                "driver.exe",
                "application/octet-stream",
                b"MZ\x90\x00\x03\x00\xff\xfe",
            ),
            true,
        )
        .await;
    assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("no es de un tipo que aceptemos"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Adjunto el registro de la impresora.")
    );
    let lying = jorge
        .post_multipart(
            "/soporte-profesional/portal/nuevo",
            &fields,
            (
                "adjunto",
                "captura.png",
                "image/png",
                b"<html><script>alert(1)</script>",
            ),
            true,
        )
        .await;
    assert_eq!(lying.status, Http::UNPROCESSABLE_ENTITY);
    assert!(lying.body.contains("su contenido es de otro"));
    let tickets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM desk_tickets")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(tickets, 0);

    let log = b"Dec  7 10:02:11 zebra: cola detenida\n";
    let opened = jorge
        .post_multipart(
            "/soporte-profesional/portal/nuevo",
            &fields,
            (
                "adjunto",
                "C:\\Users\\jorge\\zebra año.log",
                "text/plain",
                log,
            ),
            true,
        )
        .await;
    assert_eq!(opened.status, Http::SEE_OTHER, "{}", opened.body);
    let path = opened.location.clone().unwrap();
    let page = jorge.get(&path).await;
    let start = page
        .body
        .find("/soporte-profesional/adjuntos/")
        .expect("the file's link");
    let href = page.body[start..start + page.body[start..].find('"').unwrap()].to_owned();
    assert!(
        page.body.contains(">zebra año.log</a>"),
        "the name without its folders"
    );
    let file = jorge.get(&href).await;
    assert_eq!(file.status, Http::OK);
    assert_eq!(file.body.as_bytes(), log);
    let header = |answer: &crate::support::Answer, name: &str| {
        answer
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header(&file, "content-disposition").starts_with("attachment;"));
    assert_eq!(header(&file, "x-content-type-options"), "nosniff");
    assert!(header(&file, "content-type").starts_with("text/plain"));

    // The agent answers with an internal note carrying a file: the desk sees it, the
    // customer neither sees it nor can fetch it by its address.
    let luis = signed_in(&app, "luis@norte.mx").await;
    assert_eq!(luis.get(&href).await.status, Http::OK, "the desk reads it");
    luis.get(&path).await;
    let noted = luis
        .post_multipart(
            &format!("{path}/responder"),
            &[
                ("mensaje", "Traza interna de la cola"),
                ("visibilidad", "interna"),
            ],
            (
                "adjunto",
                "traza.txt",
                "text/plain",
                b"cola: 3 trabajos atorados\n",
            ),
            true,
        )
        .await;
    assert_eq!(noted.status, Http::SEE_OTHER, "{}", noted.body);
    let desk_page = luis.get(&path).await;
    let internal_href = {
        let start = desk_page
            .body
            .rfind("/soporte-profesional/adjuntos/")
            .unwrap();
        desk_page.body[start..start + desk_page.body[start..].find('"').unwrap()].to_owned()
    };
    assert_ne!(internal_href, href);
    assert!(desk_page.body.contains(">traza.txt</a>"));
    let customer_page = jorge.get(&path).await;
    assert!(!customer_page.body.contains("traza.txt"));
    assert_eq!(jorge.get(&internal_href).await.status, Http::NOT_FOUND);
    // Nobody outside the ticket's organization reaches either file.
    let elena = signed_in(&app, "elena@hospital.mx").await;
    assert_eq!(elena.get(&href).await.status, Http::NOT_FOUND);
    assert_eq!(elena.get(&internal_href).await.status, Http::NOT_FOUND);
    // A visitor is sent to sign in, for a file that exists as for one that does not.
    let visitor = Browser::new(&app);
    let asked = visitor.get(&href).await;
    let missing = visitor.get("/soporte-profesional/adjuntos/999999").await;
    assert_eq!(asked.status, Http::SEE_OTHER);
    assert_eq!(missing.status, Http::SEE_OTHER);
    assert!(
        asked
            .location
            .as_deref()
            .unwrap_or_default()
            .starts_with("/cuenta/entrar")
    );
    // A reply may still be posted as a plain form, without files.
    jorge.get(&path).await;
    let plain = jorge
        .post(
            &format!("{path}/responder"),
            &[("mensaje", "Gracias, quedo atento.")],
        )
        .await;
    assert_eq!(plain.status, Http::SEE_OTHER);
    app.stop().await;
}

both!(files_go_with_their_message_under_the_attachment_rules);

async fn an_admin_names_the_desk_signs_its_mails_and_shows_its_logo(backend: Backend) {
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let settings = "/soporte-profesional/mesa/norte/administrar/ajustes";
    let ada = signed_in(&app, "ada@norte.mx").await;
    let page = ada.get("/soporte-profesional/mesa/norte/administrar").await;
    assert!(page.body.contains("Ajustes de la mesa"));
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    // An agent is not an admin: the form does not exist for him.
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get("/soporte-profesional/mesa/norte").await;
    let agent = luis
        .post_multipart(
            settings,
            &[("nombre", "Otra"), ("firma", "")],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(agent.status, Http::NOT_FOUND);
    // Too long a signature, or a logo that is no image: refused in words, what was
    // written comes back, nothing changes.
    let long = "x".repeat(601);
    let refused = ada
        .post_multipart(
            settings,
            &[("nombre", "Soluciones Norte"), ("firma", &long)],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("La firma es demasiado larga"));
    assert!(refused.body.contains(&long));
    let not_image = ada
        .post_multipart(
            settings,
            &[("nombre", "Soluciones Norte"), ("firma", "Equipo Norte")],
            (
                "adjunto",
                "logo.png",
                "image/png",
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            ),
            true,
        )
        .await;
    assert_eq!(not_image.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        not_image.body.contains("no es una imagen"),
        "{}",
        not_image.body
    );
    let partner = desk::partner(&app.state().db, north.partner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((partner.name.as_str(), partner.logo), ("Soluciones", None));

    let saved = ada
        .post_multipart(
            settings,
            &[
                ("nombre", "Soluciones Norte"),
                (
                    "firma",
                    "Mesa de ayuda de Soluciones Norte\r\nTel. 664 123 4567",
                ),
            ],
            ("adjunto", "logo.png", "image/png", png),
            true,
        )
        .await;
    assert_eq!(saved.status, Http::SEE_OTHER, "{}", saved.body);
    let partner = desk::partner(&app.state().db, north.partner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(partner.name, "Soluciones Norte");
    assert_eq!(
        partner.signature,
        "Mesa de ayuda de Soluciones Norte\nTel. 664 123 4567"
    );
    let logo = partner.logo.expect("a logo");
    let image = ada.get(&format!("/subidas/{logo}")).await;
    assert_eq!(image.status, Http::OK);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'desk.settings_changed'")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // The customer sees the desk's name and logo; the desk's answer reaches him by mail
    // closed with the signature.
    let db = &app.state().db;
    let jorge_id = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    let luis_id = desk::user_by_email(db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let subject = Subject::parse("El escáner no enciende").unwrap();
    let body = Body::parse("Desde ayer.").unwrap();
    let (ticket, _) = desk::open_ticket(
        db,
        desk::NewTicket {
            partner: north.partner,
            organization: north.tijuana,
            requester: jorge_id,
            subject: subject.clone(),
            body: body.clone(),
            priority: Priority::NORMAL,
            channel: Channel::Portal,
            external_id: None,
            author: jorge_id,
            side: Mover::Customer,
            tags: Vec::new(),
            files: Vec::new(),
            origin: None,
        },
        now_ms(),
    )
    .await
    .unwrap();
    let answer = Body::parse("Revisamos la fuente de poder hoy.").unwrap();
    desk::add_message(
        db,
        ticket,
        &desk::NewMessage {
            author: luis_id,
            side: Mover::Desk,
            visibility: desk::Visibility::Public,
            channel: Channel::Agent,
            external_id: None,
            body: &answer,
            files: &[],
        },
        now_ms(),
    )
    .await
    .unwrap();
    while soporte_desk::notify::tell_pending(app.state())
        .await
        .unwrap()
        > 0
    {}
    let mail: String = sqlx::query_scalar(
        "SELECT body_text FROM mail_outbox WHERE to_address LIKE '%jorge@maquila.mx%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert!(
        mail.ends_with("\n\n-- \nMesa de ayuda de Soluciones Norte\nTel. 664 123 4567"),
        "{mail}"
    );
    let agents_mail: String = sqlx::query_scalar(
        "SELECT body_text FROM mail_outbox WHERE to_address LIKE '%luis@norte.mx%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert!(
        !agents_mail.contains("-- \n"),
        "the desk's own people get no signature"
    );
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    let portal = jorge.get("/soporte-profesional/portal").await;
    assert!(portal.body.contains("Soluciones Norte"));
    assert!(portal.body.contains(&format!("/subidas/{logo}")));
    let page = jorge
        .get(&format!("/soporte-profesional/tickets/{ticket}"))
        .await;
    assert!(page.body.contains(&format!("/subidas/{logo}")));

    // Removing the logo.
    ada.get("/soporte-profesional/mesa/norte/administrar").await;
    let removed = ada
        .post_multipart(
            settings,
            &[
                ("nombre", "Soluciones Norte"),
                ("firma", ""),
                ("quitar_logo", "si"),
            ],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(removed.status, Http::SEE_OTHER);
    let partner = desk::partner(db, north.partner).await.unwrap().unwrap();
    assert_eq!((partner.logo, partner.signature.as_str()), (None, ""));

    // The desk's only admin cannot make herself an agent: it would have no admin left.
    let alone = ada
        .post(
            "/soporte-profesional/mesa/norte/administrar/personas",
            &[("correo", "ada@norte.mx"), ("rol", "agent")],
        )
        .await;
    assert_eq!(alone.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        alone
            .body
            .contains("La mesa se quedaría sin administradores")
    );
    let admins = desk::members(db, north.partner)
        .await
        .unwrap()
        .into_iter()
        .filter(|member| member.role == StaffRole::Admin)
        .count();
    assert_eq!(admins, 1);
    app.stop().await;
}

both!(an_admin_names_the_desk_signs_its_mails_and_shows_its_logo);

async fn the_desk_tags_tickets_and_finds_them_by_tag(backend: Backend) {
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let db = &app.state().db;
    let jorge = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    let mut opened = Vec::new();
    for subject in ["La impresora no imprime", "El correo no llega"] {
        let subject = Subject::parse(subject).unwrap();
        let body = Body::parse("Desde ayer.").unwrap();
        let (id, _) = desk::open_ticket(
            db,
            desk::NewTicket {
                partner: north.partner,
                organization: north.tijuana,
                requester: jorge,
                subject: subject.clone(),
                body: body.clone(),
                priority: Priority::NORMAL,
                channel: Channel::Portal,
                external_id: None,
                author: jorge,
                side: Mover::Customer,
                tags: Vec::new(),
                files: Vec::new(),
                origin: None,
            },
            now_ms(),
        )
        .await
        .unwrap();
        opened.push(id);
    }
    let path = format!("/soporte-profesional/tickets/{}", opened[0]);
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get(&path).await;
    let bad = luis
        .post(
            &format!("{path}/asignar"),
            &[
                ("prioridad", "3"),
                ("asignado", ""),
                ("equipo", ""),
                ("etiquetas", "red/wifi"),
            ],
        )
        .await;
    assert_eq!(bad.status, Http::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Cada etiqueta lleva letras"));
    let tagged = luis
        .post(
            &format!("{path}/asignar"),
            &[
                ("prioridad", "3"),
                ("asignado", ""),
                ("equipo", ""),
                ("etiquetas", "Impresora, línea-3 impresora"),
            ],
        )
        .await;
    assert_eq!(tagged.status, Http::SEE_OTHER, "{}", tagged.body);
    let page = luis.get(&path).await;
    assert!(
        page.body.contains("value=\"impresora, línea-3\""),
        "the field shows them"
    );
    assert!(
        page.body.contains("?etiqueta=l%C3%ADnea-3\">línea-3</a>"),
        "{}",
        page.body
    );
    let queue = luis
        .get("/soporte-profesional/mesa/norte?etiqueta=L%C3%ADnea-3")
        .await;
    assert!(queue.body.contains("La impresora no imprime"));
    assert!(!queue.body.contains("El correo no llega"));
    let customer = signed_in(&app, "jorge@maquila.mx").await;
    let seen = customer.get(&path).await;
    assert!(
        !seen.body.contains("línea-3"),
        "customers do not see the desk's tags"
    );

    // The API: the desk filters its queue by tag and reads them; a customer neither.
    use soporte_platform::accounts::api_tokens::Scope;
    let luis_id = desk::user_by_email(db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let desk_token = crate::support::api_token(&app, luis_id, Scope::Read).await;
    let customer_token = crate::support::api_token(&app, jorge, Scope::Read).await;
    let get = |path: String, token: String| {
        let app = &app;
        async move {
            crate::support::send_json(app, reqwest::Method::GET, &path, Some(&token), json!(null))
                .await
        }
    };
    let (status, listed) = get(
        "/api/v1/desk/tickets?partner=norte&tag=L%C3%ADnea-3".to_owned(),
        desk_token.clone(),
    )
    .await;
    assert_eq!(status, Http::OK);
    let subjects: Vec<&str> = listed["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ticket| ticket["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["La impresora no imprime"]);
    let (_, read) = get(format!("/api/v1/desk/tickets/{}", opened[0]), desk_token).await;
    assert_eq!(read["tags"], json!(["impresora", "línea-3"]));
    let (_, theirs) = get(
        "/api/v1/desk/tickets?tag=l%C3%ADnea-3".to_owned(),
        customer_token.clone(),
    )
    .await;
    assert_eq!(
        theirs["tickets"].as_array().unwrap().len(),
        2,
        "a customer's list ignores the desk's tags"
    );
    let (_, read) = get(
        format!("/api/v1/desk/tickets/{}", opened[0]),
        customer_token,
    )
    .await;
    assert_eq!(read["tags"], json!([]));
    app.stop().await;
}

both!(the_desk_tags_tickets_and_finds_them_by_tag);

async fn nobody_sees_another_partners_or_organizations_tickets(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let south = desk_of(
        &app,
        "sur",
        [
            "sara@sur.mx",
            "beto@sur.mx",
            "carla@sur-cliente.mx",
            "dario@sur-cliente.mx",
        ],
    )
    .await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;

    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "Secreto de la maquila"),
                ("prioridad", "3"),
                ("descripcion", "Solo para nuestra mesa."),
            ],
        )
        .await;
    let path = opened.location.clone().unwrap();
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get(&path).await;
    luis.post(
        &format!("{path}/responder"),
        &[("mensaje", "Nota confidencial"), ("visibilidad", "interna")],
    )
    .await;

    // Everyone who is not of that organization or that desk: "not found", never a
    // hint, and no write goes through.
    for email in [
        "elena@hospital.mx",    // another organization of the same partner
        "beto@sur.mx",          // an agent of another partner
        "sara@sur.mx",          // an admin of another partner
        "carla@sur-cliente.mx", // a customer of another partner
        "equipo@mxos.mx",       // foundation staff
        "ana@ejemplo.mx",       // a member
    ] {
        let someone = signed_in(&app, email).await;
        let page = someone.get(&path).await;
        assert_eq!(page.status, Http::NOT_FOUND, "{email} reads the ticket");
        assert!(!page.body.contains("Secreto de la maquila"));
        someone.get("/soporte-profesional").await;
        for (action, fields) in [
            ("responder", vec![("mensaje", "hola")]),
            ("estado", vec![("estado", "resolved")]),
            ("asignar", vec![("prioridad", "1")]),
        ] {
            let write = someone.post(&format!("{path}/{action}"), &fields).await;
            assert_eq!(write.status, Http::NOT_FOUND, "{email} {action}");
        }
        let portal = someone.get("/soporte-profesional/portal").await;
        assert!(
            !portal.body.contains("Secreto de la maquila"),
            "{email}'s portal"
        );
        let queue = someone.get("/soporte-profesional/mesa/norte").await;
        assert_eq!(queue.status, Http::NOT_FOUND, "{email} reads the queue");
    }
    // The other desk's queue does not list it either.
    let beto = signed_in(&app, "beto@sur.mx").await;
    let their_queue = beto.get("/soporte-profesional/mesa/sur").await;
    assert_eq!(their_queue.status, Http::OK);
    assert!(!their_queue.body.contains("Secreto de la maquila"));
    // An agent of the south cannot open a ticket for a north organization.
    beto.get("/soporte-profesional/mesa/sur/nuevo").await;
    let crossing = beto
        .post(
            "/soporte-profesional/mesa/sur/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "Cruce de mesas"),
                ("prioridad", "3"),
                ("descripcion", "No debería."),
            ],
        )
        .await;
    assert_eq!(crossing.status, Http::UNPROCESSABLE_ENTITY);
    assert!(crossing.body.contains("Elige una de tus organizaciones."));
    // Nor through the store: an organization of another partner is refused there too.
    let subject = soporte_desk::ticket::Subject::parse("Cruce de mesas").unwrap();
    let body = soporte_desk::ticket::Body::parse("No debería.").unwrap();
    let crossed = desk::open_ticket(
        &app.state().db,
        desk::NewTicket {
            partner: south.partner,
            organization: north.tijuana,
            requester: soporte_platform::storage::UserId::new(1),
            subject: subject.clone(),
            body: body.clone(),
            priority: soporte_desk::ticket::Priority::NORMAL,
            channel: soporte_desk::ticket::Channel::Api,
            external_id: None,
            author: soporte_platform::storage::UserId::new(1),
            side: soporte_desk::ticket::Mover::Desk,
            tags: Vec::new(),
            files: Vec::new(),
            origin: None,
        },
        now_ms(),
    )
    .await;
    assert!(matches!(crossed, Err(desk::DeskError::ForeignOrganization)));
    let tickets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM desk_tickets")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(tickets, 1);
    // A visitor is asked to sign in; the customer cannot see the queue.
    let visitor = Browser::new(&app).get(&path).await;
    assert_eq!(visitor.status, Http::SEE_OTHER);
    assert!(visitor.location.unwrap().starts_with("/cuenta/entrar"));
    let queue = jorge.get("/soporte-profesional/mesa/norte").await;
    assert_eq!(queue.status, Http::NOT_FOUND);
    let own = jorge.get(&path).await;
    assert!(!own.body.contains("Nota confidencial"));
    let _ = (north.other, south.tijuana);
    app.stop().await;
}
both!(nobody_sees_another_partners_or_organizations_tickets);

async fn an_admin_keeps_the_desk_and_its_calendar_sets_the_clocks(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let staff = person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "ada@norte.mx", "Ada Admin", &[Role::PartnerAdmin]).await;
    person(&app, "luis@norte.mx", "Luis Agente", &[Role::PartnerAgent]).await;
    person(&app, "jorge@maquila.mx", "Jorge Cliente", &[Role::Customer]).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let _ = staff;

    // A member may not open a desk; foundation staff may, naming an existing account.
    let ana = signed_in(&app, "ana@ejemplo.mx").await;
    assert_eq!(
        ana.get("/soporte-profesional/abrir").await.status,
        Http::FORBIDDEN
    );
    let foundation = signed_in(&app, "equipo@mxos.mx").await;
    let home = foundation.get("/soporte-profesional").await;
    assert!(home.body.contains(r#"href="/soporte-profesional/abrir""#));
    foundation.get("/soporte-profesional/abrir").await;
    let unknown = foundation
        .post(
            "/soporte-profesional/abrir",
            &[
                ("nombre", "Soluciones Norte"),
                ("nombre_corto", "norte"),
                ("correo", "nadie@norte.mx"),
            ],
        )
        .await;
    assert_eq!(unknown.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .body
            .contains("No hay ninguna cuenta con ese correo")
    );
    assert!(
        unknown.body.contains(r#"value="Soluciones Norte""#),
        "what was written is kept"
    );
    let opened = foundation
        .post(
            "/soporte-profesional/abrir",
            &[
                ("nombre", "Soluciones Norte"),
                ("nombre_corto", "norte"),
                ("correo", "ada@norte.mx"),
            ],
        )
        .await;
    assert_eq!(opened.status, Http::SEE_OTHER, "{}", opened.body);
    // Foundation staff host the desk but do not keep it.
    assert_eq!(
        foundation
            .get("/soporte-profesional/mesa/norte/administrar")
            .await
            .status,
        Http::NOT_FOUND
    );

    let ada = signed_in(&app, "ada@norte.mx").await;
    let admin = "/soporte-profesional/mesa/norte/administrar";
    assert_eq!(ada.get(admin).await.status, Http::OK);
    let post = |what: &'static str, fields: Vec<(&'static str, String)>| {
        let ada = &ada;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            ada.post(&format!("{admin}/{what}"), &fields).await
        }
    };
    let s = |text: &str| text.to_owned();
    assert_eq!(
        post(
            "personas",
            vec![("correo", s("luis@norte.mx")), ("rol", s("agent"))]
        )
        .await
        .status,
        Http::SEE_OTHER
    );
    ada.get(admin).await;
    // A calendar with overlapping hours is refused with its own message; the text stays.
    let overlapping = r#"{"kind":"business","zone":"America/Tijuana","hours":{"mon":[["09:00","14:00"],["13:00","18:00"]]},"mx_statutory_holidays":true}"#;
    let refused = post(
        "calendarios",
        vec![("nombre", s("Planta")), ("calendario", s(overlapping))],
    )
    .await;
    assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            "En el horario del lunes los intervalos 09:00–14:00 y 13:00–18:00 se enciman."
        ),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("13:00"),
        "the calendar written is kept"
    );
    let unknown_zone = post(
        "calendarios",
        vec![
            ("nombre", s("Planta")),
            (
                "calendario",
                s(&overlapping.replace("America/Tijuana", "Europe/Madrid")),
            ),
        ],
    )
    .await;
    assert!(
        unknown_zone
            .body
            .contains("«Europe/Madrid» no es una zona horaria de México.")
    );
    let weekdays = r#"{"kind":"business","zone":"America/Tijuana","hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},"mx_statutory_holidays":true}"#;
    assert_eq!(
        post(
            "calendarios",
            vec![("nombre", s("Planta")), ("calendario", s(weekdays))]
        )
        .await
        .status,
        Http::SEE_OTHER
    );
    let mut plan = vec![("nombre", s("Estándar"))];
    for (level, values) in [
        ("1", ["30", "60", "240"]),
        ("2", ["60", "240", "960"]),
        ("3", ["240", "480", "2700"]),
        ("4", ["480", "1440", "5400"]),
    ] {
        let names: [&'static str; 3] = match level {
            "1" => ["p1_respuesta", "p1_actualizacion", "p1_solucion"],
            "2" => ["p2_respuesta", "p2_actualizacion", "p2_solucion"],
            "3" => ["p3_respuesta", "p3_actualizacion", "p3_solucion"],
            _ => ["p4_respuesta", "p4_actualizacion", "p4_solucion"],
        };
        for (name, value) in names.into_iter().zip(values) {
            plan.push((name, s(value)));
        }
    }
    let mut bad_plan = plan.clone();
    bad_plan[1].1 = s("-5");
    assert_eq!(
        post("planes", bad_plan).await.status,
        Http::UNPROCESSABLE_ENTITY
    );
    assert_eq!(post("planes", plan).await.status, Http::SEE_OTHER);
    let page = ada.get(admin).await;
    assert!(page.body.contains("Estándar") && page.body.contains("960 min"));
    let luis_id = desk::user_by_email(&app.state().db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        post(
            "organizaciones",
            vec![
                ("nombre", s("Maquiladora")),
                ("zona", s("America/Tijuana")),
                ("gerente", luis_id.to_string()),
                ("telefono", s("+52 664 123 4567")),
                ("whatsapp", s(""))
            ]
        )
        .await
        .status,
        Http::SEE_OTHER
    );
    let bad_zone = post(
        "organizaciones",
        vec![("nombre", s("Otra")), ("zona", s("America/Bogota"))],
    )
    .await;
    assert!(bad_zone.body.contains("Elige una zona horaria de México."));
    let db = &app.state().db;
    let partner = desk::partner_by_slug(db, "norte").await.unwrap().unwrap();
    let organization = desk::organizations(db, partner.id).await.unwrap()[0].id;
    let plan_id = desk::plans(db, partner.id).await.unwrap()[0].0;
    let calendar_id = desk::calendars(db, partner.id).await.unwrap()[0].0;
    assert_eq!(
        post(
            "clientes",
            vec![
                ("organizacion", organization.to_string()),
                ("correo", s("jorge@maquila.mx"))
            ]
        )
        .await
        .status,
        Http::SEE_OTHER
    );
    let contract = |start: &str, end: &str, plan: String| {
        vec![
            ("nombre", s("Soporte 2026")),
            ("organizacion", organization.to_string()),
            ("plan", plan),
            ("calendario", calendar_id.to_string()),
            ("horas_remotas", s("40")),
            ("horas_sitio", s("16")),
            ("inicio", s(start)),
            ("fin", s(end)),
            ("aviso", s("30")),
        ]
    };
    let backwards = post(
        "contratos",
        contract("2026-12-31", "2026-01-01", plan_id.to_string()),
    )
    .await;
    assert_eq!(backwards.status, Http::UNPROCESSABLE_ENTITY);
    assert!(
        backwards
            .body
            .contains("El contrato no puede terminar antes de empezar.")
    );
    let foreign = post(
        "contratos",
        contract("2020-01-01", "2199-12-31", s("999999")),
    )
    .await;
    assert!(
        foreign
            .body
            .contains("Elige una organización, un plan y un calendario de esta mesa.")
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM desk_contracts")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing half-written");
    assert_eq!(
        post(
            "contratos",
            contract("2020-01-01", "2199-12-31", plan_id.to_string())
        )
        .await
        .status,
        Http::SEE_OTHER
    );

    // The customer's ticket runs on that calendar: its first response falls due
    // within Tijuana's weekday hours.
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &organization.to_string()),
                ("asunto", "No imprime"),
                ("prioridad", "2"),
                ("descripcion", "La Zebra no imprime."),
            ],
        )
        .await;
    let path = opened.location.unwrap();
    let page = jorge.get(&path).await;
    assert!(
        page.body.contains("Soporte 2026 · Estándar · Planta"),
        "{}",
        page.body
    );
    let due = page.body.split(r#"<time datetime=""#).nth(1).unwrap();
    let due: jiff::Timestamp = due[..due.find('"').unwrap()].parse().unwrap();
    let local = due.to_zoned(jiff::tz::TimeZone::get("America/Tijuana").unwrap());
    let minutes = i32::from(local.hour()) * 60 + i32::from(local.minute());
    assert!(
        (9 * 60 + 1..=18 * 60).contains(&minutes),
        "due {local} outside 09:00–18:00"
    );
    assert!(!matches!(
        local.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ));
    // Other desks' people do not reach this administration.
    let luis = signed_in(&app, "luis@norte.mx").await;
    assert_eq!(
        luis.get(admin).await.status,
        Http::NOT_FOUND,
        "agents do not administer"
    );
    app.stop().await;
}
both!(an_admin_keeps_the_desk_and_its_calendar_sets_the_clocks);

async fn the_api_opens_reads_and_moves_tickets_within_the_callers_reach(backend: Backend) {
    use reqwest::Method;
    use soporte_platform::accounts::api_tokens::Scope;

    use crate::support::{api_token, send_json};

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    desk_of(
        &app,
        "sur",
        [
            "sara@sur.mx",
            "beto@sur.mx",
            "carla@sur-cliente.mx",
            "dario@sur-cliente.mx",
        ],
    )
    .await;
    async fn token(app: &TestServer, email: &str, scope: Scope) -> String {
        let user = desk::user_by_email(&app.state().db, email)
            .await
            .unwrap()
            .unwrap();
        api_token(app, user, scope).await
    }
    let jorge = token(&app, "jorge@maquila.mx", Scope::Write).await;
    let jorge_read = token(&app, "jorge@maquila.mx", Scope::Read).await;
    let luis = token(&app, "luis@norte.mx", Scope::Write).await;
    let beto = token(&app, "beto@sur.mx", Scope::Write).await;
    let elena = token(&app, "elena@hospital.mx", Scope::Write).await;

    // A read token cannot open; a customer opens for their organization.
    let body = json!({"organization": north.tijuana.get(), "subject": "El VPN no conecta",
        "description": "Desde la mañana el VPN de planta rechaza las conexiones.", "priority": 2,
        "external_id": "crm-4412"});
    let (status, _) = send_json(
        &app,
        Method::POST,
        "/api/v1/desk/tickets",
        Some(&jorge_read),
        body.clone(),
    )
    .await;
    assert_eq!(status, Http::FORBIDDEN);
    let (status, opened) = send_json(
        &app,
        Method::POST,
        "/api/v1/desk/tickets",
        Some(&jorge),
        body.clone(),
    )
    .await;
    assert_eq!(status, Http::CREATED, "{opened}");
    let id = opened["id"].as_i64().unwrap();
    assert_eq!(opened["number"], 1);
    // Another organization's customer, another desk's agent: not found.
    for other in [&elena, &beto] {
        let (status, _) = send_json(
            &app,
            Method::POST,
            "/api/v1/desk/tickets",
            Some(other),
            body.clone(),
        )
        .await;
        assert_eq!(status, Http::NOT_FOUND);
        let (status, _) = send_json(
            &app,
            Method::GET,
            &format!("/api/v1/desk/tickets/{id}"),
            Some(other),
            Value::Null,
        )
        .await;
        assert_eq!(status, Http::NOT_FOUND);
        let (status, _) = send_json(
            &app,
            Method::POST,
            &format!("/api/v1/desk/tickets/{id}/messages"),
            Some(other),
            json!({"body": "hola"}),
        )
        .await;
        assert_eq!(status, Http::NOT_FOUND);
        let (status, _) = send_json(
            &app,
            Method::POST,
            &format!("/api/v1/desk/tickets/{id}/status"),
            Some(other),
            json!({"status": "resolved"}),
        )
        .await;
        assert_eq!(status, Http::NOT_FOUND);
    }
    let (status, _) = send_json(
        &app,
        Method::GET,
        "/api/v1/desk/tickets?partner=norte",
        Some(&beto),
        Value::Null,
    )
    .await;
    assert_eq!(status, Http::NOT_FOUND);
    let (_, beto_list) = send_json(
        &app,
        Method::GET,
        "/api/v1/desk/tickets?partner=sur",
        Some(&beto),
        Value::Null,
    )
    .await;
    assert_eq!(beto_list["tickets"], json!([]));

    // The agent sees it in the queue, notes, answers; the customer reads the answer
    // and the clocks, never the note.
    let (_, queue) = send_json(
        &app,
        Method::GET,
        "/api/v1/desk/tickets?partner=norte",
        Some(&luis),
        Value::Null,
    )
    .await;
    assert_eq!(queue["tickets"][0]["subject"], "El VPN no conecta");
    let (status, _) = send_json(
        &app,
        Method::POST,
        &format!("/api/v1/desk/tickets/{id}/messages"),
        Some(&luis),
        json!({"body": "Revisar el certificado", "internal": true}),
    )
    .await;
    assert_eq!(status, Http::CREATED);
    let (status, _) = send_json(
        &app,
        Method::POST,
        &format!("/api/v1/desk/tickets/{id}/messages"),
        Some(&luis),
        json!({"body": "Renovamos el certificado del VPN; ¿puede probar?"}),
    )
    .await;
    assert_eq!(status, Http::CREATED);
    // A customer cannot write internal notes.
    let (status, _) = send_json(
        &app,
        Method::POST,
        &format!("/api/v1/desk/tickets/{id}/messages"),
        Some(&jorge),
        json!({"body": "nota", "internal": true}),
    )
    .await;
    assert_eq!(status, Http::FORBIDDEN);
    let (_, ticket) = send_json(
        &app,
        Method::GET,
        &format!("/api/v1/desk/tickets/{id}"),
        Some(&jorge_read),
        Value::Null,
    )
    .await;
    assert_eq!(ticket["status"], "open");
    assert_eq!(ticket["channel"], "api");
    let messages = ticket["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2, "{ticket}");
    assert!(messages.iter().all(|m| m["internal"] == false));
    assert_eq!(ticket["sla"][0]["target"], "first_response");
    assert!(ticket["sla"][0]["met"].is_string());
    assert_eq!(ticket["sla"][0]["breached"], false);
    let (_, agent_view) = send_json(
        &app,
        Method::GET,
        &format!("/api/v1/desk/tickets/{id}"),
        Some(&luis),
        Value::Null,
    )
    .await;
    assert_eq!(agent_view["messages"].as_array().unwrap().len(), 3);
    // The message recorded its channel and external id.
    let external: Option<String> = sqlx::query_scalar(
        "SELECT external_id FROM desk_messages WHERE ticket_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(id)
    .fetch_one(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(external.as_deref(), Some("crm-4412"));

    // Moves follow the table: a customer cannot put it in Pendiente del cliente; the
    // agent can; the customer resolves; closing again is a conflict for the customer.
    let path = format!("/api/v1/desk/tickets/{id}/status");
    let (status, _) = send_json(
        &app,
        Method::POST,
        &path,
        Some(&jorge),
        json!({"status": "pending-customer"}),
    )
    .await;
    assert_eq!(status, Http::CONFLICT);
    let (status, moved) = send_json(
        &app,
        Method::POST,
        &path,
        Some(&luis),
        json!({"status": "pending-customer"}),
    )
    .await;
    assert_eq!(
        (status, moved["status"].as_str()),
        (Http::OK, Some("pending-customer"))
    );
    let (_, paused) = send_json(
        &app,
        Method::GET,
        &format!("/api/v1/desk/tickets/{id}"),
        Some(&jorge),
        Value::Null,
    )
    .await;
    let resolution = paused["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["target"] == "resolution")
        .unwrap()
        .clone();
    assert_eq!(resolution["paused"], true);
    let (status, _) = send_json(
        &app,
        Method::POST,
        &path,
        Some(&jorge),
        json!({"status": "resolved"}),
    )
    .await;
    assert_eq!(status, Http::OK);
    let (status, _) = send_json(
        &app,
        Method::POST,
        &path,
        Some(&jorge),
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(status, Http::CONFLICT);
    // Bad input: a subject of spaces, an unknown field, no token.
    let (status, _) = send_json(
        &app,
        Method::POST,
        "/api/v1/desk/tickets",
        Some(&jorge),
        json!({"organization": north.tijuana.get(), "subject": "   ", "description": "x"}),
    )
    .await;
    assert_eq!(status, Http::UNPROCESSABLE_ENTITY);
    let (status, _) = send_json(&app, Method::POST, "/api/v1/desk/tickets", None, body).await;
    assert_eq!(status, Http::UNAUTHORIZED);
    // The API is in the published description.
    let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"]["/desk/tickets/{id}"]["get"].is_object());
    app.stop().await;
}
both!(the_api_opens_reads_and_moves_tickets_within_the_callers_reach);

async fn breaches_are_recorded_once_and_escalated_once_to_each_person(backend: Backend) {
    use soporte_desk::escalate;
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};
    use soporte_platform::jobs::{Job, JobHandler};

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let state = app.state().clone();
    let db = &state.db;
    let luis = desk::user_by_email(db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let ada = desk::user_by_email(db, "ada@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let jorge = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    let team = desk::add_team(db, north.partner, "Guardia", Some(ada), &[ada, luis])
        .await
        .unwrap();
    // A P2 ticket opened three hours ago on the 24x7 contract: its first response (an
    // hour) is breached; assigned to Luis, who is also the account manager.
    let subject = Subject::parse("El servidor de nómina no responde").unwrap();
    let body = Body::parse("No carga desde la mañana.").unwrap();
    let opened_at = now_ms() - 3 * 60 * 60 * 1000;
    let (ticket, _) = desk::open_ticket(
        db,
        desk::NewTicket {
            partner: north.partner,
            organization: north.tijuana,
            requester: jorge,
            subject: subject.clone(),
            body: body.clone(),
            priority: Priority::new(2).unwrap(),
            channel: Channel::Portal,
            external_id: None,
            author: jorge,
            side: Mover::Customer,
            tags: Vec::new(),
            files: Vec::new(),
            origin: None,
        },
        opened_at,
    )
    .await
    .unwrap();
    desk::triage(
        db,
        ticket,
        &desk::Triage {
            priority: Priority::new(2).unwrap(),
            assignee: Some(luis),
            team: Some(team),
            tags: Default::default(),
        },
        ada,
        now_ms(),
    )
    .await
    .unwrap();

    // One watch queues one escalation for the breached first response; a second
    // watch queues nothing.
    assert_eq!(escalate::watch_once(&state).await.unwrap(), 1);
    assert_eq!(escalate::watch_once(&state).await.unwrap(), 0);
    let breaches: Vec<(String, i64)> =
        sqlx::query_as("SELECT target, due_at FROM desk_breaches WHERE ticket_id = $1")
            .bind(ticket)
            .fetch_all(db.pool())
            .await
            .unwrap();
    // The clock counts whole seconds.
    assert_eq!(
        breaches,
        vec![(
            "first_response".to_owned(),
            opened_at / 1000 * 1000 + 60 * 60 * 1000
        )]
    );

    // The job tells the assignee (also the account manager) and the team's lead, once
    // each; the requester hears nothing.
    let notices = |user: soporte_platform::storage::UserId| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT text FROM notifications WHERE user_id = $1 AND text LIKE '%meta%' ORDER BY id",
            )
            .bind(user)
            .fetch_all(db.pool())
            .await
            .unwrap()
        }
    };
    let told = crate::support::eventually(
        std::time::Duration::from_secs(20),
        "the escalation is told",
        || async {
            let (luis_notices, ada_notices) = (notices(luis).await, notices(ada).await);
            (!luis_notices.is_empty() && !ada_notices.is_empty())
                .then_some((luis_notices, ada_notices))
        },
    )
    .await;
    assert_eq!(told.0.len(), 1, "{:?}", told.0);
    assert_eq!(told.1.len(), 1);
    assert!(
        told.0[0].starts_with("El ticket #1 de Maquiladora venció su meta de Primera respuesta"),
        "{}",
        told.0[0]
    );
    assert!(notices(jorge).await.is_empty());

    // A worker that died after telling and before finishing: the job runs again and
    // tells nobody twice.
    let alert: i64 = sqlx::query_scalar("SELECT id FROM desk_alerts WHERE ticket_id = $1")
        .bind(ticket)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let handler = escalate::Alerter {
        state: state.clone(),
    };
    let job = Job {
        id: 0,
        kind: escalate::KIND.to_owned(),
        payload: format!("{{\"alert\":{alert}}}"),
        attempt: 2,
        max_attempts: 8,
    };
    handler.run(&job).await.unwrap();
    handler.run(&job).await.unwrap();
    assert_eq!(notices(luis).await.len(), 1);
    assert_eq!(notices(ada).await.len(), 1);
    let mails: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%venció%'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(mails, 2);
    app.stop().await;
}
both!(breaches_are_recorded_once_and_escalated_once_to_each_person);

async fn time_worked_counts_against_the_contract_and_warns_at_eighty_percent(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "Migrar el servidor de archivos"),
                ("prioridad", "4"),
                ("descripcion", "Queremos migrarlo al nuevo equipo."),
            ],
        )
        .await;
    let path = opened.location.unwrap();
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get(&path).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM desk_time_entries")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap()
    };
    // Negative, absurd and unreadable lengths: refused in words, nothing written.
    for (length, said) in [
        ("-30", "La duración debe ser de al menos un minuto."),
        ("40:00", "Una sola entrada puede durar a lo más 36 horas"),
        (
            "hora y media",
            "Escribe la duración en minutos (90) o en horas y minutos (1:30).",
        ),
    ] {
        let refused = luis
            .post(
                &format!("{path}/tiempo"),
                &[("tipo", "remote"), ("duracion", length), ("nota", "")],
            )
            .await;
        assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY, "{length}");
        assert!(refused.body.contains(said), "{length}: {}", refused.body);
    }
    assert_eq!(count().await, 0);
    // A customer cannot log time.
    jorge.get(&path).await;
    let theirs = jorge
        .post(
            &format!("{path}/tiempo"),
            &[("tipo", "remote"), ("duracion", "60")],
        )
        .await;
    assert_eq!(theirs.status, Http::FORBIDDEN);

    // 30 h of the 40 remote: no warning yet; 2 h more reaches 80 %: the account
    // manager (Luis) is told once, and both sides see the warning.
    let logged = luis
        .post(
            &format!("{path}/tiempo"),
            &[
                ("tipo", "remote"),
                ("duracion", "30:00"),
                ("nota", "Respaldo y copia"),
            ],
        )
        .await;
    assert_eq!(logged.status, Http::SEE_OTHER);
    let page = luis.get(&path).await;
    assert!(
        page.body
            .contains("soporte remoto: 30 h usadas de 40 h (quedan 10 h)"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Ya se usó"));
    luis.post(
        &format!("{path}/tiempo"),
        &[("tipo", "remote"), ("duracion", "120"), ("nota", "")],
    )
    .await;
    luis.post(
        &format!("{path}/tiempo"),
        &[("tipo", "onsite"), ("duracion", "1:30"), ("nota", "Visita")],
    )
    .await;
    luis.post(
        &format!("{path}/tiempo"),
        &[("tipo", "remote"), ("duracion", "60"), ("nota", "")],
    )
    .await;
    assert_eq!(count().await, 4);
    let page = jorge.get(&path).await;
    assert!(
        page.body
            .contains("soporte remoto: 33 h usadas de 40 h (quedan 7 h)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("soporte en sitio: 1 h 30 min usadas de 16 h (quedan 14 h 30 min)")
    );
    assert!(
        page.body
            .contains("Ya se usó el 82 % de las horas de soporte remoto incluidas en el contrato.")
    );
    assert!(
        !page.body.contains("Respaldo y copia"),
        "time entries are the desk's"
    );
    let portal = jorge.get("/soporte-profesional/portal").await;
    assert!(portal.body.contains("quedan 7 h"));
    let luis_id = desk::user_by_email(&app.state().db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let warned: Vec<String> = sqlx::query_scalar(
        "SELECT text FROM notifications WHERE user_id = $1 AND text LIKE 'Ya se usó%'",
    )
    .bind(luis_id)
    .fetch_all(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(
        warned,
        vec![
            "Ya se usó el 80 % de las horas de soporte remoto incluidas en el contrato.".to_owned()
        ]
    );
    app.stop().await;
}
both!(time_worked_counts_against_the_contract_and_warns_at_eighty_percent);

async fn a_customer_takes_their_forum_question_to_their_partners_desk(backend: Backend) {
    use crate::forum::{ask, category};

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let db = app.state().db.clone();
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    for email in ["jorge@maquila.mx", "elena@hospital.mx"] {
        let id = desk::user_by_email(&db, email).await.unwrap().unwrap();
        soporte_platform::accounts::roles::change_roles(&db, id, &[Role::Member], &[], None)
            .await
            .unwrap();
        soporte_forum::trust::history(&db, id, 3, 30).await.unwrap();
    }
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let printers = category(&staff, "Impresoras").await;
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    let topic = ask(
        &jorge,
        &printers,
        "La Zebra de la línea 3 no imprime etiquetas",
        "Desde ayer no imprime. ¿Alguien sabe por qué?",
    )
    .await;
    let topic_id = topic
        .rsplit('/')
        .next()
        .unwrap()
        .split(['-', '#', '?'])
        .next()
        .unwrap()
        .to_owned();

    // Only the asker, a customer, is offered to take it to their provider.
    let page = jorge.get(&topic).await;
    let href = format!("/soporte-profesional/portal/nuevo?desde=topic:{topic_id}");
    assert!(page.body.contains("Llevar a mi proveedor"), "{}", page.body);
    assert!(page.body.contains(&href.replace('&', "&amp;")));
    let elena = signed_in(&app, "elena@hospital.mx").await;
    assert!(
        !elena
            .get(&topic)
            .await
            .body
            .contains("Llevar a mi proveedor"),
        "not her question"
    );
    // Someone else's question is not taken in, even by its address.
    let theirs = elena.get(&href).await;
    assert!(
        !theirs.body.contains("La Zebra de la línea 3"),
        "nothing pre-filled for another person"
    );

    let form = jorge.get(&href).await;
    assert!(
        form.body
            .contains(r#"value="La Zebra de la línea 3 no imprime etiquetas""#),
        "{}",
        form.body
    );
    assert!(form.body.contains("Desde ayer no imprime."));
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "La Zebra de la línea 3 no imprime etiquetas"),
                ("prioridad", "2"),
                ("descripcion", "Desde ayer no imprime."),
                ("desde", &format!("topic:{topic_id}")),
            ],
        )
        .await;
    assert_eq!(opened.status, Http::SEE_OTHER, "{}", opened.body);
    let path = opened.location.unwrap();
    let ticket_id = path.rsplit('/').next().unwrap();
    let linked: Vec<(String, i64, String, String, i64)> =
        sqlx::query_as("SELECT from_kind, from_id, kind, to_kind, to_id FROM links")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(
        linked,
        vec![(
            "topic".to_owned(),
            topic_id.parse().unwrap(),
            soporte_platform::links::LinkKind::EscalatedTo
                .as_str()
                .to_owned(),
            "ticket".to_owned(),
            ticket_id.parse().unwrap()
        )]
    );
    // The ticket says where it came from; the public question does not reveal it.
    let ticket = jorge.get(&path).await;
    assert!(
        ticket
            .body
            .contains("La Zebra de la línea 3 no imprime etiquetas</a>"),
        "{}",
        ticket.body
    );
    for viewer in [Browser::new(&app), elena, jorge] {
        let page = viewer.get(&topic).await;
        assert!(!page.body.contains(&path), "the question shows the ticket");
        assert!(!page.body.contains("Se llevó a"));
    }
    app.stop().await;
}
both!(a_customer_takes_their_forum_question_to_their_partners_desk);

async fn a_resolved_ticket_asks_its_requester_once_by_mail_and_on_its_page(backend: Backend) {
    use soporte_desk::escalate;

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let state = app.state().clone();
    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "No hay red en recepción"),
                ("prioridad", "3"),
                ("descripcion", "El equipo de recepción no tiene red."),
            ],
        )
        .await;
    let path = opened.location.unwrap();
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get(&path).await;
    luis.post(
        &format!("{path}/responder"),
        &[("mensaje", "Cambiamos el cable del nodo 14.")],
    )
    .await;
    assert_eq!(
        luis.post(&format!("{path}/estado"), &[("estado", "resolved")])
            .await
            .status,
        Http::SEE_OTHER
    );

    // The watch sends the survey once: a mail with one link per rating.
    escalate::watch_once(&state).await.unwrap();
    escalate::watch_once(&state).await.unwrap();
    let mails: Vec<(String, String)> = sqlx::query_as(
        "SELECT to_address, body_text FROM mail_outbox WHERE subject LIKE '%¿Cómo te atendimos?%'",
    )
    .fetch_all(state.db.pool())
    .await
    .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].0.contains("jorge@maquila.mx"));
    let good = mails[0]
        .1
        .lines()
        .find(|line| line.starts_with("Buena: "))
        .unwrap();
    let link = good.trim_start_matches("Buena: ");
    let survey_path = &link[link.find("/soporte-profesional/encuesta/").unwrap()..];
    assert!(survey_path.ends_with("/4"), "{survey_path}");

    // One click, without signing in, records the rating; the page takes a comment.
    let visitor = Browser::new(&app);
    let clicked = visitor.get(survey_path).await;
    assert_eq!(clicked.status, Http::OK, "{}", clicked.body);
    assert!(
        clicked
            .body
            .contains("¡Gracias! Guardamos tu calificación.")
    );
    assert_eq!(clicked.headers["referrer-policy"], "no-referrer");
    let token_path = survey_path.trim_end_matches("/4");
    let commented = visitor
        .post(
            token_path,
            &[
                ("calificacion", "5"),
                ("comentario", "Muy rápidos, gracias."),
            ],
        )
        .await;
    assert_eq!(commented.status, Http::OK);
    assert!(commented.body.contains("¡Gracias por tu opinión!"));
    let answer: (Option<i64>, String) = sqlx::query_as("SELECT rating, comment FROM desk_surveys")
        .fetch_one(state.db.pool())
        .await
        .unwrap();
    assert_eq!(answer, (Some(5), "Muy rápidos, gracias.".to_owned()));
    // A made-up token or rating is not found.
    assert_eq!(
        visitor
            .get("/soporte-profesional/encuesta/inventado/4")
            .await
            .status,
        Http::NOT_FOUND
    );
    assert_eq!(
        visitor.get(&format!("{token_path}/9")).await.status,
        Http::NOT_FOUND
    );

    // The desk reads it on the ticket; the customer can change it there.
    let page = luis.get(&path).await;
    assert!(
        page.body
            .contains("Calificación del cliente: Excelente · «Muy rápidos, gracias.»"),
        "{}",
        page.body
    );
    jorge.get(&path).await;
    let changed = jorge
        .post(
            &format!("{path}/encuesta"),
            &[("calificacion", "4"), ("comentario", "Bien.")],
        )
        .await;
    assert_eq!(changed.status, Http::SEE_OTHER);
    assert!(
        luis.get(&path)
            .await
            .body
            .contains("Calificación del cliente: Buena · «Bien.»")
    );
    let agent_rating = luis
        .post(&format!("{path}/encuesta"), &[("calificacion", "5")])
        .await;
    assert_eq!(
        agent_rating.status,
        Http::FORBIDDEN,
        "the desk does not rate itself"
    );
    app.stop().await;
}
both!(a_resolved_ticket_asks_its_requester_once_by_mail_and_on_its_page);

async fn reminders_reopen_on_their_date_and_resolved_tickets_close_after_a_week(backend: Backend) {
    use soporte_desk::escalate;
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Status, Subject};

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let state = app.state().clone();
    let db = &state.db;
    let luis = desk::user_by_email(db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let jorge = desk::user_by_email(db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    let now = now_ms();
    let day = 24 * 60 * 60 * 1000;
    let open = |subject: &'static str, at: i64| {
        let db = db.clone();
        async move {
            let subject = Subject::parse(subject).unwrap();
            let body = Body::parse("Detalle.").unwrap();
            desk::open_ticket(
                &db,
                desk::NewTicket {
                    partner: north.partner,
                    organization: north.tijuana,
                    requester: jorge,
                    subject: subject.clone(),
                    body: body.clone(),
                    priority: Priority::NORMAL,
                    channel: Channel::Portal,
                    external_id: None,
                    author: jorge,
                    side: Mover::Customer,
                    tags: Vec::new(),
                    files: Vec::new(),
                    origin: None,
                },
                at,
            )
            .await
            .unwrap()
            .0
        }
    };
    let reminded = open("Visita programada", now - 2 * day).await;
    let triage = desk::Triage {
        priority: Priority::NORMAL,
        assignee: Some(luis),
        team: None,
        tags: Default::default(),
    };
    desk::triage(db, reminded, &triage, luis, now - 2 * day)
        .await
        .unwrap();
    // A reminder must be in the future when it is set.
    let past = desk::set_status(
        db,
        reminded,
        (Mover::Desk, Some(luis)),
        Status::PendingReminder,
        Some(now - 2 * day),
        now - day,
    )
    .await;
    assert!(matches!(
        past,
        Err(desk::DeskError::Problem("desk-problem-reminder"))
    ));
    desk::set_status(
        db,
        reminded,
        (Mover::Desk, Some(luis)),
        Status::PendingReminder,
        Some(now - 1000),
        now - day,
    )
    .await
    .unwrap();
    let later = open("Revisión mensual", now - 2 * day).await;
    desk::set_status(
        db,
        later,
        (Mover::Desk, Some(luis)),
        Status::PendingReminder,
        Some(now + day),
        now - day,
    )
    .await
    .unwrap();
    let old = open("Caso viejo", now - 10 * day).await;
    desk::set_status(
        db,
        old,
        (Mover::Desk, Some(luis)),
        Status::Resolved,
        None,
        now - 8 * day,
    )
    .await
    .unwrap();
    let recent = open("Caso reciente", now - 3 * day).await;
    desk::set_status(
        db,
        recent,
        (Mover::Desk, Some(luis)),
        Status::Resolved,
        None,
        now - day,
    )
    .await
    .unwrap();

    escalate::watch_once(&state).await.unwrap();
    let status = |id| async move { desk::ticket(db, id).await.unwrap().unwrap().status };
    assert_eq!(status(reminded).await, Status::Open);
    assert_eq!(status(later).await, Status::PendingReminder);
    assert_eq!(status(old).await, Status::Closed);
    assert_eq!(status(recent).await, Status::Resolved);
    let told: Vec<String> = sqlx::query_scalar("SELECT text FROM notifications WHERE user_id = $1")
        .bind(luis)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(
        told.contains(&"Llegó la fecha del recordatorio: el ticket volvió a Abierto.".to_owned()),
        "{told:?}"
    );
    app.stop().await;
}
both!(reminders_reopen_on_their_date_and_resolved_tickets_close_after_a_week);

async fn saved_replies_answer_and_set_fields_and_visits_are_scheduled(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let ada = signed_in(&app, "ada@norte.mx").await;
    let admin = "/soporte-profesional/mesa/norte/administrar";
    ada.get(admin).await;
    for (name, body, status, priority) in [
        (
            "Pedir datos",
            "Hola {cliente}, ¿nos comparte el modelo exacto?",
            "pending-customer",
            "2",
        ),
        ("Cerrar", "Cerramos el ticket.", "closed", ""),
    ] {
        let saved = ada
            .post(
                &format!("{admin}/macros"),
                &[
                    ("nombre", name),
                    ("cuerpo", body),
                    ("estado", status),
                    ("prioridad", priority),
                ],
            )
            .await;
        assert_eq!(saved.status, Http::SEE_OTHER, "{}", saved.body);
    }
    let twice = ada
        .post(
            &format!("{admin}/macros"),
            &[
                ("nombre", "Cerrar"),
                ("cuerpo", "Otra vez."),
                ("estado", ""),
                ("prioridad", ""),
            ],
        )
        .await;
    assert_eq!(twice.status, Http::UNPROCESSABLE_ENTITY);
    let macros = desk::macros(&app.state().db, north.partner).await.unwrap();
    let id_of = |name: &str| {
        macros
            .iter()
            .find(|m| m.name == name)
            .unwrap()
            .id
            .to_string()
    };

    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "No enciende el conmutador"),
                ("prioridad", "3"),
                ("descripcion", "El conmutador del piso 2 no enciende."),
            ],
        )
        .await;
    let path = opened.location.unwrap();
    let luis = signed_in(&app, "luis@norte.mx").await;
    luis.get(&path).await;
    let messages = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM desk_messages")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap()
    };
    // A saved reply whose move the table refuses (Nuevo cannot close): nothing written.
    let refused = luis
        .post(&format!("{path}/macro"), &[("macro_id", &id_of("Cerrar"))])
        .await;
    assert_eq!(refused.status, Http::UNPROCESSABLE_ENTITY);
    assert_eq!(messages().await, 1);
    let applied = luis
        .post(
            &format!("{path}/macro"),
            &[("macro_id", &id_of("Pedir datos"))],
        )
        .await;
    assert_eq!(applied.status, Http::SEE_OTHER);
    let page = jorge.get(&path).await;
    assert!(
        page.body
            .contains("Hola Jorge Cliente, ¿nos comparte el modelo exacto?"),
        "{}",
        page.body
    );
    assert_eq!(status_of(&page.body), "Pendiente del cliente");
    assert!(page.body.contains("P2 · alta"));

    // Visits: a time that is not one is refused; a visit shows on both sides.
    let luis_id = desk::user_by_email(&app.state().db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap()
        .to_string();
    let bad = luis
        .post(
            &format!("{path}/visita"),
            &[
                ("direccion", "Blvd. Agua Caliente 100, Tijuana"),
                ("inicio", "mañana"),
                ("duracion", "2:00"),
                ("agente", &luis_id),
            ],
        )
        .await;
    assert_eq!(bad.status, Http::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Indica la fecha y hora de la visita."));
    let planned = luis
        .post(
            &format!("{path}/visita"),
            &[
                ("direccion", "Blvd. Agua Caliente 100, Tijuana"),
                ("inicio", "2030-03-04T10:30"),
                ("duracion", "2:00"),
                ("agente", &luis_id),
            ],
        )
        .await;
    assert_eq!(planned.status, Http::SEE_OTHER);
    let seen = jorge.get(&path).await;
    assert!(seen.body.contains("04/03/2030 10:30, hora de Tijuana · Blvd. Agua Caliente 100, Tijuana · Luis Agente · 2 h"), "{}", seen.body);
    assert_eq!(
        jorge
            .post(
                &format!("{path}/visita"),
                &[
                    ("direccion", "x"),
                    ("inicio", "2030-03-04T10:30"),
                    ("duracion", "60")
                ]
            )
            .await
            .status,
        Http::FORBIDDEN
    );
    app.stop().await;
}
both!(saved_replies_answer_and_set_fields_and_visits_are_scheduled);

async fn the_monthly_report_counts_compliance_and_exports_safe_csv(backend: Backend) {
    use soporte_desk::ticket::{Body, Channel, Mover, Priority, Subject};

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let db = app.state().db.clone();
    let luis = desk::user_by_email(&db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let jorge = desk::user_by_email(&db, "jorge@maquila.mx")
        .await
        .unwrap()
        .unwrap();
    let now = now_ms();
    // Two P2 tickets (first response: an hour, 24x7), opened this month: one answered
    // after 20 minutes, one after two hours.
    let hour = 60 * 60 * 1000;
    let opened = now - 3 * hour;
    // The month (UTC) they were opened in.
    let month = jiff::Timestamp::from_millisecond(opened)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m")
        .to_string();
    for (subject, answer_after) in [("Rápido", 20 * 60 * 1000), ("Lento", 2 * hour)] {
        let subject = Subject::parse(&format!("Ticket {subject}")).unwrap();
        let body = Body::parse("Detalle.").unwrap();
        let (id, _) = desk::open_ticket(
            &db,
            desk::NewTicket {
                partner: north.partner,
                organization: north.tijuana,
                requester: jorge,
                subject: subject.clone(),
                body: body.clone(),
                priority: Priority::new(2).unwrap(),
                channel: Channel::Portal,
                external_id: None,
                author: jorge,
                side: Mover::Customer,
                tags: Vec::new(),
                files: Vec::new(),
                origin: None,
            },
            opened,
        )
        .await
        .unwrap();
        let reply = Body::parse("Respuesta.").unwrap();
        desk::add_message(
            &db,
            id,
            &desk::NewMessage {
                author: luis,
                side: Mover::Desk,
                visibility: desk::Visibility::Public,
                channel: Channel::Agent,
                external_id: None,
                body: &reply,
                files: &[],
            },
            opened + answer_after,
        )
        .await
        .unwrap();
    }
    let ada = signed_in(&app, "ada@norte.mx").await;
    let report = ada
        .get(&format!(
            "/soporte-profesional/mesa/norte/informe?mes={month}"
        ))
        .await;
    assert_eq!(report.status, Http::OK, "{}", report.body);
    assert!(
        report.body.contains("2 tickets abiertos en el mes."),
        "{}",
        report.body
    );
    let first_row = report
        .body
        .split("<th scope=\"row\">Primera respuesta</th>")
        .nth(1)
        .unwrap();
    assert!(
        first_row.starts_with("<td>1</td><td>1</td><td>0</td><td>50 %</td>"),
        "{first_row}"
    );
    assert!(
        report
            .body
            .contains("<figure class=\"bars\" aria-labelledby=\"chart-compliance\">")
    );
    assert!(
        report
            .body
            .contains("<span class=\"bar-label\">Primera respuesta</span><svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 300 18\" preserveAspectRatio=\"none\"><rect width=\"150\""),
        "a bar of 50 % for the first response"
    );
    // Medians of business time (24x7 here): 20 min and 2 h give the lower middle, 20 min.
    assert!(report.body.contains("<dd>20 min</dd>"), "{}", report.body);

    let csv = ada
        .get(&format!(
            "/soporte-profesional/mesa/norte/informe.csv?mes={month}"
        ))
        .await;
    assert_eq!(csv.status, Http::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    let rows: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0].contains("Primera respuesta vencida"));
    assert!(
        rows[1].starts_with("1,Maquiladora,P2,open,") && rows[1].contains(",no,"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains(",sí,"), "{}", rows[2]);
    // A name that looks like a formula is not run by a spreadsheet.
    sqlx::query("UPDATE desk_organizations SET name = '=HYPERLINK(\"x\")' WHERE id = $1")
        .bind(north.tijuana)
        .execute(db.pool())
        .await
        .unwrap();
    let again = ada
        .get(&format!(
            "/soporte-profesional/mesa/norte/informe.csv?mes={month}"
        ))
        .await;
    assert!(
        again.body.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "{}",
        again.body
    );
    // Agents and other desks do not read the report.
    let luis_browser = signed_in(&app, "luis@norte.mx").await;
    assert_eq!(
        luis_browser
            .get("/soporte-profesional/mesa/norte/informe")
            .await
            .status,
        Http::NOT_FOUND
    );
    assert_eq!(
        luis_browser
            .get("/soporte-profesional/mesa/norte/informe.csv")
            .await
            .status,
        Http::NOT_FOUND
    );
    app.stop().await;
}
both!(the_monthly_report_counts_compliance_and_exports_safe_csv);

async fn a_critical_ticket_opens_an_incident_with_its_on_call_timeline_and_summary(
    backend: Backend,
) {
    use soporte_desk::escalate;

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let state = app.state().clone();
    let db = state.db.clone();
    let luis = desk::user_by_email(&db, "luis@norte.mx")
        .await
        .unwrap()
        .unwrap();
    let ada = desk::user_by_email(&db, "ada@norte.mx")
        .await
        .unwrap()
        .unwrap();
    // Luis is on call around the clock.
    let ada_browser = signed_in(&app, "ada@norte.mx").await;
    let admin = "/soporte-profesional/mesa/norte/administrar";
    ada_browser.get(admin).await;
    let calendar = desk::calendars(&db, north.partner).await.unwrap()[0].0;
    let rota = ada_browser
        .post(
            &format!("{admin}/guardia"),
            &[
                ("persona", &luis.to_string()),
                ("calendario", &calendar.to_string()),
            ],
        )
        .await;
    assert_eq!(rota.status, Http::SEE_OTHER, "{}", rota.body);

    let jorge = signed_in(&app, "jorge@maquila.mx").await;
    jorge.get("/soporte-profesional/portal/nuevo").await;
    let opened = jorge
        .post(
            "/soporte-profesional/portal/nuevo",
            &[
                ("organizacion", &north.tijuana.to_string()),
                ("asunto", "La planta está detenida"),
                ("prioridad", "1"),
                ("descripcion", "Ningún equipo de la línea arranca."),
            ],
        )
        .await;
    let path = opened.location.unwrap();
    let notices = |user: soporte_platform::storage::UserId| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT text FROM notifications WHERE user_id = $1 AND text LIKE 'Incidente%' ORDER BY id",
            )
            .bind(user)
            .fetch_all(db.pool())
            .await
            .unwrap()
        }
    };
    let told = crate::support::eventually(
        std::time::Duration::from_secs(20),
        "the on-call person is told",
        || async {
            let told = notices(luis).await;
            (!told.is_empty()).then_some(told)
        },
    )
    .await;
    assert_eq!(
        told,
        vec![
            "Incidente crítico: el ticket #1 de Maquiladora está abierto con prioridad P1."
                .to_owned()
        ]
    );
    assert!(notices(ada).await.is_empty(), "only those on call");
    escalate::watch_once(&state).await.unwrap();
    assert_eq!(notices(luis).await.len(), 1, "told once");

    // The customer sees the incident; an update falls due after its cadence.
    let page = jorge.get(&path).await;
    assert!(
        page.body.contains("Incidente crítico")
            && page
                .body
                .contains("Todavía no hay actualizaciones publicadas.")
    );
    sqlx::query("UPDATE desk_incidents SET started_at = started_at - 31 * 60 * 1000")
        .execute(db.pool())
        .await
        .unwrap();
    escalate::watch_once(&state).await.unwrap();
    escalate::watch_once(&state).await.unwrap();
    let due = crate::support::eventually(
        std::time::Duration::from_secs(20),
        "the update reminder",
        || async {
            let told = notices(luis).await;
            (told.len() == 2).then_some(told)
        },
    )
    .await;
    assert!(
        due[1].starts_with("Incidente crítico: toca publicar una actualización del ticket #1"),
        "{}",
        due[1]
    );

    // The desk publishes an update; the customer reads the timeline.
    let luis_browser = signed_in(&app, "luis@norte.mx").await;
    luis_browser.get(&path).await;
    let update = luis_browser
        .post(
            &format!("{path}/incidente"),
            &[
                (
                    "texto",
                    "Reiniciamos el controlador principal; la línea 1 ya arrancó.",
                ),
                ("cadencia", "120"),
            ],
        )
        .await;
    assert_eq!(update.status, Http::SEE_OTHER);
    // The next update is now due two hours after this one, as the desk chose.
    let cadence: i64 =
        sqlx::query_scalar("SELECT cadence_minutes FROM desk_incidents WHERE ticket_id = $1")
            .bind(path.rsplit('/').next().unwrap().parse::<i64>().unwrap())
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(cadence, 120);
    let desk_view = luis_browser.get(&path).await;
    assert!(
        desk_view
            .body
            .contains("<option value=\"120\" selected>en 120 minutos</option>"),
        "the desk sees the cadence it chose"
    );
    let odd = luis_browser
        .post(
            &format!("{path}/incidente"),
            &[("texto", "Otra actualización"), ("cadencia", "7")],
        )
        .await;
    assert_eq!(odd.status, Http::UNPROCESSABLE_ENTITY);
    assert!(odd.body.contains("Elige cada cuánto"));
    assert!(
        jorge
            .get(&path)
            .await
            .body
            .contains("Reiniciamos el controlador principal")
    );
    assert_eq!(
        jorge
            .post(&format!("{path}/incidente"), &[("texto", "hola")])
            .await
            .status,
        Http::FORBIDDEN
    );
    // The summary waits for the resolution.
    let early = luis_browser
        .post(
            &format!("{path}/resumen"),
            &[("texto", "Causa: una fuente dañada.")],
        )
        .await;
    assert!(
        early
            .body
            .contains("El resumen se escribe cuando el ticket ya está resuelto.")
    );
    luis_browser
        .post(&format!("{path}/estado"), &[("estado", "resolved")])
        .await;
    let summary = luis_browser
        .post(
            &format!("{path}/resumen"),
            &[(
                "texto",
                "Causa: una fuente dañada. Se cambió y se agregó monitoreo.",
            )],
        )
        .await;
    assert_eq!(summary.status, Http::SEE_OTHER);
    let resolved = jorge.get(&path).await;
    assert!(
        resolved.body.contains("Resumen posterior al incidente")
            && resolved.body.contains("Se cambió y se agregó monitoreo.")
    );
    app.stop().await;
}
both!(a_critical_ticket_opens_an_incident_with_its_on_call_timeline_and_summary);

async fn a_contract_near_its_end_reminds_the_desk_once(backend: Backend) {
    use soporte_desk::escalate;

    let mut app = TestServer::start(backend).await;
    let north = desk_of(
        &app,
        "norte",
        [
            "ada@norte.mx",
            "luis@norte.mx",
            "jorge@maquila.mx",
            "elena@hospital.mx",
        ],
    )
    .await;
    let state = app.state().clone();
    let db = state.db.clone();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let ends = today
        .checked_add(jiff::Span::new().days(20))
        .unwrap()
        .to_string();
    let calendar = desk::calendars(&db, north.partner).await.unwrap()[0].0;
    let plan = desk::plans(&db, north.partner).await.unwrap()[0].0;
    desk::add_contract(
        &db,
        north.partner,
        &NewContract {
            organization: north.other,
            name: "Soporte hospitalario",
            plan,
            calendar,
            remote_minutes: 600,
            onsite_minutes: 0,
            starts_on: "2020-01-01",
            ends_on: &ends,
            renewal_notice_days: 30,
        },
        now_ms(),
    )
    .await
    .unwrap();
    escalate::watch_once(&state).await.unwrap();
    escalate::watch_once(&state).await.unwrap();
    let reminders = |email: &'static str| {
        let db = db.clone();
        async move {
            let user = desk::user_by_email(&db, email).await.unwrap().unwrap();
            sqlx::query_scalar::<_, String>(
                "SELECT text FROM notifications WHERE user_id = $1 AND text LIKE 'El contrato%'",
            )
            .bind(user)
            .fetch_all(db.pool())
            .await
            .unwrap()
        }
    };
    let expected = format!(
        "El contrato «Soporte hospitalario» de Hospital termina el {ends}: es momento de renovarlo."
    );
    assert_eq!(
        reminders("ada@norte.mx").await,
        vec![expected.clone()],
        "the admin, once"
    );
    assert_eq!(
        reminders("luis@norte.mx").await,
        vec![expected],
        "the account manager, once"
    );
    // The other contract (ending in 2199) is far from its notice period.
    assert!(reminders("jorge@maquila.mx").await.is_empty());
    app.stop().await;
}
both!(a_contract_near_its_end_reminds_the_desk_once);
