-- History is kept: the change log is only added to.  Of what is written,
-- a value may be blanked (crm forget scrubs a record's values and the
-- command lines that named it) and a run marked undone, once; nothing else
-- changes, and nothing is deleted.  On PostgreSQL the same rules hold for
-- every login, and a session adds only to runs of its own
-- (lib/store/pg/sql/021-history-kept.sql).

CREATE TRIGGER change_kept BEFORE UPDATE ON change
WHEN NEW.id IS NOT OLD.id OR NEW.run IS NOT OLD.run OR NEW.entity IS NOT OLD.entity
    OR NEW.record IS NOT OLD.record OR NEW.op IS NOT OLD.op
    OR (NEW.field IS NOT NULL AND NEW.field IS NOT OLD.field)
    OR (NEW.old IS NOT NULL AND NEW.old IS NOT OLD.old)
    OR (NEW.new IS NOT NULL AND NEW.new IS NOT OLD.new)
BEGIN
    SELECT RAISE(ABORT, 'the change log is history: its values may be blanked, never rewritten');
END;

CREATE TRIGGER run_kept BEFORE UPDATE ON run
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.who IS NOT OLD.who
    OR (NEW.command IS NOT NULL AND NEW.command IS NOT OLD.command)
    OR (OLD.undoes IS NOT NULL AND NEW.undoes IS NOT OLD.undoes)
    OR (OLD.undone_by IS NOT NULL AND NEW.undone_by IS NOT OLD.undone_by)
BEGIN
    SELECT RAISE(ABORT, 'the change log is history: a run may be marked undone once, nothing else');
END;

CREATE TRIGGER change_never_deleted BEFORE DELETE ON change
BEGIN
    SELECT RAISE(ABORT, 'the change log is history: nothing in it is deleted');
END;

CREATE TRIGGER run_never_deleted BEFORE DELETE ON run
BEGIN
    SELECT RAISE(ABORT, 'the change log is history: nothing in it is deleted');
END;
