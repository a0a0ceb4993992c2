// The right of access in the browser: the admin opens Inzageverzoek from Beheer, looks up a
// client number of the demo export, sees its cases and who looked, and the page is axe-clean.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, importDemo, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('de beheerder beantwoordt een inzageverzoek van een cliënt', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'teamleider@e2e.test');
  await importDemo(page, '2025-07-24');
  await page.goto('/werkvoorraad?as_of=2025-07-24');
  const first = page.locator('table tbody tr').first();
  const caseId = (await first.locator('a').first().innerText()).trim();
  await first.locator('a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(caseId);
  const client = (await page.getByTestId('case').locator('dt:text-is("Cliëntnummer") + dd').innerText()).trim();
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'beheer@e2e.test', '?terug=%2Fbeheer');
  await page.getByRole('link', { name: /Alles wat over één cliëntnummer/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inzageverzoek van een cliënt');
  await page.getByLabel('Cliëntnummer').fill(client);
  await page.getByRole('button', { name: 'Opzoeken' }).click();
  await expect(page.getByTestId('subject-cases')).toContainText(caseId);
  await expect(page.getByTestId('subject-log')).toContainText('teamleider@e2e.test');
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Alles als CSV downloaden' }).click();
  expect((await download).suggestedFilename()).toMatch(/^inzage-.*\.csv$/);
  expect(errors).toEqual([]);
});
