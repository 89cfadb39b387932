//! The ask flow: before a question is posted, the one search proposes solved questions
//! and articles. The ask form carries a flow's token from the start; the flow is
//! recorded at its first use (a title searched as it is typed, or the preview step
//! without JavaScript) until its end (posted, left after "esto me resolvió", or left
//! without either), so staff can see how many questions the suggestions settled.

use soporte_platform::storage::{Db, UserId, now_ms};

use crate::TopicId;

/// How an ask flow ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still asking, or left without posting and without a suggestion that helped.
    Asking,
    /// The question was posted.
    Posted,
    /// A suggestion answered it: left without posting.
    Resolved,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Asking => "asking",
            Outcome::Posted => "posted",
            Outcome::Resolved => "resolved",
        }
    }
}

/// A flow's token as a form carries it: 43 URL-safe characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowToken(String);

impl FlowToken {
    pub fn parse(text: &str) -> Option<FlowToken> {
        let ok = text.len() == 43
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| FlowToken(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A new flow's token, for the ask form to carry; the flow is recorded on its
    /// first use (see [`touch`]).
    pub fn fresh() -> Result<FlowToken, sqlx::Error> {
        soporte_platform::secrets::random_token()
            .map(FlowToken)
            .map_err(|error| sqlx::Error::Protocol(error.to_string()))
    }
}

/// Notes that flow `token` of `person` was shown `suggestions` more suggestions,
/// recording the flow on its first use (the first title searched). One row per token,
/// however many searches arrive at once.
pub async fn touch(
    db: &Db,
    token: &FlowToken,
    person: Option<UserId>,
    suggestions: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_ask_flows (token, user_id, started_at, suggestions, outcome, resolved_by) \
         VALUES ($1, $2, $3, $4, 'asking', '') ON CONFLICT (token) DO UPDATE \
         SET suggestions = forum_ask_flows.suggestions + excluded.suggestions \
         WHERE forum_ask_flows.outcome = 'asking'",
    )
    .bind(token.as_str())
    .bind(person)
    .bind(now_ms())
    .bind(i64::try_from(suggestions).unwrap_or(i64::MAX))
    .execute(db.writes())
    .await?;
    Ok(())
}

/// Ends flow `token` of `person`: `topic` was posted, or `resolved_by` (a path)
/// answered it. A flow ends once; later calls change nothing.
pub async fn finish(
    db: &Db,
    token: &FlowToken,
    person: Option<UserId>,
    outcome: Outcome,
    (topic, resolved_by): (Option<TopicId>, &str),
) -> Result<bool, sqlx::Error> {
    touch(db, token, person, 0).await?;
    let done = sqlx::query(
        "UPDATE forum_ask_flows SET outcome = $2, ended_at = $3, topic_id = $4, resolved_by = $5 \
         WHERE token = $1 AND outcome = 'asking'",
    )
    .bind(token.as_str())
    .bind(outcome.as_str())
    .bind(now_ms())
    .bind(topic)
    .bind(resolved_by)
    .execute(db.writes())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How the flows begun between `from` and `to` (UTC milliseconds) ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deflection {
    pub posted: i64,
    /// Left after a suggestion that answered.
    pub resolved: i64,
    /// Left without posting or saying a suggestion helped.
    pub left: i64,
}

impl Deflection {
    /// The share of flows a suggestion settled, in percent; none without flows.
    pub fn percent(&self) -> Option<i64> {
        let all = self.posted + self.resolved + self.left;
        (all > 0).then(|| self.resolved * 100 / all)
    }
}

pub async fn deflection(db: &Db, from: i64, to: i64) -> Result<Deflection, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, COUNT(*) FROM forum_ask_flows WHERE started_at >= $1 AND started_at < $2 \
         GROUP BY outcome",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let count = |outcome: Outcome| {
        rows.iter()
            .find(|(name, _)| name == outcome.as_str())
            .map_or(0, |(_, n)| *n)
    };
    Ok(Deflection {
        posted: count(Outcome::Posted),
        resolved: count(Outcome::Resolved),
        left: count(Outcome::Asking),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_what_random_token_makes() {
        let token = "a".repeat(43);
        assert!(FlowToken::parse(&token).is_some());
        assert!(FlowToken::parse("corto").is_none());
        assert!(FlowToken::parse(&format!("{}'", "a".repeat(42))).is_none());
    }

    #[test]
    fn deflection_is_the_share_resolved() {
        let week = Deflection {
            posted: 6,
            resolved: 3,
            left: 1,
        };
        assert_eq!(week.percent(), Some(30));
        assert_eq!(Deflection::default().percent(), None);
    }
}
