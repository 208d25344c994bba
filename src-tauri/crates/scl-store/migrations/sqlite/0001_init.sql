-- Times are Unix milliseconds UTC. Enumerations are stored as stable lowercase codes.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    scl_enabled INTEGER NOT NULL DEFAULT 1,
    acw_minutes INTEGER NOT NULL DEFAULT 5 CHECK (acw_minutes BETWEEN 0 AND 1440),
    cold_days   INTEGER NOT NULL DEFAULT 3 CHECK (cold_days BETWEEN 1 AND 365)
);

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('agent', 'manager', 'admin')),
    home_account INTEGER REFERENCES accounts(id)
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name       TEXT    NOT NULL,
    notes      TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE customer_phones (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    phone       TEXT    NOT NULL,
    PRIMARY KEY (customer_id, phone)
);
CREATE INDEX customer_phones_by_phone ON customer_phones (phone);

CREATE TABLE locations (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    address     TEXT    NOT NULL,
    zone        TEXT,
    notes       TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE calls (
    id          INTEGER PRIMARY KEY,
    call_id     TEXT    NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    direction   TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number TEXT    NOT NULL,
    to_number   TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    answered_at INTEGER,
    ended_at    INTEGER NOT NULL,
    agent_id    INTEGER REFERENCES users(id),
    call_type   TEXT    NOT NULL,
    reason      TEXT,
    csr_notes   TEXT,
    booked      INTEGER NOT NULL,
    recording   TEXT,
    customer_id INTEGER REFERENCES customers(id),
    location_id INTEGER REFERENCES locations(id)
);
CREATE INDEX calls_by_account_ended ON calls (account_id, ended_at);
CREATE INDEX calls_by_from_number ON calls (from_number);

CREATE TABLE transcript_segments (
    call_key INTEGER NOT NULL REFERENCES calls(id),
    seq      INTEGER NOT NULL,
    start_s  REAL    NOT NULL,
    end_s    REAL    NOT NULL,
    speaker  TEXT    NOT NULL,
    text     TEXT    NOT NULL,
    PRIMARY KEY (call_key, seq)
);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    customer_id   INTEGER REFERENCES customers(id),
    location_id   INTEGER REFERENCES locations(id),
    phone         TEXT,
    booked_at     INTEGER NOT NULL,
    revenue_cents INTEGER NOT NULL
);
CREATE INDEX jobs_by_account_booked ON jobs (account_id, booked_at);

-- stage: 0 while the lead is being worked (Open or Cold), 1 once Done (closing status or
-- dismissed). Kept by the store from the status, so the Done tab and ranking share one index;
-- Open vs Cold depends on the clock and is never stored. The rank indexes carry status so a
-- page is ranked from the index alone.
CREATE TABLE leads (
    id           INTEGER PRIMARY KEY,
    call_key     INTEGER NOT NULL UNIQUE REFERENCES calls(id),
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    status       TEXT    NOT NULL,
    stage        INTEGER NOT NULL CHECK (stage IN (0, 1)),
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons      TEXT    NOT NULL DEFAULT '[]',
    summary      TEXT    NOT NULL DEFAULT '',
    flagged_at   INTEGER NOT NULL,
    dismissed_at INTEGER
);
CREATE INDEX leads_rank_by_account ON leads (account_id, stage, score DESC, flagged_at DESC, id DESC, status);
CREATE INDEX leads_rank ON leads (stage, score DESC, flagged_at DESC, id DESC, status);
CREATE INDEX leads_age_by_account ON leads (account_id, stage, status, flagged_at);

CREATE TABLE lead_status_history (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id),
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX lead_status_history_by_lead ON lead_status_history (lead_id, at);

CREATE TABLE lead_notes (
    id        INTEGER PRIMARY KEY,
    lead_id   INTEGER NOT NULL REFERENCES leads(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    at        INTEGER NOT NULL,
    text      TEXT    NOT NULL
);
CREATE INDEX lead_notes_by_lead ON lead_notes (lead_id, at);

CREATE TABLE callback_attempts (
    id       INTEGER PRIMARY KEY,
    lead_id  INTEGER NOT NULL REFERENCES leads(id),
    agent_id INTEGER NOT NULL REFERENCES users(id),
    at       INTEGER NOT NULL,
    phone    TEXT    NOT NULL,
    outcome  TEXT
);
CREATE INDEX callback_attempts_by_lead ON callback_attempts (lead_id, at);
