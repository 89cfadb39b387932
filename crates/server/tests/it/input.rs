//! Whatever text arrives, no form answers a server error: every form of the site, found
//! by reading its pages as staff and as a visitor, is sent arbitrary Unicode (NUL,
//! other controls, noncharacters, right-to-left overrides, long and astral text), and
//! the text kept is the same on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use soporte_platform::accounts::Role;

use crate::accounts::{person, signed_in};
use crate::both;
use crate::support::{Backend, Browser, TestServer};

/// A form as a page shows it.
#[derive(Debug)]
struct Form {
    action: String,
    post: bool,
    /// Field names, with the value the page gave (hidden fields, choices).
    fields: Vec<(String, String, bool)>,
}

/// The value of `name="…"`-style attribute `name` in the tag `tag`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&"))
}

/// The forms of a page: action, method and the fields a person could type into
/// (`true`) or that carry a value of the page (`false`).
fn forms(page: &str, at: &str) -> Vec<Form> {
    let mut found = Vec::new();
    for part in page.split("<form").skip(1) {
        let Some(end) = part.find("</form>") else {
            continue;
        };
        let body = &part[..end];
        let tag = &body[..body.find('>').unwrap_or(0)];
        let action = attribute(tag, "action").unwrap_or_else(|| at.to_owned());
        let post = attribute(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
        let mut fields = Vec::new();
        for (kind, piece) in [
            ("input", "<input"),
            ("textarea", "<textarea"),
            ("select", "<select"),
        ]
        .into_iter()
        .flat_map(|(kind, open)| body.split(open).skip(1).map(move |p| (kind, p)))
        {
            let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
            let Some(name) = attribute(tag, "name") else {
                continue;
            };
            if name == "csrf" {
                continue;
            }
            let typed = match kind {
                "textarea" => true,
                "select" => false,
                _ => matches!(
                    attribute(tag, "type").as_deref().unwrap_or("text"),
                    "text" | "search" | "email" | "password" | "url" | "tel" | "number"
                ),
            };
            let value = attribute(tag, "value").unwrap_or_default();
            fields.push((name, value, typed));
        }
        found.push(Form {
            action,
            post,
            fields,
        });
    }
    found
}

/// A small generator with a fixed seed, so a failure can be run again as it was.
struct Texts(u64);

impl Texts {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Arbitrary text: mostly characters no text should hold, some that are fine.
    fn text(&mut self) -> String {
        const NASTY: [char; 14] = [
            '\0',
            '\u{1}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{fdd0}',
            '\u{1fffe}',
            '\u{202e}',
            '\u{200b}',
            '\u{feff}',
            '\u{d7ff}',
            '\u{10ffff}',
        ];
        let length = (self.next() % 40) as usize
            + if self.next().is_multiple_of(8) {
                3000
            } else {
                0
            };
        (0..length)
            .map(|_| match self.next() % 4 {
                0 => NASTY[(self.next() % NASTY.len() as u64) as usize],
                1 => char::from_u32((self.next() % 0x11_0000) as u32).unwrap_or('?'),
                2 => ['a', 'ñ', ' ', '\n', '<', '&', '"', '%', '😀'][(self.next() % 9) as usize],
                _ => char::from(b'a' + (self.next() % 26) as u8),
            })
            .collect()
    }
}

/// Sends every form of `pages` (read by `browser`) `rounds` times with arbitrary text
/// in each field a person types into; returns how many were sent.
async fn fill_every_form(
    browser: &Browser,
    pages: &[String],
    texts: &mut Texts,
    rounds: usize,
) -> usize {
    let mut sent = 0;
    for page_path in pages {
        let page = browser.get(page_path).await;
        assert!(page.status.as_u16() < 500, "{page_path}: {}", page.status);
        for form in forms(&page.body, page_path) {
            // Leaving, or ending the account, would end the crawl.
            if [
                "/cuenta/salir",
                "/cuenta/eliminar",
                "/cuenta/2fa/desactivar",
            ]
            .iter()
            .any(|path| form.action.starts_with(path))
            {
                continue;
            }
            for round in 0..rounds {
                let values: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .map(|(name, value, typed)| {
                        let text = if round == 0 {
                            // The probe's finding first: NUL and noncharacters in words.
                            "Wi\0Fi \u{fffe}en\u{ffff} casa".to_owned()
                        } else if *typed || texts.next().is_multiple_of(4) {
                            texts.text()
                        } else {
                            value.clone()
                        };
                        (name.clone(), text)
                    })
                    .collect();
                let fields: Vec<(&str, &str)> = values
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect();
                let answer = if form.post {
                    // Read the page again: some forms end with a fresh token.
                    browser.get(page_path).await;
                    browser.post(&form.action, &fields).await
                } else {
                    let query = url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(&fields)
                        .finish();
                    browser.get(&format!("{}?{query}", form.action)).await
                };
                assert!(
                    answer.status.as_u16() < 500 && !answer.body.contains("Algo salió mal"),
                    "{} {} with {values:?}: {}\n{}",
                    if form.post { "POST" } else { "GET" },
                    form.action,
                    answer.status,
                    answer.body
                );
                // A redirect names a valid address (percent-encoded, so ASCII).
                if let Some(location) = &answer.location {
                    assert!(
                        location.is_ascii(),
                        "{}: Location {location:?}",
                        form.action
                    );
                }
                sent += 1;
            }
        }
    }
    sent
}

async fn no_form_answers_a_server_error_whatever_text_it_gets(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let staff_id = person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff.get("/documentacion/guia-de-usuario/nuevo").await;
    let created = staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[("title", "Red en casa"), ("body", "Conecta el cable.")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let article = created.location.unwrap();

    let mut texts = Texts(2026);
    let staff_pages: Vec<String> = [
        "/",
        "/buscar?q=red",
        "/cuenta",
        "/cuenta/2fa",
        "/admin/personas",
        &format!("/admin/personas/{staff_id}"),
        "/admin/auditoria",
        "/admin/sinonimos",
        "/documentacion",
        "/documentacion/guia-de-usuario",
        "/documentacion/guia-de-usuario/nuevo",
        &format!("{article}/editar"),
        &format!("{article}/historial"),
        &article,
        "/documentacion/revision",
        "/documentacion/utilidad",
    ]
    .iter()
    .map(|path| path.to_string())
    .collect();
    let sent = fill_every_form(&staff, &staff_pages, &mut texts, 6).await;
    let visitor_pages: Vec<String> = [
        "/cuenta/registro",
        "/cuenta/entrar",
        "/cuenta/olvide",
        "/buscar",
        &article,
    ]
    .iter()
    .map(|path| path.to_string())
    .collect();
    let visitor = Browser::new(&app);
    let sent = sent + fill_every_form(&visitor, &visitor_pages, &mut texts, 4).await;
    assert!(sent > 150, "only {sent} forms were sent");

    // What was kept holds none of those characters, the same on both backends.
    staff.get(&format!("{article}/editar")).await;
    let saved = staff
        .post(
            &format!("{article}/editar"),
            &[
                ("title", "Red\0 en\u{fffe} casa\u{ffff}"),
                ("body", "Conecta\0 el cable.\u{1}"),
                ("summary", "\0"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = staff.get(&article).await;
    assert!(page.body.contains("<h1>Red en casa</h1>"), "{}", page.body);
    // The same characters sent raw, without escapes, as a client may: cleaned alike.
    staff.get(&format!("{article}/editar")).await;
    let raw = format!(
        "csrf={}&title=Red\0 en casa{} 2&body=Conecta\0 el cable.",
        staff.csrf(),
        '\u{ffff}'
    );
    let saved = staff.post_body(&format!("{article}/editar"), raw).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let title: String =
        sqlx::query_scalar("SELECT title FROM doc_revisions ORDER BY id DESC LIMIT 1")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(title, "Red en casa 2");
    let feed = Browser::new(&app).get("/documentacion/atom.xml").await;
    assert!(!feed.body.contains('\0') && !feed.body.contains('\u{fffe}'));
    app.stop().await;
}
both!(no_form_answers_a_server_error_whatever_text_it_gets);
