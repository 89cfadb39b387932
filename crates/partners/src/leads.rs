//! A buyer's request written and taken to the partner's desk, in one transaction: the
//! requester (signed in, known by their address, or a new account without a password
//! that they can claim), the lead, the ticket it becomes in the desk (through the
//! platform's [`soporte_platform::handover`], linked to the lead), and the mail that
//! confirms it to the requester. Nothing is half-written: if the desk refuses, nothing is.

use soporte_platform::accounts::{AddUserError, NewUser, Role, insert_user};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::handover::{Handover, HandoverError};
use soporte_platform::i18n::Locale;
use soporte_platform::links::Subject;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::storage::UserId;
use soporte_platform::web::AppState;

use crate::lead::Lead;
use crate::store::{Partner, PartnersError, subject};

/// The prefix of a lead's subject: `lead:7`.
pub const SUBJECT: &str = "lead";

/// A request taken to the desk: its ticket's number there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sent {
    pub number: i64,
}

fn refused(error: HandoverError) -> PartnersError {
    match error {
        HandoverError::Refused(message) => PartnersError::Problem(message),
        HandoverError::Database(error) => PartnersError::Database(error),
    }
}

/// Writes `lead` to `partner` from `signed_in` (or a visitor) and takes it to the
/// partner's desk; `locale` is the requester's.
pub async fn send(
    state: &AppState,
    partner: &Partner,
    lead: &Lead,
    (signed_in, locale): (Option<UserId>, Locale),
    at: i64,
) -> Result<Sent, PartnersError> {
    let (Some(desks), Some(desk)) = (state.site.desks(), partner.desk.as_deref()) else {
        return Err(PartnersError::Problem("partners-lead-no-desk"));
    };
    let mut tx = state.db.write().await?;
    let known: Option<(UserId, Option<String>)> = match signed_in {
        Some(id) => Some((id, Some(String::new()))),
        None => {
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
                .bind(lead.email.as_str())
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    let (requester, has_password) = match known {
        Some((id, password)) => (id, password.is_some()),
        None => {
            let new = NewUser {
                email: &lead.email,
                name: &lead.name,
                password_hash: None,
                locale,
                confirmed: false,
                roles: &[Role::Member],
            };
            let id = insert_user(&mut tx, &new, None)
                .await
                .map_err(|error| match error {
                    AddUserError::Database(error) => PartnersError::Database(error),
                    AddUserError::EmailTaken => PartnersError::Problem("partners-review-changed"),
                })?;
            (id, false)
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO partner_leads (partner_id, requester_id, organization, size, state, \
         service, urgency, need, ticket, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9) RETURNING id",
    )
    .bind(partner.id)
    .bind(requester)
    .bind(&lead.organization)
    .bind(lead.size.param())
    .bind(lead.state.as_str())
    .bind(lead.service.param())
    .bind(lead.urgency.param())
    .bind(&lead.need)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let origin =
        Subject::new(SUBJECT, id).map_err(|_| PartnersError::Problem("partners-lead-no-desk"))?;
    // The desk reads in Spanish first.
    let desk_locale = Locale::EsMx;
    let text = |id: &str| state.i18n.text(desk_locale, id);
    let service = text(lead.service.message_id());
    let title = state.i18n.text_with(
        desk_locale,
        "partners-lead-ticket-title",
        &[("service", &service), ("organization", &lead.organization)],
    );
    let body = state.i18n.text_with(
        desk_locale,
        "partners-lead-ticket-body",
        &[
            ("name", lead.name.as_str()),
            ("email", lead.email.as_str()),
            ("organization", &lead.organization),
            ("size", &text(lead.size.message_id())),
            ("state", &text(&format!("state-{}", lead.state.as_str()))),
            ("service", &service),
            ("urgency", &text(lead.urgency.message_id())),
            ("need", &lead.need),
        ],
    );
    let handed = desks
        .hand_over(
            &mut tx,
            Handover {
                desk,
                origin: &origin,
                organization: &lead.organization,
                requester,
                title: &title,
                body: &body,
                urgency: lead.urgency.for_desk(),
                tags: &["directorio"],
            },
            at,
        )
        .await
        .map_err(refused)?;
    sqlx::query("UPDATE partner_leads SET ticket = $2 WHERE id = $1")
        .bind(id)
        .bind(handed.subject.to_string())
        .execute(&mut *tx)
        .await?;
    events::append(
        &mut tx,
        NewEvent {
            kind: "partner.lead",
            subject: subject(partner.id),
            actor_id: signed_in,
            payload: &serde_json::json!({ "lead": id, "ticket": handed.subject.to_string() }),
        },
    )
    .await?;
    let number = handed.number.to_string();
    let follow = if has_password {
        state.absolute_url(&handed.path)
    } else {
        state.absolute_url("/cuenta/olvide")
    };
    let args = [
        ("partner", partner.name.as_str()),
        ("number", number.as_str()),
        ("link", follow.as_str()),
    ];
    let body_id = if has_password {
        "partners-lead-mail"
    } else {
        "partners-lead-mail-new-account"
    };
    let mail = OutgoingMail {
        to: lead
            .email
            .as_str()
            .parse()
            .map_err(|_| PartnersError::Problem("partners-apply-email"))?,
        subject: state
            .i18n
            .text_with(locale, "partners-lead-mail-subject", &args),
        body_text: state.i18n.text_with(locale, body_id, &args),
    };
    mail::queue_mail(&state.queue, &mut tx, &mail).await?;
    tx.commit().await?;
    state.bells.ring(handed.bell);
    state.queue.wake();
    Ok(Sent {
        number: handed.number,
    })
}
