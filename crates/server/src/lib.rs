//! Wiring: which areas make up Soporte — their migrations, texts, pages and background
//! jobs. The binary and the integration tests both start Soporte from here.

use soporte_platform::i18n::{I18n, I18nError, Locale};
use soporte_platform::server::Areas;
use soporte_platform::storage::Migrations;

/// Every area's migrations, in the order they depend on each other.
pub fn migrations() -> [&'static Migrations; 1] {
    [&soporte_docs::MIGRATIONS]
}

/// Every area's texts.
pub fn fluent() -> Vec<(Locale, &'static str)> {
    soporte_docs::FLUENT.to_vec()
}

/// The platform's texts with every area's.
pub fn i18n() -> Result<I18n, I18nError> {
    I18n::load_with(&fluent())
}

/// Every area's pages and job handlers.
pub fn areas() -> Areas {
    Areas {
        routes: soporte_docs::routes(),
        ..Areas::default()
    }
}
