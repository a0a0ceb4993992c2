-- Keeping data as long as needed (spec/retention.md): what stays of a removed snapshot (its
-- trend, counts only) and of a removed form (that it came), the daily job's runs, and the one
-- deletion the access log allows: lines older than five years (NEN 7513's least term).

-- One row per group of a removed snapshot's cases by the filter columns but the consultant: counts
-- only (no staff names), so that the trend keeps its point for those filters and every provider's scope.
CREATE TABLE trend_points (
    as_of             TEXT NOT NULL,    -- YYYY-MM-DD
    municipality      TEXT,
    product           TEXT,
    request_type      TEXT,
    provider          TEXT,
    open              BIGINT NOT NULL,
    unassigned        BIGINT NOT NULL,
    oldest_unassigned TEXT              -- YYYY-MM of the oldest open case not picked up
);
CREATE INDEX trend_points_as_of ON trend_points (as_of);

-- A form removed after its term: the case history still says it came.
CREATE TABLE form_traces (
    id              BIGSERIAL PRIMARY KEY,
    case_id         TEXT NOT NULL,
    -- The provider whose form it was (as on evaluation_forms): a provider sees only its own.
    organisation_id BIGINT,
    received_at     TEXT NOT NULL,
    removed_at      TEXT NOT NULL
);
CREATE INDEX form_traces_case ON form_traces (case_id);

-- Each run of the retention job; a turn (a day and its hour) is unique, so a cluster makes it
-- once; a run that did not finish within an hour may be taken over.
CREATE TABLE retention_runs (
    turn        TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT,                   -- gelukt, mislukt
    removed     TEXT                    -- what it removed, in words (counts only)
);

-- Updates and truncation stay refused; a deletion only of lines older than five years.
CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.at < to_char((now() AT TIME ZONE 'UTC') - interval '5 years', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'het toegangslogboek kan niet worden gewijzigd of ingekort; alleen regels van meer dan vijf jaar oud kunnen worden verwijderd';
END;
$$ LANGUAGE plpgsql;
