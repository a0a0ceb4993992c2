// Playwright for werkvoorraad: Debian's Chromium, the real server started on a free loopback
// port with a throwaway SQLite database (end2end/run.sh chooses both), stopped afterwards.
import { defineConfig } from '@playwright/test';

const port = process.env.E2E_PORT ?? '3100';
const dataDir = process.env.E2E_DATA_DIR ?? '/tmp/werkvoorraad-e2e';
const server = process.env.WERKVOORRAAD_BIN ?? 'target/debug/werkvoorraad';
const baseURL = `http://127.0.0.1:${port}`;
const password = process.env.E2E_PASSWORD ?? 'e2e-wachtwoord-lang-genoeg';
const state = `${dataDir}/teamleider.json`;
// The organisation's identity provider (tests/oidc_provider.mjs) on a port of its own.
const oidcPort = process.env.E2E_OIDC_PORT ?? '3101';
const issuer = `http://127.0.0.1:${oidcPort}`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'aanmelden', testMatch: /auth\.setup\.ts/ },
    { name: 'app', dependencies: ['aanmelden'], use: { storageState: state } },
  ],
  webServer: [{
    command: `node tests/oidc_provider.mjs ${baseURL}/aanmelden/oidc/terug`,
    cwd: '..',
    url: `${issuer}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
    env: { OIDC_PORT: oidcPort },
  }, {
    command: `bash end2end/serve.sh ${server}`,
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db?mode=rwc`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
      E2E_PASSWORD: password,
      // The daily retention job would make a page depend on the hour the suite runs at.
      WERKVOORRAAD_RETENTION_JOB: 'off',
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'werkvoorraad',
      OIDC_CLIENT_SECRET: 'test-geheim-van-de-client',
      WERKVOORRAAD_PUBLIC_URL: baseURL,
    },
  }],
});
