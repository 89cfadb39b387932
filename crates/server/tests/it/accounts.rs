//! Accounts as a person uses them: sign up, confirm by the mailed link, sign in and
//! out, forget and reset the password; with the mail read from a real SMTP server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use soporte_platform::area::Parts;

use crate::both;
use crate::support::{Backend, Browser, SmtpSink, TestServer, free_port};

pub const PASSWORD: &str = "tres tristes tigres comen trigo";

async fn with_mail(backend: Backend) -> (TestServer, SmtpSink) {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestServer::start_with(
        backend,
        |s| {
            s.set(
                &soporte_platform::config::SMTP_URL,
                format!("smtp://127.0.0.1:{port}"),
            )
        },
        Parts::default(),
    )
    .await;
    (app, sink)
}

/// The first link to this server in a mail's text.
fn link_in(message: &serde_json::Value, base: &str) -> String {
    let text = message["text"].as_str().unwrap();
    let start = text
        .find(base)
        .unwrap_or_else(|| panic!("no link in {text}"));
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link[base.len()..].to_owned()
}

async fn sign_up(browser: &Browser, email: &str, name: &str) -> crate::support::Answer {
    browser.get("/cuenta/registro").await;
    browser
        .post(
            "/cuenta/registro",
            &[("email", email), ("name", name), ("password", PASSWORD)],
        )
        .await
}

async fn count(app: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap()
}

async fn sign_up_confirm_sign_in_and_out(backend: Backend) {
    let (mut app, mut sink) = with_mail(backend).await;
    let browser = Browser::new(&app);
    let sent = sign_up(&browser, "Ana.Lopez@Ejemplo.mx", "Ana López").await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(
        sent.body
            .contains("Enviamos un mensaje a ana.lopez@ejemplo.mx"),
        "{}",
        sent.body
    );

    let mail = sink.next_message(Duration::from_secs(20)).await;
    assert_eq!(mail["to"][0], "ana.lopez@ejemplo.mx");
    assert_eq!(mail["subject"], "Confirma tu cuenta de Soporte MxOS");
    assert!(mail["text"].as_str().unwrap().contains("Hola, Ana López:"));
    let link = link_in(&mail, &app.base);
    assert!(link.starts_with("/cuenta/confirmar/"), "{link}");

    // Not confirmed yet: signing in says so (the password was right) and resends.
    browser.get("/cuenta/entrar").await;
    let early = browser
        .post(
            "/cuenta/entrar",
            &[("email", "ana.lopez@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert!(early.body.contains("Confirma tu correo"), "{}", early.body);
    assert!(browser.cookie("soporte_session").is_none());
    let resent = sink.next_message(Duration::from_secs(20)).await;
    let link = {
        // The newest link replaces the first one.
        let newest = link_in(&resent, &app.base);
        let first = browser.get(&link).await;
        assert_eq!(first.status, StatusCode::BAD_REQUEST);
        assert!(
            first.body.contains("Este enlace ya se usó"),
            "{}",
            first.body
        );
        newest
    };

    // Opening the link shows a button; a GET alone confirms nothing.
    let page = browser.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Confirmar mi cuenta"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email_confirmed_at IS NOT NULL"
        )
        .await,
        0
    );
    let confirmed = browser.post(&link, &[]).await;
    assert!(
        confirmed.body.contains("Cuenta confirmada"),
        "{}",
        confirmed.body
    );
    let again = browser.post(&link, &[]).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("Este enlace ya se usó"));

    // Sign in: a fresh session, HttpOnly; the header greets the person.
    browser.get("/cuenta/entrar").await;
    let before = browser.cookie("soporte_csrf");
    let signed_in = browser
        .post(
            "/cuenta/entrar",
            &[("email", "ANA.LOPEZ@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert_eq!(signed_in.location.as_deref(), Some("/cuenta"));
    assert!(browser.cookie("soporte_session").is_some());
    // Signing in replaces the CSRF cookie: one planted before is worth nothing.
    assert!(browser.cookie("soporte_csrf").is_some());
    assert_ne!(browser.cookie("soporte_csrf"), before);
    let account = browser.get("/cuenta").await;
    assert!(
        account.body.contains("<dd>ana.lopez@ejemplo.mx</dd>"),
        "{}",
        account.body
    );
    assert!(account.body.contains("<dd>Miembro</dd>"));
    assert!(account.body.contains(r#"<a href="/cuenta">Ana López</a>"#));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM events WHERE kind = 'user.signed_in'"
        )
        .await,
        1
    );

    // Sign out ends the session in the database, not only in the browser.
    let token = browser.cookie("soporte_session").unwrap();
    let out = browser.post("/cuenta/salir", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/"));
    assert!(browser.cookie("soporte_session").is_none());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 0);
    let replay = app
        .client
        .get(app.url("/cuenta"))
        .header(reqwest::header::COOKIE, format!("soporte_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}
both!(sign_up_confirm_sign_in_and_out);

async fn forgotten_password_reset_by_a_single_use_link(backend: Backend) {
    let (mut app, mut sink) = with_mail(backend).await;
    let browser = Browser::new(&app);
    sign_up(&browser, "rodrigo@ejemplo.mx", "Rodrigo Pech").await;
    let confirm = link_in(&sink.next_message(Duration::from_secs(20)).await, &app.base);
    browser.get(&confirm).await;
    browser.post(&confirm, &[]).await;

    // Unknown and known addresses get the same answer; only the known one gets mail.
    browser.get("/cuenta/olvide").await;
    let unknown = browser
        .post("/cuenta/olvide", &[("email", "nadie@ejemplo.mx")])
        .await;
    let known = browser
        .post("/cuenta/olvide", &[("email", "rodrigo@ejemplo.mx")])
        .await;
    assert_eq!(unknown.status, known.status);
    // The pages differ only in the address and in the mask of the form token.
    let without_token = |body: &str| {
        body.lines()
            .filter(|line| !line.contains(r#"name="csrf""#))
            .collect::<String>()
    };
    assert_eq!(
        without_token(&unknown.body).replace("nadie@ejemplo.mx", "X"),
        without_token(&known.body).replace("rodrigo@ejemplo.mx", "X"),
        "the answer must not tell whether an account exists"
    );
    // Both answers did the same work (so neither is slower): one job each, which
    // looks the address up and mails only the account's owner.
    let requests: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1")
        .bind(soporte_platform::accounts::RESET_REQUESTED)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(requests, 2);
    let mail = sink.next_message(Duration::from_secs(20)).await;
    assert_eq!(mail["to"][0], "rodrigo@ejemplo.mx");
    let reset = link_in(&mail, &app.base);
    assert!(reset.starts_with("/cuenta/restablecer/"));

    // A weak password is refused and the link still works.
    browser.get(&reset).await;
    let weak = browser.post(&reset, &[("password", "contraseña123")]).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("demasiado común"), "{}", weak.body);

    let done = browser
        .post(&reset, &[("password", "un nuevo dia en mérida")])
        .await;
    assert!(done.body.contains("Contraseña cambiada"), "{}", done.body);
    let reused = browser
        .post(&reset, &[("password", "otra frase muy larga")])
        .await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert!(reused.body.contains("Este enlace ya se usó"));

    browser.get("/cuenta/entrar").await;
    let old = browser
        .post(
            "/cuenta/entrar",
            &[("email", "rodrigo@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        old.body
            .contains("El correo o la contraseña no son correctos.")
    );
    let new = browser
        .post(
            "/cuenta/entrar",
            &[
                ("email", "rodrigo@ejemplo.mx"),
                ("password", "un nuevo dia en mérida"),
            ],
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    // An expired link says so.
    browser.get("/cuenta/olvide").await;
    browser
        .post("/cuenta/olvide", &[("email", "rodrigo@ejemplo.mx")])
        .await;
    let late = link_in(&sink.next_message(Duration::from_secs(20)).await, &app.base);
    sqlx::query("UPDATE account_tokens SET expires_at = 0 WHERE used_at IS NULL")
        .execute(app.state().db.pool())
        .await
        .unwrap();
    let expired = browser.get(&late).await;
    assert_eq!(expired.status, StatusCode::BAD_REQUEST);
    assert!(expired.body.contains("Este enlace ya venció"));
    app.stop().await;
}
both!(forgotten_password_reset_by_a_single_use_link);

async fn sign_up_refuses_bad_input_and_writes_nothing(backend: Backend) {
    let (mut app, _sink) = with_mail(backend).await;
    let browser = Browser::new(&app);
    browser.get("/cuenta/registro").await;
    for (email, name, password, expected) in [
        (
            "ana@",
            "Ana",
            PASSWORD,
            "Escribe un correo electrónico válido",
        ),
        (
            "ana@ejemplo.mx",
            "",
            PASSWORD,
            "Escribe un nombre de 1 a 100 caracteres",
        ),
        ("ana@ejemplo.mx", "Ana", "corta", "al menos 10 caracteres"),
        (
            "ana@ejemplo.mx",
            "Ana",
            "Contraseña2024!",
            "demasiado común",
        ),
    ] {
        let answer = browser
            .post(
                "/cuenta/registro",
                &[("email", email), ("name", name), ("password", password)],
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{expected}"
        );
        assert!(
            answer.body.contains(expected),
            "{expected}: {}",
            answer.body
        );
        assert!(answer.body.contains("aria-invalid=\"true\""));
        assert!(
            !answer.body.contains(password),
            "passwords are never sent back, valid or not"
        );
        if !email.is_empty() {
            assert!(
                answer.body.contains(&format!(r#"value="{email}""#)),
                "what the person typed is kept"
            );
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);
    // A body over the limit (1 MiB by default) is refused whole.
    let huge = format!(
        "csrf={}&email=ana%40ejemplo.mx&name=Ana&password={}",
        browser.csrf(),
        "x".repeat(1_100_000)
    );
    let refused = browser.post_body("/cuenta/registro", huge).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused.body.contains("Envío demasiado grande"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
    app.stop().await;
}
both!(sign_up_refuses_bad_input_and_writes_nothing);

async fn signing_up_twice_tells_the_owner_not_the_visitor(backend: Backend) {
    let (mut app, mut sink) = with_mail(backend).await;
    let first = sign_up(&Browser::new(&app), "luz@ejemplo.mx", "Luz").await;
    sink.next_message(Duration::from_secs(20)).await;
    let second = sign_up(&Browser::new(&app), "luz@ejemplo.mx", "Impostor").await;
    assert_eq!(first.status, second.status);
    let without_token = |body: &str| {
        body.lines()
            .filter(|line| !line.contains(r#"name="csrf""#))
            .collect::<String>()
    };
    assert_eq!(without_token(&first.body), without_token(&second.body));
    let warning = sink.next_message(Duration::from_secs(20)).await;
    assert_eq!(
        warning["subject"],
        "Intento de crear una cuenta con tu correo"
    );
    assert!(warning["text"].as_str().unwrap().contains("Hola, Luz:"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 1);
    app.stop().await;
}
both!(signing_up_twice_tells_the_owner_not_the_visitor);

/// Someone guessing a password slows down only themselves: the owner, from their own
/// address, signs in at once (staff included, who are the likeliest targets).
async fn failures_slow_down_the_guesser_never_the_owner_and_a_reset_lifts_it(backend: Backend) {
    let (mut app, mut sink) = with_mail(backend).await;
    let browser = Browser::new(&app);
    let staff = [soporte_platform::accounts::Role::Staff];
    person(&app, "eva@ejemplo.mx", "Eva", &staff).await;

    let guesser = Browser::from_address(&app, [127, 0, 0, 2]);
    guesser.get("/cuenta/entrar").await;
    for _ in 0..5 {
        let wrong = guesser
            .post(
                "/cuenta/entrar",
                &[("email", "eva@ejemplo.mx"), ("password", "no es esta")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let slowed = guesser
        .post(
            "/cuenta/entrar",
            &[("email", "eva@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = slowed.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&wait), "Retry-After: {wait}");
    assert!(
        slowed
            .body
            .contains("Hubo demasiados intentos fallidos con este correo. Espera 15 minutos"),
        "{}",
        slowed.body
    );

    // The owner, from elsewhere, is not refused.
    let owner = Browser::from_address(&app, [127, 0, 0, 3]);
    owner.get("/cuenta/entrar").await;
    let signed_in = owner
        .post(
            "/cuenta/entrar",
            &[("email", "eva@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert!(owner.get("/cuenta").await.body.contains("eva@ejemplo.mx"));

    // An unknown address is slowed the same way: the limit does not reveal accounts.
    for _ in 0..5 {
        guesser
            .post(
                "/cuenta/entrar",
                &[("email", "nadie@ejemplo.mx"), ("password", "no es esta")],
            )
            .await;
    }
    let unknown = guesser
        .post(
            "/cuenta/entrar",
            &[("email", "nadie@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(unknown.headers.contains_key("retry-after"));

    // A reset lifts the slow-down everywhere, the guesser's address included.
    browser.get("/cuenta/olvide").await;
    browser
        .post("/cuenta/olvide", &[("email", "eva@ejemplo.mx")])
        .await;
    let reset = link_in(&sink.next_message(Duration::from_secs(20)).await, &app.base);
    browser.get(&reset).await;
    browser
        .post(&reset, &[("password", "la nueva frase de eva")])
        .await;
    guesser.get("/cuenta/entrar").await;
    let back = guesser
        .post(
            "/cuenta/entrar",
            &[
                ("email", "eva@ejemplo.mx"),
                ("password", "la nueva frase de eva"),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    app.stop().await;
}
both!(failures_slow_down_the_guesser_never_the_owner_and_a_reset_lifts_it);

/// A confirmed person with a password, as if they had signed up long ago.
pub async fn person(
    app: &TestServer,
    email: &str,
    name: &str,
    roles: &[soporte_platform::accounts::Role],
) -> soporte_platform::storage::UserId {
    use soporte_platform::accounts::{NewUser, insert_user, password};
    let hash = password::hash(PASSWORD).unwrap().0;
    let (email, name) = (email.parse().unwrap(), name.parse().unwrap());
    let mut tx = app.state().db.write().await.unwrap();
    let new = NewUser {
        email: &email,
        name: &name,
        password_hash: Some(&hash),
        locale: soporte_platform::i18n::Locale::EsMx,
        confirmed: true,
        roles,
    };
    let id = insert_user(&mut tx, &new, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

pub async fn signed_in(app: &TestServer, email: &str) -> Browser {
    signed_in_speaking(app, email, "es-MX").await
}

/// A browser signed in as `email` that asks for pages in `language`.
pub async fn signed_in_speaking(app: &TestServer, email: &str, language: &'static str) -> Browser {
    let browser = Browser::speaking(app, language);
    browser.get("/cuenta/entrar").await;
    let answer = browser
        .post(
            "/cuenta/entrar",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    // The browser follows the redirect, and so holds a form token of the new session.
    browser.get(answer.location.as_deref().unwrap()).await;
    browser
}

async fn staff_manage_roles_and_every_change_is_audited(backend: Backend) {
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start(backend).await;
    let staff_id = person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let member_id = person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;

    // A visitor is sent to sign in; a member is refused; both see nothing.
    let visitor = Browser::new(&app).get("/admin/personas").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(
        visitor.location.as_deref(),
        Some("/cuenta/entrar?siguiente=/admin/personas")
    );
    let member = signed_in(&app, "ana@ejemplo.mx").await;
    for path in [
        "/admin/personas",
        &format!("/admin/personas/{member_id}"),
        "/admin/auditoria",
    ] {
        let refused = member.get(path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused.body.contains("<h1>Acceso no permitido</h1>"),
            "{path}"
        );
    }
    let forged = member
        .post(
            &format!("/admin/personas/{member_id}"),
            &[("role", "staff")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        !member.get("/").await.body.contains("/admin/personas"),
        "no admin link for members"
    );

    let staff = signed_in(&app, "equipo@mxos.mx").await;
    assert!(
        staff
            .get("/")
            .await
            .body
            .contains(r#"<a href="/admin/personas">Administración</a>"#)
    );
    let list = staff.get("/admin/personas?q=ANA").await;
    assert!(
        list.body
            .contains(&format!(r#"<a href="/admin/personas/{member_id}">Ana</a>"#)),
        "{}",
        list.body
    );
    assert!(!list.body.contains("equipo@mxos.mx"), "the search filters");

    staff.get(&format!("/admin/personas/{member_id}")).await;
    let saved = staff
        .post(
            &format!("/admin/personas/{member_id}"),
            &[("role", "member"), ("role", "moderator")],
        )
        .await;
    assert!(saved.body.contains("Roles guardados."), "{}", saved.body);
    assert!(saved.body.contains(r#"value="moderator" checked"#));

    // The last staff member cannot remove their own staff role.
    staff.get(&format!("/admin/personas/{staff_id}")).await;
    let last = staff
        .post(
            &format!("/admin/personas/{staff_id}"),
            &[("role", "member")],
        )
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert!(last.body.contains("al menos una persona del equipo"));

    let audit = staff.get("/admin/auditoria").await.body;
    assert!(
        audit.contains(
            "<td>equipo@mxos.mx</td><td>Rol otorgado</td><td>ana@ejemplo.mx</td><td>Moderación</td>"
        ),
        "{audit}"
    );
    assert!(
        !audit.contains("<td>Rol retirado</td>"),
        "the refused change left no trace"
    );
    // Filters keep what they name and only that.
    let granted_row = "<td>Rol otorgado</td><td>ana@ejemplo.mx</td>";
    let granted = staff.get("/admin/auditoria?accion=role.granted").await.body;
    assert!(granted.contains(granted_row), "{granted}");
    let revoked = staff.get("/admin/auditoria?accion=role.revoked").await.body;
    assert!(!revoked.contains("Rol otorgado</td>"), "{revoked}");
    let by_ana = staff
        .get("/admin/auditoria?persona=ana%40ejemplo")
        .await
        .body;
    assert!(by_ana.contains(granted_row), "{by_ana}");
    let by_person = staff.get("/admin/auditoria?persona=nadie").await.body;
    assert!(!by_person.contains("<td>Rol otorgado</td>"), "{by_person}");
    app.stop().await;
}
both!(staff_manage_roles_and_every_change_is_audited);

async fn next_to(sink: &mut SmtpSink, count: usize) -> Vec<serde_json::Value> {
    let mut messages = Vec::new();
    for _ in 0..count {
        messages.push(sink.next_message(Duration::from_secs(20)).await);
    }
    messages
}

async fn own_account_profile_password_email_and_deletion(backend: Backend) {
    use soporte_platform::accounts::Role;
    let (mut app, mut sink) = with_mail(backend).await;
    let id = person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let browser = signed_in(&app, "ana@ejemplo.mx").await;
    let laptop = signed_in(&app, "ana@ejemplo.mx").await;

    // Profile: saved, and shown back.
    browser.get("/cuenta").await;
    let saved = browser
        .post(
            "/cuenta/perfil",
            &[
                ("name", "Ana María"),
                ("bio", "Uso MxOS en la escuela."),
                ("language", "es"),
                ("language", "yua"),
                ("state", "YUC"),
            ],
        )
        .await;
    assert_eq!(saved.location.as_deref(), Some("/cuenta?aviso=perfil"));
    let page = browser.get("/cuenta?aviso=perfil").await.body;
    assert!(page.contains("Perfil guardado."));
    assert!(
        page.contains(r#"value="Ana María""#)
            && page.contains("Uso MxOS en la escuela.</textarea>")
    );
    assert!(page.contains(r#"value="yua" checked"#) && !page.contains(r#"value="en" checked"#));
    assert!(page.contains(r#"<option value="YUC" selected>Yucatán</option>"#));
    for (field, value, message) in [
        ("state", "TX", "Elige un estado de la lista."),
        ("bio", &"x".repeat(1001), "pasa de 1000 caracteres"),
        ("language", "klingon", "Elige idiomas de la lista."),
    ] {
        let refused = browser
            .post("/cuenta/perfil", &[("name", "Otra"), (field, value)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(refused.body.contains(message), "{field}: {}", refused.body);
    }
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(name, "Ana María", "refused changes write nothing");

    // Password: the current one is required; other sessions end, this one stays.
    let wrong = browser
        .post(
            "/cuenta/contrasena",
            &[
                ("current_password", "no"),
                ("password", "otra frase larga de ana"),
            ],
        )
        .await;
    assert!(wrong.body.contains("La contraseña actual no es correcta."));
    let changed = browser
        .post(
            "/cuenta/contrasena",
            &[
                ("current_password", PASSWORD),
                ("password", "otra frase larga de ana"),
            ],
        )
        .await;
    assert_eq!(
        changed.location.as_deref(),
        Some("/cuenta?aviso=contrasena")
    );
    assert_eq!(browser.get("/cuenta").await.status, StatusCode::OK);
    assert_eq!(
        laptop.get("/cuenta").await.status,
        StatusCode::SEE_OTHER,
        "the other session ended"
    );

    // Email: a link to the new address, a notice to the old one.
    browser.get("/cuenta").await;
    let asked = browser
        .post(
            "/cuenta/correo",
            &[
                ("new_email", "ana.nueva@ejemplo.mx"),
                ("current_password", "otra frase larga de ana"),
            ],
        )
        .await;
    assert!(
        asked
            .body
            .contains("Enviamos un enlace a ana.nueva@ejemplo.mx"),
        "{}",
        asked.body
    );
    let mails = next_to(&mut sink, 2).await;
    let to = |address: &str| {
        mails
            .iter()
            .find(|m| m["to"][0] == address)
            .unwrap()
            .clone()
    };
    assert!(
        to("ana@ejemplo.mx")["text"]
            .as_str()
            .unwrap()
            .contains("ana.nueva@ejemplo.mx")
    );
    let link = link_in(&to("ana.nueva@ejemplo.mx"), &app.base);
    assert!(
        browser
            .get(&link)
            .await
            .body
            .contains("Tu cuenta usará ana.nueva@ejemplo.mx")
    );
    let done = browser.post(&link, &[]).await;
    assert!(
        done.body
            .contains("Desde ahora tu cuenta usa ana.nueva@ejemplo.mx"),
        "{}",
        done.body
    );
    assert!(
        browser
            .get("/cuenta")
            .await
            .body
            .contains("<dd>ana.nueva@ejemplo.mx</dd>")
    );

    // What Ana wrote (a change waiting in the knowledge base's review queue).
    browser
        .get("/documentacion/base-de-conocimiento/nuevo")
        .await;
    let sent = browser
        .post(
            "/documentacion/base-de-conocimiento/nuevo",
            &[("title", "Truco de Ana"), ("body", "Reinicia el servicio.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let queue = staff.get("/documentacion/revision").await.body;
    assert!(
        queue.contains("Truco de Ana") && queue.contains("Ana María"),
        "{queue}"
    );

    // Deletion: confirmed twice, then nothing identifies the person.
    let unticked = browser
        .post(
            "/cuenta/eliminar",
            &[("current_password", "otra frase larga de ana")],
        )
        .await;
    assert!(unticked.body.contains("Marca la casilla para confirmar."));
    let deleted = browser
        .post(
            "/cuenta/eliminar",
            &[
                ("current_password", "otra frase larga de ana"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(deleted.location.as_deref(), Some("/cuenta/eliminada"));
    assert!(browser.cookie("soporte_session").is_none());
    let notice = browser.get("/cuenta/eliminada").await;
    assert!(
        notice.body.contains("Tu cuenta quedó eliminada."),
        "{}",
        notice.body
    );
    // Its forms work: the language switch carries the signed-out visitor's token.
    let switched = browser.post("/idioma", &[("lang", "en")]).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.body);
    let (email, name, deleted_at): (String, String, Option<i64>) =
        sqlx::query_as("SELECT email, display_name, deleted_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert!(!email.contains("ana") && name.is_empty() && deleted_at.is_some());
    // Staff's session stays; Ana's are gone.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 1);
    // What she wrote stays, by "usuario eliminado".
    let queue = staff.get("/documentacion/revision").await.body;
    assert!(
        queue.contains("Truco de Ana") && queue.contains("usuario eliminado"),
        "{queue}"
    );
    assert!(!queue.contains("Ana María"), "{queue}");
    let again = Browser::new(&app);
    again.get("/cuenta/entrar").await;
    let refused = again
        .post(
            "/cuenta/entrar",
            &[
                ("email", "ana.nueva@ejemplo.mx"),
                ("password", "otra frase larga de ana"),
            ],
        )
        .await;
    assert!(
        refused
            .body
            .contains("El correo o la contraseña no son correctos.")
    );
    // The address is free again.
    let fresh = sign_up(&Browser::new(&app), "ana.nueva@ejemplo.mx", "Ana").await;
    assert!(fresh.body.contains("Revisa tu correo"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'ana.nueva@ejemplo.mx'"
        )
        .await,
        1
    );
    app.stop().await;
}
both!(own_account_profile_password_email_and_deletion);

async fn password_step(browser: &Browser) -> crate::support::Answer {
    browser.get("/cuenta/entrar").await;
    browser
        .post(
            "/cuenta/entrar",
            &[("email", "eva@ejemplo.mx"), ("password", PASSWORD)],
        )
        .await
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn two_step_sign_in_with_an_authenticator_and_recovery_codes(backend: Backend) {
    use soporte_platform::accounts::{Role, totp};
    let mut app = TestServer::start(backend).await;
    person(&app, "eva@ejemplo.mx", "Eva", &[Role::Member]).await;
    let browser = signed_in(&app, "eva@ejemplo.mx").await;
    assert!(
        browser
            .get("/cuenta")
            .await
            .body
            .contains("Activar verificación en dos pasos")
    );
    let refused = browser
        .post("/cuenta/2fa", &[("current_password", "no es")])
        .await;
    assert_eq!(
        refused.location.as_deref(),
        Some("/cuenta?aviso=2fa-contrasena")
    );
    let started = browser
        .post("/cuenta/2fa", &[("current_password", PASSWORD)])
        .await;
    assert_eq!(started.location.as_deref(), Some("/cuenta/2fa"));
    let setup = browser.get("/cuenta/2fa").await.body;
    assert!(
        setup.contains(r#"src="data:image/svg+xml;base64,"#),
        "{setup}"
    );
    let start = setup.find(r#"<code class="secret">"#).unwrap() + r#"<code class="secret">"#.len();
    let secret: String = setup[start..start + setup[start..].find('<').unwrap()].replace(' ', "");
    assert_eq!(secret.len(), 32);

    let wrong = browser
        .post("/cuenta/2fa/activar", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Ese código no es válido."));
    let code = totp::code_at(&secret, unix_now()).unwrap();
    let enabled = browser
        .post("/cuenta/2fa/activar", &[("code", &code)])
        .await;
    assert!(
        enabled
            .body
            .contains("la verificación en dos pasos está activa"),
        "{}",
        enabled.body
    );
    // The database keeps the secret sealed, under a key kept in a file outside it
    // that only its owner may read.
    let stored: String =
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert!(
        stored.starts_with("sealed1.") && !stored.contains(&secret),
        "{stored}"
    );
    let keys = app.db.dir.join("secret-keys");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&keys).unwrap().permissions());
    assert_eq!(
        mode & 0o077,
        0,
        "the keys file is its owner's only: {mode:o}"
    );
    let recovery: Vec<String> = enabled
        .body
        .match_indices("<li><code>")
        .map(|(at, _)| enabled.body[at + 10..at + 21].to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);

    // Signing in now takes two steps; the password alone opens nothing.
    browser.post("/cuenta/salir", &[]).await;
    let first = password_step(&browser).await;
    assert_eq!(first.location.as_deref(), Some("/cuenta/entrar/codigo"));
    assert!(browser.cookie("soporte_session").is_none());
    assert_eq!(browser.get("/cuenta").await.status, StatusCode::SEE_OTHER);
    let page = browser.get("/cuenta/entrar/codigo").await;
    assert!(page.body.contains("Escribe tu código"));
    // The code used to turn it on does not work twice; the next one does. The code is
    // still within its time window before and after, so only the rule against using a
    // code twice can have refused it.
    let in_window = || {
        totp::accept(&secret, &code, unix_now(), None)
            .unwrap()
            .is_some()
    };
    assert!(
        in_window(),
        "the code's time window passed before the replay"
    );
    let replayed = browser
        .post("/cuenta/entrar/codigo", &[("code", &code)])
        .await;
    assert!(
        in_window(),
        "the code's time window passed during the replay"
    );
    assert_eq!(replayed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let next = totp::code_at(&secret, unix_now() + 30).unwrap();
    // The same code sent twice at once opens one session, not two.
    let fields = [("code", next.as_str())];
    let (a, b) = tokio::join!(
        browser.post("/cuenta/entrar/codigo", &fields),
        browser.post("/cuenta/entrar/codigo", &fields)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        "{} / {}",
        a.body,
        b.body
    );
    let second = if a.status == StatusCode::SEE_OTHER {
        a
    } else {
        b
    };
    assert_eq!(
        second.location.as_deref(),
        Some("/cuenta"),
        "{}",
        second.body
    );
    assert!(browser.cookie("soporte_session").is_some());
    assert!(browser.get("/cuenta").await.body.contains("Está activa"));

    // A recovery code works once.
    browser.post("/cuenta/salir", &[]).await;
    password_step(&browser).await;
    browser.get("/cuenta/entrar/codigo").await;
    let upper = recovery[0].to_uppercase();
    let recovered = browser
        .post("/cuenta/entrar/codigo", &[("code", &upper)])
        .await;
    assert_eq!(
        recovered.status,
        StatusCode::SEE_OTHER,
        "{}",
        recovered.body
    );
    browser.post("/cuenta/salir", &[]).await;
    password_step(&browser).await;
    browser.get("/cuenta/entrar/codigo").await;
    let reused = browser
        .post("/cuenta/entrar/codigo", &[("code", &recovery[0])])
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Without the pending cookie, or with a forged one, there is no second step.
    let stranger = Browser::new(&app);
    assert_eq!(
        stranger
            .get("/cuenta/entrar/codigo")
            .await
            .location
            .as_deref(),
        Some("/cuenta/entrar")
    );
    let forged = app
        .client
        .get(app.url("/cuenta/entrar/codigo"))
        .header(
            reqwest::header::COOKIE,
            "soporte_2fa=1.99999999999999..forged",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::SEE_OTHER);

    // Turning it off takes the password.
    let back = browser
        .post("/cuenta/entrar/codigo", &[("code", &recovery[1])])
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    browser.get("/cuenta").await;
    let off = browser
        .post("/cuenta/2fa/desactivar", &[("current_password", PASSWORD)])
        .await;
    assert_eq!(
        off.location.as_deref(),
        Some("/cuenta?aviso=2fa-desactivada")
    );
    browser.post("/cuenta/salir", &[]).await;
    let direct = password_step(&browser).await;
    assert_eq!(direct.location.as_deref(), Some("/cuenta"));
    app.stop().await;
}
both!(two_step_sign_in_with_an_authenticator_and_recovery_codes);

fn token_in(body: &str) -> String {
    let start = body
        .find(r#"<code class="token">"#)
        .expect("the new token is shown")
        + r#"<code class="token">"#.len();
    body[start..start + body[start..].find('<').unwrap()].to_owned()
}

async fn personal_api_tokens_are_scoped_shown_once_and_revocable(backend: Backend) {
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start(backend).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let browser = signed_in(&app, "ana@ejemplo.mx").await;
    browser.get("/cuenta").await;
    let created = browser
        .post(
            "/cuenta/tokens",
            &[("name", "Mi script"), ("scope", "read")],
        )
        .await;
    let read = token_in(&created.body);
    assert!(read.starts_with("sop_") && read.len() > 40, "{read}");
    // Pages that show secrets are kept by no cache.
    assert_eq!(created.headers["cache-control"], "no-store");
    assert_eq!(
        browser.get("/cuenta").await.headers["cache-control"],
        "no-store"
    );
    assert_eq!(
        browser.get("/documentacion").await.headers["cache-control"],
        "no-store"
    );
    assert!(
        !browser.get("/cuenta").await.body.contains(&read),
        "shown once"
    );
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert!(!stored.contains(&read[4..]), "only a hash is kept");

    let api = |method: reqwest::Method, token: Option<&str>| {
        let mut request = app.client.request(method, app.url("/api/v1/me"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
    };
    let me: serde_json::Value = api(reqwest::Method::GET, Some(&read))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ana@ejemplo.mx");
    assert_eq!(me["roles"], serde_json::json!(["member"]));
    // The scheme's name is case-insensitive (RFC 6750 via RFC 7235).
    let lowercase = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("bearer {read}"))
        .send()
        .await
        .unwrap();
    assert_eq!(lowercase.status(), StatusCode::OK);

    let anonymous = api(reqwest::Method::GET, None).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(
        anonymous.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let body: serde_json::Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["title"], "Se necesita autenticación");
    let forged = api(reqwest::Method::GET, Some("sop_forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // A read token cannot write; a write token can.
    let refused = api(reqwest::Method::PATCH, Some(&read))
        .json(&serde_json::json!({ "display_name": "Ana Robot" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        refused.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("insufficient_scope")
    );
    let created = browser
        .post(
            "/cuenta/tokens",
            &[("name", "Integración"), ("scope", "write")],
        )
        .await;
    let write = token_in(&created.body);
    let updated = api(reqwest::Method::PATCH, Some(&write))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .json(&serde_json::json!({ "display_name": "Ana Robot", "bio": "Hago scripts." }))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    let me: serde_json::Value = updated.json().await.unwrap();
    assert_eq!(
        (me["display_name"].as_str(), me["bio"].as_str()),
        (Some("Ana Robot"), Some("Hago scripts."))
    );
    let too_long = api(reqwest::Method::PATCH, Some(&write))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .json(&serde_json::json!({ "bio": "x".repeat(1001) }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = too_long.json().await.unwrap();
    assert_eq!(body["error"]["field"], "bio");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 1000")
    );
    let malformed = api(reqwest::Method::PATCH, Some(&write))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16() / 100, 4);
    assert!(malformed.json::<serde_json::Value>().await.unwrap()["error"]["message"].is_string());

    // The list shows both, with use; revoking ends the token at once.
    let page = browser.get("/cuenta").await.body;
    assert!(
        page.contains("<td>Mi script</td><td>Solo lectura</td>")
            && page.contains("<td>Integración</td><td>Lectura y escritura</td>")
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE name = 'Mi script'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    let revoked = browser
        .post(&format!("/cuenta/tokens/{id}/revocar"), &[])
        .await;
    assert_eq!(
        revoked.location.as_deref(),
        Some("/cuenta?aviso=token-revocado")
    );
    assert_eq!(
        api(reqwest::Method::GET, Some(&read))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api(reqwest::Method::GET, Some(&write))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    // Another person cannot revoke Ana's token.
    person(&app, "luis@ejemplo.mx", "Luis", &[Role::Member]).await;
    let luis = signed_in(&app, "luis@ejemplo.mx").await;
    let write_id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE name = 'Integración'")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    luis.post(&format!("/cuenta/tokens/{write_id}/revocar"), &[])
        .await;
    assert_eq!(
        api(reqwest::Method::GET, Some(&write))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    app.stop().await;
}
both!(personal_api_tokens_are_scoped_shown_once_and_revocable);

async fn signing_out_everywhere_ends_every_session(backend: Backend) {
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start(backend).await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let phone = signed_in(&app, "ana@ejemplo.mx").await;
    let laptop = signed_in(&app, "ana@ejemplo.mx").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 2);
    laptop.get("/cuenta").await;
    let out = laptop.post("/cuenta/salir-de-todo", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(phone.get("/cuenta").await.status, StatusCode::SEE_OTHER);
    app.stop().await;
}
both!(signing_out_everywhere_ends_every_session);

async fn cookies_are_secure_behind_https(backend: Backend) {
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start_with(
        backend,
        |s| {
            s.set(
                &soporte_platform::config::BASE_URL,
                "https://soporte.mxos.mx/",
            )
        },
        Parts::default(),
    )
    .await;
    person(&app, "ana@ejemplo.mx", "Ana", &[Role::Member]).await;
    let first = app.get("/").await;
    let csrf = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        csrf.contains("; Secure") && csrf.contains("HttpOnly") && csrf.contains("SameSite=Lax"),
        "{csrf}"
    );
    assert!(
        first.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let browser = Browser::new(&app);
    browser.get("/cuenta/entrar").await;
    let csrf_cookie = browser.cookie("__Host-soporte_csrf").unwrap();
    let signed_in = app
        .client
        .post(app.url("/cuenta/entrar"))
        .header(
            reqwest::header::COOKIE,
            format!("__Host-soporte_csrf={csrf_cookie}"),
        )
        .form(&[
            ("csrf", browser.csrf().as_str()),
            ("email", "ana@ejemplo.mx"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(
        session.starts_with("soporte_session=") && session.contains("; Secure"),
        "{session}"
    );
    let replaced: Vec<&str> = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    assert!(
        replaced
            .iter()
            .any(|cookie| cookie.starts_with("__Host-soporte_csrf=") && cookie.contains("; Secure")),
        "{replaced:?}"
    );
    app.stop().await;
}
both!(cookies_are_secure_behind_https);

async fn sign_up_is_limited_per_client_address(backend: Backend) {
    async fn attempt(app: &TestServer, n: usize, from: &str) -> StatusCode {
        let browser = Browser::new(app);
        browser.get("/cuenta/registro").await;
        let email = format!("persona{n}@ejemplo.mx");
        let response = app
            .client
            .post(app.url("/cuenta/registro"))
            .header(
                reqwest::header::COOKIE,
                format!("soporte_csrf={}", browser.cookie("soporte_csrf").unwrap()),
            )
            .header("x-forwarded-for", from)
            .form(&[
                ("csrf", browser.csrf().as_str()),
                ("email", &email),
                ("name", "Persona"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        response.status()
    }
    // Behind a proxy, each client has its own allowance.
    let mut app = TestServer::start_with(
        backend,
        |s| s.set(&soporte_platform::config::BEHIND_PROXY, "true"),
        Parts::default(),
    )
    .await;
    for n in 0..10 {
        assert_eq!(
            attempt(&app, n, "203.0.113.7").await,
            StatusCode::OK,
            "attempt {n}"
        );
    }
    assert_eq!(
        attempt(&app, 10, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(attempt(&app, 11, "198.51.100.4").await, StatusCode::OK);
    app.stop().await;

    // Without a proxy the header is the client's word, and changing it does not help.
    let mut app = TestServer::start(backend).await;
    for n in 0..10 {
        assert_eq!(
            attempt(&app, n, &format!("203.0.113.{n}")).await,
            StatusCode::OK
        );
    }
    assert_eq!(
        attempt(&app, 10, "198.51.100.4").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.stop().await;
}
both!(sign_up_is_limited_per_client_address);

/// Staff lists are read a page at a time, whatever their length.
async fn admin_lists_come_a_page_at_a_time(backend: Backend) {
    use soporte_platform::accounts::{NewUser, Role, insert_user};
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let mut tx = app.state().db.write().await.unwrap();
    for n in 0..60 {
        let (email, name) = (
            format!("persona{n:02}@ejemplo.mx").parse().unwrap(),
            format!("Persona {n:02}").parse().unwrap(),
        );
        let new = NewUser {
            email: &email,
            name: &name,
            password_hash: None,
            locale: soporte_platform::i18n::Locale::EsMx,
            confirmed: true,
            roles: &[Role::Member],
        };
        insert_user(&mut tx, &new, None).await.unwrap();
    }
    tx.commit().await.unwrap();
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    let rows = |page: &str| page.matches("<tr><td><a href=\"/admin/personas/").count();
    let first = staff.get("/admin/personas?q=persona").await.body;
    assert_eq!(rows(&first), 50);
    assert!(first.contains("Persona 00") && !first.contains("Persona 50"));
    assert!(
        first.contains(r#"rel="next" href="/admin/personas?q=persona&#38;pagina=2""#),
        "{first}"
    );
    let second = staff.get("/admin/personas?q=persona&pagina=2").await.body;
    assert_eq!(rows(&second), 10);
    assert!(second.contains("Persona 59") && !second.contains("Persona 49<"));
    assert!(!second.contains("rel=\"next\""));
    // A page past the end is empty, not an error; nonsense is the first page.
    assert_eq!(
        rows(&staff.get("/admin/personas?q=persona&pagina=9").await.body),
        0
    );
    assert_eq!(
        rows(&staff.get("/admin/personas?q=persona&pagina=x").await.body),
        50
    );
    app.stop().await;
}
both!(admin_lists_come_a_page_at_a_time);

/// Two staff taking each other's role at the same moment leave one of them staff.
async fn two_staff_removing_each_other_leave_one(backend: Backend) {
    use soporte_platform::accounts::Role;
    use soporte_platform::accounts::roles::{RoleError, change_roles};
    let mut app = TestServer::start(backend).await;
    let db = app.state().db.clone();
    for round in 0..5 {
        let a = person(&app, &format!("a{round}@mxos.mx"), "A", &[Role::Staff]).await;
        let b = person(&app, &format!("b{round}@mxos.mx"), "B", &[Role::Staff]).await;
        // Only these two are staff in this round.
        sqlx::query("DELETE FROM user_roles WHERE role = 'staff' AND user_id NOT IN ($1, $2)")
            .bind(a)
            .bind(b)
            .execute(db.pool())
            .await
            .unwrap();
        let (first, second) = tokio::join!(
            change_roles(&db, b, &[], &[Role::Staff], Some(a)),
            change_roles(&db, a, &[], &[Role::Staff], Some(b)),
        );
        let refused = [&first, &second]
            .iter()
            .filter(|result| matches!(result, Err(RoleError::LastStaff)))
            .count();
        assert_eq!(refused, 1, "round {round}: {first:?} / {second:?}");
        let staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'staff'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(staff, 1, "round {round}");
    }
    app.stop().await;
}
both!(two_staff_removing_each_other_leave_one);
