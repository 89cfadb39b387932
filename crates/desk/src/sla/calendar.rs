//! A partner's business calendar, the hours its SLA clocks run: `24x7`, or business
//! hours in one of Mexico's zones with its rest days. It is kept and exchanged in
//! exactly this JSON shape (the portal and the API accept and show it):
//!
//! ```json
//! {"kind": "24x7"}
//! {"kind": "business", "zone": "America/Tijuana",
//!  "hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
//!            "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [["09:00","14:00"]], "sun": []},
//!  "mx_statutory_holidays": true, "extra_holidays": ["2025-12-12", "2025-12-24"]}
//! ```
//!
//! Intervals are local wall-clock `[start, end)`, several a day, `end` up to `"24:00"`;
//! an overnight shift is two intervals (`"fri": [["22:00","24:00"]], "sat":
//! [["00:00","06:00"]]`). A day left out has no hours. Reversed, empty or overlapping
//! intervals, an unknown zone, a date that does not exist and a week without a single
//! hour are refused, each with its own message; intervals that touch are joined.

use serde::{Deserialize, Serialize};

use super::day::{DAY, Day, Weekday};
use super::holidays;
use super::zone::{END_SECOND, Offsets, Zone};

/// The most extra holidays a calendar keeps (a partner's own dates for decades).
pub const MAX_EXTRA_HOLIDAYS: usize = 1000;

/// When a clock runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Calendar {
    /// Always.
    Always,
    /// In business hours.
    Business(Box<Business>),
}

/// Business hours in a zone of Mexico, less its holidays.
#[derive(Clone, Debug)]
pub struct Business {
    zone: Zone,
    offsets: &'static Offsets,
    /// Monday first; each day's spans in order, apart (touching spans are joined).
    week: [Vec<Span>; 7],
    statutory: bool,
    /// In order, without repeats.
    extra: Vec<Day>,
}

impl PartialEq for Business {
    fn eq(&self, other: &Business) -> bool {
        self.zone == other.zone
            && self.week == other.week
            && self.statutory == other.statutory
            && self.extra == other.extra
    }
}

/// Local wall-clock seconds of a day, `[start, end)`, `0 <= start < end <= 86400`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    start: i64,
    end: i64,
}

impl Span {
    pub fn start(self) -> i64 {
        self.start
    }

    pub fn end(self) -> i64 {
        self.end
    }
}

/// Why a calendar was refused; each names its Fluent message and what it shows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("not a calendar: {0}")]
    Shape(String),
    #[error("unknown zone {0}")]
    Zone(String),
    #[error("bad time {value} on {day:?}")]
    Time { day: Weekday, value: String },
    #[error("reversed interval {start}-{end} on {day:?}")]
    Reversed {
        day: Weekday,
        start: String,
        end: String,
    },
    #[error("overlapping intervals {first} and {second} on {day:?}")]
    Overlap {
        day: Weekday,
        first: String,
        second: String,
    },
    #[error("bad date {0}")]
    Date(String),
    #[error("no business hours")]
    NoHours,
    #[error("{0} extra holidays")]
    TooManyHolidays(usize),
}

impl CalendarError {
    /// The Fluent id of its message and the message's arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            CalendarError::Shape(detail) => {
                ("desk-calendar-shape", vec![("detail", detail.clone())])
            }
            CalendarError::Zone(zone) => (
                "desk-calendar-zone",
                vec![
                    ("zone", zone.clone()),
                    ("zones", Zone::ALL.map(Zone::name).join(", ")),
                ],
            ),
            CalendarError::Time { day, value } => (
                "desk-calendar-time",
                vec![("day", day.key().to_owned()), ("value", value.clone())],
            ),
            CalendarError::Reversed { day, start, end } => (
                "desk-calendar-reversed",
                vec![
                    ("day", day.key().to_owned()),
                    ("start", start.clone()),
                    ("end", end.clone()),
                ],
            ),
            CalendarError::Overlap { day, first, second } => (
                "desk-calendar-overlap",
                vec![
                    ("day", day.key().to_owned()),
                    ("first", first.clone()),
                    ("second", second.clone()),
                ],
            ),
            CalendarError::Date(value) => ("desk-calendar-date", vec![("value", value.clone())]),
            CalendarError::NoHours => ("desk-calendar-no-hours", Vec::new()),
            CalendarError::TooManyHolidays(count) => (
                "desk-calendar-too-many-holidays",
                vec![
                    ("count", count.to_string()),
                    ("max", MAX_EXTRA_HOLIDAYS.to_string()),
                ],
            ),
        }
    }
}

/// The JSON shape, as serde reads and writes it.
#[derive(Deserialize, Serialize)]
#[serde(tag = "kind", deny_unknown_fields)]
enum Shape {
    #[serde(rename = "24x7")]
    Always {},
    #[serde(rename = "business")]
    Business {
        zone: String,
        hours: Box<Hours>,
        mx_statutory_holidays: bool,
        #[serde(default)]
        extra_holidays: Vec<String>,
    },
}

#[derive(Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct Hours {
    #[serde(default)]
    mon: Vec<[String; 2]>,
    #[serde(default)]
    tue: Vec<[String; 2]>,
    #[serde(default)]
    wed: Vec<[String; 2]>,
    #[serde(default)]
    thu: Vec<[String; 2]>,
    #[serde(default)]
    fri: Vec<[String; 2]>,
    #[serde(default)]
    sat: Vec<[String; 2]>,
    #[serde(default)]
    sun: Vec<[String; 2]>,
}

impl Hours {
    fn days(self) -> [(Weekday, Vec<[String; 2]>); 7] {
        [
            (Weekday::Mon, self.mon),
            (Weekday::Tue, self.tue),
            (Weekday::Wed, self.wed),
            (Weekday::Thu, self.thu),
            (Weekday::Fri, self.fri),
            (Weekday::Sat, self.sat),
            (Weekday::Sun, self.sun),
        ]
    }
}

impl Calendar {
    /// A calendar from its JSON text.
    pub fn parse(text: &str) -> Result<Calendar, CalendarError> {
        let shape: Shape =
            serde_json::from_str(text).map_err(|error| CalendarError::Shape(error.to_string()))?;
        Calendar::from_shape(shape)
    }

    /// A calendar from its JSON value.
    pub fn from_json(value: &serde_json::Value) -> Result<Calendar, CalendarError> {
        let shape =
            Shape::deserialize(value).map_err(|error| CalendarError::Shape(error.to_string()))?;
        Calendar::from_shape(shape)
    }

    fn from_shape(shape: Shape) -> Result<Calendar, CalendarError> {
        let Shape::Business {
            zone,
            hours,
            mx_statutory_holidays,
            extra_holidays,
        } = shape
        else {
            return Ok(Calendar::Always);
        };
        let Some((zone, offsets)) =
            Zone::parse(&zone).and_then(|found| Some((found, found.offsets()?)))
        else {
            return Err(CalendarError::Zone(zone));
        };
        let mut week: [Vec<Span>; 7] = Default::default();
        for (day, intervals) in (*hours).days() {
            week[day.index()] = day_spans(day, &intervals)?;
        }
        if week.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoHours);
        }
        if extra_holidays.len() > MAX_EXTRA_HOLIDAYS {
            return Err(CalendarError::TooManyHolidays(extra_holidays.len()));
        }
        let last_day = Day::holding(END_SECOND);
        let mut extra = extra_holidays
            .iter()
            .map(|text| {
                Day::parse_iso(text)
                    .filter(|day| day.0 >= 0 && *day < last_day)
                    .ok_or_else(|| CalendarError::Date(text.clone()))
            })
            .collect::<Result<Vec<Day>, CalendarError>>()?;
        extra.sort_unstable();
        extra.dedup();
        Ok(Calendar::Business(Box::new(Business {
            zone,
            offsets,
            week,
            statutory: mx_statutory_holidays,
            extra,
        })))
    }

    /// Its JSON value, in the shape it is read in (every day written, holidays in order).
    pub fn to_json(&self) -> serde_json::Value {
        let shape = match self {
            Calendar::Always => Shape::Always {},
            Calendar::Business(business) => {
                let day = |weekday: Weekday| -> Vec<[String; 2]> {
                    business.week[weekday.index()]
                        .iter()
                        .map(|span| [clock_time(span.start), clock_time(span.end)])
                        .collect()
                };
                Shape::Business {
                    zone: business.zone.name().to_owned(),
                    hours: Box::new(Hours {
                        mon: day(Weekday::Mon),
                        tue: day(Weekday::Tue),
                        wed: day(Weekday::Wed),
                        thu: day(Weekday::Thu),
                        fri: day(Weekday::Fri),
                        sat: day(Weekday::Sat),
                        sun: day(Weekday::Sun),
                    }),
                    mx_statutory_holidays: business.statutory,
                    extra_holidays: business.extra.iter().map(|day| day.iso()).collect(),
                }
            }
        };
        serde_json::to_value(shape).unwrap_or(serde_json::Value::Null)
    }
}

impl Business {
    pub fn zone(&self) -> Zone {
        self.zone
    }

    pub fn offsets(&self) -> &'static Offsets {
        self.offsets
    }

    /// Whether `day` is one of its holidays (statutory, if it keeps them, or its own).
    pub fn holiday(&self, day: Day) -> bool {
        self.extra.binary_search(&day).is_ok() || (self.statutory && holidays::statutory(day))
    }

    /// The hours it works on local date `day`: none on a holiday.
    pub fn spans(&self, day: Day) -> &[Span] {
        let hours = &self.week[day.weekday().index()];
        if hours.is_empty() || self.holiday(day) {
            &[]
        } else {
            hours
        }
    }
}

/// A day's intervals as spans, in order, touching ones joined.
fn day_spans(day: Weekday, intervals: &[[String; 2]]) -> Result<Vec<Span>, CalendarError> {
    let mut spans = intervals
        .iter()
        .map(|[start, end]| {
            let time = |value: &String, end: bool| {
                parse_time(value, end).ok_or_else(|| CalendarError::Time {
                    day,
                    value: value.clone(),
                })
            };
            let span = Span {
                start: time(start, false)?,
                end: time(end, true)?,
            };
            if span.start >= span.end {
                return Err(CalendarError::Reversed {
                    day,
                    start: start.clone(),
                    end: end.clone(),
                });
            }
            Ok(span)
        })
        .collect::<Result<Vec<Span>, CalendarError>>()?;
    spans.sort_by_key(|span| span.start);
    let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match joined.last_mut() {
            Some(last) if span.start < last.end => {
                return Err(CalendarError::Overlap {
                    day,
                    first: format!("{}–{}", clock_time(last.start), clock_time(last.end)),
                    second: format!("{}–{}", clock_time(span.start), clock_time(span.end)),
                });
            }
            Some(last) if span.start == last.end => last.end = span.end,
            _ => joined.push(span),
        }
    }
    Ok(joined)
}

/// `HH:MM` as seconds of the day: `00:00` to `23:59`, and `24:00` as an end.
fn parse_time(text: &str, end: bool) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    let digits = |at: usize| -> Option<i64> {
        let (tens, ones) = (bytes[at], bytes[at + 1]);
        (tens.is_ascii_digit() && ones.is_ascii_digit())
            .then(|| i64::from(tens - b'0') * 10 + i64::from(ones - b'0'))
    };
    let (hours, minutes) = (digits(0)?, digits(3)?);
    match (hours, minutes) {
        (24, 0) if end => Some(DAY),
        (0..=23, 0..=59) => Some(hours * 3600 + minutes * 60),
        _ => None,
    }
}

/// Seconds of the day as `HH:MM`.
fn clock_time(seconds: i64) -> String {
    format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIJUANA: &str = r#"{"kind": "business", "zone": "America/Tijuana",
        "hours": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                  "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [["09:00","14:00"]], "sun": []},
        "mx_statutory_holidays": true, "extra_holidays": ["2025-12-24", "2025-12-12"]}"#;

    fn refused(text: &str) -> CalendarError {
        match Calendar::parse(text) {
            Ok(calendar) => panic!("accepted {calendar:?}"),
            Err(error) => error,
        }
    }

    fn business(hours: &str) -> String {
        format!(
            r#"{{"kind":"business","zone":"America/Mexico_City","hours":{hours},"mx_statutory_holidays":false}}"#
        )
    }

    #[test]
    fn the_issues_two_calendars_read_and_write_back_the_same() {
        assert_eq!(Calendar::parse(r#"{"kind": "24x7"}"#), Ok(Calendar::Always));
        assert_eq!(
            Calendar::Always.to_json(),
            serde_json::json!({"kind": "24x7"})
        );
        let Ok(calendar) = Calendar::parse(TIJUANA) else {
            panic!("refused");
        };
        let json = calendar.to_json();
        assert_eq!(json["zone"], "America/Tijuana");
        assert_eq!(
            json["hours"]["sat"],
            serde_json::json!([["09:00", "14:00"]])
        );
        assert_eq!(json["hours"]["sun"], serde_json::json!([]));
        assert_eq!(
            json["extra_holidays"],
            serde_json::json!(["2025-12-12", "2025-12-24"])
        );
        assert_eq!(Calendar::from_json(&json), Ok(calendar));
    }

    #[test]
    fn intervals_sort_touching_ones_join_and_24_00_ends_a_day() {
        let Ok(Calendar::Business(calendar)) = Calendar::parse(&business(
            r#"{"mon": [["14:00","18:00"], ["09:00","14:00"]], "fri": [["22:00","24:00"]], "sat": [["00:00","06:00"]]}"#,
        )) else {
            panic!("refused");
        };
        assert_eq!(
            calendar.week[0],
            [Span {
                start: 9 * 3600,
                end: 18 * 3600
            }]
        );
        assert_eq!(
            calendar.week[4],
            [Span {
                start: 22 * 3600,
                end: DAY
            }]
        );
        assert_eq!(
            calendar.week[5],
            [Span {
                start: 0,
                end: 6 * 3600
            }]
        );
        assert!(calendar.week[1].is_empty());
    }

    #[test]
    fn bad_calendars_are_refused_with_what_is_wrong() {
        assert_eq!(
            refused(&business(
                r#"{"mon": [["09:00","13:00"], ["12:00","18:00"]]}"#
            )),
            CalendarError::Overlap {
                day: Weekday::Mon,
                first: "09:00–13:00".into(),
                second: "12:00–18:00".into()
            }
        );
        assert_eq!(
            refused(&business(r#"{"tue": [["18:00","09:00"]]}"#)),
            CalendarError::Reversed {
                day: Weekday::Tue,
                start: "18:00".into(),
                end: "09:00".into()
            }
        );
        assert!(matches!(
            refused(&business(r#"{"wed": [["09:00","09:00"]]}"#)),
            CalendarError::Reversed { .. }
        ));
        for bad in ["9:00", "24:00", "09:60", "25:00", "09h00", "0900 ", "-1:00"] {
            assert_eq!(
                refused(&business(&format!(r#"{{"thu": [["{bad}","18:00"]]}}"#))),
                CalendarError::Time {
                    day: Weekday::Thu,
                    value: bad.into()
                }
            );
        }
        assert!(matches!(
            refused(&business(r#"{"fri": [["09:00","24:01"]]}"#)),
            CalendarError::Time { .. }
        ));
        assert_eq!(refused(&business(r#"{"sun": []}"#)), CalendarError::NoHours);
        assert_eq!(
            refused(&TIJUANA.replace("America/Tijuana", "America/Bogota")),
            CalendarError::Zone("America/Bogota".into())
        );
        assert_eq!(
            refused(&TIJUANA.replace("2025-12-24", "2025-02-30")),
            CalendarError::Date("2025-02-30".into())
        );
        assert!(matches!(
            refused(&business(r#"{"monday": [["09:00","18:00"]]}"#)),
            CalendarError::Shape(_)
        ));
        assert!(matches!(
            refused(r#"{"kind": "8x5"}"#),
            CalendarError::Shape(_)
        ));
        assert!(matches!(
            refused(r#"{"kind": "24x7", "zone": "America/Cancun"}"#),
            CalendarError::Shape(_)
        ));
        assert!(matches!(
            refused(
                r#"{"kind":"business","zone":"America/Cancun","hours":{"mon":[["09:00","18:00"]]}}"#
            ),
            CalendarError::Shape(_)
        ));
        assert!(matches!(refused("[1, 2]"), CalendarError::Shape(_)));
    }

    #[test]
    fn holidays_remove_whole_days_when_kept() {
        let Ok(Calendar::Business(calendar)) = Calendar::parse(TIJUANA) else {
            panic!("refused");
        };
        let day = |y, m, d| Day::from_civil(y, m, d).unwrap_or(Day(0));
        assert!(calendar.spans(day(2025, 12, 12)).is_empty());
        assert!(calendar.spans(day(2025, 9, 16)).is_empty());
        assert!(calendar.spans(day(2025, 12, 14)).is_empty(), "a Sunday");
        assert_eq!(calendar.spans(day(2025, 12, 15)).len(), 1);
        let Ok(Calendar::Business(without)) = Calendar::parse(&TIJUANA.replace(
            "\"mx_statutory_holidays\": true",
            "\"mx_statutory_holidays\": false",
        )) else {
            panic!("refused");
        };
        assert_eq!(without.spans(day(2025, 9, 16)).len(), 1);
        assert!(without.spans(day(2025, 12, 12)).is_empty());
    }
}
