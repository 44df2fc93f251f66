-- Reports: quotas, commission rates, settings; indexes for last touches and
-- periods; the last touch of contacts, accounts and deals.

CREATE TABLE quota (owner TEXT NOT NULL,
                    period TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    PRIMARY KEY (owner, period));

CREATE TABLE commission_rate (id INTEGER PRIMARY KEY,
                              owner TEXT,
                              attainment NUMERIC NOT NULL,
                              rate NUMERIC NOT NULL);

CREATE TABLE setting (key TEXT PRIMARY KEY,
                      value TEXT NOT NULL);

-- Live interactions by record and time: last touches read the index alone.

DROP INDEX interaction_contact;

DROP INDEX interaction_account;

DROP INDEX interaction_opp;

DROP INDEX interaction_lead;

CREATE INDEX interaction_contact ON interaction(contact, at) WHERE deleted IS NULL;

CREATE INDEX interaction_account ON interaction(account, at) WHERE deleted IS NULL;

CREATE INDEX interaction_opp ON interaction(opp, at) WHERE deleted IS NULL;

CREATE INDEX interaction_lead ON interaction(lead, at) WHERE deleted IS NULL;

-- What the deal reports read, in one index they can read alone, by stage.

CREATE INDEX opp_report ON opp(stage, pipeline, currency, close, closed, owner,
                               source, amount, probability)
    WHERE deleted IS NULL;

CREATE INDEX opp_close ON opp(close);

CREATE INDEX opp_closed ON opp(closed);

CREATE INDEX lead_opp ON lead(opp);

CREATE INDEX change_field ON change(entity, field, record);

-- The last touch of contacts, accounts and deals, kept by triggers so that
-- "not touched since" is an index range, not a pass over every interaction:
-- the last live interaction about the record, and for a deal also the last
-- task done about it.

ALTER TABLE contact ADD COLUMN touched TEXT;

ALTER TABLE account ADD COLUMN touched TEXT;

ALTER TABLE opp ADD COLUMN touched TEXT;

UPDATE contact
SET touched = (SELECT max(i.at) FROM interaction i
               WHERE i.contact = contact.id AND i.deleted IS NULL);

UPDATE account
SET touched = (SELECT max(i.at) FROM interaction i
               WHERE i.account = account.id AND i.deleted IS NULL);

-- the later of the two; '' stands in for none so that max() sees both
UPDATE opp
SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                   WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                         coalesce((SELECT max(k.finished) FROM task k
                                   WHERE k.opp = opp.id AND k.status = 'done'
                                     AND k.deleted IS NULL), '')), '');

CREATE INDEX contact_touched ON contact(touched) WHERE deleted IS NULL;

CREATE INDEX account_touched ON account(touched) WHERE deleted IS NULL;

-- A new live interaction can only make a touch later.
CREATE TRIGGER touch_interaction_add AFTER INSERT ON interaction
    WHEN NEW.deleted IS NULL
BEGIN
    UPDATE contact SET touched = NEW.at
    WHERE id = NEW.contact AND (touched IS NULL OR touched < NEW.at);
    UPDATE account SET touched = NEW.at
    WHERE id = NEW.account AND (touched IS NULL OR touched < NEW.at);
    UPDATE opp SET touched = NEW.at
    WHERE id = NEW.opp AND (touched IS NULL OR touched < NEW.at);
END;

-- A changed one may move a touch either way, for the records it was about
-- and those it is about now: work them out again.
CREATE TRIGGER touch_interaction_change
    AFTER UPDATE OF at, contact, account, opp, deleted ON interaction
BEGIN
    UPDATE contact
    SET touched = (SELECT max(i.at) FROM interaction i
                   WHERE i.contact = contact.id AND i.deleted IS NULL)
    WHERE id IN (OLD.contact, NEW.contact);
    UPDATE account
    SET touched = (SELECT max(i.at) FROM interaction i
                   WHERE i.account = account.id AND i.deleted IS NULL)
    WHERE id IN (OLD.account, NEW.account);
    UPDATE opp
    SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                       WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                             coalesce((SELECT max(k.finished) FROM task k
                                       WHERE k.opp = opp.id AND k.status = 'done'
                                         AND k.deleted IS NULL), '')), '')
    WHERE id IN (OLD.opp, NEW.opp);
END;

CREATE TRIGGER touch_interaction_erase AFTER DELETE ON interaction
BEGIN
    UPDATE contact
    SET touched = (SELECT max(i.at) FROM interaction i
                   WHERE i.contact = contact.id AND i.deleted IS NULL)
    WHERE id = OLD.contact;
    UPDATE account
    SET touched = (SELECT max(i.at) FROM interaction i
                   WHERE i.account = account.id AND i.deleted IS NULL)
    WHERE id = OLD.account;
    UPDATE opp
    SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                       WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                             coalesce((SELECT max(k.finished) FROM task k
                                       WHERE k.opp = opp.id AND k.status = 'done'
                                         AND k.deleted IS NULL), '')), '')
    WHERE id = OLD.opp;
END;

-- A task done about a deal touches it too.
CREATE TRIGGER touch_task_add AFTER INSERT ON task
    WHEN NEW.status = 'done' AND NEW.deleted IS NULL AND NEW.opp IS NOT NULL
BEGIN
    UPDATE opp
    SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                       WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                             coalesce((SELECT max(k.finished) FROM task k
                                       WHERE k.opp = opp.id AND k.status = 'done'
                                         AND k.deleted IS NULL), '')), '')
    WHERE id = NEW.opp;
END;

CREATE TRIGGER touch_task_change
    AFTER UPDATE OF status, finished, opp, deleted ON task
BEGIN
    UPDATE opp
    SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                       WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                             coalesce((SELECT max(k.finished) FROM task k
                                       WHERE k.opp = opp.id AND k.status = 'done'
                                         AND k.deleted IS NULL), '')), '')
    WHERE id IN (OLD.opp, NEW.opp);
END;

CREATE TRIGGER touch_task_erase AFTER DELETE ON task WHEN OLD.opp IS NOT NULL
BEGIN
    UPDATE opp
    SET touched = nullif(max(coalesce((SELECT max(i.at) FROM interaction i
                                       WHERE i.opp = opp.id AND i.deleted IS NULL), ''),
                             coalesce((SELECT max(k.finished) FROM task k
                                       WHERE k.opp = opp.id AND k.status = 'done'
                                         AND k.deleted IS NULL), '')), '')
    WHERE id = OLD.opp;
END;
