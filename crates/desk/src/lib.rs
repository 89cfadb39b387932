//! Partner desks, the fourth rung of the support ladder (`/soporte-profesional`): the
//! professional support that ecosystem partners give their client organizations under
//! contracts with service levels. It owns the SLA clock ([`sla`]: business calendars in
//! Mexico's zones, statutory rest days, due instants; also `soporte desk sla-due`), the
//! tickets and their rules ([`ticket`], [`policy`], [`worktime`]), their storage
//! ([`store`]), telling people ([`notify`]), warnings, escalations and incidents
//! ([`escalate`]), surveys ([`survey`]), reports ([`report`]), the pages, the admin
//! pages and the JSON API, and the demo desk ([`demo`]).
//! Calls the platform only (the area contract, storage, accounts, uploads and
//! attachments, links, notifications, mail, the job queue, texts).

mod admin;
mod api;
mod area;
pub mod command;
pub mod demo;
pub mod escalate;
pub mod handover;
pub mod notify;
mod pages;
pub mod policy;
pub mod report;
mod report_pages;
pub mod sla;
pub mod store;
pub mod survey;
pub mod ticket;
pub mod worktime;

use soporte_platform::i18n::Locale;
use soporte_platform::storage::Migrations;

pub use area::Desk;

/// The area's tables.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!("desk": "0001_desk", "0002_untold", "0003_attachments", "0004_settings");

soporte_platform::ids!(
    /// A partner (a company that gives professional support).
    PartnerId,
    /// A team of a partner's desk.
    TeamId,
    /// A business calendar of a partner.
    CalendarId,
    /// An SLA plan of a partner.
    PlanId,
    /// A client organization of a partner.
    OrganizationId,
    /// A contract between a partner and one of its organizations.
    ContractId,
    /// A ticket.
    TicketId,
    /// A message of a ticket (public reply or internal note).
    MessageId,
);

/// The prefix of the subjects of tickets' events and links: `ticket:12`.
pub const SUBJECT: &str = "ticket";

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/desk.ftl")),
    (Locale::En, include_str!("../locales/en/desk.ftl")),
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
        // Every message parses, in both locales.
        assert!(I18n::load_with(&super::FLUENT).is_ok());
    }
}
