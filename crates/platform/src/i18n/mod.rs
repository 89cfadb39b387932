//! Internationalization: the two locales Soporte speaks (es-MX first, en) and the Fluent
//! bundles that hold every text a person reads. Owns no I/O: the Fluent files are
//! compiled into the binary.

use std::collections::HashMap;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// A locale Soporte has translations for. Spanish (Mexico) is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    EsMx,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::EsMx, Locale::En];

    /// The BCP 47 tag used in `lang` attributes and cookies.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EsMx => "es-MX",
            Locale::En => "en",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::EsMx => langid!("es-MX"),
            Locale::En => langid!("en"),
        }
    }

    /// Reads a tag such as `es`, `es-MX`, `en-US`; any Spanish becomes es-MX, any
    /// English becomes en.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let language = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match language.as_str() {
            "es" => Some(Locale::EsMx),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The first locale of an `Accept-Language` header (in preference order) that
    /// Soporte speaks, if any.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranges: Vec<(u16, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, range)| {
                let mut parts = range.split(';');
                let locale = Locale::from_tag(parts.next()?)?;
                let weight = parts
                    .find_map(|param| param.trim().strip_prefix("q="))
                    .map_or(Some(1000), parse_quality)?;
                (weight > 0).then_some((weight, position, locale))
            })
            .collect();
        // Highest weight first; equal weights keep the order the client sent.
        ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.first().map(|(_, _, locale)| *locale)
    }

    /// Reads `LC_ALL`, `LC_MESSAGES` and `LANG` the way a terminal program does, for
    /// messages printed on the command line.
    pub fn from_environment() -> Locale {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Locale::from_tag(&value))
            .unwrap_or_default()
    }
}

/// An HTTP quality value (`0`, `0.5`, `1.000`) in thousandths; `None` when malformed.
fn parse_quality(value: &str) -> Option<u16> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

const SOURCES: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../../locales/es-MX/main.ftl")),
    (Locale::En, include_str!("../../locales/en/main.ftl")),
];

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("Fluent resource for {locale} does not parse: {errors}")]
    Syntax { locale: Locale, errors: String },
    #[error("Fluent resource for {locale} redefines messages: {errors}")]
    Duplicate { locale: Locale, errors: String },
}

/// Every translated text of the program, one bundle per locale.
pub struct I18n {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
}

impl I18n {
    /// Builds the bundles from the platform's Fluent files compiled into the binary.
    pub fn load() -> Result<I18n, I18nError> {
        I18n::load_with(&[])
    }

    /// Builds the bundles from the platform's Fluent files and each area's `extra`
    /// ones (an area owns its texts; a message id defined twice is an error).
    pub fn load_with(extra: &[(Locale, &'static str)]) -> Result<I18n, I18nError> {
        let mut bundles = HashMap::new();
        for locale in Locale::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
            // Isolation marks would leak into HTML attributes and plain-text mail.
            bundle.set_use_isolating(false);
            let sources = SOURCES
                .iter()
                .chain(extra.iter())
                .filter(|(owner, _)| *owner == locale);
            for (_, source) in sources {
                let resource =
                    FluentResource::try_new((*source).to_owned()).map_err(|(_, errors)| {
                        I18nError::Syntax {
                            locale,
                            errors: format!("{errors:?}"),
                        }
                    })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| I18nError::Duplicate {
                        locale,
                        errors: format!("{errors:?}"),
                    })?;
            }
            bundles.insert(locale, bundle);
        }
        Ok(I18n { bundles })
    }

    /// Whether message `id` exists in `locale` (not falling back to another).
    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.bundles
            .get(&locale)
            .is_some_and(|bundle| bundle.has_message(id))
    }

    /// The text of message `id` in `locale`.
    pub fn text(&self, locale: Locale, id: &str) -> String {
        self.format(locale, id, None)
    }

    /// The text of message `id` in `locale`, with named arguments.
    pub fn text_with(&self, locale: Locale, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format(locale, id, Some(&fluent_args))
    }

    /// The text of message `id` with one number argument, for plural forms.
    pub fn text_count(&self, locale: Locale, id: &str, name: &str, count: i64) -> String {
        let mut fluent_args = FluentArgs::new();
        fluent_args.set(name, FluentValue::from(count));
        self.format(locale, id, Some(&fluent_args))
    }

    /// The text of message `id` with a number `count` (for plural forms) and more
    /// named arguments.
    pub fn text_count_with(
        &self,
        locale: Locale,
        id: &str,
        count: i64,
        args: &[(&str, &str)],
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        fluent_args.set("count", FluentValue::from(count));
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format(locale, id, Some(&fluent_args))
    }

    /// The text of message `id` with number arguments, each able to pick a plural form.
    pub fn text_numbers(&self, locale: Locale, id: &str, args: &[(&str, i64)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format(locale, id, Some(&fluent_args))
    }

    /// Falls back to es-MX, then to the id itself, so a missing translation shows
    /// up visibly instead of as an empty string (a test keeps both files complete).
    fn format(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
        [locale, Locale::EsMx]
            .iter()
            .filter_map(|candidate| self.bundles.get(candidate))
            .find_map(|bundle| {
                let pattern = bundle.get_message(id)?.value()?;
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(id, ?errors, "Fluent message formatted with errors");
                }
                Some(text.into_owned())
            })
            .unwrap_or_else(|| {
                tracing::warn!(id, %locale, "missing Fluent message");
                id.to_owned()
            })
    }

    /// Lines of a Fluent source where one message runs into the next (`…permiso.sign-out
    /// = …`, a lost newline): such a message would show its id instead of its text.
    pub fn run_together(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|line| {
                let Some((_, value)) = line.split_once(" = ") else {
                    return false;
                };
                value.split(" = ").next().is_some_and(|before| {
                    before.len() < value.len()
                        && before
                            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                            .next()
                            .is_some_and(|id| id.contains('-'))
                })
            })
            .map(str::to_owned)
            .collect()
    }

    /// The message ids a Fluent source defines, for completeness checks (each area
    /// tests that its two locales define the same ones).
    pub fn message_ids(source: &str) -> Vec<String> {
        let mut ids: Vec<String> = source
            .lines()
            .filter_map(|line| {
                let (id, _) = line.split_once(" =")?;
                let starts_like_id = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
                (starts_like_id && !id.contains(' ')).then(|| id.to_owned())
            })
            .collect();
        ids.sort();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_define_the_same_messages() {
        let es = I18n::message_ids(SOURCES[0].1);
        let en = I18n::message_ids(SOURCES[1].1);
        assert!(es.len() > 20, "es-MX has too few messages: {}", es.len());
        assert_eq!(es, en);
        for (_, source) in SOURCES {
            assert_eq!(I18n::run_together(source), Vec::<String>::new());
        }
    }

    #[test]
    fn a_lost_newline_is_caught() {
        let broken = "a-b = Uno.\nc-d = Dos.e-f = Tres\ng = x = y\n";
        assert_eq!(I18n::run_together(broken), ["c-d = Dos.e-f = Tres"]);
    }

    #[test]
    fn bundles_load_and_format_arguments() -> Result<(), I18nError> {
        let i18n = I18n::load()?;
        let es = i18n.text_with(
            Locale::EsMx,
            "error-setting",
            &[("setting", "bind"), ("reason", "x")],
        );
        assert!(es.contains("bind"), "{es}");
        assert_ne!(
            i18n.text(Locale::EsMx, "nav-docs"),
            i18n.text(Locale::En, "nav-docs")
        );
        assert_eq!(i18n.text(Locale::En, "no-such-message"), "no-such-message");
        Ok(())
    }

    #[test]
    fn accept_language_picks_the_first_locale_we_speak() {
        assert_eq!(
            Locale::from_accept_language("fr-FR, en-US;q=0.8, es;q=0.5"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("es-AR,es;q=0.9"),
            Some(Locale::EsMx)
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.2, es-MX"),
            Some(Locale::EsMx)
        );
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(Locale::from_accept_language(""), None);
        assert_eq!(
            Locale::from_accept_language("es;q=0, en;q=0.1"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("es;q=banana, en"),
            Some(Locale::En)
        );
    }

    #[test]
    fn tags_map_to_locales() {
        assert_eq!(Locale::from_tag("es_MX.UTF-8"), Some(Locale::EsMx));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("C.UTF-8"), None);
    }
}
