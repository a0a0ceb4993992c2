// Stand van zaken on paper: printed (A4) it shows the content without header, menu or the
// choice of date, the trend chart in its wide drawing, and no case ids; axe-core passes on screen.
// The PDF made on the server downloads for the chosen as-of date.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { expectAccessible, importDemo, openHydrated } from './helpers';

test('the Stand van zaken prints on A4 without the application around it', async ({ page }) => {
  await page.goto('/');
  for (const date of ['2025-05-01', '2025-05-29', '2025-06-26', '2025-07-24']) await importDemo(page, date);
  await openHydrated(page, '/stand-van-zaken?as_of=2025-05-29');
  await expect(page.getByTestId('status-as-of')).toHaveText('Peildatum 29-05-2025, uit de export van 29-05-2025.');
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download als pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('stand-van-zaken-2025-05-29.pdf');
  const made = readFileSync(await download.path());
  expect(made.subarray(0, 5).toString()).toBe('%PDF-');
  expect(made.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
  await expect(page.getByLabel('Peildatum')).toBeHidden();
  await expect(page.getByTestId('chart-verloop').locator('.chart-wide svg')).toBeVisible();
  await expect(page.getByTestId('status-risk')).toBeVisible();
  await expect(page.locator('main a[href^="/zaak/"]')).toHaveCount(0);
  const pdf = await page.pdf({ format: 'A4', path: `${process.env.E2E_DATA_DIR ?? '/tmp'}/stand-van-zaken.pdf` });
  expect(pdf.length).toBeGreaterThan(10_000);
});
