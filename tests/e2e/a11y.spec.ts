/**
 * Accessibility (issue 7): axe-core on every page in the main navigation (found at run time, so a
 * new page is checked too), on the Summary with its trend table open and on the Import page's
 * states (the mapping step, the rejected rows), failing on any serious or critical violation
 * (each one printed with its id, impact, help and target nodes); and keyboard-only
 * checks: Tab reaches the navigation, the file picker (with a visible focus), the period select
 * and the sortable table headers, and Enter on a sort button sorts.
 *
 * axe-core is read from node_modules and evaluated in the page through the DevTools protocol
 * (page.evaluate), which the page's Content-Security-Policy does not govern: an injected
 * <script> would be refused by it, as it should be. Nothing is fetched from anywhere.
 */
import { test, expect } from './support/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './support/expected';
import { waitForWorkspace } from './support/workspace';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const HEALTH_LOG = path.join(REPO_ROOT, 'data-samples/northbrook/health-exploitation-log.csv');

interface AxeNode {
	target: unknown[];
	html: string;
	failureSummary?: string;
}
interface AxeViolation {
	id: string;
	impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
	help: string;
	helpUrl: string;
	nodes: AxeNode[];
}

/** Run axe on the page as it is now; attach the full result; fail on serious or critical. */
async function expectNoSeriousViolations(page: Page, testInfo: TestInfo, label: string, { soft = false } = {}) {
	await page.evaluate(AXE_SOURCE);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
		const result = await axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
			resultTypes: ['violations']
		});
		return result.violations;
	}) as AxeViolation[];
	await testInfo.attach(`axe ${label}`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
	const describe = (v: AxeViolation) =>
		`[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
		v.nodes
			.map((n) => `    - ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replaceAll('\n', '\n      ')}`)
			.join('\n');
	const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
	if (minor.length) {
		testInfo.annotations.push({ type: `axe ${label}: minor/moderate`, description: minor.map((v) => `${v.impact} ${v.id}`).join(', ') });
		console.log(`axe ${label}: minor or moderate (not failing):\n${minor.map(describe).join('\n')}`);
	}
	const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	(soft ? expect.soft : expect)(
		serious.map((v) => `${v.impact} ${v.id}`),
		`axe ${label}: serious or critical violations\n${serious.map(describe).join('\n')}`
	).toEqual([]);
}

/** Wait until the page stops changing (queries answered, charts drawn): no DOM mutation for 750 ms. */
async function settle(page: Page, quietMs = 750, maxMs = 20_000) {
	await page.evaluate(
		([quiet, max]) =>
			new Promise<void>((resolve) => {
				let timer = setTimeout(done, quiet);
				const observer = new MutationObserver(() => {
					clearTimeout(timer);
					timer = setTimeout(done, quiet);
				});
				const giveUp = setTimeout(done, max);
				function done() {
					observer.disconnect();
					clearTimeout(giveUp);
					resolve();
				}
				observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
			}),
		[quietMs, maxMs]
	);
}

/** What has the keyboard focus: a short description for messages. */
function focusedDescription(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return '(body)';
		const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
		return `<${el.tagName.toLowerCase()}${el.getAttribute('type') ? ` type=${el.getAttribute('type')}` : ''}> ${name}`;
	});
}

/** Press Tab until `target` has the focus (at most `max` times); fail with the path taken. */
async function tabTo(page: Page, target: Locator, what: string, max = 60) {
	const path: string[] = [];
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) return;
		path.push(await focusedDescription(page));
	}
	throw new Error(`Tab never reached ${what} in ${max} presses. Focus went:\n  ${path.join('\n  ')}`);
}

/** The focus indicator drawn for `el` (or for the nearest ancestor that draws it for it). */
async function focusIndicator(el: Locator): Promise<string> {
	return el.evaluate((node) => {
		for (let n: Element | null = node; n; n = n.parentElement) {
			const s = getComputedStyle(n);
			if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return `outline ${s.outlineWidth} ${s.outlineStyle} on <${n.tagName.toLowerCase()}>`;
			if (s.boxShadow && s.boxShadow !== 'none') return `box-shadow on <${n.tagName.toLowerCase()}>`;
			if (n !== node && !n.matches(':focus-within')) break;
		}
		return '';
	});
}

test.describe('axe-core: no serious or critical violations', () => {
	test('Summary', async ({ page }, testInfo) => {
		await page.goto('/');
		await waitForWorkspace(page);
		await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
		await expectNoSeriousViolations(page, testInfo, 'Summary');
		// The table behind the chart, opened.
		await page.getByText('Show these figures as a table').click();
		await expect(page.getByTestId('trend-table')).toBeVisible();
		await expectNoSeriousViolations(page, testInfo, 'Summary with the trend table open');
	});

	test('every page in the navigation', async ({ page }, testInfo) => {
		test.setTimeout(600_000);
		await page.goto('/');
		await waitForWorkspace(page);
		const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
		const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).filter(Boolean);
		expect(hrefs, 'the main navigation lists the pages').toEqual(expect.arrayContaining(['/', '/import', '/rules']));
		testInfo.annotations.push({ type: 'pages checked', description: hrefs.join(' ') });
		for (const href of hrefs) {
			await test.step(href, async () => {
				// As a reader moves between pages: in the app, so DuckDB is not started again each time.
				await page.getByRole('navigation', { name: 'Main' }).locator(`a[href="${href}"]`).click();
				await expect(page).toHaveURL(new RegExp(`${href === '/' ? '/' : href}$`));
				await waitForWorkspace(page);
				await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
				await settle(page);
				await expectNoSeriousViolations(page, testInfo, `page ${href}`, { soft: true });
			});
		}
	});

	test('Import: empty, the mapping step, and rejected rows', async ({ page }, testInfo) => {
		test.setTimeout(240_000);
		await page.goto('/import');
		await waitForWorkspace(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import files');
		await expectNoSeriousViolations(page, testInfo, 'Import');

		const entries = page.getByTestId('file-entry');
		await test.step('the mapping step (the health log needs a mapping)', async () => {
			// A bad row appended: new bytes, so never refused as the sample already loaded.
			const csv = readFileSync(HEALTH_LOG, 'utf8').replace(/\n*$/, '\n') + 'NB-A11Y0001,31/02/2024,Emerging,Sexual exploitation,Female,13,A,X01000008,N,N,N,N,Y\n';
			await page.getByTestId('file-input').setInputFiles([{ name: 'a11y-health-log.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') }]);
			const entry = entries.filter({ hasText: 'a11y-health-log.csv' });
			await expect.poll(() => entry.getAttribute('data-status'), { timeout: 90_000 }).toBe('needs-mapping');
			await expect(entry.locator('fieldset.values').first()).toBeVisible();
			await expect(entry.getByText('Reading the values…')).toHaveCount(0);
			await expectNoSeriousViolations(page, testInfo, 'Import, mapping step');
		});

		await test.step('rejected rows open', async () => {
			const csv = ['Month,Area Code,Location Type,Count,Agency', '2026-01,X01000001,Private address,3,Police', '2026-01,X01000002,Spaceport,2,Police'].join('\n') + '\n';
			await page.getByTestId('file-input').setInputFiles([{ name: 'a11y-locations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') }]);
			const entry = entries.filter({ hasText: 'a11y-locations.csv' });
			await expect.poll(() => entry.getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
			await entry.getByRole('button', { name: 'View rejected rows' }).click();
			await expect(page.getByTestId('rejected-rows')).toBeVisible();
			await expectNoSeriousViolations(page, testInfo, 'Import, rejected rows');
		});
	});
});

test.describe('keyboard only', () => {
	test('Import: Tab reaches the navigation and the file picker, with a visible focus', async ({ page }) => {
		await page.goto('/import');
		await waitForWorkspace(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import files');
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

		const nav = page.getByRole('navigation', { name: 'Main' });
		// From the top: the skip link first.
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
		for (const name of ['Summary', 'Import', 'Validation rules']) {
			const link = nav.getByRole('link', { name, exact: true });
			await tabTo(page, link, `the "${name}" link`);
			expect(await focusIndicator(link), `visible focus on the "${name}" link`).not.toBe('');
		}
		const picker = page.getByTestId('file-input');
		await tabTo(page, picker, 'the file picker');
		const indicator = await focusIndicator(picker);
		expect(indicator, 'visible focus on the file picker').not.toBe('');
		// The label wrapping the (visually hidden) input is what draws it: it must be on screen.
		await expect(page.locator('label.picker')).toBeVisible();
	});

	test('Summary: Tab reaches the period select and the sort buttons; Enter sorts', async ({ page }) => {
		await page.goto('/');
		await waitForWorkspace(page);
		await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

		const select = page.getByRole('combobox', { name: 'Period', exact: true });
		await tabTo(page, select, 'the period select');
		expect(await focusIndicator(select), 'visible focus on the period select').not.toBe('');

		// The sortable table of files behind the figures (the trend table sits in a closed <details>).
		const table = page.getByTestId('sources-table');
		const header = table.locator('thead th[aria-sort]').first();
		await expect(header, 'a sortable column header').toHaveCount(1);
		const button = header.getByRole('button');
		await tabTo(page, button, 'a sort button in a table header', 120);
		expect(await focusIndicator(button), 'visible focus on the sort button').not.toBe('');
		await expect(header).toHaveAttribute('aria-sort', 'none');
		await page.keyboard.press('Enter');
		await expect(header).toHaveAttribute('aria-sort', 'ascending');
		await page.keyboard.press('Enter');
		await expect(header).toHaveAttribute('aria-sort', 'descending');
	});

	test('from import to printed report, keyboard only', async ({ page }) => {
		test.setTimeout(180_000);
		await page.goto('/');
		await waitForWorkspace(page);
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		const nav = page.getByRole('navigation', { name: 'Main' });

		// Import: the navigation link, then the file picker opened with Space (the file itself comes
		// through the browser's own dialog, which a test answers for the user).
		await tabTo(page, nav.getByRole('link', { name: 'Import', exact: true }), 'the "Import" link');
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import files');
		const picker = page.getByTestId('file-input');
		await tabTo(page, picker, 'the file picker');
		const chooser = page.waitForEvent('filechooser');
		await page.keyboard.press('Space');
		await (await chooser).setFiles([{ name: 'keyboard-locations.csv', mimeType: 'text/csv', buffer: Buffer.from('Month,Area Code,Location Type,Count,Agency\n2026-05,X01000001,Private address,12,Voluntary sector\n', 'utf8') }]);
		await expect(page.getByTestId('file-entry')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

		// Report: the link, a commentary typed in, then Print.
		await tabTo(page, nav.getByRole('link', { name: 'Report', exact: true }), 'the "Report" link', 120);
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('report-document')).toBeVisible({ timeout: 60_000 });
		const commentary = page.getByLabel('Commentary: Headline figures');
		await tabTo(page, commentary, 'the first commentary box', 120);
		expect(await focusIndicator(commentary), 'visible focus on the commentary box').not.toBe('');
		await page.keyboard.type('Typed without a mouse.');
		await expect(page.getByTestId('commentary-headlines')).toHaveText('Typed without a mouse.');
		// The browser's print dialog cannot be driven in a test: record that Print asked for it.
		await page.evaluate(() => {
			(window as unknown as { printed: number }).printed = 0;
			window.print = () => void ((window as unknown as { printed: number }).printed += 1);
		});
		await page.keyboard.press('Shift+Tab');
		const print = page.getByRole('button', { name: 'Print or save as PDF' });
		for (let i = 0; i < 60 && !(await print.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
		await expect(print).toBeFocused();
		expect(await focusIndicator(print), 'visible focus on Print').not.toBe('');
		await page.keyboard.press('Enter');
		expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
	});
});
