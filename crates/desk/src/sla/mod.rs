//! Service levels: the business calendar a partner keeps, Mexico's rest days, and the
//! clock that says when a target falls due. Plain functions over plain data; the desk's
//! pages, its jobs, `soporte desk sla-due` and the benchmark all call [`clock::due`].
//!
//! # The rules of a ticket's clocks
//!
//! Written after reading how Zammad (first response, update and solution times, with
//! pending states that stop escalation), Request Tracker's SLA extension (Response,
//! KeepInLoop and Resolve, ignored on some statuses) and Zendesk (first reply, next
//! reply and resolution, paused while pending) define theirs:
//!
//! - Every clock of a ticket starts when the ticket is created, runs only in the
//!   contract's calendar ([`calendar::Calendar`]) and stops while the ticket is
//!   *Pendiente del cliente*: the pauses are the ticket's stretches in that state.
//! - **First response** is met by the first public reply of someone of the partner's
//!   desk (agent or admin). Internal notes, automatic acknowledgements and the
//!   customer's own messages do not meet it.
//! - **Next update** runs while the customer waits for the desk: it starts at the first
//!   customer message after the desk's last public reply (the first response counts as
//!   one) and is met by the desk's next public reply.
//! - **Resolution** is met when the ticket becomes *Resuelto*; if the customer reopens
//!   it, the same clock goes on from where it stopped, time spent resolved not counted.
//! - A target is **breached** when it is met after its due instant, or when its due
//!   instant passes unmet. A breach is recorded once, at the moment it happened, and a
//!   later recalculation never records it again.
//! - **Due** (the function here): the earliest instant at which the counted time since
//!   the start reaches the target; see [`clock`].

pub mod calendar;
pub mod clock;
pub mod day;
pub mod holidays;
pub mod state;
pub mod zone;

#[cfg(test)]
mod examples;
#[cfg(test)]
mod properties;
