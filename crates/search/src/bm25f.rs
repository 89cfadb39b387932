//! BM25F: one stem over several fields of an article (title, headings, text), its
//! uses in each field weighed and normalized by that field's length, then added up
//! *before* they saturate: one score per stem that grows ever more slowly with each
//! use, wherever it is, rather than one such score per field, summed. (Robertson,
//! Zaragoza and Taylor, "Simple BM25 extension to multiple weighted fields", 2004.)
//! Over one field of weight 1 it is plain BM25.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query};
use tantivy::query::{Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

use crate::scorers::Merged;

/// How soon using a word again stops adding to its score: late, since the counts of
/// several fields are added first and a title's weighs several times the text's
/// (one field's BM25 uses 1.2; see bench/relevance's results log for the choice).
const K1: Score = 20.0;
/// How much a field's length discounts the words in it.
const B: Score = 0.75;

/// One term in each of a few fields (the same stem, field by field), each field with
/// its weight.
#[derive(Clone, Debug)]
pub(crate) struct Bm25f {
    fields: Vec<(Term, Score)>,
}

impl Bm25f {
    pub(crate) fn new(fields: Vec<(Term, Score)>) -> Bm25f {
        Bm25f { fields }
    }
}

impl Query for Bm25f {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let statistics = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let documents = match statistics {
            Some(statistics) => statistics.total_num_docs()?,
            None => 0,
        };
        let mut fields = Vec::with_capacity(self.fields.len());
        let mut uses = 0;
        for (term, weight) in &self.fields {
            let per_length = match statistics {
                Some(statistics) => {
                    uses = uses.max(statistics.doc_freq(term)?);
                    let tokens = statistics.total_num_tokens(term.field())?;
                    per_length(*weight, tokens as Score / documents.max(1) as Score)
                }
                None => Arc::new([0.0; 256]),
            };
            fields.push((term.clone(), per_length));
        }
        let idf = match statistics {
            Some(_) => idf(uses.min(documents), documents),
            None => 0.0,
        };
        Ok(Box::new(Bm25fWeight {
            fields,
            scale: idf * (K1 + 1.0),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.fields {
            visitor(term, false);
        }
    }
}

/// BM25's inverse document frequency.
fn idf(uses: u64, documents: u64) -> Score {
    let unused = documents.saturating_sub(uses) as Score;
    (1.0 + (unused + 0.5) / (uses as Score + 0.5)).ln()
}

/// What one use of a word in a field is worth, by the field's length as stored (one
/// of tantivy's 256 length codes): the field's weight over BM25's length norm.
fn per_length(weight: Score, average: Score) -> Arc<[Score; 256]> {
    let mut worth = [0.0; 256];
    for (code, slot) in worth.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(code as u8) as Score;
        let norm = if average > 0.0 {
            1.0 - B + B * length / average
        } else {
            1.0
        };
        *slot = weight / norm;
    }
    Arc::new(worth)
}

struct Bm25fWeight {
    fields: Vec<(Term, Arc<[Score; 256]>)>,
    /// idf × (k1 + 1).
    scale: Score,
}

impl Weight for Bm25fWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut postings = Vec::with_capacity(self.fields.len());
        let mut lengths = Vec::with_capacity(self.fields.len());
        for (term, per_length) in &self.fields {
            let inverted = reader.inverted_index(term.field())?;
            let Some(read) = inverted.read_postings(term, IndexRecordOption::WithFreqs)? else {
                continue;
            };
            if read.doc() == TERMINATED {
                continue;
            }
            postings.push(read);
            lengths.push((
                reader.get_fieldnorms_reader(term.field())?,
                per_length.clone(),
            ));
        }
        if postings.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(Bm25fScorer {
            postings: Merged::new(postings),
            lengths,
            scale: self.scale * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("BM25F over the fields", scorer.score());
        explanation.add_const("idf × (k1 + 1)", self.scale);
        Ok(explanation)
    }
}

/// The term's postings in the fields that have it, merged; for each of those fields
/// (in the same order), its lengths and what a use is worth at each length.
struct Bm25fScorer {
    postings: Merged<SegmentPostings>,
    lengths: Vec<(FieldNormReader, Arc<[Score; 256]>)>,
    scale: Score,
}

impl DocSet for Bm25fScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }

    fn cost(&self) -> u64 {
        self.postings.cost()
    }
}

impl Scorer for Bm25fScorer {
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        let lengths = &self.lengths;
        let uses: Score = self
            .postings
            .here()
            .map(|(field, postings)| {
                let (norms, per_length) = &lengths[field];
                let code = norms.fieldnorm_id(doc);
                postings.term_freq() as Score * per_length[usize::from(code)]
            })
            .sum();
        self.scale * uses / (K1 + uses)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Field, Schema, TEXT};
    use tantivy::{Index, doc};

    use super::*;

    #[test]
    fn in_one_field_it_scores_as_bm25_does() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        // (text, its length in words, how often it says "impresora")
        let texts = [
            ("impresora", 1.0, 1.0),
            (
                "la impresora no imprime, la impresora está apagada",
                8.0,
                2.0,
            ),
            ("pantalla negra", 2.0, 0.0),
            (
                "una impresora entre muchas otras palabras que la alargan",
                9.0,
                1.0,
            ),
        ];
        for (text, _, _) in texts {
            writer.add_document(doc!(body => text))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let query = Bm25f::new(vec![(Term::from_field_text(body, "impresora"), 1.0)]);
        let found = searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?;
        assert_eq!(found.len(), 3);
        let average: Score = texts.iter().map(|(_, length, _)| length).sum::<Score>() / 4.0;
        for (score, address) in found {
            let (_, length, uses) = texts[address.doc_id as usize];
            let x = uses / (1.0 - B + B * length / average);
            let bm25 = idf(3, 4) * (K1 + 1.0) * x / (K1 + x);
            assert!((score - bm25).abs() < 1e-4, "{score} against {bm25}");
        }
        Ok(())
    }

    #[test]
    fn the_fields_add_up_before_they_saturate() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        writer.add_document(doc!(
            title => "impresora",
            body => "impresora impresora impresora impresora impresora",
        ))?;
        writer.add_document(doc!(title => "pantalla", body => "la pantalla negra"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let over = |fields: &[(Field, Score)]| -> tantivy::Result<Score> {
            let query = Bm25f::new(
                fields
                    .iter()
                    .map(|(field, weight)| (Term::from_field_text(*field, "impresora"), *weight))
                    .collect(),
            );
            let found = searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?;
            assert_eq!(found.len(), 1);
            let explained = query.explain(&searcher, found[0].1)?;
            assert!((explained.value() - found[0].0).abs() < 1e-6);
            Ok(found[0].0)
        };
        let in_title = over(&[(title, 10.0)])?;
        let in_text = over(&[(body, 1.0)])?;
        let in_both = over(&[(title, 10.0), (body, 1.0)])?;
        assert!(in_both > in_title.max(in_text));
        assert!(in_both < in_title + in_text);
        assert!(in_both < idf(1, 2) * (K1 + 1.0));
        Ok(())
    }
}
