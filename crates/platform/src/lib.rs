//! The platform every area of Soporte stands on: configuration, storage and
//! migrations, the event log, background jobs, outbound mail, accounts and roles,
//! i18n, metrics, the web shell and the area contract. Areas (docs, forum, bugs,
//! desk…) call into this crate; it calls none of them, and learns of them only through
//! the [`area::Area`] values the binary lists.

pub mod accounts;
pub mod area;
pub mod attachments;
pub mod audit;
pub mod bells;
pub mod cli;
pub mod config;
pub mod events;
pub mod handover;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod links;
pub mod mail;
pub mod markup;
pub mod metrics;
pub mod notifications;
pub mod progress;
pub mod rate_limit;
pub mod recognition;
pub mod sealing;
pub mod searchable;
pub mod secrets;
pub mod server;
pub mod storage;
pub mod text;
pub mod uploads;
pub mod web;
pub mod week;
