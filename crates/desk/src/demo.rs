//! The desks' demo content: Soluciones Norte (the demo's `mesa@solucionesnorte.mx` as
//! its admin, Luis Gámez as its agent and both organizations' account manager), two
//! teams, calendars in Tijuana and Mexico City and a 24x7 one, two plans, two client
//! organizations with a customer each and contracts on different calendars, and
//! tickets in every state: one breached, one a P1 incident (Luis on call around the
//! clock, one public update).

use soporte_platform::storage::{Db, UserId, now_ms};

use crate::sla::calendar::Calendar;
use crate::sla::clock::Minutes;
use crate::sla::day::Day;
use crate::sla::state::Targets;
use crate::sla::zone::Zone;
use crate::store::{
    self, NewContract, NewMessage, NewOrganization, NewTicket, StaffRole, Visibility,
};
use crate::ticket::{self, Body, Channel, Mover, PlanTargets, Priority, Status, Subject};

const HOUR: i64 = 60 * 60 * 1000;

const TIJUANA: &str = r#"{"kind": "business", "zone": "America/Tijuana",
  "hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
            "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [["09:00","14:00"]], "sun": []},
  "mx_statutory_holidays": true, "extra_holidays": ["2026-12-12", "2026-12-24"]}"#;
const CDMX: &str = r#"{"kind": "business", "zone": "America/Mexico_City",
  "hours": {"mon": [["08:00","19:00"]], "tue": [["08:00","19:00"]], "wed": [["08:00","19:00"]],
            "thu": [["08:00","19:00"]], "fri": [["08:00","19:00"]]},
  "mx_statutory_holidays": true}"#;

async fn person(db: &Db, email: &str) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await
}

fn failed(error: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Protocol(error.to_string())
}

/// One demo ticket: (organization, subject, what the customer wrote, priority, hours
/// ago, where it is now).
type Demo = (usize, &'static str, &'static str, i64, i64, Status);

const TICKETS: [Demo; 9] = [
    (
        0,
        "La línea de ensamble 3 no imprime etiquetas",
        "Desde el cambio de turno la impresora Zebra de la línea 3 no recibe trabajos. Las otras líneas funcionan.",
        2,
        3,
        Status::New,
    ),
    (
        0,
        "Alta de 15 equipos nuevos en el dominio",
        "Llegaron 15 equipos para el área de calidad; necesitamos que queden en el dominio con las políticas de planta.",
        4,
        30,
        Status::Open,
    ),
    (
        0,
        "El respaldo nocturno terminó con errores",
        "El reporte del respaldo dice que 3 carpetas no se copiaron.",
        3,
        52,
        Status::PendingCustomer,
    ),
    (
        0,
        "Visita para revisar el cableado de la nave 2",
        "Queremos que alguien revise en sitio los nodos de red de la nave 2 antes de la auditoría.",
        4,
        80,
        Status::PendingReminder,
    ),
    (
        0,
        "No arranca la sesión gráfica en la PC de recepción",
        "Se queda en pantalla negra después de iniciar sesión.",
        3,
        200,
        Status::Resolved,
    ),
    (
        0,
        "Cambio de contraseña del correo de nómina",
        "Necesitamos restablecer la contraseña de nomina@.",
        4,
        400,
        Status::Closed,
    ),
    (
        1,
        "El sistema de expedientes no responde en urgencias",
        "Desde las 3:10 el sistema de expedientes clínicos no carga en ningún equipo de urgencias. Estamos capturando en papel.",
        1,
        1,
        Status::Open,
    ),
    (
        1,
        "Lentitud en las estaciones de enfermería",
        "Las estaciones del tercer piso tardan varios minutos en abrir los expedientes.",
        2,
        30,
        Status::Open,
    ),
    (
        1,
        "Actualizar el navegador en 40 equipos",
        "Solicitamos la actualización programada del navegador en los equipos administrativos.",
        4,
        20,
        Status::New,
    ),
];

pub async fn load(db: &Db, _staff: Option<UserId>) -> Result<(), sqlx::Error> {
    let (Some(admin), Some(agent), Some(jorge), Some(elena)) = (
        person(db, "mesa@solucionesnorte.mx").await?,
        person(db, "luis.gamez@solucionesnorte.mx").await?,
        person(db, "jorge.salas@maquiladora-pacifico.mx").await?,
        person(db, "elena.ortiz@hospitalsanangel.mx").await?,
    ) else {
        return Ok(());
    };
    let now = now_ms();
    let partner = match store::open_partner(
        db,
        ("soluciones-norte", "Soluciones Norte"),
        admin,
        admin,
        now,
    )
    .await
    {
        Ok(partner) => partner,
        Err(store::DeskError::Problem(_)) => return Ok(()),
        Err(error) => return Err(failed(error)),
    };
    store::set_staff(db, partner, agent, StaffRole::Agent, Some(admin))
        .await
        .map_err(failed)?;
    store::add_team(db, partner, "Soporte Tijuana", Some(agent), &[agent]).await?;
    store::add_team(db, partner, "Guardia 24/7", Some(admin), &[admin, agent]).await?;
    let calendar = |text: &str| Calendar::parse(text).map_err(failed);
    let tijuana = store::add_calendar(
        db,
        partner,
        "Horario de planta (Tijuana)",
        &calendar(TIJUANA)?,
    )
    .await?;
    let _cdmx = store::add_calendar(db, partner, "Oficina CDMX", &calendar(CDMX)?).await?;
    let always = store::add_calendar(db, partner, "24x7", &Calendar::Always).await?;
    store::set_oncall(db, partner, agent, always).await?;
    let standard = store::add_plan(db, partner, "Estándar", &ticket::default_targets()).await?;
    let critical_targets: Vec<PlanTargets> = [
        (1, 15, 30, 240),
        (2, 30, 120, 480),
        (3, 120, 480, 1440),
        (4, 480, 1440, 4320),
    ]
    .into_iter()
    .filter_map(|(level, first, next, resolution)| {
        Some(PlanTargets {
            priority: Priority::new(level)?,
            targets: Targets {
                first_response: Minutes::new(first)?,
                next_update: Minutes::new(next)?,
                resolution: Minutes::new(resolution)?,
            },
        })
    })
    .collect();
    let critical = store::add_plan(db, partner, "Crítico 24/7", &critical_targets).await?;
    let maquiladora = store::add_organization(
        db,
        partner,
        &NewOrganization {
            name: "Maquiladora del Pacífico",
            zone: Zone::Tijuana,
            manager: Some(agent),
            phone: "+52 664 123 4567",
            whatsapp: "+52 664 765 4321",
        },
        now,
    )
    .await?;
    let hospital = store::add_organization(
        db,
        partner,
        &NewOrganization {
            name: "Hospital San Ángel",
            zone: Zone::MexicoCity,
            manager: Some(agent),
            phone: "+52 55 5123 4567",
            whatsapp: "+52 55 7654 3210",
        },
        now,
    )
    .await?;
    store::add_customer(db, maquiladora, jorge).await?;
    store::add_customer(db, hospital, elena).await?;
    // Contracts that started ten months ago and end in two (renewal comes up soon).
    let today = Day(now.div_euclid(24 * HOUR));
    let (starts, ends) = (Day(today.0 - 300).iso(), Day(today.0 + 60).iso());
    for (organization, name, plan, calendar, remote, onsite) in [
        (
            maquiladora,
            "Soporte de planta 2026",
            standard,
            tijuana,
            40 * 60,
            16 * 60,
        ),
        (
            hospital,
            "Soporte crítico hospitalario",
            critical,
            always,
            120 * 60,
            24 * 60,
        ),
    ] {
        store::add_contract(
            db,
            partner,
            &NewContract {
                organization,
                name,
                plan,
                calendar,
                remote_minutes: remote,
                onsite_minutes: onsite,
                starts_on: &starts,
                ends_on: &ends,
                renewal_notice_days: 30,
            },
            now - 300 * 24 * HOUR,
        )
        .await
        .map_err(failed)?;
    }
    let organizations = [(maquiladora, jorge), (hospital, elena)];
    for (org, subject, text, priority, hours_ago, status) in TICKETS {
        let (organization, customer) = organizations[org];
        let (Ok(subject), Ok(body), Some(priority)) = (
            Subject::parse(subject),
            Body::parse(text),
            Priority::new(priority),
        ) else {
            continue;
        };
        let opened = now - hours_ago * HOUR;
        let (id, _) = store::open_ticket(
            db,
            NewTicket {
                partner,
                organization,
                requester: customer,
                subject,
                body,
                priority,
                channel: Channel::Portal,
                external_id: None,
                author: customer,
                side: Mover::Customer,
                tags: Vec::new(),
                files: Vec::new(),
                origin: None,
            },
            opened,
        )
        .await
        .map_err(failed)?;
        let reply = |words: &'static str, at: i64| {
            let body = Body::parse(words);
            async move {
                let Ok(body) = body else { return Ok(()) };
                let message = NewMessage {
                    author: agent,
                    side: Mover::Desk,
                    visibility: Visibility::Public,
                    channel: Channel::Agent,
                    external_id: None,
                    body: &body,
                    files: &[],
                };
                store::add_message(db, id, &message, at)
                    .await
                    .map(|_| ())
                    .map_err(failed)
            }
        };
        let set = |to: Status, remind: Option<i64>, at: i64| async move {
            store::set_status(db, id, (Mover::Desk, Some(agent)), to, remind, at)
                .await
                .map_err(failed)
        };
        match status {
            Status::New => {}
            Status::Open => {
                if priority == Priority::CRITICAL {
                    reply("Recibido. Activamos el protocolo de incidente crítico y el equipo de guardia ya está conectado a su servidor.", opened + 10 * 60 * 1000).await?;
                    store::start_incident(db, id, opened).await?;
                    if let Ok(update) = Body::parse(
                        "Identificamos una falla en el almacenamiento del servidor de expedientes; estamos cambiando al equipo de respaldo.",
                    ) {
                        store::add_incident_update(
                            db,
                            id,
                            agent,
                            (&update, None),
                            opened + 25 * 60 * 1000,
                        )
                        .await
                        .map_err(failed)?;
                    }
                } else if hours_ago < 40 {
                    // Breached: answered after its targets had passed.
                    reply(
                        "Lo revisamos hoy mismo; le escribimos con el avance.",
                        opened + 20 * HOUR,
                    )
                    .await?;
                } else {
                    reply(
                        "Estamos preparando las imágenes de los equipos.",
                        opened + HOUR,
                    )
                    .await?;
                }
            }
            Status::PendingCustomer => {
                reply(
                    "¿Nos confirma si esas carpetas estaban abiertas a la hora del respaldo?",
                    opened + HOUR,
                )
                .await?;
                set(Status::PendingCustomer, None, opened + HOUR + 60_000).await?;
            }
            Status::PendingReminder => {
                reply(
                    "Agendamos la visita para la próxima semana; le recordaremos un día antes.",
                    opened + 2 * HOUR,
                )
                .await?;
                set(
                    Status::PendingReminder,
                    Some(now + 5 * 24 * HOUR),
                    opened + 2 * HOUR + 60_000,
                )
                .await?;
            }
            Status::Resolved | Status::Closed => {
                reply(
                    "Reinstalamos el controlador de video; ya inicia la sesión normalmente.",
                    opened + 2 * HOUR,
                )
                .await?;
                set(Status::Resolved, None, opened + 3 * HOUR).await?;
                if status == Status::Closed {
                    set(Status::Closed, None, opened + 10 * 24 * HOUR).await?;
                }
            }
        }
    }
    // The demo's conversations are history: nobody is told of them again.
    sqlx::query("UPDATE desk_messages SET told_at = created_at WHERE told_at IS NULL")
        .execute(db.writes())
        .await?;
    Ok(())
}
