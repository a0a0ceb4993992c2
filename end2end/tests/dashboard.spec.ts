// The team lead's dashboard in the browser: after the demo exports are imported, the Overzicht
// shows the expected figures, a bar of a chart opens the queue filtered to its cases, the queue
// sorts and downloads, and axe-core finds nothing on the three pages.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as path from 'path';
import { STATE, collectErrors, expectAccessible, openHydrated } from './helpers';

const DEMO = ['2025-05-01', '2025-05-29', '2025-06-26', '2025-07-24'];

test.beforeAll(async ({ request }) => {
  for (const date of DEMO) {
    const response = await request.post('/api/v1/imports', {
      multipart: {
        file: { name: `export-${date}.csv`, mimeType: 'text/csv', buffer: readFileSync(path.join(__dirname, '..', '..', 'data', `export-${date}.csv`)) },
        as_of: date,
      },
      // A script with the session cookie says so (the CSRF rule of spec/access.md).
      headers: { 'x-requested-with': 'playwright' },
    });
    expect([201, 409]).toContain(response.status());
  }
});

test('the Overzicht shows the figures of the demo snapshot of 24-07-2025', async ({ page }) => {
  const errors = collectErrors(page);
  await openHydrated(page, '/?as_of=2025-07-24');
  await expect(page.getByTestId('tile-open')).toHaveText('128');
  await expect(page.getByTestId('tile-unassigned')).toHaveText('92');
  await expect(page.getByTestId('tile-oldest')).toHaveText('maart 2025');
  await expect(page.getByTestId('oldest-sentence')).toHaveText(
    'De oudste zaken die nog niet zijn opgepakt dateren uit maart 2025.');
  await expect(page.getByRole('heading', { name: 'Open zaken per maand van melding' })).toBeVisible();
  await page.getByTestId('chart-verloop').getByText('Toon als tabel').click();
  await expect(page.getByTestId('chart-verloop').getByRole('row')).toHaveCount(5);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('the charts stay after hydration and come along when navigating in the browser', async ({ page }) => {
  await openHydrated(page, '/?as_of=2025-07-24');
  await expect(page.getByTestId('chart-leeftijd').locator('.chart-wide svg')).toBeVisible();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Declaratierisico' }).click();
  await expect(page).toHaveURL(/\/declaratierisico$/);
  await expect(page.locator('.chart-wide svg').first()).toBeVisible();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('chart-leeftijd').locator('.chart-wide svg')).toBeVisible();
});

test('a bar of the month chart opens the queue with just those cases', async ({ page }) => {
  await openHydrated(page, '/?as_of=2025-07-24');
  await page.getByTestId('chart-open-per-maand').locator('.chart-wide a').first().click();
  await expect(page).toHaveURL(/\/werkvoorraad\?as_of=2025-07-24&month=2025-03$/);
  await expect(page.getByTestId('queue-total')).toHaveText('23 open zaken, de oudste eerst.');
  await expect(page.getByText('Gemeld in maart 2025')).toBeVisible();
});

test('the queue sorts, pages, downloads and passes axe-core', async ({ page }) => {
  const errors = collectErrors(page);
  await openHydrated(page, '/werkvoorraad?as_of=2025-07-24');
  await expect(page.getByTestId('queue-total')).toHaveText('128 open zaken, de oudste eerst.');
  const firstDays = page.getByTestId('queue').locator('tbody tr').first().locator('td.num');
  const oldest = Number(await firstDays.textContent());
  await page.getByRole('link', { name: 'Dagen open' }).click();
  await expect(page).toHaveURL(/sort=-dagen/);
  expect(Number(await firstDays.textContent())).toBeLessThan(oldest);
  await expect(page.getByRole('navigation', { name: "Pagina's" })).toContainText('Pagina 1 van 3');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Excel' }).click();
  expect((await download).suggestedFilename()).toBe('werkvoorraad-2025-07-24.xlsx');
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test('Consulenten lists every consultant and passes axe-core', async ({ page }) => {
  await openHydrated(page, '/consulenten?as_of=2025-07-24');
  await expect(page.getByTestId('consultants').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('per-week')).toBeVisible();
  await expectAccessible(page);
});

test('the filter bar works without wasm and keeps the view in the URL', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: STATE });
  const page = await context.newPage();
  await page.goto('/?as_of=2025-07-24');
  await page.getByLabel('Soort aanvraag', { exact: true }).selectOption('new');
  await page.getByRole('button', { name: 'Toon' }).click();
  await expect(page).toHaveURL(/request_type=new/);
  await expect(page.getByText('Gefilterd op Soort aanvraag: Nieuwe aanvraag.')).toBeVisible();
  await context.close();
});

test('at 375 px the narrow charts are shown', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/?as_of=2025-07-24');
  await expect(page.getByTestId('chart-leeftijd').locator('.chart-narrow svg')).toBeVisible();
  await expect(page.getByTestId('chart-leeftijd').locator('.chart-wide svg')).toBeHidden();
});

test('the queue fits 1280 px without scrolling sideways, and at 375 px only its table scrolls', async ({ page }) => {
  const widths = async () => page.evaluate(() => {
    const wrap = document.querySelector('[data-testid="queue"]')?.parentElement;
    return {
      table: [wrap?.scrollWidth ?? 0, wrap?.clientWidth ?? 0],
      page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    };
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openHydrated(page, '/werkvoorraad?as_of=2025-07-24');
  const wide = await widths();
  expect(wide.table[0], `table ${wide.table}`).toBeLessThanOrEqual(wide.table[1]);
  expect(wide.page[0]).toBeLessThanOrEqual(wide.page[1]);
  await page.setViewportSize({ width: 375, height: 800 });
  const narrow = await widths();
  expect(narrow.page[0], `page ${narrow.page}`).toBeLessThanOrEqual(narrow.page[1]);
});
