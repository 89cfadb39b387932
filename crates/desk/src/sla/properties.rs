//! Properties of the SLA clock over random calendars (every zone of Mexico, up to two
//! intervals a day, with and without rest days and extra holidays), starts from 2024 to
//! 2027 (so Tijuana's change days are crossed), random pauses and targets.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::calendar::Calendar;
use super::clock::{Instant, Minutes, Pauses, counted, due};
use super::day::{Day, Weekday};
use super::zone::Zone;

const FROM: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
const TO: i64 = 1_798_761_600; // 2027-01-01T00:00:00Z

fn clock_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Up to two intervals in a day, on quarter hours, apart.
fn day_hours() -> impl Strategy<Value = Vec<[String; 2]>> {
    prop::collection::vec(0u32..=96, 0..=4).prop_map(|mut cuts| {
        cuts.sort_unstable();
        cuts.dedup();
        cuts.chunks_exact(2)
            .map(|pair| [clock_time(pair[0] * 15), clock_time(pair[1] * 15)])
            .collect()
    })
}

fn business() -> impl Strategy<Value = Value> {
    (
        0..Zone::ALL.len(),
        prop::collection::vec(day_hours(), 7),
        any::<bool>(),
        prop::collection::vec(0i64..1096, 0..6),
    )
        .prop_filter_map("a week with hours", |(zone, week, statutory, extra)| {
            if week.iter().all(Vec::is_empty) {
                return None;
            }
            let hours: serde_json::Map<String, Value> = Weekday::ALL
                .iter()
                .zip(week)
                .map(|(day, spans)| (day.key().to_owned(), json!(spans)))
                .collect();
            let extra: Vec<String> = extra
                .into_iter()
                .map(|offset| Day(FROM / 86_400 + offset).iso())
                .collect();
            Some(json!({
                "kind": "business",
                "zone": Zone::ALL[zone].name(),
                "hours": hours,
                "mx_statutory_holidays": statutory,
                "extra_holidays": extra,
            }))
        })
}

fn calendar() -> impl Strategy<Value = Calendar> {
    prop_oneof![1 => Just(json!({"kind": "24x7"})), 6 => business()]
        .prop_filter_map("a valid calendar", |value| Calendar::from_json(&value).ok())
}

fn start() -> impl Strategy<Value = Instant> {
    (FROM / 60..TO / 60).prop_filter_map("in range", |minute| Instant::from_second(minute * 60))
}

/// Up to four pauses from three days before `start` to twenty days after it.
fn pauses_near(start: Instant) -> impl Strategy<Value = Pauses> {
    let base = start.second() / 60 - 3 * 1440;
    prop::collection::vec((0i64..23 * 1440, 0i64..3 * 1440), 0..=4).prop_filter_map(
        "valid pauses",
        move |pauses| {
            let at = |minute: i64| Instant::from_second((base + minute) * 60);
            Pauses::new(
                pauses
                    .into_iter()
                    .filter_map(|(from, length)| Some((at(from)?, at(from + length)?))),
            )
            .ok()
        },
    )
}

fn case() -> impl Strategy<Value = (Calendar, Instant, Pauses, Minutes)> {
    (calendar(), start(), 0u64..4000).prop_flat_map(|(calendar, start, target)| {
        let target = Minutes::new(target).expect("below the maximum");
        (
            Just(calendar),
            Just(start),
            pauses_near(start),
            Just(target),
        )
    })
}

fn at(second: i64) -> Instant {
    Instant::from_second(second).unwrap_or_else(|| panic!("{second} out of range"))
}

/// The clock's definition walked minute by minute, with jiff telling each minute's
/// local date and time: the earliest minute boundary where the count reaches `target`.
fn minute_by_minute(
    calendar: &Calendar,
    start: Instant,
    pauses: &Pauses,
    target: Minutes,
) -> Instant {
    let Calendar::Business(business) = calendar else {
        let mut t = start.second();
        let mut left = i64::from(target.get());
        while left > 0 {
            if !pauses.intervals().iter().any(|(a, b)| *a <= t && t < *b) {
                left -= 1;
            }
            t += 60;
        }
        return at(t);
    };
    let zone =
        jiff::tz::TimeZone::get(business.zone().name()).unwrap_or_else(|_| panic!("no zone"));
    let mut t = start.second();
    let mut left = i64::from(target.get());
    while left > 0 {
        let Ok(ts) = jiff::Timestamp::from_second(t) else {
            panic!("{t}")
        };
        let local = zone.to_datetime(ts);
        let date = local.date();
        let day = Day::from_civil(
            date.year().into(),
            date.month().unsigned_abs(),
            date.day().unsigned_abs(),
        )
        .unwrap_or_else(|| panic!("{date}"));
        let second = i64::from(local.hour()) * 3600 + i64::from(local.minute()) * 60;
        let working = business
            .spans(day)
            .iter()
            .any(|span| span.start() <= second && second < span.end());
        let paused = pauses.intervals().iter().any(|(a, b)| *a <= t && t < *b);
        if working && !paused {
            left -= 1;
        }
        t += 60;
    }
    at(t)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn due_is_where_the_count_reaches_the_target((calendar, start, pauses, target) in case()) {
        let Ok(found) = due(&calendar, start, &pauses, target) else {
            return Err(TestCaseError::fail("no due"));
        };
        prop_assert!(found >= start);
        prop_assert_eq!(counted(&calendar, start, found, &pauses), i64::from(target.get()) * 60);
        if target.get() > 0 {
            // Never outside business time: the minute before it was counted.
            let before = at(found.second() - 60);
            prop_assert_eq!(counted(&calendar, before, found, &pauses), 60);
        }
    }

    #[test]
    fn the_walk_agrees_with_a_minute_by_minute_count((calendar, start, pauses, target) in case()) {
        let target = Minutes::new(u64::from(target.get() % 1500)).expect("below the maximum");
        prop_assert_eq!(due(&calendar, start, &pauses, target), Ok(minute_by_minute(&calendar, start, &pauses, target)));
    }

    #[test]
    fn pausing_never_makes_a_due_earlier((calendar, start, pauses, target) in case()) {
        let without = due(&calendar, start, &Pauses::none(), target).ok();
        let with = due(&calendar, start, &pauses, target).ok();
        prop_assert!(with.is_some() && without.is_some());
        prop_assert!(with >= without);
        // Nor does one more pause.
        let mut more: Vec<(Instant, Instant)> = pauses.intervals().iter().map(|(a, b)| (at(*a), at(*b))).collect();
        more.push((at(start.second() + 3600), at(start.second() + 3 * 3600)));
        let more = Pauses::new(more).unwrap_or_default();
        prop_assert!(due(&calendar, start, &more, target).ok() >= with);
    }

    #[test]
    fn around_the_clock_is_wall_clock_arithmetic(start in start(), target in 0u64..2_000_000) {
        let Some(minutes) = Minutes::new(target) else { return Err(TestCaseError::reject("target")) };
        let expected = Instant::from_second(start.second() + i64::try_from(target).unwrap_or(0) * 60);
        prop_assert_eq!(due(&Calendar::Always, start, &Pauses::none(), minutes).ok(), expected);
    }

    #[test]
    fn due_of_a_sum_is_due_of_the_rest_from_due_of_the_first(
        (calendar, start, pauses, a) in case(),
        b in 0u64..3000,
    ) {
        let (Some(b), Some(sum)) = (Minutes::new(b), Minutes::new(u64::from(a.get()) + b)) else {
            return Err(TestCaseError::reject("targets"));
        };
        let Ok(first) = due(&calendar, start, &pauses, a) else {
            return Err(TestCaseError::fail("no due"));
        };
        prop_assert_eq!(due(&calendar, start, &pauses, sum), due(&calendar, first, &pauses, b));
    }
}
