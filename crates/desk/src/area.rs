//! The partner desks as an area of Soporte: what they tell the platform about
//! themselves (the fourth rung, its tables, texts, pages and command line).

use soporte_platform::area::{Area, AreaError, HomeStep, Ladder, LocalFuture, Parts, Rung, Setup};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, Migrations, UserId};

/// The partner desks, for the binary's list of areas.
pub struct Desk;

impl Area for Desk {
    fn name(&self) -> &'static str {
        "desk"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::Professional,
            path: crate::pages::HOME,
            nav: "nav-professional",
            home: Some(HomeStep {
                title: "home-step-professional",
                when: "home-step-professional-when",
            }),
        })
    }

    fn subjects(&self) -> &'static [&'static str] {
        &[crate::SUBJECT]
    }

    fn parts(&self, _setup: &Setup<'_>) -> Result<Parts, AreaError> {
        Ok(Parts {
            routes: crate::pages::routes(),
            ..Parts::default()
        })
    }

    fn api(&self) -> Option<utoipa::openapi::OpenApi> {
        use utoipa::OpenApi as _;
        Some(crate::api::DeskApi::openapi())
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
        staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(crate::demo::load(db, staff))
    }
}
