//! The directory's filters as its address carries them (`/socios?estado=YUC&horario=24x7`),
//! read into a [`Filter`] that holds only good values, and back into an address, so
//! every combination of filters has its own URL and works without JavaScript.

use soporte_platform::accounts::profile::{LANGUAGES, StateCode};

use crate::catalog::{Hours, Level, Sector, Service};

/// Where a buyer needs support: a state (partners that cover it, on site or remotely
/// from elsewhere), or remote support anywhere in the country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    State(StateCode),
    Nationwide,
}

/// The value of "remote, whole country" in addresses.
pub const NATIONWIDE: &str = "remoto";

/// The smallest numbers of certified people a buyer may ask for.
pub const CERTIFIED_MINIMUMS: [i64; 4] = [1, 3, 5, 10];

/// How the results are sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Verified first, then an office in the state asked for, then certified people
    /// (see [`crate::store::search`]).
    #[default]
    Relevance,
    Certified,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Certified, Sort::Name];

    pub fn param(self) -> &'static str {
        match self {
            Sort::Relevance => "",
            Sort::Certified => "certificadas",
            Sort::Name => "nombre",
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Sort::Relevance => "partners-sort-relevance",
            Sort::Certified => "partners-sort-certified",
            Sort::Name => "partners-sort-name",
        }
    }
}

/// The filters as the address sends them (kept as sent, for the form).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pub estado: String,
    pub ciudad: String,
    pub servicio: Vec<String>,
    pub sector: String,
    pub horario: String,
    pub nivel: String,
    pub idioma: String,
    pub certificadas: String,
    pub verificado: String,
    pub orden: String,
    pub pagina: Option<String>,
}

impl Params {
    /// The filters a query string names; anything else in it is left out.
    pub fn from_query(query: &str) -> Params {
        let mut params = Params::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let value = soporte_platform::text::clean(&value).trim().to_owned();
            match name.as_ref() {
                "estado" => params.estado = value,
                "ciudad" => params.ciudad = value,
                "servicio" if !value.is_empty() && !params.servicio.contains(&value) => {
                    params.servicio.push(value);
                }
                "sector" => params.sector = value,
                "horario" => params.horario = value,
                "nivel" => params.nivel = value,
                "idioma" => params.idioma = value,
                "certificadas" => params.certificadas = value,
                "verificado" => params.verificado = value,
                "orden" => params.orden = value,
                "pagina" => params.pagina = Some(value),
                _ => {}
            }
        }
        params
    }

    /// The filters as `(name, value)` pairs, without the page (empty ones are left out
    /// by whoever writes the address).
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![("estado", self.estado.as_str()), ("ciudad", &self.ciudad)];
        pairs.extend(
            self.servicio
                .iter()
                .map(|service| ("servicio", service.as_str())),
        );
        pairs.extend([
            ("sector", self.sector.as_str()),
            ("horario", &self.horario),
            ("nivel", &self.nivel),
            ("idioma", &self.idioma),
            ("certificadas", &self.certificadas),
            ("verificado", &self.verificado),
            ("orden", &self.orden),
        ]);
        pairs
    }
}

/// Filters that hold only good values; a value the lists do not know is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub place: Option<Place>,
    /// A city's key ([`city_key`]), only with a state.
    pub city: Option<String>,
    /// Every one of these, in the catalog's order.
    pub services: Vec<Service>,
    pub sector: Option<Sector>,
    pub hours: Option<Hours>,
    pub level: Option<Level>,
    pub language: Option<&'static str>,
    /// At least this many certified people.
    pub certified: Option<i64>,
    /// Only partners whose verification is in force.
    pub verified: bool,
    pub sort: Sort,
}

/// The key a city is filtered by: its name folded and slugged (`Mérida` → `merida`).
pub fn city_key(name: &str) -> String {
    soporte_platform::text::slug(name)
}

impl Filter {
    pub fn read(params: &Params) -> Filter {
        let place = match params.estado.as_str() {
            NATIONWIDE => Some(Place::Nationwide),
            code => code
                .parse::<StateCode>()
                .ok()
                .filter(|code| code.as_str() != "EXT")
                .map(Place::State),
        };
        let city = city_key(&params.ciudad);
        Filter {
            city: (matches!(place, Some(Place::State(_))) && !city.is_empty()).then_some(city),
            place,
            services: Service::ALL
                .iter()
                .copied()
                .filter(|service| params.servicio.iter().any(|asked| asked == service.param()))
                .collect(),
            sector: Sector::parse(&params.sector),
            hours: Hours::parse(&params.horario),
            level: Level::parse(&params.nivel),
            language: LANGUAGES
                .iter()
                .copied()
                .find(|code| *code == params.idioma),
            certified: params
                .certificadas
                .parse()
                .ok()
                .filter(|minimum| CERTIFIED_MINIMUMS.contains(minimum)),
            verified: params.verificado == "si",
            sort: Sort::ALL
                .into_iter()
                .find(|sort| !params.orden.is_empty() && sort.param() == params.orden)
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_address_reads_into_good_values_and_back() {
        let query = "estado=YUC&ciudad=M%C3%A9rida&servicio=migracion&servicio=instalacion\
                     &servicio=migracion&sector=gobierno&horario=24x7&nivel=1h&idioma=yua\
                     &certificadas=3&verificado=si&orden=nombre&pagina=2&otro=x";
        let params = Params::from_query(query);
        assert_eq!(params.servicio, ["migracion", "instalacion"]);
        assert_eq!(params.pagina.as_deref(), Some("2"));
        let filter = Filter::read(&params);
        assert_eq!(
            filter,
            Filter {
                place: Some(Place::State("YUC".parse().unwrap())),
                city: Some("merida".to_owned()),
                services: vec![Service::Installation, Service::Migration],
                sector: Some(Sector::Government),
                hours: Some(Hours::Always),
                level: Some(Level::OneHour),
                language: Some("yua"),
                certified: Some(3),
                verified: true,
                sort: Sort::Name,
            }
        );
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in params.pairs().into_iter().filter(|(_, v)| !v.is_empty()) {
            url.append_pair(name, value);
        }
        assert_eq!(Params::from_query(&url.finish()).pairs(), params.pairs());
    }

    #[test]
    fn unknown_values_are_no_filter() {
        let params = Params::from_query(
            "estado=XX&ciudad=Tijuana&servicio=magia&sector=x&horario=8x5&nivel=0\
             &idioma=fr&certificadas=2&verificado=1&orden=azar",
        );
        assert_eq!(Filter::read(&params), Filter::default());
        // Outside Mexico is not a place the directory serves; a city needs its state.
        assert_eq!(Filter::read(&Params::from_query("estado=EXT")).place, None);
        let nationwide = Filter::read(&Params::from_query("estado=remoto&ciudad=Mérida"));
        assert_eq!(
            (nationwide.place, nationwide.city),
            (Some(Place::Nationwide), None)
        );
    }
}
