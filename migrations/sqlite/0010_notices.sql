-- Notices (spec/notifications.md): what each user chose to receive, the causes that make
-- notices (an import, a digest's turn), and the notices themselves, which are also the outbox.

-- One row per user and kind chosen. `crossed`: for an alert, what was over its threshold after
-- the last import (a JSON list), so that a crossing gives one message. `last_at`: a digest's
-- previous time, from which "new since" counts.
CREATE TABLE notice_choices (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    by_mail   INTEGER NOT NULL,
    threshold INTEGER,
    crossed   TEXT NOT NULL DEFAULT '[]',
    last_at   TEXT,
    PRIMARY KEY (user_id, kind)
);

-- Written in the same transaction as its cause (an import's snapshot; a digest's period), and
-- unique, so each happens once in a cluster. An instance holds a lease while it makes the notices.
CREATE TABLE notice_causes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('import', 'digest')),
    ref         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    done_at     TEXT,
    UNIQUE (kind, ref)
);

-- A notice for one user: the list on Meldingen and, with `mail` = 'waiting', the outbox.
-- Case ids and counts only, never a client's name or number.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    lines       TEXT NOT NULL,           -- JSON, domain::notice::Line
    case_ids    TEXT NOT NULL,           -- comma separated
    created_at  TEXT NOT NULL,
    mail        TEXT NOT NULL CHECK (mail IN ('none', 'waiting', 'sent', 'refused')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT,
    lease_owner TEXT,
    lease_until TEXT,
    sent_at     TEXT,
    error       TEXT
);
CREATE INDEX notices_user ON notices (user_id, id);
CREATE INDEX notices_outbox ON notices (mail, next_try_at);
