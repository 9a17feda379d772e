/**
 * The Summary page shows the same figures as the command line (the same measures on the Node
 * engine, worded by the same view function), and nothing leaves the device while it does (the
 * guard fixture in ./support/test.ts).
 */
import { test, expect } from './support/test';
import path from 'node:path';
import { expectedSummary, REPO_ROOT, type Expected } from './support/expected';
import { waitForWorkspace } from './support/workspace';

let expected: Expected;

test.beforeAll(() => {
	expected = expectedSummary();
});

test('Summary shows the measures the command line computes', async ({ page }, testInfo) => {
	const { view, summary } = expected;
	testInfo.annotations.push({ type: 'today (Europe/London)', description: expected.today });

	await page.goto('/');
	try {
		await waitForWorkspace(page);

		await test.step('title', async () => {
			await expect(page.locator('h1')).toContainText(view.title);
		});

		// Soft checks from here on, so one run lists every difference from the contract.
		await test.step('headline figures', async () => {
			for (const h of view.headlines) {
				const card = page.getByTestId(`headline-${h.id}`);
				await expect.soft(card, `headline-${h.id}`).toHaveCount(1);
				await expect.soft(card.getByTestId('value'), `headline-${h.id} value`).toHaveText(h.value);
				await expect.soft(card.getByTestId('vs-previous'), `headline-${h.id} vs previous`).toContainText(h.vsPrevious.text);
				await expect.soft(card.getByTestId('vs-year-earlier'), `headline-${h.id} vs year earlier`).toContainText(h.vsYearEarlier.text);
			}
		});

		await test.step('children by risk level', async () => {
			const table = page.getByTestId('risk-level-table');
			await expect(table).toHaveCount(1);
			for (const r of view.riskLevels) {
				const row = table.locator(`tbody tr[data-level="${r.level}"]`);
				await expect.soft(row, `risk level row ${r.level}`).toHaveCount(1);
				await expect.soft(row.locator('td[data-col="children"]'), `children at risk level ${r.level}`).toHaveText(r.children.text);
			}
		});

		await test.step('trend chart and its table', async () => {
			const series = Object.keys(summary.trend[0] ?? {}).filter((k) => k !== 'month');
			// The table alternative may sit in a closed <details>: count rows, visible or not.
			await expect
				.soft(page.getByTestId('trend-table').locator('tbody tr'), 'one trend-table row per month')
				.toHaveCount(summary.trend.length);
			const chart = page.getByTestId('trend-chart');
			await expect(chart.locator('svg').first()).toBeVisible();
			// Observable Plot draws a line mark as <g aria-label="line"> holding one <path> per line.
			// Count only paths that draw a segment (axis ticks are paths too, and prove nothing).
			const drawn = chart.locator('svg g[aria-label="line"] path[d*="L"]');
			await expect
				.poll(() => drawn.count(), { message: `drawn line paths in the trend chart, one per series (${series.join(', ')}) at least` })
				.toBeGreaterThanOrEqual(series.length);
		});
	} finally {
		// Full page, pass or fail: what a reader would have seen.
		await page.screenshot({ path: path.join(REPO_ROOT, 'test-results/screenshots/summary.png'), fullPage: true });
	}
});
