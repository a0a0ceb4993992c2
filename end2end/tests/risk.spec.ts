// Contract management in the browser: the declaration-risk page per provider with its charts,
// a click into the lapsed cases, the Excel download, and axe-core finds nothing.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, importDemo, linkLinge, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('de contractmanager ziet het declaratierisico per aanbieder en downloadt het als Excel', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'teamleider@e2e.test');
  await importDemo(page, '2025-07-24');
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'contractmanager@e2e.test');
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

test('een aanbieder meldt een declaratieprobleem en de contractmanager sluit het', async ({ page }) => {
  const errors = collectErrors(page);
  await linkLinge(page);

  await signIn(page, 'aanbieder@e2e.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn zaken');
  await page.getByTestId('own-cases').locator('tbody tr').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Declaratieproblemen' })).toBeVisible();
  await page.getByLabel('Wat gaat er mis?').fill('De indicatie is verlopen; wij kunnen juli niet declareren.');
  await page.getByLabel('Bedrag in euro (optioneel)').fill('1.234,50');
  await page.getByRole('button', { name: 'Melding versturen' }).click();
  await expect(page.getByRole('status')).toContainText('Uw melding is ontvangen');
  await expect(page.getByTestId('problems')).toContainText('1.234,50');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'contractmanager@e2e.test', '?terug=%2Fdeclaratierisico');
  await page.getByTestId('open-problems').getByRole('link').first().click();
  await page.getByLabel('Notitie bij het sluiten').first().fill('Herindicatie met terugwerkende kracht afgegeven.');
  await page.getByRole('button', { name: 'Sluiten' }).first().click();
  await expect(page.getByRole('status')).toContainText('De melding is gesloten.');
  await expect(page.getByTestId('problems')).toContainText('Herindicatie met terugwerkende kracht');
  expect(errors).toEqual([]);
});
