//! The SLA clock's speed: the state of 1,000,000 open tickets with mixed calendars and
//! pauses recomputed on one core, and due instants computed by the desk's clock beside
//! the same computation written the plain way with jiff (each interval's ends turned
//! into instants with `to_zoned`, day by day), on the same inputs. Prints
//! evaluations per second, the ratio, and how often the two agree (they may differ
//! only where an interval ends inside an hour that a change of clocks repeats).
//!
//! `cargo run --release -p soporte-bench-desk [-- --tickets N] [--json]`

use std::hint::black_box;
use std::time::Instant as Clock;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};
use soporte_desk::sla::calendar::Calendar;
use soporte_desk::sla::clock::{self, Instant, Minutes, Pauses};
use soporte_desk::sla::holidays;
use soporte_desk::sla::state::{self, Facts, Targets};
use soporte_desk::sla::zone::Zone;

/// A small, reproducible random source (splitmix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const NOW: i64 = 1_774_029_600; // 2026-03-20T18:00:00Z, after Tijuana's spring change.

/// Forty partner calendars: every zone, 24x7, office hours, split shifts, seven-day
/// hours and night shifts, with and without rest days and extra holidays.
fn calendars() -> Vec<Value> {
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    (0..40)
        .map(|i| {
            if i % 5 == 0 {
                return json!({"kind": "24x7"});
            }
            let mut hours = serde_json::Map::new();
            match i % 4 {
                0 => {
                    for day in weekdays {
                        hours.insert(day.into(), json!([["09:00", "18:00"]]));
                    }
                }
                1 => {
                    for day in weekdays {
                        hours.insert(day.into(), json!([["08:00", "14:00"], ["15:00", "19:00"]]));
                    }
                    hours.insert("sat".into(), json!([["09:00", "13:00"]]));
                }
                2 => {
                    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
                        hours.insert(day.into(), json!([["07:00", "22:00"]]));
                    }
                }
                _ => {
                    hours.insert("mon".into(), json!([["22:00", "24:00"]]));
                    for day in ["tue", "wed", "thu", "fri"] {
                        hours.insert(day.into(), json!([["00:00", "06:00"], ["22:00", "24:00"]]));
                    }
                    hours.insert("sat".into(), json!([["00:00", "06:00"]]));
                }
            }
            json!({
                "kind": "business",
                "zone": Zone::ALL[i % Zone::ALL.len()].name(),
                "hours": hours,
                "mx_statutory_holidays": i % 3 != 0,
                "extra_holidays": if i % 2 == 0 { json!(["2025-12-12", "2026-02-02", "2026-04-02", "2026-04-03"]) } else { json!([]) },
            })
        })
        .collect()
}

/// P1 to P4: first response, next update, resolution (minutes).
const PLANS: [[u64; 3]; 4] = [
    [15, 30, 240],
    [60, 120, 960],
    [240, 480, 2880],
    [480, 1440, 7200],
];

struct Ticket {
    calendar: usize,
    targets: Targets,
    facts: Facts,
}

fn at(second: i64) -> Result<Instant> {
    Instant::from_second(second).ok_or_else(|| anyhow!("{second} out of range"))
}

fn minutes(m: u64) -> Result<Minutes> {
    Minutes::new(m).ok_or_else(|| anyhow!("bad target {m}"))
}

/// Open tickets created in the 30 days before now, some answered, some waiting for
/// their customer now, most with a past stretch or two of waiting.
fn tickets(count: usize, calendars: usize, random: &mut Random) -> Result<Vec<Ticket>> {
    let mut all = Vec::with_capacity(count);
    for _ in 0..count {
        let created = NOW - 60 * i64::try_from(random.below(30 * 1440))?;
        let span = NOW - created;
        let mut pauses = Vec::new();
        for _ in 0..random.below(3) {
            let from =
                created + i64::try_from(random.below(u64::try_from(span)?.max(1)))? / 60 * 60;
            let length = 60 * i64::try_from(random.below(3 * 1440))?;
            pauses.push((at(from)?, at((from + length).min(NOW))?));
        }
        let answered = random.chance(60);
        let first_reply =
            answered.then(|| created + 60 * (1 + i64::try_from(random.below(240)).unwrap_or(0)));
        let first_reply = first_reply
            .filter(|reply| *reply < NOW)
            .map(at)
            .transpose()?;
        let waiting = first_reply.is_some() && random.chance(40);
        let plan = PLANS[usize::try_from(random.below(4))?];
        all.push(Ticket {
            calendar: usize::try_from(random.below(u64::try_from(calendars)?))?,
            targets: Targets {
                first_response: minutes(plan[0])?,
                next_update: minutes(plan[1])?,
                resolution: minutes(plan[2])?,
            },
            facts: Facts {
                created: at(created)?,
                pending: Pauses::new(pauses).map_err(|error| anyhow!("{error}"))?,
                pending_since: if random.chance(20) {
                    Some(at(NOW - 60 * i64::try_from(random.below(600))?)?)
                } else {
                    None
                },
                first_reply,
                waiting_since: if waiting {
                    Some(at(NOW - 60 * i64::try_from(random.below(2000))?)?)
                } else {
                    None
                },
                last_update: None,
                resolved_before: Pauses::none(),
                resolved: None,
            },
        });
    }
    Ok(all)
}

/// A local time of day, hours and minutes.
type ClockTime = (i8, i8);

/// A week of local intervals, Monday first.
type Week = [Vec<(ClockTime, ClockTime)>; 7];

/// The peer: the same clock, written the plain way with jiff.
enum PeerCalendar {
    Always,
    Business(Box<PeerBusiness>),
}

struct PeerBusiness {
    tz: jiff::tz::TimeZone,
    week: Week,
    statutory: bool,
    extra: Vec<jiff::civil::Date>,
}

fn peer_calendar(value: &Value) -> Result<PeerCalendar> {
    if value["kind"] == "24x7" {
        return Ok(PeerCalendar::Always);
    }
    let tz = jiff::tz::TimeZone::get(value["zone"].as_str().context("zone")?)?;
    let mut week: Week = Default::default();
    for (index, day) in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .enumerate()
    {
        for pair in value["hours"][day].as_array().into_iter().flatten() {
            let time = |text: &Value| -> Result<ClockTime> {
                let text = text.as_str().context("time")?;
                let (h, m) = text.split_once(':').context("time")?;
                Ok((h.parse()?, m.parse()?))
            };
            week[index].push((time(&pair[0])?, time(&pair[1])?));
        }
    }
    let extra = value["extra_holidays"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|day| Ok(day.as_str().context("date")?.parse::<jiff::civil::Date>()?))
        .collect::<Result<Vec<_>>>()?;
    Ok(PeerCalendar::Business(Box::new(PeerBusiness {
        tz,
        week,
        statutory: value["mx_statutory_holidays"] == true,
        extra,
    })))
}

fn peer_statutory(date: jiff::civil::Date) -> bool {
    use jiff::civil::Weekday::Monday;
    let (month, day, monday) = (date.month(), date.day(), date.weekday() == Monday);
    match (month, day) {
        (1, 1) | (5, 1) | (9, 16) | (12, 25) => true,
        (2, d) => monday && d <= 7,
        (3, d) | (11, d) => monday && (15..=21).contains(&d),
        (10, 1) => (date.year() - 2024) % 6 == 0,
        _ => false,
    }
}

fn peer_due(
    calendar: &PeerCalendar,
    start: i64,
    pauses: &[(i64, i64)],
    target: i64,
) -> Option<i64> {
    let mut left = target;
    if left == 0 {
        return Some(start);
    }
    // Counts [from, to) less the pauses; returns the due instant once reached.
    let mut take = |from: i64, to: i64| -> Option<i64> {
        let mut cursor = from;
        for &(pause_start, pause_end) in pauses {
            if pause_end <= cursor || pause_start >= to {
                continue;
            }
            if pause_start > cursor {
                if pause_start - cursor >= left {
                    return Some(cursor + left);
                }
                left -= pause_start - cursor;
            }
            cursor = cursor.max(pause_end);
        }
        if cursor < to {
            if to - cursor >= left {
                return Some(cursor + left);
            }
            left -= to - cursor;
        }
        None
    };
    match calendar {
        PeerCalendar::Always => take(start, i64::MAX / 2),
        PeerCalendar::Business(business) => {
            let PeerBusiness {
                tz,
                week,
                statutory,
                extra,
            } = &**business;
            let mut date = jiff::Timestamp::from_second(start)
                .ok()?
                .to_zoned(tz.clone())
                .date();
            for _ in 0..366 * 20 {
                let holiday = extra.contains(&date) || (*statutory && peer_statutory(date));
                if !holiday {
                    let index = usize::try_from(date.weekday().to_monday_zero_offset()).ok()?;
                    for &((h1, m1), (h2, m2)) in &week[index] {
                        let instant = |day: jiff::civil::Date, h: i8, m: i8| -> Option<i64> {
                            let (day, h) = if h == 24 {
                                (day.tomorrow().ok()?, 0)
                            } else {
                                (day, h)
                            };
                            Some(
                                day.at(h, m, 0, 0)
                                    .to_zoned(tz.clone())
                                    .ok()?
                                    .timestamp()
                                    .as_second(),
                            )
                        };
                        let from = instant(date, h1, m1)?.max(start);
                        let to = instant(date, h2, m2)?;
                        if from < to
                            && let Some(due) = take(from, to)
                        {
                            return Some(due);
                        }
                    }
                }
                date = date.tomorrow().ok()?;
            }
            None
        }
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let count = args
        .iter()
        .position(|arg| arg == "--tickets")
        .and_then(|at| args.get(at + 1))
        .map(|n| n.parse::<usize>())
        .transpose()?
        .unwrap_or(1_000_000);
    let json_out = args.iter().any(|arg| arg == "--json");

    let values = calendars();
    let ours: Vec<Calendar> = values
        .iter()
        .map(|value| Calendar::from_json(value).map_err(|error| anyhow!("{error}")))
        .collect::<Result<_>>()?;
    let peers: Vec<PeerCalendar> = values.iter().map(peer_calendar).collect::<Result<_>>()?;
    let mut random = Random(2026);
    let tickets = tickets(count, ours.len(), &mut random)?;
    let now = at(NOW)?;
    // Sanity: statutory days are the same rule in both.
    for year in 2025..2028 {
        for day in holidays::of_year(year) {
            let date: jiff::civil::Date = day.iso().parse()?;
            anyhow::ensure!(peer_statutory(date), "peer misses {date}");
        }
    }

    // 1. The state of every ticket, on this one thread.
    let started = Clock::now();
    let mut readings = 0usize;
    let mut breached = 0usize;
    for ticket in &tickets {
        let state = state::read(&ours[ticket.calendar], &ticket.targets, &ticket.facts, now)
            .map_err(|error| anyhow!("{error}"))?;
        readings += state.len();
        breached += state.iter().filter(|reading| reading.breached).count();
        black_box(&state);
    }
    let state_seconds = started.elapsed().as_secs_f64();
    let evaluations = count as f64 / state_seconds;

    // 2. Due instants, the desk's clock and the peer, on the same inputs.
    let sample = tickets.len().min(200_000);
    let inputs: Vec<(usize, Instant, &Pauses, Minutes)> = tickets[..sample]
        .iter()
        .map(|ticket| {
            (
                ticket.calendar,
                ticket.facts.created,
                &ticket.facts.pending,
                ticket.targets.resolution,
            )
        })
        .collect();
    let started = Clock::now();
    let mut ours_due = Vec::with_capacity(sample);
    for (calendar, start, pauses, target) in &inputs {
        ours_due.push(
            clock::due(&ours[*calendar], *start, pauses, *target)
                .ok()
                .map(Instant::second),
        );
    }
    let ours_seconds = started.elapsed().as_secs_f64();
    let started = Clock::now();
    let mut peer_due_all = Vec::with_capacity(sample);
    for (calendar, start, pauses, target) in &inputs {
        peer_due_all.push(peer_due(
            &peers[*calendar],
            start.second(),
            pauses.intervals(),
            i64::from(target.get()) * 60,
        ));
    }
    let peer_seconds = started.elapsed().as_secs_f64();
    let agree = ours_due
        .iter()
        .zip(&peer_due_all)
        .filter(|(a, b)| a == b)
        .count();
    let ours_rate = sample as f64 / ours_seconds;
    let peer_rate = sample as f64 / peer_seconds;

    let report = json!({
        "tickets": count,
        "state_evaluations_per_second": evaluations.round(),
        "state_readings": readings,
        "breached_readings": breached,
        "target_state_evaluations_per_second": 1_000_000,
        "state_target_met": evaluations >= 1_000_000.0,
        "due_sample": sample,
        "due_per_second": ours_rate.round(),
        "peer_due_per_second": peer_rate.round(),
        "ratio_to_peer": (ours_rate / peer_rate * 100.0).round() / 100.0,
        "agreeing_with_peer": agree,
    });
    if json_out {
        println!("{report}");
    } else {
        println!(
            "SLA state of {count} open tickets, one core: {:.0} evaluations/s ({readings} readings, {breached} breached); target ≥ 1,000,000/s: {}",
            evaluations,
            if evaluations >= 1_000_000.0 {
                "met"
            } else {
                "MISSED"
            }
        );
        println!(
            "due instants ({sample}): desk clock {:.0}/s, plain jiff walk {:.0}/s, ratio {:.1}×; same answer for {agree} of {sample}",
            ours_rate,
            peer_rate,
            ours_rate / peer_rate
        );
    }
    Ok(())
}
