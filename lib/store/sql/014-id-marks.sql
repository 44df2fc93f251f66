-- Ids are never given twice: the highest id each entity ever had, kept when
-- records are erased (purge, forget, the undo of an add), so the next record
-- does not inherit an erased one's history, stage history or files; ids the
-- change log has seen count as given.

CREATE TABLE id_mark (entity TEXT PRIMARY KEY,
                      high INTEGER NOT NULL) WITHOUT ROWID;

INSERT INTO id_mark SELECT entity, max(record) FROM change GROUP BY entity;

-- Each entity's: an erased record's id raises its entity's mark.

CREATE TRIGGER account_id_mark AFTER DELETE ON "account"
BEGIN
    INSERT INTO id_mark VALUES ('account', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER contact_id_mark AFTER DELETE ON "contact"
BEGIN
    INSERT INTO id_mark VALUES ('contact', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER product_id_mark AFTER DELETE ON "product"
BEGIN
    INSERT INTO id_mark VALUES ('product', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER lead_id_mark AFTER DELETE ON "lead"
BEGIN
    INSERT INTO id_mark VALUES ('lead', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER opp_id_mark AFTER DELETE ON "opp"
BEGIN
    INSERT INTO id_mark VALUES ('opp', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER quote_id_mark AFTER DELETE ON "quote"
BEGIN
    INSERT INTO id_mark VALUES ('quote', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER item_id_mark AFTER DELETE ON "item"
BEGIN
    INSERT INTO id_mark VALUES ('item', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER task_id_mark AFTER DELETE ON "task"
BEGIN
    INSERT INTO id_mark VALUES ('task', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER interaction_id_mark AFTER DELETE ON "interaction"
BEGIN
    INSERT INTO id_mark VALUES ('interaction', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER case_id_mark AFTER DELETE ON "case"
BEGIN
    INSERT INTO id_mark VALUES ('case', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER campaign_id_mark AFTER DELETE ON "campaign"
BEGIN
    INSERT INTO id_mark VALUES ('campaign', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER member_id_mark AFTER DELETE ON "member"
BEGIN
    INSERT INTO id_mark VALUES ('member', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;

CREATE TRIGGER asset_id_mark AFTER DELETE ON "asset"
BEGIN
    INSERT INTO id_mark VALUES ('asset', OLD.id)
        ON CONFLICT (entity) DO UPDATE SET high = max(high, excluded.high);
END;
