//! What a buyer filters partners by: the services they give, the sectors they serve,
//! their hours and the response levels they offer. Each is a closed list, with its value
//! in addresses and in the database (Spanish, as the addresses are) and the Fluent id
//! of its name. Mexico's states and the languages spoken come from the platform's
//! profiles ([`soporte_platform::accounts::profile`]).

/// A closed list of choices, as pages offer them.
pub trait Choices: Copy + PartialEq + 'static {
    fn all() -> &'static [Self];
    /// Its value in addresses and in the database.
    fn value(self) -> &'static str;
    /// The Fluent id of its name.
    fn name_id(self) -> &'static str;

    /// Its bit in a partner's set of this list (`*_bits` columns): its place in the
    /// list, so choices are only ever added at the end.
    fn bit(self) -> i64 {
        let at = Self::all()
            .iter()
            .position(|item| *item == self)
            .unwrap_or(0);
        1_i64 << at
    }
}

/// The bit set of `items`.
pub fn bits<T: Choices>(items: &[T]) -> i64 {
    items.iter().fold(0, |set, item| set | item.bit())
}

/// The items of a list whose bits `set` has, in the list's order.
pub fn from_bits<T: Choices>(set: i64) -> Vec<T> {
    T::all()
        .iter()
        .copied()
        .filter(|item| set & item.bit() != 0)
        .collect()
}

/// A state's bit (its place in the platform's list of states), in `state_bits`.
pub fn state_bit(code: &str) -> i64 {
    soporte_platform::accounts::profile::STATES
        .iter()
        .position(|known| *known == code)
        .map_or(0, |at| 1_i64 << at)
}

/// A language's bit (its place in the platform's list), in `language_bits`.
pub fn language_bit(code: &str) -> i64 {
    soporte_platform::accounts::profile::LANGUAGES
        .iter()
        .position(|known| *known == code)
        .map_or(0, |at| 1_i64 << at)
}

/// A closed list of choices, each with its value and the Fluent id of its name.
macro_rules! catalog {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal {
        $($(#[$vdoc:meta])* $variant:ident => $param:literal),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What a partner's offers call this list in the database.
            pub const KIND: &'static str = $kind;

            /// Its value in addresses and in the database.
            pub fn param(self) -> &'static str {
                match self {
                    $($name::$variant => $param),+
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|item| item.param() == text)
            }

            /// The Fluent id of its name.
            pub fn message_id(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($prefix, $param)),+
                }
            }
        }

        impl $crate::catalog::Choices for $name {
            fn all() -> &'static [$name] {
                Self::ALL
            }

            fn value(self) -> &'static str {
                self.param()
            }

            fn name_id(self) -> &'static str {
                self.message_id()
            }
        }
    };
}

catalog!(
    /// A service a partner gives.
    Service, "partners-service-", "service" {
        Installation => "instalacion",
        Migration => "migracion",
        Administration => "administracion",
        Training => "capacitacion",
        Development => "desarrollo",
        /// Support in person, at the client's place.
        OnSite => "en-sitio",
    }
);

catalog!(
    /// A sector a partner serves.
    Sector, "partners-sector-", "sector" {
        Government => "gobierno",
        Education => "educacion",
        Health => "salud",
        Smes => "pymes",
        Industry => "industria",
        Finance => "finanzas",
        /// Civil society: non-profits, cooperatives.
        CivilSociety => "sociedad-civil",
    }
);

catalog!(
    /// When a partner answers.
    Hours, "partners-hours-", "hours" {
        Always => "24x7",
        Business => "habil",
    }
);

catalog!(
    /// A response level a partner offers: how soon it answers a critical incident.
    Level, "partners-level-", "level" {
        OneHour => "1h",
        FourHours => "4h",
        NextBusinessDay => "dia-habil",
    }
);

/// What the offers table calls the states a partner covers and the languages it speaks.
pub const STATE_KIND: &str = "state";
pub const LANGUAGE_KIND: &str = "language";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_reads_back_from_its_value_and_values_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            param: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for item in all {
                assert_eq!(parse(param(*item)), Some(*item));
            }
            let mut values: Vec<&str> = all.iter().map(|item| param(*item)).collect();
            values.sort_unstable();
            values.dedup();
            assert_eq!(values.len(), all.len());
            assert_eq!(parse("otro"), None);
            assert_eq!(parse(""), None);
        }
        check(Service::ALL, Service::param, Service::parse);
        check(Sector::ALL, Sector::param, Sector::parse);
        check(Hours::ALL, Hours::param, Hours::parse);
        check(Level::ALL, Level::param, Level::parse);
        assert_eq!(Service::OnSite.message_id(), "partners-service-en-sitio");
        // Every list fits its bit set, and each choice has a bit of its own.
        assert_eq!(bits(Service::ALL), 0b11_1111);
        let some = [Service::Migration, Service::OnSite];
        assert_eq!(from_bits::<Service>(bits(&some)), some);
        assert_eq!(Sector::Government.bit(), 1);
        assert_eq!(state_bit("AGU"), 1);
        assert_eq!(state_bit("EXT"), 1 << 32);
        assert_eq!(state_bit("XX"), 0);
        assert_eq!(language_bit("top"), 1 << 9);
    }
}
