//! Telling people: a follower of the event log that turns each new topic and reply into
//! notices for those who watch it (its topic, category or tags) and those it mentions,
//! and into mail for those who want each one; and the daily and weekly digests. It
//! keeps its place in the log with a compare-and-set, so on many nodes each event is
//! handled once; mail goes through the platform's outbox, so nothing is lost while the
//! SMTP server is down.
//!
//! On PostgreSQL, transactions can commit out of id order (an event with a lower id may
//! appear after a higher one was read), and telling is not idempotent (mail goes out).
//! So there the notifier moves past an event only once it is older than [`SETTLE_MS`];
//! on SQLite, where one writer commits at a time, at once.

use std::time::Duration;

use serde::Deserialize;
use soporte_platform::area::Running;
use soporte_platform::events;
use soporte_platform::i18n::Locale;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::markup;
use soporte_platform::notifications::{self, Notice};
use soporte_platform::server::Task;
use soporte_platform::storage::{Backend, UserId, now_ms};
use soporte_platform::web::AppState;
use sqlx::AnyConnection;

use crate::people::MailMode;
use crate::{CategoryId, PostId, TopicId};

/// Events read at a time.
const BATCH: i64 = 100;
/// How long a transaction may take to commit after writing its event (PostgreSQL).
const SETTLE_MS: i64 = 5_000;
/// How long the follower waits when nothing new happened.
const IDLE: Duration = Duration::from_secs(5);
/// The most notices one digest lists (the rest are counted).
const DIGEST_MAX: usize = 50;
/// How many characters of a post a mail quotes.
const QUOTE_CHARS: usize = 600;

/// The forum's running parts: the notifier and the digests.
pub fn running(state: &AppState, digest_every: Duration) -> Running {
    Running {
        handlers: Default::default(),
        tasks: vec![
            follower(state.clone()),
            digests(state.clone(), digest_every),
        ],
    }
}

fn follower(state: AppState) -> Task {
    Box::new(move |db, mut stop| {
        Box::pin(async move {
            let mut news = db.changes().event_news();
            loop {
                let pause = match step(&state).await {
                    Ok(Step::More) => continue,
                    Ok(Step::Settling) => Duration::from_millis(500),
                    Ok(Step::Done) => IDLE,
                    Err(error) => {
                        tracing::warn!(%error, "the forum's notifier could not follow the event log");
                        IDLE
                    }
                };
                tokio::select! {
                    _ = db.changes().wait_for_events(&mut news, pause) => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
            }
        })
    })
}

#[derive(Deserialize)]
struct Posted {
    #[serde(default)]
    number: Option<i64>,
}

/// A waiting post a moderator let out: people hear of it then.
#[derive(Deserialize)]
struct Approved {
    post: PostId,
}

/// What a step of the notifier found.
enum Step {
    /// There may be more events to handle at once.
    More,
    /// The next events are too fresh to be sure nothing commits before them.
    Settling,
    /// Nothing left.
    Done,
}

/// Handles the next batch of settled events.
async fn step(state: &AppState) -> Result<Step, sqlx::Error> {
    let mut tx = state.db.write().await?;
    let position: i64 =
        sqlx::query_scalar("SELECT position FROM forum_notifier WHERE name = 'notify'")
            .fetch_one(&mut *tx)
            .await?;
    let mut batch = events::since(&mut tx, position, BATCH).await?;
    let full = batch.len() as i64 == BATCH;
    let mut fresh = None;
    if state.db.backend() == Backend::Postgres {
        let settled = now_ms() - SETTLE_MS;
        fresh = batch.iter().position(|event| event.at > settled);
        if let Some(first_fresh) = fresh {
            batch.truncate(first_fresh);
            if batch.is_empty() {
                return Ok(Step::Settling);
            }
        }
    }
    let Some(last) = batch.last().map(|event| event.id) else {
        return Ok(Step::Done);
    };
    let mut mailed = false;
    for event in &batch {
        let number = match event.kind.as_str() {
            "forum.topic_created" => 1,
            "forum.post_created" => match serde_json::from_str::<Posted>(&event.payload) {
                Ok(Posted {
                    number: Some(number),
                }) => number,
                _ => continue,
            },
            "forum.post_approved" => {
                let Ok(Approved { post }) = serde_json::from_str::<Approved>(&event.payload) else {
                    continue;
                };
                let number: Option<i64> =
                    sqlx::query_scalar("SELECT number FROM forum_posts WHERE id = $1")
                        .bind(post)
                        .fetch_optional(&mut *tx)
                        .await?;
                match number {
                    Some(number) => number,
                    None => continue,
                }
            }
            _ => continue,
        };
        let Some(topic) = event
            .subject
            .strip_prefix("topic:")
            .and_then(|id| id.parse::<TopicId>().ok())
        else {
            continue;
        };
        mailed |= tell(state, &mut tx, topic, number).await?;
    }
    let moved = sqlx::query(
        "UPDATE forum_notifier SET position = $1 WHERE name = 'notify' AND position = $2",
    )
    .bind(last)
    .bind(position)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 1 {
        tx.commit().await?;
        if mailed {
            state.queue.wake();
        }
    }
    Ok(match (fresh, full) {
        (Some(_), _) => Step::Settling,
        (None, true) => Step::More,
        (None, false) => Step::Done,
    })
}

/// A post as the notifier reads it.
struct Told {
    title: String,
    category: CategoryId,
    author: Option<UserId>,
    author_name: String,
    body: String,
    shown: bool,
}

/// Someone to tell, in their language, by mail or not.
struct Recipient {
    person: UserId,
    email: String,
    locale: Locale,
    mode: MailMode,
    /// The unsubscribe token of the watch that reached them; none for a mention.
    token: Option<String>,
}

/// Tells everyone who should know of post `number` of `topic`; whether any mail was
/// queued.
async fn tell(
    state: &AppState,
    tx: &mut AnyConnection,
    topic: TopicId,
    number: i64,
) -> Result<bool, sqlx::Error> {
    type Row = (
        String,
        CategoryId,
        Option<UserId>,
        Option<String>,
        String,
        String,
        PostId,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT t.title, t.category_id, p.author_id, u.display_name, p.body, p.visibility, p.id \
         FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.topic_id = $1 AND p.number = $2 AND t.shown = 1",
    )
    .bind(topic)
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((title, category, author, author_name, body, visibility, post_id)) = row else {
        return Ok(false);
    };
    let post = Told {
        title,
        category,
        author,
        author_name: author_name.unwrap_or_default(),
        body,
        shown: visibility == "shown",
    };
    if !post.shown {
        return Ok(false);
    }
    let tags: Vec<String> =
        sqlx::query_scalar("SELECT tag FROM forum_topic_tags WHERE topic_id = $1")
            .bind(topic)
            .fetch_all(&mut *tx)
            .await?;
    let watchers = crate::watch::watchers(tx, (topic, number == 1), post.category, &tags).await?;
    let mentioned = crate::people::resolve(tx, &markup::mentions(&post.body)).await?;
    // The post's lasting address: its number may change when moderators move posts.
    let path = crate::pages::post_link(post_id);
    let mut mailed = false;
    let mut told: Vec<UserId> = Vec::new();
    let everyone = mentioned.iter().map(|(_, person)| (*person, None)).chain(
        watchers
            .into_iter()
            .map(|(person, token)| (person, Some(token))),
    );
    for (person, token) in everyone {
        if Some(person) == post.author || told.contains(&person) {
            continue;
        }
        told.push(person);
        let Some(recipient) = recipient(tx, person, token).await? else {
            continue;
        };
        let id = match (&recipient.token, number) {
            (None, _) => "forum-notice-mention",
            (Some(_), 1) => "forum-notice-topic",
            (Some(_), _) => "forum-notice-reply",
        };
        let text = state.i18n.text_with(
            recipient.locale,
            id,
            &[("author", &post.author_name), ("title", &post.title)],
        );
        notifications::add(
            tx,
            Notice {
                user: person,
                title: &post.title,
                text: &text,
                path: &path,
            },
        )
        .await?;
        if recipient.mode == MailMode::Each {
            mailed |= mail_one(state, tx, &recipient, &post, &text, &path).await?;
        }
    }
    Ok(mailed)
}

async fn recipient(
    tx: &mut AnyConnection,
    person: UserId,
    token: Option<String>,
) -> Result<Option<Recipient>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT u.email, u.locale, p.mail, u.deleted_at FROM users u \
         LEFT JOIN forum_people p ON p.user_id = u.id WHERE u.id = $1",
    )
    .bind(person)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row
        .filter(|(_, _, _, deleted)| deleted.is_none())
        .map(|(email, locale, mode, _)| Recipient {
            person,
            email,
            locale: Locale::from_tag(&locale).unwrap_or(Locale::EsMx),
            mode: mode
                .as_deref()
                .and_then(MailMode::parse)
                .unwrap_or(MailMode::Each),
            token,
        }))
}

/// Queues the mail of one notice; whether it could (an address that does not parse is
/// skipped, and said in the log).
async fn mail_one(
    state: &AppState,
    tx: &mut AnyConnection,
    recipient: &Recipient,
    post: &Told,
    text: &str,
    path: &str,
) -> Result<bool, sqlx::Error> {
    let Ok(to) = recipient.email.parse() else {
        tracing::warn!(person = %recipient.person, "a notice's mail has an address that does not parse");
        return Ok(false);
    };
    let quote: String = markup::plain_text(&post.body)
        .chars()
        .take(QUOTE_CHARS)
        .collect();
    let stop = match &recipient.token {
        Some(token) => state.i18n.text_with(
            recipient.locale,
            "forum-mail-stop-watching",
            &[(
                "link",
                &state.absolute_url(&format!("/comunidad/baja/{token}")),
            )],
        ),
        None => String::new(),
    };
    let settings = state.i18n.text_with(
        recipient.locale,
        "forum-mail-settings",
        &[("link", &state.absolute_url("/comunidad/avisos-por-correo"))],
    );
    let mail = OutgoingMail {
        to,
        subject: state.i18n.text_with(
            recipient.locale,
            "forum-mail-subject",
            &[("title", &post.title)],
        ),
        body_text: state.i18n.text_with(
            recipient.locale,
            "forum-mail-body",
            &[
                ("text", text),
                ("quote", &quote),
                ("link", &state.absolute_url(path)),
                ("stop", &stop),
                ("settings", &settings),
            ],
        ),
    };
    mail::queue_mail(&state.queue, tx, &mail).await?;
    Ok(true)
}

/// The digests: every `every`, one mail to each person due one (daily or weekly) with
/// the notices they have not read since the last.
fn digests(state: AppState, every: Duration) -> Task {
    Box::new(move |_db, mut stop| {
        Box::pin(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                match send_digests(&state).await {
                    Ok(0) => {}
                    Ok(sent) => tracing::info!(sent, "forum digests queued"),
                    Err(error) => tracing::warn!(%error, "forum digests failed"),
                }
            }
        })
    })
}

/// Queues the digests that are due; returns how many.
pub async fn send_digests(state: &AppState) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let due: Vec<(UserId, String, i64)> = sqlx::query_as(
        "SELECT user_id, mail, digest_at FROM forum_people WHERE mail IN ('daily', 'weekly') \
         ORDER BY user_id",
    )
    .fetch_all(state.db.pool())
    .await?;
    let mut sent = 0;
    for (person, mode, last) in due {
        let Some(every) = MailMode::parse(&mode).and_then(MailMode::digest_every_ms) else {
            continue;
        };
        if now - last < every {
            continue;
        }
        let mut tx = state.db.write().await?;
        // Claimed once, however many nodes look at the same time.
        let claimed = sqlx::query(
            "UPDATE forum_people SET digest_at = $3 WHERE user_id = $1 AND digest_at = $2",
        )
        .bind(person)
        .bind(last)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        // Read under the claim: what came between the last digest and this one.
        let notices: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT title, text, path FROM notifications WHERE user_id = $1 AND read_at IS NULL \
             AND at > $2 AND at <= $3 ORDER BY id",
        )
        .bind(person)
        .bind(last)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        if !notices.is_empty()
            && let Some(recipient) = recipient(&mut tx, person, None).await?
            && let Ok(to) = recipient.email.parse()
        {
            let mut lines = notices
                .iter()
                .take(DIGEST_MAX)
                .map(|(title, text, path)| {
                    format!("- {title}: {text}\n  {}", state.absolute_url(path))
                })
                .collect::<Vec<_>>()
                .join("\n");
            if notices.len() > DIGEST_MAX {
                let more = i64::try_from(notices.len() - DIGEST_MAX).unwrap_or(i64::MAX);
                lines.push('\n');
                lines.push_str(&state.i18n.text_count_with(
                    recipient.locale,
                    "forum-digest-more",
                    more,
                    &[("link", &state.absolute_url("/cuenta/avisos"))],
                ));
            }
            let mail = OutgoingMail {
                to,
                subject: state.i18n.text_count(
                    recipient.locale,
                    "forum-digest-subject",
                    "count",
                    i64::try_from(notices.len()).unwrap_or(i64::MAX),
                ),
                body_text: state.i18n.text_with(
                    recipient.locale,
                    "forum-digest-body",
                    &[
                        ("lines", &lines),
                        (
                            "settings",
                            &state.absolute_url("/comunidad/avisos-por-correo"),
                        ),
                    ],
                ),
            };
            mail::queue_mail(&state.queue, &mut tx, &mail).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    if sent > 0 {
        state.queue.wake();
    }
    Ok(sent)
}
