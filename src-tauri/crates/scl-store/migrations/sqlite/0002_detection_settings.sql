-- Detection thresholds and phone region per account.
ALTER TABLE accounts ADD COLUMN answered_min_seconds INTEGER NOT NULL DEFAULT 60
    CHECK (answered_min_seconds BETWEEN 0 AND 3600);
ALTER TABLE accounts ADD COLUMN phone_region TEXT NOT NULL DEFAULT 'US';
