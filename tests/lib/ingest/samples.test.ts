/**
 * The committed sample partnership loads cleanly through the real pipeline: every file is wholly
 * accounted for, nothing is rejected, and every data line of every CSV becomes a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadSamples, SAMPLE_FILE_NAMES } from '$lib/ingest/load-samples';
import type { ImportResult } from '$lib/ingest/load-mapped';

const DIR = join(process.cwd(), 'data-samples', 'northbrook');
const read = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

/** Data rows in a CSV: records after the header, ignoring the empty string after the final newline. */
function dataRows(name: string): number {
	const parsed = Papa.parse<string[]>(new TextDecoder().decode(read(name)), { skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return parsed.data.length - 1;
}

/** Where each kind of file lands, to count the rows it put there. */
const TARGET_TABLE: Record<string, string> = {
	'population.csv': 'population',
	'police-cse-referrals.csv': 'concerns',
	'csc-seraf-assessments.csv': 'concerns',
	'health-exploitation-log.csv': 'concerns',
	'voluntary-sector-referrals.csv': 'concerns',
	'missing-episodes.csv': 'missing_episodes',
	'locations-of-concern.csv': 'locations'
};

describe('Sample partnership (data-samples/northbrook)', () => {
	let engine: Engine;
	let results: ImportResult[];
	beforeAll(async () => {
		engine = await createNodeEngine();
		results = await loadSamples(engine, async (name) => read(name));
	});
	afterAll(() => engine.close());

	it('imports every sample file once, in order', () => {
		expect(results.map((r) => r.fileName)).toEqual(SAMPLE_FILE_NAMES);
		// Eight CSV exports, then the two boundary files (small areas and wards) for the map.
		expect(SAMPLE_FILE_NAMES).toHaveLength(10);
		expect(results.every((r) => !r.duplicate)).toBe(true);
		// Distinct files have distinct fingerprints, so each gets its own import.
		expect(new Set(results.map((r) => r.importId)).size).toBe(results.length);
	});

	it('accounts for every row of every file: read = loaded + rejected', () => {
		for (const r of results) expect(r.rowsRead, r.fileName).toBe(r.rowsLoaded + r.rowsRejected);
	});

	it('rejects nothing: the samples are clean', async () => {
		for (const r of results) expect(r.rowsRejected, r.fileName).toBe(0);
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM rejected_rows`);
		expect(n).toBe(0);
	});

	it("reads as many rows as each CSV has data lines, and as many areas as each boundary file has features", () => {
		for (const r of results.filter((r) => r.fileName.endsWith('.geojson'))) {
			const features = (JSON.parse(new TextDecoder().decode(read(r.fileName))) as { features: unknown[] }).features.length;
			expect(r.rowsRead, r.fileName).toBe(features);
			expect(r.rowsLoaded, r.fileName).toBe(features);
		}
		for (const r of results.filter((r) => r.fileName.endsWith('.csv'))) {
			// The samples have no quoted fields, so a plain split agrees with the CSV parser.
			const text = new TextDecoder().decode(read(r.fileName));
			const lines = text.split('\n').filter((l) => l !== '').length - 1;
			expect(dataRows(r.fileName), r.fileName).toBe(lines);
			expect(r.rowsRead, r.fileName).toBe(lines);
			expect(r.rowsLoaded, r.fileName).toBe(lines);
		}
	});

	it('puts each loaded row in its table, and the imports table agrees', async () => {
		for (const r of results) {
			const table = TARGET_TABLE[r.fileName];
			if (!table) continue;
			const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE import_id = ?`, [r.importId]);
			expect(n, r.fileName).toBe(r.rowsLoaded);
		}
		const recorded = await engine.query<{ file_name: string; rows_read: number; rows_loaded: number; rows_rejected: number }>(
			`SELECT file_name, rows_read, rows_loaded, rows_rejected FROM imports ORDER BY import_id`
		);
		expect(recorded).toEqual(
			results.map((r) => ({ file_name: r.fileName, rows_read: r.rowsRead, rows_loaded: r.rowsLoaded, rows_rejected: r.rowsRejected }))
		);
	});

	it('builds the area hierarchy from the lookup: one small area per row, 20 wards, 1 local authority', async () => {
		const levels = await engine.query<{ level: string; n: number }>(`SELECT level, count(*)::INTEGER AS n FROM areas GROUP BY level ORDER BY level`);
		// data-samples/README.md: 120 small areas in 20 wards in Northbrook (X06000001).
		expect(levels).toEqual([
			{ level: 'la', n: 1 },
			{ level: 'small_area', n: dataRows('areas.csv') },
			{ level: 'ward', n: 20 }
		]);
	});

	it('matches the row counts published in data-samples/README.md', () => {
		const byFile = Object.fromEntries(results.map((r) => [r.fileName, r.rowsLoaded]));
		expect(byFile).toEqual({
			'areas.csv': 120,
			'population.csv': 1440,
			'police-cse-referrals.csv': 268,
			'csc-seraf-assessments.csv': 753,
			'health-exploitation-log.csv': 136,
			'voluntary-sector-referrals.csv': 125,
			'missing-episodes.csv': 502,
			'locations-of-concern.csv': 825,
			'small-areas.geojson': 120,
			'wards.geojson': 20
		});
	});
});
