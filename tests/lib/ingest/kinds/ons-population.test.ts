/**
 * ONS population estimates into `population` (and their areas into `areas`): the real Southend
 * LSOA file (IoD 2019 denominators: BOM, CRLF, thousands separators) and the DfE-layout children
 * 0–17 file by local authority, checked against SOURCES.md and an independent parse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadOnsPopulationLa, loadOnsPopulationSmallArea } from '$lib/ingest/kinds/ons-population';
import { ImportError } from '$lib/ingest/errors';

const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'population');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;
const LSOA = 'lsoa2011-population-mid2015-southend.csv';
const LA = 'la-children-0-17-2012-2024.csv';
const CHILDREN = 'Dependent Children aged 0-15: mid 2015 (excluding prisoners)';
const AGED_16_59 = 'Population aged 16-59: mid 2015 (excluding prisoners)';

const enc = (text: string) => new TextEncoder().encode(text);
const readReal = (name: string) => new Uint8Array(readFileSync(join(REAL, name)));
const num = (cell: string) => Number(cell.replaceAll(',', ''));

function parse(bytes: Uint8Array): { header: string[]; rows: Record<string, string>[] } {
	const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

describe('ONS population loaders', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	const count = async (sql: string, params: (string | number)[] = []) =>
		(await engine.query<{ n: number }>(`SELECT (${sql})::INTEGER AS n`, params))[0].n;

	it('loads the Southend LSOA file: 107 areas, children 0–15 and ages 16–59 for mid-2015, areas registered', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const bytes = readReal(LSOA);
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const { rows } = parse(bytes);
		expect(rows.length).toBe(107);
		const result = await loadOnsPopulationSmallArea(engine, { name: LSOA, bytes });
		expect(result.kind).toBe('population');
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([107, 107, 0]);
		const id = result.importId;
		// Two closed bands per area (0–15 and 16–59); open and mixed bands are not loaded.
		expect(
			await engine.query(`SELECT age_from, age_to, year, count(*)::INTEGER AS n FROM population WHERE import_id = ? GROUP BY ALL ORDER BY 1`, [id])
		).toEqual([
			{ age_from: 0, age_to: 15, year: 2015, n: 107 },
			{ age_from: 16, age_to: 59, year: 2015, n: 107 }
		]);
		// Every count agrees with the file, thousands separators and all.
		const stored = await engine.query<{ area_code: string; age_from: number; count: number }>(
			`SELECT area_code, age_from, count FROM population WHERE import_id = ?`,
			[id]
		);
		const byKey = new Map(stored.map((s) => [`${s.area_code}/${s.age_from}`, s.count]));
		for (const r of rows) {
			expect(byKey.get(`${r['LSOA code (2011)']}/0`)).toBe(num(r[CHILDREN]));
			expect(byKey.get(`${r['LSOA code (2011)']}/16`)).toBe(num(r[AGED_16_59]));
		}
		// E01015899 (Southend-on-Sea 010E): 455 children; "1,297" people aged 16–59.
		const e01015899 = rows.find((r) => r['LSOA code (2011)'] === 'E01015899')!;
		expect([e01015899[CHILDREN], e01015899[AGED_16_59]]).toEqual(['455', '1,297']);
		expect(byKey.get('E01015899/0')).toBe(455);
		expect(byKey.get('E01015899/16')).toBe(1297);
		expect(await count(`SELECT sum(count) FROM population WHERE import_id = ? AND age_to = 15`, [id])).toBe(
			rows.reduce((n, r) => n + num(r[CHILDREN]), 0)
		);

		// The areas it names, with their names, LA and boundary vintage.
		expect(
			await engine.query(`SELECT level, vintage, parent_code, count(*)::INTEGER AS n FROM areas WHERE import_id = ? GROUP BY ALL ORDER BY 1`, [id])
		).toEqual([
			{ level: 'la', vintage: '2019', parent_code: null, n: 1 },
			{ level: 'small_area', vintage: '2011', parent_code: 'E06000033', n: 107 }
		]);
		expect(await engine.query(`SELECT area_name FROM areas WHERE area_code IN ('E01015899', 'E06000033') ORDER BY area_code`)).toEqual([
			{ area_name: 'Southend-on-Sea 010E' },
			{ area_name: 'Southend-on-Sea' }
		]);
	});

	it('loads the LA children 0–17 file: every row accounted for, Southend 2024 = 39,611', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const bytes = readReal(LA);
		const { rows } = parse(bytes);
		expect(rows.length).toBe(2132);
		const unavailable = rows.filter((r) => r.population_estimate === 'x');
		const result = await loadOnsPopulationLa(engine, { name: LA, bytes });
		expect(result.rowsRead).toBe(2132);
		expect(result.rowsLoaded + result.rowsRejected).toBe(2132);
		// The only rows that cannot be loaded: estimates published as 'x' (not available).
		expect(result.rowsRejected).toBe(unavailable.length);
		expect(unavailable.length).toBe(21);
		const id = result.importId;
		const rejected = await engine.query<{ reasons: string[] }>(`SELECT DISTINCT reasons FROM rejected_rows WHERE import_id = ?`, [id]);
		expect(rejected).toEqual([{ reasons: ['NUM01:count'] }]);

		const at = (code: string, year: number) =>
			engine.query(`SELECT age_from, age_to, count FROM population WHERE import_id = ? AND area_code = ? AND year = ?`, [id, code, year]);
		expect(await at('E06000033', 2024)).toEqual([{ age_from: 0, age_to: 17, count: 39611 }]);
		// National and regional rows are kept under the country's and region's codes.
		expect(await at('E92000001', 2024)).toEqual([{ age_from: 0, age_to: 17, count: 12183016 }]);
		expect(await at('E12000001', 2024)).toEqual([{ age_from: 0, age_to: 17, count: 542710 }]);
		// Every loaded count agrees with the file.
		const total = rows.filter((r) => r.population_estimate !== 'x').reduce((n, r) => n + num(r.population_estimate), 0);
		expect(await count(`SELECT sum(count) FROM population WHERE import_id = ?`, [id])).toBe(total);
		expect(await count(`SELECT count(*) FROM population WHERE import_id = ? AND (age_from, age_to) <> (0, 17)`, [id])).toBe(0);

		// Local authorities not yet known are added (Southend came with the LSOA file, so not twice).
		const laCodes = new Set(rows.filter((r) => r.geographic_level === 'Local authority' && r.population_estimate !== 'x').map((r) => r.new_la_code));
		const known = (await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM areas WHERE level = 'la'`))[0].n;
		expect(known).toBe(laCodes.size);
		expect(await count(`SELECT count(*) FROM areas WHERE area_code = 'E06000033'`)).toBe(1);
		expect(await count(`SELECT count(*) FROM areas WHERE import_id = ?`, [id])).toBe(laCodes.size - 1);
	});

	it('loads a plainer small-area file given its year, registering only the areas asked for', async () => {
		const csv = ['LSOA21CD,LSOA21NM,children_0_17', 'X01000001,Anywhere 001A,"1,296"', 'X01000002,Anywhere 001B,87', ',Nowhere,3', 'X01000004,Anywhere 001D,x'].join('\r\n');
		const bytes = enc('\uFEFF' + csv + '\r\n');
		// No year in the header and none given: the file is refused and nothing changes.
		const before = await count(`SELECT count(*) FROM imports`);
		await expect(loadOnsPopulationSmallArea(engine, { name: 'plain.csv', bytes })).rejects.toBeInstanceOf(ImportError);
		expect(await count(`SELECT count(*) FROM imports`)).toBe(before);

		const result = await loadOnsPopulationSmallArea(engine, { name: 'plain.csv', bytes }, { year: 2022, registerAreas: ['X01000002'] });
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([4, 2, 2]);
		expect(
			await engine.query(`SELECT line, area_code, year, age_from, age_to, count FROM population WHERE import_id = ? ORDER BY line`, [result.importId])
		).toEqual([
			{ line: 2, area_code: 'X01000001', year: 2022, age_from: 0, age_to: 17, count: 1296 },
			{ line: 3, area_code: 'X01000002', year: 2022, age_from: 0, age_to: 17, count: 87 }
		]);
		expect(
			(await engine.query<{ line: number; reasons: string[] }>(`SELECT line, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`, [result.importId])).map(
				(r) => [r.line, r.reasons]
			)
		).toEqual([
			[4, ['REQ01:area_code']],
			[5, ['NUM01:children_0_17']]
		]);
		expect(await engine.query(`SELECT area_code, area_name, level, vintage FROM areas WHERE import_id = ?`, [result.importId])).toEqual([
			{ area_code: 'X01000002', area_name: 'Anywhere 001B', level: 'small_area', vintage: '2021' }
		]);
	});

	it('reads age bands and financial-year periods in the DfE layout, and rejects what it cannot read', async () => {
		const csv = [
			'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,la_name,age_group,population_estimate',
			/* 2 */ '202425,Financial year,Local authority,E92000001,England,E12000006,East of England,X06000001,Northbrook,Under 18,"41,002"',
			/* 3 */ '2024,Calendar year,Local authority,E92000001,England,E12000006,East of England,X06000001,Northbrook,Aged 10-15,9000',
			/* 4 */ '2024,Calendar year,Local authority,E92000001,England,E12000006,East of England,X06000001,Northbrook,All ages,190000',
			/* 5 */ 'twenty,Calendar year,Local authority,E92000001,England,E12000006,East of England,X06000001,Northbrook,0 to 17,1',
			/* 6 */ '2024,Calendar year,Local authority,E92000001,England,E12000006,East of England,,Northbrook,0 to 17,-4',
			/* 7 */ '2024,Calendar year,Ward,E92000001,England,E12000006,East of England,X06000001,Northbrook,0 to 17,12.5'
		].join('\n');
		const result = await loadOnsPopulationLa(engine, { name: 'bands.csv', bytes: enc(csv) }, { registerAreas: false });
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([6, 2, 4]);
		expect(
			await engine.query(`SELECT line, area_code, year, age_from, age_to, count FROM population WHERE import_id = ? ORDER BY line`, [result.importId])
		).toEqual([
			{ line: 2, area_code: 'X06000001', year: 2024, age_from: 0, age_to: 17, count: 41002 },
			{ line: 3, area_code: 'X06000001', year: 2024, age_from: 10, age_to: 15, count: 9000 }
		]);
		expect(
			(await engine.query<{ line: number; reasons: string[] }>(`SELECT line, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`, [result.importId])).map(
				(r) => [r.line, r.reasons]
			)
		).toEqual([
			[4, ['COD01:age_from']],
			[5, ['DAT01:year']],
			[6, ['REQ01:area_code', 'NUM02:count']],
			[7, ['REQ01:area_code', 'NUM01:count']]
		]);
		expect(await count(`SELECT count(*) FROM areas WHERE import_id = ?`, [result.importId])).toBe(0);
	});
});
