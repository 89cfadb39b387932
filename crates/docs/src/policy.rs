//! Who may do what with documentation; tested as the whole role × action matrix.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;
use soporte_platform::accounts::sessions::Viewer;
use soporte_platform::web::Permission;

/// What the documentation area lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read published articles and their history.
    Read,
    /// Write and edit articles of the guides, manuals and FAQ (staff's work).
    EditGuides,
    /// See what readers answered to "¿Te fue útil?".
    ReadFeedback,
    /// Write and edit knowledge-base articles (any member).
    EditKnowledgeBase,
    /// Publish knowledge-base changes without review, and review others' changes.
    Review,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Read,
        Action::EditGuides,
        Action::ReadFeedback,
        Action::EditKnowledgeBase,
        Action::Review,
    ];
}

pub fn allows(actor: Actor<'_>, action: Action) -> bool {
    let roles = match actor {
        Actor::Visitor => return action == Action::Read,
        Actor::Person(roles) => roles,
    };
    let any = |wanted: &[Role]| roles.iter().any(|role| wanted.contains(role));
    match action {
        Action::Read | Action::EditKnowledgeBase => true,
        Action::EditGuides | Action::ReadFeedback => any(&[Role::Staff]),
        Action::Review => any(&[Role::Staff, Role::Moderator, Role::TrustedMember]),
    }
}

/// People who may review knowledge-base changes (a page's extractor:
/// `Allowed<Reviewers>`).
pub struct Reviewers;

/// People who may read the readers' feedback.
pub struct FeedbackReaders;

impl Permission for Reviewers {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::Review)
    }
}

impl Permission for FeedbackReaders {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::ReadFeedback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected answer for every actor and action, written out in full.
    fn expected(role: Option<Role>, action: Action) -> bool {
        match (role, action) {
            (_, Action::Read) => true,
            (None, _) => false,
            (Some(_), Action::EditKnowledgeBase) => true,
            (Some(Role::Staff), _) => true,
            (Some(Role::Moderator | Role::TrustedMember), Action::Review) => true,
            (Some(_), _) => false,
        }
    }

    #[test]
    fn the_whole_matrix() {
        for action in Action::ALL {
            assert_eq!(
                allows(Actor::Visitor, action),
                expected(None, action),
                "visitor × {action:?}"
            );
            for role in Role::ALL {
                let roles = [role];
                assert_eq!(
                    allows(Actor::Person(&roles), action),
                    expected(Some(role), action),
                    "{role:?} × {action:?}"
                );
            }
        }
    }
}
