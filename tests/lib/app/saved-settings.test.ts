import { describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import { cleanSettings, DEFAULT_SETTINGS, loadSettings, saveSettings } from '$lib/app/saved-settings';
import { restoreSnapshot, takeSnapshot } from '$lib/db/snapshot';

describe('saved settings', () => {
	it('are kept in the workspace and travel with its snapshot', async () => {
		const engine = await createNodeEngine();
		expect(await loadSettings(engine)).toEqual(DEFAULT_SETTINGS);
		const mine = { threshold: 10, periodScheme: 'calendar' as const, basemapStyleUrl: 'https://tiles.example.gov.uk/style.json', maxFileMb: 200 };
		await saveSettings(engine, mine);
		expect(await loadSettings(engine)).toEqual(mine);
		const copy = await createNodeEngine();
		await restoreSnapshot(copy, await takeSnapshot(engine));
		expect(await loadSettings(copy)).toEqual(mine);
		await engine.close();
		await copy.close();
	});

	it('fall back to the defaults for anything unknown or broken', () => {
		expect(cleanSettings(null)).toEqual(DEFAULT_SETTINGS);
		expect(cleanSettings({ threshold: 1, periodScheme: 'lunar', basemapStyleUrl: 7, maxFileMb: 99_999 })).toEqual({ ...DEFAULT_SETTINGS, maxFileMb: 1536 });
		expect(cleanSettings({ threshold: 8.5 }).threshold).toBe(DEFAULT_SETTINGS.threshold);
		expect(cleanSettings({ threshold: 8 }).threshold).toBe(8);
	});
});
