// Shared steps for the browser tests: open a page, wait until it has hydrated, collect the
// console errors, and run axe-core with the WCAG 2.1 A and AA rules.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import * as path from 'path';

/** The password of every test account (end2end/serve.sh makes them). */
export const PASSWORD = process.env.E2E_PASSWORD ?? 'e2e-wachtwoord-lang-genoeg';
/** Where the team lead's signed-in browser state is kept. */
export const STATE = `${process.env.E2E_DATA_DIR ?? '/tmp/werkvoorraad-e2e'}/teamleider.json`;

/** The menu of the team lead (who may not use Beheer). */
export const NAVIGATION = [
  { href: '/', label: 'Overzicht' },
  { href: '/doorstroom', label: 'Doorstroom' },
  { href: '/stand-van-zaken', label: 'Stand van zaken' },
  { href: '/werkvoorraad', label: 'Werkvoorraad' },
  { href: '/consulenten', label: 'Consulenten' },
  { href: '/declaratierisico', label: 'Declaratierisico' },
  { href: '/evaluaties', label: 'Evaluaties' },
  { href: '/import', label: 'Import' },
  { href: '/instellingen', label: 'Instellingen' },
  { href: '/meldingen', label: 'Meldingen' },
];

/** Records console errors and uncaught exceptions of the page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'document') return;
    const csp = (await response.allHeaders())['content-security-policy'] ?? '';
    const html = (response.headers()['content-type'] ?? '').startsWith('text/html');
    if (html && !csp.includes('script-src')) {
      errors.push(`page without its CSP: ${response.request().method()} ${response.url()} ${response.status()} [${csp}]`);
    }
  });
  return errors;
}

/** Opens a page and waits until the wasm has hydrated it (the density switch appears). */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  // The density switch shows once the wasm has hydrated the page (in either language).
  await expect(page.locator('button.density-switch')).toBeVisible();
}

/** Fails on any WCAG 2.1 A or AA violation, listing them readably. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Signs in through the sign-in page (optionally with the page to go back to). */
export async function signIn(page: Page, email: string, back = '') {
  await page.goto(`/aanmelden${back}`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
}

/** Imports the demo export of `date` as the signed-in user (already imported is fine). */
export async function importDemo(page: Page, date: string) {
  const file = path.join(__dirname, '..', '..', 'data', `export-${date}.csv`);
  const imported = await page.request.post('/api/v1/imports', {
    multipart: { file: { name: `export-${date}.csv`, mimeType: 'text/csv', buffer: readFileSync(file) }, as_of: date },
    headers: { origin: new URL(page.url()).origin },
  });
  expect([201, 409]).toContain(imported.status());
}

/** As the admin: links the demo provider name "Huis aan de Linge" to the e2e provider's organisation. */
export async function linkLinge(page: Page) {
  await signIn(page, 'beheer@e2e.test', '?terug=%2Fbeheer');
  await page.getByLabel('Naam in de export').fill('Huis aan de Linge');
  await page.getByLabel('Organisatie', { exact: true }).fill('Huis aan de Linge');
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByRole('status')).toContainText('hoort nu bij');
  await page.getByRole('button', { name: 'Afmelden' }).click();
}
