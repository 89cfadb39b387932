//! Snippets: the passage of a result's text that shows why it was found, its words
//! from the query marked. Owns choosing the passage and marking it; it may call the
//! analysis (to know which words stem to the query's) and nothing that reads the index.

use std::ops::Range;

use soporte_platform::i18n::Locale;

use crate::analysis::Marker;
use crate::query::Piece;

/// Bytes of text around the matches in a result, at most (but for the punctuation that
/// closes its last word).
const SNIPPET_BYTES: usize = 220;

/// What finds and marks a query's words in the texts of one language.
pub(crate) struct Snippets {
    marker: Marker,
}

impl Snippets {
    /// Marks `stems` (a plan's: typed, synonyms, near spellings, folded) in texts of
    /// `language`.
    pub(crate) fn new(language: Locale, stems: &[String]) -> Snippets {
        Snippets {
            marker: Marker::new(language, stems),
        }
    }

    /// The best passage of `body` as pieces, matches marked, with an ellipsis where it
    /// cuts a paragraph; the opening of the text when no word of the query is in it (a
    /// match in the title, or a near spelling).
    pub(crate) fn snippet(&self, body: &str) -> Vec<Piece> {
        let passage = passage(body, self.marker.stems());
        let words = self.marker.words(&body[passage.clone()]);
        let Some(fragment) = best_fragment(&words, SNIPPET_BYTES) else {
            let opening = window_of(body, SNIPPET_BYTES);
            let mut text = opening.to_owned();
            if opening.len() < body.len() {
                text.push(ELLIPSIS);
            }
            return vec![Piece {
                text,
                marked: false,
            }];
        };
        let start = passage.start + fragment.span.start;
        // The punctuation that closes the last word (a period, a parenthesis) goes
        // with it.
        let end = passage.start + fragment.span.end;
        let end = end + body[end..].len() - body[end..].trim_start_matches(is_closing).len();
        let mut pieces = Vec::new();
        let before = body[..start].trim_end_matches([' ', '\t']);
        let mut text = if before.is_empty() || before.ends_with('\n') {
            String::new()
        } else {
            ELLIPSIS.to_string()
        };
        let mut at = start;
        for mark in fragment.marks {
            let mark = passage.start + mark.start..passage.start + mark.end;
            text.push_str(&body[at..mark.start]);
            plain(&mut pieces, std::mem::take(&mut text));
            pieces.push(Piece {
                text: body[mark.clone()].to_owned(),
                marked: true,
            });
            at = mark.end;
        }
        text.push_str(&body[at..end]);
        let after = body[end..].trim_start_matches([' ', '\t']);
        if !(after.is_empty() || after.starts_with(['\n', '\r'])) {
            text.push(ELLIPSIS);
        }
        plain(&mut pieces, text);
        pieces
    }
}

/// Adds `text`, unmarked, to `pieces` unless it is empty.
fn plain(pieces: &mut Vec<Piece>, text: String) {
    if !text.is_empty() {
        pieces.push(Piece {
            text,
            marked: false,
        });
    }
}

/// What marks text left out before or after a snippet.
const ELLIPSIS: char = '…';

/// Whether `c` closes the word before it: punctuation written right after a word.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '»' | '”' | '’'
    )
}

/// A stretch of a text and the words marked in it, by their bytes in the text.
#[derive(Debug, PartialEq, Eq)]
struct Fragment {
    span: Range<usize>,
    marks: Vec<Range<usize>>,
}

/// The stretch of text holding the most marked words (the first of equals), from
/// `words` (each word's bytes, and whether it is marked): the text is cut into
/// stretches of at most `max_bytes`, each from the first word that would not fit in
/// the one before (the first from the start of the text) to its last word. `None`
/// when no word is marked.
fn best_fragment(words: &[(Range<usize>, bool)], max_bytes: usize) -> Option<Fragment> {
    let mut best: Option<Fragment> = None;
    let mut current = Fragment {
        span: 0..0,
        marks: Vec::new(),
    };
    let mut keep = |fragment: Fragment| {
        if fragment.marks.len() > best.as_ref().map_or(0, |best| best.marks.len()) {
            best = Some(fragment);
        }
    };
    for (word, marked) in words {
        if word.end - current.span.start > max_bytes {
            let next = Fragment {
                span: word.start..word.start,
                marks: Vec::new(),
            };
            keep(std::mem::replace(&mut current, next));
        }
        current.span.end = word.end;
        if *marked {
            current.marks.push(word.clone());
        }
    }
    keep(current);
    best
}

/// The passage searched for a snippet: this much text before the first match found
/// in the best paragraph, and this much in all.
const PASSAGE_BEFORE: usize = 200;
const PASSAGE_BYTES: usize = 700;
/// How much of an article is searched for the passage: the opening of a long manual
/// (a shell's is 350 kB) shows what it is, and reading all of it for each result would
/// cost more than the search.
pub(crate) const PASSAGE_SCAN_BYTES: usize = 64 * 1024;

/// Around the first match in the paragraph of `body` that holds the most of `stems`
/// (the first of equals): analyzing a whole long manual for every result would cost
/// more than the search. A stem is looked for as a folded substring, a cheap test
/// that can err: a stem a word does not start with (`luc` for `luz`) is missed, and
/// the passage chosen may hold nothing the analysis then marks. The body
/// is folded once and each stem looked for through all of it, so a long manual costs
/// one pass per stem rather than one per paragraph and stem.
fn passage(body: &str, stems: &[String]) -> Range<usize> {
    let body = window_of(body, PASSAGE_SCAN_BYTES);
    let folded = soporte_platform::text::fold(body);
    // Folding keeps the blank lines between paragraphs, so paragraphs pair up (but for
    // a combining accent alone between two line breaks: then the passage drifts).
    let mut starts: Vec<usize> = vec![0];
    starts.extend(memchr::memmem::find_iter(folded.as_bytes(), b"\n\n").map(|at| at + 2));
    // Per paragraph: how many stems it holds, and where the earliest one starts.
    let mut found: Vec<(usize, usize)> = vec![(0, usize::MAX); starts.len()];
    for stem in stems.iter().filter(|stem| !stem.is_empty()) {
        let mut last_paragraph = None;
        for at in memchr::memmem::find_iter(folded.as_bytes(), stem.as_bytes()) {
            let paragraph = starts.partition_point(|start| *start <= at) - 1;
            let entry = &mut found[paragraph];
            entry.1 = entry.1.min(at - starts[paragraph]);
            if last_paragraph != Some(paragraph) {
                entry.0 += 1;
                last_paragraph = Some(paragraph);
            }
        }
    }
    // The best paragraph: where it starts, its text, how many stems it holds, and the
    // character its first match starts at.
    let mut best: Option<(usize, &str, usize, usize)> = None;
    let mut breaks = memchr::memmem::find_iter(body.as_bytes(), b"\n\n");
    let mut from = 0;
    let paragraphs = std::iter::from_fn(|| {
        let start = from;
        let end = breaks.next();
        from = end.map_or(body.len() + 1, |at| at + 2);
        Some((start, body.get(start..end.unwrap_or(body.len()))?))
    });
    for (index, (start, paragraph)) in paragraphs.enumerate() {
        let Some(&(count, first_byte)) = found.get(index) else {
            break;
        };
        if count > best.map_or(0, |(_, _, most, _)| most) {
            let end = starts.get(index + 1).map_or(folded.len(), |next| next - 2);
            let first_char = folded
                .get(starts[index]..end)
                .and_then(|text| text.get(..first_byte))
                .map_or(0, |before| before.chars().count());
            best = Some((start, paragraph, count, first_char));
        }
    }
    let Some((paragraph_start, paragraph, _, first_char)) = best else {
        return window(body, 0);
    };
    // Folding keeps one character per character, but for the combining accents it
    // drops, so the match's character index is the same in the paragraph (a little
    // early in text written with combining accents).
    let start = paragraph
        .char_indices()
        .nth(first_char)
        .map_or(0, |(at, _)| at.saturating_sub(PASSAGE_BEFORE));
    let within = window(paragraph, start);
    paragraph_start + within.start..paragraph_start + within.end
}

/// At most [`PASSAGE_BYTES`] of `text` from about `start`, on character boundaries and
/// from the start of a word.
fn window(text: &str, start: usize) -> Range<usize> {
    let mut from = start.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mid_word = !text[..from].is_empty() && !text[..from].ends_with(char::is_whitespace);
    if let Some(space) = text[from..].find(char::is_whitespace).filter(|_| mid_word) {
        from += space;
    }
    from..from + window_of(&text[from..], PASSAGE_BYTES).len()
}

/// The first `bytes` of `text` at most, cut on a character boundary.
pub(crate) fn window_of(text: &str, bytes: usize) -> &str {
    let mut to = bytes.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[..to]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    /// The words of `text` (split on spaces), those in capitals marked.
    fn words(text: &str) -> Vec<(Range<usize>, bool)> {
        let mut found = Vec::new();
        let mut at = 0;
        for word in text.split(' ') {
            let marked = word.chars().all(char::is_uppercase);
            found.push((at..at + word.len(), marked));
            at += word.len() + 1;
        }
        found
    }

    #[test]
    fn the_fragment_is_the_stretch_with_the_most_marked_words() {
        let text = "uno DOS tres cuatro CINCO SEIS siete";
        // Stretches of at most 12 bytes: "uno DOS tres", "cuatro CINCO", "SEIS siete".
        let fragment = best_fragment(&words(text), 12).unwrap();
        assert_eq!(&text[fragment.span.clone()], "uno DOS tres");
        // Of at most 20: "uno DOS tres cuatro", "CINCO SEIS siete".
        let fragment = best_fragment(&words(text), 20).unwrap();
        assert_eq!(&text[fragment.span.clone()], "CINCO SEIS siete");
        let marks: Vec<&str> = fragment
            .marks
            .iter()
            .map(|mark| &text[mark.clone()])
            .collect();
        assert_eq!(marks, ["CINCO", "SEIS"]);
        // The first of equals.
        let fragment = best_fragment(&words("a B c d E f"), 5).unwrap();
        assert_eq!(fragment.span, 0..5);
        assert_eq!(best_fragment(&words("nada que marcar"), 10), None);
        assert_eq!(best_fragment(&[], 10), None);
    }

    #[test]
    fn snippets_mark_the_words_asked_for_in_any_form() {
        let stems = analysis::analyze(Locale::EsMx, "impresora cola");
        let stems: Vec<String> = stems.into_iter().map(|term| term.text).collect();
        let snippets = Snippets::new(Locale::EsMx, &stems);
        let pieces = snippets.snippet("Antes.\n\nSi las Impresoras se detienen, vacía la cola.");
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|piece| piece.marked)
            .map(|piece| piece.text.as_str())
            .collect();
        assert_eq!(marked, ["Impresoras", "cola"]);
        let whole: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
        // The best paragraph, whole: no ellipsis.
        assert_eq!(whole, "Si las Impresoras se detienen, vacía la cola.");
        // Nothing to mark: the opening, cut short.
        let long = "palabra ".repeat(60);
        let pieces = snippets.snippet(&long);
        assert_eq!(pieces.len(), 1);
        assert!(!pieces[0].marked && pieces[0].text.ends_with('…'));
    }

    #[test]
    fn a_snippet_that_cuts_a_paragraph_says_so() {
        let stems = analysis::analyze(Locale::EsMx, "cola");
        let snippets = Snippets::new(Locale::EsMx, &[stems[0].text.clone()]);
        let before = "Antes de todo, lea con calma las instrucciones del fabricante. ".repeat(6);
        let after = " Después siga con los demás pasos de la guía de instalación.".repeat(6);
        let body = format!("Título.\n\n{before}Vacíe la cola (de impresión).{after}\n\nFin.");
        let pieces = snippets.snippet(&body);
        let whole: String = pieces.iter().map(|piece| piece.text.as_str()).collect();
        assert!(whole.starts_with('…') && whole.ends_with('…'), "{whole}");
        assert!(whole.contains("Vacíe la cola (de impresión)."), "{whole}");
        assert!(
            pieces
                .iter()
                .any(|piece| piece.marked && piece.text == "cola")
        );
        // The ellipses are text around the marks, never marked.
        assert!(
            pieces
                .iter()
                .filter(|piece| piece.marked)
                .all(|piece| !piece.text.contains('…'))
        );
    }

    #[test]
    fn the_passage_is_the_paragraph_holding_most_of_the_words() {
        let stems = ["impresor".to_owned(), "cola".to_owned()];
        let body = "Introducción.\n\nLa impresora está lista.\n\n\
                    Si la impresora se detiene, vacía la cola de impresión.\n\nFin.";
        let found = |body: &'static str| &body[passage(body, &stems)];
        assert_eq!(
            found(body),
            "Si la impresora se detiene, vacía la cola de impresión."
        );
        // Nothing found: the opening of the text.
        assert_eq!(found("Uno.\n\nDos."), "Uno.\n\nDos.");
        // Accents and capitals do not hide a word.
        assert_eq!(
            found("Otra cosa.\n\nLA IMPRESORA Y SU CÓLA."),
            "LA IMPRESORA Y SU CÓLA."
        );
    }
}
