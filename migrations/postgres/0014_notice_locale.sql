-- The language a notice was written in (its recipient's then): 'nl' (every older notice) or 'en'.
ALTER TABLE notices ADD COLUMN locale TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en'));
