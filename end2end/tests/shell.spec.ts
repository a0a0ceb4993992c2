// The application shell through the real UI: every page renders in Dutch with the full
// navigation, hydrates without console errors and passes axe-core (WCAG 2.1 A + AA).
import { test, expect } from '@playwright/test';
import { NAVIGATION, collectErrors, expectAccessible, importDemo, openHydrated } from './helpers';

for (const item of NAVIGATION) {
  test(`${item.label}: shell, navigatie, geen consolefouten, toegankelijk`, async ({ page }) => {
    const errors = collectErrors(page);
    await openHydrated(page, item.href);

    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.label);
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    for (const link of NAVIGATION) {
      await expect(nav.getByRole('link', { name: link.label, exact: true })).toHaveAttribute('href', link.href);
    }
    await expect(nav.getByRole('link', { name: item.label, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('contentinfo')).toContainText('werkvoorraad versie');

    await expectAccessible(page);
    expect(errors, 'console errors').toEqual([]);
  });
}

test('de skiplink brengt het toetsenbord naar de inhoud', async ({ page }) => {
  await openHydrated(page, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Direct naar de inhoud' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#inhoud$/);
});

test('navigeren na hydratatie gebeurt in de browser, zonder consolefouten', async ({ page }) => {
  const errors = collectErrors(page);
  await openHydrated(page, '/');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import');
  await expect(page).toHaveTitle('Import · werkvoorraad');
  expect(errors, 'console errors').toEqual([]);
});

test('knoppen, velden, tabellen, meldingen en het menu hebben de NL Design System-vormgeving', async ({ page }) => {
  await page.goto('/');
  await importDemo(page, '2025-07-24');
  const nlds = page.waitForResponse((r) => r.url().endsWith('/nlds/components.css'));
  await openHydrated(page, '/werkvoorraad');
  const sheet = await nlds;
  expect(sheet.status()).toBe(200);
  expect(await sheet.text()).toContain('.utrecht-html button');
  const style = (selector: string, property: string) =>
    page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  // The werkvoorraad theme in NLDS tokens: lintblauw buttons of at least 44 px high (a pointer target).
  await expect(page.locator('html')).toHaveClass(/utrecht-html/);
  expect(await style('main button[type=submit]', 'background-color')).toBe('rgb(21, 66, 115)');
  expect(parseFloat(await style('main button[type=submit]', 'min-height'))).toBeGreaterThanOrEqual(44);
  expect(await style('main select', 'border-top-width')).toBe('2px');
  expect(await style('table thead th', 'border-bottom-width')).toBe('2px');
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toHaveClass(/utrecht-nav-bar/);
  await page.goto('/instellingen?fout=Probeer+het+opnieuw.');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveClass(/utrecht-alert--error/);
  expect(await alert.evaluate((el) => getComputedStyle(el).borderLeftWidth)).toBe('6px');
});
