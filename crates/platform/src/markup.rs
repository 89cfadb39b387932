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
    markdown_with_mentions(source, &|_| None)
}

/// The handles `@ana-lopez` names in `source`'s text (not in code or links): lowercase
/// letters, digits and inner hyphens, 2 to 40 characters, after a start or a character
/// that is not a letter or digit. In order, without repeats.
pub fn mentions(source: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut place = Place::default();
    for event in Parser::new_ext(source, OPTIONS) {
        place.follow(&event);
        if let Event::Text(text) = event
            && place.mentions_allowed()
        {
            for (_, handle) in mention_spans(&text) {
                if !found.iter().any(|known| known == handle) {
                    found.push(handle.to_owned());
                }
            }
        }
    }
    found
}

/// How many links and images `source` holds, written in Markdown or as raw HTML
/// (`@mentions` are not counted: they become links only when rendered). For rules such
/// as "new members post no links".
pub fn links_and_images(source: &str) -> usize {
    Parser::new_ext(source, OPTIONS)
        .filter(|event| match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => true,
            Event::Html(html) | Event::InlineHtml(html) => {
                let html = html.to_ascii_lowercase();
                html.contains("<a") || html.contains("<img")
            }
            _ => false,
        })
        .count()
}

/// The Markdown extensions every rendering uses.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_DEFINITION_LIST);

/// Where a parser is: inside code, a link or an image, where `@words` are not mentions.
#[derive(Default)]
struct Place {
    code: bool,
    links: u32,
}

impl Place {
    fn follow(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            Event::End(TagEnd::CodeBlock) => self.code = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.links = self.links.saturating_sub(1),
            _ => {}
        }
    }

    fn mentions_allowed(&self) -> bool {
        !self.code && self.links == 0
    }
}

/// Where `@handle`s are in `text`: (byte offset of the `@`, handle).
fn mention_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = text[at..].find('@') {
        let start = at + offset;
        // After a letter, a digit or an address's punctuation (`ana@x.mx`,
        // `https://x.social/@ana`) an `@` starts no mention.
        let after_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | ':' | '_' | '-' | '@'));
        let mut end = start + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_lowercase()
                || bytes[end].is_ascii_digit()
                || bytes[end] == b'-')
        {
            end += 1;
        }
        let handle = text[start + 1..end].trim_end_matches('-');
        let length = handle.len();
        if !after_word && (2..=40).contains(&length) && !handle.starts_with('-') {
            spans.push((start, handle));
        }
        at = (start + 1 + length).max(start + 1);
    }
    spans
}

/// Renders Markdown to sanitized HTML, with each `@handle` that `link` knows (it
/// gives the address) made a link; the others stay text.
pub fn markdown_with_mentions(source: &str, link: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut place = Place::default();
    for event in Parser::new_ext(source, OPTIONS) {
        place.follow(&event);
        match event {
            Event::Text(text) if place.mentions_allowed() => {
                let mut rest = 0;
                for (start, handle) in mention_spans(&text) {
                    let Some(href) = link(handle) else { continue };
                    if start > rest {
                        events.push(Event::Text(CowStr::from(text[rest..start].to_owned())));
                    }
                    events.push(Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url: CowStr::from(href),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    events.push(Event::Text(CowStr::from(format!("@{handle}"))));
                    events.push(Event::End(TagEnd::Link));
                    rest = start + 1 + handle.len();
                }
                if rest == 0 {
                    events.push(Event::Text(text));
                } else if rest < text.len() {
                    events.push(Event::Text(CowStr::from(text[rest..].to_owned())));
                }
            }
            other => events.push(other),
        }
    }
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
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, OPTIONS) {
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
    fn links_and_images_are_counted_however_written() {
        assert_eq!(
            links_and_images("Hola @ana-lopez, revisa `http://x.mx`."),
            0
        );
        assert_eq!(
            links_and_images("[guía](https://mxos.mx/guia) y ![foto](a.png)"),
            2
        );
        assert_eq!(links_and_images("<https://mxos.mx>"), 1);
        assert_eq!(links_and_images("mira <A HREF='https://x.mx'>esto</a>"), 1);
        assert_eq!(links_and_images("<img src=x>\n\ntexto"), 1);
    }

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
    fn mentions_are_found_in_text_and_linked_only_when_known() {
        let source = "Hola @ana-lopez y @bruno, mira `@codigo` y correo@ejemplo.mx.\n\n```\n@bloque\n```\n\n[@enlace](/x) ![@foto](/f.png) https://x.social/@carla @ana-lopez @- @a";
        assert_eq!(mentions(source), ["ana-lopez", "bruno"]);
        let known = |handle: &str| (handle == "ana-lopez").then(|| format!("/personas/{handle}"));
        let html = markdown_with_mentions(source, &known).html;
        assert!(
            html.contains(r#"Hola <a href="/personas/ana-lopez" rel="noopener noreferrer nofollow">@ana-lopez</a> y @bruno"#),
            "{html}"
        );
        assert!(html.contains("<code>@codigo</code>") && html.contains("correo@ejemplo.mx"));
        assert_eq!(html.matches("/personas/ana-lopez").count(), 2, "{html}");
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
