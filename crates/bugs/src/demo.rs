//! The tracker's demo content: MxOS and one of its packages, with series and
//! components (the demo's developer as the audio component's default assignee), and reports in
//! every status, one of them come from a forum question (linked, so the question shows
//! its live status), one marked as another's duplicate, with comments and "me afecta".

use soporte_platform::accounts::Role;
use soporte_platform::i18n::Locale;
use soporte_platform::jobs::Queue;
use soporte_platform::links::Subject;
use soporte_platform::storage::{Db, UserId, now_ms};

use crate::SeriesId;
use crate::catalog::{self, Duty};
use crate::report::{Architecture, CommentText, Tags, Title};
use crate::status::{Importance, Mover, Status};
use crate::store::{self, Changes, NewBug};

const DAY: i64 = 24 * 60 * 60 * 1000;

/// One demo report: (title, what happened, status, importance, days ago, tags).
type Demo = (
    &'static str,
    &'static str,
    Status,
    Importance,
    i64,
    &'static str,
);

const REPORTS: [Demo; 9] = [
    (
        "Sin sonido después de suspender la laptop",
        "Al volver de la suspensión, las bocinas ya no suenan hasta reiniciar.\n\n## Pasos para reproducirlo\n\n1. Reproduce un video.\n2. Cierra la tapa y vuelve a abrirla.\n\n## Qué esperabas\n\nQue el sonido siguiera.",
        Status::Confirmed,
        Importance::High,
        12,
        "audio, suspension",
    ),
    (
        "El instalador se congela al particionar un disco NVMe",
        "En el paso de particiones el instalador deja de responder con discos NVMe de 2 TB.",
        Status::InProgress,
        Importance::Critical,
        20,
        "instalador, nvme",
    ),
    (
        "La barra de tareas no muestra la batería en equipos con dos baterías",
        "Solo aparece la primera batería.",
        Status::Triaged,
        Importance::Medium,
        30,
        "escritorio",
    ),
    (
        "El ícono de red parpadea aunque la conexión está bien",
        "El ícono cambia cada pocos segundos.",
        Status::New,
        Importance::Undecided,
        2,
        "red",
    ),
    (
        "No se puede imprimir en una Epson L3150 por red",
        "La impresora aparece pero el trabajo se queda en la cola.",
        Status::Incomplete,
        Importance::Undecided,
        8,
        "impresion",
    ),
    (
        "El micrófono USB se escucha con eco",
        "Con un micrófono USB la grabación se oye duplicada.",
        Status::FixCommitted,
        Importance::Medium,
        40,
        "audio",
    ),
    (
        "La pantalla de bienvenida aparece en inglés",
        "Aunque elegí español, la bienvenida sale en inglés.",
        Status::FixReleased,
        Importance::Low,
        60,
        "idioma",
    ),
    (
        "Quiero cambiar el color del escritorio con un clic derecho",
        "Sería útil poder cambiar el fondo desde el menú del clic derecho.",
        Status::WontFix,
        Importance::Wishlist,
        50,
        "escritorio",
    ),
    (
        "La computadora no enciende",
        "Presiono el botón y no pasa nada.",
        Status::Invalid,
        Importance::Undecided,
        15,
        "",
    ),
];

/// Loads the demo reports, once.
pub async fn load(db: &Db, staff: Option<UserId>) -> Result<(), sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bugs_products")
        .fetch_one(db.pool())
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let Some(staff) = staff else {
        return Ok(());
    };
    // The demo's developer (the platform's demo has one), else staff.
    let developer: Option<UserId> = sqlx::query_scalar(
        "SELECT user_id FROM user_roles WHERE role = $1 ORDER BY user_id LIMIT 1",
    )
    .bind(Role::Developer.as_str())
    .fetch_optional(db.pool())
    .await?;
    let developer = developer.unwrap_or(staff);
    let reporter: Option<UserId> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'maria.hernandez@ejemplo.mx'")
            .fetch_optional(db.pool())
            .await?;
    let reporter = reporter.unwrap_or(staff);
    let product = |name: &'static str, description: &'static str| {
        catalog::add_product(db, name, description, staff)
    };
    let Ok(mxos) = product("MxOS", "El sistema operativo y sus programas de base.").await else {
        return Ok(());
    };
    let Ok(_) = product(
        "mxos-impresion",
        "Controladores y herramientas de impresión.",
    )
    .await
    else {
        return Ok(());
    };
    let mut series: Vec<SeriesId> = Vec::new();
    for name in ["2.0", "2.1"] {
        if let Ok(id) = catalog::add_series(db, mxos, name, staff).await {
            series.push(id);
        }
    }
    let mut components = Vec::new();
    for name in ["Audio", "Instalador", "Escritorio"] {
        if let Ok(id) = catalog::add_component(db, mxos, name, staff).await {
            components.push(id);
        }
    }
    if let Some(audio) = components.first() {
        let email: Option<String> = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(developer)
            .fetch_optional(db.pool())
            .await?;
        if let Some(email) = email {
            for duty in [Duty::Assignee, Duty::Developer] {
                let _ = catalog::set_person(db, (mxos, *audio), &email, duty, (true, staff)).await;
            }
        }
    }
    let queue = Queue::new(db.clone(), 8);
    // A forum question the first report came from, if the forum's demo wrote one.
    let question: Option<String> = sqlx::query_scalar(
        "SELECT subject FROM events WHERE subject LIKE 'topic:%' ORDER BY id LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?;
    let now = now_ms();
    let mut filed = Vec::new();
    for (n, (title, description, status, importance, days, tags)) in REPORTS.into_iter().enumerate()
    {
        let Ok(title) = Title::parse(title) else {
            continue;
        };
        let component = match n {
            0 | 5 => components.first().copied(),
            1 | 6 => components.get(1).copied(),
            2 | 7 => components.get(2).copied(),
            _ => None,
        };
        let bug = NewBug {
            product: mxos,
            component,
            series: series.first().copied(),
            architecture: Architecture::X86_64,
            title,
            description: description.to_owned(),
            language: Locale::EsMx.tag(),
            tags: Tags::parse(tags).unwrap_or_default(),
            staged: Vec::new(),
            origin: if n == 0 {
                question.as_deref().and_then(|q| q.parse::<Subject>().ok())
            } else {
                None
            },
        };
        let id = store::create_at(db, &queue, &bug, reporter, now - days * DAY).await?;
        let fixed = status
            .needs_series()
            .then(|| series.last().copied())
            .flatten();
        let changes = Changes {
            importance: Some(importance),
            fixed_series: fixed.map(Some),
            ..Changes::default()
        };
        let _ = store::change(db, &queue, id, (developer, Mover::Triager), &changes).await;
        // Walk the table to the status, as a developer would.
        let path: &[Status] = match status {
            Status::New => &[],
            Status::InProgress => &[Status::Confirmed, Status::InProgress],
            Status::FixCommitted => &[Status::Confirmed, Status::FixCommitted],
            Status::FixReleased => &[Status::Confirmed, Status::FixCommitted, Status::FixReleased],
            other => std::slice::from_ref(match other {
                Status::Incomplete => &Status::Incomplete,
                Status::Confirmed => &Status::Confirmed,
                Status::Triaged => &Status::Triaged,
                Status::Invalid => &Status::Invalid,
                _ => &Status::WontFix,
            }),
        };
        for step in path {
            let changes = Changes {
                status: Some(*step),
                ..Changes::default()
            };
            let _ = store::change(db, &queue, id, (developer, Mover::Triager), &changes).await;
        }
        filed.push(id);
    }
    if let Some(first) = filed.first().copied() {
        if let Ok(text) = CommentText::parse(
            "Lo pude reproducir en una ThinkPad T14. Adjunto el registro del kernel en cuanto lo tenga.",
        ) {
            let _ = store::comment(db, &queue, first, developer, (&text, &[])).await;
        }
        let _ = store::set_affected(db, first, staff, true).await;
        // A second report of the same sound problem, marked as its duplicate.
        if let Ok(title) = Title::parse("No hay audio al despertar el equipo") {
            let bug = NewBug {
                product: mxos,
                component: components.first().copied(),
                series: series.last().copied(),
                architecture: Architecture::Aarch64,
                title,
                description: "Después de suspender ya no se escucha nada.".to_owned(),
                language: Locale::EsMx.tag(),
                tags: Tags::default(),
                staged: Vec::new(),
                origin: None,
            };
            let duplicate = store::create_at(db, &queue, &bug, staff, now - 3 * DAY).await?;
            let _ = store::mark_duplicate(db, &queue, duplicate, Some(first), developer).await;
        }
    }
    Ok(())
}
