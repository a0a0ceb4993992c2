// Notices in the browser: a provider chooses its digest and an alert on Meldingen (axe-clean),
// the choice is kept, the team lead makes the digests now, and the provider finds its message on
// Meldingen and the early-warning list on Mijn zaken. The e2e server sends no mail, and says so.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, importDemo, linkLinge, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('een aanbieder kiest op Meldingen zijn overzicht en ziet de vroegsignalering op Mijn zaken', async ({ page }) => {
  const errors = collectErrors(page);
  await linkLinge(page);
  await signIn(page, 'teamleider@e2e.test');
  await importDemo(page, '2025-07-24');
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'aanbieder@e2e.test');
  await page.getByRole('link', { name: 'Meldingen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meldingen');
  await expect(page.getByTestId('mail-off')).toBeVisible();
  const digest = page.getByRole('group', { name: 'Overzicht van uw organisatie' });
  await digest.getByLabel('Per e-mail en hier').check();
  const alert = page.getByRole('group', { name: 'Waarschuwing: verlopen herindicaties' });
  await alert.getByLabel('Alleen hier op Meldingen').check();
  await alert.getByLabel(/Drempel/).fill('1');
  await page.getByRole('button', { name: 'Keuzes opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('Uw keuzes zijn opgeslagen.');
  await expect(digest.getByLabel('Per e-mail en hier')).toBeChecked();
  await expect(alert.getByLabel(/Drempel/)).toHaveValue('1');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'teamleider@e2e.test', '?terug=%2Finstellingen');
  await page.getByRole('button', { name: 'Overzichten nu versturen' }).click();
  await expect(page.getByRole('status')).toContainText('De overzichten zijn klaargezet');
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'aanbieder@e2e.test', '?terug=%2Fmeldingen');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('notice-list')).toContainText('overzicht van uw organisatie', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Mijn zaken', exact: true }).click();
  await expect(page.getByTestId('early-warning')).toBeVisible();
  await expect(page.getByTestId('early-warning').locator('tbody tr').first()).toBeVisible();
  expect(errors).toEqual([]);
});
