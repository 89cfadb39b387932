-- The bug tracker: products with their series (versions) and components, the people
-- of each component (default assignees, watchers, the developers' team), reports with
-- their comments, attachments, the complete activity log of every field change, who a
-- report affects and who follows it, tags, and each person's saved searches.
-- Mirrors the other backend's file.

CREATE TABLE bugs_products (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A version line of a product (2.0, 2.1…); position orders them, newest last.
CREATE TABLE bugs_series (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES bugs_products (id),
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (product_id, name)
);

CREATE TABLE bugs_components (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES bugs_products (id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (product_id, slug)
);

-- duty: assignee (a new report goes to them) | watcher (told of every report) |
-- developer (the component's team).
CREATE TABLE bugs_component_people (
    component_id BIGINT NOT NULL REFERENCES bugs_components (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    duty TEXT NOT NULL,
    PRIMARY KEY (component_id, user_id, duty)
);

-- status and importance: see the crate's `status` module. duplicate_of: the master
-- report while status is 'duplicate'; before_duplicate: the status to go back to when
-- unmarked. affected, subscribers and duplicates count the report's own people and
-- those of its duplicates; heat follows them (see `heat`). fixed_series_id: where the
-- fix is ready or published. description_html is the description rendered once.
CREATE TABLE bugs (
    id BIGSERIAL PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES bugs_products (id),
    component_id BIGINT REFERENCES bugs_components (id),
    series_id BIGINT REFERENCES bugs_series (id),
    fixed_series_id BIGINT REFERENCES bugs_series (id),
    architecture TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    description_html TEXT NOT NULL,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    importance TEXT NOT NULL,
    assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    duplicate_of BIGINT REFERENCES bugs (id),
    before_duplicate TEXT,
    affected BIGINT NOT NULL,
    subscribers BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    comments BIGINT NOT NULL,
    heat BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    status_at BIGINT NOT NULL
);
CREATE INDEX bugs_by_heat ON bugs (heat, id);
CREATE INDEX bugs_by_product ON bugs (product_id, status, importance, heat);
CREATE INDEX bugs_by_status ON bugs (status, heat);
CREATE INDEX bugs_by_assignee ON bugs (assignee_id);
CREATE INDEX bugs_by_reporter ON bugs (reporter_id);
CREATE INDEX bugs_by_master ON bugs (duplicate_of);

CREATE TABLE bugs_tags (
    bug_id BIGINT NOT NULL REFERENCES bugs (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (bug_id, tag)
);
CREATE INDEX bugs_tags_by_tag ON bugs_tags (tag, bug_id);

-- "Me afecta también": one row per person and report (the reporter's included).
CREATE TABLE bugs_affected (
    bug_id BIGINT NOT NULL REFERENCES bugs (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (bug_id, user_id)
);

CREATE TABLE bugs_subscriptions (
    bug_id BIGINT NOT NULL REFERENCES bugs (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (bug_id, user_id)
);
CREATE INDEX bugs_subscriptions_by_person ON bugs_subscriptions (user_id);

-- number: 1, 2… within the report.
CREATE TABLE bugs_comments (
    id BIGSERIAL PRIMARY KEY,
    bug_id BIGINT NOT NULL REFERENCES bugs (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (bug_id, number)
);

-- One row per field changed: field is a name from the crate's `activity` module; old
-- and new are the values as stored (ids, status names), shown through the same texts.
CREATE TABLE bugs_activity (
    id BIGSERIAL PRIMARY KEY,
    bug_id BIGINT NOT NULL REFERENCES bugs (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX bugs_activity_by_bug ON bugs_activity (bug_id, id);

-- kind: what the bytes said (text, png, jpeg, gif, webp, gzip, xz, zstd, zip,
-- core); bug_id is NULL while the report it belongs to is still being written.
CREATE TABLE bugs_attachments (
    id BIGSERIAL PRIMARY KEY,
    bug_id BIGINT REFERENCES bugs (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES bugs_comments (id) ON DELETE SET NULL,
    owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX bugs_attachments_by_bug ON bugs_attachments (bug_id);
CREATE INDEX bugs_attachments_staged ON bugs_attachments (owner_id, bug_id);

-- query: the list's filters as its address's query string.
CREATE TABLE bugs_saved_searches (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, name)
);
