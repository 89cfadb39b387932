-- The partner directory: the companies that give professional support as they applied
-- and as the foundation verified them, their offices, and what buyers filter them by.
-- Mirrors the other backend's file.

-- status: pending | more (the foundation asked for more) | rejected | approved (listed).
-- verified_until: when the yearly verification runs out (listed but shown as expired
-- after it). state, city: the head office. nationwide: gives remote support in the
-- whole country. hours: 24x7 | habil. certified: the certified people it lists.
-- sort_name: the name folded, for sorting by name the same on both backends. desk: the
-- slug of its desk, once it has one.
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
    desk TEXT,
    applicant_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX partners_listed ON partners (status, sort_name);

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
