//! A desk's service report for a month (optionally one contract): for each target,
//! how many tickets met it on time, late or not yet; the medians of business time to
//! first response and to resolution; the tickets still open by age; plain functions
//! over plain data, drawn as SVG bars on the server and exported as CSV.

use crate::sla::state::{Reading, Target};

/// One ticket of the report, as its clocks read now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub number: i64,
    pub organization: String,
    pub priority: i64,
    pub status: &'static str,
    pub created_ms: i64,
    pub readings: Vec<Reading>,
    /// Counted seconds from opening to the first response, if there was one.
    pub to_first_response: Option<i64>,
    /// Counted seconds from opening to resolution, if resolved.
    pub to_resolution: Option<i64>,
    /// Still being worked on.
    pub open: bool,
}

/// How one target did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compliance {
    pub on_time: usize,
    /// Met late, or unmet past due.
    pub breached: usize,
    /// Not met and not due yet.
    pub pending: usize,
}

impl Compliance {
    /// On time among those decided, in whole percent; none when nothing is decided.
    pub fn percent(self) -> Option<i64> {
        let decided = self.on_time + self.breached;
        (decided > 0).then(|| i64::try_from(self.on_time * 100 / decided).unwrap_or(0))
    }
}

/// The ages the backlog is counted by: under a day, 1–3 days, 3–7, 7–30, more.
pub const AGES: [(i64, &str); 5] = [
    (1, "desk-age-day"),
    (3, "desk-age-3"),
    (7, "desk-age-7"),
    (30, "desk-age-30"),
    (i64::MAX, "desk-age-more"),
];

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub tickets: usize,
    pub first_response: Compliance,
    pub next_update: Compliance,
    pub resolution: Compliance,
    /// Median counted seconds to first response and to resolution.
    pub median_first_response: Option<i64>,
    pub median_resolution: Option<i64>,
    /// Open tickets per age bucket of [`AGES`].
    pub backlog: [usize; 5],
}

/// The median of `values` (the lower of the two middle ones for an even count).
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

/// Summarizes `lines` at `now_ms`.
pub fn summarize(lines: &[Line], now_ms: i64) -> Summary {
    let mut summary = Summary {
        tickets: lines.len(),
        ..Summary::default()
    };
    for line in lines {
        for reading in &line.readings {
            let compliance = match reading.target {
                Target::FirstResponse => &mut summary.first_response,
                Target::NextUpdate => &mut summary.next_update,
                Target::Resolution => &mut summary.resolution,
            };
            if reading.breached {
                compliance.breached += 1;
            } else if reading.met.is_some() {
                compliance.on_time += 1;
            } else {
                compliance.pending += 1;
            }
        }
        if line.open {
            let days = (now_ms - line.created_ms).max(0) / (24 * 60 * 60 * 1000);
            let bucket = AGES
                .iter()
                .position(|(under, _)| days < *under)
                .unwrap_or(4);
            summary.backlog[bucket] += 1;
        }
    }
    summary.median_first_response =
        median(lines.iter().filter_map(|l| l.to_first_response).collect());
    summary.median_resolution = median(lines.iter().filter_map(|l| l.to_resolution).collect());
    summary
}

/// A CSV cell: quoted when it must be, and a leading `= + - @` neutralized so a
/// spreadsheet does not run it as a formula.
pub fn csv_cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A bar of a chart: its label, its value and its length in the chart's units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: String,
    /// Of `span` units.
    pub width: i64,
}

/// Horizontal bars for `values` (label, value, shown value), scaled to `max` over
/// `span` units. The page writes each label and value as text beside its bar, so
/// they read and scale like the rest of the page.
pub fn bars(values: &[(String, i64, String)], max: i64, span: i64) -> Vec<Bar> {
    let max = max.max(1);
    values
        .iter()
        .map(|(label, value, shown)| Bar {
            label: label.clone(),
            value: shown.clone(),
            width: (*value).clamp(0, max) * span / max,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::clock::Instant;

    fn reading(target: Target, met: bool, breached: bool) -> Reading {
        Reading {
            target,
            due: Instant::from_ms(0),
            met: met.then(|| Instant::from_ms(0)),
            breached,
            paused: false,
            left: 0,
        }
    }

    fn line(readings: Vec<Reading>, first: Option<i64>, open: bool, age_days: i64) -> Line {
        Line {
            number: 1,
            organization: "Maquila".into(),
            priority: 2,
            status: if open { "open" } else { "resolved" },
            created_ms: 100 * 86_400_000 - age_days * 86_400_000,
            readings,
            to_first_response: first,
            to_resolution: None,
            open,
        }
    }

    #[test]
    fn compliance_counts_on_time_breached_and_pending_and_the_backlog_by_age() {
        let lines = vec![
            line(
                vec![
                    reading(Target::FirstResponse, true, false),
                    reading(Target::Resolution, false, false),
                ],
                Some(600),
                true,
                0,
            ),
            line(
                vec![
                    reading(Target::FirstResponse, true, true),
                    reading(Target::Resolution, true, false),
                ],
                Some(7200),
                false,
                10,
            ),
            line(
                vec![
                    reading(Target::FirstResponse, false, true),
                    reading(Target::Resolution, false, true),
                ],
                None,
                true,
                12,
            ),
            line(
                vec![reading(Target::FirstResponse, true, false)],
                Some(1800),
                true,
                45,
            ),
        ];
        let summary = summarize(&lines, 100 * 86_400_000);
        assert_eq!(summary.tickets, 4);
        assert_eq!(
            summary.first_response,
            Compliance {
                on_time: 2,
                breached: 2,
                pending: 0
            }
        );
        assert_eq!(summary.first_response.percent(), Some(50));
        assert_eq!(
            summary.resolution,
            Compliance {
                on_time: 1,
                breached: 1,
                pending: 1
            }
        );
        assert_eq!(summary.next_update.percent(), None);
        assert_eq!(summary.median_first_response, Some(1800));
        assert_eq!(summary.backlog, [1, 0, 0, 1, 1]);
    }

    #[test]
    fn cells_cannot_become_formulas_and_bars_scale() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-5"), "'-5");
        assert_eq!(csv_cell("Maquiladora, S.A."), "\"Maquiladora, S.A.\"");
        assert_eq!(csv_cell("dijo \"hola\""), "\"dijo \"\"hola\"\"\"");
        assert_eq!(median(vec![3, 1, 2, 10]), Some(2));
        assert_eq!(median(Vec::new()), None);
        let drawn = bars(
            &[
                ("a".into(), 50, "50 %".into()),
                ("b".into(), 100, "100 %".into()),
            ],
            100,
            300,
        );
        assert_eq!((drawn[0].width, drawn[1].width), (150, 300));
        assert_eq!(
            (drawn[1].label.as_str(), drawn[1].value.as_str()),
            ("b", "100 %")
        );
    }
}
