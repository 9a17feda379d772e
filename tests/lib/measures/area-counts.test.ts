/**
 * Counts and rates by area, on a hand-made partnership of four small areas in two wards (see
 * tests/lib/geo/fixtures.ts). Each expected value is worked out from the rows below, in comments.
 * Period: Apr–Sep 2025 (2025-04-01 … 2025-09-30).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadBoundaries } from '$lib/geo/boundary-store';
import { areaCounts, availableAreaMeasures, monthPeriod, parseAreaMeasure, type AreaCounts } from '$lib/measures/area-counts';
import { enc, SMALL_AREAS, WARDS } from '../geo/fixtures';

const PERIOD = { start: '2025-04-01', end: '2025-09-30' };

/** code → count, for the areas with something in them. */
const counts = (r: AreaCounts) => Object.fromEntries(r.areas.filter((a) => a.count > 0).map((a) => [a.code, a.count]));
const rates = (r: AreaCounts) => Object.fromEntries(r.areas.map((a) => [a.code, a.rate]));
/** Nothing is lost: every counted thing is in an area, unmatched, or without an area. */
const accountedFor = (r: AreaCounts) => r.areas.reduce((s, a) => s + a.count, 0) + r.unmatched.count + r.noArea === r.total;

describe('counts and rates by area', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		await loadBoundaries(engine, { name: 'wards.geojson', bytes: enc(WARDS) });
		await engine.exec(`
			INSERT INTO concerns (import_id, line, child_id, agency, identified_on, home_area) VALUES
				-- A: two records in the period; the later (CSC, July) says E01000002.
				(9, 1, 'A', 'Police', DATE '2025-05-01', 'E01000001'),
				(9, 2, 'A', 'CSC',    DATE '2025-07-01', 'E01000002'),
				(9, 3, 'B', 'Police', DATE '2025-06-01', 'E01000001'),
				-- C: no home area recorded.
				(9, 4, 'C', 'Health', DATE '2025-06-10', NULL),
				-- D: a code that is no area of the map.
				(9, 5, 'D', 'Police', DATE '2025-08-01', 'E01999999'),
				-- E: recorded by ward, not small area.
				(9, 6, 'E', 'CSC',    DATE '2025-05-05', 'E05000001'),
				-- F: before the period, no open case: not counted.
				(9, 7, 'F', 'Police', DATE '2024-01-01', 'E01000004'),
				(9, 8, 'G', 'Health', DATE '2025-09-01', 'E01000003');
			INSERT INTO missing_episodes (import_id, line, child_id, agency, started_at, area_found) VALUES
				(9, 1, 'A', 'CSC', TIMESTAMP '2025-06-01 22:00', 'E01000004'),
				(9, 2, 'A', 'CSC', TIMESTAMP '2025-06-15 20:00', 'E01000004'),
				-- Z is not in the cohort (no concern record).
				(9, 3, 'Z', 'CSC', TIMESTAMP '2025-07-01 18:00', 'E01000004'),
				(9, 4, 'B', 'CSC', TIMESTAMP '2025-10-02 18:00', 'E01000001'),
				(9, 5, 'B', 'CSC', TIMESTAMP '2025-05-01 18:00', NULL);
			INSERT INTO locations (import_id, line, month, area_code, location_type, count, agency) VALUES
				(9, 1, DATE '2025-04-01', 'E01000001', 'hotel', 3, 'Police'),
				(9, 2, DATE '2025-05-01', 'E01000001', 'park', 2, 'Police'),
				(9, 3, DATE '2025-06-01', 'E01000002', 'hotel', 5, 'Police'),
				(9, 4, DATE '2025-10-01', 'E01000002', 'hotel', 7, 'Police'),
				(9, 5, DATE '2025-09-01', 'E01999999', 'hotel', 1, 'Police');
			INSERT INTO police_crimes (import_id, line, month, crime_type, lsoa_code) VALUES
				(9, 1, DATE '2025-04-01', 'Burglary', 'E01000003'),
				(9, 2, DATE '2025-04-01', 'Burglary', 'E01000003'),
				(9, 3, DATE '2025-05-01', 'Violence and sexual offences', 'E01000003'),
				(9, 4, DATE '2025-05-01', 'Anti-social behaviour', NULL),
				(9, 5, DATE '2025-09-01', 'Burglary', 'E01000004'),
				(9, 6, DATE '2025-10-01', 'Burglary', 'E01000004');
			-- The rule asks for mid-2025 (year ending March 2026); only 2024 is loaded, so 2024 is used.
			INSERT INTO population (import_id, line, area_code, year, age_from, age_to, count) VALUES
				(9, 1, 'E01000001', 2024, 0, 17, 200),
				(9, 2, 'E01000001', 2023, 0, 17, 999),
				-- No 0–17 band: 0–15 and 16–17 add up to 200.
				(9, 3, 'E01000002', 2024, 0, 15, 150),
				(9, 4, 'E01000002', 2024, 16, 17, 50),
				-- An exact 0–17 band wins over a narrower one (no double counting).
				(9, 5, 'E01000003', 2024, 0, 17, 400),
				(9, 6, 'E01000003', 2024, 0, 4, 100);
			-- E01000004 has no population.
		`);
	});
	afterAll(() => engine.close());

	it('concerns: each child once, at the latest home area recorded in the period', async () => {
		const r = await areaCounts.run(engine, { measure: 'concerns', level: 'small_area', period: PERIOD });
		// A → E01000002 (July record), B → E01000001, G → E01000003; D unmatched, E (a ward code) unmatched, C no area.
		expect(counts(r)).toEqual({ E01000001: 1, E01000002: 1, E01000003: 1 });
		expect(r.areas.map((a) => a.code)).toEqual(['E01000001', 'E01000002', 'E01000003', 'E01000004']);
		expect(r.unmatched).toEqual({ count: 2, codes: 2, examples: ['E01999999', 'E05000001'] });
		expect(r.noArea).toBe(1);
		expect(r.total).toBe(6);
		expect(accountedFor(r)).toBe(true);
	});

	it('rates per 10,000 children from the population table, null without one', async () => {
		const r = await areaCounts.run(engine, { measure: 'concerns', level: 'small_area', period: PERIOD });
		// 1/200 → 50.0; 1/(150 + 50) → 50.0; 1/400 (not 400 + 100) → 25.0; E01000004: none loaded.
		expect(rates(r)).toEqual({ E01000001: 50, E01000002: 50, E01000003: 25, E01000004: null });
		expect(r.areas.find((a) => a.code === 'E01000002')?.population).toBe(200);
		expect(r.populationYear).toBe(2024);
		expect(r.populationAges).toEqual([0, 17]);
	});

	it('counts wards from their small areas and from records coded by ward', async () => {
		const r = await areaCounts.run(engine, { measure: 'concerns', level: 'ward', period: PERIOD });
		// West (E05000001): B (E01000001) + G (E01000003) + E (the ward itself) = 3; East: A = 1.
		expect(counts(r)).toEqual({ E05000001: 3, E05000002: 1 });
		expect(r.unmatched).toMatchObject({ count: 1, examples: ['E01999999'] });
		expect(accountedFor(r)).toBe(true);
		// Population from the small areas: West 200 + 400 = 600 → 3/600 = 50.0; East 200 (E01000004 has none) → 50.0.
		expect(rates(r)).toEqual({ E05000001: 50, E05000002: 50 });
	});

	it("uses a ward's own population where loaded, rather than adding up its small areas", async () => {
		await engine.exec(`INSERT INTO population VALUES (9, 7, 'E05000001', 2024, 0, 17, 1000)`);
		try {
			const r = await areaCounts.run(engine, { measure: 'concerns', level: 'ward', period: PERIOD });
			expect(rates(r).E05000001).toBe(30); // 3 / 1000 × 10,000
		} finally {
			await engine.exec(`DELETE FROM population WHERE area_code = 'E05000001'`);
		}
	});

	it('applies the measures pages\' filters to concerns', async () => {
		const r = await areaCounts.run(engine, { measure: 'concerns', level: 'small_area', period: PERIOD, filters: { agency: ['Police'] } });
		// Police records only: A (police record: E01000001), B (E01000001), D (unmatched).
		expect(counts(r)).toEqual({ E01000001: 2 });
		expect(r.unmatched.count).toBe(1);
		expect(r.total).toBe(3);
	});

	it('missing episodes by area found: the cohort\'s by default, or every episode', async () => {
		const cohort = await areaCounts.run(engine, { measure: 'missing-episodes', level: 'small_area', period: PERIOD });
		// A's two episodes at E01000004; B's May episode has no area; Z is not in the cohort; B's October one is after.
		expect(counts(cohort)).toEqual({ E01000004: 2 });
		expect(cohort.noArea).toBe(1);
		expect(cohort.total).toBe(3);
		const all = await areaCounts.run(engine, { measure: 'missing-episodes', level: 'small_area', period: PERIOD, missingScope: 'all' });
		expect(counts(all)).toEqual({ E01000004: 3 });
		expect(all.total).toBe(4);
	});

	it('locations of concern: the sum of their counts, all types or one', async () => {
		const all = await areaCounts.run(engine, { measure: 'locations', level: 'small_area', period: PERIOD });
		expect(counts(all)).toEqual({ E01000001: 5, E01000002: 5 });
		expect(all.unmatched).toMatchObject({ count: 1, codes: 1 });
		const hotels = await areaCounts.run(engine, { measure: 'locations:hotel', level: 'small_area', period: PERIOD });
		expect(counts(hotels)).toEqual({ E01000001: 3, E01000002: 5 });
	});

	it('police.uk crimes: one per row, all types or one, and rows with no LSOA reported', async () => {
		const all = await areaCounts.run(engine, { measure: 'police-crimes', level: 'small_area', period: PERIOD });
		expect(counts(all)).toEqual({ E01000003: 3, E01000004: 1 });
		expect(all.noArea).toBe(1);
		expect(all.total).toBe(5);
		const burglary = await areaCounts.run(engine, { measure: 'police-crimes:Burglary', level: 'small_area', period: PERIOD });
		expect(counts(burglary)).toEqual({ E01000003: 2, E01000004: 1 });
		// One month: September only.
		const september = await areaCounts.run(engine, { measure: 'police-crimes:Burglary', level: 'small_area', period: monthPeriod('2025-09') });
		expect(counts(september)).toEqual({ E01000004: 1 });
	});

	it('lists the measures the workspace can map, with each type present', async () => {
		expect((await availableAreaMeasures(engine)).map((m) => m.name)).toEqual([
			'concerns', 'missing-episodes', 'locations', 'locations:hotel', 'locations:park',
			'police-crimes', 'police-crimes:Anti-social behaviour', 'police-crimes:Burglary', 'police-crimes:Violence and sexual offences'
		]);
	});

	it('reads measure names and months', () => {
		expect(parseAreaMeasure('police-crimes:Violence and sexual offences')).toEqual({ kind: 'police-crimes', type: 'Violence and sexual offences' });
		expect(parseAreaMeasure('concerns')).toEqual({ kind: 'concerns', type: null });
		expect(() => parseAreaMeasure('children')).toThrow(/not a measure with an area/);
		expect(() => parseAreaMeasure('concerns:hotel')).toThrow(/no types/);
		expect(monthPeriod('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29', label: 'Feb 2024' });
		expect(() => monthPeriod('2024-13')).toThrow(/not a month/);
	});
});
