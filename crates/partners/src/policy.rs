//! Who may do what in the partner directory; tested as the whole matrix of roles (and
//! visitors), for applications of one's own and of others. A partner's application,
//! documents and history are its applicant's and the foundation's only.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

/// What the directory lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the directory and the listed partners' profiles.
    Browse,
    /// Apply to be listed (a signed-in person with no application going).
    Apply,
    /// Read an application with its documents and history (`own`: one's own).
    ReadApplication { own: bool },
    /// Send an application again after the foundation asked for more, ask to renew, or
    /// keep a listed profile up to date.
    Resend { own: bool },
    /// See the queue and decide: approve, ask for more, reject.
    Review,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Browse,
        Action::Apply,
        Action::ReadApplication { own: true },
        Action::ReadApplication { own: false },
        Action::Resend { own: true },
        Action::Resend { own: false },
        Action::Review,
    ];
}

/// Whether `actor` may take `action`.
pub fn allows(actor: Actor<'_>, action: Action) -> bool {
    let roles = match actor {
        Actor::Visitor => return action == Action::Browse,
        Actor::Person(roles) => roles,
    };
    let staff = roles.contains(&Role::Staff);
    match action {
        Action::Browse | Action::Apply => true,
        Action::ReadApplication { own } => own || staff,
        Action::Resend { own } => own,
        Action::Review => staff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, written out: who may (✓) take each action, per role.
    #[test]
    fn the_matrix() {
        // Browse, Apply, Read own, Read other's, Resend own, Resend other's, Review.
        let expected: [(Option<Role>, [bool; 7]); 9] = [
            (None, [true, false, false, false, false, false, false]),
            (
                Some(Role::Member),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::TrustedMember),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::Moderator),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::Developer),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::PartnerAdmin),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::PartnerAgent),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::Customer),
                [true, true, true, false, true, false, false],
            ),
            (
                Some(Role::Staff),
                [true, true, true, true, true, false, true],
            ),
        ];
        for (role, row) in expected {
            let roles: Vec<Role> = role.into_iter().collect();
            let actor = match role {
                None => Actor::Visitor,
                Some(_) => Actor::Person(&roles),
            };
            for (action, allowed) in Action::ALL.into_iter().zip(row) {
                assert_eq!(allows(actor, action), allowed, "{role:?} {action:?}");
            }
        }
        for role in Role::ALL {
            assert!(
                expected.iter().any(|(row, _)| *row == Some(role)),
                "{role:?} needs its row"
            );
        }
    }
}
