//! Who may do what with documentation; tested as the whole role × action matrix.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

/// What the documentation area lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read published articles and their history.
    Read,
    /// Write and edit articles of the guides, manuals and FAQ (staff's work).
    EditGuides,
    /// See what readers answered to "¿Te fue útil?".
    ReadFeedback,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Read, Action::EditGuides, Action::ReadFeedback];
}

pub fn allows(actor: Actor<'_>, action: Action) -> bool {
    match (actor, action) {
        (_, Action::Read) => true,
        (Actor::Visitor, Action::EditGuides | Action::ReadFeedback) => false,
        (Actor::Person(roles), Action::EditGuides | Action::ReadFeedback) => {
            roles.contains(&Role::Staff)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_matrix() {
        for action in Action::ALL {
            assert_eq!(
                allows(Actor::Visitor, action),
                action == Action::Read,
                "visitor × {action:?}"
            );
            for role in Role::ALL {
                let roles = [role];
                let expected = action == Action::Read || role == Role::Staff;
                assert_eq!(
                    allows(Actor::Person(&roles), action),
                    expected,
                    "{role:?} × {action:?}"
                );
            }
        }
    }
}
