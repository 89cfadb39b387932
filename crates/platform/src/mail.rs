//! Outbound mail: an outbox table and the `mail.send` job that delivers it over SMTP.
//! A message is stored in the same transaction as the write that asked for it, so it
//! is never lost: with no SMTP server configured it is kept (state `held`) and written
//! to the log; when the server is down the job retries with back-off.

use std::str::FromStr;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use crate::config::SmtpUrl;
use crate::jobs::{Job, JobError, JobFuture, JobHandler, Queue};
use crate::storage::{Db, now_ms};

/// The job kind that delivers one outbox message.
pub const SEND_KIND: &str = "mail.send";

/// States of an outbox message.
pub mod state {
    pub const QUEUED: &str = "queued";
    pub const SENT: &str = "sent";
    /// Kept because no SMTP server is configured.
    pub const HELD: &str = "held";
    /// Every attempt failed; the last error is kept.
    pub const FAILED: &str = "failed";
}

/// A plain-text message to one person.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub to: Mailbox,
    pub subject: String,
    pub body_text: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct SendPayload {
    mail_id: i64,
}

/// Stores `mail` in the outbox and queues its delivery, on `connection` (inside the
/// caller's transaction). Call [`Queue::wake`] after commit.
pub async fn queue_mail(
    queue: &Queue,
    connection: &mut AnyConnection,
    mail: &OutgoingMail,
) -> Result<i64, sqlx::Error> {
    let mail_id: i64 = sqlx::query_scalar(
        "INSERT INTO mail_outbox (to_address, subject, body_text, state, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(mail.to.to_string())
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(state::QUEUED)
    .bind(now_ms())
    .fetch_one(&mut *connection)
    .await?;
    queue
        .enqueue(connection, SEND_KIND, &SendPayload { mail_id })
        .await?;
    Ok(mail_id)
}

/// Puts every held message (kept while no SMTP server was configured) back in the
/// queue, one job each, in one transaction; returns how many. For when SMTP is set up.
pub async fn requeue_held(db: &Db, queue: &Queue) -> Result<u64, sqlx::Error> {
    let mut tx = db.write().await?;
    let held: Vec<i64> =
        sqlx::query_scalar("UPDATE mail_outbox SET state = $1 WHERE state = $2 RETURNING id")
            .bind(state::QUEUED)
            .bind(state::HELD)
            .fetch_all(&mut *tx)
            .await?;
    for mail_id in &held {
        queue
            .enqueue(&mut tx, SEND_KIND, &SendPayload { mail_id: *mail_id })
            .await?;
    }
    tx.commit().await?;
    queue.wake();
    Ok(held.len() as u64)
}

/// An outbox message as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub state: String,
    pub last_error: Option<String>,
}

pub async fn find(db: &Db, id: i64) -> Result<Option<StoredMail>, sqlx::Error> {
    let row: Option<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, to_address, subject, body_text, state, last_error FROM mail_outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(
        |(id, to_address, subject, body_text, state, last_error)| StoredMail {
            id,
            to_address,
            subject,
            body_text,
            state,
            last_error,
        },
    ))
}

/// Delivers outbox messages; the handler of [`SEND_KIND`].
pub struct SendMail {
    db: Db,
    from: Mailbox,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl SendMail {
    /// `smtp` None keeps every message in the outbox (state `held`) and in the log.
    pub fn new(
        db: Db,
        from: Mailbox,
        smtp: Option<&SmtpUrl>,
    ) -> Result<SendMail, lettre::transport::smtp::Error> {
        let transport = smtp
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                    .map(|builder| builder.timeout(Some(Duration::from_secs(30))).build())
            })
            .transpose()?;
        Ok(SendMail {
            db,
            from,
            transport,
        })
    }

    async fn deliver(&self, job: &Job) -> Result<(), JobError> {
        let payload: SendPayload = serde_json::from_str(&job.payload).map_err(JobError::new)?;
        let Some(mail) = find(&self.db, payload.mail_id)
            .await
            .map_err(JobError::new)?
        else {
            return Err(JobError(format!(
                "mail {} is not in the outbox",
                payload.mail_id
            )));
        };
        if mail.state != state::QUEUED {
            return Ok(()); // Already delivered or held by an earlier run.
        }
        let Some(transport) = &self.transport else {
            tracing::info!(
                mail = mail.id, to = %mail.to_address, subject = %mail.subject, body = %mail.body_text,
                "no SMTP server configured: message kept in the outbox"
            );
            return self.set_state(mail.id, state::HELD, None).await;
        };
        let to = Mailbox::from_str(&mail.to_address).map_err(JobError::new)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body_text)
            .map_err(JobError::new)?;
        match transport.send(message).await {
            Ok(_) => {
                tracing::info!(mail = mail.id, to = %mail.to_address, "mail sent");
                self.set_state(mail.id, state::SENT, None).await
            }
            Err(error) => {
                let text = error.to_string();
                let _ = sqlx::query("UPDATE mail_outbox SET last_error = $1 WHERE id = $2")
                    .bind(&text)
                    .bind(mail.id)
                    .execute(self.db.writes())
                    .await;
                Err(JobError(text))
            }
        }
    }

    async fn set_state(
        &self,
        id: i64,
        new_state: &str,
        error: Option<&str>,
    ) -> Result<(), JobError> {
        let sent_at = (new_state == state::SENT).then(now_ms);
        sqlx::query(
            "UPDATE mail_outbox SET state = $1, sent_at = $2, last_error = COALESCE($3, last_error) \
             WHERE id = $4",
        )
        .bind(new_state)
        .bind(sent_at)
        .bind(error)
        .bind(id)
        .execute(self.db.writes())
        .await
        .map_err(JobError::new)?;
        Ok(())
    }
}

impl JobHandler for SendMail {
    fn kind(&self) -> &'static str {
        SEND_KIND
    }

    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(self.deliver(job))
    }

    fn gave_up<'a>(&'a self, job: &'a Job, error: &'a str) -> JobFuture<'a, ()> {
        Box::pin(async move {
            let Ok(payload) = serde_json::from_str::<SendPayload>(&job.payload) else {
                return;
            };
            if let Err(failure) = self
                .set_state(payload.mail_id, state::FAILED, Some(error))
                .await
            {
                tracing::error!(mail = payload.mail_id, error = %failure, "cannot mark mail as failed");
            }
        })
    }
}
