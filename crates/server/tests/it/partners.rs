//! The partner directory: a buyer's filters, each combination at its own address, the
//! order of the results, and a partner's public profile with its coverage map.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use soporte_partners::catalog::{Hours, Level, Sector, Service};
use soporte_partners::profile::{Contact, NewPartner, Offers, Office, Status, YEAR_MS};
use soporte_partners::rfc::check_digit;
use soporte_partners::{PartnerId, store};
use soporte_platform::accounts::profile::Languages;
use soporte_platform::storage::now_ms;

use crate::both;
use crate::support::{Backend, Browser, TestServer};

const DAY: i64 = 24 * 60 * 60 * 1000;

/// A partner with its head office in `city`, `state`; the rest as the caller sets it.
fn application(name: &str, rfc: &str, (state, city): (&str, &str)) -> NewPartner {
    let digit = check_digit(rfc).unwrap();
    NewPartner {
        name: name.to_owned(),
        legal_name: format!("{name}, S.A. de C.V."),
        rfc: format!("{rfc}{digit}").parse().unwrap(),
        description: format!("**{name}** da soporte a MxOS."),
        head_office: Office {
            state: state.parse().unwrap(),
            city: city.to_owned(),
        },
        address: format!("Calle 1, {city}"),
        nationwide: false,
        hours: Hours::Business,
        contact: Contact {
            web: "https://ejemplo.mx".to_owned(),
            phone: "+52 999 123 4567".to_owned(),
            whatsapp: "+52 999 765 4321".to_owned(),
            email: "hola@ejemplo.mx".to_owned(),
        },
        offers: Offers {
            languages: Languages::parse(["es"]).unwrap(),
            ..Offers::default()
        },
        offices: Vec::new(),
    }
}

/// Adds `partner` as the foundation would leave it: verified until `until` (listed),
/// or waiting for review.
async fn listed(app: &TestServer, partner: &NewPartner, until: Option<i64>) -> PartnerId {
    let db = &app.state().db;
    let now = now_ms();
    let (id, _) = store::create(db, partner, Status::Pending, None, now)
        .await
        .unwrap();
    if let Some(until) = until {
        store::approve(db, id, until, None, now).await.unwrap();
    }
    id
}

/// The partners' names a directory page lists, in order.
fn names(page: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<h2><a href=\"/socios/") {
        rest = &rest[start..];
        let name_start = rest.find("\">").unwrap() + 2;
        let name_end = rest.find("</a>").unwrap();
        names.push(rest[name_start..name_end].replace("&#x27;", "'"));
        rest = &rest[name_end..];
    }
    names
}

async fn directory(browser: &Browser, query: &str) -> Vec<String> {
    let page = browser.get(&format!("/socios?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.body);
    names(&page.body)
}

async fn a_buyer_filters_the_directory_and_every_filter_has_its_address(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let now = now_ms();
    let year = Some(now + YEAR_MS);

    let mut merida = application("Península Digital", "PDS180715M4", ("YUC", "Mérida"));
    merida.hours = Hours::Always;
    merida.offers.services = vec![Service::Administration, Service::Migration, Service::OnSite];
    merida.offers.sectors = vec![Sector::Government, Sector::Health];
    merida.offers.levels = vec![Level::OneHour];
    merida.offers.languages = Languages::parse(["es", "yua"]).unwrap();
    merida.offers.states = vec!["CAM".parse().unwrap()];
    let merida = listed(&app, &merida, year).await;

    let mut valladolid = application("Código Maya", "CMA200110T7", ("YUC", "Valladolid"));
    valladolid.offers.services = vec![Service::Training];
    valladolid.offers.sectors = vec![Sector::CivilSociety];
    listed(&app, &valladolid, year).await;

    // Covers Yucatán from Cancún, around the clock, but its verification ran out.
    let mut cancun = application("Ávila Redes", "ARE150301K2", ("ROO", "Cancún"));
    cancun.hours = Hours::Always;
    cancun.offers.services = vec![Service::Administration, Service::Migration];
    cancun.offers.states = vec!["YUC".parse().unwrap()];
    listed(&app, &cancun, Some(now - 30 * DAY)).await;

    // Remote support across the country, 24/7.
    let mut capital = application("Capital Libre", "CLT100505P9", ("CMX", "Ciudad de México"));
    capital.nationwide = true;
    capital.hours = Hours::Always;
    capital.offers.services = vec![Service::Administration];
    capital.offers.levels = vec![Level::OneHour];
    listed(&app, &capital, year).await;

    let mut monterrey = application("Regio Infraestructura", "RIA140228C5", ("NLE", "Monterrey"));
    monterrey.hours = Hours::Always;
    monterrey.offices = vec![Office {
        state: "YUC".parse().unwrap(),
        city: "Mérida".to_owned(),
    }];
    listed(&app, &monterrey, year).await;

    // Waiting for the foundation: nowhere in the directory.
    let pending = application("Golfo Redes", "GRS160412E6", ("YUC", "Progreso"));
    listed(&app, &pending, None).await;

    let browser = Browser::new(&app);
    let all = browser.get("/socios").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(
        all.body.contains("5 socios cumplen con estos filtros."),
        "{}",
        all.body
    );
    assert!(!all.body.contains("Golfo Redes"));
    // By relevance: verified first; then certified people and the name (accents folded).
    assert_eq!(
        names(&all.body),
        [
            "Capital Libre",
            "Código Maya",
            "Península Digital",
            "Regio Infraestructura",
            "Ávila Redes"
        ]
    );
    assert!(all.body.contains("Verificación vencida el "));

    // Yucatán: offices there (head office first in relevance), coverage, the whole country.
    assert_eq!(
        directory(&browser, "estado=YUC").await,
        [
            "Código Maya",
            "Península Digital",
            "Capital Libre",
            "Regio Infraestructura",
            "Ávila Redes"
        ]
    );
    assert_eq!(
        directory(&browser, "estado=YUC&horario=24x7").await,
        [
            "Península Digital",
            "Capital Libre",
            "Regio Infraestructura",
            "Ávila Redes"
        ]
    );
    assert_eq!(
        directory(&browser, "estado=YUC&horario=24x7&verificado=si").await,
        [
            "Península Digital",
            "Capital Libre",
            "Regio Infraestructura"
        ]
    );
    // A city: offices in it, whichever is the head office.
    assert_eq!(
        directory(&browser, "estado=YUC&ciudad=merida").await,
        ["Península Digital", "Regio Infraestructura"]
    );
    assert_eq!(
        directory(&browser, "estado=YUC&ciudad=M%C3%A9rida&orden=nombre").await,
        ["Península Digital", "Regio Infraestructura"]
    );
    // Every service asked for.
    assert_eq!(
        directory(&browser, "servicio=administracion&servicio=migracion").await,
        ["Península Digital", "Ávila Redes"]
    );
    assert_eq!(
        directory(&browser, "estado=remoto").await,
        ["Capital Libre"]
    );
    assert_eq!(
        directory(&browser, "sector=salud").await,
        ["Península Digital"]
    );
    assert_eq!(
        directory(&browser, "nivel=1h&orden=nombre").await,
        ["Capital Libre", "Península Digital"]
    );
    assert_eq!(
        directory(&browser, "idioma=yua").await,
        ["Península Digital"]
    );
    // Nobody has an office in Campeche: verified, then by name.
    assert_eq!(
        directory(&browser, "estado=CAM").await,
        ["Capital Libre", "Península Digital"]
    );
    assert!(
        directory(&browser, "estado=SON&servicio=capacitacion")
            .await
            .is_empty()
    );

    // Certified people: counted, filtered by and sorted by.
    store::set_certified(&app.state().db, merida, 3)
        .await
        .unwrap();
    assert_eq!(
        directory(&browser, "certificadas=1").await,
        ["Península Digital"]
    );
    assert!(directory(&browser, "certificadas=5").await.is_empty());
    assert_eq!(
        directory(&browser, "orden=certificadas").await[0],
        "Península Digital"
    );
    let yucatan = browser
        .get("/socios?estado=YUC&horario=24x7&certificadas=1")
        .await;
    assert_eq!(names(&yucatan.body), ["Península Digital"]);
    assert!(yucatan.body.contains("3 personas certificadas"));
    // The form shows the filters of its address, and the cities of the state asked for.
    assert!(
        yucatan
            .body
            .contains(r#"<option value="YUC" selected>Yucatán</option>"#)
    );
    assert!(
        yucatan
            .body
            .contains(r#"<option value="24x7" selected>24/7</option>"#)
    );
    assert!(
        yucatan
            .body
            .contains(r#"<option value="Mérida">Mérida</option>"#)
    );
    assert!(
        yucatan
            .body
            .contains(r#"<option value="Valladolid">Valladolid</option>"#)
    );
    assert!(
        !yucatan.body.contains("Progreso"),
        "a pending partner's city is not offered"
    );

    // What the lists do not know is no filter, never an error.
    assert_eq!(
        directory(
            &browser,
            "estado=XX&servicio=magia&horario=8x5&certificadas=2&orden=azar&pagina=-3"
        )
        .await
        .len(),
        5
    );

    // In English.
    let english = Browser::speaking(&app, "en");
    let page = english.get("/socios?estado=YUC&horario=24x7").await;
    assert!(
        page.body.contains("4 partners match these filters."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Verification expired on "));
    app.stop().await;
}
both!(a_buyer_filters_the_directory_and_every_filter_has_its_address);

async fn results_come_a_page_at_a_time_with_the_filters_kept(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let until = Some(now_ms() + YEAR_MS);
    for n in 0..23 {
        let name = format!("Socio {n:02}");
        let mut partner = application(
            &name,
            &format!("SOC0101{:02}AB", n + 1),
            ("JAL", "Guadalajara"),
        );
        partner.hours = if n % 2 == 0 {
            Hours::Always
        } else {
            Hours::Business
        };
        listed(&app, &partner, until).await;
    }
    let browser = Browser::new(&app);
    let first = browser.get("/socios?estado=JAL&orden=nombre").await;
    assert!(first.body.contains("23 socios cumplen"));
    let names_first = names(&first.body);
    assert_eq!(names_first.len(), 20);
    assert_eq!(names_first[0], "Socio 00");
    assert!(
        first
            .body
            .contains(r#"<a rel="next" href="/socios?estado=JAL&#38;orden=nombre&#38;pagina=2">"#),
        "{}",
        first.body
    );
    let second = browser
        .get("/socios?estado=JAL&orden=nombre&pagina=2")
        .await;
    assert_eq!(names(&second.body), ["Socio 20", "Socio 21", "Socio 22"]);
    assert!(
        second
            .body
            .contains(r#"<a rel="prev" href="/socios?estado=JAL&#38;orden=nombre">"#)
    );
    let around = browser
        .get("/socios?estado=JAL&horario=24x7&orden=nombre&pagina=1")
        .await;
    assert_eq!(names(&around.body).len(), 12);
    assert!(!around.body.contains("rel=\"next\""));
    app.stop().await;
}
both!(results_come_a_page_at_a_time_with_the_filters_kept);

async fn a_partners_profile_shows_its_coverage_map_and_how_to_reach_it(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let now = now_ms();
    let mut partner = application("Península Digital", "PDS180715M4", ("YUC", "Mérida"));
    partner.hours = Hours::Always;
    partner.offers.services = vec![Service::OnSite, Service::Administration];
    partner.offers.states = vec!["CAM".parse().unwrap()];
    partner.offers.languages = Languages::parse(["es", "yua"]).unwrap();
    partner.offices = vec![Office {
        state: "ROO".parse().unwrap(),
        city: "Cancún".to_owned(),
    }];
    listed(&app, &partner, Some(now + YEAR_MS)).await;
    let expired = application(
        "Altos TI",
        "ATI170808B3",
        ("CHP", "San Cristóbal de las Casas"),
    );
    listed(&app, &expired, Some(now - DAY)).await;
    let pending = application("Golfo Redes", "GRS160412E6", ("VER", "Xalapa"));
    listed(&app, &pending, None).await;

    let browser = Browser::new(&app);
    let page = browser.get("/socios/peninsula-digital").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("<h1>Península Digital</h1>"));
    assert!(body.contains("Verificado por la Fundación hasta el "));
    assert!(body.contains("<strong>Península Digital</strong> da soporte a MxOS."));
    assert!(body.contains("RFC PDS180715M4"));
    // The map: every state a square; offices ringed, coverage filled, the rest not.
    let map_start = body.find("<svg class=\"mx-map\"").unwrap();
    let map = &body[map_start..map_start + body[map_start..].find("</svg>").unwrap()];
    assert_eq!(map.matches("<rect").count(), 32);
    assert!(map.contains("<title id=\"mapa-titulo\">Mapa de cobertura por estado</title>"));
    assert!(
        map.contains("<desc id=\"mapa-resumen\">Atiende: Campeche, Quintana Roo, Yucatán.</desc>"),
        "{map}"
    );
    assert!(map.contains(
        "<g class=\"covered office\" data-state=\"YUC\"><title>Yucatán: tiene oficina</title>"
    ));
    assert!(map.contains(
        "<g class=\"covered office\" data-state=\"ROO\"><title>Quintana Roo: tiene oficina</title>"
    ));
    assert!(
        map.contains("<g class=\"covered\" data-state=\"CAM\"><title>Campeche: atiende</title>")
    );
    assert!(
        map.contains("<g class=\"uncovered\" data-state=\"SON\"><title>Sonora: no atiende</title>")
    );
    assert!(!map.contains("<script"));
    assert!(body.contains("<li>Cancún, Quintana Roo</li>"));
    assert!(body.contains("<li>Mérida, Yucatán</li>"));
    // Its channels, as links a phone or mail program opens.
    assert!(body.contains(r#"<a href="tel:+529991234567">+52 999 123 4567</a>"#));
    assert!(body.contains(r#"<a href="https://wa.me/529997654321">+52 999 765 4321</a>"#));
    assert!(body.contains(r#"<a href="mailto:hola@ejemplo.mx">hola@ejemplo.mx</a>"#));
    assert!(body.contains("Maya"));
    assert!(body.contains("Soporte en sitio"));

    let english = Browser::speaking(&app, "en");
    let page = english.get("/socios/peninsula-digital").await;
    assert!(page.body.contains("<title>Yucatán: has an office</title>"));
    assert!(page.body.contains("Verified by the Foundation until "));

    let page = browser.get("/socios/altos-ti").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Verificación vencida el "));
    // An application the foundation has not approved, and one that does not exist.
    for slug in ["golfo-redes", "nadie"] {
        let page = browser.get(&format!("/socios/{slug}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{slug}");
        assert!(page.body.contains("Ese socio no está en el directorio"));
    }
    // Listed partners are in the sitemap; the pending one is not.
    let sitemap = browser.get("/sitemap.xml").await.body;
    assert!(sitemap.contains("/socios/peninsula-digital</loc>"));
    assert!(sitemap.contains("/socios/altos-ti</loc>"));
    assert!(!sitemap.contains("golfo-redes"));
    app.stop().await;
}
both!(a_partners_profile_shows_its_coverage_map_and_how_to_reach_it);

async fn an_rfc_is_one_partners_only(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let db = &app.state().db;
    let first = application("Bajío Sistemas", "BSA120920H1", ("GUA", "León"));
    listed(&app, &first, None).await;
    let mut again = application("Bajío Sistemas Dos", "BSA120920H1", ("QUE", "Querétaro"));
    again.rfc = first.rfc.clone();
    let refused = store::create(db, &again, Status::Pending, None, now_ms()).await;
    assert!(matches!(
        refused,
        Err(store::PartnersError::Problem("partners-rfc-taken"))
    ));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
    // Two partners with one name get their own addresses.
    let same_name = application("Bajío Sistemas", "BSB120920H1", ("GUA", "Celaya"));
    let (_, slug) = store::create(db, &same_name, Status::Pending, None, now_ms())
        .await
        .unwrap();
    assert_eq!(slug, "bajio-sistemas-2");
    app.stop().await;
}
both!(an_rfc_is_one_partners_only);

/// The fields of a good application, with `rfc`.
fn applying(rfc: &str) -> Vec<(&'static str, String)> {
    vec![
        ("nombre", "Península Digital".to_owned()),
        (
            "razon_social",
            "Península Digital del Sureste, S.C.".to_owned(),
        ),
        ("rfc", rfc.to_owned()),
        (
            "descripcion",
            "Administración de servidores y escritorios MxOS en la península.".to_owned(),
        ),
        ("estado", "YUC".to_owned()),
        ("ciudad", "Mérida".to_owned()),
        ("domicilio", "Calle 60 No. 450, Centro".to_owned()),
        ("horario", "24x7".to_owned()),
        ("servicio", "administracion".to_owned()),
        ("servicio", "en-sitio".to_owned()),
        ("idioma", "es".to_owned()),
        ("idioma", "yua".to_owned()),
        ("cubre", "CAM".to_owned()),
        ("web", "https://peninsuladigital.mx".to_owned()),
        ("telefono", "+52 999 555 0101".to_owned()),
        ("correo", "hola@peninsuladigital.mx".to_owned()),
    ]
}

fn fields<'a>(sent: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    sent.iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The ids of the documents a form keeps (its `guardado` fields).
fn kept(page: &str) -> Vec<String> {
    page.match_indices(r#"name="guardado" value=""#)
        .map(|(at, found)| {
            let rest = &page[at + found.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

async fn outbox(app: &TestServer) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT to_address, subject, body_text FROM mail_outbox ORDER BY id")
        .fetch_all(app.state().db.pool())
        .await
        .unwrap()
}

async fn a_company_applies_the_foundation_reviews_and_a_year_later_it_renews(backend: Backend) {
    use crate::accounts::{person, signed_in};
    use soporte_platform::accounts::Role;
    let mut app = TestServer::start(backend).await;
    let db = app.state().db.clone();
    person(&app, "ana@peninsuladigital.mx", "Ana Pech", &[Role::Member]).await;
    person(&app, "otra@ejemplo.mx", "Otra Persona", &[Role::Member]).await;
    person(
        &app,
        "revisora@fundacion.mx",
        "Rita Revisora",
        &[Role::Staff],
    )
    .await;
    let ana = signed_in(&app, "ana@peninsuladigital.mx").await;
    let other = signed_in(&app, "otra@ejemplo.mx").await;
    let staff = signed_in(&app, "revisora@fundacion.mx").await;

    // A visitor is asked to sign in first.
    let visitor = Browser::new(&app);
    let answer = visitor.get("/socios/solicitar").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(answer.location.unwrap().starts_with("/cuenta/entrar"));

    // A wrong check digit: told beside its field, the document kept, nothing written.
    let form = ana.get("/socios/solicitar").await;
    assert_eq!(form.status, StatusCode::OK);
    let digit = check_digit("PDS180715M4").unwrap();
    let wrong = if digit == '1' { '2' } else { '1' };
    let sent = applying(&format!("PDS180715M4{wrong}"));
    let refused = ana
        .post_multipart(
            "/socios/solicitar",
            &fields(&sent),
            ("adjunto", "constancia.pdf", "application/pdf", PDF),
            true,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(r##"<a href="#f-rfc">El dígito verificador del RFC no corresponde"##),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"id="f-rfc" name="rfc" type="text" maxlength="20" required autocomplete="off" aria-describedby="rfc-hint" value="PDS180715M4"#));
    assert!(refused.body.contains("constancia.pdf"));
    let documents = kept(&refused.body);
    assert_eq!(documents.len(), 1);
    let partners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(partners, 0);

    // Mended, with the kept document and no new file: in the queue.
    let mut sent = applying(&format!("PDS180715M4{digit}"));
    sent.push(("guardado", documents[0].clone()));
    let applied = ana
        .post_multipart(
            "/socios/solicitar",
            &fields(&sent),
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    assert_eq!(applied.location.as_deref(), Some("/socios/mi-empresa"));
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(
        mine.body.contains("En revisión por la Fundación"),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("constancia.pdf"));
    assert!(mine.body.contains("Solicitud enviada"));
    // One application at a time.
    assert_eq!(
        ana.get("/socios/solicitar").await.location.as_deref(),
        Some("/socios/mi-empresa")
    );
    // Not in the directory yet.
    assert!(
        !visitor
            .get("/socios")
            .await
            .body
            .contains("Península Digital")
    );

    // Only staff see the queue and decide.
    assert_eq!(
        other.get("/socios/revision").await.status,
        StatusCode::FORBIDDEN
    );
    let queue = staff.get("/socios/revision").await;
    assert!(queue.body.contains("Península Digital"), "{}", queue.body);
    assert!(queue.body.contains("Solicitud nueva"));
    let href_start = queue.body.find("/socios/revision/").unwrap();
    let application =
        queue.body[href_start..href_start + queue.body[href_start..].find('"').unwrap()].to_owned();
    assert_eq!(other.get(&application).await.status, StatusCode::FORBIDDEN);
    let page = staff.get(&application).await;
    assert!(page.body.contains("constancia.pdf"));

    // Documents: the applicant's and the foundation's only.
    let document_href = format!("/socios/documentos/{}", documents[0]);
    let download = ana.get(&document_href).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.body.as_bytes(), PDF);
    assert_eq!(staff.get(&document_href).await.status, StatusCode::OK);
    assert_eq!(
        other.get(&document_href).await.status,
        StatusCode::NOT_FOUND
    );

    // Asking for more needs a note; then the applicant is told by mail.
    let no_note = staff
        .post(&application, &[("decision", "pedir"), ("nota", " ")])
        .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_note
            .body
            .contains("Escribe una nota que diga a la empresa")
    );
    staff.get(&application).await;
    let asked = staff
        .post(
            &application,
            &[
                ("decision", "pedir"),
                ("nota", "Falta el acta constitutiva."),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let mail = outbox(&app).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "ana@peninsuladigital.mx");
    assert_eq!(
        mail[0].1,
        "La Fundación necesita más información sobre Península Digital"
    );
    assert!(
        mail[0]
            .2
            .contains("Nota de la Fundación: Falta el acta constitutiva.")
    );
    assert!(mail[0].2.contains("/socios/mi-empresa"));

    // The applicant mends it and sends another document.
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(mine.body.contains("La Fundación pidió más información"));
    assert!(mine.body.contains("Falta el acta constitutiva."));
    assert!(
        mine.body.contains(r#"value="Calle 60 No. 450, Centro""#),
        "the form keeps what was sent"
    );
    let mut mended = applying(&format!("PDS180715M4{digit}"));
    mended.retain(|(name, _)| *name != "domicilio");
    mended.push(("domicilio", "Calle 60 No. 452, Centro".to_owned()));
    let resent = ana
        .post_multipart(
            "/socios/mi-empresa/reenviar",
            &fields(&mended),
            ("adjunto", "acta.pdf", "application/pdf", PDF),
            true,
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.body);
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(mine.body.contains("En revisión por la Fundación"));
    assert!(mine.body.contains("acta.pdf") && mine.body.contains("Calle 60 No. 452"));

    // Approved: listed for a year, the applicant its admin, told by mail, audited.
    staff.get(&application).await;
    let approved = staff
        .post(&application, &[("decision", "aprobar"), ("nota", "")])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let listed = visitor.get("/socios?estado=YUC").await;
    assert!(listed.body.contains("Península Digital"));
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = $1 ORDER BY r.role",
    )
    .bind("ana@peninsuladigital.mx")
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(roles, ["member", "partner-admin"]);
    let mail = outbox(&app).await;
    assert_eq!(
        mail[1].1,
        "Península Digital ya está en el Directorio de Socios"
    );
    // Its desk, with the applicant as its admin.
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(
        mine.body.contains(
            r#"<a href="/soporte-profesional/mesa/peninsula-digital">Ir a tu mesa de soporte</a>"#
        ),
        "{}",
        mine.body
    );
    let desk = ana.get("/soporte-profesional/mesa/peninsula-digital").await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
    assert_eq!(
        other
            .get("/soporte-profesional/mesa/peninsula-digital")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let decisions: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'partner.decided' ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(decisions.len(), 2);
    assert!(
        decisions[0].contains("\"decision\":\"more\"")
            && decisions[1].contains("\"decision\":\"approved\"")
    );
    // Deciding again on what no longer waits is refused, and changes nothing.
    staff.get(&application).await;
    let again = staff
        .post(&application, &[("decision", "rechazar"), ("nota", "No")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Esta solicitud cambió mientras tanto"));

    // The partner keeps its profile up to date; its names and RFC stay as verified.
    let mut edited = applying("XAXX010101000");
    edited.retain(|(name, _)| !matches!(*name, "descripcion" | "nombre" | "cubre"));
    edited.push(("nombre", "Otro Nombre".to_owned()));
    edited.push((
        "descripcion",
        "Ahora también damos capacitación en Chiapas.".to_owned(),
    ));
    edited.push(("cubre", "CHP".to_owned()));
    ana.get("/socios/mi-empresa").await;
    let saved = ana
        .post("/socios/mi-empresa/editar", &fields(&edited))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let profile = visitor.get("/socios/peninsula-digital").await;
    assert!(
        profile
            .body
            .contains("Ahora también damos capacitación en Chiapas.")
    );
    assert!(profile.body.contains("<h1>Península Digital</h1>"));
    assert!(profile.body.contains(&format!("RFC PDS180715M4{digit}")));
    assert!(
        profile
            .body
            .contains(r#"<g class="covered" data-state="CHP">"#)
    );
    // Someone else's post edits nothing (they have no listing of their own).
    other.get("/socios").await;
    let sneaky = other
        .post("/socios/mi-empresa/editar", &fields(&edited))
        .await;
    assert_eq!(sneaky.location.as_deref(), Some("/socios/mi-empresa"));
    let mut bad = edited.clone();
    bad.retain(|(name, _)| *name != "descripcion");
    bad.push(("descripcion", "corta".to_owned()));
    ana.get("/socios/mi-empresa").await;
    let refused = ana.post("/socios/mi-empresa/editar", &fields(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Describe a tu empresa en 20 a 4000 caracteres.")
    );
    assert!(
        visitor
            .get("/socios/peninsula-digital")
            .await
            .body
            .contains("Ahora también damos capacitación")
    );

    // A year later: the renewal opens sixty days before the end.
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(!mine.body.contains("Renovar la verificación"));
    let soon = now_ms() + 10 * DAY;
    sqlx::query("UPDATE partners SET verified_until = $1")
        .bind(soon)
        .execute(db.writes())
        .await
        .unwrap();
    let mine = ana.get("/socios/mi-empresa").await;
    assert!(
        mine.body.contains("Renovar la verificación"),
        "{}",
        mine.body
    );
    let empty = ana
        .post_multipart(
            "/socios/mi-empresa/renovar",
            &[],
            ("adjunto", "", "application/octet-stream", b""),
            true,
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Adjunta al menos un documento"));
    let renewal = ana
        .post_multipart(
            "/socios/mi-empresa/renovar",
            &[],
            ("adjunto", "constancia-2027.pdf", "application/pdf", PDF),
            true,
        )
        .await;
    assert_eq!(renewal.status, StatusCode::SEE_OTHER, "{}", renewal.body);
    assert!(
        staff
            .get("/socios/revision")
            .await
            .body
            .contains("Renovación")
    );
    // Still listed while the foundation decides.
    assert!(
        visitor
            .get("/socios")
            .await
            .body
            .contains("Península Digital")
    );
    staff.get(&application).await;
    let renewed = staff
        .post(&application, &[("decision", "aprobar"), ("nota", "")])
        .await;
    assert_eq!(renewed.status, StatusCode::SEE_OTHER);
    let until: i64 = sqlx::query_scalar("SELECT verified_until FROM partners")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(until, soon + YEAR_MS);
    assert!(
        staff
            .get("/socios/revision")
            .await
            .body
            .contains("No hay nada por revisar.")
    );
    app.stop().await;
}
both!(a_company_applies_the_foundation_reviews_and_a_year_later_it_renews);

/// A listed partner in Mérida with its desk (opened through the platform, as an
/// approval does) administered by `admin`; its slug.
async fn with_desk(app: &TestServer, name: &str, rfc: &str, admin: &str) -> String {
    use crate::accounts::person;
    use soporte_platform::accounts::Role;
    use soporte_platform::handover::NewDesk;
    let db = &app.state().db;
    let admin = person(app, admin, "Ada Admin", &[Role::PartnerAdmin]).await;
    let mut partner = application(name, rfc, ("YUC", "Mérida"));
    partner.hours = Hours::Always;
    partner.offers.services = vec![Service::Administration, Service::OnSite];
    let id = listed(app, &partner, Some(now_ms() + YEAR_MS)).await;
    let slug = soporte_platform::text::slug(name);
    let desks = app.state().site.desks().unwrap();
    let mut tx = db.write().await.unwrap();
    let desk = desks
        .open_desk(
            &mut tx,
            NewDesk {
                slug: &slug,
                name,
                admin,
                by: admin,
            },
            now_ms(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    store::set_desk(db, id, &desk).await.unwrap();
    slug
}

fn request(name: &str, email: &str, need: &str) -> Vec<(&'static str, String)> {
    vec![
        ("nombre", name.to_owned()),
        ("correo", email.to_owned()),
        ("organizacion", "Hospital de Mérida".to_owned()),
        ("tamano", "51-250".to_owned()),
        ("estado", "YUC".to_owned()),
        ("servicio", "administracion".to_owned()),
        ("urgencia", "alta".to_owned()),
        ("necesidad", need.to_owned()),
    ]
}

async fn count(app: &TestServer, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.state().db.pool())
        .await
        .unwrap()
}

async fn a_buyers_request_reaches_the_partners_desk_and_its_reply_reaches_them(backend: Backend) {
    use crate::accounts::signed_in;
    let mut app = TestServer::start(backend).await;
    let slug = with_desk(
        &app,
        "Península Digital",
        "PDS180715M4",
        "mesa@peninsula.mx",
    )
    .await;
    let other = with_desk(
        &app,
        "Regio Infraestructura",
        "RIA140228C5",
        "mesa@regio.mx",
    )
    .await;
    let path = format!("/socios/{slug}");
    let visitor = Browser::new(&app);
    let page = visitor.get(&path).await;
    assert!(page.body.contains("Pide una propuesta"), "{}", page.body);
    let users = count(&app, "users").await;

    // Spam and bad input: told, nothing written.
    let spam = request(
        "Marta Canul",
        "marta@hospital-merida.mx",
        "Compra https://a.example https://b.example https://c.example ahora mismo",
    );
    let refused = visitor
        .post(&format!("{path}/contacto"), &fields(&spam))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Tu solicitud trae demasiados enlaces")
    );
    assert!(
        refused.body.contains(r#"value="Hospital de Mérida""#),
        "what was written stays"
    );
    let mut bad = request("", "no-es-correo", "corto");
    bad.retain(|(name, _)| *name != "servicio");
    bad.push(("servicio", "desarrollo".to_owned()));
    let refused = visitor
        .post(&format!("{path}/contacto"), &fields(&bad))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for told in [
        "Escribe tu nombre.",
        "Escribe un correo de contacto válido.",
        "Elige uno de los servicios que da este socio.",
        "Describe lo que necesitas en 20 a 4000 caracteres.",
    ] {
        assert!(refused.body.contains(told), "{told}");
    }
    assert_eq!(count(&app, "partner_leads").await, 0);
    assert_eq!(count(&app, "desk_tickets").await, 0);
    assert_eq!(count(&app, "users").await, users);

    // A visitor's request: a ticket in the partner's desk, linked, confirmed by mail.
    let need = "Necesitamos soporte 24/7 para 40 escritorios MxOS y dos servidores.";
    let sent = visitor
        .post(
            &format!("{path}/contacto"),
            &fields(&request("Marta Canul", "marta@hospital-merida.mx", need)),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        sent.location.as_deref(),
        Some(&*format!("{path}?enviado=1"))
    );
    let notice = visitor.get(&format!("{path}?enviado=1")).await;
    assert!(
        notice
            .body
            .contains("Tu solicitud llegó a la mesa de Península Digital con el número 1.")
    );
    let (ticket, subject, priority): (i64, String, i64) = sqlx::query_as(
        "SELECT t.id, t.subject, t.priority FROM desk_tickets t JOIN desk_partners p ON p.id = t.partner_id WHERE p.slug = $1",
    )
    .bind(&slug)
    .fetch_one(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(
        subject,
        "Solicitud del directorio: Administración para Hospital de Mérida"
    );
    assert_eq!(priority, 2);
    let linked: (String, i64, String, i64) =
        sqlx::query_as("SELECT from_kind, from_id, to_kind, to_id FROM links")
            .fetch_one(app.state().db.pool())
            .await
            .unwrap();
    assert_eq!(
        (linked.0.as_str(), linked.2.as_str(), linked.3),
        ("lead", "ticket", ticket)
    );
    let stored: Option<String> = sqlx::query_scalar("SELECT ticket FROM partner_leads")
        .fetch_one(app.state().db.pool())
        .await
        .unwrap();
    assert_eq!(stored, Some(format!("ticket:{ticket}")));
    let mail = outbox(&app).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "marta@hospital-merida.mx");
    assert_eq!(mail[0].1, "Recibimos tu solicitud para Península Digital");
    assert!(
        mail[0].2.contains("crea tu contraseña en http"),
        "{}",
        mail[0].2
    );

    // The desk sees it with what was asked; the other partner does not.
    let desk = signed_in(&app, "mesa@peninsula.mx").await;
    let ticket_path = format!("/soporte-profesional/tickets/{ticket}");
    let seen = desk.get(&ticket_path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains(need));
    assert!(
        seen.body
            .contains("Hospital de Mérida (De 51 a 250 personas)")
    );
    let outsider = signed_in(&app, "mesa@regio.mx").await;
    assert_eq!(
        outsider.get(&ticket_path).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !outsider
            .get(&format!("/soporte-profesional/mesa/{other}"))
            .await
            .body
            .contains("Hospital de Mérida")
    );

    // The desk's public reply reaches the requester by mail.
    let replied = desk
        .post(
            &format!("{ticket_path}/responder"),
            &[
                ("mensaje", "Con gusto: ¿les llamamos mañana a las 10?"),
                ("visibilidad", "publica"),
            ],
        )
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    crate::support::eventually(
        std::time::Duration::from_secs(10),
        "the reply mailed",
        || {
            let app = &app;
            async move {
                outbox(app).await.into_iter().find(|(to, _, body)| {
                    to == "marta@hospital-merida.mx" && body.contains("les llamamos mañana")
                })
            }
        },
    )
    .await;

    // A signed-in member writes as themselves.
    crate::accounts::person(
        &app,
        "luis@ejemplo.mx",
        "Luis Pérez",
        &[soporte_platform::accounts::Role::Member],
    )
    .await;
    let member = signed_in(&app, "luis@ejemplo.mx").await;
    let form = member.get(&path).await;
    assert!(
        form.body
            .contains("Envías la solicitud como <strong>Luis Pérez</strong> (luis@ejemplo.mx)")
    );
    let mut as_member = request("otro nombre", "otro@correo.mx", need);
    as_member.retain(|(name, _)| *name != "nombre" && *name != "correo");
    let sent = member
        .post(&format!("{path}/contacto"), &fields(&as_member))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let requester: String = sqlx::query_scalar(
        "SELECT u.email FROM partner_leads l JOIN users u ON u.id = l.requester_id ORDER BY l.id DESC LIMIT 1",
    )
    .fetch_one(app.state().db.pool())
    .await
    .unwrap();
    assert_eq!(requester, "luis@ejemplo.mx");
    app.stop().await;
}
both!(a_buyers_request_reaches_the_partners_desk_and_its_reply_reaches_them);

async fn a_flood_of_requests_is_slowed_per_address_and_per_email(backend: Backend) {
    let mut app = TestServer::start(backend).await;
    let slug = with_desk(
        &app,
        "Península Digital",
        "PDS180715M4",
        "mesa@peninsula.mx",
    )
    .await;
    let path = format!("/socios/{slug}/contacto");
    let need = "Necesitamos soporte para una oficina de diez personas.";
    // One address: five requests an hour.
    let flooder = Browser::from_address(&app, [127, 0, 0, 9]);
    flooder.get(&format!("/socios/{slug}")).await;
    for n in 0..5 {
        let email = format!("persona{n}@ejemplo.mx");
        let sent = flooder
            .post(&path, &fields(&request("Persona", &email, need)))
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{n}: {}", sent.body);
        flooder.get(&format!("/socios/{slug}")).await;
    }
    let limited = flooder
        .post(
            &path,
            &fields(&request("Persona", "persona9@ejemplo.mx", need)),
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(
        limited
            .body
            .contains("Ya enviaste varias solicitudes en poco tiempo.")
    );
    // One email address: three an hour, from anywhere.
    for n in 0..4u8 {
        let browser = Browser::from_address(&app, [127, 0, 1, n + 1]);
        browser.get(&format!("/socios/{slug}")).await;
        let sent = browser
            .post(
                &path,
                &fields(&request("Marta", "marta@hospital-merida.mx", need)),
            )
            .await;
        let expected = if n < 3 {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(sent.status, expected, "{n}");
    }
    assert_eq!(count(&app, "partner_leads").await, 8);
    assert_eq!(count(&app, "desk_tickets").await, 8);
    app.stop().await;
}
both!(a_flood_of_requests_is_slowed_per_address_and_per_email);
