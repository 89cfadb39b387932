//! Weeks, the unit of the staff's reports (searches, the forum's indicators): Monday
//! 00:00 UTC to the next Monday.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A week, Monday 00:00 UTC to the next Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub monday: Date,
}

impl Week {
    /// The week that holds `ms` (milliseconds since the epoch).
    pub fn holding(ms: i64) -> Week {
        let date = jiff::Timestamp::from_millisecond(ms)
            .map(|at| at.to_zoned(TimeZone::UTC).date())
            .unwrap_or(Date::constant(1970, 1, 1));
        Week::of(date)
    }

    /// The week that holds `date`.
    pub fn of(date: Date) -> Week {
        let back = i64::from(date.weekday().to_monday_zero_offset());
        Week {
            monday: date
                .checked_sub(jiff::Span::new().days(back))
                .unwrap_or(date),
        }
    }

    /// The week named by `2026-11-23` (any day of it); `None` for anything else.
    pub fn parse(text: &str) -> Option<Week> {
        text.trim().parse::<Date>().ok().map(Week::of)
    }

    pub fn previous(self) -> Week {
        Week::of(
            self.monday
                .checked_sub(jiff::Span::new().days(7))
                .unwrap_or(self.monday),
        )
    }

    pub fn next(self) -> Week {
        Week::of(
            self.monday
                .checked_add(jiff::Span::new().days(7))
                .unwrap_or(self.monday),
        )
    }

    /// Its first millisecond, and the first of the next week.
    pub fn range_ms(self) -> (i64, i64) {
        let start = |date: Date| {
            date.to_zoned(TimeZone::UTC)
                .map(|at| at.timestamp().as_millisecond())
                .unwrap_or(0)
        };
        (start(self.monday), start(self.next().monday))
    }

    /// `2026-11-23`.
    pub fn label(self) -> String {
        self.monday.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_utc() {
        let week = Week::parse("2026-11-26").unwrap();
        assert_eq!(week.label(), "2026-11-23");
        assert_eq!(Week::parse("2026-11-23"), Some(week));
        assert_eq!(Week::parse("2026-11-29"), Some(week));
        assert_eq!(week.next().label(), "2026-11-30");
        assert_eq!(week.previous().label(), "2026-11-16");
        let (from, to) = week.range_ms();
        assert_eq!(to - from, 7 * 24 * 3600 * 1000);
        assert_eq!(Week::holding(from), week);
        assert_eq!(Week::holding(to - 1), week);
        assert_eq!(Week::holding(to), week.next());
        assert_eq!(Week::parse("ayer"), None);
        assert_eq!(Week::parse("2026-13-01"), None);
    }
}
