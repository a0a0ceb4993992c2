// Contract management in the browser: the declaration-risk page per provider with its charts,
// a click into the lapsed cases, the Excel download, and axe-core finds nothing.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as path from 'path';
import { PASSWORD, collectErrors, expectAccessible } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('de contractmanager ziet het declaratierisico per aanbieder en downloadt het als Excel', async ({ page }) => {
  const errors = collectErrors(page);
  const file = path.join(__dirname, '..', '..', 'data', 'export-2025-07-24.csv');
  await page.goto('/aanmelden');
  await page.getByLabel('E-mailadres').fill('teamleider@e2e.test');
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  const imported = await page.request.post('/api/v1/imports', {
    multipart: { file: { name: 'export-2025-07-24.csv', mimeType: 'text/csv', buffer: readFileSync(file) }, as_of: '2025-07-24' },
    headers: { origin: new URL(page.url()).origin },
  });
  expect([201, 409]).toContain(imported.status());
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await page.getByLabel('E-mailadres').fill('contractmanager@e2e.test');
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.goto('/declaratierisico?as_of=2025-07-24');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Declaratierisico');
  await expect(page.getByTestId('risk').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('chart-verlopen-per-aanbieder')).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Excel' }).click();
  expect((await download).suggestedFilename()).toBe('declaratierisico-2025-07-24.xlsx');
  await page.getByTestId('risk').locator('tbody tr').first().getByRole('link').click();
  await expect(page).toHaveURL(/indication=verlopen/);
  await expect(page.getByText('Indicatie verlopen')).toBeVisible();
  expect(errors).toEqual([]);
});
