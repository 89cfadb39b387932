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
