//! Links between rungs: a question that became a bug, a solved question promoted to an
//! FAQ, a chat thread archived as a topic, a question escalated to a partner's desk.
//! Each is a row between two subjects of any areas (`topic:5` → `bug:9`) with a kind;
//! each area shows the links of its own subjects through [`shown`], and learns the
//! other side's title and address from the area that owns it
//! ([`crate::area::Area::describe`]). No area depends on another's crate for this.
//!
//! (Not to be confused with [`crate::accounts::links`], the single-use links of
//! account mail.)

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use sqlx::AnyConnection;

use crate::area::Site;
use crate::events::{self, NewEvent};
use crate::i18n::{I18n, Locale};
use crate::storage::{Db, LinkId, UserId, now_ms};

/// What one subject is to the other, read from the link's start to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A question that became a bug report.
    Became,
    /// A report that repeats another.
    DuplicateOf,
    /// A question answered by an article or another question.
    AnsweredBy,
    /// A solved question promoted to an FAQ or knowledge-base article.
    PromotedTo,
    /// A question taken to a partner's desk.
    EscalatedTo,
    /// A chat thread archived as a forum topic.
    ArchivedAs,
}

impl LinkKind {
    pub const ALL: [LinkKind; 6] = [
        LinkKind::Became,
        LinkKind::DuplicateOf,
        LinkKind::AnsweredBy,
        LinkKind::PromotedTo,
        LinkKind::EscalatedTo,
        LinkKind::ArchivedAs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Became => "became",
            LinkKind::DuplicateOf => "duplicate-of",
            LinkKind::AnsweredBy => "answered-by",
            LinkKind::PromotedTo => "promoted-to",
            LinkKind::EscalatedTo => "escalated-to",
            LinkKind::ArchivedAs => "archived-as",
        }
    }

    /// The Fluent id of the words before the other subject's title, seen from the
    /// link's start (`outgoing`) or from its end.
    pub fn phrase(self, direction: Direction) -> String {
        let side = match direction {
            Direction::Outgoing => "from",
            Direction::Incoming => "to",
        };
        format!("link-{}-{side}", self.as_str())
    }
}

impl FromStr for LinkKind {
    type Err = BadLink;

    fn from_str(text: &str) -> Result<LinkKind, BadLink> {
        LinkKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or(BadLink::Kind)
    }
}

/// Something of an area that links can join: `doc:12`, `topic:5`. The kind is the
/// area's prefix (lowercase letters), the id a positive number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    kind: String,
    id: i64,
}

/// Why a subject or a link was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadLink {
    #[error("a subject is written kind:id, such as doc:12")]
    Subject,
    #[error("unknown kind of link")]
    Kind,
    #[error("a subject cannot be linked to itself")]
    ToItself,
}

impl Subject {
    pub fn new(kind: &str, id: i64) -> Result<Subject, BadLink> {
        let kind_ok =
            (1..=20).contains(&kind.len()) && kind.bytes().all(|b| b.is_ascii_lowercase());
        if !kind_ok || id <= 0 {
            return Err(BadLink::Subject);
        }
        Ok(Subject {
            kind: kind.to_owned(),
            id,
        })
    }

    pub fn kind(&self) -> &str {
        &self.kind
    }

    pub fn id(&self) -> i64 {
        self.id
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

impl FromStr for Subject {
    type Err = BadLink;

    fn from_str(text: &str) -> Result<Subject, BadLink> {
        let (kind, id) = text.split_once(':').ok_or(BadLink::Subject)?;
        Subject::new(kind, id.parse().map_err(|_| BadLink::Subject)?)
    }
}

/// Which end of a link a subject is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The subject is the link's start: "this question became …".
    Outgoing,
    /// The subject is the link's end: "… came from this question".
    Incoming,
}

/// A link as one of its subjects sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: LinkId,
    pub kind: LinkKind,
    pub direction: Direction,
    /// The subject at the other end.
    pub other: Subject,
    pub created_at: i64,
}

#[derive(Serialize)]
struct LinkPayload<'a> {
    link: LinkId,
    kind: &'static str,
    from: &'a str,
    to: &'a str,
}

/// Links `from` to `to` with `kind`, inside the caller's transaction, and records an
/// event on both subjects (so both pages are refreshed). Linking twice the same way
/// adds nothing: the existing link's id is `None`.
pub async fn add(
    tx: &mut AnyConnection,
    from: &Subject,
    kind: LinkKind,
    to: &Subject,
    by: Option<UserId>,
) -> Result<Option<LinkId>, LinkError> {
    if from == to {
        return Err(LinkError::Bad(BadLink::ToItself));
    }
    let id: Option<LinkId> = sqlx::query_scalar(
        "INSERT INTO links (from_kind, from_id, kind, to_kind, to_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(from.kind())
    .bind(from.id())
    .bind(kind.as_str())
    .bind(to.kind())
    .bind(to.id())
    .bind(by)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(link) = id {
        let (from_text, to_text) = (from.to_string(), to.to_string());
        let payload = LinkPayload {
            link,
            kind: kind.as_str(),
            from: &from_text,
            to: &to_text,
        };
        for subject in [&from_text, &to_text] {
            events::append(
                tx,
                NewEvent {
                    kind: "link.added",
                    subject: subject.clone(),
                    actor_id: by,
                    payload: &payload,
                },
            )
            .await?;
        }
    }
    Ok(id)
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(transparent)]
    Bad(#[from] BadLink),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Every link of `subject`, both ways, oldest first.
pub async fn of(db: &Db, subject: &Subject) -> Result<Vec<Link>, sqlx::Error> {
    type Row = (LinkId, String, String, i64, String, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, from_kind, from_id, to_kind, to_id, created_at FROM links \
         WHERE (from_kind = $1 AND from_id = $2) OR (to_kind = $1 AND to_id = $2) \
         ORDER BY created_at, id",
    )
    .bind(subject.kind())
    .bind(subject.id())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, kind, from_kind, from_id, to_kind, to_id, created_at)| {
                let kind = kind.parse().ok()?;
                let outgoing = from_kind == subject.kind() && from_id == subject.id();
                let (direction, other) = if outgoing {
                    (Direction::Outgoing, Subject::new(&to_kind, to_id).ok()?)
                } else {
                    (Direction::Incoming, Subject::new(&from_kind, from_id).ok()?)
                };
                Some(Link {
                    id,
                    kind,
                    direction,
                    other,
                    created_at,
                })
            },
        )
        .collect())
}

/// What an area says of one of its subjects, for a link shown elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub title: String,
    /// Where to read it: a path on this site.
    pub path: String,
    /// Where it stands now (a bug's "Corrección lista en 2.1"), if it has such a
    /// thing: the Fluent id of the words and their arguments.
    pub state: Option<Phrase>,
}

/// Words to show in the reader's language: a Fluent id and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Phrase {
    /// The words in `locale`.
    pub fn text(&self, i18n: &I18n, locale: Locale) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        i18n.text_with(locale, self.id, &args)
    }
}

/// A link ready for a page: "Se convirtió en el error" + the other side's title and
/// address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownLink {
    pub phrase: String,
    pub title: String,
    pub href: String,
    pub state: Option<String>,
}

/// The links of `subject` as a page in `locale` shows them. A link whose other side
/// no area can describe (gone, hidden, or its area not installed) is left out.
pub async fn shown(
    site: &Site,
    db: &Db,
    i18n: &I18n,
    subject: &Subject,
    locale: Locale,
) -> Result<Vec<ShownLink>, sqlx::Error> {
    let mut shown = Vec::new();
    for link in of(db, subject).await? {
        let Some(area) = site.subject_owner(link.other.kind()) else {
            continue;
        };
        if let Some(described) = area.describe(db, &link.other, locale).await? {
            shown.push(ShownLink {
                phrase: i18n.text(locale, &link.kind.phrase(link.direction)),
                title: described.title,
                href: described.path,
                state: described.state.map(|state| state.text(i18n, locale)),
            });
        }
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_read_as_kind_and_id() {
        let subject: Subject = "topic:5".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!((subject.kind(), subject.id()), ("topic", 5));
        assert_eq!(subject.to_string(), "topic:5");
        for bad in [
            "topic", "topic:", ":5", "Topic:5", "topic:-1", "topic:0", "to pic:1", "x:1:2",
        ] {
            assert_eq!(bad.parse::<Subject>(), Err(BadLink::Subject), "{bad}");
        }
    }

    #[test]
    fn kinds_read_back_and_name_both_phrases() {
        for kind in LinkKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_ne!(
                kind.phrase(Direction::Outgoing),
                kind.phrase(Direction::Incoming)
            );
        }
        assert_eq!("likes".parse::<LinkKind>(), Err(BadLink::Kind));
    }

    #[test]
    fn every_phrase_has_a_text_in_both_languages() {
        let Ok(i18n) = I18n::load_with(&[]) else {
            panic!("the platform's texts load");
        };
        for kind in LinkKind::ALL {
            for direction in [Direction::Outgoing, Direction::Incoming] {
                let id = kind.phrase(direction);
                for locale in Locale::ALL {
                    assert_ne!(i18n.text(locale, &id), id, "{id} in {locale}");
                }
            }
        }
    }
}
