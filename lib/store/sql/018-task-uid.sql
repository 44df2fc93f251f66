-- Tasks keep the UID calendars know them by, as contacts keep their vCard's.

ALTER TABLE task ADD COLUMN uid TEXT;

CREATE UNIQUE INDEX task_uid ON task(lower(uid));
