//! Machine-readable lists of the documentation: an Atom feed of new and changed
//! articles, and `sitemap.xml` with every public article.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use soporte_platform::web::AppState;

use crate::collections::Collection;
use crate::store;

/// How many recent changes the feed carries.
const FEED_LENGTH: i64 = 50;

/// Escapes text for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

use soporte_platform::text::rfc3339;

fn absolute(state: &AppState, path: &str) -> String {
    state
        .config
        .base_url
        .join(path.trim_start_matches('/'))
        .map(String::from)
        .unwrap_or_else(|_| path.to_owned())
}

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
    let self_url = absolute(&state, "/documentacion/atom.xml");
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es-MX\">\n\
         <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{}</updated>\n",
        xml(&state
            .i18n
            .text(soporte_platform::i18n::Locale::EsMx, "docs-feed-title")),
        xml(&self_url),
        xml(&self_url),
        xml(&absolute(&state, "/documentacion")),
        rfc3339(updated),
    );
    for article in recent {
        let url = absolute(
            &state,
            &format!("{}/{}", article.collection.path(), article.slug),
        );
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

/// `GET /sitemap.xml`: the home page, the documentation and every article.
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let articles = match store::recent(&state.db, i64::MAX).await {
        Ok(articles) => articles,
        Err(error) => {
            tracing::error!(%error, "cannot build the sitemap");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut map = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: &str, modified: Option<i64>| {
        map.push_str(&format!("<url><loc>{}</loc>", xml(&absolute(&state, path))));
        if let Some(ms) = modified {
            map.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(ms)));
        }
        map.push_str("</url>\n");
    };
    add("/", None);
    add("/documentacion", None);
    for collection in Collection::ALL {
        add(&collection.path(), None);
    }
    for article in &articles {
        add(
            &format!("{}/{}", article.collection.path(), article.slug),
            Some(article.updated_at),
        );
    }
    map.push_str("</urlset>\n");
    ([(CONTENT_TYPE, "application/xml; charset=utf-8")], map).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml("a < b & \"c\" 'd' \u{1}"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; "
        );
    }

    #[test]
    fn excerpts_skip_headings_and_code() {
        assert_eq!(
            excerpt("## Título\n\n```sh\nx\n```\n\nTexto **con** énfasis.\n\nOtro."),
            "Texto con énfasis."
        );
        assert_eq!(excerpt(""), "");
    }
}
