//! Explicit markup (lines starting `.. `): directives, hyperlink targets, footnotes,
//! substitution definitions and comments.

use super::blocks::{
    self, Block, Context, Definition, Table, Title, dedent, field_name, parse_blocks,
};
use super::inline::{Image, Inline, Substitution, Target, unescape};
use super::names::{footnote_label, normalize};
use super::tables;

const ADMONITIONS: [&str; 10] = [
    "note",
    "warning",
    "tip",
    "important",
    "caution",
    "danger",
    "error",
    "hint",
    "attention",
    "seealso",
];

/// Directives known to have no visible output: indexes, metadata, numbering.
const DROPPED: [&str; 5] = ["contents", "index", "meta", "sectnum", "section-numbering"];

/// Nesting of `.. include::` beyond which an include fails.
const MAX_INCLUDE_DEPTH: usize = 10;

/// Parses one explicit markup block (its first line and indented lines) into `out`.
pub(super) fn explicit(block: &[String], ctx: &mut Context<'_>, top: bool, out: &mut Vec<Block>) {
    let Some((first, rest)) = block.split_first() else {
        return;
    };
    let head = first.get(2..).unwrap_or_default().trim_start();
    if let Some(spec) = head.strip_prefix('_') {
        target(spec, rest, ctx);
    } else if let Some(spec) = head.strip_prefix('[')
        && let Some((label, text)) = spec.split_once(']')
        && footnote_label(label)
    {
        footnote(label, text, rest, ctx, out);
    } else if let Some(spec) = head.strip_prefix('|')
        && let Some((name, definition)) = spec.split_once('|')
    {
        substitution(name, definition.trim_start(), block, ctx, out);
    } else if let Some((name, args)) = directive_head(head) {
        let directive = Directive::parse(name, args, block);
        directive.apply(ctx, top, out);
    }
    // Anything else is a comment.
}

/// A target's URL: its lines joined, whitespace and escapes removed.
pub(super) fn target_url(first: &str, rest: &[String]) -> String {
    let joined: String = std::iter::once(first)
        .chain(rest.iter().map(String::as_str))
        .flat_map(str::split_whitespace)
        .collect();
    unescape(&joined)
}

fn target(spec: &str, rest: &[String], ctx: &mut Context<'_>) {
    let split = match spec.strip_prefix('`') {
        Some(quoted) => quoted
            .split_once('`')
            .and_then(|(name, after)| Some((name, after.strip_prefix(':')?))),
        None => name_colon(spec),
    };
    let Some((name, url)) = split else {
        return;
    };
    let url = target_url(url, rest);
    let name = normalize(&unescape(name));
    if name == "_" {
        ctx.refs.anonymous.push(url);
    } else if url.is_empty() {
        ctx.labels.push((name, ctx.sections));
    } else {
        let target = match url.strip_suffix('_') {
            Some(alias) if !url.contains("://") => Target::Alias(normalize(alias)),
            _ => Target::Url(url),
        };
        ctx.refs.named.entry(name).or_insert(target);
    }
}

/// Splits `name: rest` at the first unescaped colon followed by a space or the end.
fn name_colon(spec: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (k, c) in spec.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ':' if spec[k + 1..].is_empty() || spec[k + 1..].starts_with(' ') => {
                return Some((&spec[..k], &spec[k + 1..]));
            }
            _ => {}
        }
    }
    None
}

fn footnote(label: &str, text: &str, rest: &[String], ctx: &mut Context<'_>, out: &mut Vec<Block>) {
    let label = if label.starts_with('#') {
        ctx.refs.footnote_defs += 1;
        ctx.refs.footnote_defs.to_string()
    } else {
        label.to_owned()
    };
    let mut lines = vec![text.trim().to_owned()];
    lines.extend(dedent(rest));
    let body = parse_blocks(&lines, ctx, false);
    out.push(Block::Definitions(vec![Definition {
        term: vec![Inline::Text(format!("[{label}]"))],
        body,
    }]));
}

fn substitution(
    name: &str,
    definition: &str,
    block: &[String],
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) {
    let Some((kind, args)) = directive_head(definition) else {
        return;
    };
    let directive = Directive::parse(kind, args, block);
    let value = match directive.name.as_str() {
        "replace" => Substitution::Text(ctx.inlines(directive.content.join("\n").trim())),
        "image" => Substitution::Image(directive.image()),
        _ => {
            directive.unknown(out);
            return;
        }
    };
    ctx.refs.substitutions.insert(normalize(name), value);
}

/// `name:: arguments` at the start of an explicit markup block.
fn directive_head(head: &str) -> Option<(&str, &str)> {
    for (k, _) in head.match_indices("::") {
        let (name, after) = (&head[..k], &head[k + 2..]);
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        let simple = name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.:+".contains(c));
        if simple && (after.is_empty() || after.starts_with(' ')) {
            return Some((name, after.trim()));
        }
    }
    None
}

struct Directive<'b> {
    /// Lower-cased: directive names are case-insensitive.
    name: String,
    args: String,
    options: Vec<(String, String)>,
    content: Vec<String>,
    /// The whole block as written, for showing it when it cannot be converted.
    source: &'b [String],
}

impl<'b> Directive<'b> {
    fn parse(name: &str, args: &str, source: &'b [String]) -> Self {
        let name = name.to_lowercase();
        let body = dedent(source.get(1..).unwrap_or_default());
        let mut args = args.to_owned();
        let mut k = 0;
        // Titles may wrap onto the next lines; other arguments take one line, and
        // admonitions take none: their first line is content.
        let wrapping = [
            "admonition",
            "topic",
            "sidebar",
            "rubric",
            "table",
            "list-table",
            "csv-table",
        ];
        if wrapping.contains(&name.as_str()) {
            while let Some(line) = body.get(k)
                && !line.is_empty()
                && field_name(line).is_none()
            {
                args.push(' ');
                args.push_str(line.trim());
                k += 1;
            }
        }
        let mut options = Vec::new();
        while let Some((option, value)) = body.get(k).and_then(|line| field_name(line)) {
            let mut value = value.to_owned();
            k += 1;
            while let Some(more) = body.get(k).filter(|line| blocks::indent(line) > 0) {
                value.push(' ');
                value.push_str(more.trim());
                k += 1;
            }
            options.push((option.to_owned(), value));
        }
        while body.get(k).is_some_and(|line| line.is_empty()) {
            k += 1;
        }
        let mut content = body.get(k..).unwrap_or_default().to_vec();
        if (ADMONITIONS.contains(&name.as_str()) || name == "replace") && !args.is_empty() {
            // Options between the first line and the rest end its paragraph.
            if !options.is_empty() && !content.is_empty() {
                content.insert(0, String::new());
            }
            content.insert(0, std::mem::take(&mut args));
        }
        Directive {
            name,
            args,
            options,
            content,
            source,
        }
    }

    fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(option, _)| option == name)
            .map(|(_, value)| value.as_str())
    }

    fn unknown(&self, out: &mut Vec<Block>) {
        self.unknown_as(&self.name, out);
    }

    fn unknown_as(&self, name: &str, out: &mut Vec<Block>) {
        out.push(Block::Unknown {
            name: name.to_owned(),
            source: self.source.join("\n"),
        });
    }

    fn image(&self) -> Image {
        Image {
            path: self.args.split_whitespace().collect(),
            alt: self.option("alt").unwrap_or_default().to_owned(),
            target: self.option("target").map(str::to_owned),
        }
    }

    fn apply(self, ctx: &mut Context<'_>, top: bool, out: &mut Vec<Block>) {
        let name = self.name.as_str();
        let body = |ctx: &mut Context<'_>| parse_blocks(&self.content, ctx, false);
        let first_word = || {
            self.args
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        match name {
            _ if ADMONITIONS.contains(&name) => out.push(Block::Admonition {
                title: Title::Kind(name.to_owned()),
                body: body(ctx),
            }),
            "admonition" | "topic" | "sidebar" => out.push(Block::Admonition {
                title: Title::Given(ctx.inlines(&self.args)),
                body: body(ctx),
            }),
            "code-block" | "code" | "sourcecode" | "parsed-literal" => out.push(Block::Code {
                lang: first_word(),
                text: self.content.join("\n"),
            }),
            "highlight" => ctx.highlight = first_word(),
            "epigraph" | "highlights" | "pull-quote" => out.push(Block::Quote(body(ctx))),
            "container" => out.extend(body(ctx)),
            "rubric" => out.push(Block::Rubric(ctx.inlines(&self.args))),
            "image" => out.push(Block::Image(self.image())),
            "figure" => out.push(Block::Figure {
                image: self.image(),
                caption: body(ctx),
            }),
            "include" => self.include(ctx, top, out),
            "toctree" => self.toctree(ctx),
            _ if DROPPED.contains(&name) => {}
            "table" => {
                for block in body(ctx) {
                    out.push(match block {
                        Block::Table(table) => Block::Table(Table {
                            caption: ctx.inlines(&self.args),
                            ..table
                        }),
                        other => other,
                    });
                }
            }
            "list-table" => match list_table(body(ctx)) {
                Some(rows) => out.push(Block::Table(Table {
                    caption: ctx.inlines(&self.args),
                    rows,
                })),
                None => self.unknown(out),
            },
            "csv-table" if self.option("file").is_none() && self.option("url").is_none() => {
                let delimiter = match self.option("delim") {
                    Some("tab") => '\t',
                    Some("space") => ' ',
                    Some(other) => other.chars().next().unwrap_or(','),
                    None => ',',
                };
                let mut rows = tables::csv(self.option("header").unwrap_or_default(), delimiter);
                rows.extend(tables::csv(&self.content.join("\n"), delimiter));
                let table = blocks::cells(rows, ctx);
                out.push(Block::Table(Table {
                    caption: ctx.inlines(&self.args),
                    ..table
                }));
            }
            _ => self.unknown(out),
        }
    }

    fn include(&self, ctx: &mut Context<'_>, top: bool, out: &mut Vec<Block>) {
        let path = self.args.trim();
        let refused = path.is_empty()
            || ctx.includes.len() >= MAX_INCLUDE_DEPTH
            || ctx.includes.iter().any(|open| open == path);
        let text = if refused { None } else { (ctx.include)(path) };
        let Some(mut text) = text else {
            self.unknown_as("include", out);
            return;
        };
        if let Some(marker) = self.option("start-after")
            && let Some(k) = text.find(marker)
        {
            text = text[k + marker.len()..].to_owned();
        }
        if let Some(marker) = self.option("end-before")
            && let Some(k) = text.find(marker)
        {
            text.truncate(k);
        }
        if self.option("literal").is_some() || self.option("code").is_some() {
            let lang = self.option("code").unwrap_or_default().to_owned();
            let text = text.trim_end().to_owned();
            out.push(Block::Code { lang, text });
            return;
        }
        ctx.includes.push(path.to_owned());
        let blocks = parse_blocks(&blocks::split_lines(&text), ctx, top);
        ctx.includes.pop();
        out.extend(blocks);
    }

    fn toctree(&self, ctx: &mut Context<'_>) {
        for entry in self.content.iter().map(|line| line.trim()) {
            let target = match entry
                .strip_suffix('>')
                .and_then(|inner| inner.rsplit_once('<'))
            {
                Some((_, target)) => target.trim(),
                None => entry,
            };
            if target.is_empty()
                || target == "self"
                || target.contains("://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            ctx.toctree
                .push(target.strip_suffix(".rst").unwrap_or(target).to_owned());
        }
    }
}

/// The rows of a `list-table`: a bullet list of bullet lists.
fn list_table(blocks: Vec<Block>) -> Option<Vec<Vec<Vec<Block>>>> {
    fn only(blocks: Vec<Block>) -> Option<Vec<Vec<Block>>> {
        match <[Block; 1]>::try_from(blocks) {
            Ok([Block::Bullets(items)]) => Some(items),
            _ => None,
        }
    }
    only(blocks)?.into_iter().map(only).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_targets() {
        assert_eq!(
            directive_head("code-block:: python"),
            Some(("code-block", "python"))
        );
        assert_eq!(
            directive_head("py:function:: f(x)"),
            Some(("py:function", "f(x)"))
        );
        assert_eq!(directive_head("esto no es:: nada"), None);
        assert_eq!(
            name_colon(r"a\: b: http://x"),
            Some((r"a\: b", " http://x"))
        );
    }
}
