-- Working a lead: dismissals in the status history, notes copied to customer and location
-- records, and a customer chosen by an agent when the number matched several.
ALTER TABLE lead_status_history ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lead_notes ADD COLUMN copied_to_customer_at INTEGER;
ALTER TABLE lead_notes ADD COLUMN copied_to_location_at INTEGER;
ALTER TABLE leads ADD COLUMN customer_chosen_at INTEGER;
