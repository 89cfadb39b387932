//! The account pages: sign up, confirm the address, sign in and out, forgot and reset
//! the password, and the account summary. Every answer is the same whether an email
//! address has an account or not.

use crate::storage::UserId;
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};

use super::links::{self, LinkProblem, Purpose};
use super::password_policy::check_new_password;
use super::sessions::{self, SESSION_COOKIE, SESSION_DAYS, Viewer};
use super::{AddUserError, DisplayName, Email, NewUser, Role, insert_user, password};
use crate::events::{self, NewEvent};
use crate::i18n::Locale;
use crate::jobs::{Job, JobError, JobFuture, JobHandler};
use crate::mail::{self, OutgoingMail};
use crate::rate_limit::{self, Decision, Limit};
use crate::storage::now_ms;
use crate::web::client::ClientIp;
use crate::web::gate::location;
use crate::web::pages::is_local_path;
use crate::web::{AppState, Page, Shell, Visit, WebError, too_many_requests};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cuenta/registro", get(sign_up_form).post(sign_up))
        .route("/cuenta/confirmar/{token}", get(confirm_form).post(confirm))
        .route("/cuenta/entrar", get(sign_in_form).post(sign_in))
        .route("/cuenta/salir", post(sign_out))
        .route("/cuenta/salir-de-todo", post(sign_out_everywhere))
        .route("/cuenta/olvide", get(forgot_form).post(forgot))
        .route("/cuenta/restablecer/{token}", get(reset_form).post(reset))
}

pub(super) type Answer = Result<Response, WebError>;

// ---- page building ------------------------------------------------------------------

pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) label: String,
    pub(super) kind: &'static str,
    pub(super) value: String,
    pub(super) autocomplete: &'static str,
    pub(super) hint: Option<String>,
    pub(super) error: Option<String>,
}

#[derive(Template)]
#[template(path = "account/form.html")]
pub(super) struct FormTemplate<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) title: String,
    pub(super) intro: Option<String>,
    pub(super) problems: Vec<String>,
    pub(super) action: String,
    pub(super) hidden: Vec<(&'static str, String)>,
    pub(super) fields: Vec<Field>,
    pub(super) submit: String,
    pub(super) links: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "account/notice.html")]
struct NoticeTemplate<'a> {
    shell: Shell<'a>,
    title: String,
    text: String,
    link: Option<(String, String)>,
}

pub(super) fn text(state: &AppState, visit: &Visit, id: &str, args: &[(&str, &str)]) -> String {
    state.i18n.text_with(visit.locale, id, args)
}

pub(super) fn field(state: &AppState, visit: &Visit, name: &'static str, label: &str) -> Field {
    let (kind, autocomplete) = match name {
        "email" => ("email", "email"),
        "name" => ("text", "nickname"),
        "password" if label == "field-password" => ("password", "current-password"),
        _ => ("password", "new-password"),
    };
    Field {
        name,
        label: text(state, visit, label, &[]),
        kind,
        value: String::new(),
        autocomplete,
        hint: None,
        error: None,
    }
}

pub(super) fn notice(
    state: &AppState,
    visit: &Visit,
    path: &str,
    status: StatusCode,
    title: &str,
    body: String,
    link: Option<(&str, &str)>,
) -> Response {
    let shell = Shell::new(state, visit, path);
    let title = shell.t(title);
    let link = link.map(|(href, label)| (href.to_owned(), shell.t(label)));
    (
        status,
        Page(
            NoticeTemplate {
                shell,
                title,
                text: body,
                link,
            }
            .render(),
        ),
    )
        .into_response()
}

fn limited(state: &AppState, visit: &Visit, path: &str, retry_after: Duration) -> Response {
    let minutes = retry_after.as_secs().div_ceil(60).max(1).to_string();
    let body = text(state, visit, "rate-limited-text", &[("minutes", &minutes)]);
    let page = notice(
        state,
        visit,
        path,
        StatusCode::TOO_MANY_REQUESTS,
        "error-429-title",
        body,
        None,
    );
    too_many_requests(page, retry_after)
}

pub(super) fn link_problem(
    state: &AppState,
    visit: &Visit,
    path: &str,
    problem: LinkProblem,
    retry: &str,
) -> Response {
    let body = text(state, visit, problem.message_id(), &[]);
    notice(
        state,
        visit,
        path,
        StatusCode::BAD_REQUEST,
        "link-problem-title",
        body,
        Some((retry, "request-new-link")),
    )
}

pub(super) fn redirect(to: &str, cookie: Option<String>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, location(to))]).into_response();
    if let Some(value) = cookie.and_then(|cookie| HeaderValue::from_str(&cookie).ok()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

pub(super) fn session_cookie(state: &AppState, token: &str, max_age_s: i64) -> String {
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age_s}; HttpOnly; SameSite=Lax{secure}")
}

async fn hit(state: &AppState, limit: Limit, key: &str) -> Result<Decision, WebError> {
    Ok(rate_limit::hit(&state.db, limit, key).await?)
}

/// Hashing is CPU-heavy; keep it off the request threads.
/// Issues a `purpose` link for `user_id` and queues the mail that carries it to `to`,
/// on `connection` (the caller's transaction; call `queue.wake()` after commit).
pub(super) async fn queue_link_mail(
    state: &AppState,
    locale: Locale,
    connection: &mut sqlx::AnyConnection,
    user_id: UserId,
    purpose: Purpose,
    to: &Email,
    name: &str,
) -> Result<(), WebError> {
    let (token, path, subject, body) = match purpose {
        Purpose::ConfirmEmail => {
            let token = links::issue(connection, user_id, purpose).await?;
            (
                token,
                "cuenta/confirmar",
                "mail-confirm-subject",
                "mail-confirm-body",
            )
        }
        Purpose::ResetPassword => {
            let token = links::issue(connection, user_id, purpose).await?;
            (
                token,
                "cuenta/restablecer",
                "mail-reset-subject",
                "mail-reset-body",
            )
        }
        Purpose::ChangeEmail => {
            let token = links::issue_for_email(connection, user_id, to.as_str()).await?;
            (
                token,
                "cuenta/correo",
                "mail-change-subject",
                "mail-change-body",
            )
        }
    };
    let link = state.absolute_url(&format!("{path}/{token}"));
    let message = OutgoingMail {
        to: to.as_str().parse()?,
        subject: state.i18n.text(locale, subject),
        body_text: state
            .i18n
            .text_with(locale, body, &[("name", name), ("link", &link)]),
    };
    mail::queue_mail(&state.queue, connection, &message).await?;
    Ok(())
}

/// [`queue_link_mail`] in a transaction of its own, waking the workers after it.
async fn send_link_mail(
    state: &AppState,
    visit: &Visit,
    user_id: UserId,
    purpose: Purpose,
    to: &Email,
    name: &str,
) -> Result<(), WebError> {
    let mut tx = state.db.write().await?;
    queue_link_mail(state, visit.locale, &mut tx, user_id, purpose, to, name).await?;
    tx.commit().await?;
    state.queue.wake();
    Ok(())
}

pub(super) async fn hash_password(password: String) -> Result<String, WebError> {
    let hashed = tokio::task::spawn_blocking(move || password::hash(&password)).await??;
    Ok(hashed.0)
}

/// Whether `password` is the signed-in person's current one.
pub(super) async fn current_password_matches(
    state: &AppState,
    viewer: &Viewer,
    password: &str,
) -> Result<bool, WebError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(viewer.user_id)
            .fetch_one(state.db.pool())
            .await?;
    verify_password(password.to_owned(), stored).await
}

pub(super) async fn verify_password(
    password: String,
    stored: Option<String>,
) -> Result<bool, WebError> {
    Ok(tokio::task::spawn_blocking(move || password::verify(&password, stored.as_deref())).await?)
}

#[derive(Serialize)]
struct Empty {}

pub(super) async fn record(
    connection: &mut sqlx::AnyConnection,
    kind: &'static str,
    user_id: UserId,
) -> Result<(), sqlx::Error> {
    let event = NewEvent {
        kind,
        subject: format!("user:{user_id}"),
        actor_id: Some(user_id),
        payload: &Empty {},
    };
    events::append(connection, event).await.map(|_| ())
}

// ---- sign up ------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct SignUp {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

fn sign_up_page(
    state: &AppState,
    visit: &Visit,
    form: &SignUp,
    errors: [Option<String>; 3],
) -> Response {
    let [email_error, name_error, password_error] = errors;
    let shell = Shell::new(state, visit, "/cuenta/registro");
    let mut email = field(state, visit, "email", "field-email");
    email.value = form.email.clone();
    email.error = email_error;
    let mut name = field(state, visit, "name", "field-name");
    name.value = form.name.clone();
    name.hint = Some(shell.t("field-name-hint"));
    name.error = name_error;
    let mut password = field(state, visit, "password", "field-new-password");
    password.hint = Some(shell.t("field-password-hint"));
    password.error = password_error;
    let fields = vec![email, name, password];
    let problems: Vec<String> = fields.iter().filter_map(|f| f.error.clone()).collect();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormTemplate {
        title: shell.t("sign-up-title"),
        intro: Some(shell.t("sign-up-intro")),
        problems,
        action: "/cuenta/registro".to_owned(),
        hidden: Vec::new(),
        fields,
        submit: shell.t("sign-up-submit"),
        links: vec![("/cuenta/entrar".to_owned(), shell.t("sign-up-have-account"))],
        shell,
    };
    (status, Page(page.render())).into_response()
}

async fn sign_up_form(State(state): State<AppState>, visit: Visit) -> Response {
    sign_up_page(&state, &visit, &SignUp::default(), [None, None, None])
}

async fn sign_up(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Form(form): Form<SignUp>,
) -> Answer {
    if let Decision::Limited { retry_after } = hit(
        &state,
        rate_limit::SIGN_UP_PER_IP,
        &rate_limit::client_key(client),
    )
    .await?
    {
        return Ok(limited(&state, &visit, "/cuenta/registro", retry_after));
    }
    let email = form.email.parse::<Email>();
    let name = form.name.parse::<DisplayName>();
    let policy = check_new_password(&form.password, &[form.email.as_str(), form.name.as_str()]);
    let (Ok(email), Ok(name), Ok(())) = (&email, &name, policy) else {
        let errors = [
            email
                .is_err()
                .then(|| text(&state, &visit, "email-invalid", &[])),
            name.is_err()
                .then(|| text(&state, &visit, "name-invalid", &[])),
            policy
                .err()
                .map(|problem| text(&state, &visit, problem.message_id(), &[])),
        ];
        return Ok(sign_up_page(
            &state,
            &visit,
            &SignUp {
                password: String::new(),
                ..form
            },
            errors,
        ));
    };
    let owner: Option<String> =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(state.db.pool())
            .await?;
    // An address that has an account: tell its owner, not the visitor (the page below
    // is the same either way, and the password is hashed either way, so its timing
    // tells nothing either).
    let exists = owner.is_some();
    let warning = match owner {
        Some(owner) => {
            let decision = hit(&state, rate_limit::MAIL_PER_EMAIL, email.as_str()).await?;
            if matches!(decision, Decision::Limited { .. }) {
                None
            } else {
                let signin = state.absolute_url("cuenta/entrar");
                let forgot = state.absolute_url("cuenta/olvide");
                let args = [
                    ("name", owner.as_str()),
                    ("signin", &signin),
                    ("forgot", &forgot),
                ];
                Some(OutgoingMail {
                    to: email.as_str().parse()?,
                    subject: text(&state, &visit, "mail-exists-subject", &[]),
                    body_text: text(&state, &visit, "mail-exists-body", &args),
                })
            }
        }
        None => None,
    };
    let hashed = hash_password(form.password).await?;
    let mut tx = state.db.write().await?;
    if exists {
        if let Some(message) = warning {
            mail::queue_mail(&state.queue, &mut tx, &message).await?;
        }
    } else {
        let new = NewUser {
            email,
            name,
            password_hash: Some(&hashed),
            locale: visit.locale,
            confirmed: false,
            roles: &[Role::Member],
        };
        match insert_user(&mut tx, &new, None).await {
            Ok(user_id) => {
                let purpose = Purpose::ConfirmEmail;
                queue_link_mail(
                    &state,
                    visit.locale,
                    &mut tx,
                    user_id,
                    purpose,
                    email,
                    name.as_str(),
                )
                .await?;
            }
            // Taken since the check above: same page, nothing sent.
            Err(AddUserError::EmailTaken) => {}
            Err(AddUserError::Database(error)) => return Err(error.into()),
        }
    }
    tx.commit().await?;
    state.queue.wake();
    let body = text(
        &state,
        &visit,
        "sign-up-sent-text",
        &[("email", email.as_str())],
    );
    Ok(notice(
        &state,
        &visit,
        "/cuenta/registro",
        StatusCode::OK,
        "sign-up-sent-title",
        body,
        None,
    ))
}

// ---- confirm ------------------------------------------------------------------------

async fn confirm_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let path = format!("/cuenta/confirmar/{token}");
    if let Err(problem) = links::peek(&state.db, &token, Purpose::ConfirmEmail).await? {
        return Ok(link_problem(
            &state,
            &visit,
            &path,
            problem,
            "/cuenta/entrar",
        ));
    }
    let shell = Shell::new(&state, &visit, &path);
    let page = FormTemplate {
        title: shell.t("confirm-title"),
        intro: Some(shell.t("confirm-intro")),
        problems: Vec::new(),
        action: path.clone(),
        hidden: Vec::new(),
        fields: Vec::new(),
        submit: shell.t("confirm-submit"),
        links: Vec::new(),
        shell,
    };
    Ok(Page(page.render()).into_response())
}

async fn confirm(State(state): State<AppState>, visit: Visit, Path(token): Path<String>) -> Answer {
    let path = format!("/cuenta/confirmar/{token}");
    let mut tx = state.db.write().await?;
    let user_id = match links::consume(&mut tx, &token, Purpose::ConfirmEmail).await? {
        Ok(redeemed) => redeemed.user_id,
        Err(problem) => {
            return Ok(link_problem(
                &state,
                &visit,
                &path,
                problem,
                "/cuenta/entrar",
            ));
        }
    };
    sqlx::query(
        "UPDATE users SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL",
    )
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, "user.email_confirmed", user_id).await?;
    tx.commit().await?;
    let body = text(&state, &visit, "confirm-done-text", &[]);
    Ok(notice(
        &state,
        &visit,
        &path,
        StatusCode::OK,
        "confirm-done-title",
        body,
        Some(("/cuenta/entrar", "go-sign-in")),
    ))
}

// ---- sign in and out ----------------------------------------------------------------

/// id, password hash, confirmed at, display name, TOTP secret.
type SignInRow = (UserId, Option<String>, Option<i64>, String, Option<String>);

#[derive(Deserialize, Default)]
struct SignIn {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default, rename = "siguiente")]
    next: String,
}

#[derive(Deserialize)]
struct NextQuery {
    siguiente: Option<String>,
}

fn sign_in_page(
    state: &AppState,
    visit: &Visit,
    email: &str,
    next: &str,
    problem: Option<String>,
) -> Response {
    let shell = Shell::new(state, visit, "/cuenta/entrar");
    let mut email_field = field(state, visit, "email", "field-email");
    email_field.value = email.to_owned();
    let password = field(state, visit, "password", "field-password");
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = FormTemplate {
        title: shell.t("sign-in-title"),
        intro: None,
        problems: problem.into_iter().collect(),
        action: "/cuenta/entrar".to_owned(),
        hidden: vec![("siguiente", next.to_owned())],
        fields: vec![email_field, password],
        submit: shell.t("sign-in-submit"),
        links: vec![
            ("/cuenta/olvide".to_owned(), shell.t("sign-in-forgot")),
            ("/cuenta/registro".to_owned(), shell.t("sign-in-no-account")),
        ],
        shell,
    };
    (status, Page(page.render())).into_response()
}

async fn sign_in_form(
    State(state): State<AppState>,
    visit: Visit,
    Query(query): Query<NextQuery>,
) -> Response {
    let next = query
        .siguiente
        .filter(|path| is_local_path(path))
        .unwrap_or_default();
    sign_in_page(&state, &visit, "", &next, None)
}

async fn sign_in(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Form(form): Form<SignIn>,
) -> Answer {
    const PATH: &str = "/cuenta/entrar";
    let next = if is_local_path(&form.next) {
        form.next.clone()
    } else {
        String::new()
    };
    if let Decision::Limited { retry_after } = hit(
        &state,
        rate_limit::SIGN_IN_PER_IP,
        &rate_limit::client_key(client),
    )
    .await?
    {
        return Ok(limited(&state, &visit, PATH, retry_after));
    }
    let failed = |state: &AppState| {
        let problem = text(state, &visit, "sign-in-failed", &[]);
        sign_in_page(state, &visit, &form.email, &next, Some(problem))
    };
    let Ok(email) = form.email.parse::<Email>() else {
        return Ok(failed(&state));
    };
    let failures = rate_limit::SIGN_IN_FAILURES;
    let key = rate_limit::account_and_address(email.as_str(), client);
    // The attempt counts before the password is checked and a success clears the
    // count, so parallel guesses cannot all pass a check made before any failed.
    if let Decision::Limited { retry_after } = rate_limit::hit(&state.db, failures, &key).await? {
        let minutes = retry_after.as_secs().div_ceil(60).max(1).to_string();
        let problem = text(
            &state,
            &visit,
            "sign-in-throttled",
            &[("minutes", &minutes)],
        );
        let page = sign_in_page(&state, &visit, &form.email, &next, Some(problem));
        return Ok(too_many_requests(page, retry_after));
    }
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, password_hash, email_confirmed_at, display_name, totp_secret FROM users WHERE email = $1",
    )
    .bind(email.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    let stored = row.as_ref().and_then(|(_, hash, _, _, _)| hash.clone());
    let matched = verify_password(form.password.clone(), stored).await?;
    let (user_id, confirmed, name, two_factor) = match row {
        Some((id, _, confirmed, name, totp)) if matched => {
            (id, confirmed.is_some(), name, totp.is_some())
        }
        _ => return Ok(failed(&state)),
    };
    rate_limit::clear(&state.db, failures, &key).await?;
    let suspension = super::restrictions::Kind::Suspension;
    if super::restrictions::current_in(&state.db, user_id, suspension)
        .await?
        .is_some()
    {
        // The right password, but not now: until when, why, and how to appeal.
        return super::appeals::suspended(&state, &visit, user_id).await;
    }
    if !confirmed {
        if hit(&state, rate_limit::MAIL_PER_EMAIL, email.as_str()).await? == Decision::Allowed {
            send_link_mail(
                &state,
                &visit,
                user_id,
                Purpose::ConfirmEmail,
                &email,
                &name,
            )
            .await?;
        }
        let body = text(
            &state,
            &visit,
            "sign-in-unconfirmed-text",
            &[("email", email.as_str())],
        );
        return Ok(notice(
            &state,
            &visit,
            PATH,
            StatusCode::FORBIDDEN,
            "sign-in-unconfirmed-title",
            body,
            None,
        ));
    }
    if two_factor {
        let cookie = super::two_factor::pending_cookie(&state, user_id, &next);
        return Ok(redirect("/cuenta/entrar/codigo", Some(cookie)));
    }
    // A new session id at every sign-in; any session the browser had before ends.
    let mut tx = state.db.write().await?;
    if let Some(previous) = &visit.viewer {
        sessions::end(&mut tx, &previous.session_hash).await?;
    }
    let token = sessions::start(&mut tx, user_id).await?;
    record(&mut tx, "user.signed_in", user_id).await?;
    tx.commit().await?;
    let cookie = session_cookie(&state, &token, SESSION_DAYS * 24 * 60 * 60);
    Ok(redirect(
        if next.is_empty() { "/cuenta" } else { &next },
        Some(cookie),
    ))
}

async fn sign_out(State(state): State<AppState>, visit: Visit) -> Answer {
    if let Some(viewer) = &visit.viewer {
        // An event, so that every node forgets the session it may keep in memory.
        let mut tx = state.db.write().await?;
        sessions::end(&mut tx, &viewer.session_hash).await?;
        record(&mut tx, "user.signed_out", viewer.user_id).await?;
        tx.commit().await?;
    }
    Ok(redirect("/", Some(session_cookie(&state, "", 0))))
}

/// Ends every session of the person, on every device, this one included.
async fn sign_out_everywhere(State(state): State<AppState>, visit: Visit) -> Answer {
    if let Some(viewer) = &visit.viewer {
        let mut tx = state.db.write().await?;
        sessions::end_all(&mut tx, viewer.user_id).await?;
        record(&mut tx, "user.signed_out_everywhere", viewer.user_id).await?;
        tx.commit().await?;
    }
    Ok(redirect("/", Some(session_cookie(&state, "", 0))))
}

// ---- forgot and reset ---------------------------------------------------------------

#[derive(Deserialize, Default)]
struct Forgot {
    #[serde(default)]
    email: String,
}

fn forgot_page(state: &AppState, visit: &Visit, email: &str, error: Option<String>) -> Response {
    let shell = Shell::new(state, visit, "/cuenta/olvide");
    let mut email_field = field(state, visit, "email", "field-email");
    email_field.value = email.to_owned();
    email_field.error = error.clone();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = FormTemplate {
        title: shell.t("forgot-title"),
        intro: Some(shell.t("forgot-intro")),
        problems: error.into_iter().collect(),
        action: "/cuenta/olvide".to_owned(),
        hidden: Vec::new(),
        fields: vec![email_field],
        submit: shell.t("forgot-submit"),
        links: Vec::new(),
        shell,
    };
    (status, Page(page.render())).into_response()
}

async fn forgot_form(State(state): State<AppState>, visit: Visit) -> Response {
    forgot_page(&state, &visit, "", None)
}

async fn forgot(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Form(form): Form<Forgot>,
) -> Answer {
    const PATH: &str = "/cuenta/olvide";
    if let Decision::Limited { retry_after } = hit(
        &state,
        rate_limit::RESET_PER_IP,
        &rate_limit::client_key(client),
    )
    .await?
    {
        return Ok(limited(&state, &visit, PATH, retry_after));
    }
    let Ok(email) = form.email.parse::<Email>() else {
        let error = text(&state, &visit, "email-invalid", &[]);
        return Ok(forgot_page(&state, &visit, &form.email, Some(error)));
    };
    // The same work whether or not the address has an account, so neither the answer
    // nor its timing tells: a job looks the account up and mails the link.
    let mut tx = state.db.write().await?;
    let request = ResetRequested {
        email: email.as_str().to_owned(),
        locale: visit.locale.tag().to_owned(),
    };
    state
        .queue
        .enqueue(&mut tx, RESET_REQUESTED, &request)
        .await?;
    tx.commit().await?;
    state.queue.wake();
    let body = text(
        &state,
        &visit,
        "forgot-sent-text",
        &[("email", email.as_str())],
    );
    Ok(notice(
        &state,
        &visit,
        PATH,
        StatusCode::OK,
        "forgot-sent-title",
        body,
        None,
    ))
}

/// The job kind of a password reset request.
pub const RESET_REQUESTED: &str = "accounts.reset_requested";

/// What a reset request's job carries.
#[derive(Serialize, Deserialize)]
struct ResetRequested {
    email: String,
    locale: String,
}

/// Runs reset requests: mails a link to the account with the address, if there is one
/// and it has not been mailed too often lately.
pub struct MailResetLinks {
    pub(crate) state: AppState,
}

impl MailResetLinks {
    async fn mail(&self, job: &Job) -> Result<(), JobError> {
        let state = &self.state;
        let request: ResetRequested = serde_json::from_str(&job.payload).map_err(JobError::new)?;
        let Ok(email) = request.email.parse::<Email>() else {
            return Ok(());
        };
        let locale = Locale::from_tag(&request.locale).unwrap_or_default();
        let owner: Option<(UserId, String)> = sqlx::query_as(
            "SELECT id, display_name FROM users WHERE email = $1 AND deleted_at IS NULL",
        )
        .bind(email.as_str())
        .fetch_optional(state.db.pool())
        .await
        .map_err(JobError::new)?;
        let Some((user_id, name)) = owner else {
            return Ok(());
        };
        let allowed = rate_limit::hit(&state.db, rate_limit::MAIL_PER_EMAIL, email.as_str())
            .await
            .map_err(JobError::new)?;
        if allowed != Decision::Allowed {
            return Ok(());
        }
        let mut tx = state.db.write().await.map_err(JobError::new)?;
        queue_link_mail(
            state,
            locale,
            &mut tx,
            user_id,
            Purpose::ResetPassword,
            &email,
            &name,
        )
        .await
        .map_err(|error| JobError::new(format!("{error:?}")))?;
        tx.commit().await.map_err(JobError::new)?;
        state.queue.wake();
        Ok(())
    }
}

impl JobHandler for MailResetLinks {
    fn kind(&self) -> &'static str {
        RESET_REQUESTED
    }

    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(self.mail(job))
    }
}

#[derive(Deserialize, Default)]
struct Reset {
    #[serde(default)]
    password: String,
}

fn reset_page(state: &AppState, visit: &Visit, path: &str, error: Option<String>) -> Response {
    let shell = Shell::new(state, visit, path);
    let mut password = field(state, visit, "password", "field-new-password");
    password.hint = Some(shell.t("field-password-hint"));
    password.error = error.clone();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = FormTemplate {
        title: shell.t("reset-title"),
        intro: None,
        problems: error.into_iter().collect(),
        action: path.to_owned(),
        hidden: Vec::new(),
        fields: vec![password],
        submit: shell.t("reset-submit"),
        links: Vec::new(),
        shell,
    };
    (status, Page(page.render())).into_response()
}

async fn reset_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
) -> Answer {
    let path = format!("/cuenta/restablecer/{token}");
    Ok(
        match links::peek(&state.db, &token, Purpose::ResetPassword).await? {
            Ok(_) => reset_page(&state, &visit, &path, None),
            Err(problem) => link_problem(&state, &visit, &path, problem, "/cuenta/olvide"),
        },
    )
}

async fn reset(
    State(state): State<AppState>,
    visit: Visit,
    Path(token): Path<String>,
    Form(form): Form<Reset>,
) -> Answer {
    let path = format!("/cuenta/restablecer/{token}");
    let user_id = match links::peek(&state.db, &token, Purpose::ResetPassword).await? {
        Ok(redeemed) => redeemed.user_id,
        Err(problem) => {
            return Ok(link_problem(
                &state,
                &visit,
                &path,
                problem,
                "/cuenta/olvide",
            ));
        }
    };
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, display_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(state.db.pool())
            .await?;
    if let Err(problem) = check_new_password(&form.password, &[email.as_str(), name.as_str()]) {
        let error = text(&state, &visit, problem.message_id(), &[]);
        return Ok(reset_page(&state, &visit, &path, Some(error)));
    }
    let hashed = hash_password(form.password).await?;
    let mut tx = state.db.write().await?;
    if let Err(problem) = links::consume(&mut tx, &token, Purpose::ResetPassword).await? {
        return Ok(link_problem(
            &state,
            &visit,
            &path,
            problem,
            "/cuenta/olvide",
        ));
    }
    // The link came by mail, so it also proves the address.
    sqlx::query(
        "UPDATE users SET password_hash = $1, email_confirmed_at = COALESCE(email_confirmed_at, $2) WHERE id = $3",
    )
    .bind(&hashed)
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sessions::end_all(&mut tx, user_id).await?;
    record(&mut tx, "user.password_reset", user_id).await?;
    tx.commit().await?;
    // A new password ends every address's count of failures.
    let account = rate_limit::of_account(&email);
    rate_limit::clear_starting(&state.db, rate_limit::SIGN_IN_FAILURES, &account).await?;
    let body = text(&state, &visit, "reset-done-text", &[]);
    Ok(notice(
        &state,
        &visit,
        &path,
        StatusCode::OK,
        "reset-done-title",
        body,
        Some(("/cuenta/entrar", "go-sign-in")),
    ))
}

/// Failures below an account page that the person cannot mend: the 500 page, with the
/// cause in the log.
macro_rules! internal_failures {
    ($($error:ty),+ $(,)?) => {
        $(impl From<$error> for WebError {
            fn from(error: $error) -> WebError {
                WebError::internal(error)
            }
        })+
    };
}

internal_failures!(
    super::links::LinkError,
    super::password::HashError,
    super::sessions::SessionError,
    super::totp::TotpError,
    super::api_tokens::TokenError,
    lettre::address::AddressError,
    tokio::task::JoinError,
);
