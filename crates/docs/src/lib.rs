//! Documentation, the first rung of the support ladder: the five collections (guías de
//! usuario y de administrador, manuales técnicos, preguntas frecuentes, base de
//! conocimiento), their articles in Markdown, and every revision of each article.
//! Calls the platform (storage, events, accounts' viewer, markup, web shell) and hands
//! its articles to the search (`search::Articles`).

pub mod collections;
pub mod demo;
pub mod diff;
mod feedback;
mod feeds;
pub mod import;
mod pages;
pub mod policy;
mod review;
pub mod search;
pub mod store;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Migration, Migrations};

pub use pages::routes;

/// The area's tables.
pub const MIGRATIONS: Migrations = Migrations {
    area: "docs",
    sqlite: &[
        Migration {
            version: 1,
            name: "docs",
            sql: include_str!("../migrations/sqlite/0001_docs.sql"),
        },
        Migration {
            version: 2,
            name: "feedback",
            sql: include_str!("../migrations/sqlite/0002_feedback.sql"),
        },
        Migration {
            version: 3,
            name: "review",
            sql: include_str!("../migrations/sqlite/0003_review.sql"),
        },
        Migration {
            version: 4,
            name: "faq",
            sql: include_str!("../migrations/sqlite/0004_faq.sql"),
        },
        Migration {
            version: 5,
            name: "translations",
            sql: include_str!("../migrations/sqlite/0005_translations.sql"),
        },
        Migration {
            version: 6,
            name: "import",
            sql: include_str!("../migrations/sqlite/0006_import.sql"),
        },
        Migration {
            version: 7,
            name: "keywords",
            sql: include_str!("../migrations/sqlite/0007_keywords.sql"),
        },
    ],
    postgres: &[
        Migration {
            version: 1,
            name: "docs",
            sql: include_str!("../migrations/postgres/0001_docs.sql"),
        },
        Migration {
            version: 2,
            name: "feedback",
            sql: include_str!("../migrations/postgres/0002_feedback.sql"),
        },
        Migration {
            version: 3,
            name: "review",
            sql: include_str!("../migrations/postgres/0003_review.sql"),
        },
        Migration {
            version: 4,
            name: "faq",
            sql: include_str!("../migrations/postgres/0004_faq.sql"),
        },
        Migration {
            version: 5,
            name: "translations",
            sql: include_str!("../migrations/postgres/0005_translations.sql"),
        },
        Migration {
            version: 6,
            name: "import",
            sql: include_str!("../migrations/postgres/0006_import.sql"),
        },
        Migration {
            version: 7,
            name: "keywords",
            sql: include_str!("../migrations/postgres/0007_keywords.sql"),
        },
    ],
};

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
