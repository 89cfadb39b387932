//! Demo content for `soporte demo`: loaded once per database, so that a first look at
//! Soporte has people in it, and then each area's own ([`Area::demo`]).

use soporte_platform::accounts::{AddUserError, NewUser, Role, insert_user, password};
use soporte_platform::area::Site;
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, now_ms};

const MARKER: &str = "demo_loaded_at";

/// The password of every demo account, printed when the demo starts. Demo data only.
pub const DEMO_PASSWORD: &str = "mxos demo en mérida";

const PEOPLE: [(&str, &str, &[Role]); 8] = [
    (
        "equipo@fundacion.mxos.mx",
        "Equipo de la Fundación MxOS",
        &[Role::Staff, Role::Moderator],
    ),
    ("ana.lopez@ejemplo.mx", "Ana López", &[Role::Member]),
    (
        "rodrigo.pech@ejemplo.mx",
        "Rodrigo Pech",
        &[Role::Developer, Role::TrustedMember],
    ),
    (
        "mesa@solucionesnorte.mx",
        "Soluciones Norte",
        &[Role::PartnerAdmin],
    ),
    (
        "luis.gamez@solucionesnorte.mx",
        "Luis Gámez",
        &[Role::PartnerAgent],
    ),
    (
        "mesa@peninsuladigital.mx",
        "Península Digital",
        &[Role::PartnerAdmin],
    ),
    (
        "jorge.salas@maquiladora-pacifico.mx",
        "Jorge Salas",
        &[Role::Customer],
    ),
    (
        "elena.ortiz@hospitalsanangel.mx",
        "Elena Ortiz",
        &[Role::Customer],
    ),
];

/// Loads the demo content unless this database already has it; returns whether it did.
pub async fn load_once(db: &Db, site: &Site) -> Result<bool, sqlx::Error> {
    let loaded: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(MARKER)
        .fetch_optional(db.pool())
        .await?;
    if loaded.is_some() {
        return Ok(false);
    }
    let hash =
        password::hash(DEMO_PASSWORD).map_err(|error| sqlx::Error::Protocol(error.to_string()))?;
    for (email, name, roles) in PEOPLE {
        let (Ok(email), Ok(name)) = (email.parse(), name.parse()) else {
            continue;
        };
        let new = NewUser {
            email: &email,
            name: &name,
            password_hash: Some(&hash.0),
            locale: Locale::EsMx,
            confirmed: true,
            roles,
        };
        let mut tx = db.write().await?;
        match insert_user(&mut tx, &new, None).await {
            Ok(_) => tx.commit().await?,
            Err(AddUserError::EmailTaken) => {}
            Err(AddUserError::Database(error)) => return Err(error),
        }
    }
    let staff: Option<soporte_platform::storage::UserId> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(PEOPLE[0].0)
            .fetch_optional(db.pool())
            .await?;
    for area in site.areas() {
        area.demo(db, site, staff).await?;
    }
    sqlx::query(
        "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(MARKER)
    .bind(now_ms().to_string())
    .bind(now_ms())
    .execute(db.writes())
    .await?;
    Ok(true)
}

/// The demo accounts, for the start-up message.
pub fn accounts() -> impl Iterator<Item = &'static str> {
    PEOPLE.iter().map(|(email, _, _)| *email)
}
