//! Machine-readable lists of the documentation: an Atom feed of new and changed
//! articles, and the sitemap's entries (every public article).

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use soporte_platform::area::SitemapEntry;
use soporte_platform::storage::Db;
use soporte_platform::web::AppState;

use crate::collections::Collection;
use crate::store;

/// How many recent changes the feed carries.
const FEED_LENGTH: i64 = 50;

use soporte_platform::text::{rfc3339, xml};

/// `GET /documentacion/atom.xml`: the latest new and changed articles.
pub async fn atom(State(state): State<AppState>) -> Response {
    let recent = match store::recent(&state.db, FEED_LENGTH).await {
        Ok(recent) => recent,
        Err(error) => {
            tracing::error!(%error, "cannot build the documentation feed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let updated = recent.first().map_or(0, |article| article.updated_at);
    let self_url = state.absolute_url("/documentacion/atom.xml");
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es-MX\">\n\
         <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{}</updated>\n",
        xml(&state
            .i18n
            .text(soporte_platform::i18n::Locale::EsMx, "docs-feed-title")),
        xml(&self_url),
        xml(&self_url),
        xml(&state.absolute_url("/documentacion")),
        rfc3339(updated),
    );
    for article in recent {
        let url = state.absolute_url(&format!("{}/{}", article.collection.path(), article.slug));
        feed.push_str(&format!(
            "<entry xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            article.locale.tag(),
            xml(&article.title),
            xml(&url),
            xml(&url),
            rfc3339(article.created_at),
            rfc3339(article.updated_at),
            xml(&excerpt(&article.body)),
        ));
    }
    feed.push_str("</feed>\n");
    (
        [(CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed,
    )
        .into_response()
}

/// The first paragraph of Markdown, as plain text, at most 300 characters.
fn excerpt(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|block| !block.is_empty() && !block.starts_with('#') && !block.starts_with("```"))
        .unwrap_or_default();
    let plain: String = paragraph
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#'))
        .collect();
    plain.chars().take(300).collect()
}

/// The documentation's public pages, for the sitemap: the index, each collection and
/// every article.
pub async fn sitemap(db: &Db) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let articles = store::recent(db, i64::MAX).await?;
    let page = |path: String, modified| SitemapEntry { path, modified };
    let mut pages = vec![page("/documentacion".to_owned(), None)];
    pages.extend(Collection::ALL.map(|collection| page(collection.path(), None)));
    pages.extend(articles.iter().map(|article| {
        page(
            format!("{}/{}", article.collection.path(), article.slug),
            Some(article.updated_at),
        )
    }));
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_skip_headings_and_code() {
        assert_eq!(
            excerpt("## Título\n\n```sh\nx\n```\n\nTexto **con** énfasis.\n\nOtro."),
            "Texto con énfasis."
        );
        assert_eq!(excerpt(""), "");
    }
}
