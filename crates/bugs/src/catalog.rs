//! Products, their series (versions) and components, and the people of each component:
//! default assignees (a new report goes to the first), watchers (told of every new
//! report) and the developers' team. Kept by foundation staff.

use serde::Serialize;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::storage::{Db, UserId, now_ms};
use soporte_platform::text;
use sqlx::AnyConnection;

use crate::{ComponentId, ProductId, SeriesId};

/// The longest name of a product, component or series, in characters.
pub const NAME_MAX: usize = 80;
/// The longest description of a product.
pub const DESCRIPTION_MAX: usize = 500;

/// What a component's person does there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    Assignee,
    Watcher,
    Developer,
}

impl Duty {
    pub const ALL: [Duty; 3] = [Duty::Assignee, Duty::Watcher, Duty::Developer];

    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Assignee => "assignee",
            Duty::Watcher => "watcher",
            Duty::Developer => "developer",
        }
    }

    pub fn parse(text: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|duty| duty.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Duty::Assignee => "bugs-duty-assignee",
            Duty::Watcher => "bugs-duty-watcher",
            Duty::Developer => "bugs-duty-developer",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub id: SeriesId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub id: ComponentId,
    pub slug: String,
    pub name: String,
    /// (duty, person, their name), in the order they were added.
    pub people: Vec<(Duty, UserId, String)>,
}

impl Component {
    /// The people with `duty`.
    pub fn with(&self, duty: Duty) -> impl Iterator<Item = (UserId, &str)> {
        self.people
            .iter()
            .filter(move |(d, _, _)| *d == duty)
            .map(|(_, id, name)| (*id, name.as_str()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub id: ProductId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Oldest first.
    pub series: Vec<Series>,
    pub components: Vec<Component>,
}

impl Product {
    pub fn path(&self) -> String {
        format!("/errores/producto/{}", self.slug)
    }

    pub fn series_named(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|series| series.name == name)
    }

    pub fn component_slug(&self, slug: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|component| component.slug == slug)
    }

    pub fn component(&self, id: ComponentId) -> Option<&Component> {
        self.components.iter().find(|component| component.id == id)
    }

    pub fn series(&self, id: SeriesId) -> Option<&Series> {
        self.series.iter().find(|series| series.id == id)
    }
}

/// Why a product, series or component was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogProblem {
    #[error("the name is empty or too long")]
    Name,
    #[error("the description is too long")]
    Description,
    #[error("that name is taken")]
    Taken,
    #[error("no such person")]
    NoSuchPerson,
    #[error("unknown duty")]
    Duty,
}

impl CatalogProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            CatalogProblem::Name => "bugs-catalog-name",
            CatalogProblem::Description => "bugs-catalog-description",
            CatalogProblem::Taken => "bugs-catalog-taken",
            CatalogProblem::NoSuchPerson => "bugs-catalog-person",
            CatalogProblem::Duty => "bugs-catalog-duty",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Problem(#[from] CatalogProblem),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A name: one tidy line of 1 to [`NAME_MAX`] characters, with a slug.
pub fn name(text: &str) -> Result<(String, String), CatalogProblem> {
    let line = text::clean(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let slug = text::slug(&line);
    if line.is_empty() || slug.is_empty() || line.chars().count() > NAME_MAX {
        return Err(CatalogProblem::Name);
    }
    Ok((line, slug))
}

/// Every product with its series, components and people, by name.
pub async fn all(db: &Db) -> Result<Vec<Product>, sqlx::Error> {
    let products: Vec<(ProductId, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name, description FROM bugs_products ORDER BY name, id")
            .fetch_all(db.pool())
            .await?;
    let series: Vec<(SeriesId, ProductId, String)> =
        sqlx::query_as("SELECT id, product_id, name FROM bugs_series ORDER BY position, id")
            .fetch_all(db.pool())
            .await?;
    let components: Vec<(ComponentId, ProductId, String, String)> =
        sqlx::query_as("SELECT id, product_id, slug, name FROM bugs_components ORDER BY name, id")
            .fetch_all(db.pool())
            .await?;
    let people: Vec<(ComponentId, String, UserId, String)> = sqlx::query_as(
        "SELECT p.component_id, p.duty, p.user_id, u.display_name FROM bugs_component_people p \
         JOIN users u ON u.id = p.user_id ORDER BY u.display_name, p.user_id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(products
        .into_iter()
        .map(|(id, slug, name, description)| Product {
            id,
            slug,
            name,
            description,
            series: series
                .iter()
                .filter(|(_, product, _)| *product == id)
                .map(|(id, _, name)| Series {
                    id: *id,
                    name: name.clone(),
                })
                .collect(),
            components: components
                .iter()
                .filter(|(_, product, _, _)| *product == id)
                .map(|(component, _, slug, name)| Component {
                    id: *component,
                    slug: slug.clone(),
                    name: name.clone(),
                    people: people
                        .iter()
                        .filter(|(of, _, _, _)| of == component)
                        .filter_map(|(_, duty, person, name)| {
                            Some((Duty::parse(duty)?, *person, name.clone()))
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

/// The product `slug`, with everything [`all`] gives.
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Product>, sqlx::Error> {
    Ok(all(db)
        .await?
        .into_iter()
        .find(|product| product.slug == slug))
}

/// The product `id`.
pub async fn by_id(db: &Db, id: ProductId) -> Result<Option<Product>, sqlx::Error> {
    Ok(all(db).await?.into_iter().find(|product| product.id == id))
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
}

async fn record(
    tx: &mut AnyConnection,
    kind: &'static str,
    product: ProductId,
    by: UserId,
    name: &str,
) -> Result<(), sqlx::Error> {
    let event = NewEvent {
        kind,
        subject: format!("bugs-product:{product}"),
        actor_id: Some(by),
        payload: &Named { name },
    };
    events::append(tx, event).await.map(|_| ())
}

/// Adds a product named `name`.
pub async fn add_product(
    db: &Db,
    name_text: &str,
    description: &str,
    by: UserId,
) -> Result<ProductId, CatalogError> {
    let (name, slug) = name(name_text)?;
    let description = text::clean(description).trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(CatalogProblem::Description.into());
    }
    let mut tx = db.write().await?;
    let id: Option<ProductId> = sqlx::query_scalar(
        "INSERT INTO bugs_products (slug, name, description, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&slug)
    .bind(&name)
    .bind(&description)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or(CatalogProblem::Taken)?;
    record(&mut tx, "bugs.product_added", id, by, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds the series `name` (a version line, such as 2.1) to `product`, after the others.
pub async fn add_series(
    db: &Db,
    product: ProductId,
    name_text: &str,
    by: UserId,
) -> Result<SeriesId, CatalogError> {
    let (name, _) = name(name_text)?;
    let mut tx = db.write().await?;
    let position: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM bugs_series \
         WHERE product_id = $1",
    )
    .bind(product)
    .fetch_one(&mut *tx)
    .await?;
    let id: Option<SeriesId> = sqlx::query_scalar(
        "INSERT INTO bugs_series (product_id, name, position) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(product)
    .bind(&name)
    .bind(position)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or(CatalogProblem::Taken)?;
    record(&mut tx, "bugs.series_added", product, by, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds the component `name` to `product`.
pub async fn add_component(
    db: &Db,
    product: ProductId,
    name_text: &str,
    by: UserId,
) -> Result<ComponentId, CatalogError> {
    let (name, slug) = name(name_text)?;
    let mut tx = db.write().await?;
    let id: Option<ComponentId> = sqlx::query_scalar(
        "INSERT INTO bugs_components (product_id, slug, name) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(product)
    .bind(&slug)
    .bind(&name)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or(CatalogProblem::Taken)?;
    record(&mut tx, "bugs.component_added", product, by, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Gives `person` (by email) `duty` in `component` of `product`, or takes it away.
pub async fn set_person(
    db: &Db,
    (product, component): (ProductId, ComponentId),
    email: &str,
    duty: Duty,
    (on, by): (bool, UserId),
) -> Result<(), CatalogError> {
    let mut tx = db.write().await?;
    let person: Option<UserId> = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN bugs_components c ON c.id = $2 AND c.product_id = $3 \
         WHERE lower(u.email) = lower($1) AND u.deleted_at IS NULL",
    )
    .bind(email.trim())
    .bind(component)
    .bind(product)
    .fetch_optional(&mut *tx)
    .await?;
    let person = person.ok_or(CatalogProblem::NoSuchPerson)?;
    if on {
        sqlx::query(
            "INSERT INTO bugs_component_people (component_id, user_id, duty) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(component)
        .bind(person)
        .bind(duty.as_str())
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "DELETE FROM bugs_component_people WHERE component_id = $1 AND user_id = $2 \
             AND duty = $3",
        )
        .bind(component)
        .bind(person)
        .bind(duty.as_str())
        .execute(&mut *tx)
        .await?;
    }
    record(&mut tx, "bugs.component_people", product, by, duty.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_line_with_a_slug() {
        assert_eq!(
            name("  Controladores   de audio "),
            Ok((
                "Controladores de audio".to_owned(),
                "controladores-de-audio".to_owned()
            ))
        );
        assert_eq!(name(" "), Err(CatalogProblem::Name));
        assert_eq!(name("!!!"), Err(CatalogProblem::Name));
        assert_eq!(name(&"a".repeat(81)), Err(CatalogProblem::Name));
        for duty in Duty::ALL {
            assert_eq!(Duty::parse(duty.as_str()), Some(duty));
        }
    }
}
