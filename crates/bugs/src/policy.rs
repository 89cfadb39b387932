//! Who may do what in the bug tracker; tested as the whole matrix of roles (and
//! visitors), silenced or not, for reports of one's own and of others. Moves between
//! statuses are [`crate::status::check`]'s, with the mover this module names.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

use crate::status::Mover;

/// What the tracker lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read reports, lists, feeds and exports.
    Read,
    /// File a report (and attach files to it).
    Report,
    /// Comment on a report, with attachments.
    Comment,
    /// Say "me afecta también".
    MeToo,
    /// Follow a report by mail and notices; keep saved searches.
    Subscribe,
    /// Set importance, assignee, component, series and the triage statuses.
    Triage,
    /// Mark a report as another's duplicate, or unmark it.
    MarkDuplicate,
    /// Create and change products, series, components and their people.
    ManageProducts,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Read,
        Action::Report,
        Action::Comment,
        Action::MeToo,
        Action::Subscribe,
        Action::Triage,
        Action::MarkDuplicate,
        Action::ManageProducts,
    ];

    /// Whether it writes for others to read (what a silenced person cannot do).
    fn speaks(self) -> bool {
        matches!(self, Action::Report | Action::Comment)
    }
}

/// Someone in the tracker.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    pub actor: Actor<'a>,
    pub silenced: bool,
}

/// Whether someone with `roles` triages (developers and foundation staff).
pub fn triages(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|role| matches!(role, Role::Developer | Role::Staff))
}

/// Whether `person` may take `action`.
pub fn allows(person: Person<'_>, action: Action) -> bool {
    let roles = match person.actor {
        Actor::Visitor => return action == Action::Read,
        Actor::Person(roles) => roles,
    };
    if person.silenced && action.speaks() {
        return false;
    }
    match action {
        Action::Read | Action::Report | Action::Comment | Action::MeToo | Action::Subscribe => true,
        Action::Triage | Action::MarkDuplicate => triages(roles),
        Action::ManageProducts => roles.contains(&Role::Staff),
    }
}

/// Who `person` is to a report's statuses: a triager, its reporter (`own`), or anyone.
/// A silenced reporter cannot answer or close: that is writing for others too.
pub fn mover(person: Person<'_>, own: bool) -> Mover {
    match person.actor {
        Actor::Person(roles) if triages(roles) => Mover::Triager,
        Actor::Person(_) if own && !person.silenced => Mover::Reporter,
        _ => Mover::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(role: Option<Role>, silenced: bool, action: Action) -> bool {
        use Action::*;
        match (role, action) {
            (_, Read) => true,
            (None, _) => false,
            (Some(_), Report | Comment) if silenced => false,
            (Some(_), Report | Comment | MeToo | Subscribe) => true,
            (Some(Role::Developer | Role::Staff), Triage | MarkDuplicate) => true,
            (Some(_), Triage | MarkDuplicate) => false,
            (Some(role), ManageProducts) => role == Role::Staff,
        }
    }

    #[test]
    fn the_whole_matrix() {
        for action in Action::ALL {
            for silenced in [false, true] {
                let visitor = Person {
                    actor: Actor::Visitor,
                    silenced,
                };
                assert_eq!(allows(visitor, action), expected(None, silenced, action));
                for role in Role::ALL {
                    let roles = [role];
                    let person = Person {
                        actor: Actor::Person(&roles),
                        silenced,
                    };
                    assert_eq!(
                        allows(person, action),
                        expected(Some(role), silenced, action),
                        "{role:?} (silenced: {silenced}) × {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn movers() {
        let of = |roles: &'static [Role], silenced| Person {
            actor: Actor::Person(roles),
            silenced,
        };
        assert_eq!(mover(of(&[Role::Developer], false), false), Mover::Triager);
        assert_eq!(mover(of(&[Role::Staff], true), true), Mover::Triager);
        assert_eq!(mover(of(&[Role::Member], false), true), Mover::Reporter);
        assert_eq!(mover(of(&[Role::Member], true), true), Mover::Other);
        assert_eq!(mover(of(&[Role::Moderator], false), false), Mover::Other);
        let visitor = Person {
            actor: Actor::Visitor,
            silenced: false,
        };
        assert_eq!(mover(visitor, true), Mover::Other);
    }
}
