//! Lists of reports: the filters a list takes from its address (product, component,
//! series, status, importance, assignee, reporter, tag, text), read into a [`Filter`]
//! that holds only good values, and the one query every list, feed and export runs.

use soporte_platform::i18n::Locale;
use soporte_platform::searchable::Finder;
use soporte_platform::storage::{Db, UserId};

use crate::catalog::Product;
use crate::status::{Importance, Status};
use crate::{BugId, ComponentId, ProductId, SeriesId};

/// Which statuses a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statuses {
    /// Every status but the closed ones (the default).
    Open,
    All,
    One(Status),
}

impl Statuses {
    pub fn param(self) -> &'static str {
        match self {
            Statuses::Open => "",
            Statuses::All => "todos",
            Statuses::One(status) => status.as_str(),
        }
    }

    fn parse(text: &str) -> Statuses {
        match text {
            "todos" => Statuses::All,
            other => Status::parse(other).map_or(Statuses::Open, Statuses::One),
        }
    }
}

/// How a list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// By relevance when the list is a text search, else by heat.
    Default,
    Heat,
    Newest,
    Updated,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Default, Sort::Heat, Sort::Newest, Sort::Updated];

    pub fn param(self) -> &'static str {
        match self {
            Sort::Default => "",
            Sort::Heat => "calor",
            Sort::Newest => "recientes",
            Sort::Updated => "actividad",
        }
    }

    fn parse(text: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|sort| sort.param() == text)
            .unwrap_or(Sort::Default)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Sort::Default => "bugs-sort-default",
            Sort::Heat => "bugs-sort-heat",
            Sort::Newest => "bugs-sort-newest",
            Sort::Updated => "bugs-sort-updated",
        }
    }

    fn order(self) -> &'static str {
        match self {
            Sort::Default | Sort::Heat => "b.heat DESC, b.id DESC",
            Sort::Newest => "b.id DESC",
            Sort::Updated => "b.updated_at DESC, b.id DESC",
        }
    }
}

/// A list's filters as its address carries them (kept as sent, for the form).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Params {
    #[serde(default)]
    pub producto: String,
    #[serde(default)]
    pub componente: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub estado: String,
    #[serde(default)]
    pub importancia: String,
    #[serde(default)]
    pub asignado: String,
    #[serde(default)]
    pub reportero: String,
    #[serde(default)]
    pub etiqueta: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub orden: String,
    #[serde(default)]
    pub pagina: Option<String>,
}

impl Params {
    /// The filters as `(name, value)` pairs for links (empty ones left out by whoever
    /// writes the address), without the page.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("producto", self.producto.as_str()),
            ("componente", &self.componente),
            ("version", &self.version),
            ("estado", &self.estado),
            ("importancia", &self.importancia),
            ("asignado", &self.asignado),
            ("reportero", &self.reportero),
            ("etiqueta", &self.etiqueta),
            ("q", &self.q),
            ("orden", &self.orden),
        ]
    }

    /// The filters a query string (`producto=mxos&estado=todos`) names; anything else
    /// in it is left out.
    pub fn from_query(query: &str) -> Params {
        let mut params = Params::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let value = soporte_platform::text::clean(&value).into_owned();
            match name.as_ref() {
                "producto" => params.producto = value,
                "componente" => params.componente = value,
                "version" => params.version = value,
                "estado" => params.estado = value,
                "importancia" => params.importancia = value,
                "asignado" => params.asignado = value,
                "reportero" => params.reportero = value,
                "etiqueta" => params.etiqueta = value,
                "q" => params.q = value,
                "orden" => params.orden = value,
                _ => {}
            }
        }
        params
    }

    /// The filters as a query string (`producto=mxos&estado=todos`), maybe empty.
    pub fn query(&self) -> String {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.pairs().into_iter().filter(|(_, v)| !v.is_empty()) {
            url.append_pair(name, value);
        }
        url.finish()
    }
}

/// Filters that hold only good values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub product: Option<ProductId>,
    pub component: Option<ComponentId>,
    pub series: Option<SeriesId>,
    pub fixed_series: Option<SeriesId>,
    pub statuses: Option<Statuses>,
    pub importance: Option<Importance>,
    pub assignee: Option<UserId>,
    pub reporter: Option<UserId>,
    pub tag: Option<String>,
    /// Words the reports must answer, through the one search (none: no text asked).
    pub text: Option<String>,
    pub sort: Option<Sort>,
}

/// Why a list's address was refused: it names something that does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownProduct;

impl Filter {
    /// `params` read against the products there are. A component or series is looked
    /// for in the product named; an unknown product is refused (the page says so), an
    /// unknown anything else is no filter.
    pub fn read(params: &Params, products: &[Product]) -> Result<Filter, UnknownProduct> {
        let product = match params.producto.trim() {
            "" => None,
            slug => Some(
                products
                    .iter()
                    .find(|product| product.slug == slug)
                    .ok_or(UnknownProduct)?,
            ),
        };
        let tag = soporte_platform::text::slug(&params.etiqueta);
        Ok(Filter {
            product: product.map(|product| product.id),
            component: product
                .and_then(|product| product.component_slug(params.componente.trim()))
                .map(|component| component.id),
            series: product
                .and_then(|product| product.series_named(params.version.trim()))
                .map(|series| series.id),
            fixed_series: None,
            statuses: Some(Statuses::parse(params.estado.trim())),
            importance: Importance::parse(params.importancia.trim()),
            assignee: params.asignado.trim().parse().ok(),
            reporter: params.reportero.trim().parse().ok(),
            tag: (!tag.is_empty()).then_some(tag),
            text: Some(params.q.trim())
                .filter(|text| !text.is_empty())
                .map(str::to_owned),
            sort: Some(Sort::parse(params.orden.trim())),
        })
    }
}

/// A report as a list shows it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub id: BugId,
    pub title: String,
    pub product: String,
    pub component: Option<String>,
    pub status: Status,
    pub importance: Importance,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub affected: i64,
    pub heat: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A value to bind.
enum Bound {
    Int(i64),
    Text(String),
}

/// The one search, as a list with a text filter asks it.
#[derive(Clone, Copy)]
pub struct Search<'a> {
    pub finder: Option<&'a dyn Finder>,
    pub locale: Locale,
}

/// The most reports a text filter considers.
pub const FOUND_MAX: usize = 1000;

/// The reports `filter` lets through, `limit` of them after skipping `offset`. With a
/// text filter, the one search says which reports answer it: by relevance, the search
/// is asked for as many as the page needs and more only when the other filters leave
/// too few; in another order, for the [`FOUND_MAX`] best.
pub async fn list(
    db: &Db,
    search: Search<'_>,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Listed>, sqlx::Error> {
    let Some(text) = &filter.text else {
        return select(db, filter, None, Some((limit, offset))).await;
    };
    let Some(finder) = search.finder else {
        return Ok(Vec::new());
    };
    let sort = filter.sort.unwrap_or(Sort::Default);
    let page = usize::try_from(limit + offset).unwrap_or(FOUND_MAX);
    let mut asked = if sort == Sort::Default {
        page.max(1)
    } else {
        FOUND_MAX
    };
    loop {
        let prefix = format!("{}:", crate::SUBJECT);
        let found: Vec<BugId> = finder
            .find_in(text, search.locale, crate::search::COLLECTION, asked)
            .await
            .into_iter()
            .filter_map(|suggestion| suggestion.key.strip_prefix(&prefix)?.parse().ok())
            .collect();
        let exhausted = found.len() < asked || asked >= FOUND_MAX;
        if sort != Sort::Default {
            return select(db, filter, Some(&found), Some((limit, offset))).await;
        }
        let mut rows = select(db, filter, Some(&found), None).await?;
        if rows.len() >= page || exhausted {
            // In the search's order, then the page.
            let rank: std::collections::HashMap<BugId, usize> = found
                .iter()
                .enumerate()
                .map(|(rank, id)| (*id, rank))
                .collect();
            rows.sort_by_key(|row| rank.get(&row.id).copied().unwrap_or(usize::MAX));
            let start = usize::try_from(offset).unwrap_or(0).min(rows.len());
            let end = page.min(rows.len());
            return Ok(rows.drain(start..end).collect());
        }
        asked = (asked * 4).min(FOUND_MAX);
    }
}

/// The reports `filter` lets through (but its text), among `ids` when given, in the
/// filter's order; a page of them (`limit`, `offset`) or all.
async fn select(
    db: &Db,
    filter: &Filter,
    ids: Option<&[BugId]>,
    page: Option<(i64, i64)>,
) -> Result<Vec<Listed>, sqlx::Error> {
    let mut conditions: Vec<String> = Vec::new();
    let mut binds: Vec<Bound> = Vec::new();
    let mut add = |condition: &str, value: Bound| {
        binds.push(value);
        conditions.push(condition.replace('?', &format!("${}", binds.len())));
    };
    if let Some(id) = filter.product {
        add("b.product_id = ?", Bound::Int(id.get()));
    }
    if let Some(id) = filter.component {
        add("b.component_id = ?", Bound::Int(id.get()));
    }
    if let Some(id) = filter.series {
        add("b.series_id = ?", Bound::Int(id.get()));
    }
    if let Some(id) = filter.fixed_series {
        add("b.fixed_series_id = ?", Bound::Int(id.get()));
    }
    match filter.statuses {
        Some(Statuses::One(status)) => add("b.status = ?", Bound::Text(status.as_str().to_owned())),
        Some(Statuses::Open) => {
            for status in Status::ALL.into_iter().filter(|status| status.is_closed()) {
                add("b.status <> ?", Bound::Text(status.as_str().to_owned()));
            }
        }
        Some(Statuses::All) | None => {}
    }
    if let Some(importance) = filter.importance {
        add(
            "b.importance = ?",
            Bound::Text(importance.as_str().to_owned()),
        );
    }
    if let Some(id) = filter.assignee {
        add("b.assignee_id = ?", Bound::Int(id.get()));
    }
    if let Some(id) = filter.reporter {
        add("b.reporter_id = ?", Bound::Int(id.get()));
    }
    if let Some(tag) = &filter.tag {
        add(
            "b.id IN (SELECT bug_id FROM bugs_tags WHERE tag = ?)",
            Bound::Text(tag.clone()),
        );
    }
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = ids.iter().map(|id| id.get().to_string()).collect();
        // Ids are numbers read back from the search: safe to write in.
        conditions.push(format!("b.id IN ({})", ids.join(", ")));
    }
    let filters = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = filter.sort.unwrap_or(Sort::Default).order();
    let paged = match page {
        Some(_) => format!(" LIMIT ${} OFFSET ${}", binds.len() + 1, binds.len() + 2),
        None => String::new(),
    };
    let sql = format!(
        "SELECT b.id, b.title, p.name, c.name, b.status, b.importance, a.display_name, \
         r.display_name, b.affected, b.heat, b.created_at, b.updated_at \
         FROM bugs b JOIN bugs_products p ON p.id = b.product_id \
         LEFT JOIN bugs_components c ON c.id = b.component_id \
         LEFT JOIN users a ON a.id = b.assignee_id \
         LEFT JOIN users r ON r.id = b.reporter_id \
         {filters} ORDER BY {order}{paged}"
    );
    type Row = (
        BugId,
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
        i64,
        i64,
        i64,
    );
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for bound in binds {
        query = match bound {
            Bound::Int(value) => query.bind(value),
            Bound::Text(value) => query.bind(value),
        };
    }
    if let Some((limit, offset)) = page {
        query = query.bind(limit).bind(offset);
    }
    let rows = query.fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                title,
                product,
                component,
                status,
                importance,
                assignee,
                reporter,
                affected,
                heat,
                created_at,
                updated_at,
            )| Listed {
                id,
                title,
                product,
                component,
                status: Status::parse(&status).unwrap_or(Status::New),
                importance: Importance::parse(&importance).unwrap_or(Importance::Undecided),
                assignee,
                reporter,
                affected,
                heat,
                created_at,
                updated_at,
            },
        )
        .collect())
}

/// A CSV cell: quoted, quotes doubled, and a cell that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) made text
/// with a leading apostrophe.
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheets_never_run_a_cell() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("Sin sonido, otra vez"), "\"Sin sonido, otra vez\"");
    }

    #[test]
    fn filters_read_what_exists_and_refuse_unknown_products() {
        let params = Params {
            producto: "nada".to_owned(),
            ..Params::default()
        };
        assert_eq!(Filter::read(&params, &[]), Err(UnknownProduct));
        let params = Params {
            estado: "confirmed".to_owned(),
            importancia: "high".to_owned(),
            asignado: "x".to_owned(),
            orden: "recientes".to_owned(),
            ..Params::default()
        };
        let Ok(filter) = Filter::read(&params, &[]) else {
            panic!("no product named: no refusal");
        };
        assert_eq!(filter.statuses, Some(Statuses::One(Status::Confirmed)));
        assert_eq!(filter.importance, Some(Importance::High));
        assert_eq!(filter.assignee, None);
        assert_eq!(filter.sort, Some(Sort::Newest));
        assert_eq!(filter.text, None);
        assert_eq!(Statuses::parse(""), Statuses::Open);
        assert_eq!(Statuses::parse("todos"), Statuses::All);
    }

    #[test]
    fn filters_read_back_from_their_query() {
        let params = Params {
            producto: "mxos".to_owned(),
            q: "sin sonido & más".to_owned(),
            estado: "todos".to_owned(),
            ..Params::default()
        };
        assert_eq!(
            params.query(),
            "producto=mxos&estado=todos&q=sin+sonido+%26+m%C3%A1s"
        );
        assert_eq!(Params::from_query(&params.query()), params);
        assert_eq!(Params::from_query("pagina=3&otro=1"), Params::default());
    }
}
