//! Badges: what a person earned by helping others (accepted answers, helpful votes, an
//! approved knowledge-base edit, translations). The area where it happened awards the
//! badge, once, in the same transaction as the write that earned it; profiles show them.
//! Owns the `badges` table; calls only storage and the event log.

use sqlx::AnyConnection;

use crate::events::{self, NewEvent};
use crate::storage::{Db, UserId, now_ms};

/// A badge someone can earn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    /// One of their replies was accepted as a question's solution.
    FirstSolution,
    /// Ten accepted answers.
    TenSolutions,
    /// A hundred accepted answers.
    HundredSolutions,
    /// Their posts were marked helpful [`HELPFUL_VOTES`] times.
    Helpful,
    /// A reviewer approved their first change to a knowledge-base article.
    FirstArticleEdit,
    /// They linked an article to its translation.
    Translator,
}

/// Helpful votes received that earn [`Badge::Helpful`].
pub const HELPFUL_VOTES: i64 = 10;

impl Badge {
    pub const ALL: [Badge; 6] = [
        Badge::FirstSolution,
        Badge::TenSolutions,
        Badge::HundredSolutions,
        Badge::Helpful,
        Badge::FirstArticleEdit,
        Badge::Translator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Badge::FirstSolution => "first-solution",
            Badge::TenSolutions => "ten-solutions",
            Badge::HundredSolutions => "hundred-solutions",
            Badge::Helpful => "helpful",
            Badge::FirstArticleEdit => "first-article-edit",
            Badge::Translator => "translator",
        }
    }

    pub fn parse(text: &str) -> Option<Badge> {
        Badge::ALL.into_iter().find(|badge| badge.as_str() == text)
    }

    /// The Fluent id of its name; `{id}-about` says how it is earned.
    pub fn message_id(self) -> &'static str {
        match self {
            Badge::FirstSolution => "badge-first-solution",
            Badge::TenSolutions => "badge-ten-solutions",
            Badge::HundredSolutions => "badge-hundred-solutions",
            Badge::Helpful => "badge-helpful",
            Badge::FirstArticleEdit => "badge-first-article-edit",
            Badge::Translator => "badge-translator",
        }
    }

    /// The Fluent id of how it is earned.
    pub fn about_id(self) -> &'static str {
        match self {
            Badge::FirstSolution => "badge-first-solution-about",
            Badge::TenSolutions => "badge-ten-solutions-about",
            Badge::HundredSolutions => "badge-hundred-solutions-about",
            Badge::Helpful => "badge-helpful-about",
            Badge::FirstArticleEdit => "badge-first-article-edit-about",
            Badge::Translator => "badge-translator-about",
        }
    }
}

/// The badges that `accepted` accepted answers earn.
pub fn for_solutions(accepted: i64) -> Vec<Badge> {
    [
        (1, Badge::FirstSolution),
        (10, Badge::TenSolutions),
        (100, Badge::HundredSolutions),
    ]
    .into_iter()
    .filter(|(needed, _)| accepted >= *needed)
    .map(|(_, badge)| badge)
    .collect()
}

/// The badges that `votes` helpful votes received earn.
pub fn for_helpful_votes(votes: i64) -> Vec<Badge> {
    if votes >= HELPFUL_VOTES {
        vec![Badge::Helpful]
    } else {
        Vec::new()
    }
}

/// Gives `person` each of `badges` they do not hold yet, on `connection`; returns the
/// ones newly earned.
pub async fn award(
    connection: &mut AnyConnection,
    person: UserId,
    badges: &[Badge],
) -> Result<Vec<Badge>, sqlx::Error> {
    let mut earned = Vec::new();
    for badge in badges {
        let added = sqlx::query(
            "INSERT INTO badges (user_id, badge, earned_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(person)
        .bind(badge.as_str())
        .bind(now_ms())
        .execute(&mut *connection)
        .await?;
        if added.rows_affected() == 1 {
            let event = NewEvent {
                kind: "badge.awarded",
                subject: format!("user:{person}"),
                actor_id: None,
                payload: &badge.as_str(),
            };
            events::append(connection, event).await?;
            earned.push(*badge);
        }
    }
    Ok(earned)
}

/// The badges `person` holds, with when each was earned, in the order of [`Badge::ALL`].
pub async fn of(db: &Db, person: UserId) -> Result<Vec<(Badge, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT badge, earned_at FROM badges WHERE user_id = $1")
            .bind(person)
            .fetch_all(db.pool())
            .await?;
    let mut held: Vec<(Badge, i64)> = rows
        .into_iter()
        .filter_map(|(badge, at)| Badge::parse(&badge).map(|badge| (badge, at)))
        .collect();
    held.sort_by_key(|(badge, _)| Badge::ALL.iter().position(|known| known == badge));
    Ok(held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_earn_every_step_reached() {
        assert!(for_solutions(0).is_empty());
        assert_eq!(for_solutions(1), [Badge::FirstSolution]);
        assert_eq!(for_solutions(9), [Badge::FirstSolution]);
        assert_eq!(
            for_solutions(10),
            [Badge::FirstSolution, Badge::TenSolutions]
        );
        assert_eq!(for_solutions(250).len(), 3);
        assert!(for_helpful_votes(HELPFUL_VOTES - 1).is_empty());
        assert_eq!(for_helpful_votes(HELPFUL_VOTES), [Badge::Helpful]);
    }

    #[test]
    fn names_read_back() {
        for badge in Badge::ALL {
            assert_eq!(Badge::parse(badge.as_str()), Some(badge));
            assert_eq!(badge.about_id(), format!("{}-about", badge.message_id()));
        }
        assert_eq!(Badge::parse("oro"), None);
    }
}
