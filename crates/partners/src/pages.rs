//! The directory's pages: the public directory with its filters (each combination its
//! own address, all of it without JavaScript) and a partner's public profile with its
//! coverage map.

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use soporte_platform::accounts::profile::{LANGUAGES, STATES, StateCode};
use soporte_platform::attachments::FormData;
use soporte_platform::i18n::Locale;
use soporte_platform::rate_limit;
use soporte_platform::storage::now_ms;
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::paging::{PageLinks, Paging};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::application::Fields;
use crate::catalog::Choices;
use crate::directory::{CERTIFIED_MINIMUMS, Filter, NATIONWIDE, Params, Place, Sort};
use crate::lead::{self, Size, Urgency};
use crate::leads;
use crate::map::{self, Presence};
use crate::profile::{Status, Verification};
use crate::store::{self, Listed, Partner, PartnersError};

pub(crate) type Answer = Result<Response, WebError>;

/// The directory.
pub const HOME: &str = "/socios";
/// Addresses under the directory that are not partners' profiles: no slug takes them.
pub const RESERVED: [&str; 4] = ["solicitar", "mi-empresa", "revision", "documentos"];
/// Partners a directory page shows at a time.
const PER_PAGE: u32 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME, get(directory))
        .route("/socios/{slug}", get(profile))
        .route("/socios/{slug}/contacto", axum::routing::post(contact))
        .merge(crate::apply::routes())
        .merge(crate::review_pages::routes())
}

/// A choice of a `<select>` or a checkbox.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Every item of a catalog, those in `chosen` chosen.
fn choices<T: Choices>(state: &AppState, locale: Locale, chosen: &[T]) -> Vec<Choice> {
    T::all()
        .iter()
        .map(|item| Choice {
            value: item.value().to_owned(),
            label: state.i18n.text(locale, item.name_id()),
            selected: chosen.contains(item),
        })
        .collect()
}

/// A state's name in `locale`.
pub(crate) fn state_name(state: &AppState, locale: Locale, code: &str) -> String {
    state.i18n.text(locale, &format!("state-{code}"))
}

/// What a page says of a partner's verification at `now`: its CSS class and words.
pub(crate) fn verification_words(
    state: &AppState,
    locale: Locale,
    verification: Verification,
) -> Option<(&'static str, String)> {
    match verification {
        Verification::Current { until } => Some((
            "verified",
            state.i18n.text_with(
                locale,
                "partners-verified-until",
                &[("date", &soporte_platform::text::day(until))],
            ),
        )),
        Verification::Expired { since } => Some((
            "expired",
            state.i18n.text_with(
                locale,
                "partners-verification-expired",
                &[("date", &soporte_platform::text::day(since))],
            ),
        )),
        Verification::None => None,
    }
}

/// A partner in the directory's results, ready for the page.
struct Card {
    href: String,
    name: String,
    place: String,
    hours: String,
    certified: String,
    verification: Option<(&'static str, String)>,
    services: String,
}

fn card(state: &AppState, locale: Locale, listed: &Listed, now: i64) -> Card {
    let mut place = format!(
        "{}, {}",
        listed.city,
        state_name(state, locale, &listed.state)
    );
    if listed.nationwide {
        place.push_str(" · ");
        place.push_str(&state.i18n.text(locale, "partners-nationwide-short"));
    }
    Card {
        href: store::path(&listed.slug),
        name: listed.name.clone(),
        place,
        hours: state.i18n.text(locale, listed.hours.message_id()),
        certified: state.i18n.text_count(
            locale,
            "partners-certified-count",
            "count",
            listed.certified,
        ),
        verification: verification_words(
            state,
            locale,
            Verification::at(listed.verified_until, now),
        ),
        services: listed
            .services
            .iter()
            .map(|service| state.i18n.text(locale, service.message_id()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[derive(Template)]
#[template(path = "partners/directory.html")]
struct DirectoryTemplate<'a> {
    shell: Shell<'a>,
    found: String,
    cards: Vec<Card>,
    paging: PageLinks,
    places: Vec<Choice>,
    cities: Vec<Choice>,
    services: Vec<Choice>,
    sectors: Vec<Choice>,
    hours: Vec<Choice>,
    levels: Vec<Choice>,
    languages: Vec<Choice>,
    certified: Vec<Choice>,
    sorts: Vec<Choice>,
    verified: bool,
}

/// `GET /socios`: the directory, filtered as its address says.
async fn directory(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::from_query(query.as_deref().unwrap_or_default());
    let filter = Filter::read(&params);
    let locale = visit.locale;
    let now = now_ms();
    let paging = Paging::new(params.pagina.as_deref(), PER_PAGE);
    let total = store::count(&state.db, &filter, now).await?;
    let listed = store::search(&state.db, &filter, now, (paging.limit(), paging.offset())).await?;
    let (listed, links) = paging.page(listed, HOME, &params.pairs());
    let chosen_state = match filter.place {
        Some(Place::State(code)) => Some(code),
        _ => None,
    };
    let cities = match chosen_state {
        Some(code) => store::cities(&state.db, code)
            .await?
            .into_iter()
            .map(|(key, name)| Choice {
                selected: filter.city.as_deref() == Some(key.as_str()),
                value: name.clone(),
                label: name,
            })
            .collect(),
        None => Vec::new(),
    };
    let mut places = vec![Choice {
        value: NATIONWIDE.to_owned(),
        label: state.i18n.text(locale, "partners-nationwide"),
        selected: filter.place == Some(Place::Nationwide),
    }];
    places.extend(
        STATES
            .iter()
            .filter(|code| **code != "EXT")
            .map(|code| Choice {
                value: (*code).to_owned(),
                label: state_name(&state, locale, code),
                selected: chosen_state.map(StateCode::as_str) == Some(code),
            }),
    );
    let page = DirectoryTemplate {
        shell: Shell::new(&state, &visit, HOME),
        found: state
            .i18n
            .text_count(locale, "partners-found", "count", total),
        cards: listed
            .iter()
            .map(|listed| card(&state, locale, listed, now))
            .collect(),
        paging: links,
        places,
        cities,
        services: choices(&state, locale, &filter.services),
        sectors: choices(&state, locale, filter.sector.as_slice()),
        hours: choices(&state, locale, filter.hours.as_slice()),
        levels: choices(&state, locale, filter.level.as_slice()),
        languages: LANGUAGES
            .iter()
            .map(|code| Choice {
                value: (*code).to_owned(),
                label: state.i18n.text(locale, &format!("language-{code}")),
                selected: filter.language == Some(*code),
            })
            .collect(),
        certified: CERTIFIED_MINIMUMS
            .iter()
            .map(|minimum| Choice {
                value: minimum.to_string(),
                label: state.i18n.text_count(
                    locale,
                    "partners-certified-at-least",
                    "count",
                    *minimum,
                ),
                selected: filter.certified == Some(*minimum),
            })
            .collect(),
        sorts: Sort::ALL
            .iter()
            .map(|sort| Choice {
                value: sort.param().to_owned(),
                label: state.i18n.text(locale, sort.message_id()),
                selected: filter.sort == *sort,
            })
            .collect(),
        verified: filter.verified,
    };
    Ok(Page(page.render()).into_response())
}

/// One of a partner's ways to be reached, for the page.
struct Channel {
    label: String,
    text: String,
    href: String,
}

fn channels(state: &AppState, locale: Locale, partner: &Partner) -> Vec<Channel> {
    let contact = &partner.contact;
    let digits = |text: &str| -> String { text.chars().filter(char::is_ascii_digit).collect() };
    let mut channels = Vec::new();
    let mut add = |label: &str, text: &str, href: String| {
        if !text.is_empty() {
            channels.push(Channel {
                label: state.i18n.text(locale, label),
                text: text.to_owned(),
                href,
            });
        }
    };
    if contact.web.starts_with("https://") || contact.web.starts_with("http://") {
        add("partners-channel-web", &contact.web, contact.web.clone());
    }
    add(
        "partners-channel-phone",
        &contact.phone,
        format!("tel:+{}", digits(&contact.phone)),
    );
    add(
        "partners-channel-whatsapp",
        &contact.whatsapp,
        format!("https://wa.me/{}", digits(&contact.whatsapp)),
    );
    add(
        "partners-channel-email",
        &contact.email,
        format!("mailto:{}", contact.email),
    );
    channels
}

#[derive(Template)]
#[template(path = "partners/profile.html")]
struct ProfileTemplate<'a> {
    shell: Shell<'a>,
    partner: Partner,
    verification: Option<(&'static str, String)>,
    map: String,
    covered: Vec<String>,
    offices: Vec<String>,
    nationwide: bool,
    hours: String,
    services: Vec<String>,
    sectors: Vec<String>,
    levels: Vec<String>,
    languages: Vec<String>,
    certified: String,
    channels: Vec<Channel>,
    /// The request form, when the partner has a desk to take requests.
    contact: Option<ContactForm>,
    /// The notice after a request was sent: its ticket's number.
    sent: Option<String>,
}

/// The request form on a partner's profile.
pub(crate) struct ContactForm {
    action: String,
    /// The signed-in person's name and address (then not asked for).
    viewer: Option<(String, String)>,
    draft: Vec<(&'static str, String)>,
    problems: Vec<(String, String)>,
    invalid: Vec<&'static str>,
    sizes: Vec<Choice>,
    states: Vec<Choice>,
    services: Vec<Choice>,
    urgencies: Vec<Choice>,
}

impl ContactForm {
    fn value(&self, field: &str) -> &str {
        self.draft
            .iter()
            .find(|(name, _)| *name == field)
            .map_or("", |(_, value)| value.as_str())
    }

    fn bad(&self, field: &str) -> bool {
        self.invalid.contains(&field)
    }
}

/// The fields the request form sends.
const CONTACT_FIELDS: [&str; 8] = [
    "nombre",
    "organizacion",
    "correo",
    "tamano",
    "estado",
    "servicio",
    "urgencia",
    "necesidad",
];

/// `(value, Fluent id)` of each choice, named in `locale`.
fn named(
    state: &AppState,
    locale: Locale,
    items: Vec<(&'static str, &'static str)>,
) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(value, id)| (value.to_owned(), state.i18n.text(locale, id)))
        .collect()
}

fn contact_form(
    state: &AppState,
    visit: &Visit,
    partner: &Partner,
    sent: Option<&FormData>,
    problems: &[crate::application::Problem],
) -> ContactForm {
    let locale = visit.locale;
    let draft: Vec<(&'static str, String)> = CONTACT_FIELDS
        .iter()
        .map(|field| (*field, sent.map_or("", |sent| sent.field(field)).to_owned()))
        .collect();
    let pick = |all: Vec<(String, String)>, field: &str| -> Vec<Choice> {
        let chosen = draft
            .iter()
            .find(|(name, _)| *name == field)
            .map_or("", |(_, value)| value.as_str());
        all.into_iter()
            .map(|(value, label)| Choice {
                selected: value == chosen,
                value,
                label,
            })
            .collect()
    };
    let sizes = named(
        state,
        locale,
        Size::ALL
            .iter()
            .map(|s| (s.param(), s.message_id()))
            .collect(),
    );
    let services = named(
        state,
        locale,
        partner
            .offers
            .services
            .iter()
            .map(|s| (s.param(), s.message_id()))
            .collect(),
    );
    let urgencies = named(
        state,
        locale,
        Urgency::ALL
            .iter()
            .map(|u| (u.param(), u.message_id()))
            .collect(),
    );
    let states = STATES
        .iter()
        .filter(|code| **code != "EXT")
        .map(|code| ((*code).to_owned(), state_name(state, locale, code)))
        .collect();
    ContactForm {
        action: format!("{}/contacto", store::path(&partner.slug)),
        viewer: visit
            .viewer
            .as_ref()
            .map(|viewer| (viewer.display_name.clone(), viewer.email.clone())),
        problems: problems
            .iter()
            .map(|problem| {
                (
                    problem.field.to_owned(),
                    state.i18n.text(locale, problem.message),
                )
            })
            .collect(),
        invalid: problems.iter().map(|problem| problem.field).collect(),
        sizes: pick(sizes, "tamano"),
        states: pick(states, "estado"),
        services: pick(services, "servicio"),
        urgencies: pick(urgencies, "urgencia"),
        draft,
    }
}

/// The listed partner at `slug`; a 404 that says so otherwise.
async fn listed_partner(state: &AppState, slug: &str) -> Result<Partner, WebError> {
    store::by_slug(&state.db, slug)
        .await?
        .filter(|partner| partner.status == Status::Approved)
        .ok_or_else(|| WebError::not_found().saying("partners-unknown-title", "partners-unknown"))
}

/// `GET /socios/{slug}`: a listed partner's public profile (`?enviado=N` after a
/// request became ticket N of its desk).
async fn profile(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let partner = listed_partner(&state, &slug).await?;
    let sent = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "enviado")
        .and_then(|(_, number)| number.parse::<i64>().ok())
        .map(|number| {
            state.i18n.text_with(
                visit.locale,
                "partners-lead-sent",
                &[("partner", &partner.name), ("number", &number.to_string())],
            )
        });
    let contact = partner
        .desk
        .is_some()
        .then(|| contact_form(&state, &visit, &partner, None, &[]));
    profile_page(&state, &visit, partner, (contact, sent), StatusCode::OK)
}

fn profile_page(
    state: &AppState,
    visit: &Visit,
    partner: Partner,
    (contact, sent): (Option<ContactForm>, Option<String>),
    status: StatusCode,
) -> Answer {
    let locale = visit.locale;

    let now = now_ms();
    let name = |code: &str| state_name(state, locale, code);
    let mut covered: Vec<String> = map::TILES
        .iter()
        .map(|(code, _, _)| *code)
        .filter(|code| partner.covers(code))
        .map(name)
        .collect();
    covered.sort_by_cached_key(|name| soporte_platform::text::fold(name));
    let summary = if partner.nationwide {
        state.i18n.text(locale, "partners-map-summary-nationwide")
    } else {
        state.i18n.text_with(
            locale,
            "partners-map-summary",
            &[("states", &covered.join(", "))],
        )
    };
    let presence = |code: &str| {
        if partner
            .offices
            .iter()
            .any(|office| office.state.as_str() == code)
        {
            Presence::Office
        } else if partner.covers(code) {
            Presence::Covered
        } else {
            Presence::NotCovered
        }
    };
    let tell = |code: &str, presence: Presence| {
        let id = match presence {
            Presence::Office => "partners-map-office",
            Presence::Covered => "partners-map-covered",
            Presence::NotCovered => "partners-map-not-covered",
        };
        state.i18n.text_with(locale, id, &[("state", &name(code))])
    };
    let map = map::svg(
        (&state.i18n.text(locale, "partners-map-title"), &summary),
        presence,
        tell,
    );
    let texts = |ids: Vec<&'static str>| -> Vec<String> {
        ids.into_iter()
            .map(|id| state.i18n.text(locale, id))
            .collect()
    };
    let page = ProfileTemplate {
        shell: Shell::new(state, visit, &store::path(&partner.slug)),
        contact,
        sent,
        verification: verification_words(state, locale, partner.verification(now)),
        map,
        covered,
        offices: partner
            .offices
            .iter()
            .map(|office| format!("{}, {}", office.city, name(office.state.as_str())))
            .collect(),
        nationwide: partner.nationwide,
        hours: state.i18n.text(locale, partner.hours.message_id()),
        services: texts(
            partner
                .offers
                .services
                .iter()
                .map(|s| s.message_id())
                .collect(),
        ),
        sectors: texts(
            partner
                .offers
                .sectors
                .iter()
                .map(|s| s.message_id())
                .collect(),
        ),
        levels: texts(
            partner
                .offers
                .levels
                .iter()
                .map(|l| l.message_id())
                .collect(),
        ),
        languages: LANGUAGES
            .iter()
            .filter(|code| partner.offers.languages.contains(code))
            .map(|code| state.i18n.text(locale, &format!("language-{code}")))
            .collect(),
        certified: state.i18n.text_count(
            locale,
            "partners-certified-count",
            "count",
            partner.certified,
        ),
        channels: channels(state, locale, &partner),
        partner,
    };
    Ok((status, Page(page.render())).into_response())
}

/// The form's fields, with the signed-in person's name and address in place of any
/// sent.
struct AsSent<'a> {
    sent: &'a FormData,
    viewer: Option<&'a soporte_platform::accounts::sessions::Viewer>,
}

impl Fields for AsSent<'_> {
    fn field(&self, name: &str) -> &str {
        match (name, self.viewer) {
            ("nombre", Some(viewer)) => &viewer.display_name,
            ("correo", Some(viewer)) => &viewer.email,
            _ => self.sent.field(name),
        }
    }

    fn all(&self, name: &str) -> Vec<&str> {
        vec![self.field(name)]
    }
}

/// `POST /socios/{slug}/contacto`: a buyer's request, taken to the partner's desk.
/// Limited per client address and per email address; spam is refused.
async fn contact(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path(slug): Path<String>,
    sent: FormData,
) -> Answer {
    let partner = listed_partner(&state, &slug).await?;
    if partner.desk.is_none() {
        return Err(WebError::not_found());
    }
    let fields = AsSent {
        sent: &sent,
        viewer: visit.viewer.as_ref(),
    };
    let back = |problems: &[crate::application::Problem], status: StatusCode| {
        let form = contact_form(&state, &visit, &partner, Some(&sent), problems);
        profile_page(&state, &visit, partner.clone(), (Some(form), None), status)
    };
    let email = fields.field("correo").trim().to_lowercase();
    for (limit, key) in [
        (lead::PER_CLIENT, rate_limit::client_key(client)),
        (lead::PER_EMAIL, email),
    ] {
        if let rate_limit::Decision::Limited { retry_after } =
            rate_limit::hit(&state.db, limit, &key).await?
        {
            let problem = crate::application::Problem {
                field: "",
                message: "partners-lead-limited",
            };
            let page = back(&[problem], StatusCode::TOO_MANY_REQUESTS)?;
            return Ok(soporte_platform::web::too_many_requests(page, retry_after));
        }
    }
    let lead = match lead::read(&fields, &partner.offers.services) {
        Ok(lead) => lead,
        Err(problems) => return back(&problems, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let signed_in = visit.viewer.as_ref().map(|viewer| viewer.user_id);
    match leads::send(&state, &partner, &lead, (signed_in, visit.locale), now_ms()).await {
        Ok(sent) => Ok(see_other(&format!(
            "{}?enviado={}",
            store::path(&partner.slug),
            sent.number
        ))),
        Err(PartnersError::Problem(message)) => back(
            &[crate::application::Problem { field: "", message }],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(PartnersError::Database(error)) => Err(error.into()),
    }
}
