//! Two-step sign-in pages: set up an authenticator app (QR code, then a first code),
//! get recovery codes, turn it off, and the second step of signing in.

use crate::storage::UserId;
use std::time::{SystemTime, UNIX_EPOCH};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::sessions::{self, SESSION_DAYS, Viewer};
use super::totp;
use super::web::{
    Answer, FormTemplate, current_password_matches, field, record, redirect, session_cookie, text,
};
use crate::rate_limit::{self, Decision};
use crate::sealing::{self, SealingKeys};
use crate::secrets::same;
use crate::server::StartError;
use crate::storage::{Db, now_ms};
use crate::web::locale::cookie;
use crate::web::pages::is_local_path;
use crate::web::{AppState, Page, Shell, Visit};

/// Carries "password checked, code pending" between the two steps of signing in.
pub const PENDING_COOKIE: &str = "soporte_2fa";
/// How long the second step may take.
const PENDING_SECONDS: i64 = 5 * 60;
const PURPOSE: &str = "2fa-pending";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cuenta/entrar/codigo", get(code_form).post(check_code))
        .route("/cuenta/2fa", get(setup_page).post(start_setup))
        .route("/cuenta/2fa/activar", post(activate))
        .route("/cuenta/2fa/desactivar", post(deactivate))
}

/// The `Set-Cookie` value that lets `user_id` take the second step, then go to `next`.
pub fn pending_cookie(state: &AppState, user_id: UserId, next: &str) -> String {
    let expires = now_ms() + PENDING_SECONDS * 1000;
    let value = format!("{user_id}.{expires}.{}", next_token(next));
    let signature = state.key.sign(PURPOSE, &value);
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{PENDING_COOKIE}={value}.{signature}; Path=/cuenta; Max-Age={PENDING_SECONDS}; HttpOnly; SameSite=Lax{secure}"
    )
}

/// `next` as a cookie-safe token (hex), empty for none.
fn next_token(next: &str) -> String {
    next.bytes().map(|byte| format!("{byte:02x}")).collect()
}

fn next_from_token(token: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect();
    String::from_utf8(bytes?)
        .ok()
        .filter(|next| is_local_path(next))
}

/// The person (and where to go next) a valid pending cookie names.
fn pending(state: &AppState, value: &str) -> Option<(UserId, Option<String>)> {
    let (signed, signature) = value.rsplit_once('.')?;
    if !same(&state.key.sign(PURPOSE, signed), signature) {
        return None;
    }
    let mut parts = signed.split('.');
    let user_id = parts.next()?.parse::<UserId>().ok()?;
    let expires = parts.next()?.parse::<i64>().ok()?;
    let next = parts.next().and_then(next_from_token);
    (expires > now_ms()).then_some((user_id, next))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn code_page(
    state: &AppState,
    visit: &Visit,
    problem: Option<String>,
    status: StatusCode,
) -> Response {
    let shell = Shell::new(state, visit, "/cuenta/entrar/codigo");
    let mut code = field(state, visit, "code", "field-code");
    code.kind = "text";
    code.autocomplete = "one-time-code";
    code.hint = Some(shell.t("field-code-hint"));
    code.error = problem.clone();
    let page = FormTemplate {
        title: shell.t("two-factor-sign-in-title"),
        intro: None,
        problems: problem.into_iter().collect(),
        action: "/cuenta/entrar/codigo".to_owned(),
        hidden: Vec::new(),
        fields: vec![code],
        submit: shell.t("sign-in-submit"),
        links: Vec::new(),
        shell,
    };
    (status, Page(page.render())).into_response()
}

async fn code_form(
    State(state): State<AppState>,
    visit: Visit,
    headers: axum::http::HeaderMap,
) -> Response {
    if cookie(&headers, PENDING_COOKIE)
        .and_then(|value| pending(&state, value))
        .is_none()
    {
        return redirect("/cuenta/entrar", None);
    }
    code_page(&state, &visit, None, StatusCode::OK)
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn check_code(
    State(state): State<AppState>,
    visit: Visit,
    headers: axum::http::HeaderMap,
    Form(form): Form<CodeForm>,
) -> Answer {
    let Some((user_id, next)) =
        cookie(&headers, PENDING_COOKIE).and_then(|value| pending(&state, value))
    else {
        return Ok(redirect("/cuenta/entrar", None));
    };
    let failures = rate_limit::SIGN_IN_FAILURES;
    let key = format!("2fa:{user_id}");
    // Every attempt counts before the code is checked (a success clears the count), so
    // a burst of parallel guesses cannot all slip under the limit.
    if let Decision::Limited { retry_after } = rate_limit::hit(&state.db, failures, &key).await? {
        let minutes = retry_after.as_secs().div_ceil(60).max(1).to_string();
        let problem = text(
            &state,
            &visit,
            "sign-in-throttled",
            &[("minutes", &minutes)],
        );
        let page = code_page(&state, &visit, Some(problem), StatusCode::TOO_MANY_REQUESTS);
        return Ok(crate::web::too_many_requests(page, retry_after));
    }
    let (secret, last_step): (Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT totp_secret, totp_last_step FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await?
    .unwrap_or((None, None));
    let Some(sealed) = secret else {
        return Ok(redirect("/cuenta/entrar", None));
    };
    let secret = state.sealing.open(&sealed)?;
    let mut tx = state.db.write().await?;
    let last = last_step.and_then(|step| u64::try_from(step).ok());
    let accepted = match totp::accept(&secret, &form.code, unix_now(), last)? {
        Some(step) => {
            // Only one request may use a given step, even two sent at once.
            let step = i64::try_from(step).unwrap_or(i64::MAX);
            let used = sqlx::query(
                "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            used.rows_affected() == 1
        }
        None => {
            let used = sqlx::query(
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(now_ms())
            .bind(user_id)
            .bind(totp::recovery_hash(&form.code))
            .execute(&mut *tx)
            .await?;
            used.rows_affected() == 1
        }
    };
    if !accepted {
        drop(tx);
        let problem = text(&state, &visit, "two-factor-wrong-code", &[]);
        return Ok(code_page(
            &state,
            &visit,
            Some(problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    if let Some(previous) = &visit.viewer {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(&previous.session_hash)
            .execute(&mut *tx)
            .await?;
    }
    let token = sessions::start(&mut tx, user_id).await?;
    record(&mut tx, "user.signed_in", user_id).await?;
    tx.commit().await?;
    rate_limit::clear(&state.db, failures, &key).await?;
    let mut answer = redirect(
        next.as_deref().unwrap_or("/cuenta"),
        Some(session_cookie(&state, &token, SESSION_DAYS * 86_400)),
    );
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    if let Ok(clear) = axum::http::HeaderValue::from_str(&format!(
        "{PENDING_COOKIE}=; Path=/cuenta; Max-Age=0; HttpOnly; SameSite=Lax{secure}"
    )) {
        answer
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, clear);
    }
    Ok(answer)
}

// ---- setting up ---------------------------------------------------------------------

#[derive(Template)]
#[template(path = "account/two_factor.html")]
struct SetupTemplate<'a> {
    shell: Shell<'a>,
    qr: String,
    secret: String,
    problem: Option<String>,
    recovery_codes: Vec<String>,
}

const SIGN_IN_FIRST: &str = "/cuenta/entrar?siguiente=/cuenta";

/// Setting up (or replacing) the second step takes the password, so a stolen session
/// alone cannot tie the account to someone else's phone.
async fn start_setup(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<PasswordForm>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    if !current_password_matches(&state, viewer, &form.current_password).await? {
        return Ok(redirect("/cuenta?aviso=2fa-contrasena", None));
    }
    let secret = totp::new_secret()?;
    sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
        .bind(state.sealing.seal(&secret)?)
        .bind(viewer.user_id)
        .execute(state.db.writes())
        .await?;
    Ok(redirect("/cuenta/2fa", None))
}

async fn setup_view(
    state: &AppState,
    visit: &Visit,
    viewer: &Viewer,
    problem: Option<String>,
) -> Answer {
    let pending: Option<String> =
        sqlx::query_scalar("SELECT totp_pending FROM users WHERE id = $1")
            .bind(viewer.user_id)
            .fetch_one(state.db.pool())
            .await?;
    let Some(sealed) = pending else {
        return Ok(redirect("/cuenta", None));
    };
    let secret = state.sealing.open(&sealed)?;
    let url = totp::setup_url(&secret, &viewer.email)?;
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = SetupTemplate {
        shell: Shell::new(state, visit, "/cuenta/2fa"),
        qr: totp::qr_data_url(&url).unwrap_or_default(),
        secret: totp::grouped(&secret),
        problem,
        recovery_codes: Vec::new(),
    };
    Ok((status, Page(page.render())).into_response())
}

async fn setup_page(State(state): State<AppState>, visit: Visit) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    setup_view(&state, &visit, viewer, None).await
}

async fn activate(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<CodeForm>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let pending: Option<String> =
        sqlx::query_scalar("SELECT totp_pending FROM users WHERE id = $1")
            .bind(viewer.user_id)
            .fetch_one(state.db.pool())
            .await?;
    let Some(sealed) = pending else {
        return Ok(redirect("/cuenta", None));
    };
    let secret = state.sealing.open(&sealed)?;
    let Some(step) = totp::accept(&secret, &form.code, unix_now(), None)? else {
        let problem = text(&state, &visit, "two-factor-wrong-code", &[]);
        return setup_view(&state, &visit, viewer, Some(problem)).await;
    };
    let codes = totp::new_recovery_codes()?;
    let mut tx = state.db.write().await?;
    sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_pending = NULL, totp_last_step = $2 WHERE id = $3",
    )
    .bind(&sealed)
    .bind(i64::try_from(step).unwrap_or(i64::MAX))
    .bind(viewer.user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(viewer.user_id)
        .execute(&mut *tx)
        .await?;
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(viewer.user_id)
            .bind(totp::recovery_hash(code))
            .execute(&mut *tx)
            .await?;
    }
    record(&mut tx, "user.two_factor_enabled", viewer.user_id).await?;
    tx.commit().await?;
    let page = SetupTemplate {
        shell: Shell::new(&state, &visit, "/cuenta/2fa"),
        qr: String::new(),
        secret: String::new(),
        problem: None,
        recovery_codes: codes,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
}

async fn deactivate(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<PasswordForm>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    if !current_password_matches(&state, viewer, &form.current_password).await? {
        return Ok(redirect("/cuenta?aviso=2fa-contrasena", None));
    }
    let mut tx = state.db.write().await?;
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = $1")
        .bind(viewer.user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(viewer.user_id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, "user.two_factor_disabled", viewer.user_id).await?;
    tx.commit().await?;
    Ok(redirect("/cuenta?aviso=2fa-desactivada", None))
}

/// The `meta` entry naming the key the database's secrets are sealed with, so that a
/// node whose file lacks it is stopped before anyone enables two-step sign-in there.
const SEALING_KEY: &str = "sealing_key";

/// Every stored TOTP secret, finished or being set up: (person, column, value).
async fn stored_secrets(db: &Db) -> Result<Vec<(UserId, &'static str, String)>, sqlx::Error> {
    let rows: Vec<(UserId, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, totp_secret, totp_pending FROM users \
         WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .flat_map(|(id, secret, pending)| {
            [("totp_secret", secret), ("totp_pending", pending)]
                .into_iter()
                .filter_map(move |(column, value)| value.map(|value| (id, column, value)))
        })
        .collect())
}

/// Writes `sealed` in place of `old` (only if the value is still `old`: one replaced
/// meanwhile is already new); returns how many were replaced (0 or 1).
async fn replace_secret(
    db: &Db,
    (id, column, old): &(UserId, &'static str, String),
    sealed: String,
) -> Result<u64, sqlx::Error> {
    let updated = sqlx::query(&format!(
        "UPDATE users SET {column} = $1 WHERE id = $2 AND {column} = $3"
    ))
    .bind(sealed)
    .bind(*id)
    .bind(old)
    .execute(db.writes())
    .await?;
    Ok(updated.rows_affected())
}

/// At start: makes sure the keys file holds the key the database's secrets are (or
/// will be) sealed with, and every key a secret was sealed with (else no one could
/// finish signing in: better not to start, and say which key is missing); then seals
/// the secrets an older version kept in the clear. Returns how many it sealed.
pub async fn seal_secrets(db: &Db, sealing: &SealingKeys) -> Result<u64, StartError> {
    sqlx::query(
        "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(SEALING_KEY)
    .bind(sealing.current())
    .bind(now_ms())
    .execute(db.writes())
    .await?;
    let agreed: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(SEALING_KEY)
        .fetch_one(db.pool())
        .await?;
    if !sealing.holds(&agreed) {
        return Err(sealing.missing(&agreed).into());
    }
    let mut sealed = 0;
    for stored in stored_secrets(db).await? {
        match sealing::sealed_with(&stored.2) {
            Some(key) if sealing.holds(key) => {}
            Some(key) => return Err(sealing.missing(key).into()),
            None => sealed += replace_secret(db, &stored, sealing.seal(&stored.2)?).await?,
        }
    }
    Ok(sealed)
}

/// Seals again with the first key every secret sealed with another (after a new key
/// was put first in the file), and seals any kept in the clear; returns how many.
pub async fn reseal_secrets(db: &Db, sealing: &SealingKeys) -> Result<u64, StartError> {
    let mut resealed = seal_secrets(db, sealing).await?;
    for stored in stored_secrets(db).await? {
        if sealing::sealed_with(&stored.2) != Some(sealing.current()) {
            let opened = sealing.open(&stored.2)?;
            resealed += replace_secret(db, &stored, sealing.seal(&opened)?).await?;
        }
    }
    sqlx::query("UPDATE meta SET value = $1, updated_at = $2 WHERE key = $3")
        .bind(sealing.current())
        .bind(now_ms())
        .bind(SEALING_KEY)
        .execute(db.writes())
        .await?;
    Ok(resealed)
}

#[cfg(test)]
mod tests {
    use super::{next_from_token, next_token};

    #[test]
    fn the_next_page_survives_the_cookie_and_stays_local() {
        assert_eq!(
            next_from_token(&next_token("/admin/personas?q=á")).as_deref(),
            Some("/admin/personas?q=á")
        );
        assert_eq!(next_from_token(&next_token("//evil.example")), None);
        assert_eq!(next_from_token(""), None);
        assert_eq!(next_from_token("zz"), None);
    }
}
