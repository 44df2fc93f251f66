-- What address books hold: a second e-mail, home and fax numbers, the card's
-- UID.

ALTER TABLE contact ADD COLUMN email2 TEXT;

ALTER TABLE contact ADD COLUMN home_phone TEXT;

ALTER TABLE contact ADD COLUMN home_phone_key TEXT;

ALTER TABLE contact ADD COLUMN fax TEXT;

ALTER TABLE contact ADD COLUMN fax_key TEXT;

ALTER TABLE contact ADD COLUMN uid TEXT;

CREATE INDEX contact_email2 ON contact(lower(email2));

CREATE INDEX contact_home_phone_key ON contact(home_phone_key);

CREATE INDEX contact_fax_key ON contact(fax_key);

CREATE UNIQUE INDEX contact_uid ON contact(lower(uid));
