-- One row that the writes the in-memory caches depend on bump, so that one cheap read per
-- request tells every instance whether anything changed. `data`: snapshots, settings,
-- evaluation forms and their assessments; `access`: who may do what (ended sessions, accounts'
-- role, organisation, password or disabling, the organisation links). Triggers bump it.
-- On PostgreSQL the triggers run at commit (deferred), so that a long import holds the row
-- only while it commits and other writers need not wait for it.
CREATE TABLE revisions (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    data   BIGINT NOT NULL,
    access BIGINT NOT NULL
);
INSERT INTO revisions (id, data, access) VALUES (1, 0, 0);

CREATE FUNCTION bump_data_revision() RETURNS trigger AS $$
BEGIN
    UPDATE revisions SET data = data + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION bump_access_revision() RETURNS trigger AS $$
BEGIN
    UPDATE revisions SET access = access + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER snapshots_revision AFTER INSERT OR UPDATE OR DELETE ON snapshots
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();
CREATE CONSTRAINT TRIGGER settings_revision AFTER INSERT OR UPDATE OR DELETE ON settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();
CREATE CONSTRAINT TRIGGER evaluation_forms_revision AFTER INSERT OR UPDATE OR DELETE ON evaluation_forms
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();
CREATE CONSTRAINT TRIGGER form_assessments_revision AFTER INSERT OR UPDATE OR DELETE ON form_assessments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();
CREATE CONSTRAINT TRIGGER sessions_revision AFTER DELETE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_revision();
CREATE CONSTRAINT TRIGGER users_revision AFTER UPDATE OF role, organisation_id, password_hash, disabled OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_revision();
CREATE CONSTRAINT TRIGGER organisation_names_revision AFTER INSERT OR UPDATE OR DELETE ON organisation_names
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_revision();
