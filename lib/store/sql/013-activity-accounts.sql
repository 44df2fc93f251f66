-- A task or interaction about a contact is about the contact's account too, as
-- a case is: the account's 360° view lists them.

UPDATE task SET account = (SELECT c.account FROM contact c WHERE c.id = task.contact)
WHERE account IS NULL AND contact IS NOT NULL;

UPDATE interaction
SET account = (SELECT c.account FROM contact c WHERE c.id = interaction.contact)
WHERE account IS NULL AND contact IS NOT NULL;
