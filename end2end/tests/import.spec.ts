// Importing through the real Import page: a valid export gives a summary and a history row
// (and the Overzicht counts one snapshot more), a broken one its errors by row with nothing
// stored, and an export with other headers is read after mapping its columns by hand.
import { test, expect, type Page } from '@playwright/test';
import * as path from 'path';
import { collectErrors, expectAccessible, openHydrated } from './helpers';

const WORKED = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'worked-example.csv');
const DEMO_XLSX = path.join(__dirname, '..', '..', 'data', 'export-2025-06-26.xlsx');

async function snapshotCount(page: Page): Promise<number> {
  await page.goto('/');
  return Number(await page.getByTestId('snapshot-count').textContent());
}

async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }, asOf = '2025-06-26') {
  await openHydrated(page, '/import');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Een export inlezen' }) });
  await form.getByLabel('Exportbestand (CSV of Excel .xlsx)').setInputFiles(file);
  await form.getByLabel('Peildatum').fill(asOf);
  await form.getByRole('button', { name: 'Inlezen' }).click();
}

test('een goede export wordt ingelezen en staat in de geschiedenis', async ({ page }) => {
  const errors = collectErrors(page);
  const before = await snapshotCount(page);
  await upload(page, WORKED);
  await expect(page).toHaveURL(/\/import\?momentopname=\d+$/);
  await expect(page.getByTestId('import-summary')).toHaveText(/is opgeslagen: 4 zaken, peildatum 26-06-2025\./);
  await expect(page.getByTestId('import-history')).toContainText('worked-example.csv');
  await expectAccessible(page);
  expect(await snapshotCount(page)).toBe(before + 1);

  await upload(page, WORKED);
  await expect(page.getByRole('alert')).toContainText('Dit bestand is al ingelezen als momentopname');
  expect(await snapshotCount(page)).toBe(before + 1);
  expect(errors, 'console errors').toEqual([]);
});

test('de demo-export in Excel wordt in de browser ingelezen', async ({ page }) => {
  await upload(page, DEMO_XLSX);
  await expect(page.getByTestId('import-summary')).toHaveText(/^Momentopname \d+ is opgeslagen: \d{3} zaken, peildatum 26-06-2025\.$/);
  await expect(page.getByTestId('import-history')).toContainText('export-2025-06-26.xlsx');
});

test('een kapotte export toont de fouten per regel en slaat niets op', async ({ page }) => {
  const before = await snapshotCount(page);
  const csv = 'Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding\n'
    + 'A;C1;Nieuw;BW;Dordrecht;01-06-2025\n'
    + 'B;C2;Spoed;BW;Dordrecht;32-01-2025\n';
  await upload(page, { name: 'kapot.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('heading', { name: 'De export is afgekeurd' })).toBeVisible();
  const table = page.getByTestId('import-errors');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').nth(0)).toContainText('3');
  await expect(table.locator('tbody tr').nth(0)).toContainText('Soort aanvraag');
  await expect(table.locator('tbody tr').nth(1)).toContainText('32-01-2025');
  await expectAccessible(page);
  expect(await snapshotCount(page)).toBe(before);
});

test('kolommen van een ander systeem koppelen, bewaren en hergebruiken', async ({ page }) => {
  const csv = 'Nr;Klant;Soort;Prod;Plaats;Binnen\nM1;K1;Nieuw;BW;Dordrecht;01-06-2025\n';
  await upload(page, { name: 'ander-systeem.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const mapping = page.locator('form', { has: page.getByRole('heading', { name: 'Kolommen zelf koppelen' }) });
  await expect(mapping).toBeVisible();
  await expectAccessible(page);
  for (const [label, column] of [
    ['Zaaknummer (verplicht)', 'Nr'], ['Clientnummer (verplicht)', 'Klant'], ['Soort aanvraag (verplicht)', 'Soort'],
    ['Product (verplicht)', 'Prod'], ['Gemeente (verplicht)', 'Plaats'], ['Datum melding (verplicht)', 'Binnen'],
  ]) {
    await mapping.getByLabel(label, { exact: true }).selectOption(column);
  }
  await mapping.getByLabel('Exportbestand (CSV of Excel .xlsx)').setInputFiles({ name: 'ander-systeem.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await mapping.getByLabel('Peildatum').fill('2025-06-26');
  await mapping.getByLabel('Bewaar deze koppeling als (optioneel)').fill('Ander systeem');
  await mapping.getByRole('button', { name: 'Koppelen en inlezen' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText(/is opgeslagen: 1 zaak/);

  const second = csv.replace('M1;K1', 'M2;K2');
  await openHydrated(page, '/import');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Een export inlezen' }) });
  await form.getByLabel('Exportbestand (CSV of Excel .xlsx)').setInputFiles({ name: 'tweede.csv', mimeType: 'text/csv', buffer: Buffer.from(second) });
  await form.getByLabel('Peildatum').fill('2025-06-27');
  await form.getByLabel('Kolomkoppeling').selectOption('Ander systeem');
  await form.getByRole('button', { name: 'Inlezen' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText(/is opgeslagen: 1 zaak, peildatum 27-06-2025/);
});
