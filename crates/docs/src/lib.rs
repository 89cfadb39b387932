//! Documentation, the first rung of the support ladder: the five collections (guías de
//! usuario y de administrador, manuales técnicos, preguntas frecuentes, base de
//! conocimiento), their articles in Markdown, and every revision of each article.
//! Calls the platform (storage, events, accounts' viewer, markup, web shell) and hands
//! its articles to the search (`search::Articles`).

mod area;
pub mod collections;
pub mod demo;
pub mod diff;
mod feedback;
mod feeds;
pub mod import;
mod pages;
pub mod policy;
mod rendered;
mod review;
pub mod search;
pub mod store;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Docs;
pub use pages::routes;

/// The area's tables.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!(
    "docs": "0001_docs",
    "0002_feedback",
    "0003_review",
    "0004_faq",
    "0005_translations",
    "0006_import",
    "0007_keywords",
);

soporte_platform::ids!(
    /// An article (in one language) of a collection.
    ArticleId,
    /// One revision of an article.
    RevisionId,
);

/// The prefix of the subjects of articles' events and links: `doc:12`.
pub const SUBJECT: &str = "doc";

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/docs.ftl")),
    (Locale::En, include_str!("../locales/en/docs.ftl")),
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
    }
}
