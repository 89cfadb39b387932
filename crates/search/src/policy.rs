//! Who may do what with the search; tested as the whole role × action matrix.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Search what is public.
    Search,
    /// Keep the synonym groups.
    EditSynonyms,
    /// Read what people searched for.
    ReadReport,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Search, Action::EditSynonyms, Action::ReadReport];
}

pub fn allows(actor: Actor<'_>, action: Action) -> bool {
    match (actor, action) {
        (_, Action::Search) => true,
        (Actor::Visitor, _) => false,
        (Actor::Person(roles), Action::EditSynonyms | Action::ReadReport) => {
            roles.contains(&Role::Staff)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_keep_synonyms_and_read_the_report() {
        for action in Action::ALL {
            assert_eq!(allows(Actor::Visitor, action), action == Action::Search);
            for role in Role::ALL {
                let expected = action == Action::Search || role == Role::Staff;
                assert_eq!(
                    allows(Actor::Person(&[role]), action),
                    expected,
                    "{role:?} {action:?}"
                );
            }
        }
    }
}
