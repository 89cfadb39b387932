//! The index on disk (tantivy segments in `DATA_DIR/search`). Each commit carries the
//! id of the last event it reflects, so a restarted server catches up from there. When
//! the schema changes the old index is dropped and rebuilt from the database.
//! A search plans the query (`plan`), scores it (`ranking`) and cuts snippets
//! (`snippets`); "¿Quisiste decir …?" corrects, over the index's vocabulary, only
//! the words the search does not know.

use std::collections::BTreeMap;
use std::path::Path;

use soporte_platform::i18n::Locale;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentOrdinal, TERMINATED,
    TantivyDocument, TantivyError, Term,
};

use crate::analysis::{self, Analyzer, WORDS_ANALYZER};
use crate::plan::{self, MAX_QUERY_TERMS, Plan};
use crate::query::{Found, Hit, Query};
use crate::ranking;
use crate::schema::{Fields, schema};
use crate::snippets::{PASSAGE_SCAN_BYTES, Snippets, window_of};
use crate::spelling;
use crate::synonyms::Synonyms;
use crate::vocabulary::{Words, near_words};
use soporte_platform::searchable::Document;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("search index: a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// One change to the index.
#[derive(Clone, Debug)]
pub enum Change {
    /// Add the document, replacing any with the same key.
    Upsert(Document),
    /// Take out the document with this key, if any.
    Remove(String),
}

/// How much of the text is its lead: a paragraph or two.
const LEAD_BYTES: usize = 400;
/// What the score of a thing still open (an unsolved question) is multiplied by, so
/// that a settled one (an article, a solved question) that answers as well ranks
/// first, while a much better match still wins.
const UNSETTLED_FACTOR: f32 = 0.7;
/// The payload of a commit: the last event the index reflects.
const POSITION_PREFIX: &str = "event:";

/// The search index: documents in, ranked hits with snippets out.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (empty, without a position) when there is
    /// none or when it was built with another schema.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = match Index::open_or_create(MmapDirectory::open(dir)?, schema.clone()) {
            Ok(index) => index,
            Err(TantivyError::SchemaError(reason)) => {
                tracing::warn!(%reason, "the search index has an older schema: rebuilding it");
                for entry in std::fs::read_dir(dir)? {
                    let path = entry?.path();
                    if path.is_dir() {
                        std::fs::remove_dir_all(path)?;
                    } else {
                        std::fs::remove_file(path)?;
                    }
                }
                Index::create(MmapDirectory::open(dir)?, schema, Default::default())?
            }
            Err(error) => return Err(error.into()),
        };
        SearchIndex::with(index, fields)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        SearchIndex::with(Index::create_in_ram(schema), fields)
    }

    fn with(index: Index, fields: Fields) -> Result<SearchIndex, SearchError> {
        for language in Locale::ALL {
            index
                .tokenizers()
                .register(analysis::analyzer_name(language), Analyzer::stems(language));
        }
        index
            .tokenizers()
            .register(WORDS_ANALYZER, Analyzer::words());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// The last event reflected by the index; `None` for a new index that has never
    /// been built.
    pub fn position(&self) -> Result<Option<i64>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|payload| payload.strip_prefix(POSITION_PREFIX))
            .and_then(|id| id.parse().ok()))
    }

    /// How many documents are searchable.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies `changes` and records `position` in one commit.
    pub fn apply(&self, changes: &[Change], position: i64) -> Result<(), SearchError> {
        let mut writer = self.writer(WRITER_BUDGET)?;
        for change in changes {
            self.stage(&writer, change)?;
        }
        self.commit(&mut writer, position)
    }

    /// A writer for a batch of changes; only one can exist at a time, across processes.
    pub fn writer(&self, memory_budget: usize) -> Result<IndexWriter, SearchError> {
        Ok(self.index.writer_with_num_threads(1, memory_budget)?)
    }

    /// Removes every document (the start of a full rebuild).
    pub fn clear(&self, writer: &IndexWriter) -> Result<(), SearchError> {
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Adds one change to `writer`'s batch.
    pub fn stage(&self, writer: &IndexWriter, change: &Change) -> Result<(), SearchError> {
        match change {
            Change::Remove(key) => {
                writer.delete_term(Term::from_field_text(self.fields.key, key));
            }
            Change::Upsert(document) => {
                writer.delete_term(Term::from_field_text(self.fields.key, &document.key));
                writer.add_document(self.to_tantivy(document))?;
            }
        }
        Ok(())
    }

    /// Commits `writer`'s batch with `position`, and makes it searchable at once.
    pub fn commit(&self, writer: &mut IndexWriter, position: i64) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format!("{POSITION_PREFIX}{position}"));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn to_tantivy(&self, document: &Document) -> TantivyDocument {
        let fields = &self.fields;
        let stems = fields.stems(document.language);
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.key, &document.key);
        doc.add_u64(fields.order, crate::schema::order_of(&document.key));
        doc.add_u64(fields.settled, u64::from(document.settled));
        doc.add_text(fields.language, document.language.tag());
        doc.add_text(fields.collection, &document.collection);
        doc.add_text(fields.path, &document.path);
        doc.add_text(fields.title, &document.title);
        // Kept only for snippets, which look no further than this.
        doc.add_text(fields.body, window_of(&document.body, PASSAGE_SCAN_BYTES));
        doc.add_text(stems.title, &document.title);
        // Keywords count as title words (a dense field, so BM25 weighs them sanely)
        // and earn a bonus of their own (see `ranking::KEYWORD_BONUS`).
        if !document.keywords.is_empty() {
            doc.add_text(stems.title, &document.keywords);
        }
        doc.add_text(stems.headings, &document.headings);
        doc.add_text(stems.lead, lead(&document.body));
        doc.add_text(stems.body, &document.body);
        doc.add_text(stems.keywords, &document.keywords);
        for text in [
            &document.title,
            &document.headings,
            &document.body,
            &document.keywords,
        ] {
            doc.add_text(fields.words, text);
        }
        doc
    }

    /// The documents that answer `query`, best first, with snippets.
    /// Documents in `prefer` (the reader's language) come first among equals.
    pub fn search(
        &self,
        query: &Query,
        prefer: Locale,
        synonyms: &Synonyms,
    ) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let vocabulary = Words::new(&searcher, self.fields.words);
        let plans: Vec<(Locale, Plan)> = self
            .languages(&searcher, query)
            .into_iter()
            .map(|language| {
                (
                    language,
                    Plan::new(language, query.text(), synonyms, &vocabulary),
                )
            })
            .collect();
        let Some(built) = ranking::query(&searcher, &self.fields, &plans, query, prefer) else {
            return Ok(Found::default());
        };
        // Equal scores are ordered by a number fixed by each document's key, not by
        // where the document sits in the index (which changes as it is written to), so
        // that one result never shows on two pages.
        let top = TopDocs::with_limit(query.limit())
            .and_offset(query.offset())
            .tweak_score(|segment: &tantivy::SegmentReader| {
                let column = |name: &str, default: u64| {
                    segment
                        .fast_fields()
                        .u64(name)
                        .ok()
                        .map(|column| column.first_or_default_col(default))
                };
                let order = column(crate::schema::ORDER, 0);
                let settled = column(crate::schema::SETTLED, 1);
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let key = order.as_ref().map_or(0, |column| column.get_val(doc));
                    let open = settled
                        .as_ref()
                        .is_some_and(|column| column.get_val(doc) == 0);
                    let score = if open {
                        score * UNSETTLED_FACTOR
                    } else {
                        score
                    };
                    (score, std::cmp::Reverse(key))
                }
            });
        let (top, total) = searcher.search(&built, &(top, Count))?;
        let mut hits = Vec::with_capacity(top.len());
        let mut snippets: BTreeMap<&str, Snippets> = BTreeMap::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
            };
            let language = Locale::from_tag(text(self.fields.language)).unwrap_or(Locale::EsMx);
            let snippet = if query.snippets() {
                let snippets = snippets.entry(language.tag()).or_insert_with(|| {
                    let stems = plans
                        .iter()
                        .find(|(planned, _)| *planned == language)
                        .map(|(_, plan)| plan.stems())
                        .unwrap_or_default();
                    Snippets::new(language, &stems)
                });
                snippets.snippet(text(self.fields.body))
            } else {
                Vec::new()
            };
            hits.push(Hit {
                key: text(self.fields.key).to_owned(),
                title: text(self.fields.title).to_owned(),
                path: text(self.fields.path).to_owned(),
                collection: text(self.fields.collection).to_owned(),
                language,
                settled: doc
                    .get_first(self.fields.settled)
                    .and_then(|value| value.as_u64())
                    .is_none_or(|settled| settled == 1),
                snippet,
            });
        }
        Ok(Found { total, hits })
    }

    /// A better-spelled `query`: each word of four letters or more, without digits,
    /// that the search does not know in the query's languages (neither as typed nor
    /// in another form, nor as a function word, a question's verb or a synonym)
    /// replaced by the nearest word the articles use, written as they write it;
    /// `None` when there is none.
    pub fn suggest(
        &self,
        query: &Query,
        synonyms: &Synonyms,
    ) -> Result<Option<String>, SearchError> {
        let searcher = self.reader.searcher();
        let languages = self.languages(&searcher, query);
        let mut failure = None;
        // As many words as a search looks up, no longer than the words it indexes.
        let mut lookups = 0;
        let suggestion = spelling::respell(query.text(), |word| {
            let length = word.chars().count();
            if spelling::max_edits(length) == 0
                || length > analysis::MAX_WORD_CHARS
                || lookups == MAX_QUERY_TERMS
                // A number (a port, an error code) is no misspelling of another.
                || word.chars().any(|c| c.is_numeric())
            {
                return None;
            }
            lookups += 1;
            let better = self.respelled(&searcher, &languages, word, synonyms);
            better.unwrap_or_else(|error| {
                failure = Some(error);
                None
            })
        });
        match failure {
            Some(error) => Err(error.into()),
            None => Ok(suggestion),
        }
    }

    /// The languages `query` is planned in: the one it asks for, if any, among those
    /// some article is in (a plan over fields no article fills finds nothing, at a
    /// cost).
    fn languages(&self, searcher: &tantivy::Searcher, query: &Query) -> Vec<Locale> {
        Locale::ALL
            .into_iter()
            .filter(|language| query.language().is_none_or(|only| only == *language))
            .filter(|language| {
                let term = Term::from_field_text(self.fields.language, language.tag());
                searcher.doc_freq(&term).unwrap_or(1) > 0
            })
            .collect()
    }

    /// The word the articles use that `word` (folded) was meant to be, written as
    /// they write it, when the search does not know `word` in `languages`.
    fn respelled(
        &self,
        searcher: &tantivy::Searcher,
        languages: &[Locale],
        word: &str,
        synonyms: &Synonyms,
    ) -> tantivy::Result<Option<String>> {
        if self.knows(searcher, languages, word, synonyms)? {
            return Ok(None);
        }
        // The nearest first, as the search itself looks.
        for edits in 1..=spelling::max_edits(word.chars().count()) {
            let candidates = near_words(searcher, self.fields.words, word, edits)?;
            if let Some(nearest) = spelling::nearest(word, &candidates) {
                // The accent is a nicety: a stored text that cannot be read gives
                // the word folded.
                let written = self.written(searcher, nearest);
                return Ok(Some(written.unwrap_or_else(|_| nearest.to_owned())));
            }
        }
        Ok(None)
    }

    /// Whether the search understands `word` (folded), so that it is no misspelling
    /// to correct: the articles use it, or another form of it in one of `languages`
    /// (`inicie` when they say `iniciar`); it is a function word, which the index
    /// leaves out (`nada`, `para`), or a verb a question is built with (`puedo`);
    /// or a synonym group uses it (`wifi`, though the articles say `red
    /// inalámbrica`).
    fn knows(
        &self,
        searcher: &tantivy::Searcher,
        languages: &[Locale],
        word: &str,
        synonyms: &Synonyms,
    ) -> tantivy::Result<bool> {
        if searcher.doc_freq(&Term::from_field_text(self.fields.words, word))? > 0 {
            return Ok(true);
        }
        // The index leaves out the function words of every language.
        if Locale::ALL
            .into_iter()
            .any(|language| analysis::is_stop_word(language, word))
        {
            return Ok(true);
        }
        for &language in languages {
            if plan::is_filler(language, word) {
                return Ok(true);
            }
            let stems = self.fields.stems(language);
            for term in analysis::analyze(language, word) {
                if synonyms.uses_stem(language, &term.text) {
                    return Ok(true);
                }
                for field in [stems.title, stems.headings, stems.body, stems.keywords] {
                    if searcher.doc_freq(&Term::from_field_text(field, &term.text))? > 0 {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// How the articles write `folded`, a word of the vocabulary (which holds words
    /// folded): as the first of the first few articles using it whose stored title or
    /// text shows it writes it, lower-cased (`configuración`); `folded` itself when
    /// none does.
    fn written(&self, searcher: &tantivy::Searcher, folded: &str) -> tantivy::Result<String> {
        const LOOKED_AT: usize = 5;
        let term = Term::from_field_text(self.fields.words, folded);
        let mut looked_at = 0;
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.fields.words)?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED && looked_at < LOOKED_AT {
                if !segment.is_deleted(doc) {
                    looked_at += 1;
                    let address = DocAddress::new(ordinal as SegmentOrdinal, doc);
                    let stored: TantivyDocument = searcher.doc(address)?;
                    for field in [self.fields.title, self.fields.body] {
                        let text = stored.get_first(field).and_then(|value| value.as_str());
                        if let Some(written) =
                            text.and_then(|text| analysis::written_as(text, folded))
                        {
                            return Ok(written);
                        }
                    }
                }
                doc = postings.advance();
            }
        }
        Ok(folded.to_owned())
    }
}

/// Memory for one writer's batch: tantivy's minimum, plenty for the follower's batches.
const WRITER_BUDGET: usize = 15_000_000;

/// The first words of `body`, up to [`LEAD_BYTES`], not cutting a word in two.
fn lead(body: &str) -> &str {
    let lead = window_of(body, LEAD_BYTES);
    if lead.len() == body.len() || body[lead.len()..].starts_with(char::is_whitespace) {
        return lead;
    }
    lead.rfind(char::is_whitespace)
        .map_or(lead, |end| &lead[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(key: &str, language: Locale, collection: &str, title: &str, body: &str) -> Document {
        Document {
            key: key.to_owned(),
            language,
            collection: collection.to_owned(),
            title: title.to_owned(),
            headings: String::new(),
            body: body.to_owned(),
            keywords: String::new(),
            path: format!("/x/{key}"),
            settled: true,
        }
    }

    fn corpus() -> SearchIndex {
        let docs = [
            doc(
                "doc:1",
                Locale::EsMx,
                "guia",
                "Configuración de la red inalámbrica",
                "Abre la configuración y elige tu red wifi. Escribe la contraseña.",
            ),
            doc(
                "doc:2",
                Locale::EsMx,
                "kb",
                "La impresora no imprime",
                "Si la impresora no imprime nada, revisa el cable y la cola de impresión.",
            ),
            doc(
                "doc:3",
                Locale::En,
                "guia",
                "Printer setup",
                "Connect the printer and open the printing settings.",
            ),
            doc(
                "doc:4",
                Locale::EsMx,
                "kb",
                "Sonido",
                "Los audífonos no suenan: revisa el volumen de la configuración de sonido.",
            ),
        ];
        indexed(docs, 7)
    }

    /// An index in memory holding `docs`, committed at `position`.
    fn indexed(docs: impl IntoIterator<Item = Document>, position: i64) -> SearchIndex {
        let index = SearchIndex::in_memory().unwrap();
        let changes: Vec<Change> = docs.into_iter().map(Change::Upsert).collect();
        index.apply(&changes, position).unwrap();
        index
    }

    fn keys(index: &SearchIndex, query: Query) -> Vec<String> {
        index
            .search(&query, Locale::EsMx, &Synonyms::default())
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| hit.key)
            .collect()
    }

    #[test]
    fn a_settled_answer_ranks_above_an_open_question_with_the_same_text() {
        let text = "El escáner no aparece después de actualizar.";
        // Whichever key orders first among equal scores, the settled one leads.
        for (open, solved) in [("topic:1", "topic:2"), ("topic:2", "topic:1")] {
            let index = indexed(
                [
                    Document {
                        settled: false,
                        ..doc(open, Locale::EsMx, "foro", "Escáner", text)
                    },
                    doc(solved, Locale::EsMx, "foro", "Escáner", text),
                ],
                1,
            );
            assert_eq!(keys(&index, Query::new("escáner")), [solved, open]);
        }
        // A much better match that is still open is not buried.
        let index = indexed(
            [
                Document {
                    settled: false,
                    ..doc(
                        "topic:1",
                        Locale::EsMx,
                        "foro",
                        "Escáner Epson",
                        "Escáner Epson L3150.",
                    )
                },
                doc(
                    "doc:1",
                    Locale::EsMx,
                    "kb",
                    "Impresoras",
                    "Epson y más marcas.",
                ),
            ],
            1,
        );
        assert_eq!(keys(&index, Query::new("escáner epson"))[0], "topic:1");
    }

    #[test]
    fn the_commit_keeps_its_position() {
        let index = corpus();
        assert_eq!(index.position().unwrap(), Some(7));
        assert_eq!(index.len(), 4);
        assert_eq!(SearchIndex::in_memory().unwrap().position().unwrap(), None);
    }

    #[test]
    fn accents_case_and_word_forms_do_not_matter() {
        let index = corpus();
        assert_eq!(keys(&index, Query::new("CONFIGURACION RED"))[0], "doc:1");
        assert_eq!(keys(&index, Query::new("redes inalambricas"))[0], "doc:1");
        assert_eq!(keys(&index, Query::new("impresoras"))[0], "doc:2");
    }

    #[test]
    fn a_typo_still_finds_the_article() {
        let index = corpus();
        assert_eq!(keys(&index, Query::new("imprezora"))[0], "doc:2");
        assert_eq!(keys(&index, Query::new("configurasion"))[0], "doc:1");
    }

    #[test]
    fn the_form_typed_outranks_another_form_of_its_stem() {
        let docs = [
            doc(
                "doc:configurar",
                Locale::EsMx,
                "kb",
                "Red",
                "Para configurar la red, abre el panel.",
            ),
            doc(
                "doc:configuracion",
                Locale::EsMx,
                "kb",
                "Red",
                "La configuración de la red está en el panel.",
            ),
        ];
        let index = indexed(docs, 1);
        assert_eq!(
            keys(&index, Query::new("configuracion red")),
            ["doc:configuracion", "doc:configurar"]
        );
        assert_eq!(
            keys(&index, Query::new("configurar red")),
            ["doc:configurar", "doc:configuracion"]
        );
    }

    #[test]
    fn the_title_outweighs_the_text() {
        let index = corpus();
        // Both mention "configuración"; only one has it in the title.
        assert_eq!(
            keys(&index, Query::new("configuración")),
            ["doc:1", "doc:4"]
        );
    }

    #[test]
    fn what_an_article_says_first_outweighs_the_same_said_later() {
        let filler = "Texto de relleno sin nada que ver con la pregunta. ".repeat(12);
        let docs = [
            doc(
                "doc:later",
                Locale::EsMx,
                "kb",
                "Notas",
                &format!("{filler}Cambiar el tóner de la impresora."),
            ),
            doc(
                "doc:first",
                Locale::EsMx,
                "kb",
                "Avisos",
                &format!("Cambiar el tóner de la impresora. {filler}"),
            ),
        ];
        let index = indexed(docs, 1);
        assert_eq!(
            keys(&index, Query::new("toner")),
            ["doc:first", "doc:later"]
        );
    }

    #[test]
    fn the_lead_ends_between_words() {
        assert_eq!(lead("Conecta la impresora."), "Conecta la impresora.");
        let long = "palabra ".repeat(100);
        let cut = lead(&long);
        assert!(cut.len() <= LEAD_BYTES);
        assert!(cut.ends_with("palabra"), "{cut}");
        let exact = "a".repeat(LEAD_BYTES) + " b";
        assert_eq!(lead(&exact).len(), LEAD_BYTES);
    }

    #[test]
    fn an_article_on_every_word_asked_beats_one_on_a_single_word() {
        let docs = [
            doc(
                "memoria",
                Locale::EsMx,
                "guia",
                "Memoria",
                "La memoria del sistema: memoria libre, memoria usada y memoria de intercambio.",
            ),
            doc(
                "discos",
                Locale::EsMx,
                "guia",
                "Discos",
                "Para dar formato a una memoria USB, elige la unidad y pulsa Formatear.",
            ),
            doc("otro", Locale::EsMx, "guia", "Red", "La red y el cable."),
        ];
        let index = indexed(docs, 1);
        assert_eq!(
            keys(&index, Query::new("formatear memoria usb")),
            ["discos", "memoria"]
        );
    }

    #[test]
    fn keywords_weigh_more_than_the_title() {
        let index = corpus();
        let mut keyworded = doc("doc:9", Locale::EsMx, "kb", "Bolsa de empleo", "Ofertas.");
        keyworded.keywords = "chamba, trabajo".to_owned();
        let titled = doc("doc:10", Locale::EsMx, "kb", "Chamba", "Palabra mexicana.");
        index
            .apply(&[Change::Upsert(titled), Change::Upsert(keyworded)], 8)
            .unwrap();
        assert_eq!(keys(&index, Query::new("chamba")), ["doc:9", "doc:10"]);
    }

    #[test]
    fn filters_narrow_and_the_reader_language_comes_first() {
        let index = corpus();
        assert_eq!(
            keys(&index, Query::new("configuración").in_collection("kb")),
            ["doc:4"]
        );
        assert_eq!(
            keys(&index, Query::new("printer").in_language(Some(Locale::En))),
            ["doc:3"]
        );
        assert!(
            keys(
                &index,
                Query::new("impresora").in_language(Some(Locale::En))
            )
            .is_empty()
        );
        let english_reader = index
            .search(
                &Query::new("printer impresora"),
                Locale::En,
                &Synonyms::default(),
            )
            .unwrap();
        assert_eq!(english_reader.hits[0].key, "doc:3");
    }

    #[test]
    fn a_list_of_titles_ranks_the_same_without_snippets() {
        let index = corpus();
        let search = |query: Query| index.search(&query, Locale::EsMx, &Synonyms::default());
        let with = search(Query::new("cola de impresion")).unwrap();
        let without = search(Query::new("cola de impresion").without_snippets()).unwrap();
        assert!(with.hits.iter().all(|hit| !hit.snippet.is_empty()));
        assert!(without.hits.iter().all(|hit| hit.snippet.is_empty()));
        let keys = |found: &Found| -> Vec<String> {
            found.hits.iter().map(|hit| hit.key.clone()).collect()
        };
        assert!(!with.hits.is_empty());
        assert_eq!(keys(&with), keys(&without));
        assert_eq!(with.total, without.total);
    }

    #[test]
    fn snippets_mark_the_matching_words() {
        let index = corpus();
        let found = index
            .search(
                &Query::new("cola de impresion"),
                Locale::EsMx,
                &Synonyms::default(),
            )
            .unwrap();
        let hit = &found.hits[0];
        assert_eq!(hit.key, "doc:2");
        let marked: Vec<&str> = hit
            .snippet
            .iter()
            .filter(|piece| piece.marked)
            .map(|piece| piece.text.as_str())
            .collect();
        assert_eq!(marked, ["cola", "impresión"]);
        let whole: String = hit
            .snippet
            .iter()
            .map(|piece| piece.text.as_str())
            .collect();
        assert!(whole.contains("revisa el cable"), "{whole}");
    }

    #[test]
    fn upserts_replace_and_removals_remove() {
        let index = corpus();
        let changed = doc(
            "doc:2",
            Locale::EsMx,
            "kb",
            "Escáner",
            "El escáner no escanea.",
        );
        index
            .apply(
                &[Change::Upsert(changed), Change::Remove("doc:4".into())],
                9,
            )
            .unwrap();
        assert!(keys(&index, Query::new("impresora")).is_empty());
        assert_eq!(keys(&index, Query::new("escaner")), ["doc:2"]);
        assert!(keys(&index, Query::new("audífonos")).is_empty());
        assert_eq!(index.len(), 3);
        assert_eq!(index.position().unwrap(), Some(9));
    }

    #[test]
    fn a_better_spelled_query_is_offered() {
        let index = corpus();
        let suggest = |text: &str| {
            index
                .suggest(&Query::new(text), &Synonyms::default())
                .unwrap()
        };
        assert_eq!(
            suggest("la imprezora no imprime").as_deref(),
            Some("la impresora no imprime")
        );
        assert_eq!(
            suggest("configurasion").as_deref(),
            Some("configuración"),
            "written as the articles write it"
        );
        assert_eq!(suggest("impresora"), None);
        assert_eq!(suggest("xyzzy"), None);
    }

    #[test]
    fn words_the_search_knows_are_not_corrected() {
        let index = indexed(
            [
                doc(
                    "doc:1",
                    Locale::EsMx,
                    "kb",
                    "El inicio de la wiki",
                    "Cada persona del equipo pudo entrar a la wiki.",
                ),
                doc(
                    "doc:2",
                    Locale::EsMx,
                    "kb",
                    "Valor inicial de la red inalámbrica",
                    "Conectarse por primera vez: la señal rebota en las paredes. Puerto 8080.",
                ),
                Document {
                    keywords: "sincronización".to_owned(),
                    ..doc("doc:3", Locale::EsMx, "kb", "El reloj", "La hora exacta.")
                },
            ],
            1,
        );
        let groups = crate::synonyms::parse("wifi, red inalámbrica\nconexión remota, ssh").unwrap();
        let synonyms = Synonyms::new([(Locale::EsMx, groups)].into());
        let suggest =
            |text: &str, synonyms: &Synonyms| index.suggest(&Query::new(text), synonyms).unwrap();
        // One letter from `wiki`, and unknown to the search without the group.
        assert_eq!(
            suggest("wifi", &Synonyms::default()).as_deref(),
            Some("wiki")
        );
        assert_eq!(suggest("wifi", &synonyms), None, "a synonym");
        assert_eq!(
            suggest("remota", &Synonyms::default()).as_deref(),
            Some("rebota")
        );
        assert_eq!(
            suggest("remota", &synonyms),
            None,
            "a word of a synonym of several words"
        );
        assert_eq!(suggest("nada", &synonyms), None, "a function word (cada)");
        assert_eq!(
            suggest("puedo", &synonyms),
            None,
            "a question's verb (pudo)"
        );
        assert_eq!(
            suggest("iniciar", &synonyms),
            None,
            "another form of inicio (inicial)"
        );
        assert_eq!(
            suggest("conectarce a la wifi", &synonyms).as_deref(),
            Some("conectarse a la wifi")
        );
        assert_eq!(suggest("8081", &synonyms), None, "a number");
        assert_eq!(
            suggest("sincronizasion", &synonyms).as_deref(),
            Some("sincronizacion"),
            "folded, when no stored text shows the word (only the keywords say it)"
        );
    }

    #[test]
    fn hostile_queries_answer_without_failing() {
        let index = corpus();
        for text in ["", "\"", "*", ":", "(", ")", "\u{0}\u{1b}[2J", "de la y el"] {
            let found = index
                .search(&Query::new(text), Locale::EsMx, &Synonyms::default())
                .unwrap();
            assert_eq!(found.total, 0, "{text:?}");
        }
        let long = "impresora ".repeat(1_000);
        let found = index
            .search(&Query::new(&long), Locale::EsMx, &Synonyms::default())
            .unwrap();
        assert_eq!(found.hits[0].key, "doc:2");
        assert_eq!(
            keys(&index, Query::new("\"impresora\" (cable)*:"))[0],
            "doc:2"
        );
    }
}
