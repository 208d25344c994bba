-- Users, roles and permissions; sign-in sessions; the audit trail.
-- Built-in roles keep ids 1-4 (scl_domain::BuiltinRole); permissions are codes, comma separated.
CREATE TABLE roles (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    builtin     BIGINT NOT NULL DEFAULT 0,
    permissions TEXT    NOT NULL DEFAULT ''
);
INSERT INTO roles (id, name, builtin, permissions) VALUES
    (1, 'Admin',   1, 'view_leads,edit_leads,feature_management,ti_settings,manage_users'),
    (2, 'Manager', 1, 'view_leads,edit_leads,feature_management,ti_settings'),
    (3, 'CSR',     1, 'view_leads,edit_leads'),
    (4, 'Viewer',  1, 'view_leads');
SELECT setval(pg_get_serial_sequence('roles', 'id'), (SELECT MAX(id) FROM roles));

ALTER TABLE users ADD COLUMN role_id BIGINT REFERENCES roles(id);
ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN all_accounts BIGINT NOT NULL DEFAULT 1;
UPDATE users SET role_id = CASE role WHEN 'admin' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END;
CREATE UNIQUE INDEX users_by_login ON users (login);

CREATE TABLE user_accounts (
    user_id    BIGINT NOT NULL REFERENCES users(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (user_id, account_id)
);

-- Only a hash of each token is kept; the token itself lives in the user's OS keychain.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id        BIGSERIAL PRIMARY KEY,
    at        BIGINT NOT NULL,
    user_id   BIGINT REFERENCES users(id),
    user_name TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_by_time ON audit_log (at);
