//! The documentation as an area of Soporte: what it tells the platform about itself.

use std::sync::Arc;

use soporte_platform::accounts::Role;
use soporte_platform::area::{
    Area, AreaError, BoxFuture, HomeStep, Intake, Ladder, LocalFuture, Parts, Rung, Setup, Site,
    SitemapEntry,
};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::i18n::Locale;
use soporte_platform::links::{Described, LinkKind, Subject};
use soporte_platform::searchable::Source;
use soporte_platform::storage::{Db, Migrations, UserId};

/// What the documentation takes in from the community: a solved question promoted to
/// an FAQ entry or a knowledge-base article, by staff.
const INTAKES: [Intake; 2] = [
    Intake {
        from: "topic",
        kind: LinkKind::PromotedTo,
        label: "docs-intake-faq",
        path: "/documentacion/preguntas-frecuentes/nuevo",
        roles: &[Role::Staff],
        starter_only: false,
    },
    Intake {
        from: "topic",
        kind: LinkKind::PromotedTo,
        label: "docs-intake-knowledge-base",
        path: "/documentacion/base-de-conocimiento/nuevo",
        roles: &[Role::Staff],
        starter_only: false,
    },
];

/// The documentation area, for the binary's list of areas: the first rung
/// (collections, articles, revisions, the Sphinx import).
pub struct Docs;

impl Area for Docs {
    fn name(&self) -> &'static str {
        "docs"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::Documentation,
            path: "/documentacion",
            nav: "nav-docs",
            home: Some(HomeStep {
                title: "home-step-docs",
                when: "home-step-docs-when",
            }),
        })
    }

    fn intakes(&self) -> &'static [Intake] {
        &INTAKES
    }

    fn search_sources(&self) -> Vec<Arc<dyn Source>> {
        vec![Arc::new(crate::search::Articles)]
    }

    fn subjects(&self) -> &'static [&'static str] {
        &[crate::SUBJECT]
    }

    fn describe<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
        _locale: Locale,
    ) -> BoxFuture<'a, Result<Option<Described>, sqlx::Error>> {
        Box::pin(crate::store::describe(db, subject.id()))
    }

    fn parts(&self, _setup: &Setup<'_>) -> Result<Parts, AreaError> {
        Ok(Parts {
            routes: crate::routes(),
            ..Parts::default()
        })
    }

    fn sitemap<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        Box::pin(crate::feeds::sitemap(db))
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![crate::import::command::command()]
    }

    fn run<'a>(
        &'a self,
        _name: &'a str,
        matches: &'a clap::ArgMatches,
        context: &'a CommandContext,
    ) -> LocalFuture<'a, Result<(), Failure>> {
        Box::pin(crate::import::command::run(matches, context))
    }

    fn demo<'a>(
        &'a self,
        db: &'a Db,
        _site: &'a Site,
        staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(crate::demo::load(db, staff))
    }
}
