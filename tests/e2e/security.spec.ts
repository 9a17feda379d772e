/**
 * Protection (issue 7): the Content-Security-Policy is served and enforced, and text from data
 * files is never rendered as HTML.
 *
 *  - The built page carries the CSP (a `<meta http-equiv>` tag: a static host sends no header),
 *    scripts and connections limited to the app's own origin.
 *  - A fetch to another origin from the page is refused by the browser (connect-src), before any
 *    request leaves: checked in a separate browser context with its own guard, so the automatic
 *    guard on this test's context stays strict.
 *  - A file whose cells (and name) hold HTML imports with those values shown as text on the Import
 *    page (the entry, the imports table, the rejected rows) and on the Summary; no element from the
 *    data exists and no handler from it ran.
 */
import { test, expect } from './support/test';
import type { BrowserContext, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './support/expected';
import { startGuard } from './support/guard';
import { waitForWorkspace } from './support/workspace';

/** The policy as directive name -> sources. */
function parseCsp(policy: string): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const part of policy.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) out.set(name.toLowerCase(), sources);
	}
	return out;
}

/** The policy in a page's `<meta http-equiv="content-security-policy">`, if any. */
function metaPolicy(html: string): string | undefined {
	const content = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
	return content?.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

/** Own origin only for everything; scripts only from the app or by hash/nonce; no plugins. */
function expectStrictPolicy(policy: string, where: string) {
	const csp = parseCsp(policy);
	expect(csp.get('default-src'), `${where} default-src`).toEqual(["'self'"]);
	expect(csp.get('connect-src'), `${where} connect-src`).toEqual(["'self'"]);
	expect(csp.get('worker-src'), `${where} worker-src`).toEqual(["'self'"]);
	expect(csp.get('object-src'), `${where} object-src`).toEqual(["'none'"]);
	expect(csp.get('base-uri'), `${where} base-uri`).toEqual(["'self'"]);
	expect(csp.get('form-action'), `${where} form-action`).toEqual(["'self'"]);
	const scriptSrc = csp.get('script-src') ?? [];
	expect(scriptSrc, `${where} script-src`).toContain("'self'");
	// No way to run injected script: no 'unsafe-inline', no eval; besides 'self', only
	// WebAssembly compilation and SvelteKit's hash (static build) or nonce (server-rendered shell).
	for (const s of scriptSrc)
		expect(s, `${where} script-src source`).toMatch(/^('self'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/=]+'|'nonce-[A-Za-z0-9+/=]+')$/);
	// Nothing anywhere names another host, a whole scheme (other than blob: images), or unsafe-*
	// other than 'unsafe-hashes' (which allows only the hashed style attribute).
	for (const [name, sources] of csp)
		for (const s of sources) {
			if (name === 'img-src' && s === 'blob:') continue; // the PNG export paints a blob: SVG
			if (s === "'unsafe-hashes'") expect(name, `${where}: 'unsafe-hashes' only for style attributes`).toBe('style-src-attr');
			expect(s, `${where} ${name}`).toMatch(/^('self'|'none'|'wasm-unsafe-eval'|'unsafe-hashes'|'(sha256|nonce)-[A-Za-z0-9+/=]+')$/);
		}
}

/**
 * Serve the app the way a static host serves build/: the page is build/index.html as written by
 * adapter-static (the policy in its `<meta http-equiv>` tag, the bootstrap script allowed by its
 * hash), with no header. `vite preview`, which the other tests use, renders the same shell with a
 * header and a nonce instead; the assets are the same files.
 */
async function serveLikeStaticHost(context: BrowserContext, baseURL: string) {
	const html = readFileSync(BUILT_INDEX, 'utf8');
	await context.route(
		(url) => url.origin === new URL(baseURL).origin,
		async (route) => {
			if (route.request().resourceType() !== 'document') return route.fallback();
			await route.fulfill({ status: 200, contentType: 'text/html', body: html });
		}
	);
}

const BUILT_INDEX = path.join(REPO_ROOT, 'build/index.html');

test.describe('Content-Security-Policy', () => {
	test('the served page carries a CSP limiting scripts and connections to the app', async ({ request }) => {
		for (const route of ['/', '/import', '/rules']) {
			const res = await request.get(route);
			expect(res.status(), `${route} is served`).toBe(200);
			const policy = res.headers()['content-security-policy'] ?? metaPolicy(await res.text());
			expect(policy, `${route}: a Content-Security-Policy header or meta tag`).toBeTruthy();
			expectStrictPolicy(policy!, route);
		}
	});

	test('the static build has the policy in a meta tag, with the bootstrap script hashed', async () => {
		const html = readFileSync(BUILT_INDEX, 'utf8');
		const policy = metaPolicy(html);
		expect(policy, `${BUILT_INDEX}: a <meta http-equiv="content-security-policy">`).toBeTruthy();
		expectStrictPolicy(policy!, 'build/index.html');
		// Every inline script is allowed by its hash, and only by its hash (no nonce in a static file).
		const scriptSrc = parseCsp(policy!).get('script-src')!;
		const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
		expect(inline.length, 'the inline bootstrap script').toBeGreaterThan(0);
		for (const body of inline) expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
		expect(scriptSrc.some((s) => s.startsWith("'nonce-")), 'no nonce in a static page').toBe(false);
	});

	test('the static build runs under its meta-tag policy with no violation', async ({ page, context, baseURL }) => {
		// The guard on this context fails the test on any CSP violation (a console error).
		await serveLikeStaticHost(context, baseURL!);
		await page.goto('/');
		await expect(page.locator('meta[http-equiv="content-security-policy"]')).toHaveAttribute('content', /default-src 'self'/);
		await waitForWorkspace(page); // DuckDB's worker and wasm started under the policy
		await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
		// Plot's <style> in the chart is allowed by its hash: its rule applies (display: block).
		await expect(page.getByTestId('trend-chart').locator('svg').first()).toHaveCSS('display', 'block');
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import files');
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Validation rules' }).click();
		await expect(page).toHaveURL(/\/rules$/);
	});

	test('exporting a chart as PNG works under the policy (img-src blob:)', async ({ page }) => {
		// The one relaxation for images: the PNG export paints the chart's SVG from a blob: URL.
		await page.goto('/trends');
		await waitForWorkspace(page);
		const png = page.getByRole('button', { name: 'PNG', exact: true }).first();
		await expect(png).toBeEnabled();
		const download = page.waitForEvent('download');
		await png.click();
		expect((await download).suggestedFilename()).toMatch(/\.png$/);
		// A violation would be a console error, and the guard would fail this test.
	});

	for (const how of ['served by vite preview (header)', 'as a static host serves it (meta tag)'] as const) {
		test(`a fetch from the page to another origin is blocked by connect-src, ${how}`, async ({ browser, baseURL }) => {
			// A context of its own, with its own guard: the refused fetch is logged by the browser as a
			// console error, which is what we expect here and would fail the automatic guard.
			const context = await browser.newContext({ baseURL });
			const guard = startGuard(context, baseURL!);
			const reachedNetwork: string[] = [];
			await context.route(
				(url) => url.origin !== new URL(baseURL!).origin,
				async (route) => {
					reachedNetwork.push(route.request().url());
					await route.abort();
				}
			);
			if (how.includes('static')) await serveLikeStaticHost(context, baseURL!);
			try {
				const page = await context.newPage();
				await page.goto('/');
				const result = await page.evaluate(async () => {
					const violations: { violatedDirective: string; effectiveDirective: string; blockedURI: string }[] = [];
					const seen = new Promise<void>((resolve) => {
						document.addEventListener('securitypolicyviolation', (e) => {
							if (!e.blockedURI.includes('example.com')) return;
							violations.push({ violatedDirective: e.violatedDirective, effectiveDirective: e.effectiveDirective, blockedURI: e.blockedURI });
							resolve();
						});
					});
					let fetchError: string | null = null;
					try {
						await fetch('https://example.com/x');
					} catch (err) {
						fetchError = String(err);
					}
					await Promise.race([seen, new Promise((r) => setTimeout(r, 5_000))]);
					return { fetchError, violations };
				});
				expect(result.fetchError, 'the fetch is rejected').toMatch(/TypeError/);
				expect(result.violations).toHaveLength(1);
				expect(result.violations[0].effectiveDirective).toBe('connect-src');
				expect(result.violations[0].violatedDirective).toMatch(/^connect-src/);
				expect(result.violations[0].blockedURI).toContain('https://example.com');
				// Refused by the browser before any request was made.
				expect(reachedNetwork, 'requests that reached the network layer').toEqual([]);
				expect(guard.offOriginUrls, 'off-origin requests seen by the guard').toEqual([]);
				await expect
					.poll(() => guard.consoleErrors.join('\n'), { message: 'the browser reports the refusal' })
					.toMatch(/example\.com[\s\S]*Content Security Policy[\s\S]*connect-src/);
				expect(guard.pageErrors).toEqual([]);
			} finally {
				guard.stop();
				await context.close();
			}
		});
	}
});

test.describe('data is never rendered as HTML', () => {
	const IMG = '<img src=x onerror="window.__xss=1">';
	const BOLD = '<b>bold</b>';
	const FILE_IMG = '<img src=x onerror="window.__xss=2">';
	const FILE = `xss ${FILE_IMG} locations.csv`;
	// The locations-of-concern template: recognised by its header, imported with no mapping step.
	// "<b>bold</b>" is not a location type, so that row is rejected and shown with its reasons.
	// (A quote not at the start of a cell is text, so the cells need no CSV quoting.)
	const CSV = [
		'Month,Area Code,Location Type,Count,Agency',
		`2026-01,X01000001,Private address,3,${IMG}`,
		`2026-01,X01000002,${BOLD},2,${IMG}`
	].join('\n') + '\n';

	/** Nothing from the data became an element, and no handler from it ran. */
	async function expectNoInjection(page: Page, where: string) {
		await expect(page.locator('img[src="x"]'), `${where}: <img> elements from the data`).toHaveCount(0);
		await expect(page.locator('b', { hasText: 'bold' }), `${where}: <b> elements from the data`).toHaveCount(0);
		expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `${where}: window.__xss`).toBeUndefined();
	}

	test('HTML in cells and file names appears as text on the Import page and the Summary', async ({ page }) => {
		await page.goto('/import');
		await waitForWorkspace(page);
		await page.getByTestId('file-input').setInputFiles([{ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') }]);

		const entry = page.getByTestId('file-entry');
		await expect(entry).toHaveCount(1);
		await expect
			.poll(() => entry.getAttribute('data-status'), { timeout: 90_000, message: 'the file imports' })
			.toMatch(/^(done|failed|cancelled|duplicate|needs-mapping)$/);
		expect(await entry.getAttribute('data-status'), `the entry shows:\n${await entry.innerText()}`).toBe('done');
		await expect(entry.getByTestId('read')).toHaveText('2');
		await expect(entry.getByTestId('loaded')).toHaveText('1');
		await expect(entry.getByTestId('rejected')).toHaveText('1');
		await expect(entry.locator('.name')).toHaveText(FILE);

		await test.step('imports table: the file name as text', async () => {
			const table = page.getByTestId('imports-table');
			await expect(table.getByRole('cell', { name: FILE, exact: true })).toHaveCount(1);
		});

		await test.step('rejected rows: the row and its reasons as text', async () => {
			await entry.getByRole('button', { name: 'View rejected rows' }).click();
			const panel = page.getByTestId('rejected-rows');
			await expect(panel).toBeVisible();
			await expect(panel.locator('tbody tr')).toHaveCount(1);
			await expect(panel.getByRole('heading')).toContainText(FILE);
			// The row is shown as CSV text: the agency cell may come back CSV-quoted (its quotes
			// doubled), but always as characters, never as markup.
			const raw = panel.locator('tbody tr td').nth(1);
			await expect(raw).toContainText(`2026-01,X01000002,${BOLD},2,`);
			await expect(raw).toHaveText(/<img src=x onerror="{1,2}window\.__xss=1"{1,2}>/);
			await expect(panel.getByText(BOLD, { exact: false }).first()).toBeVisible();
			// The reason names the unknown value, as text too.
			await expect(panel.locator('tbody tr td').nth(2)).toContainText(BOLD);
		});

		await test.step('the file name, with its markup, as text wherever it is shown', async () => {
			// At least the entry, the imports table and the rejected-rows heading (also the remove list).
			await expect.poll(() => page.getByText(FILE_IMG, { exact: false }).count()).toBeGreaterThanOrEqual(3);
		});

		await expectNoInjection(page, 'Import page');

		await test.step('Summary after the import', async () => {
			await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Summary' }).click();
			await expect(page).toHaveURL(/\/$/);
			await waitForWorkspace(page);
			const sources = page.getByTestId('sources-table');
			await expect(sources.getByRole('cell', { name: FILE, exact: true })).toHaveCount(1);
			await expect(page.getByText(FILE_IMG, { exact: false })).toHaveCount(1);
			await expectNoInjection(page, 'Summary');
		});
	});
});
