//! The satisfaction survey: when a ticket is resolved, its requester is asked how
//! they were served, by mail (one link per rating: a click records it, and the page it
//! opens takes a comment) and on the ticket's page. One survey per resolution; the
//! mail goes once (its row is marked sent in the transaction that queues it).

use soporte_platform::i18n::Locale;
use soporte_platform::mail::{self, OutgoingMail};
use soporte_platform::storage::now_ms;
use soporte_platform::web::AppState;

use crate::store;

/// The ratings, 1 to 5, and the Fluent ids of their words.
pub const RATINGS: [(i64, &str); 5] = [
    (5, "desk-rating-5"),
    (4, "desk-rating-4"),
    (3, "desk-rating-3"),
    (2, "desk-rating-2"),
    (1, "desk-rating-1"),
];

/// The address of the survey page for `token`, rating `rating`.
pub fn path(token: &str, rating: i64) -> String {
    format!("/soporte-profesional/encuesta/{token}/{rating}")
}

/// Sends every survey not sent yet; returns how many.
pub async fn send_pending(state: &AppState) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    for (survey, ticket) in store::unsent_surveys(&state.db).await? {
        let Some(ticket) = store::ticket(&state.db, ticket).await? else {
            continue;
        };
        let Ok(token) = soporte_platform::secrets::random_token() else {
            continue;
        };
        let mut tx = state.db.write().await?;
        let claimed = sqlx::query(
            "UPDATE desk_surveys SET token_hash = $2, sent_at = $3 WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(survey)
        .bind(soporte_platform::secrets::token_hash(&token))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        let requester: Option<(String, String)> = match ticket.requester {
            Some(user) => {
                sqlx::query_as(
                    "SELECT email, locale FROM users WHERE id = $1 AND deleted_at IS NULL",
                )
                .bind(user)
                .fetch_optional(&mut *tx)
                .await?
            }
            None => None,
        };
        if let Some((email, locale)) = requester
            && let Ok(to) = email.parse()
        {
            let locale = Locale::from_tag(&locale).unwrap_or(Locale::EsMx);
            let links: Vec<String> = RATINGS
                .iter()
                .map(|(rating, words)| {
                    format!(
                        "{}: {}",
                        state.i18n.text(locale, words),
                        state.absolute_url(&path(&token, *rating))
                    )
                })
                .collect();
            let heading = format!("#{} {}", ticket.number, ticket.subject);
            let mail = OutgoingMail {
                to,
                subject: state.i18n.text_with(
                    locale,
                    "desk-survey-mail-subject",
                    &[("ticket", &heading)],
                ),
                body_text: state.i18n.text_with(
                    locale,
                    "desk-survey-mail-body",
                    &[("ticket", &heading), ("links", &links.join("\n"))],
                ),
            };
            mail::queue_mail(&state.queue, &mut tx, &mail).await?;
        }
        tx.commit().await?;
        sent += 1;
    }
    if sent > 0 {
        state.queue.wake();
    }
    Ok(sent)
}
