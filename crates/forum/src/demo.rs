//! The forum's demo content: categories, and topics in every state a question can be
//! in (solved, open, needing information, answered, expired) plus a discussion, written
//! by the demo people with their trust levels, a flagged reply and a new member's
//! question waiting for a moderator, so that a first look shows a living community.

use soporte_platform::accounts::{AddUserError, NewUser, Role, insert_user};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, UserId, now_ms};

use crate::categories::{self, CategoryDraft};
use crate::moderation::{self, Reason};
use crate::post::{Body, Kind, Tags, Title};
use crate::store::{self, NewTopic};
use crate::trust;
use crate::{CategoryId, TopicId};

const DAY: i64 = 24 * 60 * 60 * 1000;
const HOUR: i64 = 60 * 60 * 1000;

/// People of the demo who only write in the forum (they have no password).
const WRITERS: [(&str, &str); 4] = [
    ("maria.hernandez@ejemplo.mx", "María Hernández"),
    ("jorge.ramirez@ejemplo.mx", "Jorge Ramírez"),
    ("luis.canul@ejemplo.mx", "Luis Canul"),
    ("ofertas.rapidas@ejemplo.mx", "Ofertas Rápidas"),
];

const CATEGORIES: [[&str; 6]; 5] = [
    [
        "Instalación y arranque",
        "Installation and boot",
        "Instalar MxOS, arranque dual, particiones y primer inicio.",
        "Installing MxOS, dual boot, partitions and first start.",
        "MxOS 2.0",
        "1",
    ],
    [
        "Audio y video",
        "Audio and video",
        "Bocinas, audífonos, micrófonos, cámaras y pantallas.",
        "Speakers, headphones, microphones, cameras and displays.",
        "",
        "2",
    ],
    [
        "Redes e internet",
        "Networks and internet",
        "Wifi, cable, VPN y conexión a internet.",
        "Wi-Fi, cable, VPN and internet connection.",
        "",
        "3",
    ],
    [
        "Impresoras y escáneres",
        "Printers and scanners",
        "Instalar y usar impresoras, multifuncionales y escáneres.",
        "Installing and using printers, multifunction devices and scanners.",
        "",
        "4",
    ],
    [
        "Charla general",
        "General chat",
        "Conversaciones sobre MxOS y su comunidad.",
        "Conversations about MxOS and its community.",
        "",
        "5",
    ],
];

async fn person(db: &Db, email: &str) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await
}

async fn writer(db: &Db, email: &str, name: &str) -> Result<Option<UserId>, sqlx::Error> {
    if let Some(id) = person(db, email).await? {
        return Ok(Some(id));
    }
    let (Ok(email), Ok(name)) = (email.parse(), name.parse()) else {
        return Ok(None);
    };
    let new = NewUser {
        email: &email,
        name: &name,
        password_hash: None,
        locale: Locale::EsMx,
        confirmed: true,
        roles: &[Role::Member],
    };
    let mut tx = db.write().await?;
    match insert_user(&mut tx, &new, None).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Some(id))
        }
        Err(AddUserError::EmailTaken) => Ok(None),
        Err(AddUserError::Database(error)) => Err(error),
    }
}

fn topic(
    category: CategoryId,
    kind: Kind,
    title: &str,
    body: &str,
    tags: &str,
) -> Option<NewTopic> {
    Some(NewTopic {
        category,
        language: Locale::EsMx,
        kind,
        title: Title::parse(title).ok()?,
        body: Body::parse(body).ok()?,
        tags: Tags::parse(tags).ok()?,
    })
}

async fn ask(
    db: &Db,
    topic: Option<NewTopic>,
    author: UserId,
    at: i64,
) -> Result<Option<TopicId>, sqlx::Error> {
    match topic {
        Some(topic) => Ok(Some(store::create_at(db, &topic, author, at).await?)),
        None => Ok(None),
    }
}

async fn reply(
    db: &Db,
    topic: Option<TopicId>,
    author: UserId,
    body: &str,
    asks_for_info: bool,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let (Some(topic), Ok(body)) = (topic, Body::parse(body)) else {
        return Ok(None);
    };
    match store::reply_at(db, topic, author, &body, asks_for_info, at).await {
        Ok((number, _)) => Ok(Some(number)),
        Err(store::TopicError::Database(error)) => Err(error),
        Err(error) => {
            tracing::warn!(%error, "a demo reply was refused");
            Ok(None)
        }
    }
}

/// Loads the demo forum; `staff` moderates it.
pub async fn load(db: &Db, staff: Option<UserId>) -> Result<(), sqlx::Error> {
    let Some(staff) = staff else { return Ok(()) };
    let mut ids = Vec::new();
    for fields in CATEGORIES {
        let Ok(draft) = CategoryDraft::parse(fields) else {
            continue;
        };
        if let Ok(id) = categories::save(db, None, &draft, staff).await? {
            ids.push(id);
        }
    }
    let [install, audio, network, printers, chat] = ids[..] else {
        return Ok(());
    };
    let ana = person(db, "ana.lopez@ejemplo.mx").await?;
    let rodrigo = person(db, "rodrigo.pech@ejemplo.mx").await?;
    let maria = writer(db, WRITERS[0].0, WRITERS[0].1).await?;
    let jorge = writer(db, WRITERS[1].0, WRITERS[1].1).await?;
    let luis = writer(db, WRITERS[2].0, WRITERS[2].1).await?;
    let offers = writer(db, WRITERS[3].0, WRITERS[3].1).await?;
    let (Some(ana), Some(rodrigo), Some(maria), Some(jorge), Some(luis), Some(offers)) =
        (ana, rodrigo, maria, jorge, luis, offers)
    else {
        return Ok(());
    };
    let now = now_ms();
    // How long each has been around (days visited, posts read); Luis just arrived.
    for (person, days, read) in [
        (ana, 12, 150),
        (rodrigo, 45, 700),
        (maria, 11, 120),
        (jorge, 6, 60),
        (offers, 2, 25),
    ] {
        trust::history(db, person, days, read).await?;
    }

    // Solved: a reply marked as the solution, and people it happens to.
    let sound = ask(
        db,
        topic(
            audio,
            Kind::Question,
            "No hay sonido después de actualizar a MxOS 2.0",
            "Actualicé ayer a MxOS 2.0 y ya no se oye nada: ni las bocinas ni los audífonos. \
             El ícono del volumen está al máximo.\n\n¿Alguien sabe qué pasó?",
            "audio, actualizacion",
        ),
        ana,
        now - 6 * DAY,
    )
    .await?;
    reply(
        db,
        sound,
        rodrigo,
        "Después de la actualización la salida queda en **HDMI**. Abre *Configuración › Sonido* \
         y elige «Bocinas internas» como salida.\n\nSi no aparece, ejecuta:\n\n```\nsystemctl --user restart pipewire\n```",
        false,
        now - 6 * DAY + 3 * HOUR,
    )
    .await?;
    let thanks = reply(
        db,
        sound,
        ana,
        "¡Era eso! Estaba en HDMI. Gracias, Rodrigo.",
        false,
        now - 6 * DAY + 5 * HOUR,
    )
    .await?;
    if let (Some(sound), Some(_)) = (sound, thanks) {
        let answer = store::posts(db, sound, 2, 2).await?;
        if let Some(answer) = answer.first() {
            let _ = store::set_solution(db, sound, Some(answer.id), ana).await;
            let _ = store::helpful(db, answer.id, maria, true).await;
        }
        let _ = store::me_too(db, sound, maria, true).await;
        let _ = store::me_too(db, sound, jorge, true).await;
    }

    // Open, unanswered, and it affects people.
    let printer = ask(
        db,
        topic(
            printers,
            Kind::Question,
            "La impresora Epson L3150 no aparece en la lista",
            "Conecté la impresora por USB y en *Impresoras* no aparece. En Windows sí funcionaba. \
             Uso MxOS 2.0.",
            "impresoras, epson",
        ),
        maria,
        now - 2 * DAY,
    )
    .await?;
    if let Some(printer) = printer {
        let _ = store::me_too(db, printer, jorge, true).await;
    }

    // A helper asked for more information.
    let wifi = ask(
        db,
        topic(
            network,
            Kind::Question,
            "El wifi se desconecta cada 10 minutos",
            "Desde hace una semana el wifi se cae solo y tengo que reconectar a mano.",
            "wifi, redes",
        ),
        jorge,
        now - 3 * DAY,
    )
    .await?;
    reply(
        db,
        wifi,
        rodrigo,
        "¿Qué tarjeta de red tienes? Pega aquí lo que muestra `lspci | grep -i net` y la versión \
         de MxOS.",
        true,
        now - 3 * DAY + 2 * HOUR,
    )
    .await?;

    // Answered, waiting for the asker to say whether it worked.
    let dual = ask(
        db,
        topic(
            install,
            Kind::Question,
            "¿Se puede instalar MxOS junto a Windows 11?",
            "Quiero conservar Windows 11 para un programa del trabajo. ¿El instalador permite \
             elegir al arrancar?",
            "instalacion, arranque-dual",
        ),
        jorge,
        now - 4 * DAY,
    )
    .await?;
    reply(
        db,
        dual,
        staff,
        "Sí. En el instalador elige «Instalar junto a Windows» y reserva al menos 40 GB. \
         La guía de instalación lo explica paso a paso.",
        false,
        now - 4 * DAY + 6 * HOUR,
    )
    .await?;

    // Left waiting long enough to expire.
    ask(
        db,
        topic(
            install,
            Kind::Question,
            "¿Cómo cambio la distribución del teclado en la pantalla de inicio?",
            "En la pantalla de inicio de sesión el teclado está en inglés y no puedo escribir la ñ.",
            "teclado",
        ),
        ana,
        now - 40 * DAY,
    )
    .await?;
    store::expire(db, now - 15 * DAY).await?;

    // A discussion.
    let video = ask(
        db,
        topic(
            chat,
            Kind::Discussion,
            "¿Qué programas usan para editar video en MxOS?",
            "Estoy empezando un canal de tutoriales. ¿Qué editores de video les han funcionado?",
            "video",
        ),
        rodrigo,
        now - 5 * DAY,
    )
    .await?;
    reply(
        db,
        video,
        maria,
        "Yo uso **Kdenlive**: es estable y tiene muchos efectos.",
        false,
        now - 5 * DAY + HOUR,
    )
    .await?;
    reply(
        db,
        video,
        jorge,
        "Para cosas rápidas, **Shotcut** me basta.",
        false,
        now - 4 * DAY,
    )
    .await?;

    // A reply flagged by two members, waiting in the moderators' queue.
    let spam = reply(
        db,
        video,
        offers,
        "Vendo licencias de programas de edición a mitad de precio. Escríbeme por mensaje \
         directo para más información.",
        false,
        now - 3 * DAY,
    )
    .await?;
    if let (Some(video), Some(number)) = (video, spam)
        && let Some(spam) = store::posts(db, video, number, number).await?.first()
    {
        for flagger in [maria, jorge] {
            let _ = moderation::flag(db, spam.id, flagger, 1, Reason::Spam, "").await;
        }
    }

    // A new member's first question, waiting for a moderator.
    ask(
        db,
        topic(
            network,
            Kind::Question,
            "No encuentro cómo compartir una carpeta en la red de la oficina",
            "Somos cinco computadoras con MxOS en la oficina. ¿Cómo comparto una carpeta para \
             que todos la vean?",
            "redes, compartir",
        ),
        luis,
        now - 2 * HOUR,
    )
    .await?;
    Ok(())
}
