//! A question's life, after Launchpad Answers: the states, the steps that move it, and
//! the one function that says where a step leads. Plain data, no I/O.
//!
//! | from \ step  | answer   | ask for info | asker replies | mark solution | unmark   | expire  |
//! |--------------|----------|--------------|---------------|---------------|----------|---------|
//! | open         | answered | needs info   | open          | solved        | refused  | expired |
//! | needs info   | answered | needs info   | open          | solved        | refused  | expired |
//! | answered     | answered | needs info   | open          | solved        | refused  | refused |
//! | solved       | solved   | refused      | solved        | solved        | answered | refused |
//! | expired      | answered | needs info   | open          | solved        | refused  | refused |
//!
//! "Answer" is a reply by someone other than the asker; "asker replies" is the asker's
//! own reply (the information asked for, or "it still happens"); marking another reply
//! as the solution of a solved question moves the mark.

/// Where a question stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Waiting for an answer.
    Open,
    /// A helper asked the asker for more information.
    NeedsInfo,
    /// Someone answered; the asker has not said it worked.
    Answered,
    /// A reply is marked as the solution.
    Solved,
    /// Nothing happened for the configured time while it waited.
    Expired,
}

/// What can happen to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Someone other than the asker replies.
    Answer,
    /// Someone other than the asker replies asking for more information.
    AskForInfo,
    /// The asker replies.
    AskerReplies,
    /// The asker or a moderator marks a reply as the solution.
    MarkSolution,
    /// The asker or a moderator takes the mark away.
    UnmarkSolution,
    /// The periodic job finds it waiting too long.
    Expire,
}

/// Why a step cannot be taken from a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a question that is {from:?} cannot take the step {step:?}")]
pub struct Refused {
    pub from: State,
    pub step: Step,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Open,
        State::NeedsInfo,
        State::Answered,
        State::Solved,
        State::Expired,
    ];

    /// The state as stored and as written in addresses' filters.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::NeedsInfo => "needs-info",
            State::Answered => "answered",
            State::Solved => "solved",
            State::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|state| state.as_str() == text)
    }

    /// The Fluent id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            State::Open => "forum-state-open",
            State::NeedsInfo => "forum-state-needs-info",
            State::Answered => "forum-state-answered",
            State::Solved => "forum-state-solved",
            State::Expired => "forum-state-expired",
        }
    }

    /// Where `step` takes a question in this state.
    pub fn after(self, step: Step) -> Result<State, Refused> {
        use State::*;
        let refused = Err(Refused { from: self, step });
        match (self, step) {
            (Solved, Step::Answer | Step::AskerReplies | Step::MarkSolution) => Ok(Solved),
            (Solved, Step::UnmarkSolution) => Ok(Answered),
            (Solved, Step::AskForInfo | Step::Expire) => refused,
            (_, Step::UnmarkSolution) => refused,
            (_, Step::Answer) => Ok(Answered),
            (_, Step::AskForInfo) => Ok(NeedsInfo),
            (_, Step::AskerReplies) => Ok(Open),
            (_, Step::MarkSolution) => Ok(Solved),
            (Open | NeedsInfo, Step::Expire) => Ok(Expired),
            (Answered | Expired, Step::Expire) => refused,
        }
    }

    /// Whether the periodic job looks at questions in this state.
    pub fn can_expire(self) -> bool {
        self.after(Step::Expire).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::State::*;
    use super::*;

    const STEPS: [Step; 6] = [
        Step::Answer,
        Step::AskForInfo,
        Step::AskerReplies,
        Step::MarkSolution,
        Step::UnmarkSolution,
        Step::Expire,
    ];

    /// The table of the module's documentation, row by row (`None`: refused).
    fn table(from: State) -> [Option<State>; 6] {
        match from {
            Open => [
                Some(Answered),
                Some(NeedsInfo),
                Some(Open),
                Some(Solved),
                None,
                Some(Expired),
            ],
            NeedsInfo => [
                Some(Answered),
                Some(NeedsInfo),
                Some(Open),
                Some(Solved),
                None,
                Some(Expired),
            ],
            Answered => [
                Some(Answered),
                Some(NeedsInfo),
                Some(Open),
                Some(Solved),
                None,
                None,
            ],
            Solved => [
                Some(Solved),
                None,
                Some(Solved),
                Some(Solved),
                Some(Answered),
                None,
            ],
            Expired => [
                Some(Answered),
                Some(NeedsInfo),
                Some(Open),
                Some(Solved),
                None,
                None,
            ],
        }
    }

    #[test]
    fn every_transition_allowed_and_refused() {
        for from in State::ALL {
            for (step, expected) in STEPS.into_iter().zip(table(from)) {
                let got = from.after(step);
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} × {step:?}"),
                    None => assert_eq!(got, Err(Refused { from, step }), "{from:?} × {step:?}"),
                }
            }
        }
    }

    #[test]
    fn states_read_back_from_their_names() {
        for state in State::ALL {
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
        assert_eq!(State::parse("cerrada"), None);
        assert!(Open.can_expire() && NeedsInfo.can_expire());
        assert!(!Answered.can_expire() && !Solved.can_expire() && !Expired.can_expire());
    }
}
