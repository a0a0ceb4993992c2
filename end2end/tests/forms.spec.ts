// Evaluation forms in the browser: a provider uploads a PDF on a case page, a consultant marks it
// complete on Evaluaties, and the Werkvoorraad lists the case as ready; axe-core finds nothing.
import { test, expect } from '@playwright/test';
import * as path from 'path';
import { collectErrors, expectAccessible, importDemo, linkLinge, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('een aanbieder uploadt een evaluatie, de consulent keurt haar goed, de zaak is klaar', async ({ page }) => {
  const errors = collectErrors(page);
  await linkLinge(page);
  await signIn(page, 'teamleider@e2e.test');
  await importDemo(page, '2025-07-24');
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'aanbieder@e2e.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn zaken');
  await expect(page.getByRole('heading', { name: 'Een evaluatieformulier uploaden' })).toBeVisible();
  await expectAccessible(page);
  const row = page.getByTestId('own-cases').locator('tbody tr').first();
  const caseId = (await row.getByRole('link').textContent())?.trim() ?? '';
  await row.getByRole('link').click();
  await expect(page.getByTestId('case-form-state')).toContainText('geen formulier');
  await page.getByLabel('Naam van de begeleider').fill('Sanne de Vries');
  await page.getByLabel('Telefoon van de begeleider').fill('06-12345678');
  await page.getByLabel('E-mail van de begeleider').fill('sanne@linge.example');
  await page.getByLabel('Evaluatie over de periode van').fill('2025-01-01');
  await page.getByLabel('Evaluatie over de periode tot en met').fill('2025-06-30');
  await page.getByLabel(/Het evaluatieformulier/).setInputFiles(
    path.join(__dirname, '..', '..', 'tests', 'fixtures', 'forms', 'evaluatie.pdf'));
  await page.getByRole('button', { name: 'Formulier uploaden' }).click();
  await expect(page.getByRole('status')).toContainText(`Het evaluatieformulier voor zaak ${caseId} is ontvangen`);
  await expect(page.getByTestId('case-form-state')).toContainText('nog te beoordelen');
  await expect(page.getByTestId('forms')).toContainText('Sanne de Vries');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Afmelden' }).click();

  await signIn(page, 'consulent@e2e.test', '?terug=%2Fevaluaties');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evaluaties');
  await expectAccessible(page);
  const form = page.getByTestId('form').filter({ hasText: `Zaak ${caseId}` }).first();
  await form.getByLabel('Compleet', { exact: true }).check();
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status')).toContainText(`Het formulier van zaak ${caseId} is als compleet gemarkeerd`);

  await page.goto('/werkvoorraad?form=klaar');
  await expect(page.getByTestId('queue')).toContainText(caseId);
  await expect(page.getByTestId('queue').locator('tbody tr').first()).toContainText('klaar voor papieren beoordeling');
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
