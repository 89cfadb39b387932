//! The RFC (Registro Federal de Contribuyentes), Mexico's tax id, as the SAT issues it:
//! three letters for a company (persona moral) or four for a person (persona física),
//! the date of incorporation or birth as `YYMMDD`, and a three-character homoclave whose
//! last character is a check digit over the other twelve (modulo 11). An [`Rfc`] holds
//! only an RFC that passes all of that.

use std::str::FromStr;

/// Why a text is not an RFC; each says so in the person's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RfcError {
    #[error("an RFC has 12 characters (a company) or 13 (a person)")]
    Length,
    #[error("an RFC starts with 3 or 4 letters")]
    Letters,
    #[error("the RFC's date is not a date")]
    Date,
    #[error("the RFC's homoclave is not letters and digits")]
    Homoclave,
    #[error("the RFC's check digit does not match")]
    CheckDigit,
}

impl RfcError {
    pub fn message_id(self) -> &'static str {
        match self {
            RfcError::Length => "partners-rfc-length",
            RfcError::Letters => "partners-rfc-letters",
            RfcError::Date => "partners-rfc-date",
            RfcError::Homoclave => "partners-rfc-homoclave",
            RfcError::CheckDigit => "partners-rfc-check-digit",
        }
    }
}

/// Whether the RFC is a company's or a person's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// Persona moral: 12 characters.
    Company,
    /// Persona física: 13 characters.
    Person,
}

/// An RFC in capitals, without spaces or hyphens, that passed every check.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rfc(String);

impl Rfc {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn holder(&self) -> Holder {
        if self.0.chars().count() == 12 {
            Holder::Company
        } else {
            Holder::Person
        }
    }
}

impl std::fmt::Display for Rfc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The value of a character in the check-digit sum: digits as themselves, then the
/// letters from 10 with `&` after N and `Ñ` after the space the SAT pads with.
fn value(c: char) -> Option<u32> {
    const ORDER: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";
    ORDER
        .chars()
        .position(|known| known == c)
        .and_then(|at| u32::try_from(at).ok())
}

/// The check digit of an RFC's first characters (11 for a company, 12 for a person).
pub fn check_digit(first: &str) -> Option<char> {
    // A company's RFC is padded with a space in front, so both weigh 13 down to 2.
    let padded: Vec<char> = if first.chars().count() == 11 {
        std::iter::once(' ').chain(first.chars()).collect()
    } else {
        first.chars().collect()
    };
    if padded.len() != 12 {
        return None;
    }
    let mut sum = 0;
    for (at, c) in (0u32..).zip(&padded) {
        sum += value(*c)? * (13 - at);
    }
    Some(match 11 - sum % 11 {
        11 => '0',
        10 => 'A',
        digit => char::from_digit(digit, 10)?,
    })
}

/// Whether `yymmdd` is a date in some century (29 February in a year divisible by 4,
/// as 2000 was).
fn is_date(yymmdd: &[char]) -> bool {
    let number = |from: usize| -> Option<u32> {
        let text: String = yymmdd.get(from..from + 2)?.iter().collect();
        text.parse()
            .ok()
            .filter(|_| text.chars().all(|c| c.is_ascii_digit()))
    };
    let (Some(year), Some(month), Some(day)) = (number(0), number(2), number(4)) else {
        return false;
    };
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

impl FromStr for Rfc {
    type Err = RfcError;

    /// Reads an RFC as people write it: any case, spaces and hyphens between its parts.
    fn from_str(text: &str) -> Result<Rfc, RfcError> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        let letters = match chars.len() {
            12 => 3,
            13 => 4,
            _ => return Err(RfcError::Length),
        };
        let (head, rest) = chars.split_at(letters);
        if !head
            .iter()
            .all(|c| c.is_ascii_uppercase() || *c == '&' || *c == 'Ñ')
        {
            return Err(RfcError::Letters);
        }
        let (date, homoclave) = rest.split_at(6);
        if !is_date(date) {
            return Err(RfcError::Date);
        }
        if !homoclave
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err(RfcError::Homoclave);
        }
        let first: String = chars[..chars.len() - 1].iter().collect();
        if check_digit(&first) != chars.last().copied() {
            return Err(RfcError::CheckDigit);
        }
        Ok(Rfc(chars.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sats_example_passes_in_any_case_and_spacing() {
        // The example of a person's RFC in the SAT's own material.
        let rfc: Rfc = "GODE561231GR8".parse().unwrap();
        assert_eq!(rfc.holder(), Holder::Person);
        assert_eq!("gode-561231-gr8".parse::<Rfc>(), Ok(rfc.clone()));
        assert_eq!(" GODE 561231 GR8 ".parse::<Rfc>(), Ok(rfc));
    }

    #[test]
    fn companies_are_weighed_with_the_space_in_front() {
        let digit = check_digit("ABC010203XY").unwrap();
        let rfc: Rfc = format!("ABC010203XY{digit}").parse().unwrap();
        assert_eq!(rfc.holder(), Holder::Company);
        // & and Ñ are letters of an RFC, with their own weights.
        let digit = check_digit("A&Ñ991231K9").unwrap();
        assert!(format!("A&Ñ991231K9{digit}").parse::<Rfc>().is_ok());
    }

    #[test]
    fn each_wrong_part_is_named() {
        assert_eq!("GODE561231G".parse::<Rfc>(), Err(RfcError::Length));
        assert_eq!("GODE561231GR8X".parse::<Rfc>(), Err(RfcError::Length));
        assert_eq!("".parse::<Rfc>(), Err(RfcError::Length));
        assert_eq!("G0DE561231GR8".parse::<Rfc>(), Err(RfcError::Letters));
        assert_eq!("GODE561331GR8".parse::<Rfc>(), Err(RfcError::Date));
        assert_eq!("GODE560230GR8".parse::<Rfc>(), Err(RfcError::Date));
        assert_eq!("GODE5612X1GR8".parse::<Rfc>(), Err(RfcError::Date));
        assert_eq!("GODE561231G_8".parse::<Rfc>(), Err(RfcError::Homoclave));
        assert_eq!("GODE561231GR9".parse::<Rfc>(), Err(RfcError::CheckDigit));
        // The generic RFC for the general public is no company's.
        assert_eq!("XAXX010101000".parse::<Rfc>(), Err(RfcError::CheckDigit));
    }

    #[test]
    fn leap_days_count_in_years_divisible_by_four() {
        let digit = check_digit("ABC000229XY").unwrap();
        assert!(format!("ABC000229XY{digit}").parse::<Rfc>().is_ok());
        let digit = check_digit("ABC010229XY").unwrap();
        assert_eq!(
            format!("ABC010229XY{digit}").parse::<Rfc>(),
            Err(RfcError::Date)
        );
    }

    #[test]
    fn any_single_changed_check_digit_is_refused() {
        let first = "MXO150301AB";
        let right = check_digit(first).unwrap();
        for wrong in "0123456789A".chars().filter(|c| *c != right) {
            assert_eq!(
                format!("{first}{wrong}").parse::<Rfc>(),
                Err(RfcError::CheckDigit),
                "{wrong}"
            );
        }
    }
}
