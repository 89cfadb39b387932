//! What a person writes in the forum, parsed from a form into types that hold only
//! good values: a topic's kind, title and tags, a post's body. Plain data, no I/O.

use soporte_platform::text;

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The shortest title worth asking, in characters: enough for the search to propose.
pub const TITLE_MIN: usize = 8;
/// The longest post, in characters.
pub const BODY_MAX: usize = 20_000;
/// The most tags a topic has.
pub const TAGS_MAX: usize = 5;
/// The longest tag, in characters.
pub const TAG_MAX: usize = 30;

/// Why what was written cannot be posted; each names the Fluent id the form shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the title is empty or too short")]
    TitleTooShort,
    #[error("the title is too long")]
    TitleTooLong,
    #[error("the post is empty")]
    BodyEmpty,
    #[error("the post is too long")]
    BodyTooLong,
    #[error("too many tags")]
    TooManyTags,
    #[error("a tag is too long")]
    TagTooLong,
    #[error("unknown kind of topic")]
    UnknownKind,
    #[error("unknown category")]
    UnknownCategory,
}

impl Problem {
    pub fn message_id(self) -> &'static str {
        match self {
            Problem::TitleTooShort => "forum-problem-title-short",
            Problem::TitleTooLong => "forum-problem-title-long",
            Problem::BodyEmpty => "forum-problem-body-empty",
            Problem::BodyTooLong => "forum-problem-body-long",
            Problem::TooManyTags => "forum-problem-tags-many",
            Problem::TagTooLong => "forum-problem-tag-long",
            Problem::UnknownKind => "forum-problem-kind",
            Problem::UnknownCategory => "forum-problem-category",
        }
    }
}

/// What a topic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Has states and an accepted answer.
    Question,
    /// A conversation; no solution to mark.
    Discussion,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::Discussion => "discussion",
        }
    }

    pub fn parse(text: &str) -> Result<Kind, Problem> {
        match text {
            "question" => Ok(Kind::Question),
            "discussion" => Ok(Kind::Discussion),
            _ => Err(Problem::UnknownKind),
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Kind::Question => "forum-kind-question",
            Kind::Discussion => "forum-kind-discussion",
        }
    }
}

/// One line of text with its spaces tidied, without characters that show nothing or
/// turn text around.
fn one_line(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !text::is_bidi_control(*c) && !text::is_unwanted(*c))
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A topic's title: one line, [`TITLE_MIN`] to [`TITLE_MAX`] characters, with at least
/// one letter or digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(text: &str) -> Result<Title, Problem> {
        let line = one_line(text);
        let length = line.chars().count();
        if length < TITLE_MIN || !line.chars().any(char::is_alphanumeric) {
            return Err(Problem::TitleTooShort);
        }
        if length > TITLE_MAX {
            return Err(Problem::TitleTooLong);
        }
        Ok(Title(line))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A post's Markdown: line breaks as `\n`, up to [`BODY_MAX`] characters, something
/// visible in it. Rendered through the one sanitizer when shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    pub fn parse(text: &str) -> Result<Body, Problem> {
        let kept: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| !text::is_unwanted(*c) && !text::is_bidi_control(*c))
            .collect();
        let trimmed = kept.trim_matches(|c: char| c.is_whitespace());
        if trimmed.chars().all(text::is_invisible) {
            return Err(Problem::BodyEmpty);
        }
        if trimmed.chars().count() > BODY_MAX {
            return Err(Problem::BodyTooLong);
        }
        Ok(Body(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A topic's tags: at most [`TAGS_MAX`], each a slug of at most [`TAG_MAX`]
/// characters, without repeats, in the order written. Written comma- or space-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    pub fn parse(text: &str) -> Result<Tags, Problem> {
        let mut tags: Vec<String> = Vec::new();
        for word in text.split([',', ' ', '\n', '\t', ';']) {
            let tag = text::slug(word);
            if tag.is_empty() || tags.contains(&tag) {
                continue;
            }
            if tag.chars().count() > TAG_MAX {
                return Err(Problem::TagTooLong);
            }
            tags.push(tag);
        }
        if tags.len() > TAGS_MAX {
            return Err(Problem::TooManyTags);
        }
        Ok(Tags(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// As written back into a form.
    pub fn to_text(&self) -> String {
        self.0.join(", ")
    }
}

/// One tag named in an address (`?etiqueta=`): a slug, or nothing.
pub fn tag_filter(text: &str) -> Option<String> {
    let tag = text::slug(text);
    (!tag.is_empty() && tag.chars().count() <= TAG_MAX).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_tidy_line_of_sensible_length() {
        assert_eq!(
            Title::parse("  ¿Por qué no\n suena   el audio? ")
                .unwrap()
                .as_str(),
            "¿Por qué no suena el audio?"
        );
        assert_eq!(Title::parse("ayuda"), Err(Problem::TitleTooShort));
        assert_eq!(Title::parse("¿¿¿???!!!..."), Err(Problem::TitleTooShort));
        assert_eq!(Title::parse(&"a".repeat(201)), Err(Problem::TitleTooLong));
        assert_eq!(
            Title::parse("Wi\u{202E}fi no conecta").unwrap().as_str(),
            "Wifi no conecta"
        );
    }

    #[test]
    fn bodies_keep_their_lines_and_refuse_nothing_or_too_much() {
        assert_eq!(
            Body::parse("\r\n Primero\r\nSegundo \n").unwrap().as_str(),
            "Primero\r\nSegundo".replace("\r\n", "\n")
        );
        assert_eq!(Body::parse(" \u{200B}\n\t"), Err(Problem::BodyEmpty));
        assert_eq!(
            Body::parse(&"x".repeat(BODY_MAX + 1)),
            Err(Problem::BodyTooLong)
        );
        assert!(Body::parse(&"x".repeat(BODY_MAX)).is_ok());
    }

    #[test]
    fn tags_are_slugs_without_repeats() {
        let tags = Tags::parse("Audio, Wi-Fi  audio;impresoras").unwrap();
        assert_eq!(tags.as_slice(), ["audio", "wi-fi", "impresoras"]);
        assert_eq!(tags.to_text(), "audio, wi-fi, impresoras");
        assert_eq!(Tags::parse("a b c d e f"), Err(Problem::TooManyTags));
        assert_eq!(Tags::parse(&"x".repeat(31)), Err(Problem::TagTooLong));
        assert_eq!(Tags::parse(" , ").unwrap(), Tags::default());
        assert_eq!(tag_filter("Wi-Fi"), Some("wi-fi".to_owned()));
        assert_eq!(tag_filter("--"), None);
    }

    #[test]
    fn kinds_read_back() {
        for kind in [Kind::Question, Kind::Discussion] {
            assert_eq!(Kind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(Kind::parse("poll"), Err(Problem::UnknownKind));
    }
}
