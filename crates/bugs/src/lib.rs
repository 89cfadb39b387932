//! The bug tracker, the third rung of the support ladder (`/errores`): products with
//! their series and components (kept by staff, each component with its default
//! assignees, watchers and developers), reports filed through a guided form that looks
//! for duplicates first, attachments served only as downloads, statuses moved through
//! one table ([`status`]), importance, "me afecta también", heat, comments, a complete
//! activity log, duplicates, lists with filters, and the path from a forum question to
//! a report and back (a platform link; the question shows the report's live status and
//! its watchers hear when it moves). Reports are handed to the one search
//! (`search::Reports`).
//! Calls the platform only (storage, events, jobs, links, accounts' viewer, markup,
//! uploads' image sniffing, the web shell, the search as a
//! [`soporte_platform::searchable::Finder`]).

mod api;
mod area;
pub mod catalog;
pub mod demo;
mod filing;
pub mod heat;
pub mod listing;
pub mod notify;
mod pages;
pub mod policy;
mod products;
pub mod report;
pub mod saved;
pub mod search;
pub mod status;
pub mod store;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Bugs;

/// The area's tables.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!("bugs": "0001_bugs");

soporte_platform::ids!(
    /// A product (MxOS, one of its packages).
    ProductId,
    /// A version line of a product.
    SeriesId,
    /// A component of a product.
    ComponentId,
    /// A bug report.
    BugId,
    /// A comment on a report.
    CommentId,
    /// A file attached to a report.
    AttachmentId,
);

/// The prefix of the subjects of reports' events and links: `bug:12`.
pub const SUBJECT: &str = "bug";

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/bugs.ftl")),
    (Locale::En, include_str!("../locales/en/bugs.ftl")),
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
