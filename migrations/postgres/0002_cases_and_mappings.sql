-- The cases of each snapshot, in canonical form (spec/export-format.md). Dates are ISO text
-- (YYYY-MM-DD); a BSN is never stored, only its keyed pseudonym client_key.
CREATE TABLE cases (
    snapshot_id    BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    case_id        TEXT NOT NULL,
    client_ref     TEXT NOT NULL,
    client_key     TEXT,
    request_type   TEXT NOT NULL CHECK (request_type IN ('new', 'reindication')),
    product        TEXT NOT NULL,
    municipality   TEXT NOT NULL,
    provider       TEXT,
    consultant     TEXT,
    received_on    TEXT NOT NULL,
    assigned_on    TEXT,
    decided_on     TEXT,
    outcome        TEXT CHECK (outcome IN ('granted', 'refused', 'withdrawn')),
    indication_end TEXT,
    PRIMARY KEY (snapshot_id, case_id)
);

-- Column mappings that users saved for exports whose headers the aliases do not cover.
CREATE TABLE column_mappings (
    name       TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,   -- JSON: {"fields": {"case_id": "Nr", …}, "sheet": null}
    created_at TEXT NOT NULL
);
