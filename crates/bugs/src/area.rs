//! The bug tracker as an area of Soporte: what it tells the platform about itself, and
//! its upkeep (Incompleto reports nobody answered expire, heat cools, files staged for
//! reports never sent are dropped).

use std::sync::Arc;
use std::time::Duration;

use soporte_platform::accounts::Role;
use soporte_platform::area::{
    Area, AreaError, BoxFuture, HomeStep, Intake, Ladder, LocalFuture, Parts, Rung, Running, Setup,
    Site, SitemapEntry,
};
use soporte_platform::config::{Config, Setting, SettingSpec};
use soporte_platform::i18n::Locale;
use soporte_platform::jobs::Handlers;
use soporte_platform::links::{Described, LinkKind, Subject};
use soporte_platform::searchable::Source;
use soporte_platform::server::Task;
use soporte_platform::storage::{Db, Migrations, UserId, now_ms};
use soporte_platform::web::AppState;

use crate::heat::DAY_MS;

/// What the tracker takes in from the community: a forum question reported as a bug,
/// by a moderator, a developer or staff.
const INTAKES: [Intake; 1] = [Intake {
    from: "topic",
    kind: LinkKind::Became,
    label: "bugs-intake",
    path: crate::pages::REPORT_PATH,
    roles: &[Role::Moderator, Role::Developer, Role::Staff],
    starter_only: false,
}];

/// Days an Incompleto report waits for its reporter before it expires.
pub const INCOMPLETE_DAYS: SettingSpec = SettingSpec {
    section: Some("bugs"),
    key: "incomplete_days",
    help: "Days an incomplete report waits for its reporter's answer before it expires.",
    default: "`60`",
};

/// How often the upkeep runs.
pub const UPKEEP_MS: SettingSpec = SettingSpec {
    section: Some("bugs"),
    key: "upkeep_ms",
    help: "How often, in milliseconds, incomplete reports are expired and heat is refreshed.",
    default: "`3600000` (an hour)",
};

const SETTINGS: [Setting; 2] = [&INCOMPLETE_DAYS, &UPKEEP_MS];

fn number(config: &Config, setting: Setting, default: u64) -> Result<u64, AreaError> {
    soporte_platform::area::whole_number(config, "bugs", setting, default)
}

/// The upkeep's timing: how long Incompleto lasts, how often it looks.
fn upkeep_timing(config: &Config) -> Result<(i64, Duration), AreaError> {
    let days = number(config, &INCOMPLETE_DAYS, 60)?.min(36_500);
    let every = number(config, &UPKEEP_MS, 3_600_000)?;
    Ok((
        i64::try_from(days).unwrap_or(36_500) * DAY_MS,
        Duration::from_millis(every),
    ))
}

fn upkeep(state: AppState, (incomplete_ms, every): (i64, Duration)) -> Task {
    Box::new(move |db, mut stop| {
        Box::pin(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                let now = now_ms();
                match crate::store::expire(&db, &state.queue, now - incomplete_ms).await {
                    Ok(0) => {}
                    Ok(expired) => tracing::info!(expired, "incomplete reports expired"),
                    Err(error) => tracing::warn!(%error, "expiring reports failed"),
                }
                if let Err(error) = crate::store::cool(&db).await {
                    tracing::warn!(%error, "refreshing the reports' heat failed");
                }
                if let Err(error) = crate::store::drop_stale_staged(&db, now - DAY_MS).await {
                    tracing::warn!(%error, "dropping unused attachments failed");
                }
            }
        })
    })
}

/// The bug tracker, for the binary's list of areas: the third rung.
pub struct Bugs;

impl Area for Bugs {
    fn name(&self) -> &'static str {
        "bugs"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::BugTracker,
            path: "/errores",
            nav: "nav-bugs",
            home: Some(HomeStep {
                title: "home-step-bugs",
                when: "home-step-bugs-when",
            }),
        })
    }

    fn settings(&self) -> &'static [Setting] {
        &SETTINGS
    }

    fn search_sources(&self) -> Vec<Arc<dyn Source>> {
        vec![Arc::new(crate::search::Reports)]
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
        Box::pin(async move {
            let found = crate::store::described(db, subject.id()).await?;
            Ok(found.map(|(id, title, status, series)| Described {
                title: format!("#{id} {title}"),
                path: crate::store::path(id),
                state: Some(crate::notify::status_phrase(status, series.as_deref())),
            }))
        })
    }

    fn intakes(&self) -> &'static [Intake] {
        &INTAKES
    }

    fn parts(&self, setup: &Setup<'_>) -> Result<Parts, AreaError> {
        upkeep_timing(setup.config)?;
        Ok(Parts {
            routes: crate::pages::routes(),
            ..Parts::default()
        })
    }

    fn running(&self, state: &AppState) -> Running {
        // The settings were checked when the parts were made.
        let timing =
            upkeep_timing(&state.config).unwrap_or((60 * DAY_MS, Duration::from_secs(60 * 60)));
        Running {
            handlers: Handlers::default().with(crate::notify::Notifier {
                state: state.clone(),
            }),
            tasks: vec![upkeep(state.clone(), timing)],
        }
    }

    fn api(&self) -> Option<utoipa::openapi::OpenApi> {
        use utoipa::OpenApi as _;
        Some(crate::api::BugsApi::openapi())
    }

    fn sitemap<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        Box::pin(async move {
            let rows: Vec<(i64, i64)> =
                sqlx::query_as("SELECT id, updated_at FROM bugs ORDER BY id")
                    .fetch_all(db.pool())
                    .await?;
            Ok(rows
                .into_iter()
                .map(|(id, at)| SitemapEntry {
                    path: format!("/errores/{id}"),
                    modified: Some(at),
                })
                .collect())
        })
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
