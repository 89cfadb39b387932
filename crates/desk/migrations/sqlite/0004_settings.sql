-- A partner's logo, an upload of the platform (served at /subidas/{id}); its name and
-- signature were there from the start.
ALTER TABLE desk_partners ADD COLUMN logo_upload_id INTEGER REFERENCES uploads (id) ON DELETE SET NULL;
