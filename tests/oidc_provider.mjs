// A real OpenID provider for the tests (npm's certified oidc-provider) on a free loopback port:
// one confidential client that must use PKCE, accounts whose login name is their subject, and the
// provider's own development login and consent pages. Prints `READY <issuer>`; stops when its
// standard input closes (the test that started it ended, also on failure).
// Usage: [OIDC_PORT=…] node tests/oidc_provider.mjs REDIRECT_URI [POST_LOGOUT_URI]
import { createServer } from 'node:net';
import { Provider } from 'oidc-provider';

/** Accounts by login name: a verified address, an unverified one, none. */
const ACCOUNTS = {
  teamleider: { email: 'teamlead@gemeente.test', email_verified: true },
  'teamleider-e2e': { email: 'teamleider@e2e.test', email_verified: true },
  onbekend: { email: 'onbekend@gemeente.test', email_verified: true },
  onbevestigd: { email: 'consultant@gemeente.test', email_verified: false },
};

const [redirectUri, postLogoutUri] = process.argv.slice(2);
// OIDC_PORT: a port chosen by the caller, which also stops the provider (the browser tests).
const port = process.env.OIDC_PORT ? Number(process.env.OIDC_PORT) : await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'werkvoorraad',
    client_secret: 'test-geheim-van-de-client',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: postLogoutUri ? [postLogoutUri] : [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...(ACCOUNTS[id] ?? {}) }; } };
  },
});
provider.listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
  // The test reads only that line: everything after it goes to standard error.
  console.log = console.info = console.error;
  process.stdout.on('error', () => {});
});
if (!process.env.OIDC_PORT) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
