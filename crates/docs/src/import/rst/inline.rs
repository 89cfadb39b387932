//! Inline markup inside one text block: emphasis, literals, roles, references,
//! substitutions, footnote references and standalone links, recognized by the RST
//! rules (a start-string follows whitespace or punctuation, an end-string precedes it).

use std::collections::HashMap;

use super::names::{footnote_label, normalize};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Inline {
    Text(String),
    Emphasis(String),
    Strong(String),
    Code(String),
    /// A link whose address is written in place.
    Link {
        text: String,
        url: String,
    },
    /// `text`_ or `name_`: a named target, resolved when rendering.
    Named {
        text: String,
        name: String,
    },
    /// `text`__: the n-th anonymous target of the document.
    Anonymous {
        text: String,
        index: usize,
    },
    /// A standalone URL or e-mail address.
    AutoLink(String),
    /// `:ref:` or `:doc:`; `text` when written as `text <target>`.
    Cross {
        kind: CrossKind,
        text: Option<String>,
        target: String,
    },
    /// A role this converter does not know.
    Role {
        name: String,
        text: String,
    },
    /// `|name|`, normalized.
    Substitution(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CrossKind {
    Ref,
    Doc,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Image {
    pub path: String,
    pub alt: String,
    pub target: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Substitution {
    Text(Vec<Inline>),
    Image(Image),
}

/// Where a named target points.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Target {
    Url(String),
    /// `.. _name: other_`: another target's name, normalized.
    Alias(String),
}

/// What references need across one document (targets may come after their use).
#[derive(Debug, Default)]
pub(super) struct Refs {
    pub named: HashMap<String, Target>,
    pub anonymous: Vec<String>,
    pub substitutions: HashMap<String, Substitution>,
    pub footnote_defs: usize,
    anonymous_refs: usize,
    footnote_refs: usize,
}

/// Parses the inline markup of `text`.
pub(super) fn parse(text: &str, refs: &mut Refs) -> Vec<Inline> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        refs,
        out: Vec::new(),
        plain: String::new(),
        guard: 0,
        failed: [usize::MAX; 5],
    };
    parser.run();
    parser.out
}

/// The text of inline content as a reader sees it, for anchors and titles.
pub(super) fn plain(inlines: &[Inline], refs: &Refs) -> String {
    fn walk(inlines: &[Inline], refs: &Refs, depth: usize, out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(text)
                | Inline::Emphasis(text)
                | Inline::Strong(text)
                | Inline::Code(text)
                | Inline::Link { text, .. }
                | Inline::Named { text, .. }
                | Inline::Anonymous { text, .. }
                | Inline::AutoLink(text)
                | Inline::Role { text, .. } => out.push_str(text),
                Inline::Cross { text, target, .. } => {
                    out.push_str(text.as_deref().unwrap_or(target));
                }
                Inline::Substitution(name) => match refs.substitutions.get(name) {
                    Some(Substitution::Text(inner)) if depth < 8 => {
                        walk(inner, refs, depth + 1, out);
                    }
                    Some(Substitution::Image(image)) => out.push_str(&image.alt),
                    _ => out.push_str(name),
                },
            }
        }
    }
    let mut out = String::new();
    walk(inlines, refs, 0, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes backslash escapes: `\x` is `x`, an escaped space is nothing.
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(next) if next.is_whitespace() => {}
            Some(next) => out.push(next),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits `text <target>` into its text (None when empty) and target.
pub(super) fn split_embedded(raw: &str) -> Option<(Option<String>, String)> {
    let inner = raw.strip_suffix('>')?;
    if inner.ends_with('\\') {
        return None;
    }
    let open = inner.rfind('<')?;
    let before = &inner[..open];
    if !before.is_empty() && !before.ends_with(char::is_whitespace) {
        return None;
    }
    let text = unescape(before.trim());
    Some((
        (!text.is_empty()).then_some(text),
        inner[open + 1..].to_owned(),
    ))
}

/// The kinds of end-string searched for, indexing `Parser::failed`.
#[derive(Clone, Copy)]
enum End {
    Literal,
    Interpreted,
    Strong,
    Emphasis,
    Substitution,
}

struct Parser<'r> {
    chars: Vec<char>,
    refs: &'r mut Refs,
    out: Vec<Inline>,
    plain: String,
    /// Plain text before this index may not be taken back into a `name_` reference.
    guard: usize,
    /// For each kind of end-string, the smallest index a search already failed from:
    /// every later search from there fails too, which keeps parsing linear.
    failed: [usize; 5],
}

impl Parser<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while let Some(&c) = self.chars.get(i) {
            if c == '\\' {
                match self.at(i + 1) {
                    Some(next) if next.is_whitespace() => {}
                    Some(next) => self.plain.push(next),
                    None => self.plain.push('\\'),
                }
                i += 2;
                self.guard = i;
            } else if let Some((inline, end)) = self.markup(i) {
                self.flush();
                self.out.push(inline);
                i = end;
                self.guard = end;
            } else {
                self.plain.push(c);
                i += 1;
            }
        }
        self.flush();
    }

    fn flush(&mut self) {
        if !self.plain.is_empty() {
            self.out.push(Inline::Text(std::mem::take(&mut self.plain)));
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn markup(&mut self, i: usize) -> Option<(Inline, usize)> {
        match self.chars[i] {
            '`' if self.at(i + 1) == Some('`') => self.literal(i),
            '`' => self.interpreted(i, i, None),
            ':' => {
                let tick = self.role_end(i).filter(|&k| self.at(k) == Some('`'))?;
                let name: String = self.chars[i + 1..tick - 1].iter().collect();
                self.interpreted(i, tick, Some(name))
            }
            '*' if self.at(i + 1) == Some('*') => self.strong(i),
            '*' => self.emphasis(i),
            '|' => self.substitution(i),
            '[' => self.footnote(i),
            '_' => self.underscore(i),
            c if c.is_alphanumeric() => self.standalone(i),
            _ => None,
        }
    }

    /// Whether a start-string at `start`, whose text begins at `after`, opens markup.
    fn opens(&self, start: usize, after: usize) -> bool {
        let Some(next) = self.at(after) else {
            return false;
        };
        if next.is_whitespace() {
            return false;
        }
        let Some(before) = start.checked_sub(1).map(|k| self.chars[k]) else {
            return true;
        };
        before.is_whitespace() || (opening_punct(before) && closer(before) != Some(next))
    }

    /// Whether markup may end right before index `k`.
    fn closes(&self, k: usize) -> bool {
        self.at(k)
            .is_none_or(|c| c.is_whitespace() || closing_punct(c))
    }

    fn escaped(&self, k: usize) -> bool {
        self.chars[..k]
            .iter()
            .rev()
            .take_while(|c| **c == '\\')
            .count()
            % 2
            == 1
    }

    /// An end-string that `test` accepts at some index from `from` on: (index, after).
    fn find(
        &mut self,
        kind: End,
        from: usize,
        test: impl Fn(&Self, usize) -> Option<usize>,
    ) -> Option<(usize, usize)> {
        if from >= self.failed[kind as usize] {
            return None;
        }
        let found = (from..self.chars.len()).find_map(|j| test(self, j).map(|after| (j, after)));
        if found.is_none() {
            self.failed[kind as usize] = from;
        }
        found
    }

    /// A plain end-string `end` at `j`, not after whitespace nor escaped.
    fn ends(&self, j: usize, end: &str) -> bool {
        end.chars()
            .enumerate()
            .all(|(k, c)| self.at(j + k) == Some(c))
            && !self.chars[j - 1].is_whitespace()
            && !self.escaped(j)
    }

    /// `:name:` starting at `i`: the index right after its closing colon.
    fn role_end(&self, i: usize) -> Option<usize> {
        let mut end = i + 1;
        while end < i + 64
            && self
                .at(end)
                .is_some_and(|c| c.is_alphanumeric() || "-_.+:".contains(c))
        {
            end += 1;
        }
        while end > i + 1 && self.chars[end - 1] != ':' {
            end -= 1;
        }
        let named = end > i + 2 && self.at(i + 1).is_some_and(char::is_alphanumeric);
        named.then_some(end)
    }

    fn literal(&mut self, i: usize) -> Option<(Inline, usize)> {
        if !self.opens(i, i + 2) {
            return None;
        }
        let (j, after) = self.find(End::Literal, i + 3, |p, j| {
            let found = p.at(j) == Some('`') && p.at(j + 1) == Some('`');
            (found && !p.chars[j - 1].is_whitespace() && p.closes(j + 2)).then_some(j + 2)
        })?;
        let text: String = self.chars[i + 2..j].iter().collect();
        Some((Inline::Code(text.replace('\n', " ")), after))
    }

    /// Interpreted text whose backquote is at `tick`; `start` is where its
    /// start-string (role prefix included) begins.
    fn interpreted(
        &mut self,
        start: usize,
        tick: usize,
        role: Option<String>,
    ) -> Option<(Inline, usize)> {
        if !self.opens(start, tick + 1) {
            return None;
        }
        let (j, after) = self.find(End::Interpreted, tick + 2, |p, j| {
            if !p.ends(j, "`") || p.at(j + 1) == Some('`') {
                return None;
            }
            let mut k = j + 1;
            if p.at(k) == Some('_') {
                k += if p.at(k + 1) == Some('_') { 2 } else { 1 };
            } else if p.at(k) == Some(':') {
                k = p.role_end(k).unwrap_or(k);
            }
            p.closes(k).then_some(k)
        })?;
        let raw: String = self.chars[tick + 1..j].iter().collect();
        let suffix: String = self.chars[j + 1..after].iter().collect();
        let inline = if suffix.starts_with('_') {
            self.reference(&raw, suffix == "__")
        } else {
            let suffix_role = suffix.strip_prefix(':').and_then(|s| s.strip_suffix(':'));
            match role.as_deref().or(suffix_role) {
                Some(name) => role_inline(name, &raw),
                None => Inline::Emphasis(unescape(&raw)),
            }
        };
        Some((inline, after))
    }

    fn reference(&mut self, raw: &str, anonymous: bool) -> Inline {
        if let Some((text, target)) = split_embedded(raw) {
            if let Some(alias) = target.strip_suffix('_') {
                let name = normalize(&unescape(alias));
                return Inline::Named {
                    text: text.unwrap_or_else(|| alias.trim().to_owned()),
                    name,
                };
            }
            let url: String = unescape(&target).split_whitespace().collect();
            let text = text.unwrap_or_else(|| url.clone());
            if !anonymous {
                self.refs
                    .named
                    .entry(normalize(&text))
                    .or_insert_with(|| Target::Url(url.clone()));
            }
            return Inline::Link { text, url };
        }
        let text = unescape(raw);
        if anonymous {
            self.refs.anonymous_refs += 1;
            Inline::Anonymous {
                text,
                index: self.refs.anonymous_refs - 1,
            }
        } else {
            Inline::Named {
                name: normalize(&text),
                text,
            }
        }
    }

    fn strong(&mut self, i: usize) -> Option<(Inline, usize)> {
        if !self.opens(i, i + 2) {
            return None;
        }
        let (j, after) = self.find(End::Strong, i + 3, |p, j| {
            (p.ends(j, "**") && p.closes(j + 2)).then_some(j + 2)
        })?;
        Some((Inline::Strong(self.unescaped(i + 2, j)), after))
    }

    fn emphasis(&mut self, i: usize) -> Option<(Inline, usize)> {
        if !self.opens(i, i + 1) {
            return None;
        }
        let (j, after) = self.find(End::Emphasis, i + 2, |p, j| {
            let end = p.ends(j, "*") && p.at(j + 1) != Some('*') && p.closes(j + 1);
            end.then_some(j + 1)
        })?;
        Some((Inline::Emphasis(self.unescaped(i + 1, j)), after))
    }

    fn substitution(&mut self, i: usize) -> Option<(Inline, usize)> {
        if !self.opens(i, i + 1) {
            return None;
        }
        let (j, after) = self.find(End::Substitution, i + 2, |p, j| {
            if !p.ends(j, "|") {
                return None;
            }
            let underscores = p.chars[j + 1..].iter().take(2).take_while(|c| **c == '_');
            let k = j + 1 + underscores.count();
            p.closes(k).then_some(k)
        })?;
        Some((
            Inline::Substitution(normalize(&self.unescaped(i + 1, j))),
            after,
        ))
    }

    /// `[1]_`, `[#]_`, `[#name]_`, `[*]_` or `[CITATION]_`.
    fn footnote(&mut self, i: usize) -> Option<(Inline, usize)> {
        let close = (i + 1..self.chars.len().min(i + 64)).find(|&k| self.chars[k] == ']')?;
        let label: String = self.chars[i + 1..close].iter().collect();
        if !footnote_label(&label)
            || self.at(close + 1) != Some('_')
            || !self.opens(i, i + 1)
            || !self.closes(close + 2)
        {
            return None;
        }
        let shown = if label.starts_with('#') {
            self.refs.footnote_refs += 1;
            self.refs.footnote_refs.to_string()
        } else {
            label
        };
        Some((Inline::Text(format!("[{shown}]")), close + 2))
    }

    /// An inline target `` _`text` `` or the end of a simple reference `name_`.
    fn underscore(&mut self, i: usize) -> Option<(Inline, usize)> {
        if self.at(i + 1) == Some('`') {
            let (inline, after) = self.interpreted(i, i + 1, None)?;
            let text = match inline {
                Inline::Emphasis(text) => text,
                other => plain(std::slice::from_ref(&other), self.refs),
            };
            return Some((Inline::Text(text), after));
        }
        let after = if self.at(i + 1) == Some('_') {
            i + 2
        } else {
            i + 1
        };
        if !self.closes(after) {
            return None;
        }
        let mut start = i;
        while start > self.guard {
            let c = self.chars[start - 1];
            let inner = "-_.:+".contains(c)
                && start >= 2
                && self.chars[start - 2].is_alphanumeric()
                && self.at(start).is_some_and(char::is_alphanumeric);
            if !(c.is_alphanumeric() || inner) {
                break;
            }
            start -= 1;
        }
        let bounded = start == 0 || {
            let before = self.chars[start - 1];
            before.is_whitespace() || opening_punct(before)
        };
        if start == i || !bounded || !self.chars[start].is_alphanumeric() {
            return None;
        }
        for _ in start..i {
            self.plain.pop();
        }
        let text: String = self.chars[start..i].iter().collect();
        let inline = if after == i + 2 {
            self.refs.anonymous_refs += 1;
            Inline::Anonymous {
                text,
                index: self.refs.anonymous_refs - 1,
            }
        } else {
            Inline::Named {
                name: normalize(&text),
                text,
            }
        };
        Some((inline, after))
    }

    /// A standalone URL or e-mail address starting at `i`.
    fn standalone(&mut self, i: usize) -> Option<(Inline, usize)> {
        const SCHEMES: [&str; 7] = [
            "https://", "http://", "ftp://", "ftps://", "sftp://", "file://", "mailto:",
        ];
        /// Longer "addresses" are not worth scanning for (and keep parsing linear).
        const LONGEST: usize = 2048;
        if let Some(before) = i.checked_sub(1).map(|k| self.chars[k])
            && !(before.is_whitespace() || "([{<\"'¿¡«“‘".contains(before))
        {
            return None;
        }
        let run = |from: usize, allowed: &dyn Fn(char) -> bool| {
            (from..self.chars.len().min(from + LONGEST))
                .find(|&k| !allowed(self.chars[k]))
                .unwrap_or(self.chars.len().min(from + LONGEST))
        };
        let starts = |prefix: &str| {
            prefix
                .chars()
                .enumerate()
                .all(|(k, c)| self.at(i + k) == Some(c))
        };
        let Some(scheme) = SCHEMES.iter().find(|scheme| starts(scheme)) else {
            // local@domain.tld
            let at = run(i, &|c| c.is_alphanumeric() || "._%+-".contains(c));
            if self.at(at) != Some('@') {
                return None;
            }
            let mut end = run(at + 1, &|c| c.is_alphanumeric() || ".-".contains(c));
            while end > at + 1 && ".-".contains(self.chars[end - 1]) {
                end -= 1;
            }
            let domain: String = self.chars[at + 1..end].iter().collect();
            let valid = domain.contains('.') && domain.split('.').all(|part| !part.is_empty());
            return valid.then(|| (Inline::AutoLink(self.chars[i..end].iter().collect()), end));
        };
        // Trailing punctuation ends the sentence, not the address.
        let mut end = run(i, &|c| !c.is_whitespace() && !"<>\"`\\".contains(c));
        while end > i + scheme.len() {
            let word = &self.chars[i..end];
            let unbalanced = |open, close| {
                word.iter().filter(|c| **c == close).count()
                    > word.iter().filter(|c| **c == open).count()
            };
            let last = self.chars[end - 1];
            let trailing = ".,;:!?'*_".contains(last)
                || (last == ')' && unbalanced('(', ')'))
                || (last == ']' && unbalanced('[', ']'));
            if !trailing {
                break;
            }
            end -= 1;
        }
        let url: String = self.chars[i..end].iter().collect();
        (end > i + scheme.len()).then_some((Inline::AutoLink(url), end))
    }

    fn unescaped(&self, from: usize, to: usize) -> String {
        unescape(&self.chars[from..to].iter().collect::<String>())
    }
}

/// The inline for a role's text.
fn role_inline(name: &str, raw: &str) -> Inline {
    let text = unescape(raw);
    let label = || match split_embedded(raw) {
        Some((Some(text), _)) => text,
        _ => unescape(raw),
    };
    match name {
        "ref" | "doc" => {
            let (text, target) = split_embedded(raw).unwrap_or((None, raw.to_owned()));
            let target = unescape(&target);
            let (kind, target) = if name == "ref" {
                (CrossKind::Ref, normalize(&target))
            } else {
                (CrossKind::Doc, target.trim().to_owned())
            };
            Inline::Cross { kind, text, target }
        }
        "code" | "literal" | "kbd" | "file" | "command" | "program" | "envvar" | "samp" => {
            Inline::Code(text)
        }
        "guilabel" | "menuselection" => {
            // `&` marks a keyboard accelerator; `&&` is a literal ampersand.
            let parts: Vec<String> = text.split("&&").map(|part| part.replace('&', "")).collect();
            Inline::Strong(parts.join("&").replace("-->", "‣"))
        }
        "strong" => Inline::Strong(text),
        "emphasis" | "title-reference" | "title" | "t" | "dfn" => Inline::Emphasis(text),
        "term" => Inline::Text(label()),
        "abbr" => Inline::Text(match text.split_once(" (") {
            Some((short, _)) => short.to_owned(),
            None => text,
        }),
        "sup" | "sub" | "superscript" | "subscript" => Inline::Text(text),
        _ => Inline::Role {
            name: name.to_owned(),
            text,
        },
    }
}

/// Punctuation that may come right before a start-string.
fn opening_punct(c: char) -> bool {
    "'\"([{<-/:!#%&*,.;?@\\".contains(c) || unicode_punct(c)
}

/// Punctuation that may come right after an end-string.
fn closing_punct(c: char) -> bool {
    "'\")]}>-/:.,;!?\\#%&*@".contains(c) || unicode_punct(c)
}

fn unicode_punct(c: char) -> bool {
    matches!(c, '¡' | '¿' | '«' | '»' | '·' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}')
}

/// The closing partner of an opening quote or bracket.
fn closer(c: char) -> Option<char> {
    let pairs = [
        ('\'', '\''),
        ('"', '"'),
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('“', '”'),
        ('‘', '’'),
    ];
    pairs
        .iter()
        .find(|(open, _)| *open == c)
        .map(|(_, close)| *close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inlines(text: &str) -> Vec<Inline> {
        parse(text, &mut Refs::default())
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn markup_needs_word_boundaries() {
        assert_eq!(
            inlines("a *b* **c** ``d`` `e`"),
            vec![
                text("a "),
                Inline::Emphasis("b".into()),
                text(" "),
                Inline::Strong("c".into()),
                text(" "),
                Inline::Code("d".into()),
                text(" "),
                Inline::Emphasis("e".into()),
            ]
        );
        assert_eq!(inlines("2 * 3 * 4"), vec![text("2 * 3 * 4")]);
        assert_eq!(
            inlines("a*b*c and (*) and \"*\""),
            vec![text("a*b*c and (*) and \"*\"")]
        );
        assert_eq!(inlines("¿*Sí*?")[1], Inline::Emphasis("Sí".into()));
        assert_eq!(
            inlines(r"\*no\* ``\*``"),
            vec![text("*no* "), Inline::Code(r"\*".into())]
        );
        assert_eq!(
            inlines("``unterminated `x"),
            vec![text("``unterminated `x")]
        );
    }

    #[test]
    fn roles_map_to_markup_or_stay_visible() {
        assert_eq!(
            inlines(":kbd:`Ctrl+C`"),
            vec![Inline::Code("Ctrl+C".into())]
        );
        assert_eq!(
            inlines(":menuselection:`Archivo --> &Abrir`"),
            vec![Inline::Strong("Archivo ‣ Abrir".into())]
        );
        assert_eq!(
            inlines(":abbr:`LIFO (last in, first out)`"),
            vec![text("LIFO")]
        );
        assert_eq!(inlines(":term:`red <Red local>`"), vec![text("red")]);
        assert_eq!(
            inlines("`x`:math:"),
            vec![Inline::Role {
                name: "math".into(),
                text: "x".into()
            }]
        );
        assert_eq!(
            inlines(":ref:`La Red <Red_Local>` :doc:`../guia/red`"),
            vec![
                Inline::Cross {
                    kind: CrossKind::Ref,
                    text: Some("La Red".into()),
                    target: "red_local".into()
                },
                text(" "),
                Inline::Cross {
                    kind: CrossKind::Doc,
                    text: None,
                    target: "../guia/red".into()
                },
            ]
        );
    }

    #[test]
    fn references_and_links() {
        let mut refs = Refs::default();
        let parsed = parse(
            "`MxOS <https://mxos.mx/>`_, MxOS_, `otro`__, see https://a.mx/x_(y). or a@b.mx.",
            &mut refs,
        );
        assert_eq!(
            parsed,
            vec![
                Inline::Link {
                    text: "MxOS".into(),
                    url: "https://mxos.mx/".into()
                },
                text(", "),
                Inline::Named {
                    text: "MxOS".into(),
                    name: "mxos".into()
                },
                text(", "),
                Inline::Anonymous {
                    text: "otro".into(),
                    index: 0
                },
                text(", see "),
                Inline::AutoLink("https://a.mx/x_(y)".into()),
                text(". or "),
                Inline::AutoLink("a@b.mx".into()),
                text("."),
            ]
        );
        assert_eq!(
            refs.named.get("mxos"),
            Some(&Target::Url("https://mxos.mx/".into()))
        );
        assert_eq!(
            inlines("snake_case, [1]_ and |name|_"),
            vec![
                text("snake_case, "),
                text("[1]"),
                text(" and "),
                Inline::Substitution("name".into())
            ]
        );
    }
}
