//! What a person tells about themselves: a short bio, the languages they speak and the
//! Mexican state they live in. Plain types that only hold valid values.

use std::str::FromStr;

/// The 32 federal entities of Mexico by their ISO 3166-2 code, plus "outside Mexico".
pub const STATES: [&str; 33] = [
    "AGU", "BCN", "BCS", "CAM", "CHP", "CHH", "CMX", "COA", "COL", "DUR", "GUA", "GRO", "HID",
    "JAL", "MEX", "MIC", "MOR", "NAY", "NLE", "OAX", "PUE", "QUE", "ROO", "SLP", "SIN", "SON",
    "TAB", "TAM", "TLA", "VER", "YUC", "ZAC", "EXT",
];

/// Languages a person may say they speak: Spanish, English and the most spoken
/// indigenous languages of Mexico (ISO 639 codes).
pub const LANGUAGES: [&str; 10] = [
    "es", "en", "nah", "yua", "zap", "mix", "oto", "tzo", "tzh", "top",
];

/// The longest bio, in characters.
pub const BIO_MAX: usize = 1000;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("the bio is too long")]
    BioTooLong,
    #[error("unknown state")]
    UnknownState,
    #[error("unknown language")]
    UnknownLanguage,
}

impl ProfileError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ProfileError::BioTooLong => "profile-bio-too-long",
            ProfileError::UnknownState => "profile-unknown-state",
            ProfileError::UnknownLanguage => "profile-unknown-language",
        }
    }
}

/// A bio: trimmed, at most [`BIO_MAX`] characters, no control characters but newlines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bio(String);

impl FromStr for Bio {
    type Err = ProfileError;

    fn from_str(text: &str) -> Result<Bio, ProfileError> {
        let kept: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| *c == '\n' || !(c.is_control() || crate::text::is_unwanted(*c)))
            .collect();
        let trimmed = kept.trim();
        if trimmed.chars().count() > BIO_MAX {
            return Err(ProfileError::BioTooLong);
        }
        Ok(Bio(trimmed.to_owned()))
    }
}

impl Bio {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Mexican state code from [`STATES`], or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateCode(&'static str);

impl FromStr for StateCode {
    type Err = ProfileError;

    fn from_str(text: &str) -> Result<StateCode, ProfileError> {
        STATES
            .iter()
            .find(|code| **code == text)
            .map(|code| StateCode(code))
            .ok_or(ProfileError::UnknownState)
    }
}

impl StateCode {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// A set of language codes from [`LANGUAGES`], kept in that list's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Languages(Vec<&'static str>);

impl Languages {
    pub fn parse<'a>(codes: impl IntoIterator<Item = &'a str>) -> Result<Languages, ProfileError> {
        let wanted: Vec<&str> = codes.into_iter().filter(|code| !code.is_empty()).collect();
        if wanted.iter().any(|code| !LANGUAGES.contains(code)) {
            return Err(ProfileError::UnknownLanguage);
        }
        Ok(Languages(
            LANGUAGES
                .iter()
                .copied()
                .filter(|code| wanted.contains(code))
                .collect(),
        ))
    }

    /// As stored: codes separated by commas.
    pub fn stored(&self) -> String {
        self.0.join(",")
    }

    pub fn from_stored(text: &str) -> Languages {
        Languages::parse(text.split(',')).unwrap_or_default()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.0.contains(&code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bios_are_trimmed_and_bounded() {
        assert_eq!(
            "  hola\r\nmundo \u{7}".parse::<Bio>().map(|b| b.0),
            Ok("hola\nmundo".to_owned())
        );
        assert_eq!(
            "é".repeat(BIO_MAX)
                .parse::<Bio>()
                .map(|b| b.0.chars().count()),
            Ok(BIO_MAX)
        );
        assert_eq!(
            "é".repeat(BIO_MAX + 1).parse::<Bio>(),
            Err(ProfileError::BioTooLong)
        );
    }

    #[test]
    fn states_are_the_32_entities_and_abroad() {
        assert_eq!(STATES.len(), 33);
        assert_eq!("YUC".parse::<StateCode>().map(StateCode::as_str), Ok("YUC"));
        assert_eq!("yuc".parse::<StateCode>(), Err(ProfileError::UnknownState));
        assert_eq!("TX".parse::<StateCode>(), Err(ProfileError::UnknownState));
    }

    #[test]
    fn languages_keep_a_stable_order() -> Result<(), ProfileError> {
        let spoken = Languages::parse(["yua", "es", ""])?;
        assert_eq!(spoken.stored(), "es,yua");
        assert_eq!(Languages::from_stored("es,yua"), spoken);
        assert_eq!(
            Languages::parse(["tlh"]),
            Err(ProfileError::UnknownLanguage)
        );
        Ok(())
    }
}
