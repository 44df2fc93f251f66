-- Users: the people who own records, in teams under managers.  Every owner
-- field holds a user's login; the owners a database already names become
-- users, with their name keys and search entries.

CREATE TABLE "user" (
    id INTEGER PRIMARY KEY,
    login TEXT,
    name TEXT,
    email TEXT,
    team TEXT,
    manager INTEGER REFERENCES "user"(id) ON DELETE SET NULL,
    region TEXT,
    role TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted TEXT,
    label_key TEXT);

-- owner fields find their user by it: lower(u.login) = lower(t.owner)
CREATE UNIQUE INDEX user_login ON "user"(lower(login));

CREATE INDEX user_manager ON "user"(manager);

CREATE INDEX user_label_key ON "user"(label_key);

CREATE VIRTUAL TABLE user_fts USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER user_id_mark AFTER DELETE ON "user"
BEGIN
    INSERT INTO id_mark VALUES ('user', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

-- Owners differing in case only are one user: the first spelling.
INSERT INTO "user" (login, name, role, created, updated, label_key)
    SELECT min(owner), min(owner), 'rep', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
           strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), crm_key(min(owner))
    FROM (SELECT owner FROM account UNION SELECT owner FROM contact
          UNION SELECT owner FROM product UNION SELECT owner FROM lead
          UNION SELECT owner FROM opp UNION SELECT owner FROM quote
          UNION SELECT owner FROM item UNION SELECT owner FROM task
          UNION SELECT owner FROM interaction UNION SELECT owner FROM "case"
          UNION SELECT owner FROM campaign UNION SELECT owner FROM member
          UNION SELECT owner FROM asset UNION SELECT owner FROM quota
          UNION SELECT owner FROM commission_rate)
    WHERE owner IS NOT NULL AND owner != ''
    GROUP BY lower(owner)
    ORDER BY lower(owner);

INSERT INTO user_fts (rowid, body) SELECT id, crm_fold(login || ' ' || name) FROM "user";
