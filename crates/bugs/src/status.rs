//! A report's status and importance, and the moves between statuses: a plain function
//! over plain data ([`check`]), tested without I/O.
//!
//! Who moves a report, from where to where (`D` developers and staff, `R` its reporter;
//! a blank is a move nobody makes):
//!
//! | from \ to        | Nuevo | Incompleto | Confirmado | Clasificado | En progreso | Corrección lista | Publicada | Inválido | No se corregirá |
//! |------------------|-------|------------|------------|-------------|-------------|------------------|-----------|----------|-----------------|
//! | Nuevo            |       | D          | D          | D           | D           |                  |           | D R      | D               |
//! | Incompleto       | D R   |            | D          | D           | D           |                  |           | D R      | D               |
//! | Confirmado       |       | D          |            | D           | D           | D                |           | D R      | D               |
//! | Clasificado      |       | D          | D          |             | D           | D                |           | D R      | D               |
//! | En progreso      |       | D          | D          | D           |             | D                |           | D R      | D               |
//! | Corrección lista |       |            | D          | D           | D           |                  | D         |          |                 |
//! | Publicada        |       |            | D          |             |             |                  |           |          |                 |
//! | Inválido         | D     |            | D          |             |             |                  |           |          |                 |
//! | No se corregirá  | D     |            | D          |             |             |                  |           |          |                 |
//!
//! The reporter answers an Incompleto report (back to Nuevo, also by commenting) and may
//! close their own open report as Inválido. Duplicado is never chosen from this table:
//! marking a report as another's duplicate puts it there, unmarking takes it back to
//! where it was (see `store::mark_duplicate`). A fix is ready or published *in* a series,
//! so moving to Corrección lista or Publicada needs one. An Incompleto report nobody
//! answers expires, by a periodic task, as Inválido.

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    New,
    Incomplete,
    Confirmed,
    Triaged,
    InProgress,
    FixCommitted,
    FixReleased,
    Invalid,
    WontFix,
    Duplicate,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::New,
        Status::Incomplete,
        Status::Confirmed,
        Status::Triaged,
        Status::InProgress,
        Status::FixCommitted,
        Status::FixReleased,
        Status::Invalid,
        Status::WontFix,
        Status::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Incomplete => "incomplete",
            Status::Confirmed => "confirmed",
            Status::Triaged => "triaged",
            Status::InProgress => "in-progress",
            Status::FixCommitted => "fix-committed",
            Status::FixReleased => "fix-released",
            Status::Invalid => "invalid",
            Status::WontFix => "wont-fix",
            Status::Duplicate => "duplicate",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    /// The Fluent id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Status::New => "bugs-status-new",
            Status::Incomplete => "bugs-status-incomplete",
            Status::Confirmed => "bugs-status-confirmed",
            Status::Triaged => "bugs-status-triaged",
            Status::InProgress => "bugs-status-in-progress",
            Status::FixCommitted => "bugs-status-fix-committed",
            Status::FixReleased => "bugs-status-fix-released",
            Status::Invalid => "bugs-status-invalid",
            Status::WontFix => "bugs-status-wont-fix",
            Status::Duplicate => "bugs-status-duplicate",
        }
    }

    /// Whether work on it is over (its heat is nothing then, and lists of open reports
    /// leave it out).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::FixReleased | Status::Invalid | Status::WontFix | Status::Duplicate
        )
    }

    /// Whether the move to it says a fix exists in a series.
    pub fn needs_series(self) -> bool {
        matches!(self, Status::FixCommitted | Status::FixReleased)
    }
}

/// How much a report matters, as developers judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Importance {
    Critical,
    High,
    Medium,
    Low,
    Wishlist,
    Undecided,
}

impl Importance {
    pub const ALL: [Importance; 6] = [
        Importance::Critical,
        Importance::High,
        Importance::Medium,
        Importance::Low,
        Importance::Wishlist,
        Importance::Undecided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Importance::Critical => "critical",
            Importance::High => "high",
            Importance::Medium => "medium",
            Importance::Low => "low",
            Importance::Wishlist => "wishlist",
            Importance::Undecided => "undecided",
        }
    }

    pub fn parse(text: &str) -> Option<Importance> {
        Importance::ALL
            .into_iter()
            .find(|importance| importance.as_str() == text)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Importance::Critical => "bugs-importance-critical",
            Importance::High => "bugs-importance-high",
            Importance::Medium => "bugs-importance-medium",
            Importance::Low => "bugs-importance-low",
            Importance::Wishlist => "bugs-importance-wishlist",
            Importance::Undecided => "bugs-importance-undecided",
        }
    }
}

/// Who asks for a move, as far as moves care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    /// A developer or foundation staff.
    Triager,
    /// The person who filed the report (and is not a triager).
    Reporter,
    /// Anyone else.
    Other,
}

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    #[error("the report already has that status")]
    Same,
    #[error("no such move")]
    Impossible,
    #[error("that move is for developers")]
    NotYours,
    #[error("a fix is ready or published in a series")]
    SeriesNeeded,
    #[error("a report becomes a duplicate by naming its master")]
    DuplicateByMarking,
}

impl MoveRefused {
    pub fn message_id(self) -> &'static str {
        match self {
            MoveRefused::Same => "bugs-move-same",
            MoveRefused::Impossible => "bugs-move-impossible",
            MoveRefused::NotYours => "bugs-move-not-yours",
            MoveRefused::SeriesNeeded => "bugs-move-series-needed",
            MoveRefused::DuplicateByMarking => "bugs-move-duplicate",
        }
    }
}

/// Whether the move exists at all, whoever asks (the table above, `D` or `R`).
fn exists(from: Status, to: Status) -> bool {
    use Status::*;
    match from {
        New => matches!(
            to,
            Incomplete | Confirmed | Triaged | InProgress | Invalid | WontFix
        ),
        Incomplete => matches!(
            to,
            New | Confirmed | Triaged | InProgress | Invalid | WontFix
        ),
        Confirmed => matches!(
            to,
            Incomplete | Triaged | InProgress | FixCommitted | Invalid | WontFix
        ),
        Triaged => matches!(
            to,
            Incomplete | Confirmed | InProgress | FixCommitted | Invalid | WontFix
        ),
        InProgress => matches!(
            to,
            Incomplete | Confirmed | Triaged | FixCommitted | Invalid | WontFix
        ),
        FixCommitted => matches!(to, Confirmed | Triaged | InProgress | FixReleased),
        FixReleased => to == Confirmed,
        Invalid | WontFix => matches!(to, New | Confirmed),
        Duplicate => false,
    }
}

/// Whether the reporter makes the move: answering an Incompleto report, or closing their
/// own open report as invalid.
fn reporters(from: Status, to: Status) -> bool {
    (from == Status::Incomplete && to == Status::New)
        || (to == Status::Invalid
            && matches!(
                from,
                Status::New
                    | Status::Incomplete
                    | Status::Confirmed
                    | Status::Triaged
                    | Status::InProgress
            ))
}

/// Whether `mover` may move a report from `from` to `to`, `with_series` saying whether
/// a series for the fix was named.
pub fn check(mover: Mover, from: Status, to: Status, with_series: bool) -> Result<(), MoveRefused> {
    if from == to {
        return Err(MoveRefused::Same);
    }
    if to == Status::Duplicate {
        return Err(MoveRefused::DuplicateByMarking);
    }
    if !exists(from, to) {
        return Err(MoveRefused::Impossible);
    }
    let allowed = match mover {
        Mover::Triager => true,
        Mover::Reporter => reporters(from, to),
        Mover::Other => false,
    };
    if !allowed {
        return Err(MoveRefused::NotYours);
    }
    if to.needs_series() && !with_series {
        return Err(MoveRefused::SeriesNeeded);
    }
    Ok(())
}

/// The statuses `mover` may choose from `from` (for the form's list).
pub fn choices(mover: Mover, from: Status) -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|to| check(mover, from, *to, true).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    /// The table of the module's documentation, row by row: (from, triagers' moves,
    /// the reporter's moves).
    const TABLE: [(Status, &[Status], &[Status]); 10] = [
        (
            New,
            &[Incomplete, Confirmed, Triaged, InProgress, Invalid, WontFix],
            &[Invalid],
        ),
        (
            Incomplete,
            &[New, Confirmed, Triaged, InProgress, Invalid, WontFix],
            &[New, Invalid],
        ),
        (
            Confirmed,
            &[
                Incomplete,
                Triaged,
                InProgress,
                FixCommitted,
                Invalid,
                WontFix,
            ],
            &[Invalid],
        ),
        (
            Triaged,
            &[
                Incomplete,
                Confirmed,
                InProgress,
                FixCommitted,
                Invalid,
                WontFix,
            ],
            &[Invalid],
        ),
        (
            InProgress,
            &[
                Incomplete,
                Confirmed,
                Triaged,
                FixCommitted,
                Invalid,
                WontFix,
            ],
            &[Invalid],
        ),
        (
            FixCommitted,
            &[Confirmed, Triaged, InProgress, FixReleased],
            &[],
        ),
        (FixReleased, &[Confirmed], &[]),
        (Invalid, &[New, Confirmed], &[]),
        (WontFix, &[New, Confirmed], &[]),
        (Duplicate, &[], &[]),
    ];

    #[test]
    fn every_move_is_the_tables() {
        for (from, triagers, reporters) in TABLE {
            for to in Status::ALL {
                let triager = check(Mover::Triager, from, to, true);
                let reporter = check(Mover::Reporter, from, to, true);
                let other = check(Mover::Other, from, to, true);
                assert_eq!(
                    triager.is_ok(),
                    triagers.contains(&to),
                    "D {from:?} → {to:?}"
                );
                assert_eq!(
                    reporter.is_ok(),
                    reporters.contains(&to),
                    "R {from:?} → {to:?}"
                );
                assert!(other.is_err(), "anyone {from:?} → {to:?}");
                if from == to {
                    assert_eq!(triager, Err(MoveRefused::Same));
                } else if to == Duplicate {
                    assert_eq!(triager, Err(MoveRefused::DuplicateByMarking));
                } else if !triagers.contains(&to) {
                    assert_eq!(triager, Err(MoveRefused::Impossible));
                    assert_eq!(other, Err(MoveRefused::Impossible));
                } else {
                    assert_eq!(other, Err(MoveRefused::NotYours));
                }
            }
        }
    }

    #[test]
    fn a_fix_names_its_series() {
        assert_eq!(
            check(Mover::Triager, Confirmed, FixCommitted, false),
            Err(MoveRefused::SeriesNeeded)
        );
        assert_eq!(
            check(Mover::Triager, FixCommitted, FixReleased, false),
            Err(MoveRefused::SeriesNeeded)
        );
        assert_eq!(check(Mover::Triager, New, Confirmed, false), Ok(()));
    }

    #[test]
    fn names_read_back() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for importance in Importance::ALL {
            assert_eq!(Importance::parse(importance.as_str()), Some(importance));
        }
        assert_eq!(Status::parse("wontfix"), None);
        assert_eq!(choices(Mover::Reporter, Incomplete), vec![New, Invalid]);
        assert!(choices(Mover::Other, New).is_empty());
    }
}
