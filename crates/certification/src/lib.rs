//! The free, self-taught Basic Certification (`/certificacion`): what it takes to
//! validate fundamental knowledge of MxOS. It owns the syllabus's topics and their
//! question banks ([`bank`]), read from and written to Moodle's GIFT format ([`gift`];
//! also `soporte certification import-gift`, [`command`]), and the demo banks
//! ([`demo`]), and what an answer is worth ([`grading`], plain functions). Exams and
//! the signed certificates come next.
//! Calls the platform only (the area contract, storage, events, texts, progress).

mod area;
pub mod bank;
pub mod command;
pub mod demo;
pub mod gift;
pub mod grading;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Certification;

/// The area's tables.
pub const MIGRATIONS: Migrations =
    soporte_platform::migrations!("certification": "0001_certification");

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (
        Locale::EsMx,
        include_str!("../locales/es-MX/certification.ftl"),
    ),
    (Locale::En, include_str!("../locales/en/certification.ftl")),
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
