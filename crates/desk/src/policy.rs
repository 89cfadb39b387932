//! Who may do what at a partner's desk: one function over a person's standing towards
//! one partner (and, for a customer, towards the ticket's organization). A standing is
//! always relative: the agent of one partner is nobody at another, and a customer is a
//! customer only of their own organization's tickets. Foundation staff host the desks
//! (they open a partner's desk and name its first admin) but do not read tickets.

/// What someone is to one partner (and to one ticket's organization).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Not signed in.
    Visitor,
    /// Signed in, nothing to this partner.
    Member,
    /// A person of one of the partner's client organizations; for a ticket, of the
    /// ticket's own organization.
    Customer,
    Agent,
    Admin,
    /// Foundation staff, not of this partner.
    Staff,
}

impl Standing {
    /// A signed-in person's standing from what the desk knows of them: their role on
    /// its staff (`admin`, `agent`), whether they are a customer (of the organization in
    /// question), and whether they are Foundation staff. The desk's role wins over
    /// being a customer; Foundation staff are staff only where they hold no role.
    pub fn of(role: Option<&str>, customer: bool, foundation_staff: bool) -> Standing {
        match role {
            Some("admin") => Standing::Admin,
            Some("agent") => Standing::Agent,
            _ if customer => Standing::Customer,
            _ if foundation_staff => Standing::Staff,
            _ => Standing::Member,
        }
    }

    pub const ALL: [Standing; 6] = [
        Standing::Visitor,
        Standing::Member,
        Standing::Customer,
        Standing::Agent,
        Standing::Admin,
        Standing::Staff,
    ];
}

/// What someone does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the public page on professional support.
    ReadExplanation,
    /// Open a ticket for their organization (customer) or any organization (desk).
    OpenTicket,
    /// See a ticket, its public messages and its due times.
    SeeTicket,
    /// See internal notes, time entries and the assignee's team.
    SeeInternal,
    /// Write a public reply.
    Reply,
    /// Write an internal note.
    WriteNote,
    /// Change status, priority, assignee, team, tags.
    Triage,
    /// Mark their ticket resolved (the customer's own "ya quedó").
    Resolve,
    /// See the queue of all the partner's tickets.
    SeeQueue,
    /// Keep the desk: organizations, customers, contracts, plans, calendars, teams,
    /// people, macros.
    ManageDesk,
    /// See the partner's SLA reports and exports.
    SeeReports,
    /// Open a new partner's desk and name its first admin.
    OpenDesk,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::ReadExplanation,
        Action::OpenTicket,
        Action::SeeTicket,
        Action::SeeInternal,
        Action::Reply,
        Action::WriteNote,
        Action::Triage,
        Action::Resolve,
        Action::SeeQueue,
        Action::ManageDesk,
        Action::SeeReports,
        Action::OpenDesk,
    ];
}

/// Whether someone of `standing` may do `action`.
pub fn allows(standing: Standing, action: Action) -> bool {
    use Action::*;
    use Standing::*;
    match action {
        ReadExplanation => true,
        OpenTicket | SeeTicket | Reply | Resolve => {
            matches!(standing, Customer | Agent | Admin)
        }
        SeeInternal | WriteNote | Triage | SeeQueue => matches!(standing, Agent | Admin),
        ManageDesk | SeeReports => standing == Admin,
        OpenDesk => standing == Staff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix, written out: for each action, the standings allowed.
    const MATRIX: &[(Action, &[Standing])] = &[
        (
            Action::ReadExplanation,
            &[
                Standing::Visitor,
                Standing::Member,
                Standing::Customer,
                Standing::Agent,
                Standing::Admin,
                Standing::Staff,
            ],
        ),
        (
            Action::OpenTicket,
            &[Standing::Customer, Standing::Agent, Standing::Admin],
        ),
        (
            Action::SeeTicket,
            &[Standing::Customer, Standing::Agent, Standing::Admin],
        ),
        (Action::SeeInternal, &[Standing::Agent, Standing::Admin]),
        (
            Action::Reply,
            &[Standing::Customer, Standing::Agent, Standing::Admin],
        ),
        (Action::WriteNote, &[Standing::Agent, Standing::Admin]),
        (Action::Triage, &[Standing::Agent, Standing::Admin]),
        (
            Action::Resolve,
            &[Standing::Customer, Standing::Agent, Standing::Admin],
        ),
        (Action::SeeQueue, &[Standing::Agent, Standing::Admin]),
        (Action::ManageDesk, &[Standing::Admin]),
        (Action::SeeReports, &[Standing::Admin]),
        (Action::OpenDesk, &[Standing::Staff]),
    ];

    #[test]
    fn every_cell_of_the_matrix() {
        assert_eq!(MATRIX.len(), Action::ALL.len());
        for (action, allowed) in MATRIX {
            for standing in Standing::ALL {
                assert_eq!(
                    allows(standing, *action),
                    allowed.contains(&standing),
                    "{standing:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn the_desks_role_wins_then_being_a_customer_then_foundation_staff() {
        assert_eq!(Standing::of(Some("admin"), true, true), Standing::Admin);
        assert_eq!(Standing::of(Some("agent"), true, false), Standing::Agent);
        assert_eq!(Standing::of(None, true, true), Standing::Customer);
        assert_eq!(Standing::of(None, false, true), Standing::Staff);
        assert_eq!(Standing::of(None, false, false), Standing::Member);
        assert_eq!(Standing::of(Some("otro"), false, false), Standing::Member);
    }
}
