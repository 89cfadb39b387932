//! Warnings and escalations: a watch over every ticket not closed reads its clocks;
//! a target about to fall due (a quarter of it or less left) gets a warning, a target
//! past due gets its breach recorded and an escalation. Each is queued once, with its
//! row, in one transaction (`desk_alerts`' key makes a second queuing a no-op), as a
//! `desk.alert` job that tells the ticket's assignee, its team's lead and its
//! organization's account manager, each once: the notice, its mail and the row saying
//! that person was told are written together, so a job run again after its worker died
//! tells only those not told yet.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use soporte_platform::i18n::Locale;
use soporte_platform::jobs::{Job, JobError, JobFuture, JobHandler};
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::notifications::{self, Notice};
use soporte_platform::storage::now_ms;
use soporte_platform::web::AppState;

use crate::sla::calendar::Calendar;
use crate::sla::clock::{Instant, Pauses};
use crate::sla::state::{self, Reading, Target, Targets};
use crate::store::{self, Ticket};
use crate::{ContractId, TicketId};

/// The kind of the job.
pub const KIND: &str = "desk.alert";

/// What an alert says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alert {
    /// A quarter of the target or less is left.
    Warning,
    /// It is past due: breached.
    Breach,
    /// A P1 ticket opened a critical incident: everyone on call hears at once.
    Incident,
    /// An incident's next public update is due.
    UpdateDue,
}

impl Alert {
    fn as_str(self) -> &'static str {
        match self {
            Alert::Warning => "warning",
            Alert::Breach => "breach",
            Alert::Incident => "incident",
            Alert::UpdateDue => "update-due",
        }
    }
}

/// Whether `reading` of a target of `minutes` calls for an alert now.
pub fn alert_for(reading: &Reading, minutes: u32) -> Option<Alert> {
    if reading.met.is_some() && !reading.breached {
        return None;
    }
    if reading.breached {
        return Some(Alert::Breach);
    }
    // A paused clock is not running out.
    if reading.paused {
        return None;
    }
    (reading.left * 4 <= i64::from(minutes) * 60).then_some(Alert::Warning)
}

#[derive(Serialize, Deserialize)]
struct Payload {
    alert: i64,
}

/// Reads the clocks of every ticket not closed and queues what is due; returns how
/// many alerts were queued. Breaches are recorded in `desk_breaches`, once. Also sends
/// the satisfaction surveys of tickets resolved since ([`crate::survey`]).
pub async fn watch_once(state: &AppState) -> Result<usize, sqlx::Error> {
    let db = &state.db;
    let tickets = store::watched(db).await?;
    let mut pauses = store::pauses_of_watched(db).await?;
    let mut services: HashMap<(ContractId, i64), Option<(Calendar, Targets)>> = HashMap::new();
    let now = Instant::from_ms(now_ms());
    let mut queued = 0;
    for ticket in tickets {
        let Some(contract) = ticket.contract else {
            continue;
        };
        let key = (contract, ticket.priority.level());
        if let std::collections::hash_map::Entry::Vacant(entry) = services.entry(key) {
            let service = store::service(db, &ticket)
                .await?
                .map(|(contract, targets)| (contract.calendar, targets));
            entry.insert(service);
        }
        let Some(Some((calendar, targets))) = services.get(&key) else {
            continue;
        };
        let facts = store::facts_of(&ticket, pauses.remove(&ticket.id).unwrap_or_default());
        let Ok(readings) = state::read(calendar, targets, &facts, now) else {
            continue;
        };
        for reading in readings {
            let minutes = match reading.target {
                Target::FirstResponse => targets.first_response,
                Target::NextUpdate => targets.next_update,
                Target::Resolution => targets.resolution,
            };
            let Some(alert) = alert_for(&reading, minutes.get()) else {
                continue;
            };
            // A breach met late is recorded but nobody is told after the fact.
            if reading.met.is_some() {
                store::record_breach(db, ticket.id, reading.target.key(), reading.due.ms()).await?;
                continue;
            }
            if queue_alert(state, &ticket, &reading, alert).await? {
                queued += 1;
            }
        }
    }
    if queued > 0 {
        state.queue.wake();
    }
    crate::notify::tell_pending(state).await?;
    crate::notify::remind_renewals(state).await?;
    crate::survey::send_pending(state).await?;
    keep_schedule(state).await?;
    queued += watch_incidents(state).await?;
    Ok(queued)
}

/// Starts the incident of a P1 ticket still open and tells everyone on call, once;
/// whether it queued the telling. The pages call it when a ticket opens or becomes P1;
/// the watch catches any other way.
pub async fn incident_now(state: &AppState, ticket: TicketId) -> Result<bool, sqlx::Error> {
    let Some(ticket) = store::ticket(&state.db, ticket).await? else {
        return Ok(false);
    };
    if ticket.priority != crate::ticket::Priority::CRITICAL || !ticket.status.is_open() {
        return Ok(false);
    }
    store::start_incident(&state.db, ticket.id, now_ms()).await?;
    let queued = queue_kind(state, ticket.id, ("incident", 0), Alert::Incident).await?;
    if queued {
        state.queue.wake();
    }
    Ok(queued)
}

/// P1 tickets without their incident, and incidents whose next update is due.
async fn watch_incidents(state: &AppState) -> Result<usize, sqlx::Error> {
    let mut queued = 0;
    let critical: Vec<TicketId> = sqlx::query_scalar(
        "SELECT t.id FROM desk_tickets t WHERE t.priority = 1 \
         AND t.status NOT IN ('resolved', 'closed') \
         AND NOT EXISTS (SELECT 1 FROM desk_alerts a WHERE a.ticket_id = t.id AND a.kind = 'incident')",
    )
    .fetch_all(state.db.pool())
    .await?;
    for ticket in critical {
        if incident_now(state, ticket).await? {
            queued += 1;
        }
    }
    let now = now_ms();
    for (ticket, last, cadence) in store::running_incidents(&state.db).await? {
        let due = last + cadence * 60_000;
        if now >= due
            && queue_kind(state, ticket, ("incident-update", due), Alert::UpdateDue).await?
        {
            queued += 1;
        }
    }
    if queued > 0 {
        state.queue.wake();
    }
    Ok(queued)
}

/// Records alert `alert` of `(target, due)` for `ticket` and queues its job, once.
async fn queue_kind(
    state: &AppState,
    ticket: TicketId,
    (target, due): (&str, i64),
    alert: Alert,
) -> Result<bool, sqlx::Error> {
    let mut tx = state.db.write().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO desk_alerts (ticket_id, target, due_at, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(ticket)
    .bind(target)
    .bind(due)
    .bind(alert.as_str())
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    state
        .queue
        .enqueue(&mut tx, KIND, &Payload { alert: id })
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The desk's own clock: a reminder's date reopens its ticket (and tells its
/// assignee); a ticket resolved a week ago closes.
async fn keep_schedule(state: &AppState) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for (ticket, assignee) in store::due_reminders(&state.db, now).await? {
        let moved = store::set_status(
            &state.db,
            ticket,
            (crate::ticket::Mover::Schedule, None),
            crate::ticket::Status::Open,
            None,
            now,
        )
        .await;
        match moved {
            Ok(()) => {
                if let (Some(assignee), Some(ticket)) =
                    (assignee, store::ticket(&state.db, ticket).await?)
                {
                    let row: Option<String> =
                        sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
                            .bind(assignee)
                            .fetch_optional(state.db.pool())
                            .await?;
                    let locale = row
                        .as_deref()
                        .and_then(Locale::from_tag)
                        .unwrap_or(Locale::EsMx);
                    let heading = format!("#{} {}", ticket.number, ticket.subject);
                    let text = state.i18n.text(locale, "desk-reminder-came");
                    let mut tx = state.db.write().await?;
                    notifications::add(
                        &mut tx,
                        Notice {
                            user: assignee,
                            title: &heading,
                            text: &text,
                            path: &store::path(ticket.id),
                        },
                    )
                    .await?;
                    tx.commit().await?;
                }
            }
            Err(store::DeskError::Database(error)) => return Err(error),
            Err(_) => {}
        }
    }
    for ticket in store::resolved_before(&state.db, now - crate::ticket::CLOSE_AFTER_MS).await? {
        let closed = store::set_status(
            &state.db,
            ticket,
            (crate::ticket::Mover::Schedule, None),
            crate::ticket::Status::Closed,
            None,
            now,
        )
        .await;
        if let Err(store::DeskError::Database(error)) = closed {
            return Err(error);
        }
    }
    Ok(())
}

/// Records the alert (and, for a breach, the breach) and queues its job in one
/// transaction, unless it was already; whether it queued.
async fn queue_alert(
    state: &AppState,
    ticket: &Ticket,
    reading: &Reading,
    alert: Alert,
) -> Result<bool, sqlx::Error> {
    let mut tx = state.db.write().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO desk_alerts (ticket_id, target, due_at, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(ticket.id)
    .bind(reading.target.key())
    .bind(reading.due.ms())
    .bind(alert.as_str())
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    if alert == Alert::Breach {
        store::record_breach_in(&mut tx, ticket.id, reading.target.key(), reading.due.ms()).await?;
    }
    state
        .queue
        .enqueue(&mut tx, KIND, &Payload { alert: id })
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The job's handler.
pub struct Alerter {
    pub state: AppState,
}

impl JobHandler for Alerter {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            let payload: Payload = serde_json::from_str(&job.payload).map_err(JobError::new)?;
            tell(&self.state, payload.alert)
                .await
                .map_err(JobError::new)
        })
    }
}

/// Tells the people of alert `id` who were not told yet.
pub async fn tell(state: &AppState, id: i64) -> Result<(), sqlx::Error> {
    let db = &state.db;
    let row: Option<(TicketId, String, i64, String)> =
        sqlx::query_as("SELECT ticket_id, target, due_at, kind FROM desk_alerts WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    let Some((ticket_id, target, due_at, kind)) = row else {
        return Ok(());
    };
    let Some(ticket) = store::ticket(db, ticket_id).await? else {
        return Ok(());
    };
    let people = match kind.as_str() {
        "incident" => on_call(state, &ticket).await?,
        "update-due" => {
            let mut people: Vec<soporte_platform::storage::UserId> =
                ticket.assignee.into_iter().collect();
            for person in on_call(state, &ticket).await? {
                if !people.contains(&person) {
                    people.push(person);
                }
            }
            people
        }
        _ => store::escalation_people(db, &ticket).await?,
    };
    let organization = store::organization(db, ticket.organization).await?;
    let zone = organization
        .as_ref()
        .map_or("America/Mexico_City", |org| org.zone.as_str())
        .to_owned();
    let path = store::path(ticket.id);
    let mut tx = db.write().await?;
    let mut mailed = false;
    for person in people {
        let told: Option<i64> = sqlx::query_scalar(
            "SELECT alert_id FROM desk_alerts_told WHERE alert_id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
        if told.is_some() {
            continue;
        }
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((email, locale)) = row else {
            continue;
        };
        let locale = Locale::from_tag(&locale).unwrap_or(Locale::EsMx);
        let target_words = state.i18n.text(
            locale,
            match target.as_str() {
                "first_response" => "desk-target-first-response",
                "next_update" => "desk-target-next-update",
                "incident" | "incident-update" => "desk-incident-update-target",
                _ => "desk-target-resolution",
            },
        );
        let args = [
            ("number", ticket.number.to_string()),
            ("organization", ticket.organization_name.clone()),
            ("target", target_words),
            (
                "when-due",
                crate::pages::local_time(state, due_at, &zone, locale),
            ),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text_id = match kind.as_str() {
            "breach" => "desk-alert-breach",
            "incident" => "desk-alert-incident",
            "update-due" => "desk-alert-update-due",
            _ => "desk-alert-warning",
        };
        let text = state.i18n.text_with(locale, text_id, &args);
        let heading = format!("#{} {}", ticket.number, ticket.subject);
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
                    "desk-alert-mail",
                    &[("text", &text), ("link", &state.absolute_url(&path))],
                ),
            };
            mail::queue_mail(&state.queue, &mut tx, &mail).await?;
            mailed = true;
        }
        sqlx::query(
            "INSERT INTO desk_alerts_told (alert_id, user_id, told_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(person)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if mailed {
        state.queue.wake();
    }
    Ok(())
}

/// Everyone on call for the ticket's partner now (their rota calendar's hours hold
/// this minute); the desk's admins when nobody is.
async fn on_call(
    state: &AppState,
    ticket: &Ticket,
) -> Result<Vec<soporte_platform::storage::UserId>, sqlx::Error> {
    let now = Instant::from_ms(now_ms());
    let next = Instant::from_ms(now_ms() + 60_000);
    let mut people: Vec<soporte_platform::storage::UserId> =
        store::oncall(&state.db, ticket.partner)
            .await?
            .into_iter()
            .filter(|(_, _, _, calendar)| {
                crate::sla::clock::counted(calendar, now, next, &Pauses::none()) > 0
            })
            .map(|(user, _, _, _)| user)
            .collect();
    if people.is_empty() {
        people = store::members(&state.db, ticket.partner)
            .await?
            .into_iter()
            .filter(|member| member.role == store::StaffRole::Admin)
            .map(|member| member.id)
            .collect();
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::clock::Instant;

    fn reading(left: i64, met: bool, breached: bool, paused: bool) -> Reading {
        let at = Instant::from_ms(0);
        Reading {
            target: Target::FirstResponse,
            due: at,
            met: met.then_some(at),
            breached,
            paused,
            left,
        }
    }

    #[test]
    fn a_quarter_left_warns_past_due_escalates_met_or_paused_stays_quiet() {
        assert_eq!(
            alert_for(&reading(15 * 60, false, false, false), 60),
            Some(Alert::Warning)
        );
        assert_eq!(
            alert_for(&reading(15 * 60 + 1, false, false, false), 60),
            None
        );
        assert_eq!(
            alert_for(&reading(0, false, true, false), 60),
            Some(Alert::Breach)
        );
        assert_eq!(alert_for(&reading(0, true, false, false), 60), None);
        assert_eq!(
            alert_for(&reading(0, true, true, false), 60),
            Some(Alert::Breach)
        );
        assert_eq!(alert_for(&reading(60, false, false, true), 60), None);
    }
}
