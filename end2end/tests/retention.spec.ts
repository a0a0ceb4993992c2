// Retention in the browser: the admin finds the terms and the dry run on Instellingen (axe-clean),
// then deletes a wrongly imported export on Import with a reason. "Nu opruimen" is tested on the
// server (tests/retention_server.rs): here it would remove forms that other browser tests use.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

/** A small export of 31-01-2024 that nothing else imports. */
const WRONG = [
  'Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie',
  'VERKEERD-1;X1;Herindicatie;BW;Dordrecht;Leger des Heils;;05-01-2024;;;;31-03-2024',
].join('\r\n');

test('de beheerder ziet de bewaartermijnen en verwijdert een verkeerde export', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'beheer@e2e.test', '?terug=%2Finstellingen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instellingen');
  await expect(page.getByLabel('Toegangslogboek (jaar)')).toHaveValue('5');
  await expect(page.getByLabel('Momentopnamen en hun zaken (maanden)')).toHaveValue('24');
  await expect(page.getByTestId('retention-plan')).toContainText('Als het opruimen vandaag draait');
  await expect(page.getByRole('button', { name: 'Nu opruimen' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/import');
  await page.getByLabel('Exportbestand (CSV of Excel .xlsx)').first().setInputFiles({
    name: 'verkeerd.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(WRONG, 'utf-8'),
  });
  await page.getByLabel('Peildatum').first().fill('2024-01-31');
  await page.getByRole('button', { name: 'Inlezen' }).click();
  await expect(page.getByRole('status').first()).toContainText('is opgeslagen');
  const row = page.getByTestId('import-history').locator('tr', { hasText: 'verkeerd.csv' });
  await row.getByText('Verwijderen…').click();
  await row.getByLabel('Reden').fill('Verkeerde export ingelezen');
  await expectAccessible(page);
  await row.getByRole('button', { name: 'Definitief verwijderen' }).click();
  await expect(page.getByRole('status').first()).toContainText('De momentopname van 31-01-2024 is verwijderd, met haar 1 zaak.');
  await expect(page.getByTestId('import-history')).not.toContainText('verkeerd.csv');
  expect(errors).toEqual([]);
});
