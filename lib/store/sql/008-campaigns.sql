-- Campaigns and their members; leads and opportunities name a campaign and a
-- partner.

CREATE TABLE campaign (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    channel TEXT,
    status TEXT,
    start TEXT,
    "end" TEXT,
    budget INTEGER,
    cost INTEGER,
    expected INTEGER,
    currency TEXT,
    description TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE UNIQUE INDEX campaign_name ON campaign(lower(name));

CREATE INDEX campaign_label_key ON campaign(label_key);

CREATE VIRTUAL TABLE campaign_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    campaign INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    lead INTEGER REFERENCES lead(id) ON DELETE SET NULL,
    status TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX member_campaign ON member(campaign, status);

CREATE INDEX member_contact ON member(contact);

CREATE INDEX member_lead ON member(lead);

CREATE INDEX member_label_key ON member(label_key);

CREATE VIRTUAL TABLE member_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

ALTER TABLE lead ADD COLUMN campaign INTEGER REFERENCES campaign(id) ON DELETE SET NULL;

ALTER TABLE lead ADD COLUMN partner INTEGER REFERENCES account(id) ON DELETE SET NULL;

ALTER TABLE opp ADD COLUMN campaign INTEGER REFERENCES campaign(id) ON DELETE SET NULL;

ALTER TABLE opp ADD COLUMN partner INTEGER REFERENCES account(id) ON DELETE SET NULL;

CREATE INDEX lead_campaign ON lead(campaign);

CREATE INDEX lead_partner ON lead(partner);

CREATE INDEX opp_campaign ON opp(campaign);

CREATE INDEX opp_partner ON opp(partner);
