import { expect, type Page } from '@playwright/test';

/**
 * Wait until the app says its workspace is ready (`<html data-workspace="ready">`: DuckDB started
 * and the data loaded). Fails at once, with the page's visible text, if it becomes `error`.
 */
export async function waitForWorkspace(page: Page, timeout = 60_000): Promise<void> {
	const handle = await page
		.waitForFunction(
			() => {
				const s = document.documentElement.dataset.workspace;
				return s === 'ready' || s === 'error' ? s : false;
			},
			undefined,
			{ timeout, polling: 100 }
		)
		.catch(async (err: Error) => {
			const state = await page.evaluate(() => document.documentElement.dataset.workspace ?? '(unset)').catch(() => '(unknown)');
			throw new Error(`Workspace not ready after ${timeout} ms (html[data-workspace] = ${state}).\n${err.message}`);
		});
	const state = await handle.jsonValue();
	if (state === 'error') {
		const text = (await page.locator('body').innerText().catch(() => '')).trim();
		throw new Error(`Workspace failed to load (html[data-workspace="error"]). The page shows:\n${text || '(no visible text)'}`);
	}
}

/**
 * Go to the Data page and wait until the workspace has been saved in this browser since `since`
 * (or at all), so a reload finds the latest change.
 */
export async function waitForSave(page: Page, since = ''): Promise<void> {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data', exact: true }).click();
	const savedAt = page.getByTestId('saved-at');
	await expect(savedAt).not.toHaveAttribute('data-saved-at', since, { timeout: 20_000 });
	await expect(savedAt).not.toHaveText(/—|Saving/);
}
