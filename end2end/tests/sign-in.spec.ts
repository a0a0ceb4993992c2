// Signing in through the real page: each role lands on its own menu, a wrong password gets a
// clear message, signing out ends the session, and axe-core finds nothing on the sign-in page.
import { test, expect } from '@playwright/test';
import { PASSWORD, collectErrors, expectAccessible } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

const ROLES = [
  { email: 'teamleider@e2e.test', menu: ['Overzicht', 'Doorstroom', 'Stand van zaken', 'Werkvoorraad', 'Consulenten', 'Declaratierisico', 'Evaluaties', 'Import', 'Instellingen', 'Meldingen'] },
  { email: 'consulent@e2e.test', menu: ['Overzicht', 'Doorstroom', 'Stand van zaken', 'Werkvoorraad', 'Consulenten', 'Evaluaties', 'Meldingen'] },
  { email: 'contractmanager@e2e.test', menu: ['Overzicht', 'Doorstroom', 'Stand van zaken', 'Werkvoorraad', 'Declaratierisico', 'Meldingen'] },
  { email: 'aanbieder@e2e.test', menu: ['Mijn zaken', 'Werkvoorraad', 'Declaratierisico', 'Evaluaties', 'Meldingen'] },
  { email: 'beheer@e2e.test', menu: ['Overzicht', 'Doorstroom', 'Stand van zaken', 'Werkvoorraad', 'Consulenten', 'Declaratierisico', 'Import', 'Instellingen', 'Beheer'] },
];

test('zonder sessie gaat elke pagina naar Aanmelden, die toegankelijk is', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/consulenten');
  await expect(page).toHaveURL(/\/aanmelden\?terug=%2Fconsulenten$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanmelden');
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toHaveCount(0);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

for (const role of ROLES) {
  test(`${role.email} meldt zich aan en ziet alleen het eigen menu`, async ({ page }) => {
    await page.goto('/aanmelden');
    await page.getByLabel('E-mailadres').fill(role.email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link');
    await expect(menu).toHaveText(role.menu);
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await expect(page).toHaveURL(/\/aanmelden(\?afgemeld=ja)?$/);
  });
}

test('een verkeerd wachtwoord geeft een duidelijke melding', async ({ page }) => {
  await page.goto('/aanmelden?terug=%2Fwerkvoorraad');
  await page.getByLabel('E-mailadres').fill('consulent@e2e.test');
  await page.getByLabel('Wachtwoord').fill('niet het goede wachtwoord');
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Het e-mailadres of het wachtwoord klopt niet.');
  await expect(page.getByLabel('E-mailadres')).toHaveValue('consulent@e2e.test');
});

test('de beheerder koppelt een aanbiedernaam en de beheerpagina is toegankelijk', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/aanmelden?terug=%2Fbeheer');
  await page.getByLabel('E-mailadres').fill('beheer@e2e.test');
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beheer');
  await page.getByLabel('Naam in de export').fill('Huis aan de Linge');
  await page.getByLabel('Organisatie', { exact: true }).fill('Huis aan de Linge');
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByRole('status')).toContainText('hoort nu bij Huis aan de Linge');
  await expect(page.getByTestId('access-log')).toContainText('beheer: aanbiedernaam gekoppeld');
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
