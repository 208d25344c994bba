-- Ingestion and detection.
-- Records from other systems keep their own ids (external_id) so a re-import finds them.
ALTER TABLE customers ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX customers_by_external_id ON customers (account_id, external_id);
ALTER TABLE locations ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX locations_by_external_id ON locations (customer_id, external_id);
ALTER TABLE jobs ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX jobs_by_external_id ON jobs (account_id, external_id);
CREATE INDEX jobs_by_phone ON jobs (phone);

-- A call is evaluated once; NULL means detection has not looked at it yet.
ALTER TABLE calls ADD COLUMN evaluated_at BIGINT;
ALTER TABLE calls ADD COLUMN redactions BIGINT NOT NULL DEFAULT 0;
CREATE INDEX calls_pending ON calls (ended_at) WHERE evaluated_at IS NULL;

-- Calls that joined an existing open lead (a caller who rang again) instead of making a new one.
CREATE TABLE lead_calls (
    lead_id  BIGINT NOT NULL REFERENCES leads(id),
    call_key BIGINT NOT NULL UNIQUE REFERENCES calls(id),
    PRIMARY KEY (lead_id, call_key)
);

-- Several customers share the caller's number: the lead may be matched to the wrong one.
CREATE TABLE lead_customer_candidates (
    lead_id     BIGINT NOT NULL REFERENCES leads(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    PRIMARY KEY (lead_id, customer_id)
);

-- Each account's detector, learned from its agents' statuses (JSON of scl_detect::Model).
CREATE TABLE detector_models (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id),
    model      TEXT    NOT NULL,
    updated_at BIGINT NOT NULL
);
