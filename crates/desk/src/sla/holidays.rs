//! Mexico's statutory rest days (Ley Federal del Trabajo, art. 74), the holidays a
//! business calendar with `mx_statutory_holidays` skips:
//!
//! 1. 1 January;
//! 2. the first Monday of February (for 5 February);
//! 3. the third Monday of March (for 21 March);
//! 4. 1 May;
//! 5. 16 September;
//! 6. the third Monday of November (for 20 November);
//! 7. 1 October every six years, when the federal executive changes hands (2024, 2030,
//!    …); until 2018 the handover, and so the rest day, was 1 December (…, 2012, 2018);
//! 8. 25 December;
//! 9. election days, which each electoral law sets: not here, a partner adds them as
//!    its own extra dates.
//!
//! The Mondays date from the reform of January 2006, which kept 21 March on its day that
//! one year (Juárez's bicentennial): March moves to a Monday from 2007. Before, the
//! days were the fixed dates themselves. A rest day on a weekend is not moved.

use super::day::{Day, Weekday};

/// The first year of the Monday rest days, and of March's.
const MONDAYS_SINCE: i32 = 2006;
const MARCH_MONDAY_SINCE: i32 = 2007;

/// Whether `day` is a statutory rest day in Mexico.
pub fn statutory(day: Day) -> bool {
    let (year, month, date) = day.civil();
    let monday = day.weekday() == Weekday::Mon;
    let mondays = year >= MONDAYS_SINCE;
    match (month, date) {
        (1, 1) | (5, 1) | (9, 16) | (12, 25) => true,
        (2, d) if mondays => monday && d <= 7,
        (2, d) => d == 5,
        (3, d) if year >= MARCH_MONDAY_SINCE => monday && (15..=21).contains(&d),
        (3, d) => d == 21,
        (11, d) if mondays => monday && (15..=21).contains(&d),
        (11, d) => d == 20,
        (10, 1) => year >= 2024 && (year - 2024) % 6 == 0,
        (12, 1) => year <= 2018 && (2018 - year) % 6 == 0,
        _ => false,
    }
}

/// The statutory rest days of `year`, in order.
pub fn of_year(year: i32) -> Vec<Day> {
    let (Some(first), Some(next)) = (Day::from_civil(year, 1, 1), Day::from_civil(year + 1, 1, 1))
    else {
        return Vec::new();
    };
    (first.0..next.0)
        .map(Day)
        .filter(|day| statutory(*day))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isos(year: i32) -> Vec<String> {
        of_year(year).into_iter().map(Day::iso).collect()
    }

    #[test]
    fn the_rest_days_of_2025() {
        assert_eq!(
            isos(2025),
            [
                "2025-01-01",
                "2025-02-03",
                "2025-03-17",
                "2025-05-01",
                "2025-09-16",
                "2025-11-17",
                "2025-12-25"
            ]
        );
    }

    #[test]
    fn a_handover_year_rests_on_1_october_and_earlier_ones_on_1_december() {
        assert_eq!(
            isos(2024),
            [
                "2024-01-01",
                "2024-02-05",
                "2024-03-18",
                "2024-05-01",
                "2024-09-16",
                "2024-10-01",
                "2024-11-18",
                "2024-12-25"
            ]
        );
        assert!(isos(2030).contains(&"2030-10-01".to_owned()));
        assert!(!isos(2027).contains(&"2027-10-01".to_owned()));
        assert!(isos(2018).contains(&"2018-12-01".to_owned()));
        assert!(!isos(2024).contains(&"2024-12-01".to_owned()));
        assert!(!isos(2030).contains(&"2030-12-01".to_owned()));
    }

    #[test]
    fn in_2006_march_kept_its_day() {
        let days = isos(2006);
        assert!(days.contains(&"2006-02-06".to_owned()));
        assert!(days.contains(&"2006-03-21".to_owned()));
        assert!(isos(2007).contains(&"2007-03-19".to_owned()));
    }

    #[test]
    fn before_2006_the_dates_were_fixed_and_weekends_are_never_moved() {
        assert_eq!(
            isos(2005),
            [
                "2005-01-01",
                "2005-02-05",
                "2005-03-21",
                "2005-05-01",
                "2005-09-16",
                "2005-11-20",
                "2005-12-25"
            ]
        );
        // 2022-01-01 and 2022-12-25 were Saturday and Sunday: no Monday off instead.
        let days = isos(2022);
        assert!(days.contains(&"2022-01-01".to_owned()));
        assert!(!days.contains(&"2022-01-03".to_owned()));
        assert!(!days.contains(&"2022-12-26".to_owned()));
    }
}
