-- Breaches tells of each due time once: when it last told of a case's.

ALTER TABLE "case" ADD COLUMN warned TEXT;
