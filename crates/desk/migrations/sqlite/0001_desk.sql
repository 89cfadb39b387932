-- The partner desks: partners with their people (admins and agents) and teams, their
-- business calendars and SLA plans, client organizations with their customers and
-- account manager, contracts, and tickets with their messages (channel-neutral: each
-- records its channel and external id), stretches of waiting and recorded breaches.
-- Mirrors the other backend's file.

CREATE TABLE desk_partners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    signature TEXT NOT NULL,
    next_number INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- role: admin | agent.
CREATE TABLE desk_staff (
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (partner_id, user_id)
);
CREATE INDEX desk_staff_by_user ON desk_staff (user_id);

CREATE TABLE desk_teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    lead_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE desk_team_members (
    team_id INTEGER NOT NULL REFERENCES desk_teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);

-- spec: the calendar's JSON, in the shape `sla::calendar` reads and writes.
CREATE TABLE desk_calendars (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE desk_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (partner_id, name)
);

-- Minutes of counted time, per priority (1 = P1 crítica … 4 = P4 baja).
CREATE TABLE desk_plan_targets (
    plan_id INTEGER NOT NULL REFERENCES desk_plans (id) ON DELETE CASCADE,
    priority INTEGER NOT NULL,
    first_response INTEGER NOT NULL,
    next_update INTEGER NOT NULL,
    resolution INTEGER NOT NULL,
    PRIMARY KEY (plan_id, priority)
);

-- zone: where its people are, for showing them times. manager_*: the account
-- manager's direct contact, which its customers see.
CREATE TABLE desk_organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    zone TEXT NOT NULL,
    manager_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    manager_phone TEXT NOT NULL,
    manager_whatsapp TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (partner_id, name)
);

CREATE TABLE desk_customers (
    organization_id INTEGER NOT NULL REFERENCES desk_organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX desk_customers_by_user ON desk_customers (user_id);

-- starts_on and ends_on: local dates (YYYY-MM-DD), ends_on included. Included hours
-- in minutes, remote and on site.
CREATE TABLE desk_contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES desk_organizations (id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES desk_plans (id),
    calendar_id INTEGER NOT NULL REFERENCES desk_calendars (id),
    name TEXT NOT NULL,
    remote_minutes INTEGER NOT NULL,
    onsite_minutes INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    renewal_notice_days INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_contracts_by_organization ON desk_contracts (organization_id, ends_on);

-- number: the partner's own ticket number. status: see `ticket::Status`. priority: 1
-- to 4. The SLA facts (first reply, the customer waiting since, the last answered
-- wait, resolution, waiting for the customer since, reminder) are kept on the ticket;
-- closed stretches of waiting are in desk_ticket_pauses.
CREATE TABLE desk_tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES desk_organizations (id),
    contract_id INTEGER REFERENCES desk_contracts (id),
    requester_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    team_id INTEGER REFERENCES desk_teams (id) ON DELETE SET NULL,
    subject TEXT NOT NULL,
    priority INTEGER NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    first_reply_at INTEGER,
    waiting_since INTEGER,
    answered_wait_since INTEGER,
    answered_at INTEGER,
    resolved_at INTEGER,
    pending_since INTEGER,
    remind_at INTEGER,
    UNIQUE (partner_id, number)
);
CREATE INDEX desk_tickets_queue ON desk_tickets (partner_id, status, priority, created_at);
CREATE INDEX desk_tickets_by_organization ON desk_tickets (organization_id, updated_at);

CREATE TABLE desk_ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);

-- kind: pending (waiting for the customer) | resolved (until reopened). [start, end).
CREATE TABLE desk_ticket_pauses (
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL
);
CREATE INDEX desk_ticket_pauses_by_ticket ON desk_ticket_pauses (ticket_id);

-- visibility: public | internal. channel: portal | agent | api (then email,
-- whatsapp, phone). external_id: the message's id in its channel, if it has one.
-- author_side: customer | desk. body_html is the body rendered once. told_at: when
-- the other side was told of it (a notice and a mail), once.
CREATE TABLE desk_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_side TEXT NOT NULL,
    visibility TEXT NOT NULL,
    channel TEXT NOT NULL,
    external_id TEXT,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    told_at INTEGER
);
CREATE INDEX desk_messages_by_ticket ON desk_messages (ticket_id, id);
CREATE UNIQUE INDEX desk_messages_by_external ON desk_messages (channel, external_id);

-- A breach of one of a ticket's targets, recorded once (the key makes a second
-- recording of the same breach a no-op).
CREATE TABLE desk_breaches (
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, target, due_at)
);

-- A warning (a target about to fall due) or an escalation (a breach) of one of a
-- ticket's targets, queued once (the key makes a second queuing a no-op); and each
-- person told of it, written with the notice, so a retried job tells nobody twice.
CREATE TABLE desk_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (ticket_id, target, due_at, kind)
);

CREATE TABLE desk_alerts_told (
    alert_id INTEGER NOT NULL REFERENCES desk_alerts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    told_at INTEGER NOT NULL,
    PRIMARY KEY (alert_id, user_id)
);

-- Time worked on a ticket, remote or on site, counted against its contract's hours.
-- worked_on: the local date (YYYY-MM-DD).
CREATE TABLE desk_time_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    contract_id INTEGER REFERENCES desk_contracts (id),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    worked_on TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_time_entries_by_ticket ON desk_time_entries (ticket_id);
CREATE INDEX desk_time_entries_by_contract ON desk_time_entries (contract_id, kind);

-- The satisfaction survey of one resolution of a ticket: asked by mail (a link per
-- rating, its token kept as a hash) and on the ticket's page; rating 1 to 5.
CREATE TABLE desk_surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    resolved_at INTEGER NOT NULL,
    token_hash TEXT UNIQUE,
    sent_at INTEGER,
    rating INTEGER,
    comment TEXT NOT NULL,
    answered_at INTEGER,
    UNIQUE (ticket_id, resolved_at)
);

-- A desk's canned replies: the reply's text ({cliente} becomes the requester's
-- name) and, if set, the status and priority it also gives the ticket.
CREATE TABLE desk_macros (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT,
    priority INTEGER,
    UNIQUE (partner_id, name)
);

-- An on-site visit: where, when (UTC milliseconds), how long it is expected to take,
-- and who goes.
CREATE TABLE desk_visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    agent_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    address TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_visits_by_ticket ON desk_visits (ticket_id, starts_at);

-- Who is on call for a partner, and when: the hours of one of its calendars.
CREATE TABLE desk_oncall (
    partner_id INTEGER NOT NULL REFERENCES desk_partners (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    calendar_id INTEGER NOT NULL REFERENCES desk_calendars (id),
    PRIMARY KEY (partner_id, user_id)
);

-- A critical incident: a P1 ticket's own mode, with the cadence of its public status
-- updates and, once over, its post-incident summary.
CREATE TABLE desk_incidents (
    ticket_id INTEGER PRIMARY KEY REFERENCES desk_tickets (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    cadence_minutes INTEGER NOT NULL,
    summary TEXT,
    summary_html TEXT,
    summary_at INTEGER
);

CREATE TABLE desk_incident_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES desk_tickets (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_incident_updates_by_ticket ON desk_incident_updates (ticket_id, id);

-- A contract's renewal reminder, sent once when its notice period begins.
CREATE TABLE desk_renewals_told (
    contract_id INTEGER PRIMARY KEY REFERENCES desk_contracts (id) ON DELETE CASCADE,
    told_at INTEGER NOT NULL
);
