//! The partner directory as an area of Soporte: what it tells the platform about
//! itself (the partners' rung, its tables, texts, pages, sitemap and demo).

use soporte_platform::area::{
    Area, AreaError, BoxFuture, Ladder, LocalFuture, Parts, Rung, Setup, Site, SitemapEntry,
};
use soporte_platform::i18n::Locale;
use soporte_platform::links::{Described, Subject};
use soporte_platform::storage::{Db, Migrations, UserId};

/// The partner directory, for the binary's list of areas.
pub struct Partners;

impl Area for Partners {
    fn name(&self) -> &'static str {
        "partners"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&crate::MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &crate::FLUENT
    }

    fn rung(&self) -> Option<Rung> {
        Some(Rung {
            place: Ladder::Partners,
            path: crate::pages::HOME,
            nav: "nav-partners",
            home: None,
        })
    }

    fn subjects(&self) -> &'static [&'static str] {
        &[crate::store::SUBJECT, crate::leads::SUBJECT]
    }

    fn describe<'a>(
        &'a self,
        db: &'a Db,
        subject: &'a Subject,
        _locale: Locale,
    ) -> BoxFuture<'a, Result<Option<Described>, sqlx::Error>> {
        Box::pin(async move {
            // A lead shows as the partner it went to.
            let sql = if subject.kind() == crate::leads::SUBJECT {
                "SELECT p.slug, p.name FROM partner_leads l JOIN partners p ON p.id = l.partner_id \
                 WHERE l.id = $1 AND p.status = 'approved'"
            } else {
                "SELECT slug, name FROM partners WHERE id = $1 AND status = 'approved'"
            };
            let found: Option<(String, String)> = sqlx::query_as(sql)
                .bind(subject.id())
                .fetch_optional(db.pool())
                .await?;
            Ok(found.map(|(slug, name)| Described {
                title: name,
                path: crate::store::path(&slug),
                state: None,
            }))
        })
    }

    fn parts(&self, _setup: &Setup<'_>) -> Result<Parts, AreaError> {
        Ok(Parts {
            routes: crate::pages::routes(),
            ..Parts::default()
        })
    }

    fn sitemap<'a>(&'a self, db: &'a Db) -> BoxFuture<'a, Result<Vec<SitemapEntry>, sqlx::Error>> {
        Box::pin(async move {
            let mut entries = vec![SitemapEntry {
                path: crate::pages::HOME.to_owned(),
                modified: None,
            }];
            entries.extend(
                crate::store::listed(db)
                    .await?
                    .into_iter()
                    .map(|(slug, at)| SitemapEntry {
                        path: crate::store::path(&slug),
                        modified: Some(at),
                    }),
            );
            Ok(entries)
        })
    }

    fn demo<'a>(
        &'a self,
        db: &'a Db,
        site: &'a Site,
        staff: Option<UserId>,
    ) -> LocalFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(crate::demo::load(db, site, staff))
    }
}
