-- The community forum: categories, topics (questions and discussions), their posts and
-- every revision of a post, tags, votes, and how each ask flow ended.
-- Mirrors the other backend's file.

CREATE TABLE forum_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description TEXT NOT NULL,
    description_en TEXT NOT NULL,
    product TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- kind: question | discussion. state: a question's (open, needs-info, answered,
-- solved, expired); empty for a discussion. first_reply_at: the first reply by
-- someone other than the author. lang: the language the author wrote in (their
-- pages' language when they asked). Counters are kept by the writes that move them.
CREATE TABLE forum_topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category_id INTEGER NOT NULL REFERENCES forum_categories (id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    solution_post_id INTEGER,
    closed INTEGER NOT NULL,
    me_too INTEGER NOT NULL,
    posts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    activity_at INTEGER NOT NULL,
    first_reply_at INTEGER,
    solved_at INTEGER
);
CREATE INDEX forum_topics_activity ON forum_topics (activity_at, id);
CREATE INDEX forum_topics_category_activity ON forum_topics (category_id, activity_at, id);
CREATE INDEX forum_topics_votes ON forum_topics (me_too, id);
CREATE INDEX forum_topics_unanswered ON forum_topics (me_too, id)
    WHERE kind = 'question' AND first_reply_at IS NULL AND state <> 'solved';
CREATE INDEX forum_topics_solved ON forum_topics (solved_at, id) WHERE state = 'solved';
CREATE INDEX forum_topics_waiting ON forum_topics (activity_at)
    WHERE state IN ('open', 'needs-info');

CREATE TABLE forum_topic_tags (
    topic_id INTEGER NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (topic_id, tag)
);
CREATE INDEX forum_topic_tags_tag ON forum_topic_tags (tag, topic_id);

-- number: the post's place in its topic, from 1 (the topic's opening post), dense.
-- html: the body rendered through the one sanitizer when it was written.
CREATE TABLE forum_posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id INTEGER NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    html TEXT NOT NULL,
    asks_for_info INTEGER NOT NULL,
    helpful INTEGER NOT NULL,
    revisions INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    UNIQUE (topic_id, number)
);
CREATE INDEX forum_posts_author ON forum_posts (author_id, created_at);

CREATE TABLE forum_post_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    editor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (post_id, number)
);

CREATE TABLE forum_topic_votes (
    topic_id INTEGER NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    PRIMARY KEY (topic_id, user_id)
);

CREATE TABLE forum_post_votes (
    post_id INTEGER NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- One row per time someone began to ask (the preview step). outcome: asking (not
-- finished yet, or left without a suggestion that helped), posted, resolved (left
-- after "esto me resolvió").
CREATE TABLE forum_ask_flows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    started_at INTEGER NOT NULL,
    suggestions INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    ended_at INTEGER,
    topic_id INTEGER REFERENCES forum_topics (id) ON DELETE SET NULL,
    resolved_by TEXT NOT NULL
);
CREATE INDEX forum_ask_flows_started ON forum_ask_flows (started_at);
