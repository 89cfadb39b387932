//! What a partner is in the directory: its listing's facts as plain data, where its
//! verification stands, and the rules over them (no I/O here).

use soporte_platform::accounts::profile::{Languages, StateCode};

use crate::catalog::{Hours, Level, Sector, Service};
use crate::rfc::Rfc;

/// How long a verification lasts: a year.
pub const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;

/// Where a partner's application stands with the foundation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Waiting for the foundation's review.
    Pending,
    /// The foundation asked for more (a document, a correction).
    MoreAsked,
    Rejected,
    /// Listed in the directory.
    Approved,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::MoreAsked,
        Status::Rejected,
        Status::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::MoreAsked => "more",
            Status::Rejected => "rejected",
            Status::Approved => "approved",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// Where a listed partner's verification stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Verified until then.
    Current { until: i64 },
    /// Its verification ran out then; it is listed, shown as expired, until renewed.
    Expired { since: i64 },
    /// Never verified.
    None,
}

impl Verification {
    pub fn at(verified_until: Option<i64>, now: i64) -> Verification {
        match verified_until {
            Some(until) if until >= now => Verification::Current { until },
            Some(since) => Verification::Expired { since },
            None => Verification::None,
        }
    }

    pub fn is_current(self) -> bool {
        matches!(self, Verification::Current { .. })
    }
}

/// An office of a partner: a state and a city in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Office {
    pub state: StateCode,
    pub city: String,
}

/// How a buyer reaches a partner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub web: String,
    pub phone: String,
    pub whatsapp: String,
    pub email: String,
}

/// What a partner offers, each list in its catalog's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    pub services: Vec<Service>,
    pub sectors: Vec<Sector>,
    pub levels: Vec<Level>,
    pub languages: Languages,
    /// The states it covers (besides its offices' states).
    pub states: Vec<StateCode>,
}

impl Offers {
    /// Every offer as `(kind, value)`, as the offers table keeps them.
    pub fn rows(&self) -> Vec<(&'static str, &'static str)> {
        let mut rows: Vec<(&'static str, &'static str)> = Vec::new();
        rows.extend(self.services.iter().map(|s| (Service::KIND, s.param())));
        rows.extend(self.sectors.iter().map(|s| (Sector::KIND, s.param())));
        rows.extend(self.levels.iter().map(|l| (Level::KIND, l.param())));
        rows.extend(
            soporte_platform::accounts::profile::LANGUAGES
                .iter()
                .filter(|code| self.languages.contains(code))
                .map(|code| (crate::catalog::LANGUAGE_KIND, *code)),
        );
        rows.extend(
            self.states
                .iter()
                .map(|s| (crate::catalog::STATE_KIND, s.as_str())),
        );
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Offers read back from the table's rows; a value no list knows is left out.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Offers {
        let mut offers = Offers::default();
        let mut languages = Vec::new();
        for (kind, value) in rows {
            match kind {
                Service::KIND => offers.services.extend(Service::parse(value)),
                Sector::KIND => offers.sectors.extend(Sector::parse(value)),
                Level::KIND => offers.levels.extend(Level::parse(value)),
                crate::catalog::LANGUAGE_KIND => languages.push(value),
                crate::catalog::STATE_KIND => offers.states.extend(value.parse::<StateCode>().ok()),
                _ => {}
            }
        }
        offers.services.sort_unstable();
        offers.sectors.sort_unstable();
        offers.levels.sort_unstable();
        offers.states.sort_unstable_by_key(|state| state.as_str());
        offers.languages = Languages::parse(languages).unwrap_or_default();
        offers
    }
}

/// A partner as it applies to the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPartner {
    /// The name it is known by.
    pub name: String,
    pub legal_name: String,
    pub rfc: Rfc,
    /// Markdown.
    pub description: String,
    /// The head office.
    pub head_office: Office,
    pub address: String,
    /// Gives remote support in the whole country.
    pub nationwide: bool,
    pub hours: Hours,
    pub contact: Contact,
    pub offers: Offers,
    /// Its other offices.
    pub offices: Vec<Office>,
}

impl NewPartner {
    /// Every office, the head office first, each city once per state.
    pub fn all_offices(&self) -> Vec<&Office> {
        let mut all: Vec<&Office> = Vec::new();
        for office in std::iter::once(&self.head_office).chain(&self.offices) {
            let key = crate::directory::city_key(&office.city);
            if !all.iter().any(|kept| {
                kept.state == office.state && crate::directory::city_key(&kept.city) == key
            }) {
                all.push(office);
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_runs_for_its_year_and_then_shows_as_expired() {
        let now = 1_000 * YEAR_MS;
        assert_eq!(
            Verification::at(Some(now + 1), now),
            Verification::Current { until: now + 1 }
        );
        assert!(Verification::at(Some(now), now).is_current());
        assert_eq!(
            Verification::at(Some(now - 1), now),
            Verification::Expired { since: now - 1 }
        );
        assert_eq!(Verification::at(None, now), Verification::None);
    }

    #[test]
    fn offers_go_to_rows_and_come_back_the_same() {
        let offers = Offers {
            services: vec![Service::Installation, Service::OnSite],
            sectors: vec![Sector::Health],
            levels: vec![Level::OneHour, Level::FourHours],
            languages: Languages::parse(["es", "yua"]).unwrap(),
            states: vec!["CAM".parse().unwrap(), "YUC".parse().unwrap()],
        };
        let rows = offers.rows();
        assert_eq!(rows.len(), 9);
        assert_eq!(Offers::from_rows(rows.iter().copied()), offers);
        let odd = Offers::from_rows([("service", "magia"), ("color", "rojo"), ("state", "XX")]);
        assert_eq!(odd, Offers::default());
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }
}
