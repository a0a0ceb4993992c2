// Sign-in through the organisation's identity provider in the browser: the button on Aanmelden,
// the provider's own login and consent pages (a real OpenID provider on loopback), back in
// werkvoorraad as the account with that e-mail address, and after signing out the offer to sign
// out at the provider too. Aanmelden stays accessible with both ways in.
import { test, expect } from '@playwright/test';
import { expectAccessible } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('een teamleider meldt zich aan via de organisatie en weer af', async ({ page }) => {
  // The provider's development pages load a web font; there is no internet here.
  await page.route('**/fonts.googleapis.com/**', (route) => route.abort());
  await page.goto('/aanmelden');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Aanmelden via uw organisatie' }).click();

  await page.locator('input[name=login]').fill('teamleider-e2e');
  await page.locator('input[name=password]').fill('willekeurig');
  await page.locator('button[type=submit]').click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overzicht');
  await expect(page.getByTestId('signed-in-as')).toContainText('teamleider@e2e.test');

  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page).toHaveURL(/\/aanmelden\?afgemeld=ja/);
  const offer = page.getByTestId('signed-out');
  await expect(offer).toContainText('U bent afgemeld bij werkvoorraad');
  await expect(offer.getByRole('link', { name: 'uw organisatie' })).toHaveAttribute('href', /\/session\/end\?client_id=werkvoorraad/);
});
