/**
 * Self-test of the guard in ./support/guard.ts. It runs the guard on a separate browser context
 * (so the automatic fixture on this test's own context stays clean) and asserts that it records
 * what it must: off-origin requests from the page and from a worker, page errors and console
 * errors; and that it lets data:, blob: and same-origin requests through. If detection broke,
 * these assertions fail.
 */
import { test, expect } from './support/test';
import { guardProblems, isOffOrigin, startGuard } from './support/guard';

test('the guard records off-origin requests, page errors and console errors', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL });
	const guard = startGuard(context, baseURL!);
	try {
		const page = await context.newPage();
		// A page at the app's origin that does not start the app: a static file it serves.
		await page.goto('/robots.txt');
		expect(new URL(page.url()).origin).toBe(guard.appOrigin);
		expect(guard.offOriginUrls, 'the page load itself is same-origin').toEqual([]);

		await page.evaluate(async () => {
			await fetch('http://example.invalid/x').catch(() => {});
			await fetch('data:text/plain,allowed').catch(() => {});
			await fetch(URL.createObjectURL(new Blob(['allowed']))).catch(() => {});
			await fetch('/robots.txt?same-origin').catch(() => {});
		});
		// A dedicated worker (DuckDB-wasm runs in one) must be watched too.
		await page.evaluate(() => {
			const src = "fetch('http://worker.example.invalid/w').catch(() => {}).finally(() => postMessage('done'))";
			return new Promise<void>((resolve) => {
				const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
				w.onmessage = () => resolve();
			});
		});
		await expect.poll(() => [...guard.offOriginUrls].sort()).toEqual(['http://example.invalid/x', 'http://worker.example.invalid/w']);

		await page.evaluate(() => {
			console.error('guard self-test console error');
			setTimeout(() => {
				throw new Error('guard self-test page error');
			});
		});
		await expect.poll(() => guard.pageErrors.join('\n')).toContain('guard self-test page error');
		await expect.poll(() => guard.consoleErrors.join('\n')).toContain('guard self-test console error');

		const problems = guardProblems(guard).join('\n');
		expect(problems).toContain('Requests left the device');
		expect(problems).toContain('http://example.invalid/x');
		expect(problems).toContain('guard self-test page error');
		expect(problems).toContain('guard self-test console error');
	} finally {
		guard.stop();
		await context.close();
	}
});

test('isOffOrigin', () => {
	const app = 'http://127.0.0.1:4173';
	expect(isOffOrigin('http://127.0.0.1:4173/_app/x.js', app)).toBe(false);
	expect(isOffOrigin('data:text/plain,x', app)).toBe(false);
	expect(isOffOrigin('blob:http://127.0.0.1:4173/1234', app)).toBe(false);
	expect(isOffOrigin('http://localhost:4173/', app)).toBe(true);
	expect(isOffOrigin('http://127.0.0.1:4174/', app)).toBe(true);
	expect(isOffOrigin('https://extensions.duckdb.org/v1/x.wasm', app)).toBe(true);
});
