// English beside Dutch in the browser: the switch in the header (a plain form) turns the frame
// English and sets `lang`; hydration keeps the words, axe passes, and the way back is there. The
// pages show no Dutch of the catalogue in English.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { NAVIGATION, collectErrors, expectAccessible, importDemo, openHydrated, signIn } from './helpers';

/** The messages of a catalogue (one `key = text` per line). */
function catalogue(locale: string): Map<string, string> {
  const text = readFileSync(path.join(__dirname, '..', '..', 'locales', `${locale}.ftl`), 'utf8');
  const lines = text.split('\n').filter((l) => l.includes(' = ') && !l.startsWith('#'));
  return new Map(lines.map((l) => [l.slice(0, l.indexOf(' = ')), l.slice(l.indexOf(' = ') + 3)]));
}

/** The Dutch pieces of the catalogue that English never uses: none may show on an English page. */
function dutchPieces(): string[] {
  const [dutch, english] = [catalogue('nl'), catalogue('en')];
  const englishText = [...english.values()].join('\n');
  return [...dutch.entries()]
    // The export's column names ("gemeente") are the format's own words, and data too.
    .filter(([key, text]) => !key.startsWith('field-') && english.get(key) !== text)
    .flatMap(([, text]) => text.split(/\{[^}]*\}/).map((piece) => piece.trim()))
    .filter((piece) => /[a-zà-ÿ]{4}/i.test(piece) && !englishText.includes(piece));
}

async function expectNoDutch(page: Page) {
  // The way back to Dutch is written in Dutch on purpose (and marked lang="nl").
  const shown = await page.locator('body').evaluate((body) => {
    const copy = body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('script, style, [lang="nl"]').forEach((element) => element.remove());
    // E-mail addresses are data ("consulent@e2e.test"), not words of the interface.
    return (copy.textContent ?? '').replace(/\S+@\S+/g, '');
  });
  const left = dutchPieces().filter((piece) => shown.includes(piece));
  expect(left, `Dutch of the catalogue on ${page.url()}`).toEqual([]);
}

test.use({ storageState: { cookies: [], origins: [] } });

test('the switch in the header turns the frame English, and back to Dutch', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'english@e2e.test', '?terug=%2Fstand-van-zaken');
  await importDemo(page, '2025-05-01');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/stand-van-zaken$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await openHydrated(page, '/stand-van-zaken');
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  await expect(menu.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'State of affairs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compact view' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('english@e2e.test · Team lead');
  await expect(page.getByRole('link', { name: 'Download as PDF' })).toBeVisible();
  await expect(page.getByTestId('status-as-of')).toContainText('Reference date');
  await expectNoDutch(page);
  await expectAccessible(page);

  // Pages reached in the browser, their data through server functions, are English.
  await menu.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Open cases by month reported' })).toBeVisible();
  await expect(page.getByTestId('view-note')).toContainText('Figures on reference date');
  await expectNoDutch(page);
  await expectAccessible(page);
  await page.getByLabel('What if extra cases are completed each week?').fill('20');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await expect(page.getByTestId('forecast-what-if')).toContainText('With 20 more cases completed per week: the backlog is expected to be cleared in');
  await expectNoDutch(page);
  await menu.getByRole('link', { name: 'Flow' }).click();
  await expect(page.getByRole('heading', { name: 'How old the open cases are, per stage' })).toBeVisible();
  await expectNoDutch(page);
  await menu.getByRole('link', { name: 'Backlog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backlog' })).toBeVisible();
  await expect(page.getByTestId('queue-total')).toContainText('open cases, the oldest first');
  await expectNoDutch(page);
  await menu.getByRole('link', { name: 'Consultants' }).click();
  await expect(page.getByTestId('consultants')).toContainText('Median lead time');
  await expectNoDutch(page);
  await menu.getByRole('link', { name: 'Declaration risk' }).click();
  await expect(page.getByRole('heading', { name: 'Declaration problems reported' })).toBeVisible();
  await expectNoDutch(page);
  await menu.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import an export' })).toBeVisible();
  await expect(page.getByTestId('import-history')).toContainText('is a totals row and was skipped');
  await expect(page.locator('main')).not.toHaveAttribute('lang', 'nl');
  await expectNoDutch(page);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' })).toBeVisible();
  expect(errors, 'no console errors: hydration found the same words').toEqual([]);
});

test('every page of the menu passes axe in English and shows no Dutch of the catalogue', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'english@e2e.test', '?terug=%2Fimport');
  await importDemo(page, '2025-05-01');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const item of NAVIGATION) {
    await openHydrated(page, item.href);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectNoDutch(page);
    await expectAccessible(page);
  }
  // A refused export through the form, in English.
  await openHydrated(page, '/import');
  const refused = 'Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;C1;Anders;BW;Dordrecht;31-02-2025\r\n';
  await page.locator('#upload-file').setInputFiles({ name: 'refused.csv', mimeType: 'text/csv', buffer: Buffer.from(refused) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'The export was refused' })).toBeVisible();
  await expect(page.getByTestId('import-errors')).toContainText('This date cannot be read.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  expect(errors, 'no console errors').toEqual([]);
});

test.describe('a visitor whose browser prefers English', () => {
  test.use({ locale: 'en-GB' });

  test('gets the sign-in page in English, and its refusal too', async ({ page }) => {
    await page.goto('/aanmelden');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectNoDutch(page);
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill('english@e2e.test');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('The e-mail address or the password is not correct.');
    await expectAccessible(page);
  });
});

test('the administrator and the provider read their own pages in English, axe passing', async ({ page }) => {
  const pages: Array<[string, string[]]> = [
    ['beheer@e2e.test', ['/beheer', '/beheer/inzage?client=C1', '/instellingen']],
    ['aanbieder@e2e.test', ['/aanbieder', '/evaluaties', '/meldingen']],
  ];
  for (const [email, paths] of pages) {
    await signIn(page, email);
    await page.getByRole('button', { name: 'English' }).click();
    try {
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      for (const href of paths) {
        await openHydrated(page, href);
        await expectNoDutch(page);
        await expectAccessible(page);
      }
    } finally {
      // Back to Dutch, also after a failure: the other browser tests read these accounts in Dutch.
      await page.goto('/');
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    }
    await page.getByRole('button', { name: 'Afmelden' }).click();
  }
});
