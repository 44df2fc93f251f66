-- An interaction that is an e-mail keeps its Message-ID (crm mail): the same
-- mail read twice is logged once, and a reply finds the mail it answers
-- (lib/store/sql/022-message-id.sql; the same words on PostgreSQL).

ALTER TABLE interaction ADD COLUMN message_id TEXT;

CREATE UNIQUE INDEX interaction_message_id ON interaction(message_id) WHERE message_id IS NOT NULL;
