//! Who may do what with accounts: one function over plain data, tested as the whole
//! role × action matrix. Pages ask [`allows`] and never check roles themselves.

use super::Role;

/// Someone asking: a visitor, or a signed-in person with their roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor<'a> {
    Visitor,
    Person(&'a [Role]),
}

/// What the accounts area lets people do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Create an account.
    SignUp,
    /// See and change one's own account.
    ManageOwnAccount,
    /// Find people and see their roles.
    ListPeople,
    /// Grant and revoke roles.
    ManageRoles,
    /// Read the audit log.
    ReadAuditLog,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::SignUp,
        Action::ManageOwnAccount,
        Action::ListPeople,
        Action::ManageRoles,
        Action::ReadAuditLog,
    ];
}

/// Whether `actor` may do `action`.
pub fn allows(actor: Actor<'_>, action: Action) -> bool {
    match (actor, action) {
        (Actor::Visitor, Action::SignUp) => true,
        (Actor::Visitor, _) => false,
        (Actor::Person(_), Action::SignUp) => false,
        (Actor::Person(_), Action::ManageOwnAccount) => true,
        (Actor::Person(roles), Action::ListPeople | Action::ManageRoles | Action::ReadAuditLog) => {
            roles.contains(&Role::Staff)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected answer for every actor and action, written out in full.
    fn expected(actor: Option<Role>, action: Action) -> bool {
        use Action::*;
        match actor {
            None => matches!(action, SignUp),
            Some(Role::Staff) => !matches!(action, SignUp),
            Some(
                Role::Member
                | Role::TrustedMember
                | Role::Moderator
                | Role::Developer
                | Role::PartnerAdmin
                | Role::PartnerAgent
                | Role::Customer,
            ) => matches!(action, ManageOwnAccount),
        }
    }

    #[test]
    fn the_whole_matrix() {
        let mut checked = 0;
        for action in Action::ALL {
            assert_eq!(
                allows(Actor::Visitor, action),
                expected(None, action),
                "visitor × {action:?}"
            );
            checked += 1;
            for role in Role::ALL {
                let roles = [role];
                assert_eq!(
                    allows(Actor::Person(&roles), action),
                    expected(Some(role), action),
                    "{role:?} × {action:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, Action::ALL.len() * (Role::ALL.len() + 1));
    }

    #[test]
    fn roles_add_up() {
        let both = [Role::Moderator, Role::Staff];
        assert!(allows(Actor::Person(&both), Action::ManageRoles));
        assert!(!allows(Actor::Person(&[]), Action::ListPeople));
        assert!(allows(Actor::Person(&[]), Action::ManageOwnAccount));
    }
}
