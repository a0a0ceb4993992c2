// Signs in once as the team lead through the sign-in page and keeps the session cookie for
// the other tests (they run as team lead unless they sign in themselves).
import { test as setup, expect } from '@playwright/test';
import { PASSWORD, STATE } from './helpers';

setup('aanmelden als teamleider', async ({ page }) => {
  await page.goto('/aanmelden');
  await page.getByLabel('E-mailadres').fill('teamleider@e2e.test');
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overzicht');
  await page.context().storageState({ path: STATE });
});
