/**
 * The `test` every spec imports: Playwright's test with an automatic `guard` fixture. Each test's
 * browser context is watched from its creation; when the test ends the fixture fails it if any
 * request left the app's origin, or any page error or console error occurred.
 *
 *   import { test, expect } from './support/test';
 */
import { test as base, expect } from '@playwright/test';
import { guardProblems, startGuard, type Guard } from './guard';

export const test = base.extend<{ guard: Guard }>({
	guard: [
		async ({ context, baseURL }, use, testInfo) => {
			if (!baseURL) throw new Error('The guard needs use.baseURL (the app origin) in playwright.config.ts');
			const guard = startGuard(context, baseURL);
			await use(guard);
			guard.stop();
			const problems = guardProblems(guard);
			if (problems.length) {
				await testInfo.attach('guard', { body: problems.join('\n\n'), contentType: 'text/plain' });
			}
			expect(problems, problems.join('\n\n')).toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
