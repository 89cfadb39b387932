//! Markdown output: CommonMark with GFM tables and definition lists. Plain text is
//! escaped so nothing in it turns into Markdown or HTML by accident.

use super::Links;
use super::blocks::{Block, Definition, Table, Title};
use super::inline::{CrossKind, Image, Inline, Refs, Substitution, Target};

pub(super) struct Renderer<'a> {
    refs: &'a Refs,
    links: &'a dyn Links,
    /// Added to a section's depth to give its heading level (at least 2).
    shift: usize,
    pub unknown: Vec<String>,
    pub images: Vec<String>,
    substitutions: usize,
}

impl<'a> Renderer<'a> {
    pub fn new(refs: &'a Refs, links: &'a dyn Links, shift: usize) -> Self {
        Renderer {
            refs,
            links,
            shift,
            unknown: Vec::new(),
            images: Vec::new(),
            substitutions: 0,
        }
    }

    /// Blocks separated by blank lines. Lists that follow each other switch markers
    /// so Markdown keeps them apart.
    pub fn blocks(&mut self, blocks: &[Block]) -> String {
        let mut parts = Vec::new();
        let mut previous = None;
        for block in blocks {
            let marker = match block {
                Block::Bullets(_) => Some(if previous == Some('-') { '*' } else { '-' }),
                Block::Numbered { .. } => Some(if previous == Some('.') { ')' } else { '.' }),
                _ => None,
            };
            let part = self.block(block, marker.unwrap_or('-'));
            if !part.is_empty() {
                parts.push(part);
                previous = marker;
            }
        }
        parts.join("\n\n")
    }

    fn block(&mut self, block: &Block, marker: char) -> String {
        match block {
            // The title is shown apart from the body: it has no anchor.
            Block::Section { anchor, .. } if anchor.is_empty() => String::new(),
            Block::Section { depth, title, .. } => {
                let level = (depth + self.shift).clamp(2, 6);
                let mut text = self.inlines(title).replace('\n', " ");
                if text.ends_with('#') {
                    let run = text.len() - text.trim_end_matches('#').len();
                    text.insert(text.len() - run, '\\');
                }
                format!("{} {}", "#".repeat(level), text.trim())
            }
            Block::Paragraph(inlines) => safe_lines(&self.inlines(inlines)),
            Block::Lines(lines) => self.line_block(lines),
            Block::Quote(body) => quote(&self.blocks(body)),
            Block::Transition => "---".to_owned(),
            Block::Bullets(items) => self.list(items, |_| marker.to_string()),
            Block::Numbered { start, items } => {
                let start = u64::from(*start);
                self.list(items, |n| format!("{}{marker}", start + n as u64))
            }
            Block::Definitions(items) => {
                let items: Vec<String> = items.iter().map(|item| self.definition(item)).collect();
                items.join("\n\n")
            }
            Block::Code { lang, text } => fence(lang, text),
            Block::Admonition { title, body } => {
                let title = match title {
                    Title::Kind(kind) => escape(&self.links.admonition_title(kind)),
                    Title::Given(inlines) => self.inlines(inlines).replace('\n', " "),
                };
                let body = self.blocks(body);
                let title = title.trim();
                let text = match (title.is_empty(), body.is_empty()) {
                    (true, _) => body,
                    (false, true) => format!("**{title}**"),
                    (false, false) => format!("**{title}**\n\n{body}"),
                };
                quote(&text)
            }
            Block::Table(table) => self.table(table),
            Block::Image(image) => self.image(image),
            Block::Figure { image, caption } => {
                let mut parts = vec![self.image(image)];
                let legend = match caption.split_first() {
                    Some((Block::Paragraph(inlines), legend)) => {
                        parts.push(format!("_{}_", safe_lines(&self.inlines(inlines))));
                        legend
                    }
                    _ => caption,
                };
                parts.push(self.blocks(legend));
                parts.retain(|part| !part.is_empty());
                parts.join("\n\n")
            }
            Block::Rubric(inlines) => format!("**{}**", self.inlines(inlines).replace('\n', " ")),
            Block::Unknown { name, source } => {
                self.unknown.push(name.clone());
                fence("rst", source)
            }
        }
    }

    fn list(&mut self, items: &[Vec<Block>], marker: impl Fn(usize) -> String) -> String {
        let loose = items.iter().any(|item| item.len() > 1);
        let items: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(n, item)| hang(&format!("{} ", marker(n)), &self.blocks(item)))
            .collect();
        items.join(if loose { "\n\n" } else { "\n" })
    }

    fn definition(&mut self, item: &Definition) -> String {
        let term = safe_lines(&self.inlines(&item.term).replace('\n', " "));
        format!("{term}\n{}", hang(": ", &self.blocks(&item.body)))
    }

    fn line_block(&mut self, lines: &[(usize, Vec<Inline>)]) -> String {
        let mut stanzas: Vec<Vec<String>> = vec![Vec::new()];
        for (extra, inlines) in lines {
            let text = safe_lines(&self.inlines(inlines).replace('\n', " "));
            match stanzas.last_mut() {
                Some(stanza) if !inlines.is_empty() => {
                    stanza.push(format!("{}{text}", "\u{a0}".repeat(*extra)));
                }
                _ => stanzas.push(Vec::new()),
            }
        }
        let stanzas: Vec<String> = stanzas
            .iter()
            .filter(|stanza| !stanza.is_empty())
            .map(|stanza| stanza.join("\\\n"))
            .collect();
        stanzas.join("\n\n")
    }

    fn table(&mut self, table: &Table) -> String {
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return String::new();
        }
        let mut lines = Vec::new();
        for (n, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = (0..width)
                .map(|k| row.get(k).map(|cell| self.cell(cell)).unwrap_or_default())
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if n == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        if table.caption.is_empty() {
            return lines.join("\n");
        }
        let caption = safe_lines(&self.inlines(&table.caption));
        format!("_{caption}_\n\n{}", lines.join("\n"))
    }

    /// A cell's blocks on one line, its pipes escaped.
    fn cell(&mut self, blocks: &[Block]) -> String {
        let parts: Vec<String> = blocks
            .iter()
            .map(|block| match block {
                Block::Code { text, .. } => code_span(text),
                other => self.blocks(std::slice::from_ref(other)),
            })
            .collect();
        let flat = parts
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = String::with_capacity(flat.len());
        let mut previous = ' ';
        for c in flat.chars() {
            if c == '|' && previous != '\\' {
                out.push('\\');
            }
            out.push(c);
            previous = c;
        }
        out
    }

    fn image(&mut self, image: &Image) -> String {
        self.images.push(image.path.clone());
        let markdown = format!("![{}]({})", escape(&image.alt), destination(&image.path));
        match &image.target {
            Some(target) => format!("[{markdown}]({})", destination(target)),
            None => markdown,
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            let piece = match inline {
                Inline::Text(text) => escape(text),
                Inline::Emphasis(text) => format!("*{}*", escape(text)),
                Inline::Strong(text) => format!("**{}**", escape(text)),
                Inline::Code(text) => code_span(text),
                Inline::Link { text, url } => link(text, url),
                Inline::AutoLink(url) => format!("<{url}>"),
                Inline::Named { text, name } => match self.resolve(name) {
                    Some(url) => link(text, &url),
                    None => self.unresolved(format!("ref:{name}"), escape(text)),
                },
                Inline::Anonymous { text, index } => match self.refs.anonymous.get(*index) {
                    Some(url) => link(text, url),
                    None => self.unresolved(format!("ref:{text}"), escape(text)),
                },
                Inline::Cross { kind, text, target } => {
                    let (found, prefix) = match kind {
                        CrossKind::Ref => (self.links.label(target), "ref"),
                        CrossKind::Doc => (self.links.doc(target), "doc"),
                    };
                    match found {
                        Some((url, title)) => link(text.as_deref().unwrap_or(&title), &url),
                        None => {
                            let shown = text.as_deref().map_or_else(|| code_span(target), escape);
                            self.unresolved(format!("{prefix}:{target}"), shown)
                        }
                    }
                }
                Inline::Role { name, text } => {
                    self.unresolved(format!("role:{name}"), code_span(text))
                }
                Inline::Substitution(name) => self.substitution(name),
            };
            out.push_str(&piece);
        }
        out
    }

    fn unresolved(&mut self, what: String, shown: String) -> String {
        self.unknown.push(what);
        shown
    }

    /// A named target's URL, following aliases.
    fn resolve(&self, name: &str) -> Option<String> {
        let mut name = name;
        for _ in 0..10 {
            match self.refs.named.get(name)? {
                Target::Url(url) => return Some(url.clone()),
                Target::Alias(alias) => name = alias,
            }
        }
        None
    }

    fn substitution(&mut self, name: &str) -> String {
        let refs = self.refs;
        match refs.substitutions.get(name) {
            Some(Substitution::Text(inlines)) if self.substitutions < 8 => {
                self.substitutions += 1;
                let text = self.inlines(inlines);
                self.substitutions -= 1;
                text
            }
            Some(Substitution::Image(image)) => self.image(image),
            _ => self.unresolved(format!("substitution:{name}"), escape(&format!("|{name}|"))),
        }
    }
}

/// `body` after `marker`, its other lines indented to line up with the first.
fn hang(marker: &str, body: &str) -> String {
    if body.is_empty() {
        return marker.trim_end().to_owned();
    }
    let pad = " ".repeat(marker.chars().count());
    let mut out = String::with_capacity(body.len() + marker.len());
    for (n, line) in body.lines().enumerate() {
        if n == 0 {
            out.push_str(marker);
        } else {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

fn quote(body: &str) -> String {
    let lines: Vec<String> = body
        .lines()
        .map(|line| {
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect();
    lines.join("\n")
}

/// Escapes what Markdown would read as markup (or HTML) in plain text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let entity = c == '&'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
        if entity || "\\`*_[]<>|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Lines of a paragraph made safe from block syntax: no indentation, and no line
/// starting like a heading, list item, setext underline or definition.
fn safe_lines(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if line.starts_with(['#', '-', '+', '=', ':']) {
                format!("\\{line}")
            } else if digits > 0 && line[digits..].starts_with(['.', ')']) {
                format!("{}\\{}", &line[..digits], &line[digits..])
            } else {
                line.to_owned()
            }
        })
        .collect();
    lines.join("\n")
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|d| d != c).map(str::len).max().unwrap_or(0)
}

fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ");
    if text.is_empty() {
        return String::new();
    }
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    let padded = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if padded {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

fn fence(lang: &str, text: &str) -> String {
    let ticks = "`".repeat((longest_run(text, '`') + 1).max(3));
    let lang: String = lang
        .chars()
        .filter(|c| *c != '`' && !c.is_whitespace())
        .collect();
    if text.is_empty() {
        format!("{ticks}{lang}\n{ticks}")
    } else {
        format!("{ticks}{lang}\n{text}\n{ticks}")
    }
}

fn link(text: &str, url: &str) -> String {
    let text = if text.trim().is_empty() { url } else { text };
    format!("[{}]({})", escape(text), destination(url))
}

/// A link destination that Markdown reads back unchanged.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_cannot_become_markup() {
        assert_eq!(
            escape("2 * 3 _foo_ <b> a|b &amp; `x`"),
            r"2 \* 3 \_foo\_ \<b\> a\|b \&amp; \`x\`"
        );
        assert_eq!(
            safe_lines("# no\n  - no\n1. no\n2024) no\n=== no\n:no"),
            "\\# no\n\\- no\n1\\. no\n2024\\) no\n\\=== no\n\\:no"
        );
    }

    #[test]
    fn code_fences_outgrow_their_content() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(fence("rust", "```\nx"), "````rust\n```\nx\n````");
        assert_eq!(hang("- ", "a\n\nb"), "- a\n\n  b");
        assert_eq!(destination("a b(c).png"), "a%20b%28c%29.png");
    }
}
