-- The sales pipeline: products, leads, opportunities and their items, stages.

CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL,
    name TEXT,
    family TEXT,
    price INTEGER,
    currency TEXT,
    active INTEGER,
    description TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE UNIQUE INDEX product_sku ON product(lower(sku));

CREATE INDEX product_label_key ON product(label_key);

CREATE VIRTUAL TABLE product_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE stage (pipeline TEXT NOT NULL,
                    name TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    probability INTEGER NOT NULL,
                    category TEXT NOT NULL,
                    state TEXT NOT NULL,
                    PRIMARY KEY (pipeline, name));

-- The default pipeline's stages.
INSERT INTO stage VALUES ('default', 'prospecting', 1, 10, 'pipeline', 'open'),
                         ('default', 'qualification', 2, 20, 'pipeline', 'open'),
                         ('default', 'proposal', 3, 50, 'best case', 'open'),
                         ('default', 'negotiation', 4, 75, 'commit', 'open'),
                         ('default', 'won', 5, 100, 'closed', 'won'),
                         ('default', 'lost', 6, 0, 'omitted', 'lost');

CREATE TABLE opp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    product INTEGER REFERENCES product(id) ON DELETE SET NULL,
    pipeline TEXT,
    stage TEXT,
    amount INTEGER,
    currency TEXT,
    probability NUMERIC,
    close TEXT,
    closed TEXT,
    source TEXT,
    next_step TEXT,
    lost_reason TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX opp_account ON opp(account);

CREATE INDEX opp_contact ON opp(contact);

CREATE INDEX opp_stage ON opp(pipeline, stage);

CREATE INDEX opp_label_key ON opp(label_key);

CREATE VIRTUAL TABLE opp_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE quote (
    id INTEGER PRIMARY KEY,
    number TEXT,
    version INTEGER,
    opp INTEGER NOT NULL REFERENCES opp(id) ON DELETE CASCADE,
    status TEXT,
    valid_until TEXT,
    currency TEXT,
    discount NUMERIC,
    tax NUMERIC,
    subtotal INTEGER,
    tax_amount INTEGER,
    total INTEGER,
    terms TEXT,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE UNIQUE INDEX quote_number ON quote(number, version);

CREATE INDEX quote_opp ON quote(opp);

CREATE INDEX quote_label_key ON quote(label_key);

CREATE VIRTUAL TABLE quote_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    opp INTEGER REFERENCES opp(id) ON DELETE CASCADE,
    quote INTEGER REFERENCES quote(id) ON DELETE CASCADE,
    product INTEGER REFERENCES product(id) ON DELETE SET NULL,
    qty NUMERIC,
    price INTEGER,
    discount NUMERIC,
    total INTEGER,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX item_opp ON item(opp);

CREATE INDEX item_quote ON item(quote);

CREATE INDEX item_label_key ON item(label_key);

CREATE VIRTUAL TABLE item_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE lead (
    id INTEGER PRIMARY KEY,
    first_name TEXT,
    last_name TEXT,
    company TEXT,
    title TEXT,
    email TEXT,
    phone TEXT,
    phone_key TEXT,
    website TEXT,
    city TEXT,
    country TEXT,
    source TEXT,
    status TEXT,
    score NUMERIC,
    reason TEXT,
    account INTEGER REFERENCES account(id) ON DELETE SET NULL,
    contact INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    opp INTEGER REFERENCES opp(id) ON DELETE SET NULL,
    owner TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

CREATE INDEX lead_email ON lead(lower(email));

CREATE INDEX lead_phone_key ON lead(phone_key);

CREATE INDEX lead_status ON lead(status);

CREATE INDEX lead_label_key ON lead(label_key);

CREATE VIRTUAL TABLE lead_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');
