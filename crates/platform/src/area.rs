//! The area contract: what an area (docs, forum, bugs, desk…) tells the platform about
//! itself, in one value. The binary lists the areas once; from that list the platform
//! builds the migration order, the text bundles, the navigation along the ladder, the
//! home page's steps, a placeholder page for each rung no area has claimed yet, the
//! sitemap, the OpenAPI document, the command line and the demo content. The platform
//! names no area.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;

use crate::accounts::Role;
use crate::cli::{CommandContext, Failure};
use crate::config::{Config, PLATFORM_SETTINGS, Setting};
use crate::i18n::{I18n, I18nError, Locale};
use crate::jobs::Handlers;
use crate::links::{Described, LinkKind, Subject};
use crate::searchable::{Finder, Source};
use crate::server::Task;
use crate::storage::{Db, Migrations, UserId};
use crate::web::AppState;

/// A boxed future, so areas can be kept as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A boxed future that the command line runs to its end on its own thread (so it need
/// not be `Send`): a command, the demo content.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The places of the support ladder, in the order a person climbs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ladder {
    Documentation,
    Community,
    BugTracker,
    Professional,
    Partners,
    Certification,
}

impl Ladder {
    pub const ALL: [Ladder; 6] = [
        Ladder::Documentation,
        Ladder::Community,
        Ladder::BugTracker,
        Ladder::Professional,
        Ladder::Partners,
        Ladder::Certification,
    ];

    /// The rung as the platform shows it while no area has claimed it: its path, its
    /// navigation label, and the home page's step (the four rungs a person climbs;
    /// partners and certification are reached from them).
    pub fn placeholder(self) -> Rung {
        let (path, nav, home) = match self {
            Ladder::Documentation => (
                "/documentacion",
                "nav-docs",
                Some(("home-step-docs", "home-step-docs-when")),
            ),
            Ladder::Community => (
                "/comunidad",
                "nav-community",
                Some(("home-step-community", "home-step-community-when")),
            ),
            Ladder::BugTracker => (
                "/errores",
                "nav-bugs",
                Some(("home-step-bugs", "home-step-bugs-when")),
            ),
            Ladder::Professional => (
                "/soporte-profesional",
                "nav-professional",
                Some(("home-step-professional", "home-step-professional-when")),
            ),
            Ladder::Partners => ("/socios", "nav-partners", None),
            Ladder::Certification => ("/certificacion", "nav-certification", None),
        };
        Rung {
            place: self,
            path,
            nav,
            home: home.map(|(title, when)| HomeStep { title, when }),
        }
    }

    /// The Fluent ids of the placeholder page's title and text.
    pub fn placeholder_texts(self) -> (&'static str, &'static str) {
        match self {
            Ladder::Documentation => ("rung-docs-title", "rung-docs-text"),
            Ladder::Community => ("rung-community-title", "rung-community-text"),
            Ladder::BugTracker => ("rung-bugs-title", "rung-bugs-text"),
            Ladder::Professional => ("rung-professional-title", "rung-professional-text"),
            Ladder::Partners => ("rung-partners-title", "rung-partners-text"),
            Ladder::Certification => ("rung-certification-title", "rung-certification-text"),
        }
    }
}

/// A rung of the ladder as an area serves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rung {
    pub place: Ladder,
    /// Where the rung's first page is.
    pub path: &'static str,
    /// The Fluent id of its label in the navigation.
    pub nav: &'static str,
    /// Its step on the home page, if it has one.
    pub home: Option<HomeStep>,
}

/// A step of the home page: the Fluent ids of its title and of when to take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HomeStep {
    pub title: &'static str,
    pub when: &'static str,
}

/// What an area starts with the server: its pages, its job handlers, its
/// long-running tasks, and (for the area that keeps the search index) the search as
/// other areas may ask it.
#[derive(Default)]
pub struct Parts {
    pub routes: Router<AppState>,
    pub handlers: Handlers,
    pub tasks: Vec<Task>,
    pub finder: Option<Arc<dyn Finder>>,
}

impl Parts {
    /// Both areas' parts together.
    pub fn merge(mut self, other: Parts) -> Parts {
        self.tasks.extend(other.tasks);
        Parts {
            routes: self.routes.merge(other.routes),
            handlers: self.handlers.merge(other.handlers),
            tasks: self.tasks,
            finder: self.finder.or(other.finder),
        }
    }
}

/// What an area runs once the server's state exists: job handlers and tasks that need
/// its texts, settings or queue (mail about a new reply, a digest).
#[derive(Default)]
pub struct Running {
    pub handlers: Handlers,
    pub tasks: Vec<Task>,
}

/// What an area's [`Area::parts`] and commands may use: the settings, and the
/// searchable things of every area (for the area that keeps the search index).
pub struct Setup<'a> {
    pub config: &'a Config,
    pub sources: &'a [Arc<dyn Source>],
}

/// Why an area could not start.
#[derive(Debug, thiserror::Error)]
#[error("{area}: {detail}")]
pub struct AreaError {
    pub area: &'static str,
    pub detail: String,
}

/// The whole number above 0 that `setting` holds for `area`, or `default` when it is
/// not set; anything else is an error that names the setting.
pub fn whole_number(
    config: &Config,
    area: &'static str,
    setting: Setting,
    default: u64,
) -> Result<u64, AreaError> {
    match config.setting(setting) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| AreaError {
                area,
                detail: format!(
                    "{} must be a whole number above 0, not {text:?}",
                    setting.flag()
                ),
            }),
    }
}

/// One page of the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    /// A path on this site.
    pub path: String,
    /// When it last changed, in UTC milliseconds, if known.
    pub modified: Option<i64>,
}

/// Someone who follows a subject of an area ([`Area::followers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Follower {
    pub person: UserId,
    /// Whether they want a mail for each piece of news.
    pub mail: bool,
}

/// A way an area takes in something of another rung: a page that starts a new thing of
/// its own pre-filled from a subject (a solved question as an FAQ entry, a question as
/// a bug report). The subject's page shows a button for it to the people of `roles`;
/// the page is `path?desde=SUBJECT`, and what it makes is linked from the subject with
/// `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intake {
    /// The kind of subject it takes (`topic`).
    pub from: &'static str,
    pub kind: LinkKind,
    /// The Fluent id of the button's words.
    pub label: &'static str,
    pub path: &'static str,
    pub roles: &'static [Role],
    /// Offered only to whoever started the subject (the asker of a question).
    pub starter_only: bool,
}

impl Intake {
    /// The address of the page for `subject`.
    pub fn href(&self, subject: &Subject) -> String {
        format!("{}?desde={subject}", self.path)
    }

    /// Whether someone with `roles` is offered it.
    pub fn offered_to(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.roles.contains(role))
    }
}

/// What an area gives of one of its subjects for another to start something from it:
/// its title, a Markdown text, and the names of the people who wrote it (to credit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub title: String,
    pub body: String,
    pub authors: Vec<String>,
    /// Who started it (the asker of a question), for an intake that only they may use.
    pub starter: Option<UserId>,
}

/// An area of Soporte. Every method but [`Area::name`] has a default meaning "none",
/// so an area says only what it has.
pub trait Area: Send + Sync {
    /// A short name: `docs`, `forum`… It names the area's migrations.
    fn name(&self) -> &'static str;

    /// Its tables, for both backends (see [`crate::migrations!`]).
    fn migrations(&self) -> Option<&'static Migrations> {
        None
    }

    /// Its Fluent texts, one source per locale.
    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &[]
    }

    /// The rung of the ladder it serves, if any.
    fn rung(&self) -> Option<Rung> {
        None
    }

    /// Its settings (each with `section` set to its name).
    fn settings(&self) -> &'static [Setting] {
        &[]
    }

    /// Its searchable things.
    fn search_sources(&self) -> Vec<Arc<dyn Source>> {
        Vec::new()
    }

    /// The kinds of subject it owns (`doc`, `topic`…): the prefixes of its events'
    /// subjects and of the links between rungs that reach it.
    fn subjects(&self) -> &'static [&'static str] {
        &[]
    }

    /// One of its subjects as a link from elsewhere shows it (title and address), in
    /// `locale` where it has a choice; `None` when it is gone or not public.
    fn describe<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
        locale: Locale,
    ) -> BoxFuture<'a, Result<Option<Described>, sqlx::Error>> {
        let _ = (db, subject, locale);
        Box::pin(async { Ok(None) })
    }

    /// The people who follow one of its subjects (the watchers of a forum question),
    /// for another area to tell them of news on a linked subject (the bug it became),
    /// each with whether they want a mail for each piece of news (the owning area keeps
    /// their choice; the others get the notice only).
    fn followers<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Vec<Follower>, sqlx::Error>> {
        let _ = (db, subject);
        Box::pin(async { Ok(Vec::new()) })
    }

    /// The intakes it offers other rungs (see [`Intake`]).
    fn intakes(&self) -> &'static [Intake] {
        &[]
    }

    /// One of its public subjects, for another area to start something from it;
    /// `None` when it is gone or not public.
    fn excerpt<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Option<Excerpt>, sqlx::Error>> {
        let _ = (db, subject);
        Box::pin(async { Ok(None) })
    }

    /// Its pages, job handlers and tasks, for a server about to start.
    fn parts(&self, setup: &Setup<'_>) -> Result<Parts, AreaError> {
        let _ = setup;
        Ok(Parts::default())
    }

    /// Its job handlers and tasks that need the running server's state.
    fn running(&self, state: &AppState) -> Running {
        let _ = state;
        Running::default()
    }

    /// Its public pages, for `sitemap.xml`.
    fn sitemap<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        let _ = db;
        Box::pin(async { Ok(Vec::new()) })
    }

    /// Its part of the JSON API's description (paths relative to `/api/v1`), made
    /// with utoipa from its handlers and payloads.
    fn api(&self) -> Option<utoipa::openapi::OpenApi> {
        None
    }

    /// Its subcommands of `soporte`.
    fn commands(&self) -> Vec<clap::Command> {
        Vec::new()
    }

    /// Runs its subcommand `name` (one of [`Area::commands`]).
    fn run<'a>(
        &'a self,
        name: &'a str,
        matches: &'a clap::ArgMatches,
        context: &'a CommandContext,
    ) -> LocalFuture<'a, Result<(), Failure>> {
        let _ = (matches, context);
        Box::pin(async move { Err(Failure::internal(format!("no command {name}"))) })
    }

    /// The partner desks it keeps, for the other areas to hand work to (see
    /// [`crate::handover`]); one area at most offers them.
    fn desks(&self) -> Option<Arc<dyn crate::handover::Desks>> {
        None
    }

    /// Loads its demo content (`soporte demo`, once per database), with the `site` it
    /// is part of (to hand work to other areas); `staff` is the demo staff member.
    fn demo<'a>(
        &'a self,
        db: &'a Db,
        site: &'a Site,
        staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        let _ = (db, site, staff);
        Box::pin(async { Ok(()) })
    }
}

/// The areas that make up a server, in the order their migrations apply.
#[derive(Clone)]
pub struct Site {
    areas: Vec<Arc<dyn Area>>,
}

impl Site {
    pub fn new(areas: Vec<Arc<dyn Area>>) -> Site {
        Site { areas }
    }

    pub fn areas(&self) -> &[Arc<dyn Area>] {
        &self.areas
    }

    /// The platform's settings, then every area's.
    pub fn settings(&self) -> Vec<Setting> {
        PLATFORM_SETTINGS
            .into_iter()
            .chain(
                self.areas
                    .iter()
                    .flat_map(|area| area.settings().iter().copied()),
            )
            .collect()
    }

    /// Every area's migrations, in the order of the list (the platform's come first,
    /// always).
    pub fn migrations(&self) -> Vec<&'static Migrations> {
        self.areas
            .iter()
            .filter_map(|area| area.migrations())
            .collect()
    }

    /// The platform's texts with every area's.
    pub fn i18n(&self) -> Result<I18n, I18nError> {
        let texts: Vec<(Locale, &'static str)> = self
            .areas
            .iter()
            .flat_map(|area| area.texts().iter().copied())
            .collect();
        I18n::load_with(&texts)
    }

    /// Every area's searchable things.
    pub fn sources(&self) -> Vec<Arc<dyn Source>> {
        self.areas
            .iter()
            .flat_map(|area| area.search_sources())
            .collect()
    }

    /// Every area's pages, handlers and tasks.
    pub fn parts(&self, config: &Config) -> Result<Parts, AreaError> {
        let sources = self.sources();
        let setup = Setup {
            config,
            sources: &sources,
        };
        self.areas.iter().try_fold(Parts::default(), |parts, area| {
            Ok(parts.merge(area.parts(&setup)?))
        })
    }

    /// The ladder as the navigation shows it: each place's rung from the area that
    /// claims it, else the platform's placeholder; and whether an area claims it.
    pub fn ladder(&self) -> Vec<(Rung, bool)> {
        Ladder::ALL
            .into_iter()
            .map(|place| {
                self.areas
                    .iter()
                    .find_map(|area| area.rung().filter(|rung| rung.place == place))
                    .map_or((place.placeholder(), false), |rung| (rung, true))
            })
            .collect()
    }

    /// The partner desks, if an area keeps them.
    pub fn desks(&self) -> Option<Arc<dyn crate::handover::Desks>> {
        self.areas.iter().find_map(|area| area.desks())
    }

    /// The area that owns subjects of `kind`.
    pub fn subject_owner(&self, kind: &str) -> Option<&Arc<dyn Area>> {
        self.areas
            .iter()
            .find(|area| area.subjects().contains(&kind))
    }

    /// Every intake any area offers for subjects of `kind`.
    pub fn intakes(&self, kind: &str) -> Vec<Intake> {
        self.areas
            .iter()
            .flat_map(|area| area.intakes().iter().copied())
            .filter(|intake| intake.from == kind)
            .collect()
    }

    /// The area whose command is `name`.
    pub fn command_owner(&self, name: &str) -> Option<&Arc<dyn Area>> {
        self.areas.iter().find(|area| {
            area.commands()
                .iter()
                .any(|command| command.get_name() == name)
        })
    }

    /// Every area's part of the API description.
    pub fn api(&self) -> Vec<utoipa::openapi::OpenApi> {
        self.areas.iter().filter_map(|area| area.api()).collect()
    }
}
