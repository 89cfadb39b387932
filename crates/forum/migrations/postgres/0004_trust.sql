-- Trust levels: what the forum counted of each person (days visited, posts read) and
-- the level kept (0 new, 1 basic, 2 member, 3 regular); fixed = 1 when staff set it by
-- hand. forum_reads: how far each person read each topic (its highest post number).
-- Posts may now also be 'pending' (a new member's, waiting for a moderator).
-- Mirrors the other backend's file.

CREATE TABLE forum_trust (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    level BIGINT NOT NULL,
    fixed BIGINT NOT NULL,
    visit_days BIGINT NOT NULL,
    last_visit_day BIGINT NOT NULL,
    posts_read BIGINT NOT NULL
);

CREATE TABLE forum_reads (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    upto BIGINT NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);

CREATE INDEX forum_topics_solution ON forum_topics (solution_post_id);
CREATE INDEX forum_flags_flagger ON forum_flags (flagger_id, state);
CREATE INDEX forum_posts_pending ON forum_posts (created_at) WHERE visibility = 'pending';

-- Members who already took part (two posts shown or more) start at level Basic.
INSERT INTO forum_trust (user_id, level, fixed, visit_days, last_visit_day, posts_read)
SELECT author_id, 1, 0, 0, -1, 0 FROM forum_posts
WHERE author_id IS NOT NULL AND visibility = 'shown'
GROUP BY author_id HAVING COUNT(*) >= 2;
