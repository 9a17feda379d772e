import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '$lib/db/engine';
import { createNodeEngine } from '$lib/db/node';
import { loadSamples } from '$lib/ingest/load-samples';
import { areaCounts, monthPeriod } from '$lib/measures/area-counts';
import { areaMonthlyTrend } from '$lib/measures/area-trend';

const SAMPLES = path.resolve('data-samples/northbrook');
let engine: Engine;

beforeAll(async () => {
	engine = await createNodeEngine();
	await loadSamples(engine, async (name) => new Uint8Array(readFileSync(path.join(SAMPLES, name))));
});

describe('areaMonthlyTrend', () => {
	it('gives each month exactly what the map shows for that month, for every area', async () => {
		const months = ['2025-12', '2026-01', '2026-02'];
		for (const measure of ['concerns', 'locations:hotel']) {
			const trend = await areaMonthlyTrend.run(engine, { measure, level: 'ward', months });
			expect(trend.map((m) => m.month)).toEqual(['2025-12-01', '2026-01-01', '2026-02-01']);
			for (const [i, m] of months.entries()) {
				const direct = await areaCounts.run(engine, { measure, level: 'ward', period: monthPeriod(m) });
				expect(trend[i].counts).toEqual(Object.fromEntries(direct.areas.map((a) => [a.code, a.count])));
				expect(trend[i].partnership).toBe(direct.areas.reduce((s, a) => s + a.count, 0));
				expect(trend[i].label).toBe(monthPeriod(m).label);
			}
		}
		const concerns = await areaMonthlyTrend.run(engine, { measure: 'concerns', level: 'ward', months });
		expect(concerns.every((m) => Object.keys(m.counts).length === 20)).toBe(true);
		expect(concerns.some((m) => m.partnership > 0)).toBe(true);
	});

	it('applies the filters, as the map does', async () => {
		const months = ['2026-01'];
		const all = await areaMonthlyTrend.run(engine, { measure: 'concerns', level: 'ward', months });
		const police = await areaMonthlyTrend.run(engine, { measure: 'concerns', level: 'ward', months, filters: { agency: ['Police'] } });
		expect(police[0].partnership).toBeLessThan(all[0].partnership);
		expect(police[0].partnership).toBeGreaterThan(0);
	});

	it('stops when it is no longer wanted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(areaMonthlyTrend.run(engine, { measure: 'concerns', level: 'ward', months: ['2026-01'], signal: controller.signal })).rejects.toThrow(/no longer needed/);
	});
});
