/**
 * police.uk street-level crime into `police_crimes`: the three real Southend files (Essex Police,
 * Jan–Mar 2022) are wholly accounted for and agree with an independent parse of the CSV; bad rows
 * are kept with their reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadPoliceUk, POLICE_UK_AGENCY } from '$lib/ingest/kinds/police-uk';
import { POLICE_UK_HEADER } from '$lib/ingest/kinds/headers';

const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'police-uk');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;

const FILES = [
	{ name: '2022-01-essex-street-southend.csv', rows: 1798, month: '2022-01-01' },
	{ name: '2022-02-essex-street-southend.csv', rows: 1658, month: '2022-02-01' },
	{ name: '2022-03-essex-street-southend.csv', rows: 2147, month: '2022-03-01' }
] as const;

const enc = (text: string) => new TextEncoder().encode(text);
const readReal = (name: string) => new Uint8Array(readFileSync(join(REAL, name)));

/** The file parsed independently of DuckDB: header and data records. */
function parse(bytes: Uint8Array): { header: string[]; rows: Record<string, string>[] } {
	const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

describe('police.uk street-level crime loader', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	const count = async (sql: string, params: (string | number)[] = []) =>
		(await engine.query<{ n: number }>(`SELECT (${sql})::INTEGER AS n`, params))[0].n;

	it('accounts for every row of the three real Southend files', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		for (const f of FILES) {
			const bytes = readReal(f.name);
			const { header, rows } = parse(bytes);
			expect(header).toEqual([...POLICE_UK_HEADER]);
			expect(rows.length).toBe(f.rows);

			const result = await loadPoliceUk(engine, { name: f.name, bytes });
			expect(result.duplicate).toBe(false);
			expect(result.kind).toBe('police_crimes');
			expect(result.agency).toBe(POLICE_UK_AGENCY);
			expect(result.rowsRead).toBe(f.rows);
			expect(result.rowsLoaded + result.rowsRejected).toBe(result.rowsRead);
			// Published data: every row is well formed, so nothing is rejected.
			expect(result.rowsRejected).toBe(0);

			const id = result.importId;
			expect(await count(`SELECT count(*) FROM police_crimes WHERE import_id = ?`, [id])).toBe(result.rowsLoaded);
			expect(await count(`SELECT count(*) FROM rejected_rows WHERE import_id = ?`, [id])).toBe(result.rowsRejected);
			const [imp] = await engine.query<{ rows_read: number; rows_loaded: number; rows_rejected: number; kind: string; agency: string }>(
				`SELECT rows_read, rows_loaded, rows_rejected, kind, agency FROM imports WHERE import_id = ?`,
				[id]
			);
			expect(imp).toEqual({ rows_read: f.rows, rows_loaded: result.rowsLoaded, rows_rejected: result.rowsRejected, kind: 'police_crimes', agency: POLICE_UK_AGENCY });

			// Every row has its month as the first of the month.
			expect(await count(`SELECT count(*) FROM police_crimes WHERE import_id = ? AND month = ?::DATE`, [id, f.month])).toBe(f.rows);
			// Empty Crime IDs (anti-social behaviour) and empty LSOAs are kept as NULL, as many as the file has.
			const noId = rows.filter((r) => r['Crime ID'] === '').length;
			const noLsoa = rows.filter((r) => r['LSOA code'] === '').length;
			expect(noId).toBeGreaterThan(0);
			expect(await count(`SELECT count(*) FROM police_crimes WHERE import_id = ? AND crime_id IS NULL`, [id])).toBe(noId);
			expect(await count(`SELECT count(*) FROM police_crimes WHERE import_id = ? AND lsoa_code IS NULL`, [id])).toBe(noLsoa);
			// Every crime type count agrees with the independent parse.
			const byType = new Map<string, number>();
			for (const r of rows) byType.set(r['Crime type'], (byType.get(r['Crime type']) ?? 0) + 1);
			const stored = await engine.query<{ crime_type: string; n: number }>(
				`SELECT crime_type, count(*)::INTEGER AS n FROM police_crimes WHERE import_id = ? GROUP BY 1`,
				[id]
			);
			expect(new Map(stored.map((s) => [s.crime_type, s.n]))).toEqual(byType);
		}
	});

	it("counts January's violence and sexual offences as the CSV has them, with coordinates and lines intact", async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const bytes = readReal(FILES[0].name);
		const { rows } = parse(bytes);
		const expected = rows.filter((r) => r['Crime type'] === 'Violence and sexual offences').length;
		expect(expected).toBeGreaterThan(100);
		const [imp] = await engine.query<{ import_id: number }>(`SELECT import_id FROM imports WHERE file_name = ?`, [FILES[0].name]);
		expect(
			await count(`SELECT count(*) FROM police_crimes WHERE import_id = ? AND month = DATE '2022-01-01' AND crime_type = 'Violence and sexual offences'`, [imp.import_id])
		).toBe(expected);

		// Row 3 of the file (line 4): a crime with an ID, outcome and point.
		const r = rows[2];
		const [stored] = await engine.query(
			`SELECT crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, last_outcome, context
			 FROM police_crimes WHERE import_id = ? AND line = 4`,
			[imp.import_id]
		);
		expect(stored).toEqual({
			crime_id: r['Crime ID'], month: '2022-01-01', reported_by: r['Reported by'], falls_within: r['Falls within'],
			longitude: Number(r.Longitude), latitude: Number(r.Latitude), location: r.Location, lsoa_code: r['LSOA code'],
			lsoa_name: r['LSOA name'], crime_type: r['Crime type'], last_outcome: r['Last outcome category'], context: null
		});
	});

	it('recognises a file imported before and loads nothing twice', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const before = await count(`SELECT count(*) FROM police_crimes`);
		const again = await loadPoliceUk(engine, { name: 'renamed.csv', bytes: readReal(FILES[1].name) });
		expect(again.duplicate).toBe(true);
		expect(again.rowsRead).toBe(FILES[1].rows);
		expect(await count(`SELECT count(*) FROM police_crimes`)).toBe(before);
	});

	it('rejects rows without a month or crime type, with a bad month, or with impossible coordinates, keeping them with reasons', async () => {
		const header = 'crime_id,MONTH,reported by,Falls_Within,longitude,LATITUDE,location,lsoa_code,LSOA Name,crime type,last outcome category,context';
		const lines = [
			/* 2 */ 'a1,2024-05,Essex Police,Essex Police,0.7,51.5,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 3 */ ',2024-05,Essex Police,Essex Police,,,No location,,,Anti-social behaviour,,',
			/* 4 */ 'a3,,Essex Police,Essex Police,0.7,51.5,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 5 */ 'a4,2024-5,Essex Police,Essex Police,0.7,51.5,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 6 */ 'a5,May-24,Essex Police,Essex Police,0.7,51.5,On or near X,E01000001,Somewhere 001A,,,',
			/* 7 */ 'a6,2024-13,Essex Police,Essex Police,51.5,0.7,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 8 */ 'a7,2024-05,Essex Police,Essex Police,east,51.5,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 9 */ 'a8,2024-05,Essex Police,Essex Police,0.7,,On or near X,E01000001,Somewhere 001A,Burglary,,',
			/* 10 */ '"a9",2024-05,Essex Police,Essex Police,-0.1,51.5,"On or near ""Quoted"", Street",E01000002,Somewhere 002A,Drugs,,'
		];
		const result = await loadPoliceUk(engine, { name: 'synthetic.csv', bytes: enc([header, ...lines].join('\r\n') + '\r\n') });
		expect(result.rowsRead).toBe(9);
		expect(result.rowsLoaded).toBe(3);
		expect(result.rowsRejected).toBe(6);
		const rejected = await engine.query<{ line: number; raw: string; reasons: string[] }>(
			`SELECT line, raw, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`,
			[result.importId]
		);
		expect(rejected.map((r) => [r.line, r.reasons])).toEqual([
			[4, ['REQ01:month']],
			[5, ['DAT01:month']],
			[6, ['DAT01:month', 'REQ01:crime_type']],
			[7, ['DAT01:month', 'NUM02:longitude', 'NUM02:latitude']],
			[8, ['NUM01:longitude']],
			[9, ['REQ01:latitude']]
		]);
		expect(rejected[0].raw).toBe(lines[2]);
		const loaded = await engine.query(
			`SELECT line, crime_id, month, longitude, latitude, location, lsoa_code FROM police_crimes WHERE import_id = ? ORDER BY line`,
			[result.importId]
		);
		expect(loaded).toEqual([
			{ line: 2, crime_id: 'a1', month: '2024-05-01', longitude: 0.7, latitude: 51.5, location: 'On or near X', lsoa_code: 'E01000001' },
			{ line: 3, crime_id: null, month: '2024-05-01', longitude: null, latitude: null, location: 'No location', lsoa_code: null },
			{ line: 10, crime_id: 'a9', month: '2024-05-01', longitude: -0.1, latitude: 51.5, location: 'On or near "Quoted", Street', lsoa_code: 'E01000002' }
		]);
	});

	it('refuses a file without the month or crime type columns, changing nothing', async () => {
		const before = await count(`SELECT count(*) FROM imports`);
		await expect(
			loadPoliceUk(engine, { name: 'not-police.csv', bytes: enc('Crime ID,Longitude,Latitude\nx,0.1,51\n') })
		).rejects.toThrow(/Month, Crime type/);
		expect(await count(`SELECT count(*) FROM imports`)).toBe(before);
	});
});
