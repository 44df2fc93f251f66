-- A quota is money in a currency; those set before are in the currency most
-- deals are in (EUR when there are none).

CREATE TABLE quota15 (owner TEXT NOT NULL,
                      period TEXT NOT NULL,
                      currency TEXT NOT NULL,
                      amount INTEGER NOT NULL,
                      PRIMARY KEY (owner, period, currency));

INSERT INTO quota15
SELECT owner, period,
       coalesce((SELECT currency FROM opp WHERE currency IS NOT NULL
                 GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1), 'EUR'),
       amount
FROM quota;

-- SQLite cannot add a column to a primary key: the table is made again.

DROP TABLE quota;

ALTER TABLE quota15 RENAME TO quota;
