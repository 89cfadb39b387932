//! A person's own account: the summary, the profile, changing the password or the email
//! address, and deleting the account (what they posted stays, by "usuario eliminado").

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::api_tokens::{self, Scope, TokenName};
use super::links::{self, Purpose};
use super::password_policy::check_new_password;
use super::profile::{Bio, LANGUAGES, Languages, STATES, StateCode};
use super::sessions::Viewer;
use super::web::{
    Answer, FormTemplate, current_password_matches, hash_password, link_problem, notice,
    queue_link_mail, record, redirect, session_cookie, text,
};
use super::{DisplayName, Email, roles_of};
use crate::mail::{self, OutgoingMail};
use crate::rate_limit::{self, Decision};
use crate::storage::now_ms;
use crate::web::{AppState, Page, Shell, Visit};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cuenta", get(account))
        .route("/cuenta/perfil", post(save_profile))
        .route("/cuenta/contrasena", post(change_password))
        .route("/cuenta/correo", post(change_email))
        .route(
            "/cuenta/correo/{token}",
            get(confirm_email_form).post(confirm_email),
        )
        .route("/cuenta/eliminar", post(delete_account))
        .route(DELETED, get(deleted))
        .route("/cuenta/tokens", post(create_token))
        .route("/cuenta/tokens/{id}/revocar", post(revoke_token))
}

const SIGN_IN_FIRST: &str = "/cuenta/entrar?siguiente=/cuenta";

#[derive(Template)]
#[template(path = "account/home.html")]
struct AccountTemplate<'a> {
    shell: Shell<'a>,
    message: Option<String>,
    name: String,
    email: String,
    roles: String,
    bio: String,
    languages: Vec<(&'static str, String, bool)>,
    states: Vec<(&'static str, String, bool)>,
    two_factor: bool,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    token_error: Option<String>,
    profile_error: Option<String>,
    password_error: Option<String>,
    email_error: Option<String>,
    delete_error: Option<String>,
}

/// name, email, bio, languages, state, TOTP secret.
type ProfileRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

struct TokenRow {
    id: i64,
    name: String,
    scope: String,
    created: String,
    last_used: String,
}

/// Which section a problem belongs to.
enum Problem {
    Token(String),
    Profile(String),
    Password(String),
    Email(String),
    Delete(String),
}

async fn account_page(
    state: &AppState,
    visit: &Visit,
    viewer: &Viewer,
    message: Option<String>,
    problem: Option<Problem>,
) -> Answer {
    render(state, visit, viewer, message, problem, None).await
}

async fn render(
    state: &AppState,
    visit: &Visit,
    viewer: &Viewer,
    message: Option<String>,
    problem: Option<Problem>,
    new_token: Option<String>,
) -> Answer {
    let (name, email, bio, spoken, state_code, totp): ProfileRow = sqlx::query_as(
        "SELECT display_name, email, bio, languages, state_code, totp_secret FROM users WHERE id = $1",
    )
    .bind(viewer.user_id)
    .fetch_one(state.db.pool())
    .await?;
    let roles = roles_of(&state.db, viewer.user_id).await?;
    let roles = roles
        .iter()
        .map(|role| text(state, visit, &format!("role-{}", role.as_str()), &[]))
        .collect::<Vec<_>>()
        .join(", ");
    let spoken = Languages::from_stored(&spoken);
    let languages = LANGUAGES
        .iter()
        .map(|code| {
            (
                *code,
                text(state, visit, &format!("language-{code}"), &[]),
                spoken.contains(code),
            )
        })
        .collect();
    let states = STATES
        .iter()
        .map(|code| {
            (
                *code,
                text(state, visit, &format!("state-{code}"), &[]),
                state_code.as_deref() == Some(*code),
            )
        })
        .collect();
    let (mut profile_error, mut password_error, mut email_error, mut delete_error) =
        (None, None, None, None);
    let mut token_error = None;
    let never = text(state, visit, "token-never-used", &[]);
    let tokens = api_tokens::list(&state.db, viewer.user_id)
        .await?
        .into_iter()
        .map(|token| TokenRow {
            id: token.id,
            name: token.name,
            scope: text(state, visit, &format!("token-scope-{}", token.scope), &[]),
            created: crate::text::day(token.created_at),
            last_used: token
                .last_used_at
                .map_or_else(|| never.clone(), crate::text::day),
        })
        .collect();
    let status = match problem {
        None => StatusCode::OK,
        Some(problem) => {
            match problem {
                Problem::Token(text) => token_error = Some(text),
                Problem::Profile(text) => profile_error = Some(text),
                Problem::Password(text) => password_error = Some(text),
                Problem::Email(text) => email_error = Some(text),
                Problem::Delete(text) => delete_error = Some(text),
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    let shell = Shell::new(state, visit, "/cuenta");
    let page = AccountTemplate {
        shell,
        message,
        name,
        email,
        roles,
        bio,
        languages,
        states,
        two_factor: totp.is_some(),
        tokens,
        new_token,
        token_error,
        profile_error,
        password_error,
        email_error,
        delete_error,
    };
    Ok((status, Page(page.render())).into_response())
}

#[derive(Deserialize)]
struct Notice {
    aviso: Option<String>,
}

async fn account(
    State(state): State<AppState>,
    visit: Visit,
    Query(notice): Query<Notice>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let message = match notice.aviso.as_deref() {
        Some("perfil") => Some(text(&state, &visit, "profile-saved", &[])),
        Some("contrasena") => Some(text(&state, &visit, "password-changed", &[])),
        Some("token-revocado") => Some(text(&state, &visit, "token-revoked", &[])),
        Some("2fa-desactivada") => Some(text(&state, &visit, "two-factor-disabled", &[])),
        Some("2fa-contrasena") => Some(text(&state, &visit, "password-current-wrong", &[])),
        _ => None,
    };
    account_page(&state, &visit, viewer, message, None).await
}

async fn save_profile(
    State(state): State<AppState>,
    visit: Visit,
    Form(fields): Form<Vec<(String, String)>>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let value = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let languages = Languages::parse(
        fields
            .iter()
            .filter(|(key, _)| key == "language")
            .map(|(_, v)| v.as_str()),
    );
    let state_code = match value("state") {
        "" => Ok(None),
        code => code.parse::<StateCode>().map(Some),
    };
    let parsed = (
        value("name").parse::<DisplayName>(),
        value("bio").parse::<Bio>(),
        languages,
        state_code,
    );
    let (name, bio, languages, state_code) = match parsed {
        (Ok(name), Ok(bio), Ok(languages), Ok(code)) => (name, bio, languages, code),
        (name, bio, languages, code) => {
            let id = if name.is_err() {
                "name-invalid"
            } else if let Err(error) = &bio {
                error.message_id()
            } else if let Err(error) = &languages {
                error.message_id()
            } else if let Err(error) = &code {
                error.message_id()
            } else {
                "error-400-body"
            };
            let problem = Problem::Profile(text(&state, &visit, id, &[]));
            return account_page(&state, &visit, viewer, None, Some(problem)).await;
        }
    };
    let mut tx = state.db.write().await?;
    sqlx::query("UPDATE users SET display_name = $1, bio = $2, languages = $3, state_code = $4 WHERE id = $5")
        .bind(name.as_str())
        .bind(bio.as_str())
        .bind(languages.stored())
        .bind(state_code.map(StateCode::as_str))
        .bind(viewer.user_id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, "user.profile_updated", viewer.user_id).await?;
    tx.commit().await?;
    Ok(redirect("/cuenta?aviso=perfil", None))
}

#[derive(Deserialize)]
struct PasswordChange {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
}

async fn change_password(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<PasswordChange>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let wrong = |id: &str| Problem::Password(text(&state, &visit, id, &[]));
    if !current_password_matches(&state, viewer, &form.current_password).await? {
        return account_page(
            &state,
            &visit,
            viewer,
            None,
            Some(wrong("password-current-wrong")),
        )
        .await;
    }
    if let Err(problem) = check_new_password(
        &form.password,
        &[viewer.email.as_str(), viewer.display_name.as_str()],
    ) {
        return account_page(
            &state,
            &visit,
            viewer,
            None,
            Some(wrong(problem.message_id())),
        )
        .await;
    }
    let hashed = hash_password(form.password).await?;
    let mut tx = state.db.write().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&hashed)
        .bind(viewer.user_id)
        .execute(&mut *tx)
        .await?;
    // Every other session ends; this one goes on.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(viewer.user_id)
        .bind(&viewer.session_hash)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, "user.password_changed", viewer.user_id).await?;
    tx.commit().await?;
    Ok(redirect("/cuenta?aviso=contrasena", None))
}

#[derive(Deserialize)]
struct EmailChange {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    current_password: String,
}

async fn change_email(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<EmailChange>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let problem = |id: &str| Some(Problem::Email(text(&state, &visit, id, &[])));
    if !current_password_matches(&state, viewer, &form.current_password).await? {
        return account_page(
            &state,
            &visit,
            viewer,
            None,
            problem("password-current-wrong"),
        )
        .await;
    }
    let Ok(new_email) = form.new_email.parse::<Email>() else {
        return account_page(&state, &visit, viewer, None, problem("email-invalid")).await;
    };
    if new_email.as_str() == viewer.email {
        return account_page(&state, &visit, viewer, None, problem("email-change-same")).await;
    }
    if let Decision::Limited { retry_after } = rate_limit::hit(
        &state.db,
        rate_limit::EMAIL_CHANGES_PER_ACCOUNT,
        &viewer.user_id.to_string(),
    )
    .await?
    {
        let minutes = retry_after.as_secs().div_ceil(60).max(1).to_string();
        let message = Problem::Email(text(
            &state,
            &visit,
            "rate-limited-text",
            &[("minutes", &minutes)],
        ));
        return account_page(&state, &visit, viewer, None, Some(message)).await;
    }
    // Whether the address is free is told only to whoever opens the link.
    let mut tx = state.db.write().await?;
    let name = viewer.display_name.as_str();
    let purpose = Purpose::ChangeEmail;
    queue_link_mail(
        &state,
        visit.locale,
        &mut tx,
        viewer.user_id,
        purpose,
        &new_email,
        name,
    )
    .await?;
    let account = state.absolute_url("cuenta");
    let to_old = OutgoingMail {
        to: viewer.email.parse()?,
        subject: text(&state, &visit, "mail-change-notice-subject", &[]),
        body_text: text(
            &state,
            &visit,
            "mail-change-notice-body",
            &[
                ("name", name),
                ("email", new_email.as_str()),
                ("account", &account),
            ],
        ),
    };
    mail::queue_mail(&state.queue, &mut tx, &to_old).await?;
    tx.commit().await?;
    state.queue.wake();
    let message = text(
        &state,
        &visit,
        "email-change-sent",
        &[("email", new_email.as_str())],
    );
    account_page(&state, &visit, viewer, Some(message), None).await
}

async fn confirm_email_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let path = format!("/cuenta/correo/{token}");
    let redeemed = match links::peek(&state.db, &token, Purpose::ChangeEmail).await? {
        Ok(redeemed) => redeemed,
        Err(problem) => return Ok(link_problem(&state, &visit, &path, problem, "/cuenta")),
    };
    let email = redeemed.new_email.unwrap_or_default();
    let shell = Shell::new(&state, &visit, &path);
    let page = FormTemplate {
        title: shell.t("email-confirm-title"),
        intro: Some(text(
            &state,
            &visit,
            "email-confirm-intro",
            &[("email", &email)],
        )),
        problems: Vec::new(),
        action: path.clone(),
        hidden: Vec::new(),
        fields: Vec::new(),
        submit: shell.t("email-confirm-submit"),
        links: Vec::new(),
        shell,
    };
    Ok(Page(page.render()).into_response())
}

async fn confirm_email(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let path = format!("/cuenta/correo/{token}");
    let mut tx = state.db.write().await?;
    let redeemed = match links::consume(&mut tx, &token, Purpose::ChangeEmail).await? {
        Ok(redeemed) => redeemed,
        Err(problem) => return Ok(link_problem(&state, &visit, &path, problem, "/cuenta")),
    };
    let email = redeemed.new_email.unwrap_or_default();
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        tx.commit().await?; // The link is used up either way.
        let body = text(&state, &visit, "email-change-taken", &[]);
        return Ok(notice(
            &state,
            &visit,
            &path,
            StatusCode::CONFLICT,
            "link-problem-title",
            body,
            None,
        ));
    }
    sqlx::query("UPDATE users SET email = $1, email_confirmed_at = $2 WHERE id = $3")
        .bind(&email)
        .bind(now_ms())
        .bind(redeemed.user_id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, "user.email_changed", redeemed.user_id).await?;
    tx.commit().await?;
    let body = text(&state, &visit, "email-changed-text", &[("email", &email)]);
    Ok(notice(
        &state,
        &visit,
        &path,
        StatusCode::OK,
        "email-changed-title",
        body,
        Some(("/cuenta", "account-title")),
    ))
}

#[derive(Deserialize)]
struct Deletion {
    #[serde(default)]
    current_password: String,
    confirm: Option<String>,
}

async fn delete_account(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<Deletion>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let problem = |id: &str| Some(Problem::Delete(text(&state, &visit, id, &[])));
    if !current_password_matches(&state, viewer, &form.current_password).await? {
        return account_page(
            &state,
            &visit,
            viewer,
            None,
            problem("password-current-wrong"),
        )
        .await;
    }
    if form.confirm.as_deref() != Some("yes") {
        return account_page(
            &state,
            &visit,
            viewer,
            None,
            problem("delete-confirm-missing"),
        )
        .await;
    }
    let id = viewer.user_id;
    let mut tx = state.db.write().await?;
    if viewer.has(super::Role::Staff) {
        let staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = $1")
            .bind(super::Role::Staff.as_str())
            .fetch_one(&mut *tx)
            .await?;
        if staff <= 1 {
            drop(tx);
            return account_page(&state, &visit, viewer, None, problem("admin-last-staff")).await;
        }
    }
    // The row stays (posts keep pointing at it); everything that identifies the person goes.
    sqlx::query(
        "UPDATE users SET email = $1, display_name = '', bio = '', languages = '', state_code = NULL, \
         password_hash = NULL, totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, \
         deleted_at = $2 WHERE id = $3",
    )
    .bind(format!("deleted:{id}"))
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for table in [
        "user_roles",
        "sessions",
        "account_tokens",
        "recovery_codes",
        "api_tokens",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    record(&mut tx, "user.deleted", id).await?;
    tx.commit().await?;
    // The notice is a page of its own, read signed out: its forms carry a token of
    // the visitor the person now is (a page rendered in this answer would carry one
    // of the ended session, refused on the next form).
    Ok(redirect(DELETED, Some(session_cookie(&state, "", 0))))
}

/// Where a deleted account's owner lands.
const DELETED: &str = "/cuenta/eliminada";

/// `GET /cuenta/eliminada`: the account is gone; the header offers to sign in.
async fn deleted(State(state): State<AppState>, visit: Visit) -> Response {
    let body = text(&state, &visit, "deleted-text", &[]);
    notice(
        &state,
        &visit,
        DELETED,
        StatusCode::OK,
        "deleted-title",
        body,
        None,
    )
}

/// The name to show for an author: theirs, or "usuario eliminado" once the account is
/// deleted (deletion blanks the name).
pub fn author_name(state: &AppState, visit: &Visit, display_name: &str) -> String {
    if display_name.is_empty() {
        text(state, visit, "deleted-user", &[])
    } else {
        display_name.to_owned()
    }
}

#[derive(Deserialize)]
struct NewToken {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
}

async fn create_token(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<NewToken>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let (Ok(name), Ok(scope)) = (form.name.parse::<TokenName>(), form.scope.parse::<Scope>())
    else {
        let problem = Problem::Token(text(&state, &visit, "token-invalid", &[]));
        return account_page(&state, &visit, viewer, None, Some(problem)).await;
    };
    let mut tx = state.db.write().await?;
    let (_, secret) = api_tokens::create(&mut tx, viewer.user_id, &name, scope).await?;
    record(&mut tx, "user.api_token_created", viewer.user_id).await?;
    tx.commit().await?;
    render(&state, &visit, viewer, None, None, Some(secret)).await
}

async fn revoke_token(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Answer {
    let Some(viewer) = &visit.viewer else {
        return Ok(redirect(SIGN_IN_FIRST, None));
    };
    let id: i64 = id.parse().map_err(|_| crate::web::WebError::not_found())?;
    let mut tx = state.db.write().await?;
    if api_tokens::revoke(&mut tx, viewer.user_id, id).await? {
        record(&mut tx, "user.api_token_revoked", viewer.user_id).await?;
    }
    tx.commit().await?;
    Ok(redirect("/cuenta?aviso=token-revocado", None))
}
