-- Every reference a 360° view lists by has its index: a contact's leads, a
-- product's opportunities and items were found by reading the whole table.

CREATE INDEX lead_account ON lead(account);

CREATE INDEX lead_contact ON lead(contact);

CREATE INDEX opp_product ON opp(product);

CREATE INDEX item_product ON item(product);
