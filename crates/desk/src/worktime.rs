//! Time worked on tickets, remote or on site, and what it leaves of a contract's
//! included hours: plain rules over plain numbers. An entry lasts from one minute to
//! a working day and a half (36 h): anything else is a typing mistake, refused in
//! words. A contract warns when 80 % of an included kind of hours is used.

/// Where the work was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Remote,
    Onsite,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Remote, Kind::Onsite];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Remote => "remote",
            Kind::Onsite => "onsite",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Kind::Remote => "desk-work-remote",
            Kind::Onsite => "desk-work-onsite",
        }
    }
}

/// The longest entry, in minutes.
pub const MAX_MINUTES: i64 = 36 * 60;

/// The share of included hours that calls for a warning, in percent.
pub const WARN_PERCENT: i64 = 80;

/// A length of work, 1 minute to [`MAX_MINUTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Worked(i64);

/// Why a length was refused; each is a Fluent id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not `90` nor `1:30`.
    Unreadable,
    /// Zero or less.
    NotPositive,
    /// More than a day and a half.
    Absurd,
}

impl Refused {
    pub fn message_id(self) -> &'static str {
        match self {
            Refused::Unreadable => "desk-problem-work-unreadable",
            Refused::NotPositive => "desk-problem-work-not-positive",
            Refused::Absurd => "desk-problem-work-absurd",
        }
    }
}

impl Worked {
    /// Minutes (`90`) or hours and minutes (`1:30`).
    pub fn parse(text: &str) -> Result<Worked, Refused> {
        let text = text.trim();
        let minutes = match text.split_once(':') {
            Some((hours, minutes)) => {
                let hours: i64 = hours.trim().parse().map_err(|_| Refused::Unreadable)?;
                let minutes: i64 = minutes.trim().parse().map_err(|_| Refused::Unreadable)?;
                if !(0..60).contains(&minutes) {
                    return Err(Refused::Unreadable);
                }
                if hours < 0 {
                    return Err(Refused::NotPositive);
                }
                hours.saturating_mul(60).saturating_add(minutes)
            }
            None => text.parse::<i64>().map_err(|_| Refused::Unreadable)?,
        };
        Worked::minutes(minutes)
    }

    pub fn minutes(minutes: i64) -> Result<Worked, Refused> {
        match minutes {
            m if m <= 0 => Err(Refused::NotPositive),
            m if m > MAX_MINUTES => Err(Refused::Absurd),
            m => Ok(Worked(m)),
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// One kind of a contract's hours: included and used, in minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub included: i64,
    pub used: i64,
}

impl Usage {
    pub fn left(self) -> i64 {
        (self.included - self.used).max(0)
    }

    /// The share used, in whole percent (100 and more when used up).
    pub fn percent(self) -> i64 {
        if self.included <= 0 {
            return 0;
        }
        self.used * 100 / self.included
    }

    /// At or past the warning share of hours that were included.
    pub fn warns(self) -> bool {
        self.included > 0 && self.used * 100 >= self.included * WARN_PERCENT
    }

    /// Whether adding `more` minutes crosses into the warning.
    pub fn crosses_with(self, more: i64) -> bool {
        !self.warns()
            && Usage {
                used: self.used + more,
                ..self
            }
            .warns()
    }
}

/// Minutes as hours and minutes: `1 h 30 min`, `2 h`, `45 min`.
pub fn hours_and_minutes(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_read_in_minutes_or_hours_and_absurd_ones_refused() {
        assert_eq!(Worked::parse("90").map(Worked::get), Ok(90));
        assert_eq!(Worked::parse(" 1:30 ").map(Worked::get), Ok(90));
        assert_eq!(Worked::parse("0:05").map(Worked::get), Ok(5));
        assert_eq!(Worked::parse("36:00").map(Worked::get), Ok(2160));
        assert_eq!(Worked::parse("36:01"), Err(Refused::Absurd));
        assert_eq!(Worked::parse("100000"), Err(Refused::Absurd));
        assert_eq!(Worked::parse("0"), Err(Refused::NotPositive));
        assert_eq!(Worked::parse("-30"), Err(Refused::NotPositive));
        assert_eq!(Worked::parse("-1:00"), Err(Refused::NotPositive));
        assert_eq!(Worked::parse("1:75"), Err(Refused::Unreadable));
        assert_eq!(Worked::parse("hora y media"), Err(Refused::Unreadable));
        assert_eq!(Worked::parse(""), Err(Refused::Unreadable));
    }

    #[test]
    fn eighty_percent_warns_once_crossed() {
        let usage = Usage {
            included: 600,
            used: 470,
        };
        assert!(!usage.warns());
        assert!(usage.crosses_with(10));
        assert!(!usage.crosses_with(9));
        let past = Usage {
            included: 600,
            used: 480,
        };
        assert!(past.warns() && !past.crosses_with(60));
        assert_eq!(past.percent(), 80);
        assert_eq!(
            Usage {
                included: 600,
                used: 700
            }
            .left(),
            0
        );
        assert!(
            !Usage {
                included: 0,
                used: 30
            }
            .warns(),
            "no hours included, nothing to warn of"
        );
        assert_eq!(hours_and_minutes(90), "1 h 30 min");
        assert_eq!(hours_and_minutes(120), "2 h");
        assert_eq!(hours_and_minutes(45), "45 min");
    }
}
