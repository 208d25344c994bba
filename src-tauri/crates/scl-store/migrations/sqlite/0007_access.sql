-- Users, roles and permissions; sign-in sessions; the audit trail.
-- Built-in roles keep ids 1-4 (scl_domain::BuiltinRole); permissions are codes, comma separated.
CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    builtin     INTEGER NOT NULL DEFAULT 0,
    permissions TEXT    NOT NULL DEFAULT ''
);
INSERT INTO roles (id, name, builtin, permissions) VALUES
    (1, 'Admin',   1, 'view_leads,edit_leads,feature_management,ti_settings,manage_users'),
    (2, 'Manager', 1, 'view_leads,edit_leads,feature_management,ti_settings'),
    (3, 'CSR',     1, 'view_leads,edit_leads'),
    (4, 'Viewer',  1, 'view_leads');

ALTER TABLE users ADD COLUMN role_id INTEGER REFERENCES roles(id);
ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN all_accounts INTEGER NOT NULL DEFAULT 1;
UPDATE users SET role_id = CASE role WHEN 'admin' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END;
CREATE UNIQUE INDEX users_by_login ON users (login);

CREATE TABLE user_accounts (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (user_id, account_id)
);

-- Only a hash of each token is kept; the token itself lives in the user's OS keychain.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    user_name TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_by_time ON audit_log (at);
