//! Two query shapes the plan needs and tantivy makes dear: [`Bonus`], a query's score
//! plus a constant for matching at all (a concept: the best of its ways, plus a bonus
//! for being in the article), so the postings are read once rather than twice; and
//! [`Sum`], the sum of a few queries' scores (one way over the fields it may be in),
//! merged a document at a time ([`Merged`], which BM25F's scorer uses too) instead of
//! through tantivy's union, which sets up buffers for four thousand documents each
//! time it is asked.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError};

/// `inner`'s score plus `bonus` for each document `inner` matches.
#[derive(Debug)]
pub(crate) struct Bonus {
    inner: Box<dyn Query>,
    bonus: Score,
}

impl Bonus {
    pub(crate) fn new(inner: Box<dyn Query>, bonus: Score) -> Bonus {
        Bonus { inner, bonus }
    }
}

impl Clone for Bonus {
    fn clone(&self) -> Self {
        Bonus {
            inner: self.inner.box_clone(),
            bonus: self.bonus,
        }
    }
}

impl Query for Bonus {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(BonusWeight {
            inner: self.inner.weight(scoring)?,
            bonus: self.bonus,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct BonusWeight {
    inner: Box<dyn Weight>,
    bonus: Score,
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(BonusScorer {
            inner: self.inner.scorer(reader, boost)?,
            bonus: self.bonus * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let score = score_of(self, reader, doc)?;
        let mut explanation = Explanation::new("matched, plus a bonus", score);
        explanation.add_detail(Explanation::new("bonus", self.bonus));
        explanation.add_detail(self.inner.explain(reader, doc)?);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct BonusScorer {
    inner: Box<dyn Scorer>,
    bonus: Score,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for BonusScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.bonus
    }
}

/// The sum of `parts`' scores, for each document any of them matches.
#[derive(Debug)]
pub(crate) struct Sum {
    parts: Vec<Box<dyn Query>>,
}

impl Sum {
    pub(crate) fn new(parts: Vec<Box<dyn Query>>) -> Sum {
        Sum { parts }
    }
}

impl Clone for Sum {
    fn clone(&self) -> Self {
        Sum {
            parts: self.parts.iter().map(|part| part.box_clone()).collect(),
        }
    }
}

impl Query for Sum {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let parts = self
            .parts
            .iter()
            .map(|part| part.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SumWeight { parts }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for part in &self.parts {
            part.query_terms(visitor);
        }
    }
}

struct SumWeight {
    parts: Vec<Box<dyn Weight>>,
}

impl Weight for SumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for weight in &self.parts {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                parts.push(scorer);
            }
        }
        Ok(match parts.len() {
            0 => Box::new(EmptyScorer),
            1 => parts.remove(0),
            _ => Box::new(Merged::new(parts)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let score = score_of(self, reader, doc)?;
        let mut explanation = Explanation::new("sum of", score);
        for weight in &self.parts {
            if let Ok(part) = weight.explain(reader, doc) {
                explanation.add_detail(part);
            }
        }
        Ok(explanation)
    }
}

/// A few doc sets merged a document at a time: it stands on the least document any
/// of them stands on. The parts on that document are [`Merged::here`].
pub(crate) struct Merged<T> {
    parts: Vec<T>,
    doc: DocId,
}

impl<T: DocSet> Merged<T> {
    pub(crate) fn new(parts: Vec<T>) -> Merged<T> {
        let doc = parts.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        Merged { parts, doc }
    }

    /// The parts standing on the current document, each with its place in the list
    /// given to [`Merged::new`].
    pub(crate) fn here(&mut self) -> impl Iterator<Item = (usize, &mut T)> {
        let doc = self.doc;
        self.parts
            .iter_mut()
            .enumerate()
            .filter(move |(_, part)| part.doc() == doc)
    }
}

impl<T: DocSet> DocSet for Merged<T> {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        let mut least = TERMINATED;
        for part in &mut self.parts {
            let doc = if part.doc() == current {
                part.advance()
            } else {
                part.doc()
            };
            least = least.min(doc);
        }
        self.doc = least;
        least
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut least = TERMINATED;
        for part in &mut self.parts {
            let doc = if part.doc() < target {
                part.seek(target)
            } else {
                part.doc()
            };
            least = least.min(doc);
        }
        self.doc = least;
        least
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|part| part.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.parts.iter().map(|part| part.cost()).sum()
    }
}

/// The sum of the scores of the parts on the document.
impl Scorer for Merged<Box<dyn Scorer>> {
    fn score(&mut self) -> Score {
        self.here().map(|(_, part)| part.score()).sum()
    }
}

/// What `weight` scores `doc`, for an explanation; an error when it does not match.
fn score_of(weight: &dyn Weight, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Score> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    Ok(scorer.score())
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, Term, doc};

    use super::*;

    #[test]
    fn the_bonus_is_added_to_what_the_query_scores_and_nothing_else() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let word = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        writer.add_document(doc!(word => "impresora"))?;
        writer.add_document(doc!(word => "pantalla"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let term = TermQuery::new(
            Term::from_field_text(word, "impresora"),
            IndexRecordOption::WithFreqs,
        );
        let top = TopDocs::with_limit(10).order_by_score();
        let plain = searcher.search(&term, &top)?;
        let boosted = searcher.search(&Bonus::new(Box::new(term), 2.5), &top)?;
        assert_eq!(plain.len(), 1);
        assert_eq!(boosted.len(), 1);
        assert_eq!(plain[0].1, boosted[0].1);
        assert!((boosted[0].0 - plain[0].0 - 2.5).abs() < 1e-6);
        let explained = Bonus::new(
            Box::new(TermQuery::new(
                Term::from_field_text(word, "impresora"),
                IndexRecordOption::WithFreqs,
            )),
            2.5,
        )
        .explain(&searcher, boosted[0].1)?;
        assert!((explained.value() - boosted[0].0).abs() < 1e-6);
        Ok(())
    }

    #[test]
    fn a_sum_scores_as_a_union_of_its_parts_would() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", STRING);
        let body = schema.add_text_field("body", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        for (in_title, in_body) in [
            ("impresora", "impresora"),
            ("pantalla", "impresora"),
            ("impresora", "pantalla"),
            ("red", "wifi"),
            ("impresora", "impresora"),
        ] {
            writer.add_document(doc!(title => in_title, body => in_body))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let parts = || -> Vec<Box<dyn Query>> {
            [(title, 3.0), (body, 1.0)]
                .into_iter()
                .map(|(field, weight)| {
                    let term = TermQuery::new(
                        Term::from_field_text(field, "impresora"),
                        IndexRecordOption::WithFreqs,
                    );
                    Box::new(BoostQuery::new(Box::new(term), weight)) as Box<dyn Query>
                })
                .collect()
        };
        let union = BooleanQuery::new(
            parts()
                .into_iter()
                .map(|part| (Occur::Should, part))
                .collect(),
        );
        let top = TopDocs::with_limit(10).order_by_score();
        let expected = searcher.search(&union, &top)?;
        let found = searcher.search(&Sum::new(parts()), &top)?;
        assert_eq!(found.len(), 4);
        assert_eq!(found.len(), expected.len());
        for ((score, address), (want, wanted)) in found.iter().zip(&expected) {
            assert_eq!(address, wanted);
            assert!((score - want).abs() < 1e-5);
        }
        let explained = Sum::new(parts()).explain(&searcher, found[0].1)?;
        assert!((explained.value() - found[0].0).abs() < 1e-5);
        // And it seeks like any other scorer, inside a conjunction.
        let both = BooleanQuery::new(vec![
            (Occur::Must, Box::new(Sum::new(parts())) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(body, "pantalla"),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        assert_eq!(searcher.search(&both, &top)?.len(), 1);
        Ok(())
    }
}
