//! The community forum, the second rung of the support ladder (`/comunidad`): categories
//! that staff keep, topics (questions and discussions), their posts in Markdown with an
//! edit history, a question's states and its accepted answer, "a mí también me pasa"
//! and helpful votes, and an ask flow that searches before a question is posted.
//! Solved questions are handed to the one search (`search::Topics`).
//! Calls the platform only (storage, events, accounts' viewer, markup, web shell, the
//! search as a [`soporte_platform::searchable::Finder`]).

mod api;
mod area;
pub mod ask;
pub mod categories;
mod compose;
pub mod demo;
pub mod expiry;
mod following;
mod images;
pub mod indicators;
pub mod limits;
pub mod moderation;
pub mod moving;
mod notify;
mod pages;
pub mod people;
pub mod policy;
pub mod post;
mod profile;
pub mod question;
mod queue;
pub mod search;
pub mod store;
pub mod trust;
pub mod watch;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Forum;

/// The area's tables.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!(
    "forum": "0001_forum", "0002_moderation", "0003_watching", "0004_trust",
    "0005_restrictions", "0006_merging",
);

soporte_platform::ids!(
    /// A category of topics.
    CategoryId,
    /// A topic: a question or a discussion.
    TopicId,
    /// One post of a topic (its opening post is number 1).
    PostId,
);

/// The prefix of the subjects of topics' events and links: `topic:12`.
pub const SUBJECT: &str = "topic";

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/forum.ftl")),
    (Locale::En, include_str!("../locales/en/forum.ftl")),
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
