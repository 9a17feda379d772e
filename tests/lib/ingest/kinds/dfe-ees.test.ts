/**
 * DfE explore-education-statistics files into `published_stats`: the real children-in-need
 * factors file (wide: a column per measure) and looked-after missing file (long: `CLA_group`
 * names the measure, `number` holds it), checked against SOURCES.md and an independent parse.
 * GSS symbols stay symbols, never zeros; bad rows are kept with reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadDfeEes } from '$lib/ingest/kinds/dfe-ees';
import { GSS_SYMBOLS } from '$lib/ingest/kinds/sql';

const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'dfe');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;
const C3 = 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv';
const MISSING = 'la_children_who_were_missing_or_away_from_placement_without_authorisation_2020-2024.csv';
const STANDARD = new Set(['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name', 'region_code',
	'region_name', 'old_la_code', 'new_la_code', 'la_name']);

const enc = (text: string) => new TextEncoder().encode(text);
const readReal = (name: string) => new Uint8Array(readFileSync(join(REAL, name)));

function parse(bytes: Uint8Array): { header: string[]; rows: Record<string, string>[] } {
	const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

describe('DfE explore-education-statistics loader', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	const count = async (sql: string, params: (string | number)[] = []) =>
		(await engine.query<{ n: number }>(`SELECT (${sql})::INTEGER AS n`, params))[0].n;
	const importIdOf = async (fileName: string) =>
		(await engine.query<{ id: number }>(`SELECT import_id AS id FROM imports WHERE file_name = ?`, [fileName]))[0].id;

	it('loads the children-in-need factors file (wide): every row, one figure per measure cell', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const bytes = readReal(C3);
		const { header, rows } = parse(bytes);
		expect(rows.length).toBe(1312);
		const result = await loadDfeEes(engine, { name: C3, bytes });
		expect(result.kind).toBe('published_stats');
		expect(result.rowsRead).toBe(1312);
		expect(result.rowsRejected).toBe(0);
		expect(result.rowsLoaded + result.rowsRejected).toBe(result.rowsRead);

		// `category` is a filter (words), every other non-standard column a measure.
		const measures = header.filter((h) => !STANDARD.has(h) && h !== 'category');
		expect(measures.length).toBe(40);
		const cells = rows.reduce((n, r) => n + measures.filter((m) => r[m] !== '').length, 0);
		expect(await count(`SELECT count(*) FROM published_stats WHERE import_id = ?`, [result.importId])).toBe(cells);
		expect(
			await engine.query(`SELECT DISTINCT breakdown FROM published_stats WHERE import_id = ?`, [result.importId])
		).toEqual([{ breakdown: 'category=Factors identified at the end of assessment' }]);
		expect(await count(`SELECT count(DISTINCT measure) FROM published_stats WHERE import_id = ?`, [result.importId])).toBe(40);
	});

	it("gives Southend-on-Sea's published CSE factor counts for 2018 to 2025 (SOURCES.md)", async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const id = await importIdOf(C3);
		const southend = await engine.query<{ time_period: string; value: number; raw_value: string; breakdown: string; area_name: string }>(
			`SELECT time_period, value, raw_value, breakdown, area_name FROM published_stats
			 WHERE import_id = ? AND area_code = 'E06000033' AND geographic_level = 'Local authority' AND measure = 'Child_sexual_exploitation'
			 ORDER BY time_period`,
			[id]
		);
		expect(southend.map((r) => [r.time_period, r.value])).toEqual([
			['2018', 46], ['2019', 119], ['2020', 141], ['2021', 93], ['2022', 131], ['2023', 88], ['2024', 89], ['2025', 85]
		]);
		expect(new Set(southend.map((r) => r.breakdown))).toEqual(new Set(['category=Factors identified at the end of assessment']));
		expect(new Set(southend.map((r) => r.area_name))).toEqual(new Set(['Southend-on-Sea']));
		expect(southend.map((r) => r.raw_value)).toEqual(['46', '119', '141', '93', '131', '88', '89', '85']);

		// Each LA row keeps the region DfE publishes beside it: Southend-on-Sea is in the East of England.
		expect(
			await engine.query(`SELECT DISTINCT region_code FROM published_stats WHERE import_id = ? AND area_code = 'E06000033'`, [id])
		).toEqual([{ region_code: 'E12000006' }]);

		// National and regional rows carry the country's and region's codes.
		const levels = await engine.query(
			`SELECT geographic_level, area_code, area_name, value FROM published_stats
			 WHERE import_id = ? AND time_period = '2025' AND measure = 'Child_sexual_exploitation' AND geographic_level <> 'Local authority'
			 ORDER BY geographic_level, area_code LIMIT 2`,
			[id]
		);
		expect(levels).toEqual([
			{ geographic_level: 'National', area_code: 'E92000001', area_name: 'England', value: 12400 },
			{ geographic_level: 'Regional', area_code: 'E12000001', area_name: 'North East', value: 620 }
		]);
	});

	it('keeps every suppressed or unavailable cell as its symbol with no value, never as 0', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const id = await importIdOf(C3);
		const { header, rows } = parse(readReal(C3));
		const measures = header.filter((h) => !STANDARD.has(h) && h !== 'category');
		const symbols = new Map<string, number>();
		for (const r of rows) for (const m of measures) if (!/^\d+$/.test(r[m])) symbols.set(r[m], (symbols.get(r[m]) ?? 0) + 1);
		// The file holds c, x, z and u (SOURCES.md) and nothing else but whole numbers.
		expect([...symbols.keys()].sort()).toEqual(['c', 'u', 'x', 'z']);
		const stored = await engine.query<{ raw_value: string; n: number; with_value: number }>(
			`SELECT raw_value, count(*)::INTEGER AS n, count(value)::INTEGER AS with_value FROM published_stats
			 WHERE import_id = ? AND raw_value IN ('c', 'x', 'z', 'u') GROUP BY 1 ORDER BY 1`,
			[id]
		);
		expect(stored).toEqual([...symbols.entries()].sort().map(([raw_value, n]) => ({ raw_value, n, with_value: 0 })));
		// A zero is only ever a published 0.
		expect(await count(`SELECT count(*) FROM published_stats WHERE import_id = ? AND value = 0 AND raw_value <> '0'`, [id])).toBe(0);
		// Southend 2018: Trafficking was suppressed ('c'); 2021: child criminal exploitation not yet collected ('x').
		const southend = await engine.query(
			`SELECT time_period, measure, value, raw_value FROM published_stats
			 WHERE import_id = ? AND area_code = 'E06000033'
			   AND ((time_period = '2018' AND measure = 'Trafficking') OR (time_period = '2021' AND measure = 'Child_criminal_exploitation'))
			 ORDER BY time_period`,
			[id]
		);
		const cell = (year: string, m: string) => rows.find((r) => r.new_la_code === 'E06000033' && r.time_period === year)![m];
		expect(cell('2018', 'Trafficking')).toBe('c');
		expect(cell('2021', 'Child_criminal_exploitation')).toBe('x');
		expect(southend).toEqual([
			{ time_period: '2018', measure: 'Trafficking', value: null, raw_value: 'c' },
			{ time_period: '2021', measure: 'Child_criminal_exploitation', value: null, raw_value: 'x' }
		]);
	});

	it('loads the looked-after missing file (long, BOM, CRLF): one figure per row, named by CLA_group', async () => {
		if (!HAVE_REAL) return console.warn(SKIP_NOTE);
		const bytes = readReal(MISSING);
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes.slice(0, 400))).toContain('\r\n');
		const { rows } = parse(bytes);
		expect(rows.length).toBe(10855);
		const result = await loadDfeEes(engine, { name: MISSING, bytes });
		expect(result.rowsRead).toBe(10855);
		expect(result.rowsRejected).toBe(0);
		expect(result.rowsLoaded).toBe(10855);
		const id = result.importId;
		expect(await count(`SELECT count(*) FROM published_stats WHERE import_id = ?`, [id])).toBe(10855);
		// No other filter columns, so no breakdown; the measure is the CLA_group text.
		expect(await count(`SELECT count(*) FROM published_stats WHERE import_id = ? AND breakdown IS NOT NULL`, [id])).toBe(0);
		const groups = new Set(rows.map((r) => r.CLA_group));
		expect(groups.size).toBe(13);
		const measures = await engine.query<{ measure: string }>(`SELECT DISTINCT measure FROM published_stats WHERE import_id = ?`, [id]);
		expect(new Set(measures.map((m) => m.measure))).toEqual(groups);

		const [southend] = await engine.query(
			`SELECT area_name, value, raw_value, time_identifier FROM published_stats WHERE import_id = ? AND area_code = 'E06000033'
			 AND time_period = '2024' AND measure = 'Children who had a missing incident during the year'`,
			[id]
		);
		expect(southend).toEqual({ area_name: 'Southend-on-Sea', value: 55, raw_value: '55', time_identifier: 'Reporting year' });
		const [average] = await engine.query(
			`SELECT value FROM published_stats WHERE import_id = ? AND area_code = 'E06000033' AND time_period = '2024'
			 AND measure = 'Average number of missing incidents per looked after child who went missing'`,
			[id]
		);
		expect(average).toEqual({ value: 8.9 });

		// Symbols as the file has them: c 1,206, z 244, k 5 — all without a value.
		const symbols = new Map<string, number>();
		for (const r of rows) if (!/^\d+(\.\d+)?$/.test(r.number)) symbols.set(r.number, (symbols.get(r.number) ?? 0) + 1);
		expect(Object.fromEntries(symbols)).toEqual({ c: 1206, z: 244, k: 5 });
		const stored = await engine.query<{ raw_value: string; n: number; with_value: number }>(
			`SELECT raw_value, count(*)::INTEGER AS n, count(value)::INTEGER AS with_value FROM published_stats
			 WHERE import_id = ? AND value IS NULL GROUP BY 1 ORDER BY 1`,
			[id]
		);
		expect(stored).toEqual([
			{ raw_value: 'c', n: 1206, with_value: 0 },
			{ raw_value: 'k', n: 5, with_value: 0 },
			{ raw_value: 'z', n: 244, with_value: 0 }
		]);
	});

	it('matches drifted column names, parses thousands separators and keeps every GSS symbol', async () => {
		const csv = [
			'Time_Period,TIME_IDENTIFIER,Geographic Level,Country_Code,country_name,Region_Code,region_name,New_LA_Code,LA_Name,Category,Going_Missing,CSE',
			'2025,Reporting year,National,E92000001,England,,,,,All,"12,345",7',
			'2025,Reporting year,Regional,E92000001,England,E12000006,East of England,,,All,low,:',
			'2025,Reporting year,Local authority,E92000001,England,E12000006,East of England,E06000033,Southend-on-Sea,All,..,K',
			'2025,Reporting year,Local authority,E92000001,England,E12000006,East of England,E06000034,Thurrock,All,U,1.5'
		].join('\n');
		const result = await loadDfeEes(engine, { name: 'drift.csv', bytes: enc(csv) });
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([4, 4, 0]);
		const stored = await engine.query(
			`SELECT line, geographic_level, area_code, breakdown, measure, value, raw_value FROM published_stats WHERE import_id = ? ORDER BY line, measure`,
			[result.importId]
		);
		expect(stored).toEqual([
			{ line: 2, geographic_level: 'National', area_code: 'E92000001', breakdown: 'Category=All', measure: 'CSE', value: 7, raw_value: '7' },
			{ line: 2, geographic_level: 'National', area_code: 'E92000001', breakdown: 'Category=All', measure: 'Going_Missing', value: 12345, raw_value: '12,345' },
			{ line: 3, geographic_level: 'Regional', area_code: 'E12000006', breakdown: 'Category=All', measure: 'CSE', value: null, raw_value: ':' },
			{ line: 3, geographic_level: 'Regional', area_code: 'E12000006', breakdown: 'Category=All', measure: 'Going_Missing', value: null, raw_value: 'low' },
			{ line: 4, geographic_level: 'Local authority', area_code: 'E06000033', breakdown: 'Category=All', measure: 'CSE', value: null, raw_value: 'K' },
			{ line: 4, geographic_level: 'Local authority', area_code: 'E06000033', breakdown: 'Category=All', measure: 'Going_Missing', value: null, raw_value: '..' },
			{ line: 5, geographic_level: 'Local authority', area_code: 'E06000034', breakdown: 'Category=All', measure: 'CSE', value: 1.5, raw_value: '1.5' },
			{ line: 5, geographic_level: 'Local authority', area_code: 'E06000034', breakdown: 'Category=All', measure: 'Going_Missing', value: null, raw_value: 'U' }
		]);
		expect(GSS_SYMBOLS).toEqual(['c', 'x', 'z', 'low', 'k', 'u', ':', '..']);
	});

	it('rejects a row with no time period or level, a figure that is not a number, or no figure at all; counts input rows', async () => {
		const csv = [
			'time_period,time_identifier,geographic_level,country_code,country_name,new_la_code,la_name,breakdown,Going_missing,Gangs',
			/* 2 */ '2024,Reporting year,National,E92000001,England,,,Total,10,c',
			/* 3 */ ',Reporting year,National,E92000001,England,,,Total,10,11',
			/* 4 */ '2024,Reporting year,,E92000001,England,,,Total,10,11',
			/* 5 */ '2024,Reporting year,National,E92000001,England,,,Total,ten,11',
			/* 6 */ '2024,Reporting year,National,E92000001,England,,,Total,,',
			/* 7 */ '2024,Reporting year,Local authority,E92000001,England,E06000033,Southend-on-Sea,Total,,3',
			/* 8 */ '2024,Reporting year,National,E92000001,England,,,Total,-,0'
		].join('\r\n');
		const result = await loadDfeEes(engine, { name: 'bad-rows.csv', bytes: enc(csv) });
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([7, 2, 5]);
		const rejected = await engine.query<{ line: number; reasons: string[] }>(
			`SELECT line, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`,
			[result.importId]
		);
		expect(rejected.map((r) => [r.line, r.reasons])).toEqual([
			[3, ['REQ01:time_period']],
			[4, ['REQ01:geographic_level']],
			[5, ['NUM01:Going_missing']],
			[6, ['REQ01:value']],
			[8, ['NUM01:Going_missing']]
		]);
		// A blank cell stores nothing; the rest of its row is kept.
		const stored = await engine.query(
			`SELECT line, area_code, breakdown, measure, value, raw_value FROM published_stats WHERE import_id = ? ORDER BY line, measure`,
			[result.importId]
		);
		expect(stored).toEqual([
			{ line: 2, area_code: 'E92000001', breakdown: 'breakdown=Total', measure: 'Gangs', value: null, raw_value: 'c' },
			{ line: 2, area_code: 'E92000001', breakdown: 'breakdown=Total', measure: 'Going_missing', value: 10, raw_value: '10' },
			{ line: 7, area_code: 'E06000033', breakdown: 'breakdown=Total', measure: 'Gangs', value: 3, raw_value: '3' }
		]);
	});

	it('reads a long file whose value column is `value` and measure column `measure`, with other filters in breakdown', async () => {
		const csv = [
			'time_period,time_identifier,geographic_level,country_code,country_name,sex,measure,value',
			'202324,Financial year,National,E92000001,England,Girls,Children at risk,120',
			'202324,Financial year,National,E92000001,England,Boys,Children at risk,c'
		].join('\n');
		const result = await loadDfeEes(engine, { name: 'long.csv', bytes: enc(csv) });
		expect([result.rowsRead, result.rowsLoaded, result.rowsRejected]).toEqual([2, 2, 0]);
		expect(
			await engine.query(`SELECT time_period, time_identifier, breakdown, measure, value, raw_value FROM published_stats WHERE import_id = ? ORDER BY line`, [result.importId])
		).toEqual([
			{ time_period: '202324', time_identifier: 'Financial year', breakdown: 'sex=Girls', measure: 'Children at risk', value: 120, raw_value: '120' },
			{ time_period: '202324', time_identifier: 'Financial year', breakdown: 'sex=Boys', measure: 'Children at risk', value: null, raw_value: 'c' }
		]);

		// No column known to name the measure: the value column's name is the measure, the rest are filters.
		const plain = await loadDfeEes(engine, {
			name: 'long-plain.csv',
			bytes: enc('time_period,time_identifier,geographic_level,country_code,country_name,school_type,number\n2024,Academic year,National,E92000001,England,Academy,12\n')
		});
		expect(await engine.query(`SELECT breakdown, measure, value FROM published_stats WHERE import_id = ?`, [plain.importId])).toEqual([
			{ breakdown: 'school_type=Academy', measure: 'number', value: 12 }
		]);
	});

	it('refuses a file that is not an EES data file, changing nothing', async () => {
		const before = await count(`SELECT count(*) FROM imports`);
		await expect(loadDfeEes(engine, { name: 'x.csv', bytes: enc('time_period,la_name,number\n2024,X,1\n') })).rejects.toThrow(
			/time_identifier, geographic_level/
		);
		expect(await count(`SELECT count(*) FROM imports`)).toBe(before);
	});
});
