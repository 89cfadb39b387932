//! A search as asked (words, filters, page) and as answered (hits with snippets), as
//! plain data. Whatever people type becomes a valid [`Query`]: syntax characters are
//! just punctuation, control characters are dropped, runaway input is cut short.

use soporte_platform::i18n::Locale;

/// The most characters of a query that are kept.
pub const MAX_QUERY_CHARS: usize = 200;
/// Results per page.
pub const PAGE_SIZE: usize = 10;
/// The most hits one search gives an area at once.
pub const MAX_HITS: usize = 1000;
/// Pages beyond this are not offered: nobody reads them, and they cost.
pub const MAX_PAGE: usize = 50;

/// A search to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    text: String,
    collection: Option<String>,
    language: Option<Locale>,
    page: usize,
    /// Whether the text was cut to [`MAX_QUERY_CHARS`].
    truncated: bool,
    /// Whether hits come with a snippet of their text.
    snippets: bool,
    /// How many hits a page holds.
    page_size: usize,
}

impl Query {
    /// The query for `text`: whitespace collapsed, control characters dropped, at
    /// most [`MAX_QUERY_CHARS`] characters.
    pub fn new(text: &str) -> Query {
        let mut clean = String::with_capacity(text.len().min(MAX_QUERY_CHARS * 4));
        let mut kept = 0;
        let mut truncated = false;
        for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
            if word.is_empty() {
                continue;
            }
            let room = MAX_QUERY_CHARS.saturating_sub(kept + usize::from(kept > 0));
            if room == 0 {
                truncated = true;
                break;
            }
            if kept > 0 {
                clean.push(' ');
                kept += 1;
            }
            let mut taken = 0;
            for c in word.chars().filter(|c| !c.is_control()) {
                if taken == room {
                    truncated = true;
                    break;
                }
                clean.push(c);
                taken += 1;
            }
            kept += taken;
        }
        Query {
            text: clean,
            collection: None,
            language: None,
            page: 1,
            truncated,
            snippets: true,
            page_size: PAGE_SIZE,
        }
    }

    /// At most `hits` hits in one page (from 1 to [`MAX_HITS`]), for an area that
    /// filters a list by what the search finds.
    pub fn at_most(mut self, hits: usize) -> Query {
        self.page_size = hits.clamp(1, MAX_HITS);
        self
    }

    /// Only documents of this collection (a slug the areas give).
    pub fn in_collection(mut self, collection: &str) -> Query {
        self.collection = Some(collection.to_owned()).filter(|slug| !slug.is_empty());
        self
    }

    /// Only documents in this language.
    pub fn in_language(mut self, language: Option<Locale>) -> Query {
        self.language = language;
        self
    }

    /// The page of results, from 1; out-of-range numbers are brought in range.
    pub fn on_page(mut self, page: usize) -> Query {
        self.page = page.clamp(1, MAX_PAGE);
        self
    }

    /// Hits without snippets, for a list that shows titles only: the ranking is the
    /// same, without reading and marking each hit's text.
    pub fn without_snippets(mut self) -> Query {
        self.snippets = false;
        self
    }

    pub fn snippets(&self) -> bool {
        self.snippets
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether nothing in the query can be searched for: no text, or only
    /// punctuation and symbols.
    pub fn is_empty(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }

    pub fn truncated(&self) -> bool {
        self.truncated
    }

    pub fn collection(&self) -> Option<&str> {
        self.collection.as_deref()
    }

    pub fn language(&self) -> Option<Locale> {
        self.language
    }

    pub fn page(&self) -> usize {
        self.page
    }

    pub(crate) fn offset(&self) -> usize {
        (self.page - 1) * self.page_size
    }

    pub(crate) fn limit(&self) -> usize {
        self.page_size
    }
}

/// A piece of a snippet: text, and whether it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub key: String,
    pub title: String,
    pub path: String,
    pub collection: String,
    pub language: Locale,
    /// Whether it settles a problem (an article, a solved question).
    pub settled: bool,
    pub snippet: Vec<Piece>,
}

/// A page of results and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_control_characters_are_cleaned() {
        let query = Query::new("  la\timpresora \u{0}no\u{7}  imprime\n");
        assert_eq!(query.text(), "la impresora no imprime");
        assert!(!query.truncated());
    }

    #[test]
    fn syntax_characters_are_kept_as_punctuation() {
        assert_eq!(
            Query::new("\"red\" * : (wifi)").text(),
            "\"red\" * : (wifi)"
        );
    }

    #[test]
    fn long_queries_are_cut_at_a_character_boundary() {
        let query = Query::new(&"ñandú ".repeat(2_000));
        assert!(query.truncated());
        assert!(query.text().chars().count() <= MAX_QUERY_CHARS);
        let one_word = Query::new(&"á".repeat(10_000));
        assert_eq!(one_word.text().chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn pages_stay_in_range() {
        assert_eq!(Query::new("x").on_page(0).page(), 1);
        assert_eq!(Query::new("x").on_page(10_000).page(), MAX_PAGE);
        assert_eq!(Query::new("x").on_page(3).offset(), 20);
    }

    #[test]
    fn an_empty_collection_is_no_filter() {
        assert_eq!(Query::new("x").in_collection("").collection(), None);
    }
}
