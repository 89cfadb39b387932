//! The one search box, as readers use it, and its rebuild from the command line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use soporte_platform::accounts::Role;
use soporte_platform::config::{Config, Settings};
use soporte_platform::i18n::Locale;
use soporte_search::Query;

use crate::accounts::{person, signed_in, signed_in_speaking};
use crate::both;
use crate::support::{Backend, Browser, TestServer, eventually};

const PRINTER: &str = "Si la impresora no imprime nada, revisa la cola de impresión.\n\n\
                       ## Cable\n\nConecta el cable USB.";

/// How a result page links to `path`: through `/buscar/abrir`, which notes the opening.
fn result_link(path: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    format!("&#38;a={encoded}\"")
}

/// Waits until searching `query` shows (or no longer shows) `text`.
async fn until(reader: &Browser, query: &str, text: &str, shown: bool) -> String {
    eventually(Duration::from_secs(10), text, || async {
        let page = reader.get(&format!("/buscar?q={query}")).await.body;
        (page.contains(text) == shown).then_some(page)
    })
    .await
}

async fn readers_find_articles_the_way_they_type(backend: Backend) {
    let app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    for (collection, title, body) in [
        ("guia-de-usuario", "Configuración de la impresora", PRINTER),
        (
            "base-de-conocimiento",
            "Audífonos sin sonido",
            "Sube el volumen.",
        ),
    ] {
        let created = staff
            .post(
                &format!("/documentacion/{collection}/nuevo"),
                &[("title", title), ("body", body)],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    }
    let english = signed_in_speaking(&app, "equipo@mxos.mx", "en").await;
    english
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Printer setup"),
                ("body", "Open the printing settings."),
            ],
        )
        .await;

    let reader = Browser::new(&app);
    let link =
        &result_link("/documentacion/guia-de-usuario/configuracion-de-la-impresora?idioma=es");
    // No accents, no capitals, the way people type.
    let page = until(&reader, "configuracion+impresora", link, true).await;
    assert!(
        page.contains("1 resultado para «configuracion impresora»"),
        "{page}"
    );
    assert!(page.contains("<mark>impresora</mark>"), "{page}");
    // The Spanish article comes before the English one for a Spanish reader.
    let english_link = &result_link("/documentacion/guia-de-usuario/printer-setup?idioma=en");
    let page = until(&reader, "impresora+printer", english_link, true).await;
    assert!(page.find(link).unwrap() < page.find(english_link).unwrap());
    assert!(page.contains("en inglés"), "{page}");
    // A typo, a plural.
    let page = until(&reader, "imprezora", link, true).await;
    assert!(
        page.contains(
            "¿Quisiste decir <a href=\"/buscar?q=impresora&#38;pagina=1\">impresora</a>?"
        ),
        "{page}"
    );
    assert!(
        !reader
            .get("/buscar?q=impresora")
            .await
            .body
            .contains("Quisiste decir")
    );
    // The correction is written as the article writes it, accent and all.
    let page = until(&reader, "configurasion+para+la+imprezora", link, true).await;
    assert!(
        page.contains(">configuración para la impresora</a>?"),
        "{page}"
    );
    until(&reader, "impresoras", link, true).await;

    // Filters.
    let filtered = reader
        .get("/buscar?q=impresora&coleccion=base-de-conocimiento")
        .await
        .body;
    assert!(
        filtered.contains("No encontramos nada para «impresora»"),
        "{filtered}"
    );
    assert!(filtered.contains("<option value=\"base-de-conocimiento\" selected>"));
    let spanish_only = reader.get("/buscar?q=printer&idioma=es").await.body;
    assert!(!spanish_only.contains(english_link), "{spanish_only}");
    let english_reader = Browser::speaking(&app, "en");
    let page = english_reader.get("/buscar?q=printer").await.body;
    assert!(page.contains("1 result for “printer”"), "{page}");
    assert!(!page.contains("in English"), "{page}");

    // An edit is searchable as it is now.
    staff
        .post(
            "/documentacion/guia-de-usuario/configuracion-de-la-impresora/editar",
            &[
                ("title", "Configuración del escáner"),
                ("body", "El escáner no escanea."),
            ],
        )
        .await;
    until(&reader, "escaner", "Configuración del escáner", true).await;
    until(&reader, "cola+de+impresion", link, false).await;
}
both!(readers_find_articles_the_way_they_type);

async fn bad_input_gets_a_clear_answer(backend: Backend) {
    let app = TestServer::start(backend).await;
    let reader = Browser::new(&app);
    let long = "impresora%20".repeat(1_000);
    for (query, expected) in [
        ("", "¿Qué necesitas resolver?"),
        ("q=", "¿Qué necesitas resolver?"),
        ("q=%22*%3A(", "Escribe una o más palabras"),
        // Control characters are no text: what is left is an empty search.
        ("q=%00%1B%07", "¿Qué necesitas resolver?"),
        ("q=de+la+y+el", "No encontramos nada para «de la y el»"),
        (
            "q=wifi&pagina=abc&idioma=xx&coleccion=%3Cb%3E",
            "No encontramos nada para «wifi»",
        ),
        ("q=wifi&pagina=99999", "No encontramos nada"),
        (&format!("q={long}"), "usamos sus primeros 200 caracteres"),
        (
            "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "«&#60;script&#62;alert(1)&#60;/script&#62;»",
        ),
    ] {
        let page = reader.get(&format!("/buscar?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert!(page.body.contains(expected), "{query}: {}", page.body);
    }
    let broken = reader.get("/buscar?q=%FF%FE").await;
    assert!(broken.status == StatusCode::OK, "{}", broken.status);
}
both!(bad_input_gets_a_clear_answer);

async fn reindex_rebuilds_the_index_from_the_database(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    for n in 0..3 {
        staff
            .post(
                "/documentacion/manuales-tecnicos/nuevo",
                &[
                    ("title", &format!("Núcleo {n}")),
                    ("body", "El planificador del núcleo."),
                ],
            )
            .await;
    }
    app.stop().await;
    let data_dir = app.db.dir.clone();
    std::fs::remove_dir_all(data_dir.join("search")).unwrap();

    let output = crate::cli::soporte()
        .env("SOPORTE_DATABASE_URL", app.db.url_text())
        .env("SOPORTE_DATA_DIR", &data_dir)
        .args(["search", "reindex"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("Índice de búsqueda reconstruido: 3 documentos."),
        "{stdout}"
    );
    assert!(
        stderr.contains("Reindexando la búsqueda: 100 % (3/3)"),
        "{stderr}"
    );

    // The area's own setting puts the index elsewhere, as a flag or in the TOML file.
    let elsewhere = data_dir.join("indice");
    let file = data_dir.join("soporte.toml");
    std::fs::write(
        &file,
        format!("[search]\ndir = {:?}\n", elsewhere.display().to_string()),
    )
    .unwrap();
    let moved = crate::cli::soporte()
        .env("SOPORTE_DATABASE_URL", app.db.url_text())
        .args(["--config", &file.display().to_string(), "search", "reindex"])
        .output()
        .unwrap();
    assert!(moved.status.success(), "{moved:?}");
    assert!(elsewhere.join("meta.json").exists());
    std::fs::write(&file, "[search]\ndirectorio = \"x\"\n").unwrap();
    let refused = crate::cli::soporte()
        .args(["--config", &file.display().to_string(), "search", "reindex"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("tiene una clave que no es un ajuste: [search] directorio"),
        "{said}"
    );

    let mut settings = Settings::default();
    settings.set(&soporte_platform::config::DATABASE_URL, app.db.url_text());
    settings.set(
        &soporte_platform::config::DATA_DIR,
        data_dir.display().to_string(),
    );
    let config = Config::from_settings(settings).unwrap();
    let search = soporte_search::open(&config, &soporte::site().sources()).unwrap();
    assert_eq!(search.len(), 3);
    let found = search
        .search(Query::new("planificador nucleo"), Locale::EsMx)
        .await
        .unwrap();
    assert_eq!(found.total, 3);
    assert!(
        found.hits[0]
            .path
            .starts_with("/documentacion/manuales-tecnicos/nucleo-")
    );
    assert!(found.hits[0].path.ends_with("?idioma=es"));
}
both!(reindex_rebuilds_the_index_from_the_database);

async fn staff_synonyms_apply_to_the_next_query(backend: Backend) {
    let app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    person(&app, "luz@ejemplo.mx", "Luz", &[Role::Member]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    for (title, body) in [
        (
            "Cargar tu teléfono móvil",
            "Conecta el cargador a la corriente.",
        ),
        ("Buscar trabajo", "Bolsa de trabajo de la comunidad."),
    ] {
        staff
            .post(
                "/documentacion/base-de-conocimiento/nuevo",
                &[("title", title), ("body", body)],
            )
            .await;
    }
    let reader = Browser::new(&app);
    // The curated list ships with Soporte: `celular` finds "teléfono móvil".
    let phone = "cargar-tu-telefono-movil";
    let page = until(&reader, "celular", phone, true).await;
    assert!(page.contains("Cargar tu teléfono móvil</a>"), "{page}");
    // Both articles indexed (the index follows the event log on its own time), so
    // that what `chamba` finds below depends on the synonyms alone.
    until(&reader, "trabajo", "buscar-trabajo", true).await;
    assert!(
        reader
            .get("/buscar?q=chamba")
            .await
            .body
            .contains("No encontramos nada")
    );

    // Staff add a group; the very next search uses it, without reindexing.
    let form = staff.get("/admin/sinonimos").await.body;
    assert!(
        form.contains("celular, teléfono celular, teléfono móvil"),
        "{form}"
    );
    let spanish = form
        .split("name=\"spanish\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</textarea>"))
        .map(|(text, _)| text.replace("&#32;", " "))
        .unwrap();
    let refused = staff
        .post(
            "/admin/sinonimos",
            &[("spanish", &format!("{spanish}\nchamba")), ("english", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Español de México, renglón"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("No se guardó nada."));
    assert!(
        refused.body.contains("\nchamba</textarea>"),
        "the text is kept"
    );
    let saved = staff
        .post(
            "/admin/sinonimos",
            &[
                ("spanish", "chamba, trabajo, empleo\ntrabajar, laborar"),
                ("english", "job, work"),
            ],
        )
        .await;
    assert_eq!(
        saved.location.as_deref(),
        Some("/admin/sinonimos?guardado=1")
    );
    // Two groups that search cannot tell apart are pointed out.
    let after = staff.get("/admin/sinonimos?guardado=1").await.body;
    assert!(after.contains("Sinónimos guardados"), "{after}");
    assert!(
        after.contains("Español de México: «trabajo» y «trabajar»"),
        "{after}"
    );
    staff
        .post("/idioma", &[("lang", "en"), ("next", "/admin/sinonimos")])
        .await;
    let in_english = staff.get("/admin/sinonimos").await.body;
    assert!(
        in_english.contains("Mexican Spanish: “trabajo” and “trabajar”"),
        "{in_english}"
    );
    staff
        .post("/idioma", &[("lang", "es"), ("next", "/admin/sinonimos")])
        .await;
    let page = reader.get("/buscar?q=chamba").await.body;
    assert!(page.contains("buscar-trabajo"), "{page}");
    assert!(!reader.get("/buscar?q=celular").await.body.contains(phone));

    // Only staff.
    let member = signed_in(&app, "luz@ejemplo.mx").await;
    assert_eq!(
        member.get("/admin/sinonimos").await.status,
        StatusCode::FORBIDDEN
    );
    let visitor = reader.get("/admin/sinonimos").await;
    assert!(
        visitor
            .location
            .as_deref()
            .is_some_and(|to| to.starts_with("/cuenta/entrar"))
    );
}
both!(staff_synonyms_apply_to_the_next_query);

async fn staff_see_what_people_search_for(backend: Backend) {
    let app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Instalar una impresora"),
                ("body", "Conecta el cable."),
            ],
        )
        .await;
    let reader = Browser::new(&app);
    let path = "/documentacion/guia-de-usuario/instalar-una-impresora?idioma=es";
    // Wait for the index (these searches are logged too, in their own words).
    until(&reader, "impresora", &result_link(path), true).await;
    // Opening a result goes to the article, and counts.
    let page = reader.get("/buscar?q=instalar").await.body;
    let href = page
        .split("<h2><a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&#38;", "&");
    assert!(href.starts_with("/buscar/abrir?b="), "{href}");
    let opened = reader.get(&href).await;
    assert_eq!(opened.location.as_deref(), Some(path));
    // A made-up opening (the link without the site's signature, or with another
    // result's) still leads to the page, but counts for nothing.
    let clicks = || async {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_clicks")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
        count
    };
    let counted = clicks().await;
    let unsigned = href
        .split('&')
        .filter(|part| !part.starts_with("f="))
        .collect::<Vec<_>>()
        .join("&");
    let other = href.replace("instalar-una-impresora", "otra-pagina");
    // The genuine link followed again counts once too.
    for forged in [unsigned, other, href.clone(), href.clone()] {
        let answer = reader.get(&forged).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{forged}");
    }
    assert_eq!(
        clicks().await,
        counted,
        "forged and repeated openings are not counted"
    );
    assert_eq!(counted, 1);
    for query in [
        "Instalar",
        "INSTALAR",
        "escaner+roto",
        "escáner+roto",
        "escaner+roto",
        "cable",
    ] {
        reader.get(&format!("/buscar?q={query}")).await;
    }
    // Another site's address is never followed.
    for bad in [
        "a=%2F%2Fevil.example",
        "a=https%3A%2F%2Fevil.example",
        "b=1",
        "",
    ] {
        let refused = reader.get(&format!("/buscar/abrir?{bad}")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
    }

    let report = staff.get("/admin/busquedas").await.body;
    let section = |id: &str| {
        report
            .split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap()
            .to_owned()
    };
    let frequent = section("search-report-frequent");
    assert!(frequent.contains("roto</a></td><td>3</td>"), "{frequent}");
    assert!(
        frequent.contains("nstalar</a></td><td>3</td>"),
        "{frequent}"
    );
    let empty = section("search-report-empty");
    assert!(empty.contains("roto</a></td><td>3</td>"), "{empty}");
    assert!(!empty.contains("nstalar"), "{empty}");
    let unopened = section("search-report-unopened");
    assert!(unopened.contains("cable</a></td><td>1</td>"), "{unopened}");
    assert!(
        unopened.contains("nstalar</a></td><td>2</td>"),
        "one of three was opened: {unopened}"
    );
    assert!(report.contains("Solo se guarda el texto buscado y la hora"));
    let old = staff.get("/admin/busquedas?semana=2020-01-01").await.body;
    assert!(old.contains("Semana del 2019-12-30"), "{old}");
    assert!(old.contains("Ninguna esta semana."));
    // A visitor is sent to sign in; a signed-in member is refused.
    let visitor = Browser::new(&app).get("/admin/busquedas").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.location.unwrap().starts_with("/cuenta/entrar"));
    person(&app, "luz@ejemplo.mx", "Luz", &[Role::Member]).await;
    let member = signed_in(&app, "luz@ejemplo.mx").await;
    let refused = member.get("/admin/busquedas").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("Solo se guarda el texto buscado"));
}
both!(staff_see_what_people_search_for);

async fn article_keywords_are_found_first(backend: Backend) {
    let app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "El sonido"),
                ("body", "Sube el volumen de las bocinas."),
            ],
        )
        .await;
    staff
        .post(
            "/documentacion/guia-de-usuario/nuevo",
            &[
                ("title", "Grabar tu voz"),
                ("body", "Usa la grabadora."),
                ("keywords", " micrófono ,, sonido ,grabación "),
            ],
        )
        .await;
    let edit = staff
        .get("/documentacion/guia-de-usuario/grabar-tu-voz/editar")
        .await
        .body;
    assert!(
        edit.contains(r#"value="micrófono, sonido, grabación""#),
        "{edit}"
    );
    let reader = Browser::new(&app);
    let page = until(&reader, "microfono", "grabar-tu-voz", true).await;
    assert!(page.contains("Grabar tu voz</a>"), "{page}");
    // A keyword outweighs the same word in another article's title.
    let page = until(&reader, "sonido", "el-sonido", true).await;
    let keyworded = page.find("grabar-tu-voz").unwrap();
    assert!(keyworded < page.find("el-sonido").unwrap(), "{page}");
}
both!(article_keywords_are_found_first);

/// Results of equal score keep one order however the index is written to: page 2
/// never repeats a result of page 1 nor leaves one out, right after each write.
async fn equal_scores_keep_their_order_across_pages(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    person(&app, "equipo@mxos.mx", "Equipo", &[Role::Staff]).await;
    let staff = signed_in(&app, "equipo@mxos.mx").await;
    const BASE: &str = "/documentacion/base-de-conocimiento";
    let names: Vec<String> = ('a'..='m')
        .map(|letter| format!("Consejo {letter}{letter}"))
        .collect();
    for name in &names {
        staff.get(&format!("{BASE}/nuevo")).await;
        let sent = staff
            .post(
                &format!("{BASE}/nuevo"),
                &[("title", name), ("body", "Usa el portapapeles.")],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let reader = Browser::new(&app);
    let titles = |page: &str| -> Vec<String> {
        page.split("<h2><a href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('>').nth(1))
            .filter_map(|rest| rest.split('<').next())
            .map(str::to_owned)
            .collect()
    };
    for round in 0..6 {
        if round > 0 {
            // A write: the same words again, so every score stays equal.
            let slug = format!("consejo-{0}{0}", char::from(b'a' + round));
            let edit = format!("{BASE}/{slug}/editar");
            staff.get(&edit).await;
            let body = format!("Usa el portapapeles.{}", "\n".repeat(usize::from(round)));
            let saved = staff
                .post(
                    &edit,
                    &[("title", &names[usize::from(round)]), ("body", &body)],
                )
                .await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        }
        let query = "/buscar?q=portapapeles&coleccion=base-de-conocimiento";
        let pages = || async {
            let first = titles(&reader.get(query).await.body);
            let second = titles(&reader.get(&format!("{query}&pagina=2")).await.body);
            (first, second)
        };
        if round == 0 {
            eventually(Duration::from_secs(10), "all thirteen indexed", || async {
                let (first, second) = pages().await;
                (first.len() + second.len() == names.len()).then_some(())
            })
            .await;
        }
        // Right after the write, while the index takes it in and merges: every read
        // shows each result once, on one page.
        for read in 0..5 {
            let (first, second) = pages().await;
            assert_eq!(
                (first.len(), second.len()),
                (10, 3),
                "round {round}.{read}: {first:?} {second:?}"
            );
            let mut all: Vec<String> = first.iter().chain(&second).cloned().collect();
            all.sort();
            assert_eq!(all, names, "round {round}.{read}: {first:?} {second:?}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }
    app.stop().await;
}
both!(equal_scores_keep_their_order_across_pages);
