//! The partner desks as an area of Soporte: what they tell the platform about
//! themselves (the fourth rung, its tables, texts, pages and command line).

use std::time::Duration;

use soporte_platform::accounts::Role;
use soporte_platform::area::{
    Area, AreaError, HomeStep, Intake, Ladder, LocalFuture, Parts, Rung, Running, Setup, Site,
};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::config::{Config, Setting, SettingSpec};
use soporte_platform::i18n::Locale;
use soporte_platform::jobs::Handlers;
use soporte_platform::links::LinkKind;
use soporte_platform::server::Task;
use soporte_platform::storage::{Db, Migrations, UserId};
use soporte_platform::web::AppState;

/// How often the clocks of open tickets are read for warnings and escalations.
pub const WATCH_MS: SettingSpec = SettingSpec {
    section: Some("desk"),
    key: "watch_ms",
    help: "How often, in milliseconds, open tickets' service times are checked for warnings and escalations.",
    default: "`60000` (a minute)",
};

const SETTINGS: [Setting; 1] = [&WATCH_MS];

/// What the desks take in from the community: a customer's own forum question, taken
/// to their partner's desk ("Llevar a mi proveedor").
const INTAKES: [Intake; 1] = [Intake {
    from: "topic",
    kind: LinkKind::EscalatedTo,
    label: "desk-intake",
    path: crate::pages::PORTAL_NEW,
    roles: &[Role::Customer],
    starter_only: true,
}];

fn watch_every(config: &Config) -> Result<Duration, AreaError> {
    soporte_platform::area::whole_number(config, "desk", &WATCH_MS, 60_000)
        .map(Duration::from_millis)
}

/// Reads the clocks now and then until the server stops.
fn watch(state: AppState, every: Duration) -> Task {
    Box::new(move |_db, mut stop| {
        Box::pin(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                match crate::escalate::watch_once(&state).await {
                    Ok(0) => {}
                    Ok(queued) => tracing::info!(queued, "service time alerts queued"),
                    Err(error) => tracing::warn!(%error, "reading the service times failed"),
                }
            }
        })
    })
}

/// Tells people of new messages whenever the desk's bell rings, until the server stops
/// (see [`crate::notify`]).
fn teller(state: AppState) -> Task {
    Box::new(move |_db, mut stop| {
        Box::pin(async move {
            let bell = state.bells.bell(crate::notify::BELL);
            loop {
                tokio::select! {
                    () = bell.notified() => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                // What is written meanwhile is told in the same pass: a burst is one
                // notice and one mail per person.
                tokio::select! {
                    () = tokio::time::sleep(crate::notify::GATHER) => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                loop {
                    match crate::notify::tell_pending(&state).await {
                        Ok(read) if read == crate::notify::BATCH => {}
                        Ok(_) => break,
                        Err(error) => {
                            tracing::warn!(%error, "telling of new ticket messages failed");
                            break;
                        }
                    }
                }
            }
        })
    })
}

/// The partner desks, for the binary's list of areas.
pub struct Desk;

impl Area for Desk {
    fn name(&self) -> &'static str {
        "desk"
    }

    fn desks(&self) -> Option<std::sync::Arc<dyn soporte_platform::handover::Desks>> {
        Some(std::sync::Arc::new(crate::handover::DeskPort))
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

    fn settings(&self) -> &'static [Setting] {
        &SETTINGS
    }

    fn intakes(&self) -> &'static [Intake] {
        &INTAKES
    }

    fn subjects(&self) -> &'static [&'static str] {
        &[crate::SUBJECT]
    }

    fn parts(&self, setup: &Setup<'_>) -> Result<Parts, AreaError> {
        watch_every(setup.config)?;
        Ok(Parts {
            routes: crate::pages::routes(),
            ..Parts::default()
        })
    }

    fn running(&self, state: &AppState) -> Running {
        // The setting was checked when the parts were made.
        let every = watch_every(&state.config).unwrap_or(Duration::from_secs(60));
        Running {
            handlers: Handlers::default().with(crate::escalate::Alerter {
                state: state.clone(),
            }),
            tasks: vec![watch(state.clone(), every), teller(state.clone())],
        }
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
        _site: &'a Site,
        staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(crate::demo::load(db, staff))
    }
}
