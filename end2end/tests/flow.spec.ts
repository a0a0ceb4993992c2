// Flow across snapshots in the browser (spec/flow.md): on Doorstroom the ageing chart's dot of a
// case leads to that case, whose page tells its history; both pages pass axe-core.
import { test, expect } from '@playwright/test';
import { collectErrors, expectAccessible, importDemo, openHydrated } from './helpers';

const DEMO = ['2025-05-01', '2025-05-29', '2025-06-26', '2025-07-24'];

test('a dot of the ageing chart opens its case, whose timeline tells what changed', async ({ page }) => {
  await page.goto('/');
  for (const date of DEMO) await importDemo(page, date);
  const errors = collectErrors(page);
  await openHydrated(page, '/doorstroom?as_of=2025-07-24');
  const chart = page.getByTestId('chart-veroudering');
  await expect(chart.getByRole('heading', { name: 'Hoe oud de open zaken zijn, per fase' })).toBeVisible();
  await expect(page.getByTestId('chart-doorstroom').locator('.chart-wide svg')).toBeVisible();
  await expectAccessible(page);

  const dot = chart.locator('.chart-wide a').first();
  const label = (await dot.getAttribute('aria-label')) ?? '';
  const caseId = label.replace(/^Zaak (.*?):.*$/, '$1');
  expect(caseId.length).toBeGreaterThan(0);
  await chart.getByText('Toon als tabel').click();
  await expect(chart.getByRole('link', { name: caseId, exact: true })).toBeVisible();
  await dot.click();
  await expect(page).toHaveURL(new RegExp(`/zaak/${encodeURIComponent(caseId)}$`));
  const history = page.getByTestId('history');
  await expect(history.getByRole('listitem').first()).toHaveText(/^gemeld \d\d-\d\d-\d{4}$/);
  await expectAccessible(page);
  expect(errors).toEqual([]);
});
