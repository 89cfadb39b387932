//! Block structure: sections, paragraphs, lists, quotes, tables and literal blocks,
//! read from indentation the way docutils reads it, into a small tree.

use super::directives;
use super::inline::{self, Image, Inline, Refs};
use super::tables;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Block {
    /// A heading; `depth` 1 is the first adornment style met, 2 the second…
    /// The anchor is set once the whole document is read; the title's is empty.
    Section {
        depth: usize,
        title: Vec<Inline>,
        anchor: String,
    },
    Paragraph(Vec<Inline>),
    /// Lines kept as written, with their extra indentation; an empty line ends a stanza.
    Lines(Vec<(usize, Vec<Inline>)>),
    Quote(Vec<Block>),
    Transition,
    Bullets(Vec<Vec<Block>>),
    Numbered {
        start: u32,
        items: Vec<Vec<Block>>,
    },
    /// Definition, field, option and footnote lists alike.
    Definitions(Vec<Definition>),
    Code {
        lang: String,
        text: String,
    },
    Admonition {
        title: Title,
        body: Vec<Block>,
    },
    Table(Table),
    Image(Image),
    /// An image, then its caption paragraph and legend.
    Figure {
        image: Image,
        caption: Vec<Block>,
    },
    Rubric(Vec<Inline>),
    /// Source this converter cannot render, shown as written.
    Unknown {
        name: String,
        source: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Definition {
    pub term: Vec<Inline>,
    pub body: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Title {
    /// An admonition kind (`note`, `warning`…), titled in the reader's language.
    Kind(String),
    Given(Vec<Inline>),
}

/// Rows of cells; the first row is shown as the header.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Table {
    pub caption: Vec<Inline>,
    pub rows: Vec<Vec<Vec<Block>>>,
}

/// Containers (quotes, list items, admonitions…) nested deeper than this are kept as
/// literal text.
const MAX_NESTING: usize = 32;

/// What parsing carries across a document and the files it includes.
pub(super) struct Context<'a> {
    pub include: &'a mut dyn FnMut(&str) -> Option<String>,
    /// Paths being included, outermost first.
    pub includes: Vec<String>,
    /// Adornment styles (character, overlined) in order of first appearance.
    styles: Vec<(char, bool)>,
    /// Sections met so far.
    pub sections: usize,
    /// Internal targets: normalized name and the index of the section that follows.
    pub labels: Vec<(String, usize)>,
    pub toctree: Vec<String>,
    pub refs: Refs,
    /// The language of `::` literal blocks, set by `.. highlight::`.
    pub highlight: String,
    nesting: usize,
}

impl<'a> Context<'a> {
    pub fn new(include: &'a mut dyn FnMut(&str) -> Option<String>) -> Self {
        Context {
            include,
            includes: Vec::new(),
            styles: Vec::new(),
            sections: 0,
            labels: Vec::new(),
            toctree: Vec::new(),
            refs: Refs::default(),
            highlight: String::new(),
            nesting: 0,
        }
    }

    pub fn inlines(&mut self, text: &str) -> Vec<Inline> {
        inline::parse(text, &mut self.refs)
    }
}

/// Source lines: line endings unified, tabs expanded to 8 columns, trailing
/// whitespace dropped.
pub(super) fn split_lines(source: &str) -> Vec<String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    source
        .split('\n')
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let mut column = 0;
            for c in line.chars() {
                match c {
                    '\t' => {
                        let width = 8 - column % 8;
                        out.extend(std::iter::repeat_n(' ', width));
                        column += width;
                    }
                    '\r' | '\u{b}' | '\u{c}' => {
                        out.push(' ');
                        column += 1;
                    }
                    c => {
                        out.push(c);
                        column += 1;
                    }
                }
            }
            out.truncate(out.trim_end().len());
            out
        })
        .collect()
}

pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Lines with their common indentation removed.
pub(super) fn dedent(lines: &[String]) -> Vec<String> {
    let common = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| indent(line))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(common..).unwrap_or_default().to_owned())
        .collect()
}

/// The end of the indented (or blank) lines from `start`, trailing blanks left out.
pub(super) fn indented_end(lines: &[String], start: usize) -> usize {
    let mut end = start;
    for (k, line) in lines.iter().enumerate().skip(start) {
        if !line.is_empty() && indent(line) == 0 {
            break;
        }
        if !line.is_empty() {
            end = k + 1;
        }
    }
    end
}

/// Parses blocks; sections are recognized only where `top` (not inside containers).
pub(super) fn parse_blocks(lines: &[String], ctx: &mut Context<'_>, top: bool) -> Vec<Block> {
    if ctx.nesting >= MAX_NESTING {
        // Deeper than any real document: kept as written, and no deeper recursion.
        let text = lines.join("\n").trim_matches('\n').to_owned();
        return vec![Block::Code {
            lang: String::new(),
            text,
        }];
    }
    ctx.nesting += 1;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        i = if line.is_empty() {
            i + 1
        } else {
            block_at(lines, i, ctx, top, &mut out).max(i + 1)
        };
    }
    ctx.nesting -= 1;
    out
}

/// Parses the block starting at line `i` into `out`; returns the line after it.
fn block_at(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    top: bool,
    out: &mut Vec<Block>,
) -> usize {
    let line = lines[i].as_str();
    if indent(line) > 0 {
        let end = indented_end(lines, i);
        let body = parse_blocks(&dedent(&lines[i..end]), ctx, false);
        out.push(Block::Quote(body));
        return end;
    }
    if line == ".." || line.starts_with(".. ") {
        let alone = line == ".." && lines.get(i + 1).is_none_or(|next| next.is_empty());
        let end = if alone {
            i + 1
        } else {
            indented_end(lines, i + 1)
        };
        directives::explicit(&lines[i..end], ctx, top, out);
        return end;
    }
    if let Some(url) = line.strip_prefix("__ ") {
        let end = indented_end(lines, i + 1);
        let url = directives::target_url(url, &lines[i + 1..end]);
        ctx.refs.anonymous.push(url);
        return end;
    }
    let metadata = top && out.is_empty() && ctx.sections == 0 && ctx.includes.is_empty();
    let parsers = [bullet_list, numbered_list];
    if let Some(end) = parsers.iter().find_map(|parse| parse(lines, i, ctx, out)) {
        return end;
    }
    if top && let Some(end) = section(lines, i, ctx, out) {
        return end;
    }
    let parsers = [field_list, option_list, line_block, table, definition_list];
    if let Some(end) = parsers.iter().find_map(|parse| parse(lines, i, ctx, out)) {
        if metadata
            && let Some(Block::Definitions(_)) = out.last()
            && field_name(line).is_some()
        {
            // Sphinx reads a field list before anything else as the file's metadata.
            out.pop();
        }
        return end;
    }
    if adornment(line).is_some()
        && line.chars().count() >= 4
        && lines.get(i + 1).is_none_or(|next| next.is_empty())
    {
        out.push(Block::Transition);
        return i + 1;
    }
    paragraph(lines, i, ctx, out)
}

type Items = Vec<(usize, Vec<String>)>;

/// The items of a list starting at `i`, each with the line it starts on and its
/// lines; `marker` tells where an item line's text starts.
fn list_items(
    lines: &[String],
    mut i: usize,
    marker: impl Fn(&str) -> Option<usize>,
) -> (Items, usize) {
    let mut items = Vec::new();
    let mut end = i;
    while let Some(at) = lines.get(i).and_then(|line| marker(line)) {
        let item_end = indented_end(lines, i + 1);
        let first = lines[i].get(at..).unwrap_or_default().trim_start();
        let mut item: Vec<String> = (!first.is_empty())
            .then(|| first.to_owned())
            .into_iter()
            .collect();
        item.extend(dedent(&lines[i + 1..item_end]));
        items.push((i, item));
        end = item_end;
        i = item_end;
        while lines.get(i).is_some_and(|line| line.is_empty()) {
            i += 1;
        }
    }
    (items, end)
}

fn bullet(line: &str) -> Option<char> {
    let c = line.chars().next()?;
    let rest = &line[c.len_utf8()..];
    ("-*+•‣⁃".contains(c) && (rest.is_empty() || rest.starts_with(' '))).then_some(c)
}

fn bullet_list(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    let c = bullet(&lines[i])?;
    let (items, end) = list_items(lines, i, |line| {
        (bullet(line) == Some(c)).then_some(c.len_utf8())
    });
    let items = items
        .iter()
        .map(|(_, item)| parse_blocks(item, ctx, false))
        .collect();
    out.push(Block::Bullets(items));
    Some(end)
}

/// An enumerator's format: `1.`, `1)` or `(1)`, and whether it counts in arabic
/// numerals (letters and roman numerals are the other family, `#` matches any).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Enumerator {
    format: u8,
    arabic: Option<bool>,
}

/// Parses an enumerator: (kind, ordinal, byte length of the marker).
fn enumerator(line: &str) -> Option<(Enumerator, u32, usize)> {
    let (open, rest) = match line.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let token_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len());
    let (token, after) = rest.split_at(token_len);
    let (format, after) = match (open, after.chars().next()) {
        (true, Some(')')) => (b'(', &after[1..]),
        (false, Some(')')) => (b')', &after[1..]),
        (false, Some('.')) => (b'.', &after[1..]),
        _ => return None,
    };
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let (arabic, value) = if token == "#" {
        (None, 1)
    } else if !token.is_empty() && token.len() <= 9 && token.bytes().all(|b| b.is_ascii_digit()) {
        (Some(true), token.parse().ok()?)
    } else if (token.len() > 1 || lower == "i")
        && let Some(value) = roman(&lower)
    {
        (Some(false), value)
    } else if let [letter] = lower.as_bytes()
        && letter.is_ascii_lowercase()
    {
        (Some(false), u32::from(letter - b'a') + 1)
    } else {
        return None;
    };
    Some((
        Enumerator { format, arabic },
        value,
        line.len() - after.len(),
    ))
}

fn roman(numeral: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = numeral.chars().map(digit).collect::<Option<_>>()?;
    if digits.len() > 15 {
        return None;
    }
    let value = digits.iter().enumerate().fold(0i64, |sum, (k, &d)| {
        if digits.get(k + 1).is_some_and(|&next| next > d) {
            sum - i64::from(d)
        } else {
            sum + i64::from(d)
        }
    });
    u32::try_from(value).ok().filter(|v| *v > 0)
}

fn numbered_list(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    let (kind, start, _) = enumerator(&lines[i])?;
    // "A. Einstein was\na physicist." is a paragraph: an item's next line is blank,
    // indented or another item.
    if let Some(next) = lines.get(i + 1)
        && !next.is_empty()
        && indent(next) == 0
        && enumerator(next).is_none()
    {
        return None;
    }
    // Items continue the sequence: "v." after "ii." starts another list.
    let next = std::cell::Cell::new(start);
    let same = |line: &str| {
        let (other, value, len) = enumerator(line)?;
        let family = kind.arabic.is_none() || other.arabic.is_none() || kind.arabic == other.arabic;
        let ordinal = other.arabic.is_none() || value == next.get();
        next.set(next.get().saturating_add(1));
        (other.format == kind.format && family && ordinal).then_some(len)
    };
    let (items, end) = list_items(lines, i, same);
    let items = items
        .iter()
        .map(|(_, item)| parse_blocks(item, ctx, false))
        .collect();
    out.push(Block::Numbered { start, items });
    Some(end)
}

/// The character of a line drawn with one punctuation character.
pub(super) fn adornment(line: &str) -> Option<char> {
    let c = line.chars().next()?;
    (c.is_ascii_punctuation() && line.chars().all(|d| d == c)).then_some(c)
}

fn section(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    let line = &lines[i];
    let (title, style, end) = if let Some(c) = adornment(line) {
        let title = lines.get(i + 1)?.trim();
        if title.is_empty() || adornment(lines.get(i + 2)?) != Some(c) {
            return None;
        }
        (title, (c, true), i + 3)
    } else {
        let underline = lines.get(i + 1)?;
        let c = adornment(underline)?;
        let length = underline.chars().count();
        if length < 4 && length < line.chars().count() {
            return None;
        }
        (line.trim(), (c, false), i + 2)
    };
    let depth = match ctx.styles.iter().position(|known| *known == style) {
        Some(k) => k + 1,
        None => {
            ctx.styles.push(style);
            ctx.styles.len()
        }
    };
    ctx.sections += 1;
    let title = ctx.inlines(title);
    out.push(Block::Section {
        depth,
        title,
        anchor: String::new(),
    });
    Some(end)
}

/// A field marker `:name: body`: the name and the body's first line.
pub(super) fn field_name(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    if rest.starts_with([' ', ':']) {
        return None;
    }
    let mut escaped = false;
    for (k, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ':' => {
                let after = &rest[k + 1..];
                if after.is_empty() || after.starts_with(' ') {
                    let name = &rest[..k];
                    return (!name.ends_with(' ')).then_some((name, after.trim_start()));
                }
                if after.starts_with('`') {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

fn field_list(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    field_name(&lines[i])?;
    let marker = |line: &str| field_name(line).map(|(_, body)| line.len() - body.len());
    let (items, end) = list_items(lines, i, marker);
    let items = items
        .iter()
        .map(|(at, body)| {
            let name = field_name(&lines[*at])
                .map(|(name, _)| name)
                .unwrap_or_default();
            Definition {
                term: ctx.inlines(name),
                body: parse_blocks(body, ctx, false),
            }
        })
        .collect();
    out.push(Block::Definitions(items));
    Some(end)
}

/// An option list line (`-a, --all  Description`): where its description starts.
fn option_marker(line: &str) -> Option<usize> {
    if !line.starts_with(['-', '/']) {
        return None;
    }
    let options = line.find("  ").map_or(line, |k| &line[..k]);
    let valid = |option: &str| {
        let (name, argument) = match option.find([' ', '=']) {
            Some(k) => (&option[..k], Some(&option[k + 1..])),
            None => (option, None),
        };
        let body = name
            .strip_prefix("--")
            .or_else(|| name.strip_prefix('-'))
            .or_else(|| name.strip_prefix('/'))
            .unwrap_or_default();
        body.starts_with(|c: char| c.is_ascii_alphanumeric())
            && body
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && argument.is_none_or(|arg| !arg.is_empty() && !arg.contains(' '))
    };
    options.split(", ").all(valid).then_some(options.len())
}

fn option_list(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    let at = option_marker(&lines[i])?;
    let described = at < lines[i].len() || lines.get(i + 1).is_some_and(|next| indent(next) > 0);
    if !described {
        return None;
    }
    let (items, end) = list_items(lines, i, option_marker);
    let items = items
        .iter()
        .map(|(line, body)| {
            let options = option_marker(&lines[*line]).and_then(|at| lines[*line].get(..at));
            Definition {
                term: vec![Inline::Code(options.unwrap_or_default().to_owned())],
                body: parse_blocks(body, ctx, false),
            }
        })
        .collect();
    out.push(Block::Definitions(items));
    Some(end)
}

fn line_block(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    fn text(line: &str) -> Option<&str> {
        line.strip_prefix('|')
            .filter(|rest| rest.is_empty() || rest.starts_with(' '))
    }
    text(&lines[i])?;
    let mut entries: Vec<(usize, String)> = Vec::new();
    let mut j = i;
    while let Some(line) = lines.get(j)
        && !line.is_empty()
    {
        if let Some(rest) = text(line) {
            entries.push((indent(rest).saturating_sub(1), rest.trim().to_owned()));
        } else if indent(line) > 0
            && let Some((_, last)) = entries.last_mut()
        {
            last.push(' ');
            last.push_str(line.trim());
        } else {
            break;
        }
        j += 1;
    }
    let entries = entries
        .into_iter()
        .map(|(extra, text)| (extra, ctx.inlines(&text)))
        .collect();
    out.push(Block::Lines(entries));
    Some(j)
}

fn table(lines: &[String], i: usize, ctx: &mut Context<'_>, out: &mut Vec<Block>) -> Option<usize> {
    let line = &lines[i];
    let (rows, end) = if line.starts_with("+-") && line.chars().all(|c| c == '+' || c == '-') {
        let end = (i..lines.len())
            .find(|&k| !lines[k].starts_with(['+', '|']))
            .unwrap_or(lines.len());
        match tables::grid(&lines[i..end]) {
            Some(rows) => (rows, end),
            None => {
                let text = lines[i..end].join("\n");
                out.push(Block::Code {
                    lang: String::new(),
                    text,
                });
                return Some(end);
            }
        }
    } else {
        let end = tables::simple_end(lines, i)?;
        (tables::simple(&lines[i..end]), end)
    };
    out.push(Block::Table(cells(rows, ctx)));
    Some(end)
}

/// A table from rows of cell source text.
pub(super) fn cells(rows: Vec<Vec<String>>, ctx: &mut Context<'_>) -> Table {
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| parse_blocks(&dedent(&split_lines(&cell)), ctx, false))
                .collect()
        })
        .collect();
    Table {
        caption: Vec::new(),
        rows,
    }
}

fn definition_list(
    lines: &[String],
    i: usize,
    ctx: &mut Context<'_>,
    out: &mut Vec<Block>,
) -> Option<usize> {
    let is_term = |k: usize| {
        let next_indented = lines
            .get(k + 1)
            .is_some_and(|next| !next.is_empty() && indent(next) > 0);
        let line = &lines[k];
        let other = k > i
            && (bullet(line).is_some()
                || enumerator(line).is_some()
                || field_name(line).is_some()
                || line.starts_with(".."));
        next_indented && !line.is_empty() && indent(line) == 0 && !other
    };
    let mut items = Vec::new();
    let mut j = i;
    let mut end = i;
    while j < lines.len() && is_term(j) {
        let item_end = indented_end(lines, j + 1);
        let mut parts = lines[j].split(" : ");
        let mut term = ctx.inlines(parts.next().unwrap_or_default());
        for classifier in parts {
            term.push(Inline::Text(" : ".to_owned()));
            term.push(Inline::Emphasis(classifier.trim().to_owned()));
        }
        let body = parse_blocks(&dedent(&lines[j + 1..item_end]), ctx, false);
        items.push(Definition { term, body });
        end = item_end;
        j = item_end;
        while lines.get(j).is_some_and(|line| line.is_empty()) {
            j += 1;
        }
    }
    if items.is_empty() {
        return None;
    }
    out.push(Block::Definitions(items));
    Some(end)
}

/// A paragraph, and the literal block a trailing `::` introduces.
fn paragraph(lines: &[String], i: usize, ctx: &mut Context<'_>, out: &mut Vec<Block>) -> usize {
    let mut j = i;
    while lines
        .get(j)
        .is_some_and(|line| !line.is_empty() && indent(line) == 0)
    {
        j += 1;
    }
    let text = lines[i..j].join("\n");
    let (text, literal) = match text.strip_suffix("::") {
        Some(head) if !head.ends_with('\\') => {
            if head.trim().is_empty() {
                ("", true)
            } else if head.ends_with(char::is_whitespace) {
                (head.trim_end(), true)
            } else {
                (&text[..text.len() - 1], true)
            }
        }
        _ => (text.as_str(), false),
    };
    if !text.is_empty() {
        let inlines = ctx.inlines(text);
        out.push(Block::Paragraph(inlines));
    }
    if !literal {
        return j;
    }
    let mut k = j;
    while lines.get(k).is_some_and(|line| line.is_empty()) {
        k += 1;
    }
    let Some(next) = lines.get(k) else {
        return k;
    };
    let end = if indent(next) > 0 {
        indented_end(lines, k)
    } else if let Some(quote) = next.chars().next().filter(char::is_ascii_punctuation) {
        (k..lines.len())
            .find(|&e| !lines[e].starts_with(quote))
            .unwrap_or(lines.len())
    } else {
        return k;
    };
    let text = dedent(&lines[k..end]).join("\n");
    let lang = ctx.highlight.clone();
    out.push(Block::Code { lang, text });
    end
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn blocks(source: &str) -> Vec<Block> {
        let mut none = |_: &str| None;
        let mut ctx = Context::new(&mut none);
        parse_blocks(&split_lines(source), &mut ctx, true)
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(vec![Inline::Text(text.to_owned())])
    }

    #[test]
    fn lines_are_normalized() {
        assert_eq!(
            split_lines("\u{feff}a\tb \r\n\tc"),
            vec!["a       b", "        c"]
        );
        assert_eq!(dedent(&split_lines("   a\n\n     b")), vec!["a", "", "  b"]);
    }

    #[test]
    fn nested_lists_and_multi_paragraph_items() {
        let source = "- uno\n\n  sigue\n\n  * dos\n  * tres\n- cuatro\n\n(a) x\n(b) y\n\n#. z";
        assert_eq!(
            blocks(source),
            vec![
                Block::Bullets(vec![
                    vec![
                        para("uno"),
                        para("sigue"),
                        Block::Bullets(vec![vec![para("dos")], vec![para("tres")]]),
                    ],
                    vec![para("cuatro")],
                ]),
                Block::Numbered {
                    start: 1,
                    items: vec![vec![para("x")], vec![para("y")]]
                },
                Block::Numbered {
                    start: 1,
                    items: vec![vec![para("z")]]
                },
            ]
        );
        assert_eq!(
            blocks("A. Einstein was\na physicist.")[0],
            para("A. Einstein was\na physicist.")
        );
        let numbered = |b: &Block| match b {
            Block::Numbered { start, items } => (*start, items.len()),
            _ => (0, 0),
        };
        let roman: Vec<_> = blocks("i. uno\nii. dos\n\nv. cinco")
            .iter()
            .map(numbered)
            .collect();
        assert_eq!(roman, [(1, 2), (22, 1)]);
        assert_eq!(enumerator("iv) x").map(|(_, n, _)| n), Some(4));
        assert_eq!(enumerator("3. x").map(|(_, n, len)| (n, len)), Some((3, 2)));
    }

    #[test]
    fn literal_blocks_follow_double_colons() {
        let code = |text: &str| Block::Code {
            lang: String::new(),
            text: text.to_owned(),
        };
        assert_eq!(
            blocks("Ejemplo::\n\n   a\n     b\n\nFin"),
            vec![para("Ejemplo:"), code("a\n  b"), para("Fin")]
        );
        assert_eq!(
            blocks("Ejemplo ::\n\n  x"),
            vec![para("Ejemplo"), code("x")]
        );
        assert_eq!(
            blocks("::\n\n  x\n\n> no\n> quoted"),
            vec![code("x"), para("> no\n> quoted")]
        );
        assert_eq!(
            blocks("Mira::\n\n> a\n> b"),
            vec![para("Mira:"), code("> a\n> b")]
        );
    }

    #[test]
    fn quotes_line_blocks_and_transitions() {
        assert_eq!(
            blocks("a\n\n   citado\n\n----\n\nb")[1],
            Block::Quote(vec![para("citado")])
        );
        assert_eq!(blocks("a\n\n----\n\nb")[1], Block::Transition);
        assert_eq!(blocks("a\n\n---\n\nb")[1], para("---"));
        let Block::Lines(lines) = &blocks("| uno\n|    dos\n  sigue\n|\n| tres")[0] else {
            panic!("not a line block");
        };
        assert_eq!(
            lines.iter().map(|(n, l)| (*n, l.len())).collect::<Vec<_>>(),
            vec![(0, 1), (3, 1), (0, 0), (0, 1)]
        );
    }

    #[test]
    fn field_option_and_definition_lists() {
        let parsed = blocks(
            "Intro\n\n:Autor: Ana\n  López\n:Versión: 2\n\n-a, --all  Todo\n--file=F\n   Un archivo\n\nred : concepto\n   Una red.\n",
        );
        let terms: Vec<Vec<Inline>> = parsed
            .iter()
            .filter_map(|b| match b {
                Block::Definitions(items) => Some(items.iter().map(|d| d.term.clone())),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(terms.len(), 5);
        assert_eq!(terms[2], vec![Inline::Code("-a, --all".into())]);
        assert_eq!(terms[3], vec![Inline::Code("--file=F".into())]);
        assert_eq!(
            terms[4],
            vec![
                Inline::Text("red".into()),
                Inline::Text(" : ".into()),
                Inline::Emphasis("concepto".into())
            ]
        );
        // A leading field list is the file's metadata.
        assert_eq!(
            blocks(":orphan:\n:tocdepth: 2\n\nTexto"),
            vec![para("Texto")]
        );
    }

    #[test]
    fn sections_need_proper_adornment() {
        let parsed = blocks("===\nUno\n===\n\nDos\n---\n\nTres\n--\n\nCuatro\n======");
        let depths: Vec<usize> = parsed
            .iter()
            .filter_map(|b| match b {
                Block::Section { depth, .. } => Some(*depth),
                _ => None,
            })
            .collect();
        assert_eq!(depths, vec![1, 2, 3]);
        assert_eq!(parsed[2], para("Tres\n--"));
    }
}
