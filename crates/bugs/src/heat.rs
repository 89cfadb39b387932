//! Heat: how much a report is felt, as Launchpad computes it, to sort by. Each duplicate
//! adds 6, each person it affects 4, each subscriber 2 (the duplicates' people count for
//! their master); a report nobody touched for more than a day loses 1% for every day
//! since (compounded); a closed report has none. Kept on the report by every write that moves it and
//! by a daily refresh (the age part).

use crate::status::Status;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What heat is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Felt {
    pub duplicates: i64,
    pub affected: i64,
    pub subscribers: i64,
    pub status: Status,
    /// When the report last changed, and now (UTC milliseconds).
    pub updated_at: i64,
    pub now: i64,
}

/// The heat of a report.
pub fn heat(felt: Felt) -> i64 {
    if felt.status.is_closed() {
        return 0;
    }
    let base = 6 * felt.duplicates.max(0) + 4 * felt.affected.max(0) + 2 * felt.subscribers.max(0);
    let idle_days = (felt.now - felt.updated_at).max(0) / DAY_MS;
    if idle_days < 1 {
        return base;
    }
    // 1% less for each idle day: the base times 0.99 to the power of the days,
    // rounded down (a day is enough to take a small heat to nothing at last).
    let days = i32::try_from(idle_days.min(10_000)).unwrap_or(10_000);
    let cooled = (base as f64 * 0.99_f64.powi(days)).floor() as i64;
    cooled.min(base - 1).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn felt(duplicates: i64, affected: i64, subscribers: i64, idle_days: i64) -> Felt {
        Felt {
            duplicates,
            affected,
            subscribers,
            status: Status::Confirmed,
            updated_at: 0,
            now: idle_days * DAY_MS,
        }
    }

    #[test]
    fn people_and_duplicates_add_heat() {
        assert_eq!(heat(felt(0, 1, 1, 0)), 6);
        assert_eq!(heat(felt(2, 3, 5, 0)), 12 + 12 + 10);
    }

    #[test]
    fn idle_reports_cool_one_percent_a_day() {
        assert_eq!(heat(felt(100, 0, 0, 0)), 600);
        assert_eq!(heat(felt(100, 0, 0, 1)), 594);
        assert_eq!(heat(felt(100, 0, 0, 2)), 588);
        assert_eq!(heat(felt(100, 0, 0, 30)), 443);
        // Small heats still cool, down to nothing in time.
        assert_eq!(heat(felt(0, 1, 1, 1)), 5);
        assert_eq!(heat(felt(0, 1, 1, 10)), 5);
        assert_eq!(heat(felt(0, 1, 1, 400)), 0);
    }

    #[test]
    fn closed_reports_are_cold() {
        for status in [
            Status::FixReleased,
            Status::Invalid,
            Status::WontFix,
            Status::Duplicate,
        ] {
            assert_eq!(
                heat(Felt {
                    status,
                    ..felt(5, 5, 5, 0)
                }),
                0
            );
        }
    }
}
