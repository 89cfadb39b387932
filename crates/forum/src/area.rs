//! The forum as an area of Soporte: what it tells the platform about itself.

use std::sync::Arc;

use soporte_platform::area::{
    Area, AreaError, BoxFuture, Excerpt, Follower, HomeStep, Ladder, LocalFuture, Parts, Rung,
    Running, Setup, Site, SitemapEntry,
};
use soporte_platform::config::Setting;
use soporte_platform::i18n::Locale;
use soporte_platform::links::{Described, Subject};
use soporte_platform::searchable::Source;
use soporte_platform::storage::{Db, Migrations, UserId};
use soporte_platform::web::AppState;

use crate::expiry::Expiry;

/// The community forum, for the binary's list of areas: the second rung.
pub struct Forum;

impl Area for Forum {
    fn name(&self) -> &'static str {
        "forum"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::Community,
            path: "/comunidad",
            nav: "nav-community",
            home: Some(HomeStep {
                title: "home-step-community",
                when: "home-step-community-when",
            }),
        })
    }

    fn settings(&self) -> &'static [Setting] {
        &crate::expiry::SETTINGS
    }

    fn search_sources(&self) -> Vec<Arc<dyn Source>> {
        vec![Arc::new(crate::search::Topics)]
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

    fn followers<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Vec<Follower>, sqlx::Error>> {
        Box::pin(async move {
            // Mail for each piece of news only for those who asked for it (the forum's
            // setting: each, daily, weekly or never; the digests carry the notices).
            let rows: Vec<(UserId, Option<String>)> = sqlx::query_as(
                "SELECT w.user_id, p.mail FROM forum_watches w \
                 LEFT JOIN forum_people p ON p.user_id = w.user_id \
                 WHERE w.target_kind = 'topic' AND w.target = $1 ORDER BY w.user_id",
            )
            .bind(subject.id().to_string())
            .fetch_all(db.pool())
            .await?;
            Ok(rows
                .into_iter()
                .map(|(person, mode)| Follower {
                    person,
                    mail: mode
                        .as_deref()
                        .and_then(crate::people::MailMode::parse)
                        .unwrap_or(crate::people::MailMode::Each)
                        == crate::people::MailMode::Each,
                })
                .collect())
        })
    }

    fn excerpt<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Option<Excerpt>, sqlx::Error>> {
        Box::pin(crate::store::excerpt(db, subject.id()))
    }

    fn parts(&self, setup: &Setup<'_>) -> Result<Parts, AreaError> {
        let expiry = Expiry::from_config(setup.config)?;
        crate::expiry::digest_every(setup.config)?;
        Ok(Parts {
            routes: crate::pages::routes(),
            tasks: vec![expiry.task()],
            ..Parts::default()
        })
    }

    fn running(&self, state: &AppState) -> Running {
        // The setting was checked when the parts were made.
        let every = crate::expiry::digest_every(&state.config)
            .unwrap_or(std::time::Duration::from_secs(60 * 60));
        crate::notify::running(state, every)
    }

    fn api(&self) -> Option<utoipa::openapi::OpenApi> {
        use utoipa::OpenApi as _;
        Some(crate::api::ForumApi::openapi())
    }

    fn sitemap<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        Box::pin(async move {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT id, activity_at FROM forum_topics WHERE shown = 1 ORDER BY id",
            )
            .fetch_all(db.pool())
            .await?;
            Ok(rows
                .into_iter()
                .map(|(id, at)| SitemapEntry {
                    path: format!("/comunidad/tema/{id}"),
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
