/**
 * The command line's `hotspots`, run as a user would (a child process): the documented JSON,
 * exactly the numbers the map's own code gives in-process, a clear refusal of a bad boundary file,
 * and, on the real Southend files, per-LSOA counts that match an independent parse of the CSVs.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import { importFile, inspectFile } from '$lib/ingest/pipeline';
import { loadBoundaries } from '$lib/geo/boundary-store';
import { hotspotAreas } from '$lib/geo/hotspots';
import { parsePeriodOption } from '../../src/cli/hotspots';

const SAMPLES = 'data-samples/northbrook';
const REAL = path.join(process.cwd(), '..', 'shared', 'realdata');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;

const cli = (...args: string[]) => {
	try {
		return { out: execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), err: '', code: 0 };
	} catch (err) {
		const e = err as { stdout: string; stderr: string; status: number };
		return { out: e.stdout, err: e.stderr, code: e.status };
	}
};

describe('npm run cli -- hotspots', () => {
	it('prints exactly the documented JSON, with the numbers the map computes in-process', { timeout: 120_000 }, async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cse-hotspots-'));
		const workspace = path.join(dir, 'ws');
		const files = ['areas.csv', 'population.csv', 'locations-of-concern.csv'];
		expect(cli('import', ...files.map((f) => path.join(SAMPLES, f)), '--workspace', workspace, '--json').code).toBe(0);
		const manifest = readFileSync(path.join(workspace, 'manifest.json'), 'utf8');

		const r = cli('hotspots', '--workspace', workspace, '--boundaries', path.join(SAMPLES, 'small-areas.geojson'), '--measure', 'locations', '--period', '2025-04/6', '--json');
		expect(r.code).toBe(0);
		const printed = JSON.parse(r.out) as { areas: Record<string, unknown>[] };
		expect(Object.keys(printed)).toEqual(['areas']);
		expect(printed.areas).toHaveLength(120);
		for (const a of printed.areas) expect(Object.keys(a)).toEqual(['code', 'name', 'count', 'rate', 'gi_z', 'class']);
		// The workspace directory is only read.
		expect(readFileSync(path.join(workspace, 'manifest.json'), 'utf8')).toBe(manifest);

		// The same files through the same loaders, in this process.
		const engine = await createNodeEngine();
		try {
			for (const f of files) await importFile(engine, await inspectFile(engine, { name: f, bytes: new Uint8Array(readFileSync(path.join(SAMPLES, f))) }));
			await loadBoundaries(engine, { name: 'small-areas.geojson', bytes: new Uint8Array(readFileSync(path.join(SAMPLES, 'small-areas.geojson'))) });
			const map = await hotspotAreas(engine, { measure: 'locations', level: 'small_area', period: { start: '2025-04-01', end: '2025-09-30' } });
			expect(printed.areas).toEqual(map.areas.map((a) => ({ code: a.code, name: a.name, count: a.count, rate: a.rate, gi_z: a.giZ, class: a.hotspot })));
			// Not a trivial answer: locations are counted, rates computed, z-scores vary.
			expect(map.areas.some((a) => a.count > 0 && a.rate !== null && a.rate > 0)).toBe(true);
			expect(new Set(map.areas.map((a) => a.giZ)).size).toBeGreaterThan(10);
		} finally {
			await engine.close();
		}
	});

	it('refuses a bad boundary file with its rule code, and exits non-zero', { timeout: 60_000 }, () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cse-hotspots-'));
		const bad = path.join(dir, 'points.geojson');
		writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { LSOA21CD: 'X01000001' }, geometry: { type: 'Point', coordinates: [-1.9, 53] } }] }));
		const r = cli('hotspots', '--workspace', path.join(dir, 'ws'), '--boundaries', bad, '--json');
		expect(r.code).toBe(1);
		expect(r.err).toContain('points.geojson: feature 1 (X01000001) is a Point, not an area (Polygon or MultiPolygon). (BND03)');
		const missing = cli('hotspots', '--workspace', path.join(dir, 'ws'), '--json');
		expect(missing.code).toBe(1);
		expect(missing.err).toContain('--boundaries FILE');
	});

	it('counts each LSOA\'s violence and sexual offences as the police.uk CSVs list them (real Southend files)', { timeout: 120_000 }, () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const dir = mkdtempSync(path.join(tmpdir(), 'cse-hotspots-'));
		const workspace = path.join(dir, 'ws');
		const police = ['01', '02', '03'].map((m) => path.join(REAL, 'police-uk', `2022-${m}-essex-street-southend.csv`));
		expect(cli('import', ...police, '--workspace', workspace, '--json').code).toBe(0);
		const type = 'Violence and sexual offences';
		const r = cli('hotspots', '--workspace', workspace, '--boundaries', path.join(REAL, 'boundaries', 'southend-lsoa2011.geojson'), '--measure', `police-crimes:${type}`, '--period', '2022-01..2022-03', '--json');
		expect(r.code).toBe(0);
		const areas = (JSON.parse(r.out) as { areas: { code: string; count: number; rate: null; class: string }[] }).areas;
		expect(areas).toHaveLength(107);
		// Independent count: papaparse over the published CSVs.
		const expected = new Map<string, number>();
		for (const file of police) {
			const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
			for (const row of rows) if (row['Crime type'] === type) expected.set(row['LSOA code'], (expected.get(row['LSOA code']) ?? 0) + 1);
		}
		expect(Object.fromEntries(areas.filter((a) => a.count > 0).map((a) => [a.code, a.count]))).toEqual(Object.fromEntries(expected));
		expect(areas.every((a) => a.rate === null)).toBe(true); // no population loaded
		expect(areas.some((a) => a.class.startsWith('hot'))).toBe(true);
	});

	it('reads periods as months, ranges of months, six months from a month, or the app\'s labels', () => {
		expect(parsePeriodOption('2025-02')).toMatchObject({ start: '2025-02-01', end: '2025-02-28' });
		expect(parsePeriodOption('2025-01..2025-03')).toMatchObject({ start: '2025-01-01', end: '2025-03-31' });
		expect(parsePeriodOption('2025-10/6')).toMatchObject({ start: '2025-10-01', end: '2026-03-31' });
		expect(parsePeriodOption('Apr–Sep 2025')).toMatchObject({ start: '2025-04-01', end: '2025-09-30' });
		expect(() => parsePeriodOption('2025-03..2025-01')).toThrow(/before the first/);
		expect(() => parsePeriodOption('last year')).toThrow(/not a period/);
	});
});
