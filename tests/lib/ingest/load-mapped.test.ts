/**
 * The mapped loader's behaviour on the files real agencies send: date formats, BOMs and CRLF,
 * quoting, hostile text, header spelling, repeats, wrong mappings and files that are not CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine, SqlParam } from '$lib/db/engine';
import { conversionStatements, loadMapped, runStatements, type Statement } from '$lib/ingest/load-mapped';
import { ImportError } from '$lib/ingest/errors';
import { fingerprint } from '$lib/ingest/fingerprint';
import { prepareCsv } from '$lib/ingest/stage';
import type { DateFormat, Mapping } from '$lib/ingest/mapping';

const TODAY = '2026-11-28';
const enc = (text: string) => new TextEncoder().encode(text);

/** Concerns with a child, a date identified and an optional month of birth and risk label. */
function concerns(dateFormat: DateFormat, name = `Concerns (${dateFormat})`): Mapping {
	return {
		name,
		agency: 'Health',
		target: 'concerns',
		dateFormat,
		header: ['Child', 'Identified', 'Label'],
		fields: { child_id: { column: 'Child' }, identified_on: { column: 'Identified' }, risk_label: { column: 'Label' } }
	};
}

function episodes(dateFormat: DateFormat): Mapping {
	return {
		name: `Episodes (${dateFormat})`,
		agency: 'Police',
		target: 'missing_episodes',
		dateFormat,
		header: ['Child', 'Start', 'End'],
		fields: { child_id: { column: 'Child' }, started_at: { column: 'Start' }, ended_at: { column: 'End' } }
	};
}

const TABLES = ['imports', 'rejected_rows', 'concerns', 'missing_episodes', 'locations', 'population', 'areas'] as const;

describe('loadMapped', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	let fileNo = 0;
	/** Each call gets its own file name; the text decides the fingerprint. */
	const load = (text: string | Uint8Array, mapping: Mapping, today = TODAY) =>
		loadMapped(engine, { name: `file-${++fileNo}.csv`, bytes: typeof text === 'string' ? enc(text) : text }, mapping, { today });

	const rejectedOf = (importId: number) =>
		engine.query<{ line: number; raw: string; reasons: string[] }>(
			`SELECT line, raw, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`,
			[importId]
		);
	const concernsOf = (importId: number) =>
		engine.query<{ line: number; child_id: string; identified_on: string; risk_label: string | null }>(
			`SELECT line, child_id, identified_on, risk_label FROM concerns WHERE import_id = ? ORDER BY line`,
			[importId]
		);
	async function tableCounts(): Promise<Record<string, number>> {
		const out: Record<string, number> = {};
		for (const t of TABLES) {
			const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
			out[t] = n;
		}
		return out;
	}

	describe('date formats', () => {
		it('dmy: dd/mm/yyyy, also dd-mm-yyyy and dd.mm.yyyy; a time after the date is dropped in a date field', async () => {
			const r = await load(
				'Child,Identified,Label\nA,05/11/2023,\nB,05-11-2023,\nC,05.11.2023,\nD,11/05/2023,\nE,31/12/2023 23:59,\n',
				concerns('dmy')
			);
			expect(r.rowsRejected).toBe(0);
			// Day first: 05/11 is 5 November; 11/05 is 11 May. 23:59 on 31 Dec is still 31 Dec.
			expect((await concernsOf(r.importId)).map((c) => c.identified_on)).toEqual([
				'2023-11-05', '2023-11-05', '2023-11-05', '2023-05-11', '2023-12-31'
			]);
		});

		it('dmy timestamps: dd/mm/yyyy HH:MM and HH:MM:SS; a date alone is midnight', async () => {
			const r = await load(
				'Child,Start,End\nA,18/10/2023 06:14,18/10/2023 17:32:05\nB,03/01/2024,04/01/2024 00:01\n',
				episodes('dmy')
			);
			expect(r.rowsRejected).toBe(0);
			const rows = await engine.query(`SELECT child_id, started_at, ended_at FROM missing_episodes WHERE import_id = ? ORDER BY line`, [r.importId]);
			expect(rows).toEqual([
				{ child_id: 'A', started_at: '2023-10-18T06:14:00', ended_at: '2023-10-18T17:32:05' },
				{ child_id: 'B', started_at: '2024-01-03T00:00:00', ended_at: '2024-01-04T00:01:00' }
			]);
		});

		it('dmy: the fast path for dd/mm/yyyy gives the same answers as the pattern list, at its edges', async () => {
			// 10 characters with slashes at 3 and 6 take the fast path; the others go through the list.
			const r = await load(
				'Child,Identified,Label\nA,1/2/2024,\nB,01/2/2024,\nC,15/03/24,\nD,29/02/2024,\nE,29/02/2023,\nF,32/01/2024,\nG,2024/01/05,\nH,01/02/2024 ,\n',
				concerns('dmy')
			);
			expect((await concernsOf(r.importId)).map((c) => [c.child_id, c.identified_on])).toEqual([
				['A', '2024-02-01'], ['B', '2024-02-01'], ['C', '2024-03-15'], ['D', '2024-02-29'], ['H', '2024-02-01']
			]);
			expect((await rejectedOf(r.importId)).map((x) => [x.line, x.reasons])).toEqual([
				[6, ['DAT01:identified_on']], [7, ['DAT01:identified_on']], [8, ['DAT01:identified_on']]
			]);
		});

		it('iso: yyyy-mm-dd, with or without a time, and dd/mm/yyyy is refused', async () => {
			const r = await load('Child,Identified,Label\nA,2024-02-29,\nB,2024-03-01T09:30:00,\nC,01/03/2024,\n', concerns('iso'));
			expect((await concernsOf(r.importId)).map((c) => c.identified_on)).toEqual(['2024-02-29', '2024-03-01']);
			expect(await rejectedOf(r.importId)).toEqual([{ line: 4, raw: 'C,01/03/2024,', reasons: ['DAT01:identified_on'] }]);
		});

		it('ym: yyyy-mm is the first of the month', async () => {
			const mapping: Mapping = {
				...concerns('dmy', 'Concerns with month of birth'),
				fields: { ...concerns('dmy').fields, birth_month: { column: 'Born', format: 'ym' } }
			};
			const r = await load('Child,Identified,Label,Born\nA,01/02/2024,,2011-03\nB,01/02/2024,,2011-13\n', mapping);
			const rows = await engine.query(`SELECT child_id, birth_month FROM concerns WHERE import_id = ? ORDER BY line`, [r.importId]);
			expect(rows).toEqual([{ child_id: 'A', birth_month: '2011-03-01' }]);
			// Month 13 does not exist.
			expect((await rejectedOf(r.importId)).map((x) => [x.line, x.reasons])).toEqual([[3, ['DAT01:birth_month']]]);
		});

		it('excel: serial day numbers count from 30 Dec 1899 (45000 is 15 Mar 2023)', async () => {
			// 45000 days after 1899-12-30: Excel shows 45000 as 15/03/2023. 45292 is 1 Jan 2024 (45000 + 292:
			// 16 Mar–31 Dec 2023 is 16 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 291 days, then +1).
			const r = await load('Child,Identified,Label\nA,45000,\nB,45292,\nC,soon,\n', concerns('excel'));
			expect((await concernsOf(r.importId)).map((c) => c.identified_on)).toEqual(['2023-03-15', '2024-01-01']);
			expect((await rejectedOf(r.importId)).map((x) => [x.line, x.reasons])).toEqual([[4, ['DAT01:identified_on']]]);
		});

		it('excel: the fraction of a serial is the time of day', async () => {
			// .25 of a day is 06:00; .5 is noon.
			const r = await load('Child,Start,End\nA,45000.25,45000.5\n', episodes('excel'));
			const rows = await engine.query(`SELECT started_at, ended_at FROM missing_episodes WHERE import_id = ?`, [r.importId]);
			expect(rows).toEqual([{ started_at: '2023-03-15T06:00:00', ended_at: '2023-03-15T12:00:00' }]);
		});

		it('mon-yy: Jan-22 is 1 Jan 2022; Jan-2022 and "January 2022" too', async () => {
			const r = await load('Child,Identified,Label\nA,Jan-22,\nB,Jan-2022,\nC,January 2022,\nD,Sep-23,\nE,Foo-22,\n', concerns('mon-yy'));
			expect((await concernsOf(r.importId)).map((c) => c.identified_on)).toEqual(['2022-01-01', '2022-01-01', '2022-01-01', '2023-09-01']);
			expect((await rejectedOf(r.importId)).map((x) => [x.line, x.reasons])).toEqual([[6, ['DAT01:identified_on']]]);
		});
	});

	it('reads a file with a UTF-8 byte order mark and CRLF line ends', async () => {
		// The BOM must not stick to the first header cell ("Child"), and no "\r" may stick to the last cell.
		const r = await load('\uFEFFChild,Identified,Label\r\nA,01/02/2024,Low\r\nB,bad,High\r\n', concerns('dmy'));
		expect([r.rowsRead, r.rowsLoaded, r.rowsRejected]).toEqual([2, 1, 1]);
		expect(await concernsOf(r.importId)).toEqual([{ line: 2, child_id: 'A', identified_on: '2024-02-01', risk_label: 'Low' }]);
		expect(await rejectedOf(r.importId)).toEqual([{ line: 3, raw: 'B,bad,High', reasons: ['DAT01:identified_on'] }]);
	});

	it('keeps a quoted field with a comma and a newline, and stores the rejected row as valid CSV', async () => {
		const text = 'Child,Identified,Label\nA,01/02/2024,"High, escalating\nsee notes"\nB,not a date,"Low, ""stable"""\n';
		const r = await load(text, concerns('dmy'));
		expect([r.rowsRead, r.rowsLoaded, r.rowsRejected]).toEqual([2, 1, 1]);
		expect((await concernsOf(r.importId))[0].risk_label).toBe('High, escalating\nsee notes');
		const [rejected] = await rejectedOf(r.importId);
		expect(rejected.raw).toBe('B,not a date,"Low, ""stable"""');
		// Parsing the raw text back gives exactly the cells of the file.
		const parsed = Papa.parse<string[]>(rejected.raw, { header: false });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toEqual([['B', 'not a date', 'Low, "stable"']]);
	});

	it('re-quotes a rejected row whose cells hold a comma, a quote and a newline, so it parses back', async () => {
		const text = 'Child,Identified,Label\n"B, the\nsecond",bad date,"say ""hi"""\n';
		const r = await load(text, concerns('dmy'));
		const [rejected] = await rejectedOf(r.importId);
		expect(rejected.raw).toBe('"B, the\nsecond",bad date,"say ""hi"""');
		const parsed = Papa.parse<string[]>(rejected.raw, { header: false });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toEqual([['B, the\nsecond', 'bad date', 'say "hi"']]);
	});

	it('trims spaces, tabs, line breaks and no-break spaces from either end of a cell, and nothing inside', async () => {
		const text =
			'Child,Identified,Label\n' +
			'\u00a0A\t,01/02/2024,\u00a0High\u00a0\n' + // no-break spaces and a tab at the ends
			'"B\r\n",01/02/2024,Low and\u00a0slow\n' + // a quoted cell ending in CRLF; a no-break space inside stays
			'\t\u00a0 ,01/02/2024,x\n' + // nothing but blanks: no child ID
			'C,01/02/2024,\f\n'; // a form feed is not one of the blanks trimmed, so it is kept
		const r = await load(text, concerns('dmy'));
		expect((await concernsOf(r.importId)).map((c) => [c.child_id, c.risk_label])).toEqual([
			['A', 'High'], ['B', 'Low and\u00a0slow'], ['C', '\f']
		]);
		expect((await rejectedOf(r.importId)).map((x) => [x.line, x.reasons])).toEqual([[5, ['REQ01:child_id']]]);
	});

	it('keeps cells whose ends only look blank to the quick test: control characters, "£" and "é" (whose UTF-8 starts like a no-break space)', async () => {
		const text =
			'Child,Identified,Label\n' +
			'D,01/02/2024,\u000bvertical tab\u0001\n' + // control characters that are not trimmed
			'E,01/02/2024,£5 ends in é\n' + // U+00A3 and U+00E9 share their first UTF-8 byte class with U+00A0
			'F,01/02/2024, \u00a0\u00a3 \n' + // blanks around a pound sign: only the blanks go
			'G,01/02/2024,!\n'; // the first character that sorts above the test's bound
		const r = await load(text, concerns('dmy'));
		expect((await concernsOf(r.importId)).map((c) => [c.child_id, c.risk_label])).toEqual([
			['D', '\u000bvertical tab\u0001'], ['E', '£5 ends in é'], ['F', '£'], ['G', '!']
		]);
	});

	it("stores text with ' and \" and HTML exactly as given", async () => {
		const hostile = `O'Brien "Bo" <img src=x onerror=alert(1)>`;
		const sqlish = `x'); DROP TABLE concerns; --`;
		const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
		const text = `Child,Identified,Label\n${csvCell(hostile)},01/02/2024,${csvCell(sqlish)}\n${csvCell(hostile)},31/02/2024,${csvCell(sqlish)}\n`;
		const r = await load(text, concerns('dmy'));
		expect([r.rowsLoaded, r.rowsRejected]).toEqual([1, 1]);
		expect(await concernsOf(r.importId)).toEqual([{ line: 2, child_id: hostile, identified_on: '2024-02-01', risk_label: sqlish }]);
		const [rejected] = await rejectedOf(r.importId);
		expect(Papa.parse<string[]>(rejected.raw).data).toEqual([[hostile, '31/02/2024', sqlish]]);
		// And the table is still there.
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'concerns'`);
		expect(n).toBe(1);
	});

	it('matches header cells ignoring case and surrounding spaces', async () => {
		const mapping: Mapping = {
			name: 'Spelled differently',
			agency: 'Police',
			target: 'concerns',
			dateFormat: 'dmy',
			header: ['Child ID', 'Date Identified'],
			fields: { child_id: { column: 'Child ID' }, identified_on: { column: 'Date Identified' } }
		};
		const r = await load(' CHILD ID ,date identified  \nA,01/02/2024\n', mapping);
		expect([r.rowsRead, r.rowsLoaded]).toEqual([1, 1]);
		expect((await concernsOf(r.importId)).map((c) => c.child_id)).toEqual(['A']);
	});

	it('recognises the same bytes imported twice and does not load them again', async () => {
		const bytes = enc('Child,Identified,Label\nDUP1,01/02/2024,\nDUP2,02/02/2024,\nDUP3,never,\n');
		const first = await loadMapped(engine, { name: 'first.csv', bytes }, concerns('dmy'), { today: TODAY });
		const before = await tableCounts();
		// Same bytes under another name: still the same file.
		const second = await loadMapped(engine, { name: 'renamed.csv', bytes }, concerns('dmy'), { today: TODAY });
		expect(first.duplicate).toBe(false);
		expect(second).toMatchObject({ duplicate: true, importId: first.importId, rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
		expect(await tableCounts()).toEqual(before);
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM concerns WHERE child_id LIKE 'DUP%'`);
		expect(n).toBe(2);
	});

	it('refuses a mapping whose column is not in the file, and changes nothing', async () => {
		// Put some rows in first, so "unchanged" is not trivially "still empty".
		await load('Child,Identified,Label\nKEEP,01/02/2024,\nKEEP2,bad,\n', concerns('dmy'));
		const before = await tableCounts();
		const wrong: Mapping = { ...concerns('dmy', 'Wrong mapping'), fields: { ...concerns('dmy').fields, risk_label: { column: 'Risk Level' } } };
		const attempt = load('Child,Identified,Label\nX,01/02/2024,Low\n', wrong);
		await expect(attempt).rejects.toBeInstanceOf(ImportError);
		await expect(attempt).rejects.toThrow(/expects a column "Risk Level", which is not in the file \(columns found: Child, Identified, Label\)/);
		expect(await tableCounts()).toEqual(before);
		// No staging table is left behind, and the engine still imports afterwards.
		const [{ n }] = await engine.query<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'ingest_stage'`
		);
		expect(n).toBe(0);
		const next = await load('Child,Identified,Label\nAFTER,01/02/2024,\n', concerns('dmy'));
		expect(next.rowsLoaded).toBe(1);
	});

	it('refuses a mapping that would write a value its field cannot hold (a code not in its list, a yes/no that is not one), and changes nothing', async () => {
		const before = await tableCounts();
		const base = concerns('dmy', 'Bad values');
		const badCode: Mapping = { ...base, fields: { ...base.fields, risk_level: { column: 'Label', values: { Red: 'severe' } } } };
		const attempt = load('Child,Identified,Label\nX,01/02/2024,Red\n', badCode);
		await expect(attempt).rejects.toBeInstanceOf(ImportError);
		await expect(attempt).rejects.toThrow(/turns "Red" in the column "Label" into "severe", which Risk level cannot be \(it is one of none, low, medium, high, or not recorded\)/);
		const badFlag: Mapping = { ...base, fields: { ...base.fields, flag_missing: { column: 'Label', values: { Red: 'high' } } } };
		await expect(load('Child,Identified,Label\nY,01/02/2024,Red\n', badFlag)).rejects.toThrow(/into "high", which .* cannot be \(it is yes, no or not recorded\)/);
		expect(await tableCounts()).toEqual(before);
	});

	it('refuses a mapping for an unknown kind of data or with an unknown date format (an edited workspace), and changes nothing', async () => {
		const before = await tableCounts();
		const base = concerns('dmy', 'Damaged');
		const file = 'Child,Identified,Label\nX,01/02/2024,Low\n';
		const badFormat = { ...base, dateFormat: 'dd/mm/yyyy' } as unknown as Mapping;
		await expect(load(file, badFormat)).rejects.toThrow(/mapping "Damaged" has the date format "dd\/mm\/yyyy", which is not one of dd\/mm\/yyyy, yyyy-mm-dd/);
		const badFieldFormat = { ...base, fields: { ...base.fields, identified_on: { column: 'Identified', format: 'uk' } } } as unknown as Mapping;
		await expect(load(file, badFieldFormat)).rejects.toThrow(/has the date format "uk"/);
		const badTarget = { ...base, target: 'children' } as unknown as Mapping;
		const attempt = load(file, badTarget);
		await expect(attempt).rejects.toBeInstanceOf(ImportError);
		await expect(attempt).rejects.toThrow(/is for "children", which is not a kind of data CSE Profile keeps/);
		expect(await tableCounts()).toEqual(before);
	});

	it('binds every value in its place when a field takes part of a cell and some rows are rejected (both statements)', async () => {
		const bands: Mapping = {
			name: 'Bands',
			agency: 'ONS',
			target: 'population',
			dateFormat: 'iso',
			header: ['Area', 'Year', 'Band', 'People'],
			fields: {
				area_code: { column: 'Area' },
				year: { column: 'Year' },
				age_from: { column: 'Band', part: { separator: ' to ', index: 0 } },
				age_to: { column: 'Band', part: { separator: ' to ', index: 1 } },
				count: { column: 'People' }
			}
		};
		const r = await load('Area,Year,Band,People\nE01,2023,0 to 4,120\nE02,2023,5 to 9,lots\nE03,2023,10 to 14,95\n', bands);
		expect([r.rowsRead, r.rowsLoaded, r.rowsRejected]).toEqual([3, 2, 1]);
		expect(await engine.query(`SELECT area_code, age_from, age_to, count FROM population WHERE import_id = ? ORDER BY line`, [r.importId])).toEqual([
			{ area_code: 'E01', age_from: 0, age_to: 4, count: 120 },
			{ area_code: 'E03', age_from: 10, age_to: 14, count: 95 }
		]);
		const rejected = await rejectedOf(r.importId);
		expect(rejected.map(({ line, raw }) => ({ line, raw }))).toEqual([{ line: 3, raw: 'E02,2023,5 to 9,lots' }]);
		expect(rejected[0].reasons).toEqual(['NUM01:count']);
	});

	describe('files that are not CSV', () => {
		/** Either a clear ImportError with nothing changed, or every row accounted for: never a partial load. */
		async function expectWholeOrNothing(bytes: Uint8Array) {
			const before = await tableCounts();
			let result;
			try {
				result = await load(bytes, concerns('dmy'));
			} catch (err) {
				expect(err).toBeInstanceOf(ImportError);
				expect((err as ImportError).message).toMatch(/could not be read as CSV|which is not in the file/);
				expect((err as ImportError).advice.length).toBeGreaterThan(10);
				expect(await tableCounts()).toEqual(before);
				return 'refused';
			}
			const after = await tableCounts();
			expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
			expect(after.concerns - before.concerns).toBe(result.rowsLoaded);
			expect(after.rejected_rows - before.rejected_rows).toBe(result.rowsRejected);
			expect(after.imports - before.imports).toBe(1);
			return 'accounted';
		}

		it('random bytes', async () => {
			// A fixed pseudo-random sequence (LCG), so the test is the same every run.
			let s = 12345;
			const bytes = Uint8Array.from({ length: 2000 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
			expect(['refused', 'accounted']).toContain(await expectWholeOrNothing(bytes));
		});

		it('a lone unbalanced quote', async () => {
			expect(['refused', 'accounted']).toContain(await expectWholeOrNothing(enc('"')));
		});

		it('a header with an unbalanced quote', async () => {
			expect(['refused', 'accounted']).toContain(await expectWholeOrNothing(enc('Child,"Identified,Label\nA,01/02/2024,x\n')));
		});

		it('an empty file', async () => {
			expect(['refused', 'accounted']).toContain(await expectWholeOrNothing(new Uint8Array(0)));
		});

		it('a spreadsheet saved as binary (a ZIP header)', async () => {
			const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, ...enc('[Content_Types].xml')]);
			expect(['refused', 'accounted']).toContain(await expectWholeOrNothing(zip));
		});
	});

	it("records each rejected row and each loaded row at its line in the file (header is line 1)", async () => {
		const text = [
			'Child,Identified,Label', // 1
			'A,01/02/2024,', //         2 loaded
			'B,32/01/2024,', //         3 rejected
			'C,01/02/2024,', //         4 loaded
			'D,,', //                   5 rejected
			'E,01/01/1990,', //         6 rejected
			'F,01/02/2024,' //          7 loaded
		].join('\n');
		const r = await load(text + '\n', concerns('dmy'));
		expect((await rejectedOf(r.importId)).map((x) => [x.line, x.raw])).toEqual([
			[3, 'B,32/01/2024,'],
			[5, 'D,,'],
			[6, 'E,01/01/1990,']
		]);
		expect((await concernsOf(r.importId)).map((c) => [c.line, c.child_id])).toEqual([
			[2, 'A'],
			[4, 'C'],
			[7, 'F']
		]);
	});

	it('numbers lines the same in a file of many rows (order is kept)', async () => {
		// 3,000 rows, every 7th with a bad date: rejected lines are 1 + each multiple-of-7 row number.
		const rows = Array.from({ length: 3000 }, (_, i) => `C${i + 1},${(i + 1) % 7 === 0 ? 'bad' : '01/02/2024'},`);
		const r = await load(['Child,Identified,Label', ...rows].join('\n') + '\n', concerns('dmy'));
		const rejected = await rejectedOf(r.importId);
		const expected = Array.from({ length: Math.floor(3000 / 7) }, (_, k) => 7 * (k + 1) + 1);
		expect(rejected.map((x) => x.line)).toEqual(expected);
		expect(rejected.every((x) => x.raw === `C${x.line - 1},bad,`)).toBe(true);
		expect([r.rowsRead, r.rowsLoaded, r.rowsRejected]).toEqual([3000, 3000 - 428, 428]);
	});

	it('builds rejected rows only when some staged rows were not loaded, and a clean file leaves none', async () => {
		const mapping = concerns('dmy');
		const steps = (loaded: number, rejected: number) => {
			const ran: Statement['step'][] = [];
			return runStatements(conversionStatements(mapping, ['Child', 'Identified', 'Label'], 'x.csv', TODAY, 1), 3, async (s) => {
				ran.push(s.step);
				return s.step === 'insert_loaded' ? loaded : rejected;
			}).then((counts) => ({ counts, ran }));
		};
		expect(await steps(3, 0)).toEqual({ counts: { read: 3, rejected: 0 }, ran: ['insert_loaded'] });
		expect(await steps(1, 2)).toEqual({ counts: { read: 3, rejected: 2 }, ran: ['insert_loaded', 'insert_rejected'] });
		const clean = await load('Child,Identified,Label\nA,01/02/2024,\nB,02/02/2024,\n', mapping);
		expect([clean.rowsRead, clean.rowsLoaded, clean.rowsRejected]).toEqual([2, 2, 0]);
		expect(await rejectedOf(clean.importId)).toEqual([]);
	});

	it('refuses the file, changing nothing, if the rows loaded and rejected are not every staged row', async () => {
		// As if DuckDB's reader had read a row fewer than the walk staged: the check must catch it.
		const before = await tableCounts();
		const bytes = enc('Child,Identified,Label\nA,01/02/2024,\nB,bad,\n');
		const prepared = prepareCsv('short.csv', bytes);
		const shortEngine: Engine = {
			...engine,
			query: async (sql: string, params?: SqlParam[]) => {
				const rows = await engine.query(sql, params);
				return /^INSERT INTO rejected_rows/.test(sql.trim()) ? [{ Count: 0 }] : rows;
			}
		} as Engine;
		const attempt = loadMapped(shortEngine, { name: 'short.csv', bytes, prepared }, concerns('dmy'), { today: TODAY });
		await expect(attempt).rejects.toBeInstanceOf(ImportError);
		await expect(attempt).rejects.toThrow(/2 records .* were found, but 1 rows/);
		expect(await tableCounts()).toEqual(before);
	});

	describe('coded values and the value sample', () => {
		const coded: Mapping = {
			name: 'Coded',
			agency: 'Health',
			target: 'concerns',
			dateFormat: 'dmy',
			header: ['Child', 'Identified', 'Missing', 'Sex'],
			fields: {
				child_id: { column: 'Child' },
				identified_on: { column: 'Identified' },
				flag_missing: { column: 'Missing', values: { 'N/K': false } },
				sex: { column: 'Sex', values: { F: 'female', M: 'male', Girl: 'female' } }
			}
		};
		const spellings = ['Y', 'y', 'YES', 'yes', ' n ', 'No', '', '1', '0', 'N/K', 'n/k', 'unknown', 'maybe', 'É', 'Ý'];
		const sexes = ['F', 'f', 'M', 'girl', 'GIRL', 'Female', 'x', '', 'Ú'];
		const text = [
			'Child,Identified,Missing,Sex',
			...Array.from({ length: 120 }, (_, i) => `C${i},01/02/2024,${spellings[i % spellings.length]},${sexes[i % sexes.length]}`)
		].join('\n');
		const rowsOf = async (importId: number) => ({
			loaded: await engine.query(`SELECT line, flag_missing, sex FROM concerns WHERE import_id = ? ORDER BY line`, [importId]),
			rejected: await rejectedOf(importId)
		});
		/** Load `text` (made unique so it is not taken for a repeat) with the staging's value sample replaced. */
		const loadWithSample = async (tag: string, sample?: [string, number][][]) => {
			const bytes = enc(`${text}\nTAG-${tag},01/02/2024,Y,F\n`);
			const prepared = prepareCsv(`${tag}.csv`, bytes);
			if (sample) prepared.staging.valueSample = sample.map((entries) => new Map(entries));
			const r = await loadMapped(engine, { name: `${tag}.csv`, bytes, prepared }, coded, { today: TODAY });
			const { loaded, rejected } = await rowsOf(r.importId);
			return { loaded, rejected: rejected.map(({ line, reasons }) => ({ line, reasons })) };
		};

		it('convert the same whatever the sample says: none, the file\'s own, or a misleading one', async () => {
			const own = await loadWithSample('own');
			expect(await loadWithSample('none', [[], [], [], []])).toEqual(own);
			const misleading: [string, number][][] = [
				[],
				[],
				[['maybe', 90], ['NO', 80], ['Ý', 70], ['yes', 60], ['', 50], ['n/k', 40], ['N/K', 30], ['Y', 1]],
				[['GIRL', 90], ['x', 80], ['Ú', 70], ['m', 60], ['female', 50]]
			];
			expect(await loadWithSample('misleading', misleading)).toEqual(own);
			// Every yes/no spelling in any case, the mapping's own values, blanks as not recorded.
			const flag: Record<string, boolean | null> = { Y: true, y: true, YES: true, yes: true, '1': true, ' n ': false, No: false, '0': false, 'N/K': false, 'n/k': false, '': null, unknown: null };
			const sex: Record<string, string | null> = { F: 'female', f: 'female', girl: 'female', GIRL: 'female', Female: 'female', M: 'male', '': null };
			const lastLine = 121;
			const fromFile = own.loaded.filter((r) => (r.line as number) <= lastLine);
			expect(fromFile.length).toBeGreaterThan(60);
			for (const r of fromFile) {
				const i = (r.line as number) - 2;
				expect([r.flag_missing, r.sex]).toEqual([flag[spellings[i % spellings.length]], sex[sexes[i % sexes.length]]]);
			}
			expect(own.rejected.map((r) => r.line)).toEqual(
				Array.from({ length: 120 }, (_, i) => i)
					.filter((i) => ['maybe', 'É', 'Ý'].includes(spellings[i % spellings.length]) || ['x', 'Ú'].includes(sexes[i % sexes.length]))
					.map((i) => i + 2)
			);
		});

		it("take the mapping's own value over the default for the same spelling (N/K mapped to no)", async () => {
			const { loaded } = await loadWithSample('override');
			const nk = loaded.filter((r) => ['N/K', 'n/k'].includes(spellings[((r.line as number) - 2) % spellings.length]));
			expect(nk.length).toBeGreaterThan(0);
			expect(nk.every((r) => r.flag_missing === false)).toBe(true);
		});
	});

	it('keeps the fingerprint made with the preparation (in the worker), and knows the same bytes again without it', async () => {
		const bytes = enc('Child,Identified,Label\nPRINT1,01/02/2024,\n');
		const prepared = prepareCsv('printed.csv', bytes);
		prepared.fingerprint = await fingerprint(bytes);
		const first = await loadMapped(engine, { name: 'printed.csv', bytes, prepared }, concerns('dmy'), { today: TODAY });
		const [{ print }] = await engine.query<{ print: string }>(`SELECT fingerprint AS print FROM imports WHERE import_id = ?`, [first.importId]);
		expect(print).toBe(prepared.fingerprint);
		const again = await loadMapped(engine, { name: 'printed-again.csv', bytes }, concerns('dmy'), { today: TODAY });
		expect(again).toMatchObject({ duplicate: true, importId: first.importId });
	});
});
