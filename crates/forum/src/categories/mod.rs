//! Categories of topics, which staff keep: a name and description (Spanish, and
//! English where it differs), an optional product or version ("MxOS 2.0"), an order.

pub mod pages;

use serde::Serialize;
use soporte_platform::audit::{self, Action};
use soporte_platform::events::{self, NewEvent};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, UserId, now_ms};
use soporte_platform::text;

use crate::CategoryId;

/// Addresses under `/comunidad` that are pages, not categories.
pub const RESERVED: [&str; 13] = [
    "conducta",
    "baja",
    "avisos-por-correo",
    "tema",
    "mensaje",
    "preguntar",
    "categorias",
    "sugerencias",
    "preguntar.js",
    "etiqueta",
    "personas",
    "moderacion",
    "indicadores",
];

const NAME_MAX: usize = 80;
const DESCRIPTION_MAX: usize = 300;
const PRODUCT_MAX: usize = 40;

/// A category as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub product: String,
    pub position: i64,
}

impl Category {
    /// Its name in `locale` (the Spanish one where no English one was given).
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }

    pub fn description(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.description_en.is_empty() => &self.description_en,
            _ => &self.description,
        }
    }

    pub fn path(&self) -> String {
        format!("/comunidad/{}", self.slug)
    }
}

/// Why a category cannot be saved; each names the Fluent id the form shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CategoryProblem {
    #[error("the name gives no usable address")]
    Name,
    #[error("a text is too long")]
    TooLong,
    #[error("the position is not a number")]
    Position,
    #[error("another category has that address")]
    Taken,
}

impl CategoryProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            CategoryProblem::Name => "forum-category-problem-name",
            CategoryProblem::TooLong => "forum-category-problem-long",
            CategoryProblem::Position => "forum-category-problem-position",
            CategoryProblem::Taken => "forum-category-problem-taken",
        }
    }
}

/// A category as staff submit it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryDraft {
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub product: String,
    pub position: i64,
}

fn line(text: &str, max: usize) -> Result<String, CategoryProblem> {
    let line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !text::is_bidi_control(*c) && !text::is_unwanted(*c))
        .collect();
    if line.chars().count() > max {
        return Err(CategoryProblem::TooLong);
    }
    Ok(line)
}

impl CategoryDraft {
    /// The fields of the staff's form.
    pub fn parse(
        [
            name,
            name_en,
            description,
            description_en,
            product,
            position,
        ]: [&str; 6],
    ) -> Result<CategoryDraft, CategoryProblem> {
        let name = line(name, NAME_MAX)?;
        let slug = text::slug(&name);
        if slug.is_empty() || RESERVED.contains(&slug.as_str()) {
            return Err(CategoryProblem::Name);
        }
        let position = match position.trim() {
            "" => 0,
            number => number.parse().map_err(|_| CategoryProblem::Position)?,
        };
        Ok(CategoryDraft {
            slug,
            name,
            name_en: line(name_en, NAME_MAX)?,
            description: line(description, DESCRIPTION_MAX)?,
            description_en: line(description_en, DESCRIPTION_MAX)?,
            product: line(product, PRODUCT_MAX)?,
            position,
        })
    }
}

type Row = (
    CategoryId,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
);

const COLUMNS: &str = "id, slug, name, name_en, description, description_en, product, position";

fn category(
    (id, slug, name, name_en, description, description_en, product, position): Row,
) -> Category {
    Category {
        id,
        slug,
        name,
        name_en,
        description,
        description_en,
        product,
        position,
    }
}

/// Every category, in the staff's order.
pub async fn all(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM forum_categories ORDER BY position, id"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(category).collect())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Category>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM forum_categories WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(category))
}

pub async fn by_id(db: &Db, id: CategoryId) -> Result<Option<Category>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM forum_categories WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(category))
}

/// How many topics each category has.
pub async fn topic_counts(db: &Db) -> Result<Vec<(CategoryId, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT category_id, COUNT(*) FROM forum_topics GROUP BY category_id")
        .fetch_all(db.pool())
        .await
}

/// A category created or changed by staff.
pub const SAVED: Action = Action::new("forum.category_saved");

#[derive(Serialize)]
struct Saved<'a> {
    category: CategoryId,
    name: &'a str,
}

/// Saves `draft` as a new category (`id` none) or over category `id`, as `actor`, in
/// one transaction with its event and audit entry.
pub async fn save(
    db: &Db,
    id: Option<CategoryId>,
    draft: &CategoryDraft,
    actor: UserId,
) -> Result<Result<CategoryId, CategoryProblem>, sqlx::Error> {
    let mut tx = db.write().await?;
    let taken: Option<CategoryId> =
        sqlx::query_scalar("SELECT id FROM forum_categories WHERE slug = $1")
            .bind(&draft.slug)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some_and(|other| Some(other) != id) {
        return Ok(Err(CategoryProblem::Taken));
    }
    let saved: Option<CategoryId> =
        match id {
            None => sqlx::query_scalar(
                "INSERT INTO forum_categories (slug, name, name_en, description, description_en, \
                 product, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (slug) DO NOTHING RETURNING id",
            )
            .bind(&draft.slug)
            .bind(&draft.name)
            .bind(&draft.name_en)
            .bind(&draft.description)
            .bind(&draft.description_en)
            .bind(&draft.product)
            .bind(draft.position)
            .bind(now_ms())
            .fetch_optional(&mut *tx)
            .await?,
            Some(id) => {
                sqlx::query_scalar(
                    "UPDATE forum_categories SET slug = $2, name = $3, name_en = $4, \
                 description = $5, description_en = $6, product = $7, position = $8 \
                 WHERE id = $1 RETURNING id",
                )
                .bind(id)
                .bind(&draft.slug)
                .bind(&draft.name)
                .bind(&draft.name_en)
                .bind(&draft.description)
                .bind(&draft.description_en)
                .bind(&draft.product)
                .bind(draft.position)
                .fetch_optional(&mut *tx)
                .await?
            }
        };
    let Some(saved) = saved else {
        // Taken by someone else since the check (a new one), or gone (a change).
        return Ok(Err(CategoryProblem::Taken));
    };
    let detail = Saved {
        category: saved,
        name: &draft.name,
    };
    let event = NewEvent {
        kind: SAVED.name(),
        subject: format!("forum-category:{saved}"),
        actor_id: Some(actor),
        payload: &detail,
    };
    events::append(&mut tx, event).await?;
    let entry = audit::Entry {
        actor_id: Some(actor),
        action: SAVED,
        target_user_id: None,
        detail: &detail,
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(Ok(saved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_needs_a_name_that_makes_an_address() {
        let draft = CategoryDraft::parse([
            "  Audio y  video ",
            "Audio and video",
            "Bocinas, micrófonos",
            "",
            "MxOS 2.0",
            " 3 ",
        ])
        .unwrap();
        assert_eq!(draft.slug, "audio-y-video");
        assert_eq!(draft.name, "Audio y video");
        assert_eq!(draft.position, 3);
        let bad = |fields| CategoryDraft::parse(fields).unwrap_err();
        assert_eq!(bad(["¿?", "", "", "", "", ""]), CategoryProblem::Name);
        assert_eq!(bad(["Tema", "", "", "", "", ""]), CategoryProblem::Name);
        assert_eq!(
            bad(["Redes", "", "", "", "", "uno"]),
            CategoryProblem::Position
        );
        let long = "x".repeat(301);
        assert_eq!(
            bad(["Redes", "", &long, "", "", ""]),
            CategoryProblem::TooLong
        );
    }

    #[test]
    fn english_names_fall_back_to_spanish() {
        let mut category = category((
            CategoryId::new(1),
            "redes".into(),
            "Redes".into(),
            String::new(),
            "Wifi".into(),
            "Wi-Fi".into(),
            String::new(),
            0,
        ));
        assert_eq!(category.name(Locale::En), "Redes");
        assert_eq!(category.description(Locale::En), "Wi-Fi");
        category.name_en = "Networks".into();
        assert_eq!(category.name(Locale::En), "Networks");
        assert_eq!(category.name(Locale::EsMx), "Redes");
    }
}
