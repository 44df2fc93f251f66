-- Customer service: cases, the service levels per priority, activities about
-- a case.

CREATE TABLE "case" (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    kind TEXT,
    priority TEXT,
    status TEXT,
    channel TEXT,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    product INTEGER REFERENCES product(id) ON DELETE SET NULL,
    opp INTEGER REFERENCES opp(id) ON DELETE SET NULL,
    description TEXT,
    resolution TEXT,
    qty NUMERIC,
    reason TEXT,
    respond_by TEXT,
    resolve_by TEXT,
    responded TEXT,
    paused TEXT,
    held NUMERIC,
    resolved TEXT,
    closed TEXT,
    csat NUMERIC,
    nps NUMERIC,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX case_status ON "case"(status, resolve_by);

CREATE INDEX case_contact ON "case"(contact);

CREATE INDEX case_account ON "case"(account);

CREATE INDEX case_product ON "case"(product);

CREATE INDEX case_opp ON "case"(opp);

CREATE INDEX case_label_key ON "case"(label_key);

CREATE VIRTUAL TABLE case_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE sla (priority TEXT PRIMARY KEY,
                  respond INTEGER NOT NULL,
                  resolve INTEGER NOT NULL);

-- Seconds to respond and to resolve, by priority.
INSERT INTO sla VALUES ('urgent', 14400, 86400),
                       ('high', 28800, 259200),
                       ('normal', 86400, 432000),
                       ('low', 259200, 864000);

ALTER TABLE task ADD COLUMN "case" INTEGER REFERENCES "case"(id) ON DELETE SET NULL;

ALTER TABLE interaction ADD COLUMN "case" INTEGER
    REFERENCES "case"(id) ON DELETE SET NULL;

CREATE INDEX task_case ON task("case");

CREATE INDEX interaction_case ON interaction("case");
