//! Application and verification by the foundation: a company's application with its
//! documents, the queue of applications and renewals the foundation's staff review, each
//! decision (in the audit log, told to the applicant by mail), and the applicant's own
//! view of where it stands. The rules are [`crate::review`]'s; this module stores them.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::roles::grant_within;
use soporte_platform::attachments::{File, Kind};
use soporte_platform::audit::{self, Action as AuditAction, Entry};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::handover::{HandoverError, NewDesk};
use soporte_platform::i18n::Locale;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::storage::{Db, UserId};
use soporte_platform::web::AppState;
use sqlx::AnyConnection;

use crate::PartnerId;
use crate::profile::{NewPartner, Status};
use crate::review::{Decision, NotWaiting, Standing, decide};
use crate::store::{self, PartnersError, subject};

/// A decision of the foundation on an application or a renewal.
pub const DECIDED: AuditAction = AuditAction::new("partner.decided");

/// A document kept with an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    pub filename: String,
    pub kind: Kind,
    pub size: i64,
    pub created_at: i64,
}

/// A step of an application's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// applied | resent | renewal | approved | more | rejected.
    pub step: String,
    pub note: String,
    pub by: Option<String>,
    pub at: i64,
}

/// An application waiting for the foundation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub id: PartnerId,
    pub name: String,
    pub rfc: String,
    pub state: String,
    pub renewal: bool,
    pub sent_at: i64,
}

/// Where `id` stands, with its applicant.
pub async fn standing(
    db: &Db,
    id: PartnerId,
) -> Result<Option<(Standing, Option<UserId>)>, sqlx::Error> {
    type Row = (String, Option<i64>, Option<i64>, Option<UserId>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT status, verified_until, renewal_asked_at, applicant_id FROM partners WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(
        row.and_then(|(status, verified_until, renewal, applicant)| {
            Some((
                Standing {
                    status: Status::parse(&status)?,
                    verified_until,
                    renewal_asked: renewal.is_some(),
                },
                applicant,
            ))
        }),
    )
}

/// The application `applicant` keeps (going or listed), if any: not a rejected one.
pub async fn of_applicant(db: &Db, applicant: UserId) -> Result<Option<PartnerId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM partners WHERE applicant_id = $1 AND status <> 'rejected' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(applicant)
    .fetch_optional(db.pool())
    .await
}

/// How long a document sent with a form that was not yet accepted is kept.
const STAGED_MS: i64 = 24 * 60 * 60 * 1000;

/// Keeps `file`, sent by `owner` with a form not yet accepted; its id, for the form to
/// carry. What the owner left waiting for more than a day is dropped.
pub async fn stage(db: &Db, owner: UserId, file: &File, at: i64) -> Result<i64, sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query(
        "DELETE FROM partner_documents WHERE owner_id = $1 AND partner_id IS NULL AND created_at < $2",
    )
    .bind(owner)
    .bind(at - STAGED_MS)
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO partner_documents (partner_id, owner_id, filename, kind, size, bytes, created_at) \
         VALUES (NULL, $1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner)
    .bind(&file.name)
    .bind(file.kind.as_str())
    .bind(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX))
    .bind(&file.bytes)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Of `carried`, the documents `owner` sent that wait for a form: `(id, name)`.
pub async fn staged(
    db: &Db,
    owner: UserId,
    carried: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let kept: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, filename FROM partner_documents WHERE owner_id = $1 AND partner_id IS NULL \
         ORDER BY id",
    )
    .bind(owner)
    .fetch_all(db.pool())
    .await?;
    Ok(kept
        .into_iter()
        .filter(|(id, _)| carried.contains(id))
        .collect())
}

/// Joins the documents `owner` staged (of `carried`) to application `id`; how many.
async fn attach(
    connection: &mut AnyConnection,
    id: PartnerId,
    owner: UserId,
    carried: &[i64],
) -> Result<usize, sqlx::Error> {
    let mut attached = 0;
    for document in carried {
        let done = sqlx::query(
            "UPDATE partner_documents SET partner_id = $1 \
             WHERE id = $2 AND owner_id = $3 AND partner_id IS NULL",
        )
        .bind(id)
        .bind(document)
        .bind(owner)
        .execute(&mut *connection)
        .await?;
        attached += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(attached)
}

async fn add_step(
    connection: &mut AnyConnection,
    id: PartnerId,
    (step, note): (&str, &str),
    by: Option<UserId>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO partner_steps (partner_id, step, note, by_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(step)
    .bind(note)
    .bind(by)
    .bind(at)
    .execute(&mut *connection)
    .await?;
    events::append(
        connection,
        NewEvent {
            kind: "partner.step",
            subject: subject(id),
            actor_id: by,
            payload: &serde_json::json!({ "step": step }),
        },
    )
    .await?;
    Ok(())
}

/// A company's application, with its documents, from `applicant`: pending review. One
/// application a person at a time (a rejected one does not count).
pub async fn apply(
    db: &Db,
    partner: &NewPartner,
    applicant: UserId,
    documents: &[i64],
    at: i64,
) -> Result<(PartnerId, String), PartnersError> {
    let mut tx = db.write().await?;
    let going: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM partners WHERE applicant_id = $1 AND status <> 'rejected'",
    )
    .bind(applicant)
    .fetch_optional(&mut *tx)
    .await?;
    if going.is_some() {
        return Err(PartnersError::Problem("partners-apply-already"));
    }
    let (id, slug) = store::insert(&mut tx, partner, Status::Pending, Some(applicant), at).await?;
    if attach(&mut tx, id, applicant, documents).await? == 0 {
        return Err(PartnersError::Problem("partners-apply-documents"));
    }
    add_step(&mut tx, id, ("applied", ""), Some(applicant), at).await?;
    tx.commit().await?;
    Ok((id, slug))
}

/// The application sent again after the foundation asked for more: its facts as now
/// sent, more documents, and back in the queue.
pub async fn resend(
    db: &Db,
    id: PartnerId,
    partner: &NewPartner,
    (documents, by): (&[i64], UserId),
    at: i64,
) -> Result<(), PartnersError> {
    let mut tx = db.write().await?;
    let changed = store::update(&mut tx, id, partner, Status::MoreAsked, at).await?;
    if !changed {
        return Err(PartnersError::Problem("partners-review-changed"));
    }
    sqlx::query("UPDATE partners SET status = 'pending' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    attach(&mut tx, id, by, documents).await?;
    add_step(&mut tx, id, ("resent", ""), Some(by), at).await?;
    tx.commit().await?;
    Ok(())
}

/// A listed partner's own edit of its profile: its facts as now sent (its names and
/// RFC as verified), at once in the directory.
pub async fn edit(
    db: &Db,
    id: PartnerId,
    partner: &NewPartner,
    by: UserId,
    at: i64,
) -> Result<(), PartnersError> {
    let mut tx = db.write().await?;
    if !store::update(&mut tx, id, partner, Status::Approved, at).await? {
        return Err(PartnersError::Problem("partners-review-changed"));
    }
    events::append(
        &mut tx,
        NewEvent {
            kind: "partner.edited",
            subject: subject(id),
            actor_id: Some(by),
            payload: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A listed partner asks the foundation to renew its verification, with documents
/// (a recent constancia de situación fiscal).
pub async fn ask_renewal(
    db: &Db,
    id: PartnerId,
    (documents, by): (&[i64], UserId),
    now: i64,
) -> Result<(), PartnersError> {
    let Some((standing, _)) = standing(db, id).await? else {
        return Err(PartnersError::Problem("partners-review-changed"));
    };
    if !standing.may_renew(now) {
        return Err(PartnersError::Problem("partners-renew-not-yet"));
    }
    let mut tx = db.write().await?;
    let asked = sqlx::query(
        "UPDATE partners SET renewal_asked_at = $2, updated_at = $2 \
         WHERE id = $1 AND status = 'approved' AND renewal_asked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if asked.rows_affected() != 1 {
        return Err(PartnersError::Problem("partners-review-changed"));
    }
    if attach(&mut tx, id, by, documents).await? == 0 {
        return Err(PartnersError::Problem("partners-apply-documents"));
    }
    add_step(&mut tx, id, ("renewal", ""), Some(by), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The applications and renewals waiting for the foundation, the oldest first.
pub async fn queue(db: &Db) -> Result<Vec<Waiting>, sqlx::Error> {
    let rows: Vec<(PartnerId, String, String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT id, name, rfc, state, renewal_asked_at, updated_at FROM partners \
         WHERE status = 'pending' OR (status = 'approved' AND renewal_asked_at IS NOT NULL) \
         ORDER BY updated_at, id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, rfc, state, renewal, sent_at)| Waiting {
            id,
            name,
            rfc,
            state,
            renewal: renewal.is_some(),
            sent_at,
        })
        .collect())
}

/// An application's documents, the oldest first.
pub async fn documents(db: &Db, id: PartnerId) -> Result<Vec<Document>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, filename, kind, size, created_at FROM partner_documents \
         WHERE partner_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, filename, kind, size, created_at)| {
            Some(Document {
                id,
                filename,
                kind: Kind::parse(&kind)?,
                size,
                created_at,
            })
        })
        .collect())
}

/// A document's partner, name, kind and bytes.
pub async fn document(
    db: &Db,
    id: i64,
) -> Result<Option<(PartnerId, String, Kind, Vec<u8>)>, sqlx::Error> {
    let row: Option<(PartnerId, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT partner_id, filename, kind, bytes FROM partner_documents \
         WHERE id = $1 AND partner_id IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row
        .and_then(|(partner, name, kind, bytes)| Some((partner, name, Kind::parse(&kind)?, bytes))))
}

/// An application's history, in order.
pub async fn steps(db: &Db, id: PartnerId) -> Result<Vec<Step>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT s.step, s.note, u.display_name, s.at FROM partner_steps s \
         LEFT JOIN users u ON u.id = s.by_id WHERE s.partner_id = $1 ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(step, note, by, at)| Step { step, note, by, at })
        .collect())
}

/// Carries out the foundation's `decision` on `id` (by `by`, staff): where the partner
/// stands, its history, the audit log, the applicant made the partner's admin when
/// approved, and a mail to the applicant, all in one transaction. A decision on
/// something that no longer waits (another staff member decided first) is refused.
pub async fn carry_out(
    state: &AppState,
    id: PartnerId,
    decision: &Decision,
    by: UserId,
    now: i64,
) -> Result<Standing, PartnersError> {
    let db = &state.db;
    let Some((before, applicant)) = standing(db, id).await? else {
        return Err(PartnersError::Problem("partners-review-changed"));
    };
    let after = decide(before, decision, now)
        .map_err(|NotWaiting| PartnersError::Problem("partners-review-changed"))?;
    let mut tx = db.write().await?;
    // Only if nobody changed it meanwhile.
    let changed = sqlx::query(
        "UPDATE partners SET status = $2, verified_until = $3, \
         renewal_asked_at = CASE WHEN $4 = 1 THEN renewal_asked_at ELSE NULL END, updated_at = $5 \
         WHERE id = $1 AND status = $6 AND (renewal_asked_at IS NOT NULL) = ($7 = 1)",
    )
    .bind(id)
    .bind(after.status.as_str())
    .bind(after.verified_until)
    .bind(i64::from(after.renewal_asked))
    .bind(now)
    .bind(before.status.as_str())
    .bind(i64::from(before.renewal_asked))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(PartnersError::Problem("partners-review-changed"));
    }
    add_step(
        &mut tx,
        id,
        (decision.step(), decision.note()),
        Some(by),
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor_id: Some(by),
            action: DECIDED,
            target_user_id: applicant,
            detail: &serde_json::json!({
                "partner": id,
                "decision": decision.step(),
                "renewal": before.is_renewal(),
                "note": decision.note(),
            }),
        },
    )
    .await?;
    let mut mailed = false;
    if let Some(applicant) = applicant {
        if after.status == Status::Approved {
            grant_within(&mut tx, applicant, Role::PartnerAdmin, Some(by)).await?;
            open_desk(state, &mut tx, (id, applicant, by), now).await?;
        }
        mailed = tell_applicant(state, &mut tx, (id, applicant), decision, after).await?;
    }
    tx.commit().await?;
    if mailed {
        state.queue.wake();
    }
    Ok(after)
}

/// Opens the partner's desk, with its applicant as admin, if it has none yet and a desk
/// area is there to open it.
async fn open_desk(
    state: &AppState,
    connection: &mut AnyConnection,
    (id, admin, by): (PartnerId, UserId, UserId),
    at: i64,
) -> Result<(), PartnersError> {
    let Some(desks) = state.site.desks() else {
        return Ok(());
    };
    let (slug, name, desk): (String, String, Option<String>) =
        sqlx::query_as("SELECT slug, name, desk FROM partners WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *connection)
            .await?;
    if desk.is_some() {
        return Ok(());
    }
    let desk = desks
        .open_desk(
            connection,
            NewDesk {
                slug: &slug,
                name: &name,
                admin,
                by,
            },
            at,
        )
        .await
        .map_err(|error| match error {
            HandoverError::Refused(message) => PartnersError::Problem(message),
            HandoverError::Database(error) => PartnersError::Database(error),
        })?;
    sqlx::query("UPDATE partners SET desk = $2 WHERE id = $1")
        .bind(id)
        .bind(desk)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Queues the mail that tells the applicant of a decision, in their language; whether
/// one was queued (an account without a usable address gets none).
async fn tell_applicant(
    state: &AppState,
    connection: &mut AnyConnection,
    (id, applicant): (PartnerId, UserId),
    decision: &Decision,
    after: Standing,
) -> Result<bool, sqlx::Error> {
    let person: Option<(String, String)> =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(applicant)
            .fetch_optional(&mut *connection)
            .await?;
    let name: String = sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *connection)
        .await?;
    let Some((email, locale)) = person else {
        return Ok(false);
    };
    let Ok(to) = email.parse() else {
        return Ok(false);
    };
    let locale = Locale::from_tag(&locale).unwrap_or(Locale::EsMx);
    let until = after
        .verified_until
        .map(soporte_platform::text::day)
        .unwrap_or_default();
    let link = state.absolute_url(crate::apply::MINE);
    let (subject_id, body_id) = match decision {
        Decision::Approve(_) => ("partners-mail-approved-subject", "partners-mail-approved"),
        Decision::AskMore(_) => ("partners-mail-more-subject", "partners-mail-more"),
        Decision::Reject(_) => ("partners-mail-rejected-subject", "partners-mail-rejected"),
    };
    let args = [
        ("name", name.as_str()),
        ("until", until.as_str()),
        ("note", decision.note()),
        ("link", link.as_str()),
    ];
    let mut body = state.i18n.text_with(locale, body_id, &args);
    if !decision.note().is_empty() {
        body.push_str("\n\n");
        body.push_str(&state.i18n.text_with(locale, "partners-mail-note", &args));
    }
    body.push_str("\n\n");
    body.push_str(&state.i18n.text_with(locale, "partners-mail-link", &args));
    let mail = OutgoingMail {
        to,
        subject: state.i18n.text_with(locale, subject_id, &args),
        body_text: body,
    };
    mail::queue_mail(&state.queue, connection, &mail).await?;
    Ok(true)
}
