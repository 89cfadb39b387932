//! The foundation's review of applications and yearly renewals, as plain rules: what a
//! decision does to where a partner stands, and when a listed partner may ask to renew.
//! The pages and the store carry out what these say.

use crate::profile::{Status, YEAR_MS};

/// How long before its verification runs out a partner may ask to renew it.
pub const RENEWAL_WINDOW_MS: i64 = 60 * 24 * 60 * 60 * 1000;
/// The longest note the foundation writes with a decision, in characters.
pub const NOTE_MAX: usize = 2000;

/// Where a partner stands, as far as the review goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub status: Status,
    pub verified_until: Option<i64>,
    /// It asked to renew and the foundation has not decided.
    pub renewal_asked: bool,
}

impl Standing {
    /// Whether it waits for the foundation: a new application or a renewal.
    pub fn in_queue(self) -> bool {
        matches!(self.status, Status::Pending) || self.is_renewal()
    }

    /// Whether what waits is a renewal of a listed partner.
    pub fn is_renewal(self) -> bool {
        self.status == Status::Approved && self.renewal_asked
    }

    /// Whether its applicant may ask to renew now: listed, not already asked, and its
    /// verification runs out within [`RENEWAL_WINDOW_MS`] (or ran out).
    pub fn may_renew(self, now: i64) -> bool {
        self.status == Status::Approved
            && !self.renewal_asked
            && self
                .verified_until
                .is_none_or(|until| until - now <= RENEWAL_WINDOW_MS)
    }
}

/// A note the foundation writes: trimmed, 1 to [`NOTE_MAX`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    pub fn parse(text: &str) -> Option<Note> {
        let text = text.replace("\r\n", "\n");
        let text = text.trim();
        let length = text.chars().count();
        ((1..=NOTE_MAX).contains(&length) && !text.chars().any(|c| c.is_control() && c != '\n'))
            .then(|| Note(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the foundation decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Lists it (or renews its listing) for a year; the note is optional.
    Approve(Option<Note>),
    /// Asks for more: a document, a correction.
    AskMore(Note),
    /// Refuses, saying why.
    Reject(Note),
}

impl Decision {
    /// The step the application's history records.
    pub fn step(&self) -> &'static str {
        match self {
            Decision::Approve(_) => "approved",
            Decision::AskMore(_) => "more",
            Decision::Reject(_) => "rejected",
        }
    }

    pub fn note(&self) -> &str {
        match self {
            Decision::Approve(note) => note.as_ref().map_or("", Note::as_str),
            Decision::AskMore(note) | Decision::Reject(note) => note.as_str(),
        }
    }
}

/// Why a decision cannot be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotWaiting;

/// Where a decision leaves a partner at `now`. A new application approved is verified
/// for a year from now; a renewal adds a year to what is left (or a year from now, if
/// it ran out). Asked for more, a new application waits for its applicant; a renewal
/// asked for more, or refused, is no longer asked for (the listing runs out as it
/// would). Only what waits for the foundation can be decided.
pub fn decide(standing: Standing, decision: &Decision, now: i64) -> Result<Standing, NotWaiting> {
    if !standing.in_queue() && standing.status != Status::MoreAsked {
        return Err(NotWaiting);
    }
    let renewal = standing.is_renewal();
    Ok(match (decision, renewal) {
        (Decision::Approve(_), _) => Standing {
            status: Status::Approved,
            verified_until: Some(
                standing
                    .verified_until
                    .filter(|_| renewal)
                    .map_or(now, |until| until.max(now))
                    + YEAR_MS,
            ),
            renewal_asked: false,
        },
        (Decision::AskMore(_) | Decision::Reject(_), true) => Standing {
            renewal_asked: false,
            ..standing
        },
        (Decision::AskMore(_), false) => Standing {
            status: Status::MoreAsked,
            ..standing
        },
        (Decision::Reject(_), false) => Standing {
            status: Status::Rejected,
            ..standing
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 100 * YEAR_MS;
    const DAY: i64 = 24 * 60 * 60 * 1000;

    fn standing(status: Status, verified_until: Option<i64>, renewal_asked: bool) -> Standing {
        Standing {
            status,
            verified_until,
            renewal_asked,
        }
    }

    fn note() -> Note {
        Note::parse("Falta la constancia de situación fiscal.").unwrap()
    }

    #[test]
    fn a_new_application_is_approved_for_a_year_asked_for_more_or_rejected() {
        let pending = standing(Status::Pending, None, false);
        assert_eq!(
            decide(pending, &Decision::Approve(None), NOW),
            Ok(standing(Status::Approved, Some(NOW + YEAR_MS), false))
        );
        let more = decide(pending, &Decision::AskMore(note()), NOW).unwrap();
        assert_eq!(more.status, Status::MoreAsked);
        assert!(!more.in_queue());
        // While waiting for the applicant the foundation may still decide.
        assert_eq!(
            decide(more, &Decision::Reject(note()), NOW).map(|s| s.status),
            Ok(Status::Rejected)
        );
        let rejected = standing(Status::Rejected, None, false);
        assert_eq!(
            decide(rejected, &Decision::Approve(None), NOW),
            Err(NotWaiting)
        );
    }

    #[test]
    fn a_renewal_adds_a_year_to_what_is_left_and_a_refusal_lets_it_run_out() {
        let early = standing(Status::Approved, Some(NOW + 30 * DAY), true);
        assert_eq!(
            decide(early, &Decision::Approve(None), NOW),
            Ok(standing(
                Status::Approved,
                Some(NOW + 30 * DAY + YEAR_MS),
                false
            ))
        );
        let late = standing(Status::Approved, Some(NOW - 10 * DAY), true);
        assert_eq!(
            decide(late, &Decision::Approve(None), NOW)
                .unwrap()
                .verified_until,
            Some(NOW + YEAR_MS)
        );
        assert_eq!(
            decide(early, &Decision::Reject(note()), NOW),
            Ok(standing(Status::Approved, Some(NOW + 30 * DAY), false))
        );
        // A listed partner that did not ask is not the foundation's to decide.
        let listed = standing(Status::Approved, Some(NOW + 30 * DAY), false);
        assert_eq!(
            decide(listed, &Decision::Reject(note()), NOW),
            Err(NotWaiting)
        );
    }

    #[test]
    fn renewals_open_sixty_days_before_the_end() {
        let far = standing(Status::Approved, Some(NOW + 61 * DAY), false);
        assert!(!far.may_renew(NOW));
        assert!(standing(Status::Approved, Some(NOW + 60 * DAY), false).may_renew(NOW));
        assert!(standing(Status::Approved, Some(NOW - DAY), false).may_renew(NOW));
        assert!(!standing(Status::Approved, Some(NOW - DAY), true).may_renew(NOW));
        assert!(!standing(Status::Pending, None, false).may_renew(NOW));
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(Note::parse("  \r\n "), None);
        assert_eq!(
            Note::parse(" hola\r\nmundo ").unwrap().as_str(),
            "hola\nmundo"
        );
        assert!(Note::parse(&"é".repeat(NOTE_MAX)).is_some());
        assert!(Note::parse(&"é".repeat(NOTE_MAX + 1)).is_none());
        assert!(Note::parse("a\u{7}b").is_none());
    }
}
