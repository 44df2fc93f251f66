-- Activities: tasks, the interaction log, attachments.

CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    kind TEXT,
    due TEXT,
    remind TEXT,
    priority TEXT,
    status TEXT,
    recur TEXT,
    anchor INTEGER,
    reminded TEXT,
    finished TEXT,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    lead INTEGER REFERENCES lead(id) ON DELETE SET NULL,
    opp INTEGER REFERENCES opp(id) ON DELETE SET NULL,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX task_open ON task(status, due);

CREATE INDEX task_remind ON task(remind) WHERE reminded IS NULL;

CREATE INDEX task_contact ON task(contact);

CREATE INDEX task_account ON task(account);

CREATE INDEX task_lead ON task(lead);

CREATE INDEX task_opp ON task(opp);

CREATE INDEX task_label_key ON task(label_key);

CREATE VIRTUAL TABLE task_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE interaction (
    id INTEGER PRIMARY KEY,
    at TEXT,
    channel TEXT,
    direction TEXT,
    subject TEXT,
    body TEXT,
    outcome TEXT,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    lead INTEGER REFERENCES lead(id) ON DELETE SET NULL,
    opp INTEGER REFERENCES opp(id) ON DELETE SET NULL,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX interaction_at ON interaction(at);

CREATE INDEX interaction_contact ON interaction(contact);

CREATE INDEX interaction_account ON interaction(account);

CREATE INDEX interaction_lead ON interaction(lead);

CREATE INDEX interaction_opp ON interaction(opp);

CREATE INDEX interaction_label_key ON interaction(label_key);

CREATE VIRTUAL TABLE interaction_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE attachment (id INTEGER PRIMARY KEY,
                         entity TEXT NOT NULL,
                         record INTEGER NOT NULL,
                         name TEXT NOT NULL,
                         type TEXT,
                         size INTEGER NOT NULL,
                         sha256 TEXT NOT NULL,
                         added TEXT NOT NULL,
                         who TEXT,
                         data BLOB NOT NULL);

CREATE INDEX attachment_record ON attachment(entity, record);
