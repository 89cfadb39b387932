//! Worked examples of the SLA clock, each computed by hand (the comment says how), for
//! nights, weekends, holidays, pauses, zones, Tijuana's two change days and overnight
//! shifts. Mexico City is UTC−6 since October 2022 (so 09:00 is 15:00Z and 18:00 is
//! 00:00Z the next day); 2025-12-01 is a Monday.

use super::calendar::Calendar;
use super::clock::{Instant, Minutes, Pauses, due};

/// Mexico City, Monday to Friday 09:00–18:00, Saturday 09:00–14:00, statutory rest
/// days and 12 December.
const CDMX: &str = r#"{"kind":"business","zone":"America/Mexico_City",
  "hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],
  "thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]],"sat":[["09:00","14:00"]],"sun":[]},
  "mx_statutory_holidays":true,"extra_holidays":["2025-12-12"]}"#;

/// The same hours in Tijuana (UTC−8, UTC−7 from 9 March to 2 November 2025).
const TIJUANA: &str = r#"{"kind":"business","zone":"America/Tijuana",
  "hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],
  "thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]],"sat":[["09:00","14:00"]],"sun":[]},
  "mx_statutory_holidays":true}"#;

/// Tijuana, Sunday 00:00–06:00 and Monday 09:00–18:00: the change days are Sundays.
const TIJUANA_SUNDAY_NIGHT: &str = r#"{"kind":"business","zone":"America/Tijuana",
  "hours":{"sun":[["00:00","06:00"]],"mon":[["09:00","18:00"]]},"mx_statutory_holidays":false}"#;

/// A night shift in Mexico City: 22:00 Monday to 06:00 Saturday, as two intervals a
/// night; without rest days, and with them.
const NIGHTS: &str = r#"{"kind":"business","zone":"America/Mexico_City",
  "hours":{"mon":[["22:00","24:00"]],"tue":[["00:00","06:00"],["22:00","24:00"]],
  "wed":[["00:00","06:00"],["22:00","24:00"]],"thu":[["00:00","06:00"],["22:00","24:00"]],
  "fri":[["00:00","06:00"],["22:00","24:00"]],"sat":[["00:00","06:00"]]},
  "mx_statutory_holidays":false}"#;

/// Weekdays 09:00–18:00 in Cancún (UTC−5) and Hermosillo (UTC−7), neither with a
/// change of clocks.
const CANCUN: &str = r#"{"kind":"business","zone":"America/Cancun",
  "hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],
  "thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},"mx_statutory_holidays":true}"#;
const HERMOSILLO: &str = r#"{"kind":"business","zone":"America/Hermosillo",
  "hours":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],
  "thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},"mx_statutory_holidays":true}"#;

const ALWAYS: &str = r#"{"kind":"24x7"}"#;

/// (calendar, start, pauses, target minutes, due, how).
type Example = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    u64,
    &'static str,
    &'static str,
);

const EXAMPLES: &[Example] = &[
    // Within a day.
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[],
        60,
        "2025-12-01T17:00:00Z",
        "Mon 10:00 + 1 h = 11:00",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[],
        480,
        "2025-12-02T00:00:00Z",
        "Mon 10:00 + 8 h ends exactly at 18:00: due at closing",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[],
        481,
        "2025-12-02T15:01:00Z",
        "8 h on Monday, 1 min on Tuesday: 09:01",
    ),
    (
        CDMX,
        "2025-12-01T13:00:00Z",
        &[],
        30,
        "2025-12-01T15:30:00Z",
        "opened 07:00, counts from 09:00",
    ),
    (
        CDMX,
        "2025-12-02T00:00:00Z",
        &[],
        1,
        "2025-12-02T15:01:00Z",
        "opened at closing: nothing left that day",
    ),
    // Nights.
    (
        CDMX,
        "2025-12-02T02:00:00Z",
        &[],
        60,
        "2025-12-02T16:00:00Z",
        "Mon 20:00: Tue 09:00 + 1 h",
    ),
    (
        CDMX,
        "2025-12-02T02:00:00Z",
        &[],
        0,
        "2025-12-02T02:00:00Z",
        "target 0 is the start, even at night",
    ),
    (
        CDMX,
        "2025-12-01T15:00:00Z",
        &[],
        0,
        "2025-12-01T15:00:00Z",
        "target 0 at an opening",
    ),
    // Weekends.
    (
        CDMX,
        "2025-12-05T23:00:00Z",
        &[],
        120,
        "2025-12-06T16:00:00Z",
        "Fri 17:00: 1 h Friday, Sat 09:00 + 1 h",
    ),
    (
        CDMX,
        "2025-12-06T19:00:00Z",
        &[],
        120,
        "2025-12-08T16:00:00Z",
        "Sat 13:00: 1 h Saturday, Sunday closed, Mon 10:00",
    ),
    (
        CDMX,
        "2025-12-07T18:00:00Z",
        &[],
        30,
        "2025-12-08T15:30:00Z",
        "Sunday noon: Mon 09:30",
    ),
    (
        CDMX,
        "2025-12-01T15:00:00Z",
        &[],
        2700,
        "2025-12-06T00:00:00Z",
        "45 h from Mon 09:00 end Fri 18:00",
    ),
    (
        CDMX,
        "2025-12-01T15:00:00Z",
        &[],
        3000,
        "2025-12-06T20:00:00Z",
        "50 h: the week and Saturday to its 14:00 closing",
    ),
    (
        CDMX,
        "2025-12-01T15:00:00Z",
        &[],
        3001,
        "2025-12-08T15:01:00Z",
        "one minute more: Monday 09:01",
    ),
    // Holidays.
    (
        CDMX,
        "2025-12-11T23:00:00Z",
        &[],
        120,
        "2025-12-13T16:00:00Z",
        "Thu 17:00: 1 h, Fri 12 Dec is the partner's holiday, Sat 10:00",
    ),
    (
        CDMX,
        "2025-11-14T23:30:00Z",
        &[],
        400,
        "2025-11-18T16:10:00Z",
        "Fri 17:30: 30 min, Sat 5 h, Sun, Mon 17 Nov rest day, Tue 09:00 + 70 min",
    ),
    (
        CDMX,
        "2025-12-24T18:00:00Z",
        &[],
        480,
        "2025-12-26T17:00:00Z",
        "Wed 24 Dec 12:00: 6 h, Christmas, Fri 11:00",
    ),
    (
        CDMX,
        "2025-09-15T22:00:00Z",
        &[],
        180,
        "2025-09-17T16:00:00Z",
        "Mon 16:00: 2 h, 16 Sep, Wed 10:00",
    ),
    (
        CDMX,
        "2025-12-31T23:00:00Z",
        &[],
        120,
        "2026-01-02T16:00:00Z",
        "31 Dec 17:00: 1 h, New Year, Fri 2 Jan 10:00",
    ),
    (
        CDMX,
        "2025-01-31T23:00:00Z",
        &[],
        420,
        "2025-02-04T16:00:00Z",
        "Fri 17:00: 1 h, Sat 5 h, Sun, Mon 3 Feb rest day, Tue 10:00",
    ),
    (
        CDMX,
        "2025-03-15T19:00:00Z",
        &[],
        120,
        "2025-03-18T16:00:00Z",
        "Sat 13:00: 1 h, Sun, Mon 17 Mar rest day, Tue 10:00",
    ),
    (
        CDMX,
        "2025-04-30T23:00:00Z",
        &[],
        120,
        "2025-05-02T16:00:00Z",
        "Wed 17:00: 1 h, 1 May, Fri 10:00",
    ),
    (
        TIJUANA,
        "2025-05-01T00:00:00Z",
        &[],
        120,
        "2025-05-02T17:00:00Z",
        "Tijuana Wed 17:00 PDT: 1 h, 1 May, Fri 10:00 PDT",
    ),
    (
        CDMX,
        "2030-09-30T23:00:00Z",
        &[],
        120,
        "2030-10-02T16:00:00Z",
        "Mon 17:00: 1 h, 1 Oct 2030 (handover), Wed 10:00",
    ),
    // Pauses.
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-01T17:00:00Z", "2025-12-01T19:00:00Z")],
        120,
        "2025-12-01T20:00:00Z",
        "10:00, paused 11:00–13:00: 14:00",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-01T14:00:00Z", "2025-12-01T18:00:00Z")],
        60,
        "2025-12-01T19:00:00Z",
        "a pause from before the start to 12:00: 13:00",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[
            ("2025-12-01T17:00:00Z", "2025-12-01T18:00:00Z"),
            ("2025-12-01T17:30:00Z", "2025-12-01T19:00:00Z"),
        ],
        120,
        "2025-12-01T20:00:00Z",
        "overlapping pauses 11:00–12:00 and 11:30–13:00 are 11:00–13:00",
    ),
    (
        CDMX,
        "2025-12-11T16:00:00Z",
        &[("2025-12-11T22:00:00Z", "2025-12-15T16:00:00Z")],
        480,
        "2025-12-15T18:00:00Z",
        "Thu 10:00: 6 h, paused Thu 16:00 to Mon 10:00 across the holiday and the weekend, Mon 12:00",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-02T02:00:00Z", "2025-12-02T14:00:00Z")],
        600,
        "2025-12-02T17:00:00Z",
        "a pause at night changes nothing: Tue 11:00",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-01T17:00:00Z", "2025-12-01T18:00:00Z")],
        60,
        "2025-12-01T17:00:00Z",
        "used up just as a pause begins: due when it begins",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-01T17:00:00Z", "2025-12-01T17:00:00Z")],
        120,
        "2025-12-01T18:00:00Z",
        "an empty pause",
    ),
    (
        CDMX,
        "2025-12-01T16:00:00Z",
        &[("2025-12-01T15:00:00Z", "2025-12-02T15:30:00Z")],
        30,
        "2025-12-02T16:00:00Z",
        "paused from before the start to Tue 09:30: Tue 10:00",
    ),
    // Around the clock.
    (
        ALWAYS,
        "2025-12-12T15:00:00Z",
        &[],
        90,
        "2025-12-12T16:30:00Z",
        "24x7: wall-clock time, holidays included",
    ),
    (
        ALWAYS,
        "2025-12-12T15:00:00Z",
        &[("2025-12-12T15:30:00Z", "2025-12-12T16:00:00Z")],
        90,
        "2025-12-12T17:00:00Z",
        "24x7 with a half-hour pause",
    ),
    (
        ALWAYS,
        "2025-12-31T23:30:00Z",
        &[],
        60,
        "2026-01-01T00:30:00Z",
        "24x7 across the year",
    ),
    (
        ALWAYS,
        "2025-12-31T23:30:00Z",
        &[],
        0,
        "2025-12-31T23:30:00Z",
        "24x7, target 0",
    ),
    // Overnight shifts.
    (
        NIGHTS,
        "2025-12-02T03:00:00Z",
        &[],
        180,
        "2025-12-02T07:00:00Z",
        "Mon 21:00: 22:00–24:00, on past midnight to Tue 01:00",
    ),
    (
        NIGHTS,
        "2025-12-02T11:00:00Z",
        &[],
        120,
        "2025-12-03T05:00:00Z",
        "Tue 05:00: 1 h to 06:00, then Tue 22:00 + 1 h",
    ),
    (
        NIGHTS,
        "2025-12-06T05:00:00Z",
        &[],
        480,
        "2025-12-09T05:00:00Z",
        "Fri 23:00: 1 h, Sat 00–06, no Saturday or Sunday night, Mon 23:00",
    ),
    // Other zones, the same instant.
    (
        CANCUN,
        "2025-12-01T13:00:00Z",
        &[],
        60,
        "2025-12-01T15:00:00Z",
        "Cancún 08:00 (UTC−5): 10:00 local",
    ),
    (
        HERMOSILLO,
        "2025-12-01T15:00:00Z",
        &[],
        60,
        "2025-12-01T17:00:00Z",
        "Hermosillo 08:00 (UTC−7): 10:00 local",
    ),
    (
        TIJUANA,
        "2025-12-01T15:00:00Z",
        &[],
        60,
        "2025-12-01T18:00:00Z",
        "Tijuana 07:00 (UTC−8 in December): 10:00 local",
    ),
    // Tijuana's change days: 9 March 2025 (02:00 becomes 03:00) and 2 November 2025
    // (02:00 becomes 01:00 again).
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-03-09T08:00:00Z",
        &[],
        300,
        "2025-03-09T13:00:00Z",
        "Sun 00:00–06:00 is 5 real hours on 9 March",
    ),
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-03-09T08:00:00Z",
        &[],
        301,
        "2025-03-10T16:01:00Z",
        "a minute more: Monday 09:01 PDT",
    ),
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-03-09T09:30:00Z",
        &[],
        60,
        "2025-03-09T10:30:00Z",
        "01:30 PST + 1 h = 03:30 PDT: the skipped hour does not exist",
    ),
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-11-02T07:00:00Z",
        &[],
        420,
        "2025-11-02T14:00:00Z",
        "Sun 00:00–06:00 is 7 real hours on 2 November",
    ),
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-11-02T07:00:00Z",
        &[],
        421,
        "2025-11-03T17:01:00Z",
        "a minute more: Monday 09:01 PST",
    ),
    (
        TIJUANA_SUNDAY_NIGHT,
        "2025-11-02T08:30:00Z",
        &[],
        60,
        "2025-11-02T09:30:00Z",
        "01:30 PDT + 1 h = 01:30 PST: the repeated hour counts",
    ),
    (
        TIJUANA,
        "2025-03-08T21:00:00Z",
        &[],
        120,
        "2025-03-10T17:00:00Z",
        "Sat 13:00 PST: 1 h, Mon 10:00 PDT",
    ),
    // Mexico City when it still changed its clocks: the last change, 30 October 2022.
    (
        CDMX,
        "2022-10-28T22:00:00Z",
        &[],
        420,
        "2022-10-31T16:00:00Z",
        "Fri 17:00 CDT: 1 h, Sat 5 h, Mon 10:00 CST",
    ),
];

#[test]
fn every_worked_example_falls_due_when_computed_by_hand() {
    assert!(EXAMPLES.len() >= 40);
    let mut wrong = Vec::new();
    for (calendar, start, pauses, target, expected, how) in EXAMPLES {
        let calendar = match Calendar::parse(calendar) {
            Ok(calendar) => calendar,
            Err(error) => panic!("{how}: {error}"),
        };
        let instant = |text: &str| match Instant::parse_minute(text) {
            Ok(at) => at,
            Err(error) => panic!("{how}: {error}"),
        };
        let Ok(pauses) = Pauses::new(pauses.iter().map(|(a, b)| (instant(a), instant(b)))) else {
            panic!("{how}: bad pauses");
        };
        let Some(target) = Minutes::new(*target) else {
            panic!("{how}: bad target");
        };
        let got = due(&calendar, instant(start), &pauses, target).map(Instant::iso);
        if got.as_deref() != Ok(*expected) {
            wrong.push(format!("{how}: expected {expected}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn nights_on_a_rest_day_are_skipped_whole() {
    // With rest days, Tuesday 16 September loses both its 00:00–06:00 and 22:00–24:00:
    // Monday 22:00–24:00, then Wednesday 00:00–01:00.
    let text = NIGHTS.replace(
        "\"mx_statutory_holidays\":false",
        "\"mx_statutory_holidays\":true",
    );
    let Ok(calendar) = Calendar::parse(&text) else {
        panic!("refused");
    };
    let (Ok(start), Some(target)) = (
        Instant::parse_minute("2025-09-16T04:00:00Z"),
        Minutes::new(180),
    ) else {
        panic!("bad input");
    };
    assert_eq!(
        due(&calendar, start, &Pauses::none(), target).map(Instant::iso),
        Ok("2025-09-17T07:00:00Z".to_owned())
    );
}
