//! The directory's storage: partners with their offices and offers, written in one
//! transaction with their event, and the one search every directory page runs.

use soporte_platform::accounts::profile::StateCode;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::PartnerId;
use crate::catalog::{Choices, Hours, Service, bits, from_bits, language_bit, state_bit};
use crate::directory::{Filter, Place, Sort, city_key};
use crate::profile::{Contact, NewPartner, Offers, Office, Status, Verification};
use soporte_platform::accounts::profile::LANGUAGES;

/// The prefix of a partner's events' subjects: `partner:3`.
pub const SUBJECT: &str = "partner";

#[derive(Debug, thiserror::Error)]
pub enum PartnersError {
    /// Something the person can mend, by its Fluent id.
    #[error("refused: {0}")]
    Problem(&'static str),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub fn subject(id: PartnerId) -> String {
    format!("{SUBJECT}:{id}")
}

/// A partner's public page.
pub fn path(slug: &str) -> String {
    format!("/socios/{slug}")
}

/// A slug for `name` that no partner has yet: the name's, or it with `-2`, `-3`…
async fn free_slug(
    connection: &mut sqlx::AnyConnection,
    name: &str,
) -> Result<String, sqlx::Error> {
    let base = match soporte_platform::text::slug(name) {
        slug if slug.is_empty() => "socio".to_owned(),
        slug => slug.chars().take(60).collect(),
    };
    let mut slug = base.clone();
    for n in 2.. {
        if crate::pages::RESERVED.contains(&slug.as_str()) {
            slug = format!("{base}-{n}");
            continue;
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM partners WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *connection)
            .await?;
        if taken.is_none() {
            break;
        }
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

/// Writes a partner's offices and offers, replacing what it had.
async fn write_offers(
    connection: &mut sqlx::AnyConnection,
    id: PartnerId,
    partner: &NewPartner,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM partner_offices WHERE partner_id = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("DELETE FROM partner_offers WHERE partner_id = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    for office in partner.all_offices() {
        sqlx::query(
            "INSERT INTO partner_offices (partner_id, state, city, city_key) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(office.state.as_str())
        .bind(&office.city)
        .bind(city_key(&office.city))
        .execute(&mut *connection)
        .await?;
    }
    let rows = partner.offers.rows();
    if !rows.is_empty() {
        let values: Vec<String> = (0..rows.len())
            .map(|row| format!("($1, ${}, ${})", row * 2 + 2, row * 2 + 3))
            .collect();
        let sql = format!(
            "INSERT INTO partner_offers (partner_id, kind, value) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(id);
        for (kind, value) in rows {
            query = query.bind(kind).bind(value);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Adds a partner in `status` (an application is [`Status::Pending`]) by `applicant`;
/// its RFC must be no other partner's.
pub async fn create(
    db: &Db,
    partner: &NewPartner,
    status: Status,
    applicant: Option<UserId>,
    at: i64,
) -> Result<(PartnerId, String), PartnersError> {
    let mut tx = db.write().await?;
    let created = insert(&mut tx, partner, status, applicant, at).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`create`] on `connection`, inside the caller's transaction.
pub(crate) async fn insert(
    connection: &mut sqlx::AnyConnection,
    partner: &NewPartner,
    status: Status,
    applicant: Option<UserId>,
    at: i64,
) -> Result<(PartnerId, String), PartnersError> {
    rfc_free(connection, partner, None).await?;
    let slug = free_slug(connection, &partner.name).await?;
    let id: PartnerId = sqlx::query_scalar(
        "INSERT INTO partners (slug, name, sort_name, legal_name, rfc, description, \
         description_html, state, city, address, nationwide, hours, web, phone, whatsapp, \
         email, status, verified_until, certified, desk, applicant_id, created_at, updated_at) \
         VALUES ($1, '', '', '', $5, '', '', '', '', '', 0, '', '', '', '', '', $2, NULL, 0, \
         NULL, $3, $4, $4) RETURNING id",
    )
    .bind(&slug)
    .bind(status.as_str())
    .bind(applicant)
    .bind(at)
    .bind(partner.rfc.as_str())
    .fetch_one(&mut *connection)
    .await?;
    write_facts(connection, id, partner).await?;
    events::append(
        connection,
        NewEvent {
            kind: "partner.created",
            subject: subject(id),
            actor_id: applicant,
            payload: &serde_json::json!({ "status": status.as_str() }),
        },
    )
    .await?;
    Ok((id, slug))
}

/// Refuses `partner`'s RFC if a partner other than `except` has it.
async fn rfc_free(
    connection: &mut sqlx::AnyConnection,
    partner: &NewPartner,
    except: Option<PartnerId>,
) -> Result<(), PartnersError> {
    let taken: Option<PartnerId> = sqlx::query_scalar("SELECT id FROM partners WHERE rfc = $1")
        .bind(partner.rfc.as_str())
        .fetch_optional(&mut *connection)
        .await?;
    match taken {
        Some(other) if Some(other) != except => Err(PartnersError::Problem("partners-rfc-taken")),
        _ => Ok(()),
    }
}

/// Writes a partner's facts, offices and offers (its slug stays).
async fn write_facts(
    connection: &mut sqlx::AnyConnection,
    id: PartnerId,
    partner: &NewPartner,
) -> Result<(), sqlx::Error> {
    let html = soporte_platform::markup::markdown(&partner.description).html;
    sqlx::query(
        "UPDATE partners SET name = $2, sort_name = $3, legal_name = $4, rfc = $5, \
         description = $6, description_html = $7, state = $8, city = $9, address = $10, \
         nationwide = $11, hours = $12, web = $13, phone = $14, whatsapp = $15, email = $16, \
         service_bits = $17, sector_bits = $18, level_bits = $19, language_bits = $20, \
         state_bits = $21 WHERE id = $1",
    )
    .bind(id)
    .bind(&partner.name)
    .bind(soporte_platform::text::fold(&partner.name))
    .bind(&partner.legal_name)
    .bind(partner.rfc.as_str())
    .bind(&partner.description)
    .bind(html)
    .bind(partner.head_office.state.as_str())
    .bind(&partner.head_office.city)
    .bind(&partner.address)
    .bind(i64::from(partner.nationwide))
    .bind(partner.hours.param())
    .bind(&partner.contact.web)
    .bind(&partner.contact.phone)
    .bind(&partner.contact.whatsapp)
    .bind(&partner.contact.email)
    .bind(bits(&partner.offers.services))
    .bind(bits(&partner.offers.sectors))
    .bind(bits(&partner.offers.levels))
    .bind(
        LANGUAGES
            .iter()
            .filter(|code| partner.offers.languages.contains(code))
            .fold(0, |set, code| set | language_bit(code)),
    )
    .bind(served_states(partner))
    .execute(&mut *connection)
    .await?;
    write_offers(connection, id, partner).await
}

/// Every state `partner` serves, as a bit set: its offices' and those it covers.
fn served_states(partner: &NewPartner) -> i64 {
    partner
        .all_offices()
        .iter()
        .map(|office| office.state)
        .chain(partner.offers.states.iter().copied())
        .fold(0, |set, state| set | state_bit(state.as_str()))
}

/// Replaces the facts of partner `id`, if it is still in `status`; whether it was.
pub(crate) async fn update(
    connection: &mut sqlx::AnyConnection,
    id: PartnerId,
    partner: &NewPartner,
    status: Status,
    at: i64,
) -> Result<bool, PartnersError> {
    rfc_free(connection, partner, Some(id)).await?;
    let touched = sqlx::query("UPDATE partners SET updated_at = $3 WHERE id = $1 AND status = $2")
        .bind(id)
        .bind(status.as_str())
        .bind(at)
        .execute(&mut *connection)
        .await?;
    if touched.rows_affected() != 1 {
        return Ok(false);
    }
    write_facts(connection, id, partner).await?;
    Ok(true)
}

/// Lists a partner, verified until `until`.
pub async fn approve(
    db: &Db,
    id: PartnerId,
    until: i64,
    by: Option<UserId>,
    at: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE partners SET status = 'approved', verified_until = $2, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(until)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        NewEvent {
            kind: "partner.approved",
            subject: subject(id),
            actor_id: by,
            payload: &serde_json::json!({ "until": until }),
        },
    )
    .await?;
    tx.commit().await
}

/// Records the slug of the partner's desk.
pub async fn set_desk(db: &Db, id: PartnerId, desk: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partners SET desk = $2 WHERE id = $1")
        .bind(id)
        .bind(desk)
        .execute(db.writes())
        .await
        .map(drop)
}

/// Records how many certified people the partner lists.
pub async fn set_certified(db: &Db, id: PartnerId, certified: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partners SET certified = $2 WHERE id = $1")
        .bind(id)
        .bind(certified)
        .execute(db.writes())
        .await
        .map(drop)
}

/// A partner as a directory page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: PartnerId,
    pub slug: String,
    pub name: String,
    pub state: String,
    pub city: String,
    pub nationwide: bool,
    pub hours: Hours,
    pub certified: i64,
    pub verified_until: Option<i64>,
    pub services: Vec<Service>,
}

/// A value to bind.
enum Bound {
    Int(i64),
    Text(String),
}

/// The conditions `filter` puts on listed partners (as `p`), with their values; the
/// first value is the instant verifications are read at.
fn conditions(filter: &Filter, now: i64) -> (Vec<String>, Vec<Bound>) {
    let mut binds = vec![Bound::Int(now)];
    let mut conditions = vec!["p.status = 'approved'".to_owned()];
    let mut add = |condition: &str, values: Vec<Bound>| {
        let mut condition = condition.to_owned();
        for value in values {
            binds.push(value);
            condition = condition.replacen('?', &format!("${}", binds.len()), 1);
        }
        conditions.push(condition);
    };
    let text = |value: &str| Bound::Text(value.to_owned());
    // The row's own columns first (cheap), then the city (an index), all in one scan.
    if let Some(hours) = filter.hours {
        add("p.hours = ?", vec![text(hours.param())]);
    }
    match filter.place {
        Some(Place::Nationwide) => add("p.nationwide = 1", Vec::new()),
        Some(Place::State(state)) => add(
            "(p.nationwide = 1 OR (p.state_bits & ?) <> 0)",
            vec![Bound::Int(state_bit(state.as_str()))],
        ),
        None => {}
    }
    if !filter.services.is_empty() {
        let every = bits(&filter.services);
        add(
            "(p.service_bits & ?) = ?",
            vec![Bound::Int(every), Bound::Int(every)],
        );
    }
    let any_of = "(p.{} & ?) <> 0";
    if let Some(sector) = filter.sector {
        add(
            &any_of.replace("{}", "sector_bits"),
            vec![Bound::Int(sector.bit())],
        );
    }
    if let Some(level) = filter.level {
        add(
            &any_of.replace("{}", "level_bits"),
            vec![Bound::Int(level.bit())],
        );
    }
    if let Some(language) = filter.language {
        add(
            &any_of.replace("{}", "language_bits"),
            vec![Bound::Int(language_bit(language))],
        );
    }
    if let (Some(Place::State(state)), Some(city)) = (filter.place, &filter.city) {
        // A city is the most selective filter: as `IN`, the planner starts from the
        // offices in it (their index by city) rather than from every listed partner.
        add(
            "p.id IN (SELECT f.partner_id FROM partner_offices f WHERE f.state = ? AND f.city_key = ?)",
            vec![text(state.as_str()), text(city)],
        );
    }
    if let Some(minimum) = filter.certified {
        add("p.certified >= ?", vec![Bound::Int(minimum)]);
    }
    if filter.verified {
        add("p.verified_until >= $1", Vec::new());
    }
    (conditions, binds)
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: Vec<Bound>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for bound in binds {
        query = match bound {
            Bound::Int(value) => query.bind(value),
            Bound::Text(value) => query.bind(value),
        };
    }
    query
}

/// How many listed partners `filter` lets through at `now`.
pub async fn count(db: &Db, filter: &Filter, now: i64) -> Result<i64, sqlx::Error> {
    let (conditions, binds) = conditions(filter, now);
    let sql = format!(
        "SELECT COUNT(*) FROM partners p WHERE {}",
        conditions.join(" AND ")
    );
    let row = bind_all(sqlx::query(&sql), binds)
        .fetch_one(db.pool())
        .await?;
    row.try_get(0)
}

/// The listed partners `filter` lets through at `now`, sorted as it asks: by relevance
/// (verification in force first, then a head office in the state asked for, then having
/// certified people; then more certified people, then the name), by certified people,
/// or by name.
pub async fn search(
    db: &Db,
    filter: &Filter,
    now: i64,
    (limit, offset): (i64, i64),
) -> Result<Vec<Listed>, sqlx::Error> {
    let (conditions, mut binds) = conditions(filter, now);
    let asked_state = match filter.place {
        Some(Place::State(state)) => state.as_str(),
        _ => "",
    };
    let order = match filter.sort {
        Sort::Relevance => {
            binds.push(Bound::Text(asked_state.to_owned()));
            let state_at = binds.len();
            format!(
                "(CASE WHEN p.verified_until >= $1 THEN 4 ELSE 0 END) \
             + (CASE WHEN p.state = ${state_at} THEN 2 ELSE 0 END) \
             + (CASE WHEN p.certified > 0 THEN 1 ELSE 0 END) DESC, \
             p.certified DESC, p.sort_name, p.id"
            )
        }
        Sort::Certified => "p.certified DESC, p.sort_name, p.id".to_owned(),
        Sort::Name => "p.sort_name, p.id".to_owned(),
    };
    binds.push(Bound::Int(limit));
    binds.push(Bound::Int(offset));
    let sql = format!(
        "SELECT p.id, p.slug, p.name, p.state, p.city, p.nationwide, p.hours, p.certified, \
         p.verified_until, p.service_bits FROM partners p WHERE {} ORDER BY {order} \
         LIMIT ${} OFFSET ${}",
        conditions.join(" AND "),
        binds.len() - 1,
        binds.len(),
    );
    let rows = bind_all(sqlx::query(&sql), binds)
        .fetch_all(db.pool())
        .await?;
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        let hours: String = row.try_get(6)?;
        listed.push(Listed {
            id: row.try_get(0)?,
            slug: row.try_get(1)?,
            name: row.try_get(2)?,
            state: row.try_get(3)?,
            city: row.try_get(4)?,
            nationwide: row.try_get::<i64, _>(5)? != 0,
            hours: Hours::parse(&hours).unwrap_or(Hours::Business),
            certified: row.try_get(7)?,
            verified_until: row.try_get(8)?,
            services: from_bits(row.try_get(9)?),
        });
    }
    Ok(listed)
}

/// The offers of `ids`, as `(partner, kind, value)`.
async fn offers_of(
    db: &Db,
    ids: &[PartnerId],
) -> Result<Vec<(PartnerId, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let places: Vec<String> = (1..=ids.len()).map(|at| format!("${at}")).collect();
    let sql = format!(
        "SELECT partner_id, kind, value FROM partner_offers WHERE partner_id IN ({})",
        places.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(db.pool()).await
}

/// A partner as its profile shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    pub id: PartnerId,
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    pub rfc: String,
    /// Markdown, as sent.
    pub description: String,
    pub description_html: String,
    pub head_office: Office,
    pub address: String,
    pub nationwide: bool,
    pub hours: Hours,
    pub contact: Contact,
    pub status: Status,
    pub verified_until: Option<i64>,
    pub certified: i64,
    pub desk: Option<String>,
    pub offers: Offers,
    pub offices: Vec<Office>,
}

impl Partner {
    pub fn verification(&self, now: i64) -> Verification {
        Verification::at(self.verified_until, now)
    }

    /// Whether it serves `state`: everywhere, or an office or coverage there.
    pub fn covers(&self, state: &str) -> bool {
        self.nationwide
            || self
                .offices
                .iter()
                .any(|office| office.state.as_str() == state)
            || self
                .offers
                .states
                .iter()
                .any(|covered| covered.as_str() == state)
    }
}

fn partner_from(row: &AnyRow) -> Result<Partner, sqlx::Error> {
    let state: String = row.try_get("state")?;
    let hours: String = row.try_get("hours")?;
    let status: String = row.try_get("status")?;
    let corrupt = |what: &str| sqlx::Error::Decode(format!("a partner's {what} is unknown").into());
    Ok(Partner {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        legal_name: row.try_get("legal_name")?,
        rfc: row.try_get("rfc")?,
        description: row.try_get("description")?,
        description_html: row.try_get("description_html")?,
        head_office: Office {
            state: state.parse::<StateCode>().map_err(|_| corrupt("state"))?,
            city: row.try_get("city")?,
        },
        address: row.try_get("address")?,
        nationwide: row.try_get::<i64, _>("nationwide")? != 0,
        hours: Hours::parse(&hours).ok_or_else(|| corrupt("hours"))?,
        contact: Contact {
            web: row.try_get("web")?,
            phone: row.try_get("phone")?,
            whatsapp: row.try_get("whatsapp")?,
            email: row.try_get("email")?,
        },
        status: Status::parse(&status).ok_or_else(|| corrupt("status"))?,
        verified_until: row.try_get("verified_until")?,
        certified: row.try_get("certified")?,
        desk: row.try_get("desk")?,
        offers: Offers::default(),
        offices: Vec::new(),
    })
}

const PARTNER_COLUMNS: &str = "id, slug, name, legal_name, rfc, description, \
     description_html, state, city, address, nationwide, hours, web, phone, whatsapp, email, \
     status, verified_until, certified, desk";

/// The partner at `slug`, whatever its status (the pages decide who sees it).
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Partner>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {PARTNER_COLUMNS} FROM partners WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    whole(db, row).await
}

/// The partner `id`, whatever its status.
pub async fn by_id(db: &Db, id: PartnerId) -> Result<Option<Partner>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    whole(db, row).await
}

/// A partner's row with its offers and offices.
async fn whole(db: &Db, row: Option<AnyRow>) -> Result<Option<Partner>, sqlx::Error> {
    let Some(row) = row else {
        return Ok(None);
    };
    let mut partner = partner_from(&row)?;
    let offers = offers_of(db, &[partner.id]).await?;
    partner.offers = Offers::from_rows(
        offers
            .iter()
            .map(|(_, kind, value)| (kind.as_str(), value.as_str())),
    );
    let offices: Vec<(String, String)> = sqlx::query_as(
        "SELECT state, city FROM partner_offices WHERE partner_id = $1 ORDER BY state, city_key",
    )
    .bind(partner.id)
    .fetch_all(db.pool())
    .await?;
    partner.offices = offices
        .into_iter()
        .filter_map(|(state, city)| {
            Some(Office {
                state: state.parse().ok()?,
                city,
            })
        })
        .collect();
    Ok(Some(partner))
}

/// The cities listed partners have offices in, in `state`: `(key, name)` by name.
pub async fn cities(db: &Db, state: StateCode) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut cities: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT f.city_key, f.city FROM partner_offices f \
         JOIN partners p ON p.id = f.partner_id \
         WHERE f.state = $1 AND p.status = 'approved'",
    )
    .bind(state.as_str())
    .fetch_all(db.pool())
    .await?;
    cities.sort_by(|a, b| a.0.cmp(&b.0));
    cities.dedup_by(|a, b| a.0 == b.0);
    Ok(cities)
}

/// Every listed partner's slug and when it last changed, for the sitemap.
pub async fn listed(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, updated_at FROM partners WHERE status = 'approved' ORDER BY id")
        .fetch_all(db.pool())
        .await
}
