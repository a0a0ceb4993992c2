-- The language each user chose for the interface: 'nl' (the default) or 'en'.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en'));
-- A new choice reaches the sessions held in memory (on every instance) at the next request.
CREATE TRIGGER users_locale_revision AFTER UPDATE OF locale ON users BEGIN UPDATE revisions SET access = access + 1; END;
