-- The partner directory: the companies that give professional support as they applied
-- and as the foundation verified them, their offices, and what buyers filter them by.
-- Mirrors the other backend's file.

-- status: pending | more (the foundation asked for more) | rejected | approved (listed).
-- verified_until: when the yearly verification runs out (listed but shown as expired
-- after it). state, city: the head office. nationwide: gives remote support in the
-- whole country. hours: 24x7 | habil. certified: the certified people it lists.
-- sort_name: the name folded, for sorting by name the same on both backends. desk: the
-- slug of its desk, once it has one. *_bits: its offers (partner_offers) as bit sets,
-- for the directory's filters to test in the row itself: bit i is the catalog's i-th
-- choice (crates/partners/src/catalog.rs) or the i-th state of the platform's list
-- (every state it serves: offices, coverage); partner_offers stays the source. applicant_id: who applied, and keeps the listing.
-- renewal_asked_at: when a listed partner asked the foundation to renew its
-- verification (while the foundation has not decided).
CREATE TABLE partners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    rfc TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    description_html TEXT NOT NULL,
    state TEXT NOT NULL,
    city TEXT NOT NULL,
    address TEXT NOT NULL,
    nationwide INTEGER NOT NULL,
    hours TEXT NOT NULL,
    web TEXT NOT NULL,
    phone TEXT NOT NULL,
    whatsapp TEXT NOT NULL,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    verified_until INTEGER,
    certified INTEGER NOT NULL,
    service_bits INTEGER NOT NULL DEFAULT 0,
    sector_bits INTEGER NOT NULL DEFAULT 0,
    level_bits INTEGER NOT NULL DEFAULT 0,
    language_bits INTEGER NOT NULL DEFAULT 0,
    state_bits INTEGER NOT NULL DEFAULT 0,
    desk TEXT,
    applicant_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    renewal_asked_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX partners_listed ON partners (status, sort_name);
CREATE INDEX partners_by_applicant ON partners (applicant_id);

-- city_key: the city's name folded and slugged, what the directory filters by.
CREATE TABLE partner_offices (
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    city TEXT NOT NULL,
    city_key TEXT NOT NULL,
    PRIMARY KEY (partner_id, state, city_key)
);
CREATE INDEX partner_offices_by_city ON partner_offices (state, city_key);

-- kind: service | sector | level | language | state (a state it covers); value: the
-- choice's value in addresses (crates/partners/src/catalog.rs).
CREATE TABLE partner_offers (
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (partner_id, kind, value)
);
CREATE INDEX partner_offers_by_value ON partner_offers (kind, value);

-- Documents a partner sent with its application or renewal (an acta constitutiva, a
-- constancia de situación fiscal), under the platform's attachment rules
-- (crates/platform/src/attachments.rs; kind is what the bytes said). Only the
-- foundation's staff and the partner's applicant download them. A document is kept as
-- soon as it is sent, by its owner, and joins its application (partner_id) when the
-- form goes through: a form sent back to mend loses none.
CREATE TABLE partner_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX partner_documents_by_partner ON partner_documents (partner_id, id);
CREATE INDEX partner_documents_by_owner ON partner_documents (owner_id) WHERE partner_id IS NULL;

-- An application's history: each sending and each decision of the foundation, with
-- what it said. step: applied | resent | renewal | approved | more | rejected.
CREATE TABLE partner_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    note TEXT NOT NULL,
    by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at INTEGER NOT NULL
);
CREATE INDEX partner_steps_by_partner ON partner_steps (partner_id, id);

-- A buyer's request to a partner from its profile (a lead), and the ticket it became in
-- the partner's desk (its subject, `ticket:12`; the platform's links table links the
-- two). size, service, urgency: values of crates/partners/src/lead.rs and catalog.rs.
CREATE TABLE partner_leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    requester_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    organization TEXT NOT NULL,
    size TEXT NOT NULL,
    state TEXT NOT NULL,
    service TEXT NOT NULL,
    urgency TEXT NOT NULL,
    need TEXT NOT NULL,
    ticket TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX partner_leads_by_partner ON partner_leads (partner_id, id);
