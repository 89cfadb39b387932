//! The partner directory (`/socios`): how a buyer finds a qualified partner for
//! professional support. It owns the directory's filters and their addresses
//! ([`directory`]), the partners' listings with their offices, coverage and offers
//! ([`profile`], [`catalog`], [`store`]), the RFC check ([`rfc`]), the coverage map of
//! Mexico drawn on the server ([`map`]), the pages, and the demo directory ([`demo`]).
//! Calls the platform only (the area contract, storage, events, profiles' states and
//! languages, markup, texts).

#[macro_use]
pub mod catalog;
pub mod application;
mod apply;
mod area;
pub mod demo;
pub mod directory;
pub mod lead;
pub mod leads;
pub mod map;
mod pages;
pub mod policy;
pub mod profile;
pub mod review;
mod review_pages;
pub mod rfc;
pub mod store;
pub mod verification;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Partners;

/// The area's tables.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!("partners": "0001_partners");

soporte_platform::ids!(
    /// A partner in the directory (a company that applied to be listed).
    PartnerId,
);

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/partners.ftl")),
    (Locale::En, include_str!("../locales/en/partners.ftl")),
];

#[cfg(test)]
mod tests {
    use soporte_platform::i18n::I18n;

    #[test]
    fn both_locales_define_the_same_messages() {
        let es = I18n::message_ids(super::FLUENT[0].1);
        assert!(es.len() > 10);
        assert_eq!(es, I18n::message_ids(super::FLUENT[1].1));
        for (_, source) in super::FLUENT {
            assert_eq!(I18n::run_together(source), Vec::<String>::new());
        }
        assert!(I18n::load_with(&super::FLUENT).is_ok());
    }
}
