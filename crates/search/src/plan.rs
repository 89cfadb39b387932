//! What a query asks for, in one language, before any index is touched: one concept
//! per word typed, each with the ways an article may say it (the word itself, the
//! staff's synonyms, the nearest spellings of a word no article uses), each way with
//! its weight. A concept counts by the best of its ways an article uses (the others
//! add a tenth), so a word with many synonyms cannot drown the other words of the
//! query. Plain data
//! over plain functions; the index supplies its vocabulary through [`Vocabulary`].

use soporte_platform::i18n::Locale;

use crate::analysis;
use crate::spelling;
use crate::synonyms::Synonyms;

/// The most query words that are looked up; the rest of a runaway query is ignored.
pub const MAX_QUERY_TERMS: usize = 24;
/// How much a synonym weighs next to the word typed.
pub const SYNONYM_WEIGHT: f32 = 0.7;
/// How much a spelling one edit away from an unknown word weighs; two edits away,
/// less again.
pub const NEAR_SPELLING_WEIGHT: [f32; 2] = [0.8, 0.6];
/// The most synonyms one query brings in.
const MAX_SYNONYMS: usize = 16;
/// The most spellings looked up for one unknown word.
const MAX_SPELLINGS: usize = 3;

/// The words the index holds (folded, unstemmed).
pub trait Vocabulary {
    /// How many documents use `word`.
    fn uses(&self, word: &str) -> u64;
    /// The words within `edits` edits of `word`, with how many documents use each.
    fn near(&self, word: &str, edits: usize) -> Vec<(String, u64)>;
}

/// One way of saying a concept: a stem, or several that must stand together (a
/// phrase), and what it weighs.
#[derive(Clone, Debug, PartialEq)]
pub struct Way {
    pub stems: Vec<String>,
    pub weight: f32,
}

/// One word of the query and the ways of saying it; the first way is the word typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Concept {
    pub ways: Vec<Way>,
    /// The word as typed, folded, when it is long enough to look up as it is: an
    /// article using that very form ranks a little above one using another form of
    /// its stem.
    pub exact: Option<String>,
    /// What the word weighs in the query: less for the verbs a question is built
    /// with ("¿cómo hago…?", "no puedo…") than for what it is about.
    pub weight: f32,
}

/// What a query asks for in one language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub concepts: Vec<Concept>,
    /// The stems typed with their positions, for phrase matches.
    pub typed: Vec<analysis::Term>,
}

impl Plan {
    /// The plan for `text` in `language`.
    pub fn new(
        language: Locale,
        text: &str,
        synonyms: &Synonyms,
        vocabulary: &impl Vocabulary,
    ) -> Plan {
        let typed: Vec<analysis::Term> = analysis::analyze(language, text)
            .into_iter()
            .take(MAX_QUERY_TERMS)
            .collect();
        let words = analysis::words(text);
        let mut concepts: Vec<Concept> = typed
            .iter()
            .map(|term| {
                let mut ways = vec![Way {
                    stems: vec![term.text.clone()],
                    weight: 1.0,
                }];
                let word = words.iter().find(|word| word.position == term.position);
                if let Some(word) = word {
                    ways.extend(near_spellings(language, &word.text, vocabulary));
                }
                let typed = text.get(term.from..term.to).unwrap_or_default();
                let filler = is_filler(language, &soporte_platform::text::fold(typed));
                Concept {
                    ways,
                    exact: word.map(|word| word.text.clone()),
                    weight: if filler { FILLER_WEIGHT } else { 1.0 },
                }
            })
            .collect();
        let said: Vec<String> = typed.iter().map(|term| term.text.clone()).collect();
        let said_as_typed: Vec<String> = typed
            .iter()
            .map(|term| {
                soporte_platform::text::fold(text.get(term.from..term.to).unwrap_or_default())
            })
            .collect();
        let mut brought = 0;
        for (covered, members) in synonyms.matches(language, &said, &said_as_typed) {
            for member in members {
                if brought == MAX_SYNONYMS {
                    break;
                }
                if member.stems.is_empty() {
                    continue;
                }
                brought += 1;
                for concept in &mut concepts[covered.clone()] {
                    add(
                        &mut concept.ways,
                        Way {
                            stems: member.stems.to_vec(),
                            weight: SYNONYM_WEIGHT,
                        },
                    );
                }
            }
        }
        // A word typed twice is one concept.
        let mut seen: Vec<&str> = Vec::new();
        let concepts = concepts
            .into_iter()
            .zip(&typed)
            .filter(|(_, term)| {
                let first = !seen.contains(&term.text.as_str());
                seen.push(&term.text);
                first
            })
            .map(|(concept, _)| concept)
            .collect();
        Plan { concepts, typed }
    }

    /// Every stem the plan looks for, for highlighting.
    pub fn stems(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for way in self.concepts.iter().flat_map(|concept| &concept.ways) {
            for stem in &way.stems {
                if !all.contains(stem) {
                    all.push(stem.clone());
                }
            }
        }
        all
    }
}

/// What a word a question is built with weighs next to the words it is about.
pub const FILLER_WEIGHT: f32 = 0.3;

/// Whether `word` (folded) is one a question is built with rather than what it is
/// about: it is still looked for, with less weight.
pub(crate) fn is_filler(language: Locale, word: &str) -> bool {
    let list: &[&str] = match language {
        Locale::EsMx => SPANISH_FILLERS,
        Locale::En => ENGLISH_FILLERS,
    };
    list.binary_search(&word).is_ok()
}

/// Folded and sorted.
const SPANISH_FILLERS: &[&str] = &[
    "ay", "favor", "hacer", "hago", "hay", "necesito", "poder", "pueda", "puede", "puedo",
    "quiero", "saber", "sale", "sirve", "sirven", "tengo", "ver", "ya",
];

/// Folded and sorted.
const ENGLISH_FILLERS: &[&str] = &[
    "can", "cannot", "get", "how", "make", "need", "please", "see", "want", "way",
];

/// The ways of saying `word` (folded) when no document uses it: the nearest words
/// documents do use (one edit away if any is, else two; then the most used), as
/// stems of `language`.
fn near_spellings(language: Locale, word: &str, vocabulary: &impl Vocabulary) -> Vec<Way> {
    let limit = spelling::max_edits(word.chars().count());
    if limit == 0 || vocabulary.uses(word) > 0 {
        return Vec::new();
    }
    // The nearest first: two edits away is looked at only when nothing is one away,
    // and looking two away costs many times more.
    let mut near = Vec::new();
    for edits in 1..=limit {
        near = vocabulary.near(word, edits);
        if !near.is_empty() {
            break;
        }
    }
    let mut candidates: Vec<(usize, u64, String)> = near
        .into_iter()
        .filter_map(|(near, uses)| Some((spelling::edits(word, &near, limit)?, uses, near)))
        .filter(|(edits, _, _)| *edits > 0)
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut ways: Vec<Way> = Vec::new();
    for (edits, _, near) in candidates.into_iter().take(MAX_SPELLINGS) {
        let stems: Vec<String> = analysis::analyze(language, &near)
            .into_iter()
            .map(|term| term.text)
            .collect();
        if stems.len() == 1 {
            add(
                &mut ways,
                Way {
                    stems,
                    weight: NEAR_SPELLING_WEIGHT[(edits - 1).min(1)],
                },
            );
        }
    }
    ways
}

/// Adds `way` unless the same stems are there already.
fn add(ways: &mut Vec<Way>, way: Way) {
    if !ways.iter().any(|known| known.stems == way.stems) {
        ways.push(way);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::synonyms::parse;

    struct Words(Vec<(&'static str, u64)>);

    impl Vocabulary for Words {
        fn uses(&self, word: &str) -> u64 {
            self.0
                .iter()
                .find(|(known, _)| *known == word)
                .map_or(0, |(_, uses)| *uses)
        }

        fn near(&self, word: &str, edits: usize) -> Vec<(String, u64)> {
            self.0
                .iter()
                .filter(|(known, _)| spelling::edits(word, known, edits).is_some())
                .map(|(known, uses)| ((*known).to_owned(), *uses))
                .collect()
        }
    }

    fn ways(plan: &Plan) -> Vec<Vec<(String, f32)>> {
        plan.concepts
            .iter()
            .map(|concept| {
                concept
                    .ways
                    .iter()
                    .map(|way| (way.stems.join(" "), way.weight))
                    .collect()
            })
            .collect()
    }

    fn spanish(groups: &str) -> Synonyms {
        Synonyms::new(HashMap::from([(Locale::EsMx, parse(groups).unwrap())]))
    }

    #[test]
    fn each_word_typed_is_a_concept() {
        let plan = Plan::new(
            Locale::EsMx,
            "la impresora no imprime",
            &Synonyms::default(),
            &Words(vec![("impresora", 3), ("no", 9), ("imprime", 2)]),
        );
        assert_eq!(
            ways(&plan),
            [
                vec![("impresor".to_owned(), 1.0)],
                vec![("no".to_owned(), 1.0)],
                vec![("imprim".to_owned(), 1.0)],
            ]
        );
        assert_eq!(plan.typed.len(), 3);
    }

    #[test]
    fn an_unknown_word_is_also_looked_for_as_its_nearest_spellings() {
        let vocabulary = Words(vec![("historial", 5), ("volumen", 8), ("historia", 2)]);
        let plan = Plan::new(
            Locale::EsMx,
            "istorial bolumen",
            &Synonyms::default(),
            &vocabulary,
        );
        assert_eq!(
            ways(&plan),
            [
                vec![("istorial".to_owned(), 1.0), ("histori".to_owned(), 0.8)],
                vec![("bolum".to_owned(), 1.0), ("volum".to_owned(), 0.8)],
            ]
        );
        // A word articles use is taken as written.
        let known = Plan::new(Locale::EsMx, "historia", &Synonyms::default(), &vocabulary);
        assert_eq!(known.concepts[0].ways.len(), 1);
    }

    #[test]
    fn synonyms_join_the_concepts_they_stand_for() {
        let synonyms = spanish("carpeta, directorio\npuerta de enlace, gateway");
        let plan = Plan::new(
            Locale::EsMx,
            "carpetas y puerta de enlace",
            &synonyms,
            &Words(vec![]),
        );
        assert_eq!(
            ways(&plan),
            [
                vec![("carpet".to_owned(), 1.0), ("directori".to_owned(), 0.7)],
                vec![("puert".to_owned(), 1.0), ("gateway".to_owned(), 0.7)],
                vec![("enlac".to_owned(), 1.0), ("gateway".to_owned(), 0.7)],
            ]
        );
        assert_eq!(
            plan.stems(),
            ["carpet", "directori", "puert", "gateway", "enlac"]
        );
    }

    #[test]
    fn filler_lists_are_sorted_and_folded() {
        for list in [SPANISH_FILLERS, ENGLISH_FILLERS] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
            assert!(
                list.iter()
                    .all(|word| soporte_platform::text::fold(word) == *word)
            );
        }
    }

    #[test]
    fn the_verbs_a_question_is_built_with_weigh_less() {
        let plan = Plan::new(
            Locale::EsMx,
            "no puedo ver el volumen",
            &Synonyms::default(),
            &Words(vec![("puedo", 1), ("ver", 1), ("volumen", 1)]),
        );
        let weights: Vec<f32> = plan.concepts.iter().map(|concept| concept.weight).collect();
        assert_eq!(weights, [1.0, FILLER_WEIGHT, FILLER_WEIGHT, 1.0]);
    }

    #[test]
    fn a_word_typed_twice_is_one_concept() {
        let plan = Plan::new(
            Locale::EsMx,
            "impresora no imprime, no no no",
            &Synonyms::default(),
            &Words(vec![]),
        );
        assert_eq!(plan.concepts.len(), 3);
        assert_eq!(plan.typed.len(), 6);
    }

    #[test]
    fn nothing_searchable_is_an_empty_plan() {
        let plan = Plan::new(
            Locale::EsMx,
            "de la \"*\"",
            &Synonyms::default(),
            &Words(vec![]),
        );
        assert!(plan.concepts.is_empty());
    }
}
