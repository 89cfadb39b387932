//! The partner desks as an area of Soporte: what they tell the platform about
//! themselves. The fourth rung keeps the platform's placeholder page until the desks
//! serve their own.

use soporte_platform::area::{Area, LocalFuture};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::i18n::Locale;

/// The partner desks, for the binary's list of areas.
pub struct Desk;

impl Area for Desk {
    fn name(&self) -> &'static str {
        "desk"
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
}
