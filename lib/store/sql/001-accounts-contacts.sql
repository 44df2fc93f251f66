-- Accounts, contacts, tags, search, custom fields, the change log.

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT,
    industry TEXT,
    website TEXT,
    phone TEXT,
    phone_key TEXT,
    email TEXT,
    address TEXT,
    city TEXT,
    region TEXT,
    postcode TEXT,
    country TEXT,
    employees NUMERIC,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX account_name ON account(name COLLATE NOCASE);

CREATE INDEX account_label_key ON account(label_key);

CREATE INDEX account_phone_key ON account(phone_key);

CREATE INDEX account_email ON account(lower(email));

CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    first_name TEXT,
    last_name TEXT,
    title TEXT,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    email TEXT,
    phone TEXT,
    phone_key TEXT,
    mobile TEXT,
    mobile_key TEXT,
    address TEXT,
    city TEXT,
    region TEXT,
    postcode TEXT,
    country TEXT,
    birthday TEXT,
    channel TEXT,
    language TEXT,
    source TEXT,
    optout INTEGER,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE UNIQUE INDEX contact_email ON contact(lower(email));

CREATE INDEX contact_label_key ON contact(label_key);

CREATE INDEX contact_account ON contact(account);

CREATE INDEX contact_phone_key ON contact(phone_key);

CREATE INDEX contact_mobile_key ON contact(mobile_key);

CREATE INDEX contact_last_name ON contact(last_name COLLATE NOCASE);

-- Tags: one row per record and tag.
CREATE TABLE tag (entity TEXT NOT NULL,
                  record INTEGER NOT NULL,
                  tag TEXT NOT NULL,
                  PRIMARY KEY (entity, record, tag)) WITHOUT ROWID;

CREATE INDEX tag_tag ON tag(entity, tag);

-- Search: the words of each record, accents aside, by rowid = the record's id.

CREATE VIRTUAL TABLE account_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE VIRTUAL TABLE contact_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

-- The fields users add to an entity.
CREATE TABLE custom_field (entity TEXT NOT NULL,
                           name TEXT NOT NULL,
                           type TEXT NOT NULL,
                           choices TEXT,
                           PRIMARY KEY (entity, name));

-- The change log: each run of a command, and each change it made; undo reads it.

CREATE TABLE run (id INTEGER PRIMARY KEY,
                  at TEXT NOT NULL,
                  who TEXT,
                  command TEXT,
                  undoes INTEGER,
                  undone_by INTEGER);

CREATE TABLE change (id INTEGER PRIMARY KEY,
                     run INTEGER NOT NULL REFERENCES run(id),
                     entity TEXT NOT NULL,
                     record INTEGER NOT NULL,
                     op TEXT NOT NULL,
                     field TEXT,
                     old TEXT,
                     new TEXT);

CREATE INDEX change_record ON change(entity, record);

CREATE INDEX change_run ON change(run);
