//! A ticket's service levels at a given moment: for each target of its plan, when it
//! is due, whether it was met (and when), whether it is breached, and how much counted
//! time is left. The rules are in the [module's documentation](super).

use super::calendar::Calendar;
use super::clock::{self, ClockError, Instant, Minutes, Pauses};

/// The targets a contract's plan sets for one priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Targets {
    pub first_response: Minutes,
    pub next_update: Minutes,
    pub resolution: Minutes,
}

/// One of a ticket's clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    FirstResponse,
    NextUpdate,
    Resolution,
}

impl Target {
    pub const ALL: [Target; 3] = [
        Target::FirstResponse,
        Target::NextUpdate,
        Target::Resolution,
    ];

    /// Its name in URLs, CSV and the API.
    pub fn key(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::NextUpdate => "next_update",
            Target::Resolution => "resolution",
        }
    }
}

/// What a ticket's history says about its clocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub created: Instant,
    /// The stretches it spent in Pendiente del cliente, closed ones.
    pub pending: Pauses,
    /// When it went into Pendiente del cliente, if it is there now.
    pub pending_since: Option<Instant>,
    /// The desk's first public reply.
    pub first_reply: Option<Instant>,
    /// The first customer message after the desk's last public reply, while unanswered.
    pub waiting_since: Option<Instant>,
    /// When the last answer to a waiting customer came, with when that wait began: a
    /// next update met (kept so a breach stays shown until the customer writes again).
    pub last_update: Option<(Instant, Instant)>,
    /// The stretches it spent resolved before being reopened (not counted for
    /// resolution).
    pub resolved_before: Pauses,
    /// When it was resolved, if it is resolved or closed now.
    pub resolved: Option<Instant>,
}

/// A clock at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub target: Target,
    pub due: Instant,
    /// When it was met, if it was.
    pub met: Option<Instant>,
    /// Met after its due instant, or still unmet past it.
    pub breached: bool,
    /// It is not running now (the ticket waits for its customer).
    pub paused: bool,
    /// Counted seconds from now to the due instant; 0 once met or past due.
    pub left: i64,
}

/// The readings of a ticket's clocks at `now`: first response and resolution always,
/// next update while a customer waits for an answer after the first (or until the
/// customer writes again after one, to show how it went).
pub fn read(
    calendar: &Calendar,
    targets: &Targets,
    facts: &Facts,
    now: Instant,
) -> Result<Vec<Reading>, ClockError> {
    // A pause still open counts up to now; from now on the clock is taken as running,
    // so the due instants shown are those the ticket would have if it resumed now.
    let pending = match facts.pending_since {
        Some(since) if since < now => Pauses::new(
            facts
                .pending
                .intervals()
                .iter()
                .map(|(a, b)| (instant(*a), instant(*b)))
                .chain([(since, now)]),
        )?,
        _ => facts.pending.clone(),
    };
    let paused = facts.pending_since.is_some() && facts.resolved.is_none();
    let reading = |target, start, minutes, pauses: &Pauses, met: Option<Instant>| {
        // A met clock's due instant is what it was when it was met: a wait that
        // began afterwards does not move it.
        let due = match met {
            Some(at) => clock::due(calendar, start, &before(pauses, at)?, minutes)?,
            None => clock::due(calendar, start, pauses, minutes)?,
        };
        let left = if met.is_some() || due <= now {
            0
        } else {
            clock::counted(calendar, now, due, pauses)
        };
        Ok::<Reading, ClockError>(Reading {
            target,
            due,
            met,
            breached: met.map_or(now > due, |at| at > due),
            paused: paused && met.is_none(),
            left,
        })
    };
    let mut readings = Vec::with_capacity(3);
    readings.push(reading(
        Target::FirstResponse,
        facts.created,
        targets.first_response,
        &pending,
        facts.first_reply,
    )?);
    if facts.first_reply.is_some() {
        if let (Some(since), None) = (facts.waiting_since, facts.resolved) {
            readings.push(reading(
                Target::NextUpdate,
                since,
                targets.next_update,
                &pending,
                None,
            )?);
        } else if let Some((since, answered)) = facts.last_update {
            readings.push(reading(
                Target::NextUpdate,
                since,
                targets.next_update,
                &pending,
                Some(answered),
            )?);
        }
    }
    let resolution_pauses = if facts.resolved_before.intervals().is_empty() {
        pending
    } else {
        Pauses::new(
            pending
                .intervals()
                .iter()
                .chain(facts.resolved_before.intervals())
                .map(|(a, b)| (instant(*a), instant(*b))),
        )?
    };
    readings.push(reading(
        Target::Resolution,
        facts.created,
        targets.resolution,
        &resolution_pauses,
        facts.resolved,
    )?);
    Ok(readings)
}

/// The part of `pauses` before `at`.
fn before(pauses: &Pauses, at: Instant) -> Result<Pauses, ClockError> {
    Pauses::new(
        pauses
            .intervals()
            .iter()
            .filter(|(start, _)| *start < at.second())
            .map(|(start, end)| (instant(*start), instant((*end).min(at.second())))),
    )
}

/// An instant of a pause (which was one when it was made).
fn instant(second: i64) -> Instant {
    Instant::from_second(second).unwrap_or(Instant::from_ms(second.saturating_mul(1000)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        Instant::parse_minute(text).expect("an instant")
    }

    fn minutes(m: u64) -> Minutes {
        Minutes::new(m).expect("a target")
    }

    const CDMX: &str = r#"{"kind":"business","zone":"America/Mexico_City",
      "hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],
      "thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},"mx_statutory_holidays":true}"#;

    fn targets() -> Targets {
        Targets {
            first_response: minutes(60),
            next_update: minutes(120),
            resolution: minutes(960),
        }
    }

    fn created_monday_ten() -> Facts {
        Facts {
            created: at("2025-12-01T16:00:00Z"),
            pending: Pauses::none(),
            pending_since: None,
            first_reply: None,
            waiting_since: None,
            last_update: None,
            resolved_before: Pauses::none(),
            resolved: None,
        }
    }

    #[test]
    fn a_new_ticket_shows_first_response_and_resolution_running() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        // Monday 10:30: 30 min of the hour left; resolution 16 h = Tuesday 17:00.
        let readings = read(
            &calendar,
            &targets(),
            &created_monday_ten(),
            at("2025-12-01T16:30:00Z"),
        )
        .expect("readings");
        assert_eq!(readings.len(), 2);
        assert_eq!(readings[0].target, Target::FirstResponse);
        assert_eq!(readings[0].due, at("2025-12-01T17:00:00Z"));
        assert_eq!(
            (readings[0].left, readings[0].breached, readings[0].paused),
            (1800, false, false)
        );
        assert_eq!(readings[1].target, Target::Resolution);
        assert_eq!(readings[1].due, at("2025-12-02T23:00:00Z"));
        assert_eq!(readings[1].left, 15 * 3600 + 1800);
    }

    #[test]
    fn a_late_first_reply_is_a_breach_that_stays() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        let mut facts = created_monday_ten();
        facts.first_reply = Some(at("2025-12-01T17:30:00Z"));
        let readings =
            read(&calendar, &targets(), &facts, at("2025-12-03T16:00:00Z")).expect("readings");
        assert_eq!(readings[0].met, Some(at("2025-12-01T17:30:00Z")));
        assert!(readings[0].breached);
        assert_eq!(readings[0].left, 0);
        // Resolution was due Tuesday 17:00 and it is Wednesday: breached, unmet.
        assert!(readings[1].breached && readings[1].met.is_none());
    }

    #[test]
    fn a_wait_after_a_clock_was_met_does_not_move_its_due_instant() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        let mut facts = created_monday_ten();
        facts.first_reply = Some(at("2025-12-01T16:20:00Z"));
        facts.pending = Pauses::new([(at("2025-12-01T16:40:00Z"), at("2025-12-02T16:00:00Z"))])
            .expect("pauses");
        let readings =
            read(&calendar, &targets(), &facts, at("2025-12-02T17:00:00Z")).expect("readings");
        assert_eq!(readings[0].due, at("2025-12-01T17:00:00Z"));
        assert!(!readings[0].breached);
    }

    #[test]
    fn a_resolved_ticket_has_no_next_update_running() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        let mut facts = created_monday_ten();
        facts.first_reply = Some(at("2025-12-01T16:20:00Z"));
        facts.waiting_since = Some(at("2025-12-01T17:00:00Z"));
        facts.resolved = Some(at("2025-12-01T17:30:00Z"));
        let readings =
            read(&calendar, &targets(), &facts, at("2025-12-02T17:00:00Z")).expect("readings");
        assert!(readings.iter().all(|r| r.target != Target::NextUpdate));
    }

    #[test]
    fn waiting_for_the_customer_pauses_every_clock() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        let mut facts = created_monday_ten();
        facts.first_reply = Some(at("2025-12-01T16:20:00Z"));
        // Pending from Monday 11:00 (17:00Z); now is Tuesday 11:00 (17:00Z): the 7 h of
        // Monday and 2 h of Tuesday do not count, so resolution moves to Wednesday.
        facts.pending_since = Some(at("2025-12-01T17:00:00Z"));
        let readings =
            read(&calendar, &targets(), &facts, at("2025-12-02T17:00:00Z")).expect("readings");
        let resolution = readings.last().expect("resolution");
        // 1 h counted Monday; 15 h left from Tuesday 11:00: 7 h Tuesday, 8 h Wednesday → 17:00.
        assert_eq!(resolution.due, at("2025-12-03T23:00:00Z"));
        assert!(resolution.paused);
        assert!(!readings[0].paused, "a met clock is not paused");
    }

    #[test]
    fn next_update_runs_while_the_customer_waits_and_reopening_resumes_resolution() {
        let calendar = Calendar::parse(CDMX).expect("calendar");
        let mut facts = created_monday_ten();
        facts.first_reply = Some(at("2025-12-01T16:20:00Z"));
        facts.waiting_since = Some(at("2025-12-01T22:00:00Z")); // Monday 16:00
        // Resolved Monday 17:00 (23:00Z), reopened Tuesday 10:00 (16:00Z).
        facts.resolved_before =
            Pauses::new([(at("2025-12-01T23:00:00Z"), at("2025-12-02T16:00:00Z"))])
                .expect("pauses");
        let readings =
            read(&calendar, &targets(), &facts, at("2025-12-02T16:00:00Z")).expect("readings");
        assert_eq!(readings.len(), 3);
        // 2 h from Monday 16:00: 2 h on Monday, due at 18:00 closing; it is past.
        assert_eq!(readings[1].target, Target::NextUpdate);
        assert_eq!(readings[1].due, at("2025-12-02T00:00:00Z"));
        assert!(readings[1].breached);
        // Resolution: 7 h on Monday to 17:00, resolved until Tuesday 10:00 (not
        // counted), 8 h on Tuesday, the last hour on Wednesday: 10:00.
        assert_eq!(readings[2].due, at("2025-12-03T16:00:00Z"));
    }
}
