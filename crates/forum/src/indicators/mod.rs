//! The foundation's indicators of the forum, week by week: questions asked, how many
//! had a first answer within 24 and 72 hours, the share solved, the median time to a
//! first answer and to the solution, active and new helpers, and what the ask flow
//! settled. Plain functions over plain rows, tested without a database; the page, its
//! charts and its CSV are in [`pages`].

pub mod pages;

use soporte_platform::storage::UserId;
use soporte_platform::week::Week;

use crate::ask::{Deflection, Outcome};

const HOUR: i64 = 60 * 60 * 1000;

/// A question as the indicators need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asked {
    pub created_at: i64,
    /// The first reply by someone other than the asker.
    pub first_reply_at: Option<i64>,
    pub solved_at: Option<i64>,
}

/// A reply by someone other than the asker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Helped {
    pub helper: UserId,
    pub at: i64,
}

/// One week's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub week: Week,
    pub asked: i64,
    pub answered_in_24h: i64,
    pub answered_in_72h: i64,
    pub solved: i64,
    pub median_first_reply_ms: Option<i64>,
    pub median_solution_ms: Option<i64>,
    pub active_helpers: i64,
    pub new_helpers: i64,
    pub flows: Deflection,
}

impl Figures {
    /// Share of `part` in the questions asked, in percent; none without questions.
    pub fn percent(&self, part: i64) -> Option<i64> {
        (self.asked > 0).then(|| part * 100 / self.asked)
    }
}

/// The middle value (the lower of the two middle ones for an even count).
fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let middle = values.len().checked_sub(1)? / 2;
    values.get(middle).copied()
}

/// The figures of each of `weeks`. `first_help` is each helper's first reply ever (to
/// tell new helpers); `flows` the ask flows by when they started and how they ended.
pub fn figures(
    weeks: &[Week],
    asked: &[Asked],
    helped: &[Helped],
    first_help: &[(UserId, i64)],
    flows: &[(i64, Outcome)],
) -> Vec<Figures> {
    weeks
        .iter()
        .map(|&week| {
            let (from, to) = week.range_ms();
            let within = |at: i64| (from..to).contains(&at);
            let questions: Vec<&Asked> = asked.iter().filter(|q| within(q.created_at)).collect();
            let wait = |q: &&Asked| q.first_reply_at.map(|at| at - q.created_at);
            let answered_by = |hours: i64| {
                questions
                    .iter()
                    .filter(|q| wait(q).is_some_and(|ms| ms <= hours * HOUR))
                    .count() as i64
            };
            let mut helpers: Vec<UserId> = helped
                .iter()
                .filter(|h| within(h.at))
                .map(|h| h.helper)
                .collect();
            helpers.sort_unstable();
            helpers.dedup();
            let count = |outcome: Outcome| {
                flows
                    .iter()
                    .filter(|(at, ended)| within(*at) && *ended == outcome)
                    .count() as i64
            };
            Figures {
                week,
                asked: questions.len() as i64,
                answered_in_24h: answered_by(24),
                answered_in_72h: answered_by(72),
                solved: questions.iter().filter(|q| q.solved_at.is_some()).count() as i64,
                median_first_reply_ms: median(questions.iter().filter_map(wait).collect()),
                median_solution_ms: median(
                    questions
                        .iter()
                        .filter_map(|q| q.solved_at.map(|at| at - q.created_at))
                        .collect(),
                ),
                active_helpers: helpers.len() as i64,
                new_helpers: first_help.iter().filter(|(_, at)| within(*at)).count() as i64,
                flows: Deflection {
                    posted: count(Outcome::Posted),
                    resolved: count(Outcome::Resolved),
                    left: count(Outcome::Asking),
                },
            }
        })
        .collect()
}

/// `ms` as hours with one decimal (`2.5`), for tables and the CSV.
pub fn hours(ms: i64) -> String {
    let tenths = (ms * 10 + HOUR / 2) / HOUR;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> Week {
        Week::parse("2026-11-23").unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn a_week_of_questions_helpers_and_flows() {
        let (monday, next) = week().range_ms();
        let asked = [
            // Answered in 2 h, solved in 5 h.
            Asked {
                created_at: monday,
                first_reply_at: Some(monday + 2 * HOUR),
                solved_at: Some(monday + 5 * HOUR),
            },
            // Answered in 30 h, never solved.
            Asked {
                created_at: monday + HOUR,
                first_reply_at: Some(monday + 31 * HOUR),
                solved_at: None,
            },
            // Never answered.
            Asked {
                created_at: monday + 2 * HOUR,
                first_reply_at: None,
                solved_at: None,
            },
            // The next week's: not counted.
            Asked {
                created_at: next,
                first_reply_at: Some(next + HOUR),
                solved_at: None,
            },
        ];
        let (ana, bruno) = (UserId::new(1), UserId::new(2));
        let helped = [
            Helped {
                helper: ana,
                at: monday + 2 * HOUR,
            },
            Helped {
                helper: ana,
                at: monday + 31 * HOUR,
            },
            Helped {
                helper: bruno,
                at: monday + 40 * HOUR,
            },
            Helped {
                helper: bruno,
                at: next + HOUR,
            },
        ];
        let first_help = [(ana, monday - 1000), (bruno, monday + 40 * HOUR)];
        let flows = [
            (monday, Outcome::Posted),
            (monday + 1, Outcome::Resolved),
            (monday + 2, Outcome::Resolved),
            (monday + 3, Outcome::Asking),
            (next, Outcome::Resolved),
        ];
        let [figures] = &figures(&[week()], &asked, &helped, &first_help, &flows)[..] else {
            panic!("one week");
        };
        assert_eq!(figures.asked, 3);
        assert_eq!((figures.answered_in_24h, figures.answered_in_72h), (1, 2));
        assert_eq!(figures.solved, 1);
        assert_eq!(figures.percent(figures.solved), Some(33));
        assert_eq!(
            figures.median_first_reply_ms,
            Some(2 * HOUR),
            "the lower middle of 2 h and 30 h"
        );
        assert_eq!(figures.median_solution_ms, Some(5 * HOUR));
        assert_eq!((figures.active_helpers, figures.new_helpers), (2, 1));
        assert_eq!(
            figures.flows,
            Deflection {
                posted: 1,
                resolved: 2,
                left: 1
            }
        );
        assert_eq!(figures.flows.percent(), Some(50));
    }

    #[test]
    fn an_empty_week_has_no_shares_or_medians() {
        let [figures] = &figures(&[week()], &[], &[], &[], &[])[..] else {
            panic!("one week");
        };
        assert_eq!(figures.percent(0), None);
        assert_eq!(figures.median_first_reply_ms, None);
        assert_eq!(figures.flows.percent(), None);
    }

    #[test]
    fn hours_have_one_decimal() {
        assert_eq!(hours(2 * HOUR + HOUR / 2), "2.5");
        assert_eq!(hours(0), "0.0");
        assert_eq!(hours(HOUR * 100), "100.0");
    }
}
