-- Snapshots: one row per imported case export (spec/export-format.md).
CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of        TEXT    NOT NULL,            -- YYYY-MM-DD
    file_name    TEXT    NOT NULL,
    sha256       TEXT    NOT NULL UNIQUE,     -- hex; the same file is never imported twice
    imported_by  TEXT,
    imported_at  TEXT    NOT NULL,            -- RFC 3339, UTC
    row_count    INTEGER NOT NULL,
    warnings     TEXT    NOT NULL DEFAULT '[]' -- JSON list of warning texts
);
CREATE INDEX snapshots_as_of ON snapshots (as_of);
