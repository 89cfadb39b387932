//! How fast one person, and one address, may post, flag, vote and upload images: counted in the
//! database (the platform's rate limits), so the limits hold across nodes. Generous
//! for a person helping others; tight enough to stop a flood.

use std::net::IpAddr;
use std::time::Duration;

use soporte_platform::rate_limit::{self, Decision, Limit};
use soporte_platform::storage::{Db, UserId};

const HOUR: Duration = Duration::from_secs(60 * 60);

/// Topics and replies by one person.
pub const POSTS_PER_PERSON: Limit = Limit {
    name: "forum-post",
    max: 30,
    window: HOUR,
};
/// Topics and replies from one address (people behind one school's router share it).
pub const POSTS_PER_ADDRESS: Limit = Limit {
    name: "forum-post-ip",
    max: 120,
    window: HOUR,
};
/// Flags by one person.
pub const FLAGS_PER_PERSON: Limit = Limit {
    name: "forum-flag",
    max: 20,
    window: HOUR,
};
/// Votes ("a mí también", "me fue útil") by one person.
pub const VOTES_PER_PERSON: Limit = Limit {
    name: "forum-vote",
    max: 120,
    window: HOUR,
};
/// Flags and votes from one address.
pub const MARKS_PER_ADDRESS: Limit = Limit {
    name: "forum-mark-ip",
    max: 600,
    window: HOUR,
};

/// Images uploaded by one person.
pub const UPLOADS_PER_PERSON: Limit = Limit {
    name: "forum-upload",
    max: 20,
    window: HOUR,
};
/// Images uploaded from one address.
pub const UPLOADS_PER_ADDRESS: Limit = Limit {
    name: "forum-upload-ip",
    max: 60,
    window: HOUR,
};

/// What a person is about to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    Posting,
    Flagging,
    Voting,
    Uploading,
}

impl Doing {
    /// The Fluent id of what a person told to slow down reads.
    pub fn too_fast_id(self) -> &'static str {
        match self {
            Doing::Posting => "forum-too-fast",
            Doing::Flagging | Doing::Voting => "forum-too-fast-marks",
            Doing::Uploading => "forum-images-too-fast",
        }
    }

    fn limits(self) -> (Limit, Limit) {
        match self {
            Doing::Posting => (POSTS_PER_PERSON, POSTS_PER_ADDRESS),
            Doing::Flagging => (FLAGS_PER_PERSON, MARKS_PER_ADDRESS),
            Doing::Voting => (VOTES_PER_PERSON, MARKS_PER_ADDRESS),
            Doing::Uploading => (UPLOADS_PER_PERSON, UPLOADS_PER_ADDRESS),
        }
    }
}

/// Counts one more of `doing` by `person` from `client`; how long to wait when either
/// count is over its limit.
pub async fn hit(
    db: &Db,
    doing: Doing,
    person: UserId,
    client: IpAddr,
) -> Result<Option<Duration>, sqlx::Error> {
    let (personal, shared) = doing.limits();
    let mut wait = None;
    for (limit, key) in [
        (personal, person.to_string()),
        (shared, rate_limit::client_key(client)),
    ] {
        if let Decision::Limited { retry_after } = rate_limit::hit(db, limit, &key).await? {
            wait = Some(wait.map_or(retry_after, |other: Duration| other.max(retry_after)));
        }
    }
    Ok(wait)
}
