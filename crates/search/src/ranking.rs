//! How an article's score is made from a query's plan: what each field, each way of
//! saying a concept, the concepts met, the words typed side by side and the reader's
//! language weigh, and the tantivy query that adds them up. Called by the index; the
//! weights were chosen on bench/relevance (its README's results log says how).

use soporte_platform::i18n::Locale;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query as TantivyQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis;
use crate::bm25f::Bm25f;
use crate::plan::{Concept, Plan};
use crate::query::Query;
use crate::schema::{Fields, Stems};
use crate::scorers::{Bonus, Sum};

/// What matching one of an article's keywords adds to matching it as a title word.
/// A constant: a keyword list is short and most articles have none, so BM25's length
/// normalization would say little that is true about it.
const KEYWORD_BONUS: f32 = 10.0;
/// What a use of a stem in the title and in a heading weighs next to one in the text,
/// before its uses in every field saturate together (see [`Bm25f`]).
const TITLE_WEIGHT: f32 = 10.0;
const HEADINGS_WEIGHT: f32 = 6.0;
/// What a use of a stem in the lead, the first words of the text (which go on
/// counting as text too), weighs next to one further on: an article says first what
/// it is about.
const LEAD_WEIGHT: f32 = 2.0;
/// What a phrase (a synonym of several words) in the title weighs next to one in the
/// text, each field scored apart by tantivy's BM25.
const PHRASE_TITLE_WEIGHT: f32 = 3.0;
/// What the words typed standing together weigh, in the title and in the text.
const TYPED_PHRASE_WEIGHT: [f32; 2] = [4.0, 2.0];
/// What an article using a concept at all gains, per unit of the concept's inverse
/// document frequency.
const CONCEPT_BONUS: f32 = 2.0;
/// What the word typed, in the very form typed (folded), weighs next to its stem: an
/// article saying `configuracion` ranks above one saying only `configurar` for the
/// query `configuracion`.
const EXACT_WEIGHT: f32 = 1.0;
/// What the other ways of saying a concept add to the best one an article uses.
const OTHER_WAYS: f32 = 0.1;
/// What being in the reader's language adds to a document's score: about one good
/// title match, so an article in the reader's language wins among near equals.
const PREFERRED_LANGUAGE_BONUS: f32 = 7.0;

/// The tantivy query for `plans` (one per language, over that language's fields):
/// each concept scores a bonus for being there at all and the best of its ways
/// (keywords, then title and headings weigh more than the text); the words typed
/// standing together as a phrase weigh more again, and each in the very form
/// typed; the filters must hold. `None` when the query has no searchable word.
pub(crate) fn query(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    plans: &[(Locale, Plan)],
    query: &Query,
    prefer: Locale,
) -> Option<Box<dyn TantivyQuery>> {
    let mut any: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    // The words as typed, once whatever the language (the words field holds them
    // all), with the most any plan gives them.
    let mut exact: Vec<(String, f32)> = Vec::new();
    for (language, plan) in plans {
        let stems = fields.stems(*language);
        for concept in &plan.concepts {
            let ways = concept
                .ways
                .iter()
                .map(|way| way_query(stems, &way.stems, way.weight * concept.weight))
                .collect();
            let best = DisjunctionMaxQuery::with_tie_breaker(ways, OTHER_WAYS);
            if let Some(word) = &concept.exact {
                match exact.iter_mut().find(|(known, _)| known == word) {
                    Some((_, weight)) => *weight = weight.max(concept.weight),
                    None => exact.push((word.clone(), concept.weight)),
                }
            }
            // Matching a concept at all is worth something of its own, more for
            // a telling one: an article that speaks of every part of the
            // question beats one that repeats a single word of it.
            let bonus = CONCEPT_BONUS * concept_idf(searcher, stems, concept);
            let scored = Bonus::new(Box::new(best), bonus * concept.weight);
            any.push((Occur::Should, Box::new(scored)));
        }
        if plan.typed.len() >= 2 {
            any.push((Occur::Should, typed_phrase(stems, &plan.typed)));
        }
    }
    if any.is_empty() {
        return None;
    }
    // The very form typed, anywhere in the article, adds to its stem.
    for (word, weight) in exact {
        let query = term_query(fields.words, &word);
        any.push((Occur::Should, boosted(query, EXACT_WEIGHT * weight)));
    }
    let mut all: Vec<(Occur, Box<dyn TantivyQuery>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
    if let Some(collection) = query.collection() {
        let only = term_query(fields.collection, collection);
        all.push((Occur::Must, boosted(only, 0.0)));
    }
    match query.language() {
        Some(language) => {
            let only = term_query(fields.language, language.tag());
            all.push((Occur::Must, boosted(only, 0.0)));
        }
        None => {
            let preferred = term_query(fields.language, prefer.tag());
            let bonus = ConstScoreQuery::new(preferred, PREFERRED_LANGUAGE_BONUS);
            all.push((Occur::Should, Box::new(bonus)));
        }
    }
    Some(Box::new(BooleanQuery::new(all)))
}

/// How telling a concept is: the inverse document frequency of its one-word ways
/// together, in the text of the language.
fn concept_idf(searcher: &tantivy::Searcher, stems: Stems, concept: &Concept) -> f32 {
    let total = searcher.num_docs() as f32;
    let mut uses = 0u64;
    for way in &concept.ways {
        if let [stem] = way.stems.as_slice() {
            uses += searcher
                .doc_freq(&Term::from_field_text(stems.body, stem))
                .unwrap_or(0);
        }
    }
    let uses = (uses as f32).min(total);
    (1.0 + (total - uses + 0.5) / (uses + 0.5)).ln()
}

/// One way of saying a concept over a language's fields: a stem in the title, the
/// headings and the text (and as a keyword), or stems that stand together as a
/// phrase in the title and the text; `weight` scales it all.
fn way_query(stems: Stems, way: &[String], weight: f32) -> Box<dyn TantivyQuery> {
    let mut fields: Vec<Box<dyn TantivyQuery>> = Vec::new();
    if let [stem] = way {
        let over_fields = [
            (stems.title, TITLE_WEIGHT),
            (stems.headings, HEADINGS_WEIGHT),
            (stems.lead, LEAD_WEIGHT),
            (stems.body, 1.0),
        ]
        .into_iter()
        .map(|(field, field_weight)| (Term::from_field_text(field, stem), field_weight))
        .collect();
        fields.push(Box::new(Bm25f::new(over_fields)));
        let keyword = ConstScoreQuery::new(term_query(stems.keywords, stem), KEYWORD_BONUS);
        fields.push(Box::new(keyword));
    } else {
        for (field, field_weight) in [(stems.title, PHRASE_TITLE_WEIGHT), (stems.body, 1.0)] {
            let phrase = way
                .iter()
                .map(|stem| Term::from_field_text(field, stem))
                .collect();
            fields.push(boosted(Box::new(PhraseQuery::new(phrase)), field_weight));
        }
    }
    boosted(Box::new(Sum::new(fields)), weight)
}

/// The words typed, together as a phrase (one other word may stand between two) in
/// the title and the text.
fn typed_phrase(stems: Stems, typed: &[analysis::Term]) -> Box<dyn TantivyQuery> {
    let first = typed.first().map_or(0, |term| term.position);
    let mut fields: Vec<Box<dyn TantivyQuery>> = Vec::new();
    for (field, field_weight) in [
        (stems.title, TYPED_PHRASE_WEIGHT[0]),
        (stems.body, TYPED_PHRASE_WEIGHT[1]),
    ] {
        let phrase = typed
            .iter()
            .map(|term| {
                (
                    term.position - first,
                    Term::from_field_text(field, &term.text),
                )
            })
            .collect();
        let phrase = PhraseQuery::new_with_offset_and_slop(phrase, 1);
        fields.push(boosted(Box::new(phrase), field_weight));
    }
    Box::new(Sum::new(fields))
}

fn term_query(field: Field, text: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(query: Box<dyn TantivyQuery>, weight: f32) -> Box<dyn TantivyQuery> {
    Box::new(BoostQuery::new(query, weight))
}
