//! Demo content for `soporte demo`: loaded once per database, so that a first look at
//! Soporte has people in it. Each area adds its own content here as it lands.

use soporte_platform::accounts::{self, AddUserError, Role};
use soporte_platform::storage::{Db, now_ms};

const MARKER: &str = "demo_loaded_at";

const PEOPLE: [(&str, &str, &[Role]); 4] = [
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
];

/// Loads the demo content unless this database already has it; returns whether it did.
pub async fn load_once(db: &Db) -> Result<bool, sqlx::Error> {
    let loaded: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(MARKER)
        .fetch_optional(db.pool())
        .await?;
    if loaded.is_some() {
        return Ok(false);
    }
    for (email, name, roles) in PEOPLE {
        let (Ok(email), Ok(name)) = (email.parse(), name.parse()) else {
            continue;
        };
        match accounts::add_user(db, &email, &name, roles, None).await {
            Ok(_) | Err(AddUserError::EmailTaken) => {}
            Err(AddUserError::Database(error)) => return Err(error),
        }
    }
    sqlx::query(
        "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(MARKER)
    .bind(now_ms().to_string())
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    Ok(true)
}
