//! Telling the other side: a public message of the desk reaches the ticket's requester;
//! a customer's message (and a new ticket from a customer) reaches the ticket's
//! assignee, or every agent and admin of the desk while nobody is assigned. Internal
//! notes tell nobody. Each person gets a notice and a mail.
//!
//! The pages and the API write the message, ring the desk's bell ([`ring`]) and answer;
//! the teller (a task of the area, [`crate::area`]) waits a moment ([`GATHER`]) and
//! tells every message not told yet, in batches: one transaction marks the messages
//! told and writes the notices and mails, so nobody hears of a message twice and
//! nothing is lost if the server stops in between (the watch tells what was left). A person with several messages in one
//! batch gets one notice and one mail listing them: a burst of twenty new tickets is one
//! mail to each agent, not twenty.
//!
//! Who hears of what ([`audience`]) and how it is grouped ([`gather`]) are plain
//! functions over plain data.

use std::collections::{BTreeMap, HashMap};

use soporte_platform::i18n::Locale;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::notifications::{self, Notice};
use soporte_platform::storage::{UserId, now_ms};
use soporte_platform::web::AppState;

use crate::store;
use crate::ticket::Mover;
use crate::{MessageId, PartnerId, TicketId};

/// The bell the pages ring after writing a message.
pub const BELL: &str = "desk.tell";

/// How many messages one batch tells at most.
pub const BATCH: usize = 500;

/// How long the teller waits, once rung, for more to tell in the same pass: a person
/// hears of a message about a second after it was written.
pub const GATHER: std::time::Duration = std::time::Duration::from_secs(1);

/// Wakes the teller: a message was written.
pub fn ring(state: &AppState) {
    state.bells.ring(BELL);
}

/// A message nobody was told of yet, with what telling needs of its ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untold {
    pub id: MessageId,
    pub ticket: TicketId,
    pub number: i64,
    pub subject: String,
    pub partner: PartnerId,
    pub partner_slug: String,
    /// The desk's signature, closing what its customers are mailed.
    pub signature: String,
    pub organization: String,
    pub author: Option<UserId>,
    pub side: Mover,
    pub public: bool,
    /// The ticket's first message.
    pub opening: bool,
    pub requester: Option<UserId>,
    pub assignee: Option<UserId>,
    pub body: String,
}

impl Untold {
    /// What the notice says, as a text id.
    fn text_id(&self) -> &'static str {
        match (self.side, self.opening) {
            (Mover::Desk, true) => "desk-notice-opened-for-you",
            (Mover::Desk, false) => "desk-notice-desk-replied",
            (_, true) => "desk-notice-new-ticket",
            (_, false) => "desk-notice-customer-wrote",
        }
    }

    fn heading(&self) -> String {
        format!("#{} {}", self.number, self.subject)
    }
}

/// Who hears of `message`, given the people of its desk: never its author.
pub fn audience(message: &Untold, desk: &[UserId]) -> Vec<UserId> {
    let people: Vec<UserId> = if !message.public {
        Vec::new()
    } else if message.side == Mover::Desk {
        message.requester.into_iter().collect()
    } else if let Some(assignee) = message.assignee {
        vec![assignee]
    } else {
        desk.to_vec()
    };
    people
        .into_iter()
        .filter(|person| Some(*person) != message.author)
        .collect()
}

/// One person's share of a batch: the messages of one desk they hear of, oldest first,
/// and whether they hear as the desk's customer.
#[derive(Debug, PartialEq, Eq)]
pub struct Share<'a> {
    pub person: UserId,
    pub as_customer: bool,
    pub messages: Vec<&'a Untold>,
}

/// The batch's messages grouped by who hears of them (one share per person, desk and
/// side), given each desk's people.
pub fn gather<'a>(batch: &'a [Untold], desks: &HashMap<PartnerId, Vec<UserId>>) -> Vec<Share<'a>> {
    let mut shares: BTreeMap<(UserId, PartnerId, bool), Vec<&'a Untold>> = BTreeMap::new();
    for message in batch {
        let desk = desks.get(&message.partner).map_or(&[][..], Vec::as_slice);
        let as_customer = message.side == Mover::Desk;
        for person in audience(message, desk) {
            shares
                .entry((person, message.partner, as_customer))
                .or_default()
                .push(message);
        }
    }
    shares
        .into_iter()
        .map(|((person, _, as_customer), messages)| Share {
            person,
            as_customer,
            messages,
        })
        .collect()
}

/// An untold message's row, as the batch reads it.
type UntoldRow = (
    MessageId,
    TicketId,
    i64,
    String,
    PartnerId,
    String,
    String,
    String,
    Option<UserId>,
    String,
    String,
    Option<MessageId>,
    Option<UserId>,
    Option<UserId>,
    String,
);

/// Tells one batch of the messages not told yet; returns how many it read (a full
/// [`BATCH`] means there may be more).
pub async fn tell_pending(state: &AppState) -> Result<usize, sqlx::Error> {
    let db = &state.db;
    let rows: Vec<UntoldRow> = sqlx::query_as(
        "SELECT m.id, t.id, t.number, t.subject, t.partner_id, p.slug, p.signature, o.name, \
             m.author_id, m.author_side, m.visibility, \
             (SELECT MIN(f.id) FROM desk_messages f WHERE f.ticket_id = t.id), \
             t.requester_id, t.assignee_id, m.body \
         FROM desk_messages m JOIN desk_tickets t ON t.id = m.ticket_id \
         JOIN desk_partners p ON p.id = t.partner_id \
         JOIN desk_organizations o ON o.id = t.organization_id \
         WHERE m.told_at IS NULL ORDER BY m.id LIMIT $1",
    )
    .bind(i64::try_from(BATCH).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await?;
    let read = rows.len();
    if read == 0 {
        return Ok(0);
    }
    let batch: Vec<Untold> = rows
        .into_iter()
        .map(
            |(
                id,
                ticket,
                number,
                subject,
                partner,
                partner_slug,
                signature,
                organization,
                author,
                side,
                visibility,
                first,
                requester,
                assignee,
                body,
            )| {
                Untold {
                    id,
                    ticket,
                    number,
                    subject,
                    partner,
                    partner_slug,
                    signature,
                    organization,
                    author,
                    side: if side == "desk" {
                        Mover::Desk
                    } else {
                        Mover::Customer
                    },
                    public: visibility == "public",
                    opening: first == Some(id),
                    requester,
                    assignee,
                    body,
                }
            },
        )
        .collect();
    let mut desks: HashMap<PartnerId, Vec<UserId>> = HashMap::new();
    for message in &batch {
        if message.public
            && message.side != Mover::Desk
            && message.assignee.is_none()
            && !desks.contains_key(&message.partner)
        {
            let people = store::members(db, message.partner)
                .await?
                .into_iter()
                .map(|member| member.id)
                .collect();
            desks.insert(message.partner, people);
        }
    }

    let mut tx = db.write().await?;
    let now = now_ms();
    let mut claimed = Vec::with_capacity(batch.len());
    for message in batch {
        let won =
            sqlx::query("UPDATE desk_messages SET told_at = $2 WHERE id = $1 AND told_at IS NULL")
                .bind(message.id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if won == 1 {
            claimed.push(message);
        }
    }
    let mut mailed = false;
    for share in gather(&claimed, &desks) {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
                .bind(share.person)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((email, locale)) = row else {
            continue;
        };
        let locale = Locale::from_tag(&locale).unwrap_or(Locale::EsMx);
        let (title, text, path, body) = words(state, locale, &share);
        notifications::add(
            &mut tx,
            Notice {
                user: share.person,
                title: &title,
                text: &text,
                path: &path,
            },
        )
        .await?;
        if let Ok(to) = email.parse() {
            let mail = OutgoingMail {
                to,
                subject: format!("{title}: {text}"),
                body_text: body,
            };
            mail::queue_mail(&state.queue, &mut tx, &mail).await?;
            mailed = true;
        }
    }
    tx.commit().await?;
    if mailed {
        state.queue.wake();
    }
    Ok(read)
}

/// A share's notice (title, text, link) and its mail's body, in `locale`.
fn words(state: &AppState, locale: Locale, share: &Share<'_>) -> (String, String, String, String) {
    let text_of = |message: &Untold| {
        state.i18n.text_with(
            locale,
            message.text_id(),
            &[("organization", &message.organization)],
        )
    };
    if let [message] = share.messages[..] {
        let text = text_of(message);
        let path = store::path(message.ticket);
        let body = state.i18n.text_with(
            locale,
            "desk-message-mail",
            &[
                ("text", &text),
                ("body", &message.body),
                ("link", &state.absolute_url(&path)),
            ],
        );
        return (message.heading(), text, path, signed(share, body));
    }
    let count = share.messages.len().to_string();
    let title = state
        .i18n
        .text_with(locale, "desk-digest-title", &[("count", &count)]);
    let path = match share.messages.first() {
        Some(_) if share.as_customer => crate::pages::PORTAL.to_owned(),
        Some(message) => format!("/soporte-profesional/mesa/{}", message.partner_slug),
        None => crate::pages::HOME.to_owned(),
    };
    let text = share
        .messages
        .iter()
        .map(|message| message.heading())
        .collect::<Vec<_>>()
        .join(" · ");
    let items = share
        .messages
        .iter()
        .map(|message| {
            format!(
                "{}\n{}\n{}",
                message.heading(),
                text_of(message),
                state.absolute_url(&store::path(message.ticket))
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let body = state.i18n.text_with(
        locale,
        "desk-digest-mail",
        &[("items", &items), ("link", &state.absolute_url(&path))],
    );
    (title, text, path, signed(share, body))
}

/// `body` closed with the desk's signature, for a customer (`-- ` and the signature,
/// as mail readers expect one); as it is for the desk's own people.
fn signed(share: &Share<'_>, body: String) -> String {
    match share.messages.first() {
        Some(message) if share.as_customer && !message.signature.is_empty() => {
            format!("{body}\n\n-- \n{}", message.signature)
        }
        _ => body,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64) -> UserId {
        UserId::new(id)
    }

    fn message(id: i64, side: Mover, public: bool, assignee: Option<i64>) -> Untold {
        Untold {
            id: MessageId::new(id),
            ticket: TicketId::new(id),
            number: id,
            subject: format!("Asunto {id}"),
            partner: PartnerId::new(1),
            partner_slug: "norte".to_owned(),
            signature: String::new(),
            organization: "Maquiladora".to_owned(),
            author: Some(user(if side == Mover::Desk { 10 } else { 20 })),
            side,
            public,
            opening: side == Mover::Customer,
            requester: Some(user(20)),
            assignee: assignee.map(user),
            body: "Texto".to_owned(),
        }
    }

    #[test]
    fn the_audience_is_the_other_side_and_never_the_author() {
        let desk = [user(10), user(11), user(12)];
        let customer = message(1, Mover::Customer, true, None);
        assert_eq!(audience(&customer, &desk), desk.to_vec(), "nobody assigned");
        let assigned = message(2, Mover::Customer, true, Some(11));
        assert_eq!(audience(&assigned, &desk), vec![user(11)]);
        let reply = message(3, Mover::Desk, true, Some(10));
        assert_eq!(audience(&reply, &desk), vec![user(20)]);
        let note = message(4, Mover::Desk, false, Some(11));
        assert_eq!(audience(&note, &desk), Vec::<UserId>::new());
        // An agent who opens a ticket for themselves hears nothing of it.
        let mut own = message(5, Mover::Desk, true, None);
        own.requester = own.author;
        assert_eq!(audience(&own, &desk), Vec::<UserId>::new());
    }

    #[test]
    fn a_burst_is_one_share_per_person_with_its_messages_in_order() {
        let desk = HashMap::from([(PartnerId::new(1), vec![user(10), user(11)])]);
        let batch = [
            message(1, Mover::Customer, true, None),
            message(2, Mover::Customer, true, None),
            message(3, Mover::Desk, true, Some(10)),
            message(4, Mover::Customer, true, Some(11)),
        ];
        let shares = gather(&batch, &desk);
        let seen: Vec<(i64, bool, Vec<i64>)> = shares
            .iter()
            .map(|share| {
                (
                    share.person.get(),
                    share.as_customer,
                    share.messages.iter().map(|m| m.id.get()).collect(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (10, false, vec![1, 2]),
                (11, false, vec![1, 2, 4]),
                (20, true, vec![3]),
            ]
        );
    }
}
