import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the built app (vite preview), in Debian's Chromium.
 * Never `npx playwright install`: set CHROMIUM_PATH or use /usr/bin/chromium.
 */
// E2E_PORT lets a second checkout of the repo run its own end-to-end tests at the same time.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: 'list',
	// DuckDB-wasm start-up plus sample load on a busy 2-core machine.
	timeout: 120_000,
	expect: { timeout: 15_000 },
	use: {
		baseURL: BASE_URL,
		timezoneId: 'Europe/London',
		locale: 'en-GB',
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--no-first-run',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--enable-unsafe-swiftshader'
					]
				}
			}
		}
	],
	webServer: {
		command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
		url: BASE_URL,
		reuseExistingServer: false,
		timeout: 180_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
