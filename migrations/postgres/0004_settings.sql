-- Settings of the figures (spec/metrics.md): terms in days, the expiring window and daily tariffs
-- per product (`tariff:BW`). No built-in tariffs: a missing row means "no tariff".
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
);
