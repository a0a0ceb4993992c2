-- One row that the writes the in-memory caches depend on bump, so that one cheap read per
-- request tells every instance whether anything changed. `data`: snapshots, settings,
-- evaluation forms and their assessments; `access`: who may do what (ended sessions, accounts'
-- role, organisation, password or disabling, the organisation links). Triggers bump it.
CREATE TABLE revisions (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    data   INTEGER NOT NULL,
    access INTEGER NOT NULL
);
INSERT INTO revisions (id, data, access) VALUES (1, 0, 0);
CREATE TRIGGER snapshots_insert_revision AFTER INSERT ON snapshots BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER snapshots_update_revision AFTER UPDATE ON snapshots BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER snapshots_delete_revision AFTER DELETE ON snapshots BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER settings_insert_revision AFTER INSERT ON settings BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER settings_update_revision AFTER UPDATE ON settings BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER settings_delete_revision AFTER DELETE ON settings BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER evaluation_forms_insert_revision AFTER INSERT ON evaluation_forms BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER evaluation_forms_update_revision AFTER UPDATE ON evaluation_forms BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER evaluation_forms_delete_revision AFTER DELETE ON evaluation_forms BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER form_assessments_insert_revision AFTER INSERT ON form_assessments BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER form_assessments_update_revision AFTER UPDATE ON form_assessments BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER form_assessments_delete_revision AFTER DELETE ON form_assessments BEGIN UPDATE revisions SET data = data + 1; END;
CREATE TRIGGER sessions_delete_revision AFTER DELETE ON sessions BEGIN UPDATE revisions SET access = access + 1; END;
CREATE TRIGGER users_update_revision AFTER UPDATE OF role, organisation_id, password_hash, disabled ON users BEGIN UPDATE revisions SET access = access + 1; END;
CREATE TRIGGER users_delete_revision AFTER DELETE ON users BEGIN UPDATE revisions SET access = access + 1; END;
CREATE TRIGGER organisation_names_insert_revision AFTER INSERT ON organisation_names BEGIN UPDATE revisions SET access = access + 1; END;
CREATE TRIGGER organisation_names_update_revision AFTER UPDATE ON organisation_names BEGIN UPDATE revisions SET access = access + 1; END;
CREATE TRIGGER organisation_names_delete_revision AFTER DELETE ON organisation_names BEGIN UPDATE revisions SET access = access + 1; END;
