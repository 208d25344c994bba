-- Settings of this installation (not of an account), e.g. the watched import folder.
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Files a watched folder already imported, by path and version (size and modification time).
CREATE TABLE imported_files (
    path        TEXT    NOT NULL,
    size        BIGINT NOT NULL,
    modified_ms BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (path, size, modified_ms)
);
