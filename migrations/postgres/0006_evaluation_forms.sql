-- Evaluation forms (spec/access.md): the file's bytes with their SHA-256, the metadata of each
-- version a provider uploads for a reindication, and every assessment of it (the newest counts).
CREATE TABLE form_files (
    id         BIGSERIAL PRIMARY KEY,
    sha256     TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    content    BYTEA NOT NULL
);

CREATE TABLE evaluation_forms (
    id                BIGSERIAL PRIMARY KEY,
    case_id           TEXT NOT NULL,
    -- The provider whose form it is; NULL when the case's provider has no organisation yet.
    organisation_id   BIGINT REFERENCES organisations (id),
    file_id           BIGINT NOT NULL REFERENCES form_files (id),
    sha256            TEXT NOT NULL,
    file_name         TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    counsellor_name   TEXT NOT NULL,
    counsellor_phone  TEXT NOT NULL,
    counsellor_email  TEXT NOT NULL,
    period_from       TEXT NOT NULL,
    period_to         TEXT NOT NULL,
    remark            TEXT,
    uploaded_by       TEXT NOT NULL,
    uploaded_at       TEXT NOT NULL,
    CHECK (period_from <= period_to),
    UNIQUE (case_id, sha256)
);
CREATE INDEX evaluation_forms_case ON evaluation_forms (case_id);

CREATE TABLE form_assessments (
    id          BIGSERIAL PRIMARY KEY,
    form_id     BIGINT NOT NULL REFERENCES evaluation_forms (id),
    complete    BIGINT NOT NULL CHECK (complete IN (0, 1)),
    reason      TEXT,
    assessed_by TEXT NOT NULL,
    assessed_at TEXT NOT NULL,
    CHECK (complete = 1 OR reason IS NOT NULL)
);
CREATE INDEX form_assessments_form ON form_assessments (form_id);
