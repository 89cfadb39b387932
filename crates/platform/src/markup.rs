//! Markup: Markdown (CommonMark with tables, strikethrough and definition lists) to
//! HTML. Every piece of user markup, whatever its source, leaves through [`sanitize`],
//! the one sanitizer.
//! Headings get stable anchors (`#instalacion`) and are listed for tables of contents.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::text::slug;

/// A heading of a rendered document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The anchor: unique within the document.
    pub id: String,
    pub text: String,
}

/// Sanitized HTML and its headings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Renders Markdown to sanitized HTML.
pub fn markdown(source: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_DEFINITION_LIST;
    let events: Vec<Event<'_>> = Parser::new_ext(source, options).collect();
    let headings = headings(&events);
    let mut next = headings.iter();
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let id = next.next().map(|heading| CowStr::from(heading.id.clone()));
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        other => other,
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html: sanitize(&html),
        headings,
    }
}

/// The headings of a parsed document, with unique anchors.
fn headings(events: &[Event<'_>]) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut used = HashSet::new();
    let mut current: Option<(u8, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((*level as u8, String::new()))
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading)) = current.as_mut() {
                    heading.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = current.take() {
                    let base = match slug(&text) {
                        empty if empty.is_empty() => "seccion".to_owned(),
                        base => base,
                    };
                    let mut id = base.clone();
                    let mut n = 2;
                    while !used.insert(id.clone()) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    found.push(Heading {
                        level,
                        id,
                        text: text.trim().to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The words of a Markdown document without its markup, for search: paragraphs,
/// list items, table cells and code on lines of their own; link targets and images'
/// addresses left out (their text stays).
pub fn plain_text(source: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_DEFINITION_LIST;
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder.add_tag_attributes("code", ["class"]);
    builder
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"]);
    builder.filter_style_properties(["text-align"].into_iter().collect());
    builder.link_rel(Some("noopener noreferrer nofollow"));
    builder
});

/// The one sanitizer: removes scripts, event handlers, `javascript:` links and any tag
/// or attribute not on the allow list; keeps heading anchors, code languages and
/// table alignment.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let text = plain_text(
            "# Red *inalámbrica*\n\nAbre [la configuración](/x) y `nmcli`.\n\n- uno\n- dos\n\n<script>x</script>",
        );
        assert_eq!(
            text,
            "Red inalámbrica\nAbre la configuración y nmcli.\nuno\ndos"
        );
    }

    #[test]
    fn markdown_renders_tables_code_and_anchored_headings() {
        let rendered = markdown(
            "# Instalación\n\nTexto *con énfasis*.\n\n## Configuración de red\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n\n## Configuración de red\n",
        );
        assert!(
            rendered
                .html
                .contains(r#"<h1 id="instalacion">Instalación</h1>"#),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains(r#"<h2 id="configuracion-de-red">"#));
        assert!(
            rendered
                .html
                .contains(r#"<h2 id="configuracion-de-red-2">"#),
            "duplicates get a suffix"
        );
        assert!(
            rendered.html.contains("<table>")
                && rendered.html.contains(r#"style="text-align:center""#),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains(r#"<code class="language-rust">"#));
        assert_eq!(
            rendered
                .headings
                .iter()
                .map(|h| (h.level, h.id.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (1, "instalacion"),
                (2, "configuracion-de-red"),
                (2, "configuracion-de-red-2")
            ]
        );
    }

    #[test]
    fn scripts_and_dangerous_links_never_survive() {
        let rendered = markdown(
            "<script>alert(1)</script>\n\n[clic](javascript:alert(1)) <img src=x onerror=alert(1)> <a href=\"https://mxos.mx\">ok</a>",
        );
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(!rendered.html.contains("javascript:"), "{}", rendered.html);
        assert!(!rendered.html.contains("onerror"), "{}", rendered.html);
        assert!(rendered.html.contains(r#"href="https://mxos.mx""#));
        assert!(rendered.html.contains("nofollow"));
    }

    #[test]
    fn the_sanitizer_stands_alone_for_other_sources() {
        assert_eq!(
            sanitize(r#"<p style="color:red" onclick="x()">hola</p>"#),
            "<p>hola</p>"
        );
        assert_eq!(
            sanitize(r#"<table><tr><td style="text-align: right; color: red">1</td></tr></table>"#),
            r#"<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>"#
        );
    }
}
