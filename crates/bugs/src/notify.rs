//! Telling people: every write that others should hear of queues one `bugs.notify` job
//! in its own transaction; the job gives a notice (and a mail through the platform's
//! outbox) to the report's subscribers (with its duplicates' on a master), its
//! assignee, and, when its status moves, to the followers of what it came from (the
//! watchers of a forum question, asked through the area that owns it). The one who
//! acted is not told. Notices and mails are written in one transaction, so a retried
//! job tells nobody twice.

use serde::{Deserialize, Serialize};
use soporte_platform::area::Follower;
use soporte_platform::i18n::Locale;
use soporte_platform::jobs::{Job, JobError, JobFuture, JobHandler, Queue};
use soporte_platform::links::{self, Direction, LinkKind, Phrase};
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::notifications::{self, Notice};
use soporte_platform::storage::UserId;
use soporte_platform::web::AppState;
use sqlx::AnyConnection;

use crate::BugId;
use crate::status::Status;

/// The kind of the job.
pub const KIND: &str = "bugs.notify";

/// What happened to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum News {
    Filed,
    Commented {
        number: i64,
    },
    /// The reporter answered an Incompleto report.
    Answered {
        number: i64,
    },
    Status,
    Triaged,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    bug: BugId,
    actor: Option<UserId>,
    news: News,
}

/// Queues the telling of `news` about `bug`, inside the caller's transaction.
pub async fn enqueue(
    queue: &Queue,
    tx: &mut AnyConnection,
    bug: BugId,
    actor: Option<UserId>,
    news: News,
) -> Result<(), sqlx::Error> {
    queue
        .enqueue(tx, KIND, &Payload { bug, actor, news })
        .await
        .map(|_| ())
}

/// The job's handler.
pub struct Notifier {
    pub state: AppState,
}

impl JobHandler for Notifier {
    fn kind(&self) -> &'static str {
        KIND
    }

    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            let payload: Payload = serde_json::from_str(&job.payload).map_err(JobError::new)?;
            tell(&self.state, &payload).await.map_err(JobError::new)
        })
    }
}

/// Someone to tell, in their language.
struct Recipient {
    person: UserId,
    email: String,
    locale: Locale,
}

async fn tell(state: &AppState, payload: &Payload) -> Result<(), sqlx::Error> {
    let db = &state.db;
    let Some((id, title, status, series)) = crate::store::described(db, payload.bug.get()).await?
    else {
        return Ok(());
    };
    // Subscribers of the report and, on a master, of its duplicates; and the assignee.
    let mut people: Vec<UserId> = sqlx::query_scalar(
        "SELECT DISTINCT user_id FROM bugs_subscriptions WHERE bug_id = $1 \
         OR bug_id IN (SELECT id FROM bugs WHERE duplicate_of = $1) \
         UNION SELECT assignee_id FROM bugs WHERE id = $1 AND assignee_id IS NOT NULL",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    // When its status moves, those who follow what it (or one of its duplicates) came
    // from hear it too, by mail as the area that owns them says they want.
    let mut followers: Vec<Follower> = Vec::new();
    if matches!(payload.news, News::Status | News::Answered { .. }) {
        let duplicates: Vec<BugId> =
            sqlx::query_scalar("SELECT id FROM bugs WHERE duplicate_of = $1 ORDER BY id")
                .bind(id)
                .fetch_all(db.pool())
                .await?;
        for report in std::iter::once(id).chain(duplicates) {
            let Ok(subject) = links::Subject::new(crate::SUBJECT, report.get()) else {
                continue;
            };
            for link in links::of(db, &subject).await? {
                if link.kind != LinkKind::Became || link.direction != Direction::Incoming {
                    continue;
                }
                if let Some(area) = state.site.subject_owner(link.other.kind()) {
                    followers.extend(area.followers(db, &link.other).await?);
                }
            }
        }
    }
    people.sort();
    people.dedup();
    followers.retain(|follower| !people.contains(&follower.person));
    followers.sort_by_key(|follower| (follower.person, !follower.mail));
    followers.dedup_by_key(|follower| follower.person);
    let path = crate::store::path(id);
    let mut tx = state.db.write().await?;
    let mut mailed = false;
    let subscribed = people.into_iter().map(|person| (person, false, true));
    let following = followers
        .into_iter()
        .map(|follower| (follower.person, true, follower.mail));
    for (person, linked, wants_mail) in subscribed.chain(following) {
        if Some(person) == payload.actor {
            continue;
        }
        let Some(recipient) = recipient(&mut tx, person).await? else {
            continue;
        };
        let locale = recipient.locale;
        let status_text = status_words(state, locale, status, series.as_deref());
        let number = id.to_string();
        let args = [
            ("number", number.as_str()),
            ("status", status_text.as_str()),
        ];
        let text_id = match (payload.news, linked) {
            (_, true) => "bugs-notice-linked-status",
            (News::Filed, _) => "bugs-notice-filed",
            (News::Commented { .. }, _) => "bugs-notice-commented",
            (News::Answered { .. }, _) => "bugs-notice-answered",
            (News::Status, _) => "bugs-notice-status",
            (News::Triaged, _) => "bugs-notice-triaged",
        };
        let text = state.i18n.text_with(locale, text_id, &args);
        let heading = format!("#{id} {title}");
        notifications::add(
            &mut tx,
            Notice {
                user: person,
                title: &heading,
                text: &text,
                path: &path,
            },
        )
        .await?;
        if !wants_mail {
            continue;
        }
        let Ok(to) = recipient.email.parse() else {
            tracing::warn!(person = %recipient.person, "a report's mail has an address that does not parse");
            continue;
        };
        let mail = OutgoingMail {
            to,
            subject: state
                .i18n
                .text_with(locale, "bugs-mail-subject", &[("title", &heading)]),
            body_text: state.i18n.text_with(
                locale,
                if linked {
                    "bugs-mail-body-linked"
                } else {
                    "bugs-mail-body"
                },
                &[("text", &text), ("link", &state.absolute_url(&path))],
            ),
        };
        mail::queue_mail(&state.queue, &mut tx, &mail).await?;
        mailed = true;
    }
    tx.commit().await?;
    if mailed {
        state.queue.wake();
    }
    Ok(())
}

/// A report's status in words, with the series of its fix where it has one
/// ("Corrección lista en 2.1").
pub fn status_words(
    state: &AppState,
    locale: Locale,
    status: Status,
    series: Option<&str>,
) -> String {
    status_phrase(status, series).text(&state.i18n, locale)
}

/// [`status_words`] before they are put in a language.
pub fn status_phrase(status: Status, series: Option<&str>) -> Phrase {
    match (status, series) {
        (Status::FixCommitted, Some(series)) => Phrase {
            id: "bugs-status-fix-committed-in",
            args: vec![("series", series.to_owned())],
        },
        (Status::FixReleased, Some(series)) => Phrase {
            id: "bugs-status-fix-released-in",
            args: vec![("series", series.to_owned())],
        },
        _ => Phrase {
            id: status.message_id(),
            args: Vec::new(),
        },
    }
}

async fn recipient(
    tx: &mut AnyConnection,
    person: UserId,
) -> Result<Option<Recipient>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(email, locale)| Recipient {
        person,
        email,
        locale: Locale::from_tag(&locale).unwrap_or(Locale::EsMx),
    }))
}
