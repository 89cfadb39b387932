//! Local calendar dates as day numbers (days since 1970-01-01), the unit the SLA clock
//! walks in: integer arithmetic only, so a clock can step through years of days cheaply.

/// Seconds in a civil day.
pub const DAY: i64 = 86_400;

/// A date on the proleptic Gregorian calendar, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

/// A weekday, Monday first (the order of a calendar's `hours`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Its key in a calendar's `hours` (`mon`…`sun`), also the Fluent selector.
    pub fn key(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl Day {
    /// The day of `year-month-day`; `None` when there is no such date.
    pub fn from_civil(year: i32, month: u8, day: u8) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil: years start in March, so the leap day is
        // the last day of the shifted year.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// Its year, month and day of the month.
    pub fn civil(self) -> (i32, u8, u8) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // The ranges above keep these in bounds for any day a clock can reach.
        (
            i32::try_from(year).unwrap_or(i32::MAX),
            u8::try_from(month).unwrap_or(1),
            u8::try_from(day).unwrap_or(1),
        )
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[usize::try_from((self.0 + 3).rem_euclid(7)).unwrap_or(0)]
    }

    /// The day that holds local second `local` (seconds since 1970-01-01 00:00 local).
    pub fn holding(local: i64) -> Day {
        Day(local.div_euclid(DAY))
    }

    /// Its first second, in local seconds since 1970-01-01 00:00.
    pub fn first_second(self) -> i64 {
        self.0 * DAY
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (year, month, day) = self.civil();
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// A date written `YYYY-MM-DD`, exactly.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        Day::from_civil(year, month, day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_agree_with_jiff_over_four_centuries() {
        let mut date = jiff::civil::date(1900, 1, 1);
        let mut expected = -25_567;
        while date.year() < 2300 {
            let day = Day::from_civil(
                date.year().into(),
                date.month().unsigned_abs(),
                date.day().unsigned_abs(),
            )
            .map(|d| d.0);
            assert_eq!(day, Some(expected), "{date}");
            let (y, m, d) = Day(expected).civil();
            assert_eq!(
                (y, m, d),
                (
                    date.year().into(),
                    date.month().unsigned_abs(),
                    date.day().unsigned_abs()
                )
            );
            assert_eq!(
                Day(expected).weekday().index(),
                usize::from(date.weekday().to_monday_zero_offset().unsigned_abs())
            );
            date = date.tomorrow().unwrap_or(date);
            expected += 1;
        }
    }

    #[test]
    fn only_real_dates_parse() {
        assert_eq!(
            Day::parse_iso("2024-02-29").map(Day::iso).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "2025/01/01",
            "25-01-01x",
            "2025-00-10",
            "+025-01-01",
            "",
        ] {
            assert_eq!(Day::parse_iso(bad), None, "{bad}");
        }
    }
}
