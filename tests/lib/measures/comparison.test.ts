import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { PUBLISHED_MEASURES, comparisonNeighbours, MAX_NEIGHBOURS, partnershipAreaCodes, publishedComparison, publishedLocalAuthorities, saveComparisonNeighbours } from '$lib/measures/comparison';
import { loadRiskFixture } from './fixture-risks';

const LA = 'X06000099';
const REGION = 'E12000006';
const ENGLAND = 'E92000001';
const NEIGHBOUR = 'X06000098';

describe('Comparison with published figures on the hand-made fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadRiskFixture(engine);
	});
	afterAll(() => engine.close());

	it('gives the latest period for the LA and a neighbour, suppressed as published and absent as absent', async () => {
		// Latest period with one of the five factors for these areas: 2024 (2025 has only Self_harm, for England).
		// Testshire 2024: CSE restated as 31 by the later import (column in lower case); Trafficking suppressed "c".
		// Elsewhere published nothing for 2024: every figure null with no raw value, its name taken from 2023.
		const la = { timePeriod: '2024', areaCode: LA, areaName: 'Testshire', level: 'Local authority' };
		const nb = { timePeriod: '2024', areaCode: NEIGHBOUR, areaName: 'Elsewhere', level: 'Local authority' };
		expect(await publishedComparison.run(engine, { areaCodes: [LA, NEIGHBOUR], periods: 1 })).toEqual([
			{ ...la, measure: 'Child_sexual_exploitation', value: 31, rawValue: '31' },
			{ ...la, measure: 'Going_missing', value: 22, rawValue: '22' },
			{ ...la, measure: 'Child_criminal_exploitation', value: 9, rawValue: '9' },
			{ ...la, measure: 'Gangs', value: 6, rawValue: '6' },
			{ ...la, measure: 'Trafficking', value: null, rawValue: 'c' },
			...PUBLISHED_MEASURES.map((measure) => ({ ...nb, measure, value: null, rawValue: null }))
		]);
	});

	it('covers the latest N periods for every chosen area, in a stable order, never turning a symbol into 0', async () => {
		const rows = await publishedComparison.run(engine, { areaCodes: [LA, REGION, ENGLAND, NEIGHBOUR], periods: 2 });
		// 2 periods (2023, 2024; 2022 is older) × 4 areas × 5 measures, period first, areas in the order asked.
		expect(rows).toHaveLength(40);
		expect([...new Set(rows.map((r) => r.timePeriod))]).toEqual(['2023', '2024']);
		expect(rows.slice(0, 20).map((r) => r.areaCode)).toEqual([LA, REGION, ENGLAND, NEIGHBOUR].flatMap((a) => Array(5).fill(a)));
		expect(rows.slice(0, 5).map((r) => r.measure)).toEqual([...PUBLISHED_MEASURES]);
		const get = (period: string, area: string, measure: string) =>
			rows.find((r) => r.timePeriod === period && r.areaCode === area && r.measure === measure);
		// Suppressed: value null, raw "c"; not available: raw "x".
		expect(get('2023', LA, 'Gangs')).toMatchObject({ value: null, rawValue: 'c' });
		expect(get('2023', NEIGHBOUR, 'Gangs')).toMatchObject({ value: null, rawValue: 'x' });
		// A true zero stays 0.
		expect(get('2023', LA, 'Trafficking')).toMatchObject({ value: 0, rawValue: '0' });
		// England 2023 going missing: the later import's "low" (stored as 0 by mistake) replaces 12,000 and shows as withheld.
		expect(get('2023', ENGLAND, 'Going_missing')).toMatchObject({ value: null, rawValue: 'low', areaName: 'England', level: 'National' });
		// Thousands separators stay in the raw cell; the number is read.
		expect(get('2024', REGION, 'Child_sexual_exploitation')).toMatchObject({ value: 1250, rawValue: '1,250', level: 'Regional' });
		// No figure is 0 unless published as 0.
		expect(rows.filter((r) => r.value === 0).every((r) => r.rawValue === '0')).toBe(true);
		// Other factors (Self_harm) never appear.
		expect(rows.every((r) => (PUBLISHED_MEASURES as readonly string[]).includes(r.measure))).toBe(true);
	});

	it('returns nothing for no areas', async () => {
		expect(await publishedComparison.run(engine, { areaCodes: [] })).toEqual([]);
	});

	it('finds the partnership LA, and its region only where the store links them and a published row names it', async () => {
		// Testshire has wards of its own; Elsewhere does not. No LA has a parent in the store as loaded by the importers.
		expect(await partnershipAreaCodes(engine)).toEqual({ laCodes: [LA], regionCode: null });
		try {
			await engine.exec(`UPDATE areas SET parent_code = '${REGION}' WHERE area_code = '${LA}'`);
			expect(await partnershipAreaCodes(engine)).toEqual({ laCodes: [LA], regionCode: REGION });
			// A region with no published row is not offered.
			await engine.exec(`UPDATE areas SET parent_code = 'E12000009' WHERE area_code = '${LA}'`);
			expect(await partnershipAreaCodes(engine)).toEqual({ laCodes: [LA], regionCode: null });
		} finally {
			await engine.exec(`UPDATE areas SET parent_code = NULL WHERE area_code = '${LA}'`);
		}
	});

	it('finds the region from the region DfE publishes beside the LA, when no lookup links them', async () => {
		try {
			await engine.exec(`UPDATE published_stats SET region_code = '${REGION}' WHERE area_code = '${LA}'`);
			expect(await partnershipAreaCodes(engine)).toEqual({ laCodes: [LA], regionCode: REGION });
			// A published region with no rows of its own is no use to compare with.
			await engine.exec(`UPDATE published_stats SET region_code = 'E12000009' WHERE area_code = '${LA}'`);
			expect(await partnershipAreaCodes(engine)).toEqual({ laCodes: [LA], regionCode: null });
		} finally {
			await engine.exec(`UPDATE published_stats SET region_code = NULL WHERE area_code = '${LA}'`);
		}
	});

	it('keeps the chosen neighbours in the workspace: unique, at most ten, and lists the LAs to choose from', async () => {
		expect(await comparisonNeighbours(engine)).toEqual([]);
		await saveComparisonNeighbours(engine, [NEIGHBOUR, NEIGHBOUR, ...Array.from({ length: 12 }, (_, i) => `E0600000${i}`)]);
		const chosen = await comparisonNeighbours(engine);
		expect(chosen).toHaveLength(MAX_NEIGHBOURS);
		expect(chosen[0]).toBe(NEIGHBOUR);
		await saveComparisonNeighbours(engine, [NEIGHBOUR]);
		expect(await comparisonNeighbours(engine)).toEqual([NEIGHBOUR]);
		expect(await publishedLocalAuthorities(engine)).toEqual([
			{ code: NEIGHBOUR, name: 'Elsewhere' },
			{ code: LA, name: 'Testshire' }
		]);
	});
});
