-- The customer's number on the lead itself: finding a caller's leads then reads the (small)
-- leads table, and calls need no index on their number, which made every bulk import
-- maintain a B-tree in random order (half of the write time, measured).
ALTER TABLE leads ADD COLUMN phone TEXT NOT NULL DEFAULT '';
UPDATE leads SET phone = (
    SELECT CASE WHEN c.direction = 'outbound' THEN c.to_number ELSE c.from_number END
    FROM calls c WHERE c.id = leads.call_key
);
CREATE INDEX leads_by_phone ON leads (phone, account_id, stage);
DROP INDEX calls_by_from_number;
