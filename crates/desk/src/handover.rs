//! What the desks do for other rungs through the platform ([`soporte_platform::handover`]):
//! open a desk for a partner the foundation approved in the directory, and take in a
//! buyer's request as a ticket of the partner's desk, with its organization as a new
//! client of the desk and the buyer as its customer (so they read and answer the ticket
//! in the portal, and hear of the desk's replies). All on the caller's connection.

use soporte_platform::area::BoxFuture;
use soporte_platform::handover::{Desks, Handed, Handover, HandoverError, NewDesk, Urgency};
use soporte_platform::links::Subject as LinkSubject;
use sqlx::AnyConnection;

use crate::sla::zone::Zone;
use crate::store::{self, DeskError, NewTicket, Opening};
use crate::ticket::{Body, Channel, Mover, Priority, Subject};
use crate::{OrganizationId, PartnerId};

/// The desks, as the platform offers them to other areas.
pub struct DeskPort;

fn refused(error: DeskError) -> HandoverError {
    match error {
        DeskError::Problem(message) => HandoverError::Refused(message),
        DeskError::Database(error) => HandoverError::Database(error),
        DeskError::NotFound => HandoverError::Refused("desk-problem-no-desk"),
        DeskError::ForeignOrganization | DeskError::Move => {
            HandoverError::Refused("desk-problem-handover")
        }
    }
}

/// The priority a handed-over request opens with.
pub fn priority(urgency: Urgency) -> Priority {
    let level = match urgency {
        Urgency::Critical => 1,
        Urgency::High => 2,
        Urgency::Normal => 3,
        Urgency::Low => 4,
    };
    Priority::new(level).unwrap_or(Priority::NORMAL)
}

/// `wanted` if no desk has it, else the first of `wanted-2`, `wanted-3`… that is free
/// (cut to the 40 characters a desk's slug may have).
async fn free_slug(connection: &mut AnyConnection, wanted: &str) -> Result<String, sqlx::Error> {
    let base: String = wanted
        .chars()
        .take(34)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned();
    let base = if store::valid_slug(&base) {
        base
    } else {
        "socio".to_owned()
    };
    let mut slug = base.clone();
    let mut n = 2;
    while store::slug_taken(connection, &slug).await? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// A name for a new client organization of `partner` from `wanted`: as written, or
/// with ` (2)`, ` (3)`… when the desk already has one by that name.
async fn free_organization(
    connection: &mut AnyConnection,
    partner: PartnerId,
    wanted: &str,
) -> Result<String, sqlx::Error> {
    let mut name = wanted.to_owned();
    let mut n = 2;
    loop {
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM desk_organizations WHERE partner_id = $1 AND name = $2",
        )
        .bind(partner)
        .bind(&name)
        .fetch_optional(&mut *connection)
        .await?;
        if taken.is_none() {
            return Ok(name);
        }
        name = format!("{wanted} ({n})");
        n += 1;
    }
}

async fn hand_over(
    connection: &mut AnyConnection,
    work: Handover<'_>,
    at: i64,
) -> Result<Handed, HandoverError> {
    let subject = Subject::parse(work.title).map_err(|w| HandoverError::Refused(w.message_id()))?;
    let body = Body::parse(work.body).map_err(|w| HandoverError::Refused(w.message_id()))?;
    let tags = crate::ticket::Tags::parse(&work.tags.join(" ")).map_err(HandoverError::Refused)?;
    let partner: Option<PartnerId> =
        sqlx::query_scalar("SELECT id FROM desk_partners WHERE slug = $1")
            .bind(work.desk)
            .fetch_optional(&mut *connection)
            .await?;
    let partner = partner.ok_or(HandoverError::Refused("desk-problem-no-desk"))?;
    let name = free_organization(connection, partner, work.organization).await?;
    let organization: OrganizationId = sqlx::query_scalar(
        "INSERT INTO desk_organizations (partner_id, name, zone, manager_id, manager_phone, \
         manager_whatsapp, created_at) VALUES ($1, $2, $3, NULL, '', '', $4) RETURNING id",
    )
    .bind(partner)
    .bind(&name)
    .bind(Zone::MexicoCity.name())
    .bind(at)
    .fetch_one(&mut *connection)
    .await?;
    sqlx::query("INSERT INTO desk_customers (organization_id, user_id) VALUES ($1, $2)")
        .bind(organization)
        .bind(work.requester)
        .execute(&mut *connection)
        .await?;
    let opening = Opening {
        new: NewTicket {
            partner,
            organization,
            requester: work.requester,
            subject,
            body,
            priority: priority(work.urgency),
            channel: Channel::Portal,
            external_id: None,
            author: work.requester,
            side: Mover::Customer,
            tags: tags.as_slice().to_vec(),
            files: Vec::new(),
            origin: Some(work.origin.clone()),
        },
        at,
    };
    let mut opened = store::open_all(connection, std::slice::from_ref(&opening)).await?;
    let (ticket, number) = opened
        .pop()
        .ok_or(HandoverError::Refused("desk-problem-handover"))?
        .map_err(refused)?;
    Ok(Handed {
        subject: LinkSubject::new(crate::SUBJECT, ticket.get())
            .map_err(|_| HandoverError::Refused("desk-problem-handover"))?,
        number,
        path: store::path(ticket),
        bell: crate::notify::BELL,
    })
}

impl Desks for DeskPort {
    fn open_desk<'a>(
        &'a self,
        connection: &'a mut AnyConnection,
        desk: NewDesk<'a>,
        at: i64,
    ) -> BoxFuture<'a, Result<String, HandoverError>> {
        Box::pin(async move {
            let slug = free_slug(connection, desk.slug).await?;
            store::open_partner_on(connection, (&slug, desk.name), desk.admin, desk.by, at)
                .await
                .map_err(refused)?;
            Ok(slug)
        })
    }

    fn desk_path(&self, slug: &str) -> String {
        format!("{}/mesa/{slug}", crate::pages::HOME)
    }

    fn hand_over<'a>(
        &'a self,
        connection: &'a mut AnyConnection,
        work: Handover<'a>,
        at: i64,
    ) -> BoxFuture<'a, Result<Handed, HandoverError>> {
        Box::pin(hand_over(connection, work, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_sets_the_priority() {
        assert_eq!(priority(Urgency::Critical), Priority::CRITICAL);
        assert_eq!(priority(Urgency::Normal), Priority::NORMAL);
        assert_eq!(priority(Urgency::Low).level(), 4);
        assert_eq!(priority(Urgency::High).level(), 2);
    }
}
