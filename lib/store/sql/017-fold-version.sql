-- Which fold made the stored name keys and search entries (FOLD_VERSION); 0,
-- none yet: a database from before it gets them made again on open.

CREATE TABLE fold_version (version INTEGER NOT NULL);

INSERT INTO fold_version VALUES (0);
