//! Who may do what in the forum; tested as the whole matrix of roles (and visitors),
//! trust levels, silenced or not, for things of one's own and of others.

use soporte_platform::accounts::Role;
use soporte_platform::accounts::policy::Actor;

use crate::trust::{self, Level};

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
    /// Flag a post for the moderators.
    Flag,
    /// Put links and images in a post (from trust level Basic on).
    PostLinks,
    /// Handle flags; hide and restore posts; close, reopen and move topics; silence.
    Moderate,
    /// Create and change categories.
    ManageCategories,
    /// Read the forum's indicators.
    ReadIndicators,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::Read,
        Action::Ask,
        Action::Reply,
        Action::MeToo,
        Action::MarkHelpful,
        Action::MarkSolution,
        Action::Edit,
        Action::Flag,
        Action::PostLinks,
        Action::Moderate,
        Action::ManageCategories,
        Action::ReadIndicators,
    ];

    /// Whether it writes for others to read (what a silenced person cannot do).
    fn speaks(self) -> bool {
        matches!(
            self,
            Action::Ask | Action::Reply | Action::Edit | Action::Flag | Action::PostLinks
        )
    }
}

/// Whose the thing acted on is: the question for [`Action::MeToo`] and
/// [`Action::MarkSolution`], the post for [`Action::MarkHelpful`], [`Action::Edit`]
/// and [`Action::Flag`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    TheActor,
    Someone,
}

/// Someone in the forum: who they are, how far the forum trusts them (the level that
/// counts, roles included: [`trust::effective`]), and whether a moderator silenced them.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub actor: Actor<'a>,
    pub level: Level,
    pub silenced: bool,
}

/// Whether `member` may take `action` on a thing of `owner`.
pub fn allows(member: Member<'_>, action: Action, owner: Owner) -> bool {
    let roles = match member.actor {
        Actor::Visitor => return action == Action::Read,
        Actor::Person(roles) => roles,
    };
    if member.silenced && action.speaks() {
        return false;
    }
    let moderates = roles
        .iter()
        .any(|role| matches!(role, Role::Moderator | Role::Staff));
    let own = owner == Owner::TheActor;
    match action {
        Action::Read | Action::Ask | Action::Reply => true,
        // One's own question or reply needs no vote or flag from oneself.
        Action::MeToo | Action::MarkHelpful | Action::Flag => !own,
        Action::MarkSolution | Action::Edit => own || moderates,
        Action::PostLinks => trust::may_link(member.level),
        Action::Moderate => moderates,
        Action::ManageCategories | Action::ReadIndicators => roles.contains(&Role::Staff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected answer for every actor, standing, action and owner, in full.
    fn expected(
        role: Option<Role>,
        level: Level,
        silenced: bool,
        action: Action,
        owner: Owner,
    ) -> bool {
        use Action::*;
        let own = owner == Owner::TheActor;
        match (role, action) {
            (_, Read) => true,
            (None, _) => false,
            (Some(_), Ask | Reply | Flag | Edit | PostLinks) if silenced => false,
            (Some(_), PostLinks) => level != Level::New,
            (Some(_), Ask | Reply) => true,
            (Some(_), MeToo | MarkHelpful | Flag) => !own,
            (Some(Role::Moderator | Role::Staff), MarkSolution | Edit | Moderate) => true,
            (Some(_), MarkSolution | Edit) => own,
            (Some(_), Moderate) => false,
            (Some(Role::Staff), ManageCategories | ReadIndicators) => true,
            (Some(_), ManageCategories | ReadIndicators) => false,
        }
    }

    #[test]
    fn the_whole_matrix() {
        for action in Action::ALL {
            for owner in [Owner::TheActor, Owner::Someone] {
                for silenced in [false, true] {
                    for level in Level::ALL {
                        let visitor = Member {
                            actor: Actor::Visitor,
                            level,
                            silenced,
                        };
                        assert_eq!(
                            allows(visitor, action, owner),
                            expected(None, level, silenced, action, owner),
                            "visitor × {action:?} × {owner:?}"
                        );
                        for role in Role::ALL {
                            let roles = [role];
                            let member = Member {
                                actor: Actor::Person(&roles),
                                level,
                                silenced,
                            };
                            assert_eq!(
                                allows(member, action, owner),
                                expected(Some(role), level, silenced, action, owner),
                                "{role:?} at {level:?} (silenced: {silenced}) × {action:?} × {owner:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
