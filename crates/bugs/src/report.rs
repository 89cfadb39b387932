//! What a person writes in the tracker, parsed from a form or the API into types that
//! hold only good values: a report's title, its description (what happened, the steps,
//! what was expected), the architecture, tags, and a comment. Plain data, no I/O.

use soporte_platform::text;

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The shortest title, in characters: enough for the search to find duplicates.
pub const TITLE_MIN: usize = 8;
/// The longest part of a description (or comment), in characters. A log longer than
/// this goes in an attachment.
pub const TEXT_MAX: usize = 20_000;
/// The most tags a report has, and the longest tag.
pub const TAGS_MAX: usize = 8;
pub const TAG_MAX: usize = 30;

/// Why what was written cannot be kept; each names the Fluent id the form shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the title is empty or too short")]
    TitleTooShort,
    #[error("the title is too long")]
    TitleTooLong,
    #[error("what happened is not said")]
    WhatHappenedEmpty,
    #[error("a text is too long")]
    TextTooLong,
    #[error("the comment is empty")]
    CommentEmpty,
    #[error("unknown architecture")]
    UnknownArchitecture,
    #[error("too many tags, or a tag too long")]
    BadTags,
    #[error("unknown product")]
    UnknownProduct,
    #[error("unknown component")]
    UnknownComponent,
    #[error("unknown version")]
    UnknownSeries,
}

impl Problem {
    pub fn message_id(self) -> &'static str {
        match self {
            Problem::TitleTooShort => "bugs-problem-title-short",
            Problem::TitleTooLong => "bugs-problem-title-long",
            Problem::WhatHappenedEmpty => "bugs-problem-what-happened",
            Problem::TextTooLong => "bugs-problem-text-long",
            Problem::CommentEmpty => "bugs-problem-comment-empty",
            Problem::UnknownArchitecture => "bugs-problem-architecture",
            Problem::BadTags => "bugs-problem-tags",
            Problem::UnknownProduct => "bugs-problem-product",
            Problem::UnknownComponent => "bugs-problem-component",
            Problem::UnknownSeries => "bugs-problem-series",
        }
    }
}

/// Trimmed, tidy text: the unwanted characters (controls, bidi overrides) dropped.
fn tidy(text: &str) -> String {
    text::clean(text).trim().to_owned()
}

/// A report's title: one line, 8 to 200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(text: &str) -> Result<Title, Problem> {
        let line = tidy(text).split_whitespace().collect::<Vec<_>>().join(" ");
        let count = line.chars().count();
        if count < TITLE_MIN {
            Err(Problem::TitleTooShort)
        } else if count > TITLE_MAX {
            Err(Problem::TitleTooLong)
        } else {
            Ok(Title(line))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Markdown text of at most [`TEXT_MAX`] characters (maybe empty).
fn text_part(text: &str) -> Result<String, Problem> {
    let text = tidy(text);
    if text.chars().count() > TEXT_MAX {
        return Err(Problem::TextTooLong);
    }
    Ok(text)
}

/// What the reporter says: what happened (required), the steps to reproduce it and
/// what they expected (optional).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    pub what_happened: String,
    pub steps: String,
    pub expected: String,
}

impl Description {
    pub fn parse(what_happened: &str, steps: &str, expected: &str) -> Result<Description, Problem> {
        let what_happened = text_part(what_happened)?;
        if what_happened.is_empty() {
            return Err(Problem::WhatHappenedEmpty);
        }
        Ok(Description {
            what_happened,
            steps: text_part(steps)?,
            expected: text_part(expected)?,
        })
    }

    /// The description as one Markdown text, with `headings` (the steps' and the
    /// expectation's, in the reporter's language) before the optional parts.
    pub fn markdown(&self, headings: (&str, &str)) -> String {
        let mut text = self.what_happened.clone();
        for (heading, part) in [(headings.0, &self.steps), (headings.1, &self.expected)] {
            if !part.is_empty() {
                text.push_str(&format!("\n\n## {heading}\n\n{part}"));
            }
        }
        text
    }
}

/// A comment's Markdown text: not empty, at most [`TEXT_MAX`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentText(String);

impl CommentText {
    pub fn parse(text: &str) -> Result<CommentText, Problem> {
        let text = text_part(text)?;
        if text.is_empty() {
            return Err(Problem::CommentEmpty);
        }
        Ok(CommentText(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The machine a report happened on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Aarch64,
    Riscv64,
    I686,
    /// The reporter does not know (or it does not matter).
    Unknown,
}

impl Architecture {
    pub const ALL: [Architecture; 5] = [
        Architecture::X86_64,
        Architecture::Aarch64,
        Architecture::Riscv64,
        Architecture::I686,
        Architecture::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Aarch64 => "aarch64",
            Architecture::Riscv64 => "riscv64",
            Architecture::I686 => "i686",
            Architecture::Unknown => "",
        }
    }

    pub fn parse(text: &str) -> Result<Architecture, Problem> {
        let text = text.trim();
        Architecture::ALL
            .into_iter()
            .find(|architecture| architecture.as_str() == text)
            .ok_or(Problem::UnknownArchitecture)
    }
}

/// A report's tags: lowercase slugs, at most [`TAGS_MAX`] of at most [`TAG_MAX`]
/// characters, without repeats, from a comma-separated text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    pub fn parse(text: &str) -> Result<Tags, Problem> {
        let mut tags: Vec<String> = Vec::new();
        for part in text.split([',', ' ']) {
            let tag = soporte_platform::text::slug(part);
            if tag.is_empty() {
                continue;
            }
            if tag.chars().count() > TAG_MAX {
                return Err(Problem::BadTags);
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > TAGS_MAX {
            return Err(Problem::BadTags);
        }
        Ok(Tags(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn joined(&self) -> String {
        self.0.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_tidy_line() {
        assert_eq!(
            Title::parse("  El sonido\n  se corta  ").map(|t| t.0),
            Ok("El sonido se corta".to_owned())
        );
        assert_eq!(Title::parse("corto"), Err(Problem::TitleTooShort));
        assert_eq!(Title::parse(&"a".repeat(201)), Err(Problem::TitleTooLong));
    }

    #[test]
    fn a_description_says_what_happened_and_keeps_logs_short() {
        assert_eq!(
            Description::parse(" ", "1. abrir", ""),
            Err(Problem::WhatHappenedEmpty)
        );
        let log = "línea de registro\n".repeat(12_000);
        assert_eq!(Description::parse(&log, "", ""), Err(Problem::TextTooLong));
        assert_eq!(
            Description::parse("falla", &log, ""),
            Err(Problem::TextTooLong)
        );
        let description = Description::parse("No hay sonido.", "1. Abrir\n2. Tocar", "")
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            description.markdown(("Pasos", "Esperado")),
            "No hay sonido.\n\n## Pasos\n\n1. Abrir\n2. Tocar"
        );
    }

    #[test]
    fn architectures_and_tags() {
        assert_eq!(Architecture::parse("aarch64"), Ok(Architecture::Aarch64));
        assert_eq!(Architecture::parse(""), Ok(Architecture::Unknown));
        assert_eq!(
            Architecture::parse("sparc"),
            Err(Problem::UnknownArchitecture)
        );
        assert_eq!(
            Tags::parse("Audio, audio  pulseaudio").map(|t| t.0),
            Ok(vec!["audio".to_owned(), "pulseaudio".to_owned()])
        );
        assert_eq!(Tags::parse("a,b,c,d,e,f,g,h,i"), Err(Problem::BadTags));
        assert_eq!(CommentText::parse("  "), Err(Problem::CommentEmpty));
    }
}
