/**
 * The hotspot map (issue 5) with the sample partnership, in Chromium (WebGL on SwiftShader):
 *  1. the map draws: the canvas holds many colours, not a blank background; the table lists every
 *     ward (20) and, at small-area level, every small area (120); screenshots of both;
 *  2. hovering an area on the canvas shows its name and value as text, clicking it opens its
 *     panel with a monthly trend; Enter on a table row's button opens the panel too;
 *  3. analyst mode shows exact small counts (under the Restricted banner) where the board view
 *     says "fewer than 10";
 *  4. "Download map as PNG" downloads a real PNG (signature, header, size) and it is screenshotted;
 *  5. the Import page takes boundary files: the sample's wards again are "already imported", a
 *     file with no usable code property is refused with its rule code and advice;
 *  6. a file whose code property is called `zone_id` is refused (BND04), then loaded after choosing
 *     `zone_id` in the entry's form, and the Map page's table lists its areas; a ward's panel shows
 *     its profile against the partnership, a small area's says "profile by ward only".
 * Every test runs under the guard fixture (./support/test.ts): any request to another origin, page
 * error or console error fails it, so the map is proven to fetch nothing from anywhere.
 */
import { test, expect } from './support/test';
import type { Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './support/expected';
import { waitForWorkspace } from './support/workspace';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const SAMPLE_WARDS = 20;
const SAMPLE_SMALL_AREAS = 120;
/** A canvas with only the background (and perhaps outlines) has a handful of colours; a drawn choropleth many. */
const MIN_DISTINCT_COLOURS = 8;

async function screenshot(page: Page, name: string) {
	mkdirSync(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function openMap(page: Page, query = '') {
	await page.goto('/');
	await waitForWorkspace(page);
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
	await expect(page).toHaveURL((u) => u.pathname === '/map');
	if (query) await page.goto(`/map?${query}`);
	await waitForMapDrawn(page);
}

/** The map has loaded its style and drawn all it was given (Map.svelte's data-idle), and the summary is not "Updating". */
async function waitForMapDrawn(page: Page) {
	await expect(page.getByTestId('map')).toHaveAttribute('data-idle', 'true', { timeout: 60_000 });
	await expect(page.getByTestId('map-summary')).not.toContainText('Updating');
	await expect(page.getByTestId('map')).toHaveAttribute('data-idle', 'true');
}

/** Distinct colours among the map canvas's pixels (sampled), read back through a 2D canvas. */
function distinctColours(page: Page): Promise<number> {
	return page.evaluate(() => {
		const map = (window as unknown as { __cseMap: { getCanvas(): HTMLCanvasElement } }).__cseMap;
		const source = map.getCanvas();
		const copy = document.createElement('canvas');
		copy.width = source.width;
		copy.height = source.height;
		const ctx = copy.getContext('2d')!;
		ctx.drawImage(source, 0, 0);
		const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
		const seen = new Set<number>();
		for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
		return seen.size;
	});
}

/**
 * A point on the canvas inside an area that is drawn, found by asking the map which feature of
 * the fill layer is under each point of a grid; with the area's code and name.
 */
function findAreaPoint(page: Page): Promise<{ x: number; y: number; code: string; name: string } | null> {
	return page.evaluate(() => {
		type Feature = { properties: { code: string; name: string; hatched: boolean } };
		const map = (window as unknown as {
			__cseMap: { getCanvas(): HTMLCanvasElement; queryRenderedFeatures(p: [number, number], o: object): Feature[] };
		}).__cseMap;
		const { clientWidth: w, clientHeight: h } = map.getCanvas();
		// Start near the middle: areas there are whole, away from the navigation buttons.
		for (let r = 0; r < Math.min(w, h) / 2; r += 12) {
			for (let a = 0; a < 360; a += 30) {
				const x = Math.round(w / 2 + r * Math.cos((a * Math.PI) / 180));
				const y = Math.round(h / 2 + r * Math.sin((a * Math.PI) / 180));
				const [f] = map.queryRenderedFeatures([x, y], { layers: ['area-fill'] });
				if (f && !f.properties.hatched) return { x, y, code: f.properties.code, name: f.properties.name };
			}
		}
		return null;
	});
}

function tableRows(page: Page) {
	return page.getByTestId('map-areas-table').locator('tbody tr');
}

test('the map draws the wards and the small areas, and the table lists every area', async ({ page }) => {
	await openMap(page);
	await expect(page.locator('h1')).toHaveText('Hotspot map');
	await expect(tableRows(page)).toHaveCount(SAMPLE_WARDS);
	expect(await distinctColours(page)).toBeGreaterThanOrEqual(MIN_DISTINCT_COLOURS);
	await expect(page.getByTestId('map-legend')).toContainText('Hot spot, 99% confidence (solid outline)');
	await expect(page.getByTestId('map-attribution')).toContainText('wards.geojson');
	await screenshot(page, 'map-wards');

	await page.getByTestId('map-level').selectOption('small_area');
	await expect(page).toHaveURL(/level=small_area/);
	await expect(tableRows(page)).toHaveCount(SAMPLE_SMALL_AREAS);
	await waitForMapDrawn(page);
	// Small areas mostly hold fewer than 10: the legend says so and the table words it.
	await expect(page.getByTestId('map-legend')).toContainText('fewer than 10');
	await expect(page.getByTestId('map-areas-table').locator('td[data-col="count"]', { hasText: 'fewer than 10' }).first()).toBeVisible();
	expect(await distinctColours(page)).toBeGreaterThanOrEqual(MIN_DISTINCT_COLOURS);
	await screenshot(page, 'map-small-areas');
});

test('hovering an area names it, clicking opens its panel, and Enter on a table row does too', async ({ page }) => {
	await openMap(page);
	const point = await findAreaPoint(page);
	expect(point, 'an area drawn on the canvas').not.toBeNull();
	// Mouse positions are in the viewport: bring the whole map into it first.
	await page.getByTestId('map').scrollIntoViewIfNeeded();
	const box = (await page.getByTestId('map').boundingBox())!;
	await page.mouse.move(box.x + point!.x, box.y + point!.y);
	const tooltip = page.getByTestId('map-tooltip');
	await expect(tooltip).toContainText(`${point!.name}: `);
	await expect(tooltip).toContainText(/children/);
	await page.getByTestId('map').screenshot({ path: path.join(SCREENSHOTS, 'map-hover.png') });
	await page.mouse.click(box.x + point!.x, box.y + point!.y);
	const panel = page.getByTestId('area-panel');
	await expect(panel.getByRole('heading', { level: 2 })).toHaveText(point!.name);
	await expect(panel).toContainText(point!.code);
	await expect(panel).toContainText('Compared with the whole partnership');
	// The ward's profile against the partnership: children by age band and by sex, as shares.
	const profile = panel.getByTestId('area-profile');
	await expect(profile.getByTestId('area-profile-age').locator('tbody tr')).toHaveCount(5, { timeout: 60_000 });
	await expect(profile.getByTestId('area-profile-sex').locator('tbody tr')).toHaveCount(4);
	await expect(profile.getByTestId('area-profile-age').getByRole('columnheader', { name: 'Partnership share' })).toBeVisible();
	await expect(profile.getByTestId('area-profile-age').locator('tbody td').last()).toHaveText(/^(\d+%|–)$/);
	await expect(profile).toContainText('children at risk with their home here');
	// The panel scrolls inside its overlay: bring the profile to its top and picture the overlay.
	await profile.evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await page.locator('.panel-overlay').screenshot({ path: path.join(SCREENSHOTS, 'map-area-profile.png') });
	// The monthly trend arrives (12 months of counts) with its table.
	await expect(panel.getByText('Months as a table')).toBeVisible({ timeout: 60_000 });
	await panel.getByText('Months as a table').click();
	await expect(panel.getByTestId('area-trend-table').locator('tbody tr')).toHaveCount(12);
	await screenshot(page, 'map-area-panel');

	// Keyboard: a row's button, then Enter.
	const other = tableRows(page).nth(3);
	const name = (await other.locator('td').first().innerText()).trim();
	expect(name).not.toBe(point!.name);
	await other.getByRole('button').focus();
	await page.keyboard.press('Enter');
	await expect(panel.getByRole('heading', { level: 2 })).toHaveText(name);
	await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
});

test('analyst mode shows exact small counts under the Restricted banner; otherwise "fewer than 10"', async ({ page }) => {
	await openMap(page, 'level=small_area');
	await expect(tableRows(page)).toHaveCount(SAMPLE_SMALL_AREAS);
	const counts = page.getByTestId('map-areas-table').locator('td[data-col="count"]');
	const before = await counts.allInnerTexts();
	const hidden = before.filter((t) => t.trim() === 'fewer than 10').length;
	expect(hidden).toBeGreaterThan(0);
	await expect(page.getByTestId('restricted-banner')).toHaveCount(0);
	await page.getByTestId('analyst-mode').check();
	await expect(page.getByTestId('restricted-banner')).toBeVisible();
	await expect(counts.filter({ hasText: /^\d+ \(fewer than 10\)$/ })).toHaveCount(hidden);
	await expect(counts.filter({ hasText: /^fewer than 10$/ })).toHaveCount(0);

	// A small area's panel says its profile is by ward only.
	await tableRows(page).first().getByRole('button').click();
	await expect(page.getByTestId('area-profile')).toContainText('Profile by ward only');
	await expect(page.getByTestId('area-profile').locator('table')).toHaveCount(0);
});

test('Play steps through the periods and Pause stops it; one month can be chosen', async ({ page }) => {
	await openMap(page);
	const shown = () => page.getByTestId('period-select').inputValue();
	const latest = await shown();
	const play = page.getByTestId('map-play');
	await play.click();
	await expect(play).toHaveText('Pause');
	// Playing from the latest period starts again from the earliest, then moves forward.
	await expect.poll(shown, { timeout: 30_000 }).not.toBe(latest);
	const first = await shown();
	await expect.poll(shown, { timeout: 30_000 }).not.toBe(first);
	await play.click();
	await expect(play).toHaveText(/^Play through periods/);

	await page.getByTestId('map-time-month').check();
	await expect(page).toHaveURL(/time=month/);
	await page.getByTestId('map-month').selectOption('2026-01');
	await expect(page.getByRole('heading', { name: /Jan 2026, by ward/ })).toBeVisible();
	await waitForMapDrawn(page);
	await expect(tableRows(page)).toHaveCount(SAMPLE_WARDS);
});

test('the map downloads as a PNG with its legend and notes', async ({ page }) => {
	await openMap(page);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export-png').click()]);
	expect(download.suggestedFilename()).toMatch(/^map-concerns-ward-\d{4}-\d{2}\.png$/);
	const file = path.join(SCREENSHOTS, 'map-export.png');
	mkdirSync(SCREENSHOTS, { recursive: true });
	await download.saveAs(file);
	const bytes = readFileSync(file);
	// PNG signature, then the IHDR chunk with the width and height.
	expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
	const width = bytes.readUInt32BE(16);
	const height = bytes.readUInt32BE(20);
	const mapBox = (await page.getByTestId('map').boundingBox())!;
	// Twice the map's size plus the legend column and the text around it.
	expect(width).toBeGreaterThan(mapBox.width * 2);
	expect(height).toBeGreaterThan(mapBox.height * 2);
	// A drawn image compresses far less than a blank one of its size would.
	expect(bytes.length).toBeGreaterThan(50_000);
});

test('the Import page loads boundary files and refuses a bad one with its rule', async ({ page }) => {
	await page.goto('/');
	await waitForWorkspace(page);
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import', exact: true }).click();
	const input = page.getByTestId('file-input');
	await input.setInputFiles(path.join(REPO_ROOT, 'data-samples/northbrook/wards.geojson'));
	const wards = page.getByTestId('file-entry').filter({ hasText: 'wards.geojson' });
	await expect(wards).toHaveAttribute('data-status', 'duplicate');
	await input.setInputFiles({
		name: 'no-codes.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify({
			type: 'FeatureCollection',
			features: [{ type: 'Feature', properties: { colour: 'red' }, geometry: { type: 'Polygon', coordinates: [[[0, 50], [0.1, 50], [0.1, 50.1], [0, 50]]] } }]
		}))
	});
	const bad = page.getByTestId('file-entry').filter({ hasText: 'no-codes.geojson' });
	await expect(bad).toHaveAttribute('data-status', 'failed');
	await expect(bad.getByRole('alert')).toContainText(/\(BND\d\d\)/);
	await expect(bad.getByRole('alert')).toContainText('What to do:');
	await screenshot(page, 'import-boundaries');
});

test('a boundary file whose code property is not recognised is refused (BND04), then loaded with the properties chosen', async ({ page }) => {
	await page.goto('/');
	await waitForWorkspace(page);
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import', exact: true }).click();
	// Six of the sample's wards, their code and name under names nothing recognises.
	const wards = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data-samples/northbrook/wards.geojson'), 'utf8')) as {
		features: { properties: Record<string, string> }[];
	};
	const chosen = wards.features.slice(0, 6).map((f) => ({
		...f,
		properties: { zone_id: f.properties.WD24CD, zone_name: f.properties.WD24NM, colour: 'red' }
	}));
	await page.getByTestId('file-input').setInputFiles({
		name: 'zones.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: chosen }))
	});
	const entry = page.getByTestId('file-entry').filter({ hasText: 'zones.geojson' });
	await expect(entry).toHaveAttribute('data-status', 'failed');
	await expect(entry.getByRole('alert')).toContainText('(BND04)');
	await expect(entry.getByRole('alert')).toContainText('zone_id');

	// The form: the file's properties, with sample values, as labelled selects; keyboard only.
	const form = entry.getByTestId('boundary-form');
	await expect(form).toBeVisible();
	const code = form.getByLabel('Area code');
	await expect(code.locator('option', { hasText: `zone_id (e.g. ${chosen[0].properties.zone_id}` })).toHaveCount(1);
	await expect(form.getByRole('button', { name: 'Load the boundaries with these properties' })).toBeDisabled();
	await code.focus();
	await code.selectOption('zone_id');
	await form.getByLabel('Area name (optional)').selectOption('zone_name');
	// The codes say these are wards, so the level is not asked.
	await expect(form.getByTestId('boundary-level-note')).toContainText('wards, from the codes');
	await expect(form.getByLabel('Level of the areas')).toHaveCount(0);
	await screenshot(page, 'import-boundary-choose');
	await form.getByRole('button', { name: 'Load the boundaries with these properties' }).focus();
	await page.keyboard.press('Enter');
	await expect(entry).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
	await expect(entry).toContainText('Boundaries: 6 wards');
	await expect(entry).toContainText('codes and names from zone_id and zone_name');
	await expect(entry.getByTestId('boundary-change')).toBeVisible();
	await screenshot(page, 'import-boundary-chosen');

	// The Map page draws these six wards, and its table lists them.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map', exact: true }).click();
	await waitForMapDrawn(page);
	await expect(tableRows(page)).toHaveCount(chosen.length);
	for (const f of chosen) {
		await expect(page.getByTestId('map-areas-table').locator('td', { hasText: f.properties.zone_id })).toHaveCount(1);
	}
	await expect(page.getByTestId('map-attribution')).toContainText('zones.geojson (wards (zone_id))');
});
