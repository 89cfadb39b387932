//! Who may do what in the forum; tested as the whole role × action matrix, for things
//! of one's own and of others.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

/// What the forum lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read categories, topics and edit histories.
    Read,
    /// Start a topic (a question or a discussion).
    Ask,
    /// Reply to an open topic.
    Reply,
    /// Say "a mí también me pasa" on a question.
    MeToo,
    /// Mark a reply as helpful.
    MarkHelpful,
    /// Mark (or unmark) a reply as the solution of a question.
    MarkSolution,
    /// Edit a post (with a reason when it is someone else's).
    Edit,
    /// Create and change categories.
    ManageCategories,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Read,
        Action::Ask,
        Action::Reply,
        Action::MeToo,
        Action::MarkHelpful,
        Action::MarkSolution,
        Action::Edit,
        Action::ManageCategories,
    ];
}

/// Whose the thing acted on is: the question for [`Action::MeToo`] and
/// [`Action::MarkSolution`], the post for [`Action::MarkHelpful`] and [`Action::Edit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    TheActor,
    Someone,
}

/// Whether `actor` may take `action` on a thing of `owner`.
pub fn allows(actor: Actor<'_>, action: Action, owner: Owner) -> bool {
    let roles = match actor {
        Actor::Visitor => return action == Action::Read,
        Actor::Person(roles) => roles,
    };
    let moderates = roles
        .iter()
        .any(|role| matches!(role, Role::Moderator | Role::Staff));
    let own = owner == Owner::TheActor;
    match action {
        Action::Read | Action::Ask | Action::Reply => true,
        // One's own question or reply needs no vote from oneself.
        Action::MeToo | Action::MarkHelpful => !own,
        Action::MarkSolution | Action::Edit => own || moderates,
        Action::ManageCategories => roles.contains(&Role::Staff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected answer for every actor, action and owner, written out in full.
    fn expected(role: Option<Role>, action: Action, owner: Owner) -> bool {
        use Action::*;
        let own = owner == Owner::TheActor;
        match (role, action) {
            (_, Read) => true,
            (None, _) => false,
            (Some(_), Ask | Reply) => true,
            (Some(_), MeToo | MarkHelpful) => !own,
            (Some(Role::Moderator | Role::Staff), MarkSolution | Edit) => true,
            (Some(_), MarkSolution | Edit) => own,
            (Some(Role::Staff), ManageCategories) => true,
            (Some(_), ManageCategories) => false,
        }
    }

    #[test]
    fn the_whole_matrix() {
        for action in Action::ALL {
            for owner in [Owner::TheActor, Owner::Someone] {
                assert_eq!(
                    allows(Actor::Visitor, action, owner),
                    expected(None, action, owner),
                    "visitor × {action:?} × {owner:?}"
                );
                for role in Role::ALL {
                    let roles = [role];
                    assert_eq!(
                        allows(Actor::Person(&roles), action, owner),
                        expected(Some(role), action, owner),
                        "{role:?} × {action:?} × {owner:?}"
                    );
                }
            }
        }
    }
}
