-- Sign-in through the organisation's identity provider (OpenID Connect): an account is found by
-- its e-mail address the first time, and from then on by the provider's subject; a login under
-- way keeps its state, nonce and PKCE verifier here for ten minutes, and is used once.

ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_issuer, oidc_subject);

-- Found by the SHA-256 of the `state` the provider sends back; bound to the browser that
-- started it by the SHA-256 of a cookie. The secrets live ten minutes at most.
CREATE TABLE oidc_logins (
    state_hash   TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    back         TEXT NOT NULL,   -- the local path to go to after sign-in
    created_at   TEXT NOT NULL
);
