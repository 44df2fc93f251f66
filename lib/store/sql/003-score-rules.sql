-- Scoring rules: a filter term and the points a matching record earns.

CREATE TABLE score_rule (id INTEGER PRIMARY KEY,
                         entity TEXT NOT NULL,
                         term TEXT NOT NULL,
                         points INTEGER NOT NULL);
