//! What the documentation gives the search: every published article, as plain text,
//! under the subject its events carry (`doc:ID`).

use soporte_platform::i18n::Locale;
use soporte_platform::markup;
use soporte_platform::searchable::{Document, Source, SourceFuture};
use soporte_platform::storage::Db;

use crate::collections::Collection;

/// The documentation as a search source.
pub struct Articles;

/// The collections, as the search page's filter offers them.
const COLLECTIONS: [(&str, &str); 5] = [
    ("guia-de-usuario", "docs-user-guide"),
    ("guia-de-administrador", "docs-admin-guide"),
    ("manuales-tecnicos", "docs-manuals"),
    ("preguntas-frecuentes", "docs-faq"),
    ("base-de-conocimiento", "docs-knowledge-base"),
];

type Row = (i64, String, String, String, String, String, String, i64);

const COLUMNS: &str = "id, collection, lang, slug, title, body, keywords, published";

/// The searchable document of an article row; `None` while it is unpublished.
fn document(
    (id, collection, lang, slug, title, body, keywords, published): Row,
) -> Option<Document> {
    let collection = Collection::from_slug(&collection)?;
    if published != 1 {
        return None;
    }
    let rendered = markup::markdown(&body);
    let headings = rendered
        .headings
        .iter()
        .map(|heading| heading.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let language = Locale::from_tag(&lang).unwrap_or(Locale::EsMx);
    Some(Document {
        key: format!("doc:{id}"),
        language,
        collection: collection.slug().to_owned(),
        path: format!(
            "{}/{slug}?idioma={}",
            collection.path(),
            crate::pages::language_param(language)
        ),
        title,
        headings,
        body: markup::plain_text(&body),
        keywords,
        settled: true,
    })
}

impl Source for Articles {
    fn prefix(&self) -> &'static str {
        "doc"
    }

    fn collections(&self) -> &'static [(&'static str, &'static str)] {
        &COLLECTIONS
    }

    fn count<'a>(&'a self, db: &'a Db) -> SourceFuture<'a, u64> {
        Box::pin(async move {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM doc_articles")
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
            let rows: Vec<Row> = sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM doc_articles WHERE id > $1 ORDER BY id LIMIT $2"
            ))
            .bind(after)
            .bind(limit)
            .fetch_all(db.pool())
            .await?;
            Ok(rows.into_iter().map(|row| (row.0, document(row))).collect())
        })
    }

    fn document<'a>(&'a self, db: &'a Db, id: i64) -> SourceFuture<'a, Option<Document>> {
        Box::pin(async move {
            let row: Option<Row> =
                sqlx::query_as(&format!("SELECT {COLUMNS} FROM doc_articles WHERE id = $1"))
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

    #[test]
    fn the_filter_names_every_collection() {
        let slugs: Vec<&str> = COLLECTIONS.iter().map(|(slug, _)| *slug).collect();
        let expected: Vec<&str> = Collection::ALL.iter().map(|c| c.slug()).collect();
        assert_eq!(slugs, expected);
        for (slug, name) in COLLECTIONS {
            assert_eq!(
                Collection::from_slug(slug).map(|c| c.message_id()),
                Some(name)
            );
        }
    }

    #[test]
    fn an_unpublished_article_is_not_searchable() {
        let row = |published| {
            (
                7,
                "base-de-conocimiento".to_owned(),
                "es-MX".to_owned(),
                "wifi".to_owned(),
                "Wifi".to_owned(),
                "## Red\n\nConecta la *red*.".to_owned(),
                "internet, wifi".to_owned(),
                published,
            )
        };
        assert_eq!(document(row(0)), None);
        let found = document(row(1)).unwrap();
        assert_eq!(found.key, "doc:7");
        assert_eq!(
            found.path,
            "/documentacion/base-de-conocimiento/wifi?idioma=es"
        );
        assert_eq!(found.headings, "Red");
        assert_eq!(found.body, "Red\nConecta la red.");
        assert_eq!(found.keywords, "internet, wifi");
    }
}
