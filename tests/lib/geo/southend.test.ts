/**
 * Real data: the three Southend police.uk files (Essex Police, Jan–Mar 2022) and the Southend LSOA
 * 2011 and ward 2013 boundaries. The map's per-LSOA count of each crime type must equal a direct
 * SQL count of the loaded rows; rows whose LSOA is not among the boundaries are reported, not lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadPoliceUk } from '$lib/ingest/kinds/police-uk';
import { loadBoundaries } from '$lib/geo/boundary-store';
import { hotspotAreas } from '$lib/geo/hotspots';
import { areaCounts } from '$lib/measures/area-counts';
import { enc } from './fixtures';

const REAL = join(process.cwd(), '..', 'shared', 'realdata');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;
const POLICE = ['2022-01-essex-street-southend.csv', '2022-02-essex-street-southend.csv', '2022-03-essex-street-southend.csv'];
const PERIOD = { start: '2022-01-01', end: '2022-03-31' };
const read = (...p: string[]) => new Uint8Array(readFileSync(join(REAL, ...p)));

async function policeEngine(): Promise<Engine> {
	const engine = await createNodeEngine();
	for (const name of POLICE) await loadPoliceUk(engine, { name, bytes: read('police-uk', name) });
	return engine;
}

describe('Southend police.uk crimes on the LSOA map', () => {
	let engine: Engine;
	let crimeTypes: string[];
	beforeAll(async () => {
		if (!HAVE_REAL) return;
		engine = await policeEngine();
		await loadBoundaries(engine, { name: 'southend-lsoa2011.geojson', bytes: read('boundaries', 'southend-lsoa2011.geojson') });
		crimeTypes = (await engine.query<{ t: string }>(`SELECT DISTINCT crime_type AS t FROM police_crimes ORDER BY 1`)).map((r) => r.t);
	});
	afterAll(() => engine?.close());

	it('counts every crime type per LSOA exactly as a direct SQL count does', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		expect(crimeTypes.length).toBeGreaterThan(10);
		for (const type of crimeTypes) {
			const r = await areaCounts.run(engine, { measure: `police-crimes:${type}`, level: 'small_area', period: PERIOD });
			const direct = await engine.query<{ code: string; n: number }>(
				`SELECT lsoa_code AS code, count(*)::INTEGER AS n FROM police_crimes WHERE crime_type = ? AND lsoa_code IS NOT NULL GROUP BY 1 ORDER BY 1`,
				[type]
			);
			expect(Object.fromEntries(r.areas.filter((a) => a.count > 0).map((a) => [a.code, a.count])), type).toEqual(Object.fromEntries(direct.map((d) => [d.code, d.n])));
			const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM police_crimes WHERE crime_type = ?`, [type]);
			expect(r.total, type).toBe(n);
		}
	});

	it('places all 5,603 rows: every LSOA code in these files is a Southend LSOA', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const r = await areaCounts.run(engine, { measure: 'police-crimes', level: 'small_area', period: PERIOD });
		expect(r.total).toBe(1798 + 1658 + 2147);
		expect(r.areas).toHaveLength(107);
		expect(r.areas.reduce((s, a) => s + a.count, 0) + r.unmatched.count + r.noArea).toBe(r.total);
	});

	it('gives every LSOA a Gi* z-score (no islands) and finds hot spots in the violence counts', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const r = await hotspotAreas(engine, { measure: 'police-crimes:Violence and sexual offences', level: 'small_area', period: PERIOD });
		expect(r.islands).toEqual([]);
		expect(r.areas.every((a) => a.giZ !== null)).toBe(true);
		expect(r.areas.some((a) => a.hotspot === 'hot-99')).toBe(true);
		// Every hot spot's neighbourhood holds more than the average neighbourhood of its size would.
		const mean = r.areas.reduce((s, a) => s + a.count, 0) / r.areas.length;
		const byCode = new Map(r.areas.map((a) => [a.code, a]));
		for (const a of r.areas.filter((x) => x.hotspot.startsWith('hot'))) {
			const local = a.count + a.neighbours.reduce((s, c) => s + byCode.get(c)!.count, 0);
			expect(local, a.code).toBeGreaterThan(mean * (a.neighbours.length + 1));
		}
	});

	it('adds the LSOAs up into the 2013 wards by containment', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		await loadBoundaries(engine, { name: 'southend-wards2013.geojson', bytes: read('boundaries', 'southend-wards2013.geojson') });
		const lsoa = await areaCounts.run(engine, { measure: 'police-crimes', level: 'small_area', period: PERIOD });
		const wards = await areaCounts.run(engine, { measure: 'police-crimes', level: 'ward', period: PERIOD });
		expect(wards.areas).toHaveLength(17);
		const parent = new Map((await engine.query<{ c: string; p: string }>(`SELECT area_code AS c, parent_code AS p FROM areas WHERE level = 'small_area'`)).map((x) => [x.c, x.p]));
		const expected = new Map<string, number>();
		for (const a of lsoa.areas) expected.set(parent.get(a.code)!, (expected.get(parent.get(a.code)!) ?? 0) + a.count);
		expect(Object.fromEntries(wards.areas.map((w) => [w.code, w.count]))).toEqual(Object.fromEntries(expected));
		expect(wards.total).toBe(lsoa.total);
	});
});

describe('Southend police.uk rows outside the loaded boundaries', () => {
	it('reports rows whose LSOA is not on the map, with their codes, and loses none', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const engine = await policeEngine();
		try {
			// The real LSOA boundaries without their first ten features.
			const file = JSON.parse(new TextDecoder().decode(read('boundaries', 'southend-lsoa2011.geojson')));
			const dropped: string[] = file.features.slice(0, 10).map((f: { properties: { LSOA11CD: string } }) => f.properties.LSOA11CD);
			file.features = file.features.slice(10);
			await loadBoundaries(engine, { name: 'southend-97.geojson', bytes: enc(JSON.stringify(file)) });
			const r = await areaCounts.run(engine, { measure: 'police-crimes', level: 'small_area', period: PERIOD });
			const [{ n, codes }] = await engine.query<{ n: number; codes: number }>(
				`SELECT count(*)::INTEGER AS n, count(DISTINCT lsoa_code)::INTEGER AS codes FROM police_crimes WHERE lsoa_code IN (${dropped.map(() => '?').join(', ')})`,
				dropped
			);
			expect(n).toBeGreaterThan(0);
			expect(r.areas).toHaveLength(97);
			expect(r.unmatched.count).toBe(n);
			expect(r.unmatched.codes).toBe(codes);
			for (const code of r.unmatched.examples) expect(dropped).toContain(code);
			expect(r.areas.reduce((s, a) => s + a.count, 0) + r.unmatched.count + r.noArea).toBe(1798 + 1658 + 2147);
		} finally {
			await engine.close();
		}
	});
});
