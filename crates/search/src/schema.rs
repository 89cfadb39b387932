//! The index's fields: what of an article is kept, and how each part is analyzed
//! (stemmed per language, or as folded words for typo tolerance). Written by the
//! index, read by the ranking and the suggestion.

use soporte_platform::i18n::Locale;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{self, WORDS_ANALYZER};

/// The indexed fields of one language, analyzed with its stemmer.
#[derive(Clone, Copy)]
pub(crate) struct Stems {
    pub(crate) title: Field,
    pub(crate) headings: Field,
    pub(crate) lead: Field,
    pub(crate) body: Field,
    pub(crate) keywords: Field,
}

/// Every field of the index.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) key: Field,
    /// A number fixed by the key, to order results of equal score the same way
    /// whatever the index's segments ([`order_of`]).
    pub(crate) order: Field,
    /// 1 for a thing that settles a problem, 0 for one still open ([`SETTLED`]).
    pub(crate) settled: Field,
    pub(crate) language: Field,
    pub(crate) collection: Field,
    pub(crate) path: Field,
    pub(crate) title: Field,
    pub(crate) body: Field,
    pub(crate) spanish: Stems,
    pub(crate) english: Stems,
    pub(crate) words: Field,
}

impl Fields {
    /// The fields of `language`'s stems.
    pub(crate) fn stems(&self, language: Locale) -> Stems {
        match language {
            Locale::EsMx => self.spanish,
            Locale::En => self.english,
        }
    }
}

/// The name of the [`Fields::order`] field.
pub(crate) const ORDER: &str = "order";
/// The name of the [`Fields::settled`] field.
pub(crate) const SETTLED: &str = "settled";

/// The order number of the document with `key`: its FNV-1a hash, the same on every
/// node and after every rebuild.
pub(crate) fn order_of(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The schema and its fields.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexed = |analyzer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(record),
        )
    };
    let mut stems = |language: Locale, suffix: &str| {
        let analyzer = analysis::analyzer_name(language);
        let positions = IndexRecordOption::WithFreqsAndPositions;
        Stems {
            title: builder.add_text_field(&format!("title_{suffix}"), indexed(analyzer, positions)),
            headings: builder.add_text_field(
                &format!("headings_{suffix}"),
                indexed(analyzer, IndexRecordOption::WithFreqs),
            ),
            lead: builder.add_text_field(
                &format!("lead_{suffix}"),
                indexed(analyzer, IndexRecordOption::WithFreqs),
            ),
            body: builder.add_text_field(&format!("body_{suffix}"), indexed(analyzer, positions)),
            keywords: builder.add_text_field(
                &format!("keywords_{suffix}"),
                indexed(analyzer, IndexRecordOption::Basic),
            ),
        }
    };
    let spanish = stems(Locale::EsMx, "es");
    let english = stems(Locale::En, "en");
    let fields = Fields {
        spanish,
        english,
        words: builder.add_text_field(
            "words",
            indexed(WORDS_ANALYZER, IndexRecordOption::WithFreqs),
        ),
        key: builder.add_text_field("key", STRING | STORED),
        order: builder.add_u64_field(ORDER, FAST),
        settled: builder.add_u64_field(SETTLED, FAST | STORED),
        language: builder.add_text_field("language", STRING | STORED),
        collection: builder.add_text_field("collection", STRING | STORED),
        path: builder.add_text_field("path", STORED),
        title: builder.add_text_field("title", STORED),
        body: builder.add_text_field("body", STORED),
    };
    (builder.build(), fields)
}
