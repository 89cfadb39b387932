//! The question banks: the syllabus's topics and their questions, as GIFT files bring
//! them (`soporte certification import-gift FILE`) and take them out again
//! (`export-gift`). A file is checked whole before anything is written, and written in
//! one transaction: a file with a mistake imports nothing. Importing a file again
//! finds each question by its `[id:…]` (or, without one, by its text) and updates it.

use sha2::{Digest, Sha256};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, now_ms};

use crate::gift::{self, Kind, Question};

/// How many questions of a new topic an exam draws, until staff say otherwise.
pub const DEFAULT_QUOTA: i64 = 5;

/// Why a question cannot go into a bank; each has a Fluent id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Questions go in topics: `$CATEGORY:` before them.
    NoTopic,
    /// Exams grade themselves: no essays or descriptions.
    NotGradable,
}

impl Refused {
    pub fn message_id(&self) -> &'static str {
        match self {
            Refused::NoTopic => "cert-import-no-topic",
            Refused::NotGradable => "cert-import-not-gradable",
        }
    }
}

/// The topic a category names: its last part, as written, and its slug.
pub fn topic_of(category: &str) -> Option<(String, String)> {
    let title = category.rsplit('/').next().unwrap_or_default().trim();
    let slug = soporte_platform::text::slug(title);
    (!slug.is_empty()).then(|| (title.to_owned(), slug))
}

/// What in `questions` cannot go into a bank: `(line, why)`.
pub fn check(questions: &[Question]) -> Vec<(usize, Refused)> {
    questions
        .iter()
        .filter_map(|question| {
            if question.category.as_deref().and_then(topic_of).is_none() {
                Some((question.line, Refused::NoTopic))
            } else if matches!(question.kind, Kind::Essay | Kind::Description) {
                Some((question.line, Refused::NotGradable))
            } else {
                None
            }
        })
        .collect()
}

/// A question as the bank keeps it: what it was read from is not kept (its line, its
/// category: the topic says it).
fn kept(question: &Question) -> Question {
    Question {
        line: 0,
        category: None,
        ..question.clone()
    }
}

/// The key a question is found by on a new import: its `[id:…]`, or its text's hash.
pub fn key(question: &Question) -> String {
    match &question.id {
        Some(id) => format!("id:{id}"),
        None => {
            let written = gift::write(std::slice::from_ref(&kept(question)));
            let digest = Sha256::digest(written.as_bytes());
            let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
            format!("sha256:{hex}")
        }
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Description => "description",
        Kind::Essay => "essay",
        Kind::TrueFalse { .. } => "true_false",
        Kind::Choice { .. } => "choice",
        Kind::Short { .. } => "short",
        Kind::Matching { .. } => "matching",
        Kind::Numerical { .. } => "numerical",
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub topics: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the questions cannot go into a bank")]
    Refused(Vec<(usize, Refused)>),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("a question could not be written: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `questions` into their topics' banks, in one transaction; `progress` hears
/// how many of how many are done.
pub async fn import(
    db: &Db,
    questions: &[Question],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Summary, ImportError> {
    let refused = check(questions);
    if !refused.is_empty() {
        return Err(ImportError::Refused(refused));
    }
    let total = u64::try_from(questions.len()).unwrap_or(u64::MAX);
    let now = now_ms();
    let mut summary = Summary::default();
    let mut tx = db.write().await?;
    for (done, question) in questions.iter().enumerate() {
        let Some((title, slug)) = question.category.as_deref().and_then(topic_of) else {
            continue;
        };
        let topic: Option<i64> = sqlx::query_scalar("SELECT id FROM cert_topics WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?;
        let topic = match topic {
            Some(topic) => topic,
            None => {
                summary.topics += 1;
                sqlx::query_scalar(
                    "INSERT INTO cert_topics (slug, title, position, quota, created_at) \
                     VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM cert_topics), \
                     $3, $4) RETURNING id",
                )
                .bind(&slug)
                .bind(&title)
                .bind(DEFAULT_QUOTA)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let key = key(question);
        let body = serde_json::to_string(&kept(question))?;
        let name = question
            .name
            .clone()
            .unwrap_or_else(|| question.text.text.chars().take(80).collect());
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, body FROM cert_questions WHERE topic_id = $1 AND key = $2")
                .bind(topic)
                .bind(&key)
                .fetch_optional(&mut *tx)
                .await?;
        match existing {
            Some((_, old)) if old == body => summary.unchanged += 1,
            Some((id, _)) => {
                summary.updated += 1;
                sqlx::query(
                    "UPDATE cert_questions SET name = $2, kind = $3, body = $4, updated_at = $5, \
                     retired_at = NULL WHERE id = $1",
                )
                .bind(id)
                .bind(&name)
                .bind(kind_name(&question.kind))
                .bind(&body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                summary.created += 1;
                sqlx::query(
                    "INSERT INTO cert_questions (topic_id, key, name, kind, body, retired_at, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $6)",
                )
                .bind(topic)
                .bind(&key)
                .bind(&name)
                .bind(kind_name(&question.kind))
                .bind(&body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        progress(u64::try_from(done + 1).unwrap_or(u64::MAX), total);
    }
    events::append(
        &mut tx,
        NewEvent {
            kind: "certification.bank_imported",
            subject: "certification:0".to_owned(),
            actor_id: None,
            payload: &serde_json::json!({
                "topics": summary.topics, "created": summary.created,
                "updated": summary.updated, "unchanged": summary.unchanged,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// Every question in the banks (but those retired), topic by topic in the syllabus's
/// order, each under its topic as its category.
pub async fn export(db: &Db) -> Result<Vec<Question>, ImportError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.title, q.body FROM cert_questions q JOIN cert_topics t ON t.id = q.topic_id \
         WHERE q.retired_at IS NULL ORDER BY t.position, t.id, q.id",
    )
    .fetch_all(db.pool())
    .await?;
    let mut questions = Vec::with_capacity(rows.len());
    for (title, body) in rows {
        let mut question: Question = serde_json::from_str(&body)?;
        question.category = Some(title);
        questions.push(question);
    }
    Ok(questions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_come_from_categories_and_essays_stay_out() {
        assert_eq!(
            topic_of("$course$/top/Certificación/Redes y conexión"),
            Some(("Redes y conexión".to_owned(), "redes-y-conexion".to_owned()))
        );
        assert_eq!(topic_of("a/ /"), None);
        let questions = gift::parse(
            "¿Sin tema? {T}\n\n$CATEGORY: Redes\n\nEnsayo {}\n\nBien {T}\n\nTexto solo.\n",
        )
        .unwrap();
        assert_eq!(
            check(&questions),
            [
                (1, Refused::NoTopic),
                (5, Refused::NotGradable),
                (9, Refused::NotGradable)
            ]
        );
    }

    #[test]
    fn a_question_is_found_by_its_id_or_else_by_its_text() {
        let questions = gift::parse(
            "$CATEGORY: Redes\n\n// [id:R-1]\n¿Puerto de SSH? {#22}\n\n¿Puerto de HTTP? {#80}\n",
        )
        .unwrap();
        assert_eq!(key(&questions[0]), "id:R-1");
        assert!(key(&questions[1]).starts_with("sha256:"));
        // The same question read from elsewhere in a file has the same key.
        let moved = gift::parse("$CATEGORY: Otra\n\n\n\n¿Puerto de HTTP? {#80}\n").unwrap();
        assert_eq!(key(&moved[0]), key(&questions[1]));
    }
}
