//! The directory's demo content: a dozen partners across Mexico's states, most of them
//! verified, two whose verification ran out, two applications waiting for the
//! foundation and one it asked more of. Soluciones Norte is the demo desk's partner;
//! Península Digital (Mérida, 24/7) gets a desk of its own here, for buyers' requests.

use soporte_platform::accounts::profile::{Languages, StateCode};
use soporte_platform::area::Site;
use soporte_platform::handover::{HandoverError, NewDesk};
use soporte_platform::storage::{Db, UserId, now_ms};

use crate::PartnerId;

use crate::catalog::{Hours, Level, Sector, Service};
use crate::profile::{Contact, NewPartner, Offers, Office, Status, YEAR_MS};
use crate::rfc::{Rfc, check_digit};
use crate::store::{self, PartnersError};

const DAY: i64 = 24 * 60 * 60 * 1000;

/// Where a demo partner stands with the foundation.
#[derive(Clone, Copy)]
enum Standing {
    /// Verified this many days ago (so it runs out a year after).
    Verified(i64),
    Pending,
    MoreAsked,
}

/// One demo partner.
struct Demo {
    name: &'static str,
    legal_name: &'static str,
    /// The RFC's first eleven characters; the check digit is computed.
    rfc: &'static str,
    description: &'static str,
    /// The head office: state, city, address.
    office: (&'static str, &'static str, &'static str),
    offices: &'static [(&'static str, &'static str)],
    covers: &'static [&'static str],
    nationwide: bool,
    hours: Hours,
    services: &'static [Service],
    sectors: &'static [Sector],
    levels: &'static [Level],
    languages: &'static [&'static str],
    /// Web, phone, WhatsApp, email.
    contact: [&'static str; 4],
    standing: Standing,
    /// Its desk: the demo desk's slug, or opened here for its applicant (by email).
    desk: Desk,
}

/// A demo partner's desk.
#[derive(Clone, Copy)]
enum Desk {
    None,
    /// The desk area's demo desk, by slug.
    Existing(&'static str),
    /// Opened through the platform for the demo person with this address.
    Open(&'static str),
}

const PARTNERS: [Demo; 12] = [
    Demo {
        name: "Soluciones Norte",
        legal_name: "Soluciones Norte de Baja California, S.A. de C.V.",
        rfc: "SNB150301K2",
        description: "Mesa de ayuda 24/7 para maquiladoras, hospitales y oficinas de la frontera: instalación, administración y visitas en sitio.",
        office: ("BCN", "Tijuana", "Blvd. Agua Caliente 10500, Tijuana, B.C."),
        offices: &[("BCN", "Mexicali")],
        covers: &["SON", "BCS"],
        nationwide: false,
        hours: Hours::Always,
        services: &[
            Service::Installation,
            Service::Administration,
            Service::OnSite,
        ],
        sectors: &[Sector::Industry, Sector::Health],
        levels: &[Level::OneHour, Level::FourHours],
        languages: &["es", "en"],
        contact: [
            "https://solucionesnorte.mx",
            "+52 664 123 4567",
            "+52 664 765 4321",
            "mesa@solucionesnorte.mx",
        ],
        standing: Standing::Verified(40),
        desk: Desk::Existing("soluciones-norte"),
    },
    Demo {
        name: "Península Digital",
        legal_name: "Península Digital del Sureste, S.C.",
        rfc: "PDS180715M4",
        description: "Administración de servidores y escritorios MxOS para gobierno, salud y escuelas de la península. Atendemos en español, maya e inglés.",
        office: ("YUC", "Mérida", "Calle 60 No. 450, Centro, Mérida, Yuc."),
        offices: &[("ROO", "Cancún")],
        covers: &["CAM"],
        nationwide: false,
        hours: Hours::Always,
        services: &[
            Service::Administration,
            Service::Migration,
            Service::OnSite,
            Service::Training,
        ],
        sectors: &[Sector::Government, Sector::Health, Sector::Education],
        levels: &[Level::OneHour, Level::FourHours],
        languages: &["es", "yua", "en"],
        contact: [
            "https://peninsuladigital.mx",
            "+52 999 555 0101",
            "+52 999 555 0102",
            "hola@peninsuladigital.mx",
        ],
        standing: Standing::Verified(100),
        desk: Desk::Open("mesa@peninsuladigital.mx"),
    },
    Demo {
        name: "Código Maya",
        legal_name: "Código Maya, S.C. de R.L.",
        rfc: "CMA200110T7",
        description: "Cooperativa de desarrollo y capacitación para organizaciones comunitarias y escuelas del oriente de Yucatán.",
        office: ("YUC", "Valladolid", "Calle 41 No. 200, Valladolid, Yuc."),
        offices: &[],
        covers: &["ROO"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Training, Service::Development],
        sectors: &[Sector::CivilSociety, Sector::Education],
        levels: &[Level::NextBusinessDay],
        languages: &["es", "yua"],
        contact: [
            "https://codigomaya.coop",
            "+52 985 100 2000",
            "",
            "contacto@codigomaya.coop",
        ],
        standing: Standing::Verified(200),
        desk: Desk::None,
    },
    Demo {
        name: "Bajío Sistemas Abiertos",
        legal_name: "Bajío Sistemas Abiertos, S.A. de C.V.",
        rfc: "BSA120920H1",
        description: "Migraciones a MxOS para la industria automotriz y pymes del Bajío, con oficinas en León y Querétaro.",
        office: ("GUA", "León", "Blvd. López Mateos 1810, León, Gto."),
        offices: &[("QUE", "Querétaro")],
        covers: &["AGU", "SLP"],
        nationwide: false,
        hours: Hours::Business,
        services: &[
            Service::Installation,
            Service::Migration,
            Service::Administration,
        ],
        sectors: &[Sector::Industry, Sector::Smes],
        levels: &[Level::FourHours, Level::NextBusinessDay],
        languages: &["es"],
        contact: [
            "https://bajioabierto.mx",
            "+52 477 300 4000",
            "+52 477 300 4001",
            "ventas@bajioabierto.mx",
        ],
        standing: Standing::Verified(10),
        desk: Desk::None,
    },
    Demo {
        name: "Capital Libre",
        legal_name: "Capital Libre Tecnologías, S.A.P.I. de C.V.",
        rfc: "CLT100505P9",
        description: "Soporte remoto a todo el país, 24/7, para dependencias de gobierno e instituciones financieras.",
        office: (
            "CMX",
            "Ciudad de México",
            "Av. Insurgentes Sur 1605, Benito Juárez, CDMX",
        ),
        offices: &[],
        covers: &["MEX"],
        nationwide: true,
        hours: Hours::Always,
        services: &[
            Service::Installation,
            Service::Migration,
            Service::Administration,
            Service::Training,
            Service::Development,
        ],
        sectors: &[Sector::Government, Sector::Finance],
        levels: &[Level::OneHour],
        languages: &["es", "en"],
        contact: [
            "https://capitallibre.mx",
            "+52 55 5000 1234",
            "+52 55 5000 4321",
            "mesa@capitallibre.mx",
        ],
        standing: Standing::Verified(300),
        desk: Desk::None,
    },
    Demo {
        name: "Sierra Soporte",
        legal_name: "Sierra Soporte Comunitario, A.C.",
        rfc: "SSC190301AA",
        description: "Visitas en sitio y talleres en comunidades de la Sierra Norte y la Mixteca, en español, zapoteco y mixteco.",
        office: (
            "OAX",
            "Oaxaca de Juárez",
            "Calle Macedonio Alcalá 300, Oaxaca, Oax.",
        ),
        offices: &[],
        covers: &["GRO"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::OnSite, Service::Training],
        sectors: &[Sector::Education, Sector::CivilSociety],
        levels: &[Level::NextBusinessDay],
        languages: &["es", "zap", "mix"],
        contact: [
            "",
            "+52 951 200 3000",
            "+52 951 200 3001",
            "hola@sierrasoporte.org.mx",
        ],
        standing: Standing::Verified(150),
        desk: Desk::None,
    },
    Demo {
        name: "Altos TI",
        legal_name: "Altos Tecnologías de la Información, S.C.",
        rfc: "ATI170808B3",
        description: "Administración de redes y capacitación para clínicas y escuelas de los Altos de Chiapas, en tsotsil, tseltal y español.",
        office: (
            "CHP",
            "San Cristóbal de las Casas",
            "Av. Insurgentes 20, San Cristóbal de las Casas, Chis.",
        ),
        offices: &[],
        covers: &["TAB"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Administration, Service::Training],
        sectors: &[Sector::Health, Sector::Education],
        levels: &[Level::NextBusinessDay],
        languages: &["es", "tzo", "tzh"],
        contact: [
            "https://altosti.mx",
            "+52 967 100 2000",
            "",
            "contacto@altosti.mx",
        ],
        standing: Standing::Verified(400),
        desk: Desk::None,
    },
    Demo {
        name: "Regio Infraestructura",
        legal_name: "Regio Infraestructura Abierta, S.A. de C.V.",
        rfc: "RIA140228C5",
        description: "Centros de datos y servidores MxOS para la industria del noreste, con guardias 24/7.",
        office: ("NLE", "Monterrey", "Av. Constitución 400, Monterrey, N.L."),
        offices: &[("COA", "Saltillo")],
        covers: &["TAM"],
        nationwide: false,
        hours: Hours::Always,
        services: &[
            Service::Administration,
            Service::Migration,
            Service::Development,
        ],
        sectors: &[Sector::Industry, Sector::Finance],
        levels: &[Level::OneHour, Level::FourHours],
        languages: &["es", "en"],
        contact: [
            "https://regioinfra.mx",
            "+52 81 8000 1000",
            "+52 81 8000 1001",
            "guardia@regioinfra.mx",
        ],
        standing: Standing::Verified(60),
        desk: Desk::None,
    },
    Demo {
        name: "Occidente Open",
        legal_name: "Occidente Open Source, S.A. de C.V.",
        rfc: "OOS110601D8",
        description: "Desarrollo a la medida y cursos para universidades y pymes de Jalisco y el occidente.",
        office: (
            "JAL",
            "Guadalajara",
            "Av. Chapultepec 15, Guadalajara, Jal.",
        ),
        offices: &[],
        covers: &["COL", "NAY", "MIC"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Development, Service::Training],
        sectors: &[Sector::Education, Sector::Smes],
        levels: &[Level::NextBusinessDay],
        languages: &["es", "en"],
        contact: [
            "https://occidenteopen.mx",
            "+52 33 3600 1000",
            "",
            "hola@occidenteopen.mx",
        ],
        standing: Standing::Verified(420),
        desk: Desk::None,
    },
    Demo {
        name: "Golfo Redes",
        legal_name: "Golfo Redes y Sistemas, S.A. de C.V.",
        rfc: "GRS160412E6",
        description: "Instalación y soporte en sitio para hospitales y ayuntamientos de Veracruz y Tabasco.",
        office: ("VER", "Xalapa", "Av. Ávila Camacho 100, Xalapa, Ver."),
        offices: &[],
        covers: &["TAB", "PUE"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Installation, Service::OnSite],
        sectors: &[Sector::Health, Sector::Government],
        levels: &[Level::FourHours],
        languages: &["es"],
        contact: [
            "https://golforedes.mx",
            "+52 228 800 1000",
            "",
            "contacto@golforedes.mx",
        ],
        standing: Standing::Pending,
        desk: Desk::None,
    },
    Demo {
        name: "Pacífico Libre",
        legal_name: "Pacífico Libre Consultores, S.C.",
        rfc: "PLC210930F4",
        description: "Consultoría y migraciones para empresas de Sinaloa y Sonora.",
        office: ("SIN", "Mazatlán", "Av. del Mar 1200, Mazatlán, Sin."),
        offices: &[],
        covers: &["SON", "NAY"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Migration, Service::Administration],
        sectors: &[Sector::Smes],
        levels: &[Level::NextBusinessDay],
        languages: &["es"],
        contact: [
            "",
            "+52 669 900 1000",
            "+52 669 900 1001",
            "hola@pacificolibre.mx",
        ],
        standing: Standing::Pending,
        desk: Desk::None,
    },
    Demo {
        name: "Puebla Cómputo Libre",
        legal_name: "Puebla Cómputo Libre, S.A. de C.V.",
        rfc: "PCL130115G2",
        description: "Soporte a escuelas y oficinas de Puebla y Tlaxcala.",
        office: ("PUE", "Puebla", "Av. Juárez 2000, Puebla, Pue."),
        offices: &[],
        covers: &["TLA"],
        nationwide: false,
        hours: Hours::Business,
        services: &[Service::Installation, Service::Training],
        sectors: &[Sector::Education],
        levels: &[Level::NextBusinessDay],
        languages: &["es", "nah"],
        contact: ["", "+52 222 400 1000", "", "contacto@pueblalibre.mx"],
        standing: Standing::MoreAsked,
        desk: Desk::None,
    },
];

fn state(code: &str) -> Result<StateCode, sqlx::Error> {
    code.parse()
        .map_err(|_| sqlx::Error::Protocol(format!("the demo names an unknown state {code}")))
}

fn new_partner(demo: &Demo) -> Result<NewPartner, sqlx::Error> {
    let bad = |what: String| sqlx::Error::Protocol(format!("demo partner {}: {what}", demo.name));
    let digit = check_digit(demo.rfc).ok_or_else(|| bad("RFC".to_owned()))?;
    let rfc: Rfc = format!("{}{digit}", demo.rfc)
        .parse()
        .map_err(|error| bad(format!("{error}")))?;
    let (head_state, head_city, address) = demo.office;
    let [web, phone, whatsapp, email] = demo.contact;
    Ok(NewPartner {
        name: demo.name.to_owned(),
        legal_name: demo.legal_name.to_owned(),
        rfc,
        description: demo.description.to_owned(),
        head_office: Office {
            state: state(head_state)?,
            city: head_city.to_owned(),
        },
        address: address.to_owned(),
        nationwide: demo.nationwide,
        hours: demo.hours,
        contact: Contact {
            web: web.to_owned(),
            phone: phone.to_owned(),
            whatsapp: whatsapp.to_owned(),
            email: email.to_owned(),
        },
        offers: Offers {
            services: demo.services.to_vec(),
            sectors: demo.sectors.to_vec(),
            levels: demo.levels.to_vec(),
            languages: Languages::parse(demo.languages.iter().copied())
                .map_err(|error| bad(format!("{error}")))?,
            states: demo
                .covers
                .iter()
                .map(|code| state(code))
                .collect::<Result<_, _>>()?,
        },
        offices: demo
            .offices
            .iter()
            .map(|(code, city)| {
                Ok(Office {
                    state: state(code)?,
                    city: (*city).to_owned(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
    })
}

/// Opens a desk for partner `id` through the platform, administered by the demo person
/// with `admin` as address (if the site has desks and the person is there).
async fn open_desk(
    (db, site): (&Db, &Site),
    (id, name): (PartnerId, &str),
    admin: &str,
    staff: Option<UserId>,
) -> Result<(), sqlx::Error> {
    let admin: Option<UserId> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(admin)
        .fetch_optional(db.pool())
        .await?;
    let (Some(desks), Some(admin)) = (site.desks(), admin) else {
        return Ok(());
    };
    let slug = soporte_platform::text::slug(name);
    let mut tx = db.write().await?;
    let desk = desks
        .open_desk(
            &mut tx,
            NewDesk {
                slug: &slug,
                name,
                admin,
                by: staff.unwrap_or(admin),
            },
            now_ms(),
        )
        .await
        .map_err(|error| match error {
            HandoverError::Database(error) => error,
            HandoverError::Refused(why) => {
                sqlx::Error::Protocol(format!("demo desk {name}: {why}"))
            }
        })?;
    tx.commit().await?;
    store::set_desk(db, id, &desk).await
}

/// Loads the demo directory.
pub async fn load(db: &Db, site: &Site, staff: Option<UserId>) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for demo in &PARTNERS {
        let partner = new_partner(demo)?;
        let status = match demo.standing {
            Standing::Verified(_) => Status::Pending,
            Standing::Pending => Status::Pending,
            Standing::MoreAsked => Status::MoreAsked,
        };
        let (id, _) = match store::create(db, &partner, status, None, now).await {
            Ok(created) => created,
            Err(PartnersError::Database(error)) => return Err(error),
            Err(PartnersError::Problem(problem)) => {
                return Err(sqlx::Error::Protocol(format!(
                    "demo partner {}: {problem}",
                    demo.name
                )));
            }
        };
        if let Standing::Verified(days_ago) = demo.standing {
            store::approve(db, id, now - days_ago * DAY + YEAR_MS, staff, now).await?;
        }
        match demo.desk {
            Desk::None => {}
            Desk::Existing(desk) => store::set_desk(db, id, desk).await?,
            Desk::Open(admin) => open_desk((db, site), (id, demo.name), admin, staff).await?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_partner_is_a_good_application() {
        for demo in &super::PARTNERS {
            assert!(super::new_partner(demo).is_ok(), "{}", demo.name);
        }
    }
}
