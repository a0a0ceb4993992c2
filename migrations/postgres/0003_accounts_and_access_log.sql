-- Organisations and the spellings under which exports name them, user accounts, server-side
-- sessions and the append-only access log (spec/access.md). Times are RFC 3339 UTC text.
CREATE TABLE organisations (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- An export's provider value (as written) belongs to at most one organisation.
CREATE TABLE organisation_names (
    export_name     TEXT PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);

CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,         -- lower case
    role            TEXT NOT NULL CHECK (role IN ('teamlead', 'consultant', 'contract_manager', 'provider', 'admin')),
    organisation_id BIGINT REFERENCES organisations (id),
    password_hash   TEXT NOT NULL,                -- Argon2id, PHC string
    disabled        BIGINT NOT NULL DEFAULT 0,
    failed_logins   BIGINT NOT NULL DEFAULT 0,    -- in a row
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    CHECK ((role = 'provider') = (organisation_id IS NOT NULL))
);

-- A session is found by the SHA-256 of its cookie token; the token itself is never stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE access_log (
    id           BIGSERIAL PRIMARY KEY,
    at           TEXT NOT NULL,
    user_id      BIGINT,
    email        TEXT,
    role         TEXT,
    organisation TEXT,
    action       TEXT NOT NULL,
    case_id      TEXT,
    client_ref   TEXT,
    detail       TEXT,
    outcome      TEXT NOT NULL
);
CREATE INDEX access_log_at ON access_log (at);

CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'het toegangslogboek kan niet worden gewijzigd of ingekort';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
