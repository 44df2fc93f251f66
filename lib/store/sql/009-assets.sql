-- Assets: what customers own, with warranty and contract ends; cases about one.

CREATE TABLE asset (
    id INTEGER PRIMARY KEY,
    product INTEGER REFERENCES product(id) ON DELETE SET NULL,
    serial TEXT,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    opp INTEGER REFERENCES opp(id) ON DELETE SET NULL,
    qty NUMERIC,
    installed TEXT,
    warranty_end TEXT,
    contract_end TEXT,
    location TEXT,
    status TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE UNIQUE INDEX asset_serial ON asset(lower(serial));

CREATE INDEX asset_account ON asset(account);

CREATE INDEX asset_opp ON asset(opp);

CREATE INDEX asset_warranty ON asset(warranty_end);

CREATE INDEX asset_contract ON asset(contract_end);

CREATE INDEX asset_label_key ON asset(label_key);

CREATE VIRTUAL TABLE asset_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

ALTER TABLE "case" ADD COLUMN asset INTEGER REFERENCES asset(id) ON DELETE SET NULL;

CREATE INDEX case_asset ON "case"(asset);
