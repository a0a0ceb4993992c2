// English beside Dutch in the browser: the switch in the header (a plain form) turns the frame
// English and sets `lang`; hydration keeps the words, axe passes, and the way back is there.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, openHydrated, signIn } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('the switch in the header turns the frame English, and back to Dutch', async ({ page }) => {
  const errors = collectErrors(page);
  await signIn(page, 'english@e2e.test', '?terug=%2Fstand-van-zaken');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/stand-van-zaken$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await openHydrated(page, '/stand-van-zaken');
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  await expect(menu.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'State of affairs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compact view' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('english@e2e.test · Team lead');
  await expectAccessible(page);

  // A page reached in the browser (no new document) is English too.
  await menu.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' })).toBeVisible();
  expect(errors, 'no console errors: hydration found the same words').toEqual([]);
});
