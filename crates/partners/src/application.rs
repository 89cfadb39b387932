//! A company's application to the directory as its form sends it, read into a
//! [`NewPartner`] or into the list of what to mend, field by field (plain rules, no I/O).
//! The same reading serves a new application and one sent again after the foundation
//! asked for more.

use soporte_platform::accounts::Email;
use soporte_platform::accounts::profile::{Languages, StateCode};

use crate::catalog::{Hours, Level, Sector, Service};
use crate::profile::{Contact, NewPartner, Offers, Office};
use crate::rfc::Rfc;

/// One thing to mend: the form's field and the Fluent id of what to tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: &'static str,
}

/// The longest description, in characters.
pub const DESCRIPTION_MAX: usize = 4000;

/// A form's fields: the first value of one, and every value of one.
pub trait Fields {
    fn field(&self, name: &str) -> &str;
    fn all(&self, name: &str) -> Vec<&str>;
}

impl Fields for soporte_platform::attachments::FormData {
    fn field(&self, name: &str) -> &str {
        soporte_platform::attachments::FormData::field(self, name)
    }

    fn all(&self, name: &str) -> Vec<&str> {
        soporte_platform::attachments::FormData::all(self, name).collect()
    }
}

/// `text` trimmed, if it has `min..=max` characters and no control characters.
fn bounded(text: &str, min: usize, max: usize) -> Option<String> {
    lines(text, min, max).filter(|text| !text.contains('\n'))
}

/// Like [`bounded`], but lines may break (written `\n`, however they were sent).
fn lines(text: &str, min: usize, max: usize) -> Option<String> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    let length = text.chars().count();
    ((min..=max).contains(&length) && !text.chars().any(|c| c.is_control() && c != '\n'))
        .then(|| text.to_owned())
}

/// A phone number as people write it (`+52 999 123 4567`, `(999) 123-4567`): 10 to 15
/// digits, with spaces, hyphens, dots, parentheses and a leading `+`.
pub fn phone(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed = text.char_indices().all(|(at, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && at == 0)
    });
    ((10..=15).contains(&digits) && allowed).then(|| text.to_owned())
}

/// A web address: `http` or `https`, with a host.
pub fn web(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    (matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|host| host.contains('.')))
    .then(|| url.to_string())
}

/// Every value of `name` that a catalog knows, in its order; unknown ones are a problem.
fn chosen<T: Copy + Ord>(
    sent: &dyn Fields,
    name: &'static str,
    parse: fn(&str) -> Option<T>,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let mut items = Vec::new();
    for value in sent.all(name).into_iter().filter(|value| !value.is_empty()) {
        match parse(value) {
            Some(item) => items.push(item),
            None => problems.push(Problem {
                field: name,
                message: "partners-apply-unknown-choice",
            }),
        }
    }
    items.sort_unstable();
    items.dedup();
    items
}

/// Reads an application; every problem at once, so the form says them all.
pub fn read(sent: &dyn Fields) -> Result<NewPartner, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut need = |field: &'static str, message: &'static str, value: Option<String>| {
        if value.is_none() {
            problems.push(Problem { field, message });
        }
        value.unwrap_or_default()
    };
    let name = need(
        "nombre",
        "partners-apply-name",
        bounded(sent.field("nombre"), 2, 80),
    );
    let legal_name = need(
        "razon_social",
        "partners-apply-legal-name",
        bounded(sent.field("razon_social"), 2, 200),
    );
    let description = need(
        "descripcion",
        "partners-apply-description",
        lines(sent.field("descripcion"), 20, DESCRIPTION_MAX),
    );
    let city = need(
        "ciudad",
        "partners-apply-city",
        bounded(sent.field("ciudad"), 2, 80),
    );
    let address = need(
        "domicilio",
        "partners-apply-address",
        bounded(sent.field("domicilio"), 5, 300),
    );
    let email = need(
        "correo",
        "partners-apply-email",
        sent.field("correo")
            .parse::<Email>()
            .ok()
            .map(|email| email.as_str().to_owned()),
    );
    let optional = |text: &str, read: fn(&str) -> Option<String>| -> Option<Option<String>> {
        if text.trim().is_empty() {
            Some(None)
        } else {
            read(text).map(Some)
        }
    };
    let web_address = need(
        "web",
        "partners-apply-web",
        optional(sent.field("web"), web).map(Option::unwrap_or_default),
    );
    let phone_number = need(
        "telefono",
        "partners-apply-phone",
        optional(sent.field("telefono"), phone).map(Option::unwrap_or_default),
    );
    let whatsapp = need(
        "whatsapp",
        "partners-apply-phone",
        optional(sent.field("whatsapp"), phone).map(Option::unwrap_or_default),
    );
    let rfc = sent.field("rfc").parse::<Rfc>();
    let state = sent
        .field("estado")
        .parse::<StateCode>()
        .ok()
        .filter(|state| state.as_str() != "EXT");
    let hours = Hours::parse(sent.field("horario"));
    if let Err(error) = &rfc {
        problems.push(Problem {
            field: "rfc",
            message: error.message_id(),
        });
    }
    if state.is_none() {
        problems.push(Problem {
            field: "estado",
            message: "partners-apply-state",
        });
    }
    if hours.is_none() {
        problems.push(Problem {
            field: "horario",
            message: "partners-apply-hours",
        });
    }
    let services = chosen(sent, "servicio", Service::parse, &mut problems);
    if services.is_empty() {
        problems.push(Problem {
            field: "servicio",
            message: "partners-apply-services",
        });
    }
    let sectors = chosen(sent, "sector", Sector::parse, &mut problems);
    let levels = chosen(sent, "nivel", Level::parse, &mut problems);
    let languages = Languages::parse(sent.all("idioma")).ok();
    if languages
        .as_ref()
        .is_none_or(|languages| languages.stored().is_empty())
    {
        problems.push(Problem {
            field: "idioma",
            message: "partners-apply-languages",
        });
    }
    let mut states = Vec::new();
    for code in sent
        .all("cubre")
        .into_iter()
        .filter(|code| !code.is_empty())
    {
        match code.parse::<StateCode>() {
            Ok(state) if state.as_str() != "EXT" => states.push(state),
            _ => problems.push(Problem {
                field: "cubre",
                message: "partners-apply-unknown-choice",
            }),
        }
    }
    states.sort_unstable_by_key(|state| state.as_str());
    states.dedup();
    let mut told = Vec::new();
    problems.retain(|problem| {
        let new = !told.contains(problem);
        told.push(*problem);
        new
    });
    let (Ok(rfc), Some(state), Some(hours), Some(languages), true) =
        (rfc, state, hours, languages, problems.is_empty())
    else {
        return Err(problems);
    };
    Ok(NewPartner {
        name,
        legal_name,
        rfc,
        description,
        head_office: Office { state, city },
        address,
        nationwide: sent.field("remoto") == "si",
        hours,
        contact: Contact {
            web: web_address,
            phone: phone_number,
            whatsapp,
            email,
        },
        offers: Offers {
            services,
            sectors,
            levels,
            languages,
            states,
        },
        offices: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sent(Vec<(&'static str, String)>);

    impl Fields for Sent {
        fn field(&self, name: &str) -> &str {
            self.0
                .iter()
                .find(|(field, _)| *field == name)
                .map_or("", |(_, value)| value.as_str())
        }

        fn all(&self, name: &str) -> Vec<&str> {
            self.0
                .iter()
                .filter(|(field, _)| *field == name)
                .map(|(_, value)| value.as_str())
                .collect()
        }
    }

    fn good() -> Sent {
        let digit = crate::rfc::check_digit("PDS180715M4").unwrap();
        Sent(vec![
            ("nombre", " Península Digital ".to_owned()),
            (
                "razon_social",
                "Península Digital del Sureste, S.C.".to_owned(),
            ),
            ("rfc", format!("pds-180715-m4{digit}")),
            (
                "descripcion",
                "Administración de servidores\r\ny escritorios MxOS.".to_owned(),
            ),
            ("estado", "YUC".to_owned()),
            ("ciudad", "Mérida".to_owned()),
            ("domicilio", "Calle 60 No. 450, Centro".to_owned()),
            ("remoto", "si".to_owned()),
            ("horario", "24x7".to_owned()),
            ("servicio", "migracion".to_owned()),
            ("servicio", "instalacion".to_owned()),
            ("sector", "salud".to_owned()),
            ("nivel", "1h".to_owned()),
            ("idioma", "yua".to_owned()),
            ("idioma", "es".to_owned()),
            ("cubre", "CAM".to_owned()),
            ("cubre", "ROO".to_owned()),
            ("web", "https://peninsuladigital.mx".to_owned()),
            ("telefono", "+52 (999) 555-0101".to_owned()),
            ("whatsapp", String::new()),
            ("correo", "Hola@PeninsulaDigital.mx".to_owned()),
        ])
    }

    #[test]
    fn a_good_application_reads_whole() {
        let partner = read(&good()).unwrap();
        assert_eq!(partner.name, "Península Digital");
        assert_eq!(partner.rfc.as_str().len(), 12);
        assert_eq!(
            partner.description,
            "Administración de servidores\ny escritorios MxOS."
        );
        assert!(partner.nationwide);
        assert_eq!(
            partner.offers.services,
            [Service::Installation, Service::Migration]
        );
        assert_eq!(partner.offers.languages.stored(), "es,yua");
        assert_eq!(partner.offers.states.len(), 2);
        assert_eq!(partner.contact.web, "https://peninsuladigital.mx/");
        assert_eq!(partner.contact.whatsapp, "");
        assert_eq!(partner.contact.email, "hola@peninsuladigital.mx");
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let mut sent = good();
        for (field, value) in &mut sent.0 {
            match *field {
                "rfc" => *value = "GODE561231GR9".to_owned(),
                "nombre" => *value = " ".to_owned(),
                "web" => *value = "javascript:alert(1)".to_owned(),
                "telefono" => *value = "999".to_owned(),
                "servicio" => *value = "magia".to_owned(),
                "estado" => *value = "EXT".to_owned(),
                "correo" => *value = "no es correo".to_owned(),
                _ => {}
            }
        }
        let problems = read(&sent).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|problem| problem.field).collect();
        assert_eq!(
            fields,
            [
                "nombre", "correo", "web", "telefono", "rfc", "estado", "servicio", "servicio"
            ]
        );
        assert!(problems.contains(&Problem {
            field: "rfc",
            message: "partners-rfc-check-digit"
        }));
        assert_eq!(read(&Sent(Vec::new())).unwrap_err().len(), 11);
    }

    #[test]
    fn phones_and_addresses_are_read_as_people_write_them() {
        assert!(phone("+52 999 123 4567").is_some());
        assert!(phone("(999) 123-4567").is_some());
        assert!(phone("999 123 4567 ext 2").is_none());
        assert!(phone("52+9991234567").is_none());
        assert!(web("http://ejemplo.mx/ruta").is_some());
        assert!(web("ftp://ejemplo.mx").is_none());
        assert!(web("https://localhost").is_none());
    }
}
