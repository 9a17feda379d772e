/**
 * The analyst pages (Trends, Core risks, Missing, Profile, Data quality) with the sample data:
 *  1. every page draws every chart (polling for drawn marks) and is screenshotted whole;
 *  2. a filter on /profile changes every chart, survives a reload through the URL, and
 *     "Clear filters" undoes it;
 *  3. the age chart's table equals the measure run on the Node engine (suppressed as the board
 *     would see it, then exact under analyst mode and its "Restricted" banner);
 *  4. on /missing, "Every episode loaded" counts at least the cohort's episodes.
 * The guard fixture (./support/test.ts) fails any test that sends a request off the device or
 * meets a page or console error.
 */
import { test, expect } from './support/test';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/expected';
import { waitForWorkspace } from './support/workspace';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
/** Counts from 1 to THRESHOLD − 1 are shown as `c` unless analyst mode is on (settings.svelte.ts). */
const THRESHOLD = 6;
const count = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(n);

interface AnalystPage {
	path: string;
	nav: string;
	name: string;
	/** The ChartPanel figures the page should show, by data-testid. */
	charts: string[];
}

const PAGES: AnalystPage[] = [
	{ path: '/trends', nav: 'Trends', name: 'trends', charts: ['chart-period-incidence', 'chart-monthly-incidence', 'chart-monthly-risk', 'chart-monthly-type'] },
	{ path: '/core-risks', nav: 'Core risks', name: 'core-risks', charts: ['chart-core-risks'] },
	{ path: '/missing', nav: 'Missing', name: 'missing', charts: ['chart-missing-type', 'chart-missing-setting', 'chart-rhi'] },
	{ path: '/profile', nav: 'Profile', name: 'profile', charts: ['chart-age', 'chart-sex', 'chart-ethnicity', 'chart-disability', 'chart-agency', 'chart-overlap'] },
	{ path: '/quality', nav: 'Data quality', name: 'quality', charts: [] }
];
const PROFILE = PAGES.find((p) => p.name === 'profile')!;

/** Open the app, wait for the workspace, then go to `p` through the main navigation. */
async function openViaNav(page: Page, p: AnalystPage) {
	// Start the app once per test (starting DuckDB and loading the sample is most of a test's time);
	// later pages are reached through the navigation, as a user would.
	if (!(await page.evaluate(() => document.documentElement.dataset.workspace === 'ready').catch(() => false))) {
		await page.goto('/');
		await waitForWorkspace(page);
	}
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: p.nav, exact: true }).click();
	await expect(page).toHaveURL((u) => u.pathname === p.path);
	await expect(page.locator('h1')).toBeVisible();
}

/**
 * The charts among `ids` not (yet) drawn: missing figure, no svg, or no mark with ink (a bar
 * rect wider than 0, or a line path with at least one segment). Empty when all are drawn.
 */
function undrawn(page: Page, ids: string[]): Promise<string[]> {
	return page.evaluate((ids) => {
		const out: string[] = [];
		for (const id of ids) {
			const fig = document.querySelector(`figure[data-testid="${id}"]`);
			if (!fig) {
				out.push(`${id}: no figure`);
				continue;
			}
			if (!fig.querySelector('svg')) {
				out.push(`${id}: no svg`);
				continue;
			}
			const bars = [...fig.querySelectorAll('svg g[aria-label="bar"] rect')].filter((r) => Number(r.getAttribute('width')) > 0).length;
			const lines = fig.querySelectorAll('svg g[aria-label="line"] path[d*="L"]').length;
			if (bars + lines === 0) out.push(`${id}: svg without drawn bars or lines`);
		}
		return out;
	}, ids);
}

async function expectChartsDrawn(page: Page, ids: string[]) {
	await expect.poll(() => undrawn(page, ids), { message: `every chart drawn (${ids.join(', ')})`, timeout: 60_000 }).toEqual([]);
}

/** What each chart says: its summary sentence and the values written on it. */
function chartTexts(page: Page, ids: string[]): Promise<{ id: string; summary: string; marks: string[] }[]> {
	return page.evaluate(
		(ids) =>
			ids.map((id) => {
				const fig = document.querySelector(`figure[data-testid="${id}"]`);
				return {
					id,
					summary: fig?.querySelector('figcaption .summary')?.textContent?.trim() ?? '',
					marks: [...(fig?.querySelectorAll('svg g[aria-label="text"] text') ?? [])].map((t) => t.textContent ?? '')
				};
			}),
		ids
	);
}
const summaries = async (page: Page, ids: string[]) => (await chartTexts(page, ids)).map((c) => c.summary);

// ---------------------------------------------------------------------------------------------
// The same measures on the Node engine: one tsx run per period, cached for the worker.

interface MeasureRow {
	ageBand: string;
	label: string;
	children: number;
}
interface NodeResult {
	period: { start: string; end: string; label: string };
	age: MeasureRow[];
	missing: { cohort: { episodes: number; children: number }; all: { episodes: number; children: number } };
}

const NODE_SCRIPT = (root: string) => `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from ${JSON.stringify(path.join(root, 'src/lib/db/node.ts'))};
import { loadSamples } from ${JSON.stringify(path.join(root, 'src/lib/ingest/load-samples.ts'))};
import { childrenByAgeBand } from ${JSON.stringify(path.join(root, 'src/lib/measures/profile.ts'))};
import { missingEpisodes } from ${JSON.stringify(path.join(root, 'src/lib/measures/missing.ts'))};
import { periodContaining } from ${JSON.stringify(path.join(root, 'src/lib/measures/periods.ts'))};

const dir = ${JSON.stringify(path.join(root, 'data-samples/northbrook'))};
const engine = await createNodeEngine();
try {
	await loadSamples(engine, async (name) => new Uint8Array(await readFile(path.join(dir, name))));
	const period = periodContaining(process.argv[2]);
	const age = await childrenByAgeBand.run(engine, { ...period });
	const cohort = await missingEpisodes.run(engine, { ...period, scope: 'cohort' });
	const all = await missingEpisodes.run(engine, { ...period, scope: 'all' });
	const pick = (m) => ({ episodes: m.episodes, children: m.children });
	process.stdout.write(JSON.stringify({ period, age, missing: { cohort: pick(cohort), all: pick(all) } }) + '\\n');
} finally {
	await engine.close();
}
`;

const nodeCache = new Map<string, NodeResult>();

function nodeMeasures(periodStart: string): NodeResult {
	const cached = nodeCache.get(periodStart);
	if (cached) return cached;
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cse-analyst-'));
	const script = path.join(dir, 'measures.mts');
	writeFileSync(script, NODE_SCRIPT(REPO_ROOT));
	try {
		const stdout = execFileSync('npx', ['tsx', script, periodStart], {
			cwd: REPO_ROOT, // tsx reads tsconfig.json (and so the $lib alias) from here
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
			timeout: 120_000
		});
		const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as NodeResult;
		nodeCache.set(periodStart, result);
		return result;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The period the page shows: the select's chosen option. */
async function shownPeriod(page: Page): Promise<{ start: string; label: string }> {
	const select = page.getByTestId('period-select');
	await expect(select.locator('option')).not.toHaveCount(0);
	await expect(select).not.toHaveValue('');
	const start = await select.inputValue();
	const label = (await select.locator(`option[value="${start}"]`).textContent())?.trim() ?? '';
	return { start, label };
}

// ---------------------------------------------------------------------------------------------

test.describe('analyst pages', () => {
	test('every analyst page renders all its charts with the sample data', async ({ page }) => {
		test.setTimeout(300_000);
		for (const p of PAGES) {
			try {
				await openViaNav(page, p);
				await expect(page.getByTestId('filter-bar')).toBeVisible();
				await expect(page.getByTestId('period-select')).not.toHaveValue('');
				// Every ChartPanel on the page is one we expect (and no expected one is absent).
				await expect
					.poll(() => page.locator('figure.chart-panel').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-testid') ?? '(no testid)').sort()), {
						message: `ChartPanel figures on ${p.path}`,
						timeout: 60_000
					})
					.toEqual([...p.charts].sort());
				await expectChartsDrawn(page, p.charts);
				for (const c of await chartTexts(page, p.charts)) {
					expect.soft(c.summary, `${c.id} has a summary sentence`).not.toBe('');
					expect.soft(c.summary, `${c.id} summary`).not.toMatch(/^No .* (in this period|to show)\.$/);
				}
				if (p.name === 'quality') {
					// No charts here: wait for the tables instead.
					await expect.poll(() => page.getByTestId('completeness-table').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
					await expect.poll(() => page.getByTestId('rejected-table').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
				}
				if (p.name === 'core-risks') {
					await expect.poll(() => page.getByTestId('co-occurrence-table').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
				}
				if (p.name === 'missing') {
					await expect(page.getByTestId('missing-figures')).toBeVisible();
				}
			} finally {
				mkdirSync(SCREENSHOTS, { recursive: true });
				await page.screenshot({ path: path.join(SCREENSHOTS, `${p.name}.png`), fullPage: true });
			}
		}
	});

	test('a filter changes every Profile chart, round-trips through the URL, and clears', async ({ page }) => {
		const ids = PROFILE.charts;
		await openViaNav(page, PROFILE);
		await expectChartsDrawn(page, ids);
		const before = await chartTexts(page, ids);
		const originalSummaries = before.map((c) => c.summary);

		const police = page.getByTestId('filter-bar').locator('input[data-filter="agency"][value="Police"]');
		await test.step('tick Agency → Police', async () => {
			await page.getByTestId('filter-bar').locator('summary', { hasText: /^Agency/ }).click();
			await police.check();
			await expect(page).toHaveURL(/[?&]agency=Police(&|$)/);
		});

		let filtered: string[] = [];
		await test.step('every chart changes', async () => {
			// A chart has changed when its summary did, or (failing that) the values written on it.
			const unchanged = async () => {
				const now = await chartTexts(page, ids);
				return now
					.filter((c, i) => c.summary === before[i].summary && JSON.stringify(c.marks) === JSON.stringify(before[i].marks))
					.map((c) => c.id);
			};
			await expect.poll(unchanged, { message: 'charts whose summary and values did not change after Agency → Police', timeout: 30_000 }).toEqual([]);
			await expectChartsDrawn(page, ids);
			const after = await chartTexts(page, ids);
			filtered = after.map((c) => c.summary);
			const sameSummary = after.filter((c, i) => c.summary === before[i].summary).map((c) => c.id);
			if (sameSummary.length) test.info().annotations.push({ type: 'summary unchanged (values changed)', description: sameSummary.join(', ') });
			await expect(page.getByTestId('filter-bar')).toContainText('Showing only: Agency: Police');
		});

		await test.step('reload: the filter comes back from the URL', async () => {
			await page.reload();
			await waitForWorkspace(page);
			await expect(page).toHaveURL(/[?&]agency=Police(&|$)/);
			await expect(police).toBeChecked();
			await expect(page.getByTestId('filter-bar').locator('summary', { hasText: /^Agency/ })).toHaveText(/Agency \(1\)/);
			await expectChartsDrawn(page, ids);
			await expect.poll(() => summaries(page, ids), { message: 'summaries after reload equal the filtered ones', timeout: 30_000 }).toEqual(filtered);
		});

		await test.step('"Clear filters" restores the original summaries', async () => {
			await page.getByTestId('filter-bar').getByRole('button', { name: 'Clear filters' }).click();
			await expect(page).not.toHaveURL(/agency=/);
			await expect(police).not.toBeChecked();
			await expect.poll(() => summaries(page, ids), { message: 'summaries after Clear filters equal the original ones', timeout: 30_000 }).toEqual(originalSummaries);
			await expectChartsDrawn(page, ids);
		});
	});

	test('the age table equals the measure on the Node engine, suppressed then exact in analyst mode', async ({ page }, testInfo) => {
		await openViaNav(page, PROFILE);
		await expectChartsDrawn(page, ['chart-age']);
		const shown = await shownPeriod(page);
		const node = nodeMeasures(shown.start);
		testInfo.annotations.push({ type: 'period', description: `${shown.label} (${node.period.start} to ${node.period.end})` });
		expect(node.period.start, 'the period the command line ran is the one the page shows').toBe(shown.start);
		expect(node.period.label).toBe(shown.label);

		const chart = page.getByTestId('chart-age');
		await chart.getByRole('button', { name: 'View as table' }).click();
		const table = page.getByTestId('chart-age-table');
		await expect(table).toBeVisible();
		await expect(table.locator('tbody tr')).toHaveCount(node.age.length);

		const readTable = () =>
			table.locator('tbody tr').evaluateAll((trs) =>
				trs.map((tr) => ({
					label: tr.querySelector('td[data-col="label"]')?.textContent?.trim() ?? '',
					children: tr.querySelector('td[data-col="children"]')?.textContent?.trim() ?? '',
					share: tr.querySelector('td[data-col="share"]')?.textContent?.trim() ?? ''
				}))
			);
		const total = node.age.reduce((a, r) => a + r.children, 0);
		const byLabel = new Map(node.age.map((r) => [r.label, r]));

		await test.step('analyst mode off: suppressed as for the board', async () => {
			await expect(page.getByTestId('analyst-mode')).not.toBeChecked();
			await expect(page.getByTestId('restricted-banner')).toHaveCount(0);
			const rows = await readTable();
			expect(rows.map((r) => r.label), 'table rows, in the measure order').toEqual(node.age.map((r) => r.label));
			const anyPrimary = node.age.some((r) => r.children > 0 && r.children < THRESHOLD);
			for (const row of rows) {
				const v = byLabel.get(row.label)!.children;
				if (row.children === 'c') {
					const primary = v > 0 && v < THRESHOLD;
					const secondary = v >= THRESHOLD && anyPrimary;
					expect.soft(primary || secondary, `"${row.label}" shows c for ${v}: neither 1–${THRESHOLD - 1} nor a secondary suppression`).toBe(true);
					expect.soft(row.share, `"${row.label}" share withheld with its count`).toBe('c');
				} else {
					expect.soft(v > 0 && v < THRESHOLD, `"${row.label}" shows ${row.children} though ${v} is a small number`).toBe(false);
					expect.soft(row.children, `"${row.label}" children`).toBe(count(v));
					if (total > 0) expect.soft(row.share, `"${row.label}" share`).toBe(`${Math.round((v / total) * 100)}%`);
				}
			}
		});

		await test.step('analyst mode on: "Restricted" banner and exact counts', async () => {
			await page.getByTestId('analyst-mode').check();
			await expect(page.getByTestId('restricted-banner')).toBeVisible();
			await expect(page.getByTestId('restricted-banner')).toContainText('Restricted');
			await expect(table, 'the table stays open when analyst mode changes').toBeVisible();
			await expect
				.poll(async () => (await readTable()).map((r) => [r.label, r.children]), { message: 'exact counts, row by row' })
				.toEqual(node.age.map((r) => [r.label, count(r.children)]));
			for (const row of await readTable()) {
				const v = byLabel.get(row.label)!.children;
				expect.soft(row.share, `"${row.label}" share (analyst mode)`).toBe(total > 0 ? `${Math.round((v / total) * 100)}%` : '–');
			}
		});
	});

	test('Missing: "Every episode loaded" counts at least the cohort\'s episodes', async ({ page }, testInfo) => {
		const missing = PAGES.find((p) => p.name === 'missing')!;
		await openViaNav(page, missing);
		const figures = page.getByTestId('missing-figures');
		await expect(figures).toBeVisible();
		const episodesFigure = figures.locator('div', { has: page.locator('dt', { hasText: /^Episodes$/ }) }).locator('dd');
		await expect(episodesFigure).toHaveCount(1);
		await expectChartsDrawn(page, missing.charts);

		const shown = await shownPeriod(page);
		const node = nodeMeasures(shown.start);
		const disclosed = (n: number) => (n > 0 && n < THRESHOLD ? 'c' : count(n));
		const parse = (text: string) => (text === 'c' ? null : Number(text.replaceAll(',', '')));
		testInfo.annotations.push({ type: 'episodes (Node engine)', description: `${shown.label}: cohort ${node.missing.cohort.episodes}, every episode ${node.missing.all.episodes}` });

		const cohortScope = page.getByRole('radio', { name: /Children at risk of exploitation/ });
		const allScope = page.getByRole('radio', { name: 'Every episode loaded' });
		await expect(cohortScope).toBeChecked();
		await expect.soft(episodesFigure, 'cohort episodes = the measure').toHaveText(disclosed(node.missing.cohort.episodes));
		const cohortText = (await episodesFigure.textContent())!.trim();
		const cohortEpisodes = parse(cohortText);

		await allScope.check();
		await expect(allScope).toBeChecked();
		// The figure changes, or (if every episode loaded is a cohort child's) stays at least the cohort's.
		// Unchanged is right only when the Node engine agrees every episode is a cohort child's.
		const verdict = async () => {
			const text = (await episodesFigure.textContent())!.trim();
			if (text === cohortText) return node.missing.all.episodes === node.missing.cohort.episodes ? 'ok' : `still ${text}`;
			const n = parse(text);
			if (n === null) return cohortEpisodes === null || cohortEpisodes === 0 ? 'ok' : `dropped to c from ${cohortText}`;
			return n >= (cohortEpisodes ?? 1) ? 'ok' : `fell from ${cohortText} to ${text}`;
		};
		await expect.poll(verdict, { message: `Episodes with "Every episode loaded" (cohort: ${cohortText})` }).toBe('ok');
		await expect.soft(episodesFigure, 'every-episode episodes = the measure').toHaveText(disclosed(node.missing.all.episodes));
		expect(node.missing.all.episodes, 'on the Node engine too').toBeGreaterThanOrEqual(node.missing.cohort.episodes);

		await cohortScope.check();
		await expect(episodesFigure, 'back to the cohort').toHaveText(cohortText);
	});
});
