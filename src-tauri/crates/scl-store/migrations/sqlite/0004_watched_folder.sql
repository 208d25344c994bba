-- Settings of this installation (not of an account), e.g. the watched import folder.
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Files a watched folder already imported, by path and version (size and modification time).
CREATE TABLE imported_files (
    path        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (path, size, modified_ms)
);
