//! Telling the other side: a public message of the desk reaches the ticket's requester;
//! a customer's message (and a new ticket from a customer) reaches the ticket's
//! assignee, or every agent and admin of the desk while nobody is assigned. Each as a
//! notice and a mail, written in one transaction with the mark that the message was
//! told, so nobody hears of a message twice. The pages tell at once; the watch tells
//! whatever was left (a server that stopped between the write and the telling).
//! Internal notes tell nobody.

use soporte_platform::i18n::Locale;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::notifications::{self, Notice};
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::web::AppState;

use crate::MessageId;
use crate::store;

/// Tells the other side of message `id`, unless it was told already.
pub async fn tell(state: &AppState, id: MessageId) -> Result<(), sqlx::Error> {
    let db = &state.db;
    let row: Option<(crate::TicketId, Option<UserId>, String, String, String)> = sqlx::query_as(
        "SELECT ticket_id, author_id, author_side, visibility, body FROM desk_messages \
         WHERE id = $1 AND told_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some((ticket_id, author, side, visibility, body)) = row else {
        return Ok(());
    };
    let Some(ticket) = store::ticket(db, ticket_id).await? else {
        return Ok(());
    };
    let first: Option<i64> =
        sqlx::query_scalar("SELECT MIN(id) FROM desk_messages WHERE ticket_id = $1")
            .bind(ticket_id)
            .fetch_one(db.pool())
            .await?;
    let opening = first == Some(id.get());
    let people: Vec<UserId> = if visibility != "public" {
        Vec::new()
    } else if side == "desk" {
        ticket.requester.into_iter().collect()
    } else if let Some(assignee) = ticket.assignee {
        vec![assignee]
    } else {
        store::members(db, ticket.partner)
            .await?
            .into_iter()
            .map(|member| member.id)
            .collect()
    };
    let path = store::path(ticket.id);
    let heading = format!("#{} {}", ticket.number, ticket.subject);
    let mut tx = db.write().await?;
    let claimed =
        sqlx::query("UPDATE desk_messages SET told_at = $2 WHERE id = $1 AND told_at IS NULL")
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Ok(());
    }
    let mut mailed = false;
    for person in people.into_iter().filter(|person| Some(*person) != author) {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((email, locale)) = row else {
            continue;
        };
        let locale = Locale::from_tag(&locale).unwrap_or(Locale::EsMx);
        let text_id = match (side.as_str(), opening) {
            ("desk", true) => "desk-notice-opened-for-you",
            ("desk", false) => "desk-notice-desk-replied",
            (_, true) => "desk-notice-new-ticket",
            (_, false) => "desk-notice-customer-wrote",
        };
        let text = state.i18n.text_with(
            locale,
            text_id,
            &[("organization", &ticket.organization_name)],
        );
        notifications::add(
            &mut tx,
            Notice {
                user: person,
                title: &heading,
                text: &text,
                path: &path,
            },
        )
        .await?;
        if let Ok(to) = email.parse() {
            let mail = OutgoingMail {
                to,
                subject: format!("{heading}: {text}"),
                body_text: state.i18n.text_with(
                    locale,
                    "desk-message-mail",
                    &[
                        ("text", &text),
                        ("body", &body),
                        ("link", &state.absolute_url(&path)),
                    ],
                ),
            };
            mail::queue_mail(&state.queue, &mut tx, &mail).await?;
            mailed = true;
        }
    }
    tx.commit().await?;
    if mailed {
        state.queue.wake();
    }
    Ok(())
}

/// Tells every message not told yet; returns how many.
pub async fn tell_pending(state: &AppState) -> Result<usize, sqlx::Error> {
    let pending: Vec<MessageId> = sqlx::query_scalar(
        "SELECT id FROM desk_messages WHERE told_at IS NULL ORDER BY id LIMIT 500",
    )
    .fetch_all(state.db.pool())
    .await?;
    for id in &pending {
        tell(state, *id).await?;
    }
    Ok(pending.len())
}

/// Reminds a desk's admins and the organization's account manager that a contract
/// ends soon, once, when its notice period begins (`renewal_notice_days` before its
/// last day); returns how many contracts.
pub async fn remind_renewals(state: &AppState) -> Result<usize, sqlx::Error> {
    let db = &state.db;
    let today = crate::sla::clock::Instant::from_ms(now_ms()).iso()[..10].to_owned();
    let Some(today_day) = crate::sla::day::Day::parse_iso(&today) else {
        return Ok(0);
    };
    let rows: Vec<(
        crate::ContractId,
        crate::PartnerId,
        crate::OrganizationId,
        String,
        String,
        i64,
    )> = sqlx::query_as(
        "SELECT k.id, k.partner_id, k.organization_id, k.name, k.ends_on, k.renewal_notice_days \
             FROM desk_contracts k WHERE k.ends_on >= $1 \
             AND NOT EXISTS (SELECT 1 FROM desk_renewals_told r WHERE r.contract_id = k.id)",
    )
    .bind(&today)
    .fetch_all(db.pool())
    .await?;
    let mut reminded = 0;
    for (contract, partner, organization, name, ends_on, notice) in rows {
        let Some(end) = crate::sla::day::Day::parse_iso(&ends_on) else {
            continue;
        };
        if today_day.0 < end.0 - notice {
            continue;
        }
        let Some(org) = store::organization(db, organization).await? else {
            continue;
        };
        let mut people: Vec<UserId> = store::members(db, partner)
            .await?
            .into_iter()
            .filter(|member| member.role == store::StaffRole::Admin)
            .map(|member| member.id)
            .collect();
        if let Some(manager) = &org.manager
            && !people.contains(&manager.id)
        {
            people.push(manager.id);
        }
        let Some(partner_row) = store::partner(db, partner).await? else {
            continue;
        };
        let path = format!(
            "/soporte-profesional/mesa/{}/administrar#contratos",
            partner_row.slug
        );
        let mut tx = db.write().await?;
        let claimed = sqlx::query(
            "INSERT INTO desk_renewals_told (contract_id, told_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(contract)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        for person in people {
            let locale: Option<String> =
                sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
                    .bind(person)
                    .fetch_optional(&mut *tx)
                    .await?;
            let locale = locale
                .as_deref()
                .and_then(Locale::from_tag)
                .unwrap_or(Locale::EsMx);
            let text = state.i18n.text_with(
                locale,
                "desk-renewal-due",
                &[
                    ("contract", &name),
                    ("organization", &org.name),
                    ("ends", &ends_on),
                ],
            );
            notifications::add(
                &mut tx,
                Notice {
                    user: person,
                    title: &name,
                    text: &text,
                    path: &path,
                },
            )
            .await?;
        }
        tx.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}
