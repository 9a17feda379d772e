/**
 * Boundaries in the store: areas and shapes written, the level replaced in one go, a refused file
 * changing nothing, and parents found by containment agreeing with the sample's own lookup.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadBoundaries, readAreaGeometry, boundaryLevels, workspaceAreaCodes } from '$lib/geo/boundary-store';
import { BoundaryError } from '$lib/geo/rules';
import { loadAreaLookup } from '$lib/ingest/load-area-lookup';
import { enc, feature, featureCollection, SMALL_AREAS, square, WARDS } from './fixtures';

const SAMPLES = join(process.cwd(), 'data-samples', 'northbrook');
const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'boundaries');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;
const sample = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(SAMPLES, name))) });

/** Everything the boundaries touch, as rows, to prove nothing changed. */
async function storeState(engine: Engine) {
	return {
		areas: await engine.query(`SELECT * FROM areas ORDER BY level, area_code`),
		geometry: await engine.query(`SELECT area_code, level, md5(geojson) AS g, import_id FROM area_geometry ORDER BY level, area_code`),
		imports: await engine.query(`SELECT import_id, file_name, kind, rows_read FROM imports ORDER BY import_id`)
	};
}

describe('boundary store', () => {
	let engine: Engine;
	beforeEach(async () => {
		engine = await createNodeEngine();
	});
	afterEach(() => engine.close());

	it('writes areas and their shapes, and records the file as an import', async () => {
		const r = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		expect(r).toMatchObject({ kind: 'boundaries', level: 'small_area', rowsRead: 4, rowsLoaded: 4, rowsRejected: 0, duplicate: false, areaCount: 4 });
		expect(await engine.query(`SELECT area_code, area_name, level, parent_code, vintage, import_id FROM areas ORDER BY area_code`)).toEqual([
			{ area_code: 'E01000001', area_name: 'Area 1', level: 'small_area', parent_code: 'E05000001', vintage: '2021', import_id: r.importId },
			{ area_code: 'E01000002', area_name: 'Area 2', level: 'small_area', parent_code: 'E05000002', vintage: '2021', import_id: r.importId },
			{ area_code: 'E01000003', area_name: 'Area 3', level: 'small_area', parent_code: 'E05000001', vintage: '2021', import_id: r.importId },
			{ area_code: 'E01000004', area_name: 'Area 4', level: 'small_area', parent_code: 'E05000002', vintage: '2021', import_id: r.importId }
		]);
		const shapes = await readAreaGeometry(engine, 'small_area');
		expect(shapes.map((s) => s.code)).toEqual(['E01000001', 'E01000002', 'E01000003', 'E01000004']);
		expect(shapes[0].geometry).toEqual({ type: 'Polygon', coordinates: [square(0.5, 51.5, 0.01)] });
		expect(await boundaryLevels(engine)).toEqual(['small_area']);
		expect(await engine.query(`SELECT file_name, kind, rows_read, rows_loaded FROM imports`)).toEqual([
			{ file_name: 'small.geojson', kind: 'boundaries', rows_read: 4, rows_loaded: 4 }
		]);
	});

	it('changes nothing when the same file is loaded again', async () => {
		await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		const before = await storeState(engine);
		const again = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		expect(again.duplicate).toBe(true);
		expect(await storeState(engine)).toEqual(before);
	});

	it('loads the same file again with other properties chosen, in place of the earlier load', async () => {
		const first = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		// Same bytes: without `replaces` it is a duplicate; with it, the earlier load is swapped out.
		const again = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) }, { nameProperty: 'WD24CD', replaces: first.importId });
		expect(again.duplicate).toBe(false);
		expect(again.importId).not.toBe(first.importId);
		expect(await engine.query(`SELECT import_id FROM imports`)).toEqual([{ import_id: again.importId }]);
		expect(await engine.query(`SELECT DISTINCT area_name, import_id FROM areas ORDER BY 1`)).toEqual([
			{ area_name: 'E05000001', import_id: again.importId },
			{ area_name: 'E05000002', import_id: again.importId }
		]);
	});

	it('keeps the earlier load whole when the new choice breaks a rule', async () => {
		const first = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		const before = await storeState(engine);
		// Codes that match no data in the workspace once the earlier load is gone (BND10).
		await loadAreaLookup(engine, sample('areas.csv'));
		const withLookup = await storeState(engine);
		expect(withLookup).not.toEqual(before);
		await expect(
			loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) }, { codeProperty: 'LSOA21CD', replaces: first.importId })
		).rejects.toMatchObject({ code: 'BND10' });
		expect(await storeState(engine)).toEqual(withLookup);
	});

	it('replaces the previous boundaries of the same level, and drops the superseded file from the imports', async () => {
		const first = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		const two = featureCollection([
			feature({ LSOA21CD: 'E01000001', LSOA21NM: 'Area 1 redrawn' }, square(0.5, 51.5, 0.02)),
			feature({ LSOA21CD: 'E01000009', LSOA21NM: 'Area 9' }, square(0.6, 51.5, 0.01))
		]);
		const second = await loadBoundaries(engine, { name: 'small-2025.geojson', bytes: enc(two) });
		expect((await readAreaGeometry(engine, 'small_area')).map((s) => [s.code, s.geometry])).toEqual([
			['E01000001', { type: 'Polygon', coordinates: [square(0.5, 51.5, 0.02)] }],
			['E01000009', { type: 'Polygon', coordinates: [square(0.6, 51.5, 0.01)] }]
		]);
		expect(await engine.query(`SELECT area_code, area_name, import_id FROM areas ORDER BY area_code`)).toEqual([
			{ area_code: 'E01000001', area_name: 'Area 1 redrawn', import_id: second.importId },
			{ area_code: 'E01000009', area_name: 'Area 9', import_id: second.importId }
		]);
		expect((await engine.query<{ import_id: number }>(`SELECT import_id FROM imports`)).map((r) => r.import_id)).toEqual([second.importId]);
		// The first file contributes nothing now, so loading it again is a real load, not a duplicate.
		const back = await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		expect(back.duplicate).toBe(false);
		expect(back.importId).not.toBe(first.importId);
		expect((await readAreaGeometry(engine, 'small_area')).map((s) => s.code)).toEqual(['E01000001', 'E01000002', 'E01000003', 'E01000004']);
	});

	it('keeps other levels when one level is replaced', async () => {
		await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		await loadBoundaries(engine, { name: 'wards.geojson', bytes: enc(WARDS) });
		const wardsBefore = await engine.query(`SELECT * FROM area_geometry WHERE level = 'ward' ORDER BY area_code`);
		await loadBoundaries(engine, { name: 'small-2.geojson', bytes: enc(SMALL_AREAS.replace('Area 1', 'Area one')) });
		expect(await engine.query(`SELECT * FROM area_geometry WHERE level = 'ward' ORDER BY area_code`)).toEqual(wardsBefore);
		expect(await boundaryLevels(engine)).toEqual(['small_area', 'ward']);
	});

	it('changes nothing when a file is refused, and says which rule refused it', async () => {
		await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) });
		const before = await storeState(engine);
		const bad = featureCollection([feature({ LSOA21CD: 'E01000001' }), feature({ LSOA21CD: 'E01000002' }, null)]);
		await expect(loadBoundaries(engine, { name: 'bad.geojson', bytes: enc(bad) })).rejects.toThrow(BoundaryError);
		await expect(loadBoundaries(engine, { name: 'bad.geojson', bytes: enc(bad) })).rejects.toMatchObject({ code: 'BND07', fileName: 'bad.geojson' });
		expect(await storeState(engine)).toEqual(before);
	});

	it('refuses small areas whose codes match none of the workspace\'s (BND10), changing nothing', async () => {
		await engine.exec(`INSERT INTO police_crimes (import_id, line, month, crime_type, lsoa_code) VALUES (1, 2, DATE '2022-01-01', 'Burglary', 'E01015814')`);
		const before = await storeState(engine);
		await expect(loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) })).rejects.toMatchObject({ code: 'BND10' });
		expect(await storeState(engine)).toEqual(before);
		// Codes of another level in the data (a local authority's population) do not count against LSOAs.
		await engine.exec(`DELETE FROM police_crimes; INSERT INTO population VALUES (1, 2, 'E06000033', 2024, 0, 17, 39611)`);
		expect(await workspaceAreaCodes(engine, 'small_area')).toEqual(new Set());
		expect((await loadBoundaries(engine, { name: 'small.geojson', bytes: enc(SMALL_AREAS) })).duplicate).toBe(false);
	});

	it('keeps the area lookup\'s areas and parents, filling in only what they lack', async () => {
		await loadAreaLookup(engine, sample('areas.csv'));
		const lookup = await engine.query(`SELECT area_code, area_name, level, parent_code FROM areas ORDER BY level, area_code`);
		const small = await loadBoundaries(engine, sample('small-areas.geojson'));
		const wards = await loadBoundaries(engine, sample('wards.geojson'));
		expect(small.placedByContainment + wards.placedByContainment).toBe(0);
		expect(await engine.query(`SELECT area_code, area_name, level, parent_code FROM areas ORDER BY level, area_code`)).toEqual(lookup);
		expect(await engine.query(`SELECT DISTINCT level, vintage FROM areas ORDER BY level`)).toEqual([
			{ level: 'la', vintage: null },
			{ level: 'small_area', vintage: '2021' },
			{ level: 'ward', vintage: '2024' }
		]);
	});

	it('places small areas in wards by containment, agreeing with the sample\'s lookup for all 120', async () => {
		// Load the sample small areas without their ward property, so only the shapes can tell.
		await loadBoundaries(engine, sample('small-areas.geojson'), { parentProperty: 'no-such-property' });
		expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM areas WHERE parent_code IS NOT NULL`)).toEqual([{ n: 0 }]);
		const wards = await loadBoundaries(engine, sample('wards.geojson'));
		expect(wards.placedByContainment).toBe(120);
		const placed = await engine.query<{ area_code: string; parent_code: string }>(`SELECT area_code, parent_code FROM areas WHERE level = 'small_area' ORDER BY area_code`);
		const lookup = readFileSync(join(SAMPLES, 'areas.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
		expect(placed).toEqual(lookup.map(([area_code, , ward_code]) => ({ area_code, parent_code: ward_code })).sort((a, b) => a.area_code.localeCompare(b.area_code)));
	});

	it('places the real Southend LSOAs (2011) in the 2013 wards: each ward\'s LSOAs cover its area', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(REAL, name))) });
		await loadBoundaries(engine, read('southend-lsoa2011.geojson'));
		const r = await loadBoundaries(engine, read('southend-wards2013.geojson'));
		expect(r.placedByContainment).toBe(107);
		// Independent check by area (LSOAs nest in wards): the LSOAs placed in a ward add up to
		// the ward's own area, within 1.5% (the two files are generalised separately).
		const { geometryArea } = await import('$lib/geo/geometry');
		const lsoas = await readAreaGeometry(engine, 'small_area');
		const parent = new Map((await engine.query<{ c: string; p: string }>(`SELECT area_code AS c, parent_code AS p FROM areas WHERE level = 'small_area'`)).map((x) => [x.c, x.p]));
		const sum = new Map<string, number>();
		for (const l of lsoas) sum.set(parent.get(l.code)!, (sum.get(parent.get(l.code)!) ?? 0) + geometryArea(l.geometry));
		for (const w of await readAreaGeometry(engine, 'ward')) expect(Math.abs(sum.get(w.code)! / geometryArea(w.geometry) - 1), w.name!).toBeLessThan(0.015);
	});
});
