-- Declaration problems that providers report on their cases (spec/access.md), closed by
-- contract management with a note. Amounts in euros; periods as YYYY-MM-DD.
CREATE TABLE declaration_problems (
    id              BIGSERIAL PRIMARY KEY,
    case_id         TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    reported_by     TEXT NOT NULL,
    reported_at     TEXT NOT NULL,
    description     TEXT NOT NULL,
    amount_eur      DOUBLE PRECISION,
    period_from     TEXT,
    period_to       TEXT,
    closed_by       TEXT,
    closed_at       TEXT,
    close_note      TEXT
);
CREATE INDEX declaration_problems_case ON declaration_problems (case_id);
