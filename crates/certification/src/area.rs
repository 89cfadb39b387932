//! The certification as an area of Soporte: what it tells the platform about itself
//! (its tables, texts, command line and demo). Its rung (`/certificacion`) keeps the
//! platform's placeholder until the exams' pages are there.

use soporte_platform::area::{Area, LocalFuture, Site};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, Migrations, UserId};

/// The Basic Certification, for the binary's list of areas.
pub struct Certification;

impl Area for Certification {
    fn name(&self) -> &'static str {
        "certification"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![crate::command::command()]
    }

    fn run<'a>(
        &'a self,
        _name: &'a str,
        matches: &'a clap::ArgMatches,
        context: &'a CommandContext,
    ) -> LocalFuture<'a, Result<(), Failure>> {
        Box::pin(crate::command::run(matches, context))
    }

    fn demo<'a>(
        &'a self,
        db: &'a Db,
        _site: &'a Site,
        _staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(crate::demo::load(db))
    }
}
