-- The language each user chose for the interface: 'nl' (the default) or 'en'.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en'));
-- A new choice reaches the sessions held in memory (on every instance) at the next request.
CREATE CONSTRAINT TRIGGER users_locale_revision AFTER UPDATE OF locale ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_revision();
