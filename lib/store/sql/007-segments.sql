-- Segments: saved filters, evaluated each time they are used.

CREATE TABLE segment (name TEXT PRIMARY KEY COLLATE NOCASE,
                      entity TEXT NOT NULL,
                      filter TEXT NOT NULL,
                      owner TEXT,
                      created TEXT NOT NULL);
