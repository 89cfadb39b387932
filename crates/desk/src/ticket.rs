//! A ticket's plain rules: its states and who moves it between them, its priority, and
//! what a subject and a message may be. The SLA side of a state is in [`crate::sla`]:
//! *Pendiente del cliente* pauses every clock, *Resuelto* pauses resolution.
//!
//! | from \ to             | Abierto | Pendiente del cliente | Pendiente de recordatorio | Resuelto | Cerrado |
//! |-----------------------|---------|-----------------------|---------------------------|----------|---------|
//! | Nuevo                 | desk    | desk                  | desk                      | desk, customer | — |
//! | Abierto               | —       | desk                  | desk                      | desk, customer | — |
//! | Pendiente del cliente | desk, customer's reply | —      | desk                      | desk, customer | — |
//! | Pendiente de recordatorio | desk, its date | desk         | —                         | desk, customer | — |
//! | Resuelto              | desk, customer's reply | —      | —                         | —        | desk, after 7 days |
//! | Cerrado               | —       | —                     | —                         | —        | —       |
//!
//! A public reply of the desk to a Nuevo ticket opens it. A closed ticket is final: a
//! customer with more to say opens a new one.

use crate::sla::clock::Minutes;

/// Where a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Open,
    PendingCustomer,
    PendingReminder,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::PendingCustomer,
        Status::PendingReminder,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::PendingCustomer => "pending-customer",
            Status::PendingReminder => "pending-reminder",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    /// The Fluent id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Status::New => "desk-status-new",
            Status::Open => "desk-status-open",
            Status::PendingCustomer => "desk-status-pending-customer",
            Status::PendingReminder => "desk-status-pending-reminder",
            Status::Resolved => "desk-status-resolved",
            Status::Closed => "desk-status-closed",
        }
    }

    /// Still being worked on (neither resolved nor closed).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

/// How long a resolved ticket waits for its customer before it closes by itself.
pub const CLOSE_AFTER_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Who moves a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    /// An agent or admin of the partner.
    Desk,
    /// A customer of the ticket's organization.
    Customer,
    /// The desk's own clock (a reminder's date, closing resolved tickets).
    Schedule,
}

/// Whether `mover` may take a ticket from `from` to `to`.
pub fn may_move(mover: Mover, from: Status, to: Status) -> bool {
    use Status::*;
    if from == to || from == Closed {
        return false;
    }
    match mover {
        Mover::Desk => match to {
            New => false,
            Open => true,
            PendingCustomer | PendingReminder => from.is_open(),
            Resolved => from.is_open(),
            Closed => from == Resolved,
        },
        Mover::Customer => match to {
            Resolved => from.is_open(),
            Open => matches!(from, PendingCustomer | Resolved),
            _ => false,
        },
        Mover::Schedule => matches!((from, to), (PendingReminder, Open) | (Resolved, Closed)),
    }
}

/// Where a public message moves a ticket by itself: the desk's reply opens a new
/// ticket; the customer's reopens one waiting for them or resolved.
pub fn after_public_message(mover: Mover, status: Status) -> Option<Status> {
    match (mover, status) {
        (Mover::Desk, Status::New) => Some(Status::Open),
        (Mover::Customer, Status::PendingCustomer | Status::Resolved) => Some(Status::Open),
        _ => None,
    }
}

/// P1 crítica … P4 baja.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Priority(u8);

impl Priority {
    pub const ALL: [Priority; 4] = [Priority(1), Priority(2), Priority(3), Priority(4)];
    pub const CRITICAL: Priority = Priority(1);
    pub const NORMAL: Priority = Priority(3);

    pub fn new(level: i64) -> Option<Priority> {
        (1..=4)
            .contains(&level)
            .then(|| Priority(u8::try_from(level).unwrap_or(3)))
    }

    /// `"1"`…`"4"` or `"P1"`…`"P4"`.
    pub fn parse(text: &str) -> Option<Priority> {
        let text = text.trim();
        let digits = text.strip_prefix(['P', 'p']).unwrap_or(text);
        digits.parse::<i64>().ok().and_then(Priority::new)
    }

    pub fn level(self) -> i64 {
        i64::from(self.0)
    }

    /// `P1`…
    pub fn label(self) -> String {
        format!("P{}", self.0)
    }

    /// The Fluent id of its name (crítica, alta, normal, baja).
    pub fn message_id(self) -> &'static str {
        match self.0 {
            1 => "desk-priority-1",
            2 => "desk-priority-2",
            3 => "desk-priority-3",
            _ => "desk-priority-4",
        }
    }
}

/// A ticket's subject: 4 to 200 characters, one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject(String);

/// A message's text: 1 to 50,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

pub const SUBJECT_MIN: usize = 4;
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 50_000;

/// What was wrong with something written for a ticket; each is a Fluent id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Written {
    #[error("subject too short")]
    SubjectShort,
    #[error("subject too long")]
    SubjectLong,
    #[error("empty message")]
    BodyEmpty,
    #[error("message too long")]
    BodyLong,
}

impl Written {
    pub fn message_id(self) -> &'static str {
        match self {
            Written::SubjectShort => "desk-problem-subject-short",
            Written::SubjectLong => "desk-problem-subject-long",
            Written::BodyEmpty => "desk-problem-body-empty",
            Written::BodyLong => "desk-problem-body-long",
        }
    }
}

impl Subject {
    pub fn parse(text: &str) -> Result<Subject, Written> {
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match one_line.chars().count() {
            n if n < SUBJECT_MIN => Err(Written::SubjectShort),
            n if n > SUBJECT_MAX => Err(Written::SubjectLong),
            _ => Ok(Subject(one_line)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Body {
    pub fn parse(text: &str) -> Result<Body, Written> {
        let trimmed = text.trim();
        match trimmed.chars().count() {
            0 => Err(Written::BodyEmpty),
            n if n > BODY_MAX => Err(Written::BodyLong),
            _ => Ok(Body(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A ticket's tags, as the desk writes them: separated by commas or spaces, each
/// lowercase letters (any alphabet), digits, `-` or `_`, 1 to [`TAG_MAX`] characters, at
/// most [`TAGS_MAX`] of them, without repeats, sorted. The desk's own classification:
/// customers do not see them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

pub const TAG_MAX: usize = 40;
pub const TAGS_MAX: usize = 10;

impl Tags {
    /// The tags `text` names, or the Fluent id of what is wrong with them.
    pub fn parse(text: &str) -> Result<Tags, &'static str> {
        let mut tags: Vec<String> = Vec::new();
        for word in text.split(|c: char| c == ',' || c.is_whitespace()) {
            if word.is_empty() {
                continue;
            }
            let tag = word.to_lowercase();
            let fits = tag.chars().count() <= TAG_MAX
                && tag
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !fits {
                return Err("desk-problem-tag");
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > TAGS_MAX {
            return Err("desk-problem-tags-many");
        }
        tags.sort();
        Ok(Tags(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// Where a message came from; every message records it, with the message's id there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The customer portal.
    Portal,
    /// Written by the desk in its own pages.
    Agent,
    /// The JSON API.
    Api,
    Email,
    WhatsApp,
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Portal,
        Channel::Agent,
        Channel::Api,
        Channel::Email,
        Channel::WhatsApp,
        Channel::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Agent => "agent",
            Channel::Api => "api",
            Channel::Email => "email",
            Channel::WhatsApp => "whatsapp",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Channel::Portal => "desk-channel-portal",
            Channel::Agent => "desk-channel-agent",
            Channel::Api => "desk-channel-api",
            Channel::Email => "desk-channel-email",
            Channel::WhatsApp => "desk-channel-whatsapp",
            Channel::Phone => "desk-channel-phone",
        }
    }
}

/// A plan's targets for one priority, as minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanTargets {
    pub priority: Priority,
    pub targets: crate::sla::state::Targets,
}

/// Reasonable default targets for a new plan (first response, next update,
/// resolution, in minutes of counted time), P1 to P4.
pub fn default_targets() -> Vec<PlanTargets> {
    [
        (1, 30, 60, 240),
        (2, 60, 240, 960),
        (3, 240, 480, 2700),
        (4, 480, 1440, 5400),
    ]
    .into_iter()
    .filter_map(|(level, first, next, resolution)| {
        Some(PlanTargets {
            priority: Priority::new(level)?,
            targets: crate::sla::state::Targets {
                first_response: Minutes::new(first)?,
                next_update: Minutes::new(next)?,
                resolution: Minutes::new(resolution)?,
            },
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    /// The table of the module's documentation, cell by cell: (from, to, desk,
    /// customer, schedule).
    const TABLE: &[(Status, Status, bool, bool, bool)] = &[
        (New, Open, true, false, false),
        (New, PendingCustomer, true, false, false),
        (New, PendingReminder, true, false, false),
        (New, Resolved, true, true, false),
        (New, Closed, false, false, false),
        (Open, New, false, false, false),
        (Open, PendingCustomer, true, false, false),
        (Open, PendingReminder, true, false, false),
        (Open, Resolved, true, true, false),
        (Open, Closed, false, false, false),
        (PendingCustomer, Open, true, true, false),
        (PendingCustomer, PendingReminder, true, false, false),
        (PendingCustomer, Resolved, true, true, false),
        (PendingCustomer, Closed, false, false, false),
        (PendingReminder, Open, true, false, true),
        (PendingReminder, PendingCustomer, true, false, false),
        (PendingReminder, Resolved, true, true, false),
        (PendingReminder, Closed, false, false, false),
        (Resolved, Open, true, true, false),
        (Resolved, PendingCustomer, false, false, false),
        (Resolved, PendingReminder, false, false, false),
        (Resolved, Closed, true, false, true),
        (Closed, Open, false, false, false),
        (Closed, Resolved, false, false, false),
    ];

    #[test]
    fn every_move_is_as_the_table_says() {
        for &(from, to, desk, customer, schedule) in TABLE {
            assert_eq!(
                may_move(Mover::Desk, from, to),
                desk,
                "desk {from:?} → {to:?}"
            );
            assert_eq!(
                may_move(Mover::Customer, from, to),
                customer,
                "customer {from:?} → {to:?}"
            );
            assert_eq!(
                may_move(Mover::Schedule, from, to),
                schedule,
                "schedule {from:?} → {to:?}"
            );
        }
        // Nothing leaves Cerrado and nothing enters Nuevo.
        for status in Status::ALL {
            for mover in [Mover::Desk, Mover::Customer, Mover::Schedule] {
                assert!(!may_move(mover, Closed, status));
                assert!(!may_move(mover, status, New));
            }
        }
    }

    #[test]
    fn messages_move_tickets_by_themselves() {
        assert_eq!(after_public_message(Mover::Desk, New), Some(Open));
        assert_eq!(after_public_message(Mover::Desk, PendingCustomer), None);
        assert_eq!(
            after_public_message(Mover::Customer, PendingCustomer),
            Some(Open)
        );
        assert_eq!(after_public_message(Mover::Customer, Resolved), Some(Open));
        assert_eq!(after_public_message(Mover::Customer, New), None);
    }

    #[test]
    fn words_and_priorities_are_checked() {
        assert_eq!(
            Subject::parse("  El   servidor\nno arranca "),
            Ok(Subject("El servidor no arranca".into()))
        );
        assert_eq!(Subject::parse("ay"), Err(Written::SubjectShort));
        assert_eq!(Subject::parse(&"x".repeat(201)), Err(Written::SubjectLong));
        assert_eq!(Body::parse("  \n "), Err(Written::BodyEmpty));
        assert_eq!(Body::parse(&"x".repeat(50_001)), Err(Written::BodyLong));
        assert_eq!(Priority::parse("P2").map(Priority::level), Some(2));
        assert_eq!(Priority::parse("4").map(Priority::level), Some(4));
        assert_eq!(Priority::parse("P5"), None);
        assert_eq!(Priority::parse("0"), None);
        assert_eq!(default_targets().len(), 4);
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn tags_are_words_of_the_desk_sorted_without_repeats() {
        let tags = Tags::parse("Impresora, línea-3  zebra impresora,,").unwrap();
        assert_eq!(tags.as_slice(), ["impresora", "línea-3", "zebra"]);
        assert_eq!(Tags::parse("  ").unwrap(), Tags::default());
        assert_eq!(Tags::parse("red/wifi"), Err("desk-problem-tag"));
        assert_eq!(
            Tags::parse(&"a".repeat(TAG_MAX + 1)),
            Err("desk-problem-tag")
        );
        let eleven = (0..=TAGS_MAX)
            .map(|n| format!("t{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(Tags::parse(&eleven), Err("desk-problem-tags-many"));
    }
}
