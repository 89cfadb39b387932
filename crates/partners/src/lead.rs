//! A buyer's request to a partner from its profile (a lead), as plain rules: the form
//! read into a [`Lead`] or the list of what to mend, the spam rule, the rate limits, and
//! the ticket's words. [`crate::leads`] writes it and takes it to the partner's desk.

use soporte_platform::accounts::profile::StateCode;
use soporte_platform::accounts::{DisplayName, Email};
use soporte_platform::handover::Urgency as DeskUrgency;
use soporte_platform::rate_limit::Limit;

use crate::application::{Fields, Problem};
use crate::catalog::Service;

catalog!(
    /// How many people the buyer's organization has.
    Size, "partners-size-", "size" {
        Micro => "1-10",
        Small => "11-50",
        Medium => "51-250",
        Large => "mas-de-250",
    }
);

catalog!(
    /// How soon the buyer needs an answer.
    Urgency, "partners-urgency-", "urgency" {
        Low => "baja",
        Normal => "normal",
        High => "alta",
        Critical => "critica",
    }
);

impl Urgency {
    pub fn for_desk(self) -> DeskUrgency {
        match self {
            Urgency::Low => DeskUrgency::Low,
            Urgency::Normal => DeskUrgency::Normal,
            Urgency::High => DeskUrgency::High,
            Urgency::Critical => DeskUrgency::Critical,
        }
    }
}

/// Requests from one address (IPv4, or an IPv6 /64).
pub const PER_CLIENT: Limit = Limit {
    name: "lead-ip",
    max: 5,
    window: std::time::Duration::from_secs(60 * 60),
};

/// Requests for one email address: what anyone can make a partner's desk and our mail
/// send to one person.
pub const PER_EMAIL: Limit = Limit {
    name: "lead-email",
    max: 3,
    window: std::time::Duration::from_secs(60 * 60),
};

/// The longest need, in characters.
pub const NEED_MAX: usize = 4000;
/// The most links a need may carry.
pub const LINKS_MAX: usize = 2;

/// A buyer's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    pub name: DisplayName,
    pub email: Email,
    pub organization: String,
    pub size: Size,
    pub state: StateCode,
    pub service: Service,
    pub urgency: Urgency,
    /// Markdown.
    pub need: String,
}

/// Whether `need` looks like spam: more links than a need carries.
pub fn looks_like_spam(need: &str) -> bool {
    soporte_platform::markup::links_and_images(need) > LINKS_MAX
        || need.matches("http://").count() + need.matches("https://").count() > LINKS_MAX
}

/// Reads a request for a partner that gives `services`; every problem at once.
pub fn read(sent: &dyn Fields, services: &[Service]) -> Result<Lead, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &'static str, message: &'static str| {
        problems.push(Problem { field, message });
    };
    let name = sent.field("nombre").parse::<DisplayName>().ok();
    if name.is_none() {
        problem("nombre", "partners-lead-name");
    }
    let email = sent.field("correo").parse::<Email>().ok();
    if email.is_none() {
        problem("correo", "partners-apply-email");
    }
    let organization = sent.field("organizacion").trim().to_owned();
    let organization_length = organization.chars().count();
    if !(2..=120).contains(&organization_length) || organization.chars().any(char::is_control) {
        problem("organizacion", "partners-lead-organization");
    }
    let size = Size::parse(sent.field("tamano"));
    if size.is_none() {
        problem("tamano", "partners-lead-size");
    }
    let state = sent
        .field("estado")
        .parse::<StateCode>()
        .ok()
        .filter(|state| state.as_str() != "EXT");
    if state.is_none() {
        problem("estado", "partners-apply-state");
    }
    let service =
        Service::parse(sent.field("servicio")).filter(|service| services.contains(service));
    if service.is_none() {
        problem("servicio", "partners-lead-service");
    }
    let urgency = Urgency::parse(sent.field("urgencia"));
    if urgency.is_none() {
        problem("urgencia", "partners-lead-urgency");
    }
    let need = sent
        .field("necesidad")
        .replace("\r\n", "\n")
        .trim()
        .to_owned();
    let need_length = need.chars().count();
    if !(20..=NEED_MAX).contains(&need_length) {
        problem("necesidad", "partners-lead-need");
    } else if looks_like_spam(&need) {
        problem("necesidad", "partners-lead-spam");
    }
    match (name, email, size, state, service, urgency) {
        (Some(name), Some(email), Some(size), Some(state), Some(service), Some(urgency))
            if problems.is_empty() =>
        {
            Ok(Lead {
                name,
                email,
                organization,
                size,
                state,
                service,
                urgency,
                need,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sent(Vec<(&'static str, &'static str)>);

    impl Fields for Sent {
        fn field(&self, name: &str) -> &str {
            self.0
                .iter()
                .find(|(field, _)| *field == name)
                .map_or("", |(_, value)| value)
        }

        fn all(&self, name: &str) -> Vec<&str> {
            self.0
                .iter()
                .filter(|(field, _)| *field == name)
                .map(|(_, value)| *value)
                .collect()
        }
    }

    fn good() -> Sent {
        Sent(vec![
            ("nombre", "Marta Canul"),
            ("correo", "marta@hospital-merida.mx"),
            ("organizacion", "Hospital de Mérida"),
            ("tamano", "51-250"),
            ("estado", "YUC"),
            ("servicio", "administracion"),
            ("urgencia", "alta"),
            (
                "necesidad",
                "Necesitamos soporte 24/7 para 40 escritorios MxOS y dos servidores.",
            ),
        ])
    }

    #[test]
    fn a_good_request_reads_whole() {
        let lead = read(&good(), &[Service::Administration]).unwrap();
        assert_eq!(lead.size, Size::Medium);
        assert_eq!(lead.urgency.for_desk(), DeskUrgency::High);
        assert_eq!(lead.email.as_str(), "marta@hospital-merida.mx");
    }

    #[test]
    fn a_service_the_partner_does_not_give_and_links_are_refused() {
        let problems = read(&good(), &[Service::Training]).unwrap_err();
        assert_eq!(
            problems,
            [Problem {
                field: "servicio",
                message: "partners-lead-service"
            }]
        );
        let mut spam = good();
        spam.0.retain(|(field, _)| *field != "necesidad");
        spam.0.push((
            "necesidad",
            "Compra ya https://a.example https://b.example https://c.example barato",
        ));
        let problems = read(&spam, &[Service::Administration]).unwrap_err();
        assert_eq!(
            problems,
            [Problem {
                field: "necesidad",
                message: "partners-lead-spam"
            }]
        );
        assert!(!looks_like_spam(
            "Vean https://mxos.mx y https://docs.mxos.mx"
        ));
        assert_eq!(read(&Sent(Vec::new()), &[]).unwrap_err().len(), 8);
    }
}
