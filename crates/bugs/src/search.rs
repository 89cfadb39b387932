//! What the tracker gives the one search: every report that is not a duplicate, as its
//! title and description, under the subject its events carry (`bug:ID`). A report whose
//! fix is published settles the problem it describes. The report form's duplicate
//! hints come from this same search.

use soporte_platform::i18n::Locale;
use soporte_platform::markup;
use soporte_platform::searchable::{Document, Source, SourceFuture};
use soporte_platform::storage::Db;

use crate::status::Status;

/// The reports as a search source.
pub struct Reports;

/// The one collection of reports.
pub const COLLECTION: &str = "errores";

const COLLECTIONS: [(&str, &str); 1] = [(COLLECTION, "bugs-collection")];

type Row = (i64, String, String, String, String);

const SELECT: &str = "SELECT b.id, b.status, b.lang, b.title, b.description FROM bugs b";

/// The searchable document of a report; `None` for a duplicate (its master is found).
fn document((id, status, lang, title, description): Row) -> Option<Document> {
    let status = Status::parse(&status)?;
    if status == Status::Duplicate {
        return None;
    }
    Some(Document {
        key: format!("{}:{id}", crate::SUBJECT),
        language: Locale::from_tag(&lang).unwrap_or(Locale::EsMx),
        collection: COLLECTION.to_owned(),
        title,
        headings: String::new(),
        body: markup::plain_text(&description),
        // Not the product's name: every report would answer it, above the articles.
        keywords: String::new(),
        path: crate::store::path(crate::BugId::new(id)),
        settled: status == Status::FixReleased,
    })
}

impl Source for Reports {
    fn prefix(&self) -> &'static str {
        crate::SUBJECT
    }

    fn collections(&self) -> &'static [(&'static str, &'static str)] {
        &COLLECTIONS
    }

    fn count<'a>(&'a self, db: &'a Db) -> SourceFuture<'a, u64> {
        Box::pin(async move {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bugs")
                .fetch_one(db.pool())
                .await?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
    }

    fn page<'a>(
        &'a self,
        db: &'a Db,
        after: i64,
        limit: i64,
    ) -> SourceFuture<'a, Vec<(i64, Option<Document>)>> {
        Box::pin(async move {
            let rows: Vec<Row> =
                sqlx::query_as(&format!("{SELECT} WHERE b.id > $1 ORDER BY b.id LIMIT $2"))
                    .bind(after)
                    .bind(limit)
                    .fetch_all(db.pool())
                    .await?;
            Ok(rows.into_iter().map(|row| (row.0, document(row))).collect())
        })
    }

    fn document<'a>(&'a self, db: &'a Db, id: i64) -> SourceFuture<'a, Option<Document>> {
        Box::pin(async move {
            let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE b.id = $1"))
                .bind(id)
                .fetch_optional(db.pool())
                .await?;
            Ok(row.and_then(document))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str) -> Row {
        (
            7,
            status.to_owned(),
            "es-MX".to_owned(),
            "Sin sonido tras suspender".to_owned(),
            "El **audio** se pierde.".to_owned(),
        )
    }

    #[test]
    fn reports_are_found_and_published_fixes_settle() {
        let Some(open) = document(row("confirmed")) else {
            panic!("an open report is searchable");
        };
        assert_eq!(
            (open.key.as_str(), open.path.as_str()),
            ("bug:7", "/errores/7")
        );
        assert_eq!(open.body, "El audio se pierde.");
        assert!(!open.settled);
        assert!(document(row("fix-released")).is_some_and(|d| d.settled));
        assert_eq!(document(row("duplicate")), None);
    }
}
