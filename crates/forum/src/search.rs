//! What the forum gives the one search: every topic, as the question (or discussion)
//! and, once solved, its accepted answer, under the subject its events carry
//! (`topic:ID`). Solved questions are settled answers and rank above open ones.

use soporte_platform::i18n::Locale;
use soporte_platform::markup;
use soporte_platform::searchable::{Document, Source, SourceFuture};
use soporte_platform::storage::Db;

/// The forum as a search source.
pub struct Topics;

/// The collection of solved questions.
pub const SOLVED: &str = "preguntas-resueltas";
/// The collection of every other topic.
pub const OPEN: &str = "comunidad";

/// The collections, as the search page's filter offers them.
const COLLECTIONS: [(&str, &str); 2] = [
    (SOLVED, "forum-collection-solved"),
    (OPEN, "forum-collection-open"),
];

/// A topic with its opening post and its solution's text.
type Row = (i64, String, String, String, String, Option<String>, i64);

const SELECT: &str = "SELECT t.id, t.state, t.lang, t.title, p.body, s.body, t.shown \
     FROM forum_topics t \
     JOIN forum_posts p ON p.topic_id = t.id AND p.number = 1 \
     LEFT JOIN forum_posts s ON s.id = t.solution_post_id AND s.visibility = 'shown'";

/// The searchable document of a topic; `None` while its opening post is hidden.
fn document((id, state, lang, title, question, solution, shown): Row) -> Option<Document> {
    if shown != 1 {
        return None;
    }
    // Settled: solved, with its solution still shown (the join leaves out a hidden one).
    let settled = state == crate::question::State::Solved.as_str() && solution.is_some();
    let mut body = markup::plain_text(&question);
    if let Some(solution) = solution.filter(|_| settled) {
        body.push('\n');
        body.push_str(&markup::plain_text(&solution));
    }
    Some(Document {
        key: format!("{}:{id}", crate::SUBJECT),
        language: Locale::from_tag(&lang).unwrap_or(Locale::EsMx),
        collection: if settled { SOLVED } else { OPEN }.to_owned(),
        title,
        headings: String::new(),
        body,
        keywords: String::new(),
        path: format!("/comunidad/tema/{id}"),
        settled,
    })
}

impl Source for Topics {
    fn prefix(&self) -> &'static str {
        crate::SUBJECT
    }

    fn collections(&self) -> &'static [(&'static str, &'static str)] {
        &COLLECTIONS
    }

    fn count<'a>(&'a self, db: &'a Db) -> SourceFuture<'a, u64> {
        Box::pin(async move {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forum_topics")
                .fetch_one(db.pool())
                .await?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
    }

    fn page<'a>(
        &'a self,
        db: &'a Db,
        after: i64,
        limit: i64,
    ) -> SourceFuture<'a, Vec<(i64, Option<Document>)>> {
        Box::pin(async move {
            let rows: Vec<Row> =
                sqlx::query_as(&format!("{SELECT} WHERE t.id > $1 ORDER BY t.id LIMIT $2"))
                    .bind(after)
                    .bind(limit)
                    .fetch_all(db.pool())
                    .await?;
            Ok(rows.into_iter().map(|row| (row.0, document(row))).collect())
        })
    }

    fn document<'a>(&'a self, db: &'a Db, id: i64) -> SourceFuture<'a, Option<Document>> {
        Box::pin(async move {
            let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE t.id = $1"))
                .bind(id)
                .fetch_optional(db.pool())
                .await?;
            Ok(row.and_then(document))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str) -> Row {
        (
            5,
            state.to_owned(),
            "en".to_owned(),
            "No sound".to_owned(),
            "The **speakers** are silent.".to_owned(),
            Some("Unmute the `Master` channel.".to_owned()),
            1,
        )
    }

    #[test]
    fn a_solved_question_carries_its_answer_and_is_settled() {
        let solved = document(row("solved")).unwrap();
        assert_eq!(solved.key, "topic:5");
        assert_eq!(solved.language, Locale::En);
        assert!(solved.settled);
        assert_eq!(solved.collection, SOLVED);
        assert_eq!(
            solved.body,
            "The speakers are silent.\nUnmute the Master channel."
        );
        assert_eq!(solved.path, "/comunidad/tema/5");

        let open = document(row("answered")).unwrap();
        assert!(!open.settled);
        assert_eq!(open.collection, OPEN);
        assert_eq!(open.body, "The speakers are silent.");
        let mut hidden = row("solved");
        hidden.6 = 0;
        assert_eq!(document(hidden), None);
    }
}
