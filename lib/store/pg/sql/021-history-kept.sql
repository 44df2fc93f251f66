-- History is kept (lib/store/sql/021-history-kept.sql), for every login of
-- the server: a session adds only to runs of its own (its login is who), and
-- of what is written may only blank values (crm forget) and mark a run
-- undone, once, by a run of its own; nothing else changes, nothing is
-- deleted.  Tags and files, read as their record is, are now also written
-- only as it is.

-- A run of the session's own login.
CREATE FUNCTION crm_own_run(r BIGINT) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT EXISTS (SELECT 1 FROM run WHERE id = r AND lower(who) = lower(session_user))
$$;

-- A record the session may change, or one no longer there (whose tags and
-- files go with it): read as the owner, so that a record hidden from the
-- session is not taken for one erased.
CREATE FUNCTION crm_writable(e TEXT, r BIGINT) RETURNS BOOLEAN
    LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
DECLARE
    o TEXT;
    found BOOLEAN;
BEGIN
    IF e = 'user' THEN
        RETURN crm_role() = 'admin';
    ELSIF e NOT IN ('account', 'contact', 'product', 'lead', 'opp', 'quote', 'item', 'task',
                    'interaction', 'case', 'campaign', 'member', 'asset') THEN
        RETURN crm_role() <> 'readonly';
    END IF;
    EXECUTE format('SELECT owner, TRUE FROM %I WHERE id = $1', e) INTO o, found USING r;
    RETURN found IS NULL OR crm_writes(e, o);
END $$;

CREATE FUNCTION crm_history_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the change log is history: nothing in it is deleted'
            USING ERRCODE = 'insufficient_privilege';
    ELSIF TG_TABLE_NAME = 'change' THEN
        IF (NEW.id, NEW.run, NEW.entity, NEW.record, NEW.op)
               IS DISTINCT FROM (OLD.id, OLD.run, OLD.entity, OLD.record, OLD.op)
           OR (NEW.field IS NOT NULL AND NEW.field IS DISTINCT FROM OLD.field)
           OR (NEW.old IS NOT NULL AND NEW.old IS DISTINCT FROM OLD.old)
           OR (NEW.new IS NOT NULL AND NEW.new IS DISTINCT FROM OLD.new) THEN
            RAISE EXCEPTION 'the change log is history: its values may be blanked, never rewritten'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF (NEW.id, NEW.at, NEW.who) IS DISTINCT FROM (OLD.id, OLD.at, OLD.who)
          OR (NEW.command IS NOT NULL AND NEW.command IS DISTINCT FROM OLD.command)
          OR (NEW.undoes IS DISTINCT FROM OLD.undoes
              AND (OLD.undoes IS NOT NULL OR NOT crm_own_run(NEW.id)))
          OR (NEW.undone_by IS DISTINCT FROM OLD.undone_by
              AND (OLD.undone_by IS NOT NULL OR NOT crm_own_run(NEW.undone_by))) THEN
        RAISE EXCEPTION 'the change log is history: a run may be marked undone once, by a run of the session''s own, nothing else'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER change_kept BEFORE UPDATE OR DELETE ON change
    FOR EACH ROW EXECUTE FUNCTION crm_history_kept();

CREATE TRIGGER run_kept BEFORE UPDATE OR DELETE ON run
    FOR EACH ROW EXECUTE FUNCTION crm_history_kept();

DO $$
DECLARE
    e TEXT;
BEGIN
    FOREACH e IN ARRAY ARRAY['tag', 'attachment', 'change', 'run'] LOOP
        EXECUTE format('DROP POLICY crm_follow ON %I', e);
    END LOOP;
    FOREACH e IN ARRAY ARRAY['tag', 'attachment'] LOOP
        EXECUTE format('CREATE POLICY crm_see ON %I FOR SELECT' ||
                       ' USING (crm_visible(entity, record))', e);
        EXECUTE format('CREATE POLICY crm_add ON %I FOR INSERT' ||
                       ' WITH CHECK (crm_writable(entity, record))', e);
        EXECUTE format('CREATE POLICY crm_change ON %I FOR UPDATE' ||
                       ' USING (crm_writable(entity, record))' ||
                       ' WITH CHECK (crm_writable(entity, record))', e);
        EXECUTE format('CREATE POLICY crm_erase ON %I FOR DELETE' ||
                       ' USING (crm_writable(entity, record))', e);
    END LOOP;
    FOREACH e IN ARRAY ARRAY['crm_own_run(bigint)', 'crm_writable(text,bigint)',
                             'crm_history_kept()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', e, current_schema());
    END LOOP;
END $$;

-- the log of an erase names a record no longer there: read as its record
CREATE POLICY crm_see ON change FOR SELECT USING (crm_visible(entity, record));
CREATE POLICY crm_add ON change FOR INSERT WITH CHECK (crm_own_run(run));
CREATE POLICY crm_change ON change FOR UPDATE USING (crm_visible(entity, record))
    WITH CHECK (TRUE);

-- a run shows to whoever ran it, and to those who may see what it changed
CREATE POLICY crm_see ON run FOR SELECT USING (lower(who) = lower(session_user)
    OR crm_role() = 'admin' OR EXISTS (SELECT 1 FROM change c WHERE c.run = run.id));
CREATE POLICY crm_add ON run FOR INSERT WITH CHECK (lower(who) = lower(session_user));
CREATE POLICY crm_change ON run FOR UPDATE USING (lower(who) = lower(session_user)
    OR crm_role() = 'admin' OR EXISTS (SELECT 1 FROM change c WHERE c.run = run.id))
    WITH CHECK (TRUE);
