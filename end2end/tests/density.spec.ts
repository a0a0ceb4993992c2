// The density switch exists only after hydration, changes the layout at once and is
// remembered in localStorage across a reload; without JavaScript the page still works.
import { test, expect } from '@playwright/test';
import { openHydrated } from './helpers';

test('de weergaveknop werkt na hydratatie en onthoudt de keuze', async ({ page }) => {
  await openHydrated(page, '/');
  const toggle = page.getByRole('button', { name: 'Compacte weergave' });
  const app = page.locator('.app');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(app).not.toHaveClass(/compact/);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(app).toHaveClass(/compact/);
  expect(await page.evaluate(() => localStorage.getItem('werkvoorraad.weergave'))).toBe('compact');

  await openHydrated(page, '/consulenten');
  await expect(page.locator('.app')).toHaveClass(/compact/);
  await expect(page.getByRole('button', { name: 'Compacte weergave' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Compacte weergave' }).click();
  await expect(page.locator('.app')).not.toHaveClass(/compact/);
});

test.describe('zonder JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('de pagina staat er volledig, zonder de knop die JavaScript nodig heeft', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overzicht');
    await expect(page.getByTestId('snapshot-count')).toHaveText(/^\d+$/);
    await expect(page.getByRole('button', { name: 'Compacte weergave' })).toBeHidden();
  });
});
