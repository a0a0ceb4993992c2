-- A consultant's name as the exports spell it, set by the admin: the pages mark that
-- consultant's own cases. Empty for every other role.
ALTER TABLE users ADD COLUMN consultant_name TEXT;
-- A new name reaches the sessions held in memory at the next request, as a new role does.
CREATE TRIGGER users_consultant_name_revision AFTER UPDATE OF consultant_name ON users BEGIN UPDATE revisions SET access = access + 1; END;
