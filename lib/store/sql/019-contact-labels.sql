-- What an address book labels a contact's e-mails and address: work or home.

ALTER TABLE contact ADD COLUMN email_is TEXT;

ALTER TABLE contact ADD COLUMN email2_is TEXT;

ALTER TABLE contact ADD COLUMN address_is TEXT;
