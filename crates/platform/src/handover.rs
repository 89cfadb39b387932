//! What one rung hands another through the platform, without either naming the other:
//! the desk a partner gets when the foundation approves it in the directory, and work
//! taken to a partner's desk from elsewhere (a buyer's request from the directory). The
//! area that keeps the desks offers [`Desks`] in its contract ([`crate::area::Area::desks`]);
//! the others find it through the site ([`crate::area::Site::desks`]). Everything runs on
//! the caller's connection, inside its transaction, so a handover is written whole or
//! not at all.

use sqlx::AnyConnection;

use crate::area::BoxFuture;
use crate::links::Subject;
use crate::storage::UserId;

/// A desk to open for a partner.
#[derive(Clone, Copy, Debug)]
pub struct NewDesk<'a> {
    /// The address it would like (the directory's slug); taken, it gets `-2`, `-3`…
    pub slug: &'a str,
    pub name: &'a str,
    /// Who administers it.
    pub admin: UserId,
    /// Who asked (the staff member who approved the partner), for the audit log.
    pub by: UserId,
}

/// How soon the person handing over work needs an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Low,
    Normal,
    High,
    Critical,
}

/// Work taken to a partner's desk.
#[derive(Clone, Copy, Debug)]
pub struct Handover<'a> {
    /// The desk's slug.
    pub desk: &'a str,
    /// What it comes from (a lead of the directory), linked to what the desk opens.
    pub origin: &'a Subject,
    /// The requester's organization, as they named it: the desk keeps it as a new
    /// prospect of its own, with the requester as its only customer (so nobody joins
    /// an organization by naming it).
    pub organization: &'a str,
    pub requester: UserId,
    pub title: &'a str,
    /// Markdown.
    pub body: &'a str,
    pub urgency: Urgency,
    pub tags: &'a [&'a str],
}

/// What a desk opened for handed-over work: its subject (`ticket:12`), its number in
/// the partner's desk and its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handed {
    pub subject: Subject,
    pub number: i64,
    pub path: String,
    /// The bell to ring once the caller's transaction is committed, so the desk's
    /// people hear of it at once ([`crate::bells`]).
    pub bell: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum HandoverError {
    /// Refused, with the Fluent id of why (no such desk, a text too long…).
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What the area that keeps partner desks does for the others.
pub trait Desks: Send + Sync {
    /// Opens a desk on `connection`; the slug it took.
    fn open_desk<'a>(
        &'a self,
        connection: &'a mut AnyConnection,
        desk: NewDesk<'a>,
        at: i64,
    ) -> BoxFuture<'a, Result<String, HandoverError>>;

    /// Where the desk with `slug` is, for its people.
    fn desk_path(&self, slug: &str) -> String;

    /// Opens what `work` asks for in its desk, on `connection`.
    fn hand_over<'a>(
        &'a self,
        connection: &'a mut AnyConnection,
        work: Handover<'a>,
        at: i64,
    ) -> BoxFuture<'a, Result<Handed, HandoverError>>;
}
