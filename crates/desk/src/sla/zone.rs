//! Mexico's time zones (the `MX` lines of the tz database's `zone.tab`), each with its
//! UTC offsets from 1970 to 2200 as a table the clock can search without asking the
//! time-zone database on every step. Mexico City, Monterrey and most of the country
//! have kept one offset since October 2022; Tijuana, Ciudad Juárez, Ojinaga and
//! Matamoros still change their clocks on the United States' dates.

use std::sync::OnceLock;

/// A time zone of Mexico.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    MexicoCity,
    Cancun,
    Merida,
    Monterrey,
    Matamoros,
    Chihuahua,
    CiudadJuarez,
    Ojinaga,
    Mazatlan,
    BahiaBanderas,
    Hermosillo,
    Tijuana,
}

/// The first second the clock knows (1970-01-01 00:00 UTC) and the first it does not
/// (2200-01-01 00:00 UTC).
pub const FIRST_SECOND: i64 = 0;
pub const END_SECOND: i64 = 7_258_118_400;

impl Zone {
    pub const ALL: [Zone; 12] = [
        Zone::MexicoCity,
        Zone::Cancun,
        Zone::Merida,
        Zone::Monterrey,
        Zone::Matamoros,
        Zone::Chihuahua,
        Zone::CiudadJuarez,
        Zone::Ojinaga,
        Zone::Mazatlan,
        Zone::BahiaBanderas,
        Zone::Hermosillo,
        Zone::Tijuana,
    ];

    /// Its IANA name.
    pub fn name(self) -> &'static str {
        match self {
            Zone::MexicoCity => "America/Mexico_City",
            Zone::Cancun => "America/Cancun",
            Zone::Merida => "America/Merida",
            Zone::Monterrey => "America/Monterrey",
            Zone::Matamoros => "America/Matamoros",
            Zone::Chihuahua => "America/Chihuahua",
            Zone::CiudadJuarez => "America/Ciudad_Juarez",
            Zone::Ojinaga => "America/Ojinaga",
            Zone::Mazatlan => "America/Mazatlan",
            Zone::BahiaBanderas => "America/Bahia_Banderas",
            Zone::Hermosillo => "America/Hermosillo",
            Zone::Tijuana => "America/Tijuana",
        }
    }

    /// Its key in texts (`mexico-city`…), the Fluent selector of its city's name.
    pub fn key(self) -> &'static str {
        match self {
            Zone::MexicoCity => "mexico-city",
            Zone::Cancun => "cancun",
            Zone::Merida => "merida",
            Zone::Monterrey => "monterrey",
            Zone::Matamoros => "matamoros",
            Zone::Chihuahua => "chihuahua",
            Zone::CiudadJuarez => "ciudad-juarez",
            Zone::Ojinaga => "ojinaga",
            Zone::Mazatlan => "mazatlan",
            Zone::BahiaBanderas => "bahia-banderas",
            Zone::Hermosillo => "hermosillo",
            Zone::Tijuana => "tijuana",
        }
    }

    /// The zone an IANA name means: a canonical name, or one of the older names the
    /// database keeps as links (`Mexico/General`, `America/Ensenada`…).
    pub fn parse(name: &str) -> Option<Zone> {
        if let Some(zone) = Zone::ALL.into_iter().find(|zone| zone.name() == name) {
            return Some(zone);
        }
        match name {
            "Mexico/General" => Some(Zone::MexicoCity),
            "Mexico/BajaSur" => Some(Zone::Mazatlan),
            "Mexico/BajaNorte" | "America/Ensenada" | "America/Santa_Isabel" => Some(Zone::Tijuana),
            _ => None,
        }
    }

    /// Its offsets; `None` only if the bundled time-zone database lacks it.
    pub fn offsets(self) -> Option<&'static Offsets> {
        static TABLES: [OnceLock<Option<Offsets>>; 12] = [const { OnceLock::new() }; 12];
        TABLES[self as usize]
            .get_or_init(|| Offsets::read(self.name()))
            .as_ref()
    }
}

/// A zone's UTC offsets: from each change (UTC seconds) the offset (seconds east of
/// UTC) that holds until the next. The first change is at `i64::MIN`.
#[derive(Debug)]
pub struct Offsets {
    changes: Vec<(i64, i64)>,
}

impl Offsets {
    fn read(name: &str) -> Option<Offsets> {
        let tz = jiff::tz::TimeZone::get(name).ok()?;
        let first = jiff::Timestamp::from_second(FIRST_SECOND).ok()?;
        let mut changes = vec![(i64::MIN, i64::from(tz.to_offset(first).seconds()))];
        for transition in tz.following(first) {
            let at = transition.timestamp().as_second();
            if at >= END_SECOND {
                break;
            }
            let offset = i64::from(transition.offset().seconds());
            if changes.last().is_some_and(|(_, last)| *last != offset) {
                changes.push((at, offset));
            }
        }
        Some(Offsets { changes })
    }

    /// The index of the stretch that holds UTC second `at`.
    pub fn stretch(&self, at: i64) -> usize {
        self.changes
            .partition_point(|(from, _)| *from <= at)
            .saturating_sub(1)
    }

    /// Stretch `index`: its offset and the UTC second it ends (`i64::MAX` for the last).
    pub fn get(&self, index: usize) -> (i64, i64) {
        let offset = self.changes.get(index).map_or(0, |(_, offset)| *offset);
        let end = self
            .changes
            .get(index + 1)
            .map_or(i64::MAX, |(from, _)| *from);
        (offset, end)
    }

    /// The offset at UTC second `at`.
    pub fn at(&self, at: i64) -> i64 {
        self.get(self.stretch(at)).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_of_mexico_is_in_the_bundled_database() {
        for zone in Zone::ALL {
            assert!(zone.offsets().is_some(), "{}", zone.name());
            assert_eq!(Zone::parse(zone.name()), Some(zone));
        }
        assert_eq!(Zone::parse("America/Ensenada"), Some(Zone::Tijuana));
        assert_eq!(Zone::parse("America/Bogota"), None);
        assert_eq!(Zone::parse("america/mexico_city"), None);
    }

    #[test]
    fn the_table_agrees_with_jiff_hour_by_hour() {
        for zone in [
            Zone::Tijuana,
            Zone::MexicoCity,
            Zone::Cancun,
            Zone::Matamoros,
        ] {
            let Some(table) = zone.offsets() else {
                panic!("no offsets for {}", zone.name());
            };
            let Ok(tz) = jiff::tz::TimeZone::get(zone.name()) else {
                panic!("no zone {}", zone.name());
            };
            // 2009 to 2031, every hour.
            let mut at = 1_230_768_000;
            while at < 1_924_992_000 {
                let Ok(ts) = jiff::Timestamp::from_second(at) else {
                    panic!("bad second {at}");
                };
                assert_eq!(
                    table.at(at),
                    i64::from(tz.to_offset(ts).seconds()),
                    "{} {ts}",
                    zone.name()
                );
                at += 3600;
            }
        }
    }

    #[test]
    fn mexico_city_keeps_one_offset_since_2022_and_tijuana_changes() {
        let Some(cdmx) = Zone::MexicoCity.offsets() else {
            panic!("no table");
        };
        // From 2022-10-30 07:00 UTC on, one stretch to the end.
        assert_eq!(cdmx.get(cdmx.stretch(1_700_000_000)), (-6 * 3600, i64::MAX));
        let Some(tijuana) = Zone::Tijuana.offsets() else {
            panic!("no table");
        };
        // 2025-03-09 10:00 UTC: 02:00 PST becomes 03:00 PDT.
        assert_eq!(tijuana.at(1_741_514_399), -8 * 3600);
        assert_eq!(tijuana.at(1_741_514_400), -7 * 3600);
    }
}
