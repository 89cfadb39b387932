//! The SLA clock: from a start, the pauses and a target, when a target falls due, and
//! how much counted time lies between two instants. Pure functions over plain data.
//!
//! Counted time is time that is in the calendar's hours and outside every pause. The
//! hours are local wall-clock time: an instant counts when its local time, in the
//! calendar's zone, is inside one of the intervals of its local date and that date is
//! not a holiday. So where a zone changes its clocks the skipped hour does not exist
//! and the repeated hour counts twice, as the people at the desk live them.
//!
//! **Due**: the earliest instant at which the counted time since the start reaches the
//! target. A target of 0 is due at the start itself; a target used up exactly at closing
//! time is due at closing; a target met after its due instant is breached.

use super::calendar::{Business, Calendar, Span};
use super::day::Day;
use super::zone::{END_SECOND, FIRST_SECOND};

/// An instant the clock knows: UTC seconds since 1970-01-01, before 2200.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

/// The largest target: ten years of minutes.
pub const MAX_TARGET_MINUTES: u32 = 5_256_000;

/// Why an instant, a pause or a target was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("not an ISO-8601 UTC instant: {0}")]
    NotAnInstant(String),
    #[error("not a whole minute: {0}")]
    NotWholeMinute(String),
    #[error("out of range: {0}")]
    OutOfRange(String),
    #[error("pause ends before it starts: {start} – {end}")]
    ReversedPause { start: String, end: String },
    #[error("bad target: {0}")]
    Target(String),
    #[error("due after 2199")]
    Beyond,
}

impl ClockError {
    /// The Fluent id of its message and the message's arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            ClockError::NotAnInstant(value) => ("desk-instant-bad", vec![("value", value.clone())]),
            ClockError::NotWholeMinute(value) => {
                ("desk-instant-minute", vec![("value", value.clone())])
            }
            ClockError::OutOfRange(value) => ("desk-instant-range", vec![("value", value.clone())]),
            ClockError::ReversedPause { start, end } => (
                "desk-pause-reversed",
                vec![("start", start.clone()), ("end", end.clone())],
            ),
            ClockError::Target(value) => (
                "desk-target-bad",
                vec![
                    ("value", value.clone()),
                    ("max", MAX_TARGET_MINUTES.to_string()),
                ],
            ),
            ClockError::Beyond => ("desk-due-beyond", Vec::new()),
        }
    }
}

impl Instant {
    /// The instant of UTC second `second`, if the clock knows it.
    pub fn from_second(second: i64) -> Option<Instant> {
        (FIRST_SECOND..END_SECOND)
            .contains(&second)
            .then_some(Instant(second))
    }

    /// The instant of UTC millisecond `ms`, to the second below, kept in range.
    pub fn from_ms(ms: i64) -> Instant {
        Instant(ms.div_euclid(1000).clamp(FIRST_SECOND, END_SECOND - 1))
    }

    /// An ISO-8601 instant (`2025-12-12T15:00:00Z`; any offset is read as the same
    /// instant) on a whole minute.
    pub fn parse_minute(text: &str) -> Result<Instant, ClockError> {
        let at: jiff::Timestamp = text
            .parse()
            .map_err(|_| ClockError::NotAnInstant(text.to_owned()))?;
        if at.subsec_nanosecond() != 0 || at.as_second().rem_euclid(60) != 0 {
            return Err(ClockError::NotWholeMinute(text.to_owned()));
        }
        Instant::from_second(at.as_second()).ok_or_else(|| ClockError::OutOfRange(text.to_owned()))
    }

    pub fn second(self) -> i64 {
        self.0
    }

    pub fn ms(self) -> i64 {
        self.0 * 1000
    }

    /// `2025-12-12T15:00:00Z`.
    pub fn iso(self) -> String {
        jiff::Timestamp::from_second(self.0)
            .map_or_else(|_| self.0.to_string(), |at| at.to_string())
    }
}

/// A target in minutes, at most [`MAX_TARGET_MINUTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(u32);

impl Minutes {
    pub fn new(minutes: u64) -> Option<Minutes> {
        u32::try_from(minutes)
            .ok()
            .filter(|m| *m <= MAX_TARGET_MINUTES)
            .map(Minutes)
    }

    pub fn get(self) -> u32 {
        self.0
    }

    fn seconds(self) -> i64 {
        i64::from(self.0) * 60
    }
}

/// The pauses of a clock, as their union: apart, in order, none empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pauses(Vec<(i64, i64)>);

impl Pauses {
    /// No pause.
    pub fn none() -> Pauses {
        Pauses(Vec::new())
    }

    /// The union of pauses `[start, end)`; they may overlap, touch or lie anywhere.
    /// A pause that ends before it starts is refused.
    pub fn new(pauses: impl IntoIterator<Item = (Instant, Instant)>) -> Result<Pauses, ClockError> {
        let mut all = Vec::new();
        for (start, end) in pauses {
            if end < start {
                return Err(ClockError::ReversedPause {
                    start: start.iso(),
                    end: end.iso(),
                });
            }
            if start < end {
                all.push((start.0, end.0));
            }
        }
        all.sort_unstable();
        let mut union: Vec<(i64, i64)> = Vec::with_capacity(all.len());
        for (start, end) in all {
            match union.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => union.push((start, end)),
            }
        }
        Ok(Pauses(union))
    }

    /// The intervals, apart and in order.
    pub fn intervals(&self) -> &[(i64, i64)] {
        &self.0
    }
}

/// When `target` falls due on a clock started at `start` (see the module's rules).
pub fn due(
    calendar: &Calendar,
    start: Instant,
    pauses: &Pauses,
    target: Minutes,
) -> Result<Instant, ClockError> {
    let mut left = target.seconds();
    if left == 0 {
        return Ok(start);
    }
    for (from, to) in Counted::new(calendar, start.0, pauses) {
        if to - from >= left {
            return Instant::from_second(from + left).ok_or(ClockError::Beyond);
        }
        left -= to - from;
    }
    Err(ClockError::Beyond)
}

/// The counted seconds in `[from, to)`.
pub fn counted(calendar: &Calendar, from: Instant, to: Instant, pauses: &Pauses) -> i64 {
    let mut total = 0;
    for (start, end) in Counted::new(calendar, from.0, pauses) {
        if start >= to.0 {
            break;
        }
        total += end.min(to.0) - start;
        if end >= to.0 {
            break;
        }
    }
    total
}

/// The counted stretches from a start on, in order, apart.
struct Counted<'a> {
    hours: Hours<'a>,
    pauses: &'a [(i64, i64)],
    next_pause: usize,
    pending: Option<(i64, i64)>,
}

impl<'a> Counted<'a> {
    fn new(calendar: &'a Calendar, start: i64, pauses: &'a Pauses) -> Counted<'a> {
        let hours = match calendar {
            Calendar::Always => Hours::Always { from: Some(start) },
            Calendar::Business(business) => Hours::Business(Walk::new(business, start)),
        };
        Counted {
            hours,
            pauses: &pauses.0,
            next_pause: 0,
            pending: None,
        }
    }
}

impl Iterator for Counted<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            let (mut start, end) = match self.pending.take() {
                Some(stretch) => stretch,
                None => self.hours.next()?,
            };
            while self
                .pauses
                .get(self.next_pause)
                .is_some_and(|pause| pause.1 <= start)
            {
                self.next_pause += 1;
            }
            match self.pauses.get(self.next_pause) {
                // Starts inside a pause: resume where it ends.
                Some(&(pause_start, pause_end)) if pause_start <= start => {
                    start = pause_end;
                    if start < end {
                        self.pending = Some((start, end));
                    }
                }
                // A pause begins inside: count up to it, keep the rest for later.
                Some(&(pause_start, pause_end)) if pause_start < end => {
                    if pause_end < end {
                        self.pending = Some((pause_end, end));
                    }
                    return Some((start, pause_start));
                }
                _ => return Some((start, end)),
            }
        }
    }
}

/// A calendar's hours from a start on, as UTC stretches in order.
enum Hours<'a> {
    Always { from: Option<i64> },
    Business(Walk<'a>),
}

impl Iterator for Hours<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        match self {
            Hours::Always { from } => from.take().map(|start| (start, END_SECOND)),
            Hours::Business(walk) => walk.next(),
        }
    }
}

/// A walk through business hours: stretch by stretch of one UTC offset, local day by
/// local day within it, span by span within a day.
struct Walk<'a> {
    business: &'a Business,
    /// The stretch of constant offset being walked, its offset and its end (UTC).
    stretch: usize,
    offset: i64,
    stretch_end: i64,
    /// Nothing before this UTC second is given (the start, then the stretch's start).
    floor: i64,
    day: Day,
    spans: &'a [Span],
    next_span: usize,
}

impl<'a> Walk<'a> {
    fn new(business: &'a Business, start: i64) -> Walk<'a> {
        let offsets = business.offsets();
        let stretch = offsets.stretch(start);
        let (offset, stretch_end) = offsets.get(stretch);
        let day = Day::holding(start + offset);
        Walk {
            business,
            stretch,
            offset,
            stretch_end,
            floor: start,
            day,
            spans: business.spans(day),
            next_span: 0,
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            let midnight = self.day.first_second() - self.offset;
            if midnight >= END_SECOND {
                return None;
            }
            while let Some(span) = self.spans.get(self.next_span) {
                self.next_span += 1;
                let start = (midnight + span.start()).max(self.floor);
                let end = (midnight + span.end()).min(self.stretch_end);
                if start < end {
                    self.floor = end;
                    return Some((start, end));
                }
            }
            // The next local day, in this stretch if it begins inside it, else in the
            // next stretch (whose first local day may be this one again, when the
            // clocks went back).
            self.day = Day(self.day.0 + 1);
            if self.day.first_second() - self.offset >= self.stretch_end {
                self.floor = self.floor.max(self.stretch_end);
                self.stretch += 1;
                let (offset, end) = self.business.offsets().get(self.stretch);
                self.offset = offset;
                self.stretch_end = end;
                self.day = Day::holding(self.floor + offset);
            }
            self.spans = self.business.spans(self.day);
            self.next_span = 0;
        }
    }
}
