-- Leads opt out of marketing as contacts do.

ALTER TABLE lead ADD COLUMN optout INTEGER;
