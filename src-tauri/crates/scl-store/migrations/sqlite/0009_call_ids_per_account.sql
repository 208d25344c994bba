-- no-transaction
-- Call ids are unique per account, not across the network: two accounts' phone systems may
-- both have call `1503567123.45`. SQLite cannot drop a column's UNIQUE constraint, so the calls
-- table is built again with the same rows and ids (leads, segments and lead_calls refer to
-- calls.id). Foreign keys must be off while the old table is dropped, and SQLite ignores that
-- pragma inside a transaction, hence this migration opens its own.
-- The key is (call_id, account_id): the same pairs as (account_id, call_id), in the order that
-- also serves a lookup by call id alone (`scl transcript`).
-- Each account also gets the IANA time zone its phone system records local times in.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

ALTER TABLE accounts ADD COLUMN time_zone TEXT;

CREATE TABLE calls_by_account (
    id           INTEGER PRIMARY KEY,
    call_id      TEXT    NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    direction    TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number  TEXT    NOT NULL,
    to_number    TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    answered_at  INTEGER,
    ended_at     INTEGER NOT NULL,
    agent_id     INTEGER REFERENCES users(id),
    call_type    TEXT    NOT NULL,
    reason       TEXT,
    csr_notes    TEXT,
    booked       INTEGER NOT NULL,
    recording    TEXT,
    customer_id  INTEGER REFERENCES customers(id),
    location_id  INTEGER REFERENCES locations(id),
    evaluated_at INTEGER,
    redactions   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (call_id, account_id)
);
INSERT INTO calls_by_account (id, call_id, account_id, direction, from_number, to_number,
    started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, booked,
    recording, customer_id, location_id, evaluated_at, redactions)
SELECT id, call_id, account_id, direction, from_number, to_number,
    started_at, answered_at, ended_at, agent_id, call_type, reason, csr_notes, booked,
    recording, customer_id, location_id, evaluated_at, redactions
FROM calls;
DROP TABLE calls;
ALTER TABLE calls_by_account RENAME TO calls;
CREATE INDEX calls_pending ON calls (ended_at) WHERE evaluated_at IS NULL;

COMMIT;
PRAGMA foreign_keys = ON;
