//! The index's vocabulary: how many documents use a word, and the words a few edits
//! away from one (a Levenshtein automaton walking the term dictionary), for near
//! spellings and "¿Quisiste decir…?". Reads the index's `words` field; called by the
//! index, which hands it to the plan as its [`Vocabulary`].

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder};
use tantivy::Term;
use tantivy::schema::Field;

use crate::plan::Vocabulary;
use crate::spelling;

/// The index's words field as the plan's [`Vocabulary`]. The words field holds every
/// language's words, so the near spellings found for one language's plan are kept
/// for the next.
pub(crate) struct Words<'a> {
    searcher: &'a tantivy::Searcher,
    field: Field,
    near: RefCell<BTreeMap<(String, usize), NearWords>>,
}

/// Words near a word, with how many documents use each.
type NearWords = Vec<(String, u64)>;

impl<'a> Words<'a> {
    pub(crate) fn new(searcher: &'a tantivy::Searcher, field: Field) -> Words<'a> {
        Words {
            searcher,
            field,
            near: RefCell::default(),
        }
    }
}

impl Vocabulary for Words<'_> {
    fn uses(&self, word: &str) -> u64 {
        let term = Term::from_field_text(self.field, word);
        self.searcher.doc_freq(&term).unwrap_or(0)
    }

    fn near(&self, word: &str, edits: usize) -> Vec<(String, u64)> {
        let key = (word.to_owned(), edits);
        if let Some(known) = self.near.borrow().get(&key) {
            return known.clone();
        }
        let found = near_words(self.searcher, self.field, word, edits).unwrap_or_default();
        self.near.borrow_mut().insert(key, found.clone());
        found
    }
}

/// The words of `field` within `edits` edits of `word` (swaps of two neighbours count
/// one), with how many documents use each.
pub(crate) fn near_words(
    searcher: &tantivy::Searcher,
    field: Field,
    word: &str,
    edits: usize,
) -> tantivy::Result<Vec<(String, u64)>> {
    let Some(builder) = edits.checked_sub(1).and_then(|slot| LEVENSHTEIN.get(slot)) else {
        return Ok(Vec::new());
    };
    let distance = if edits == 1 { 1 } else { 2 };
    let automaton = Automaton {
        dfa: builder
            .get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true))
            .build_dfa(word),
        // Two edits away reaches much of the vocabulary: only words that start the
        // way the one typed may have been meant to.
        first: if edits >= 2 {
            spelling::first_letters(word)
        } else {
            None
        },
    };
    let mut uses: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().search(&automaton).into_stream()?;
        while terms.advance() {
            if let Ok(text) = std::str::from_utf8(terms.key()) {
                *uses.entry(text.to_owned()).or_default() += u64::from(terms.value().doc_freq);
            }
        }
    }
    Ok(uses.into_iter().collect())
}

/// The automata builders for one and two edits: slow to make, so made once.
static LEVENSHTEIN: [OnceLock<LevenshteinAutomatonBuilder>; 2] = [OnceLock::new(), OnceLock::new()];

/// A Levenshtein automaton walking a term dictionary, for words that start with one
/// of `first` if given.
struct Automaton {
    dfa: DFA,
    first: Option<Vec<u8>>,
}

/// The state before the first letter, when the first letter is restricted.
const BEFORE_FIRST: u32 = u32::MAX;

impl tantivy_fst::Automaton for Automaton {
    type State = u32;

    fn start(&self) -> u32 {
        match self.first {
            Some(_) => BEFORE_FIRST,
            None => self.dfa.initial_state(),
        }
    }

    fn is_match(&self, state: &u32) -> bool {
        *state != BEFORE_FIRST && matches!(self.dfa.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        if *state != BEFORE_FIRST {
            return self.dfa.transition(*state, byte);
        }
        match &self.first {
            Some(first) if !first.contains(&byte) => levenshtein_automata::SINK_STATE,
            _ => self.dfa.transition(self.dfa.initial_state(), byte),
        }
    }
}
