/**
 * Applying the privacy plan to a staged table in a real DuckDB: identifying values are gone from
 * every cell, dates of birth become months, case identifiers become keyed pseudonyms that match
 * an HMAC computed independently with node:crypto.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createNodeEngine } from '$lib/db/node';
import { quoteIdent, type Engine } from '$lib/db/engine';
import { detectIdentifyingColumns, type ColumnPrivacy } from '$lib/ingest/privacy';
import { applyPrivacy, normaliseId, pseudonymFor, pseudonymsFor } from '$lib/ingest/pseudonym';
import { STAGE, stageCsv } from '$lib/ingest/stage';
import type { Mapping } from '$lib/ingest/mapping';

const KEY = 'northbrook partnership 2025';

/** The pseudonym as an independent implementation would make it. */
function expected(key: string, id: string): string {
	return 'P-' + createHmac('sha256', key).update(normaliseId(id), 'utf8').digest('hex').slice(0, 16).toUpperCase();
}

/** A valid NHS number from 9 digits (null if the check digit would be 10). */
function nhsFrom(nine: string): string | null {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
	const check = 11 - (sum % 11);
	return check === 10 ? null : nine + String(check === 11 ? 0 : check);
}

const HEADER = ['Case ID', 'Child Name', 'Address Line 1', 'Postcode', 'NHS Number', 'UPN', 'DOB', 'Risk', 'Home LSOA', 'Notes "x"'];
const NHS = ['943 476 5919', '4010232137', nhsFrom('485777345') as string, nhsFrom('612345670') as string];
const ROWS: string[][] = [
	['ab 123', 'Olivia Smith', '12 High Street', 'SS1 2AB', NHS[0], 'B801200005001', '15/03/2011', 'High', 'X01000001', 'seen'],
	['AB123', 'Olivia Smith', '12 High Street', 'ss12ab', NHS[1], 'P207000016049', '2010-07-04', 'Medium', 'X01000002', ''],
	[' a b 1 2 3 ', 'Jack Jones', 'Flat 3, 4 Park Road', 'SS0 7QT', NHS[2], 'M80120000500A', '01-12-2009', 'Low', 'X01000003', 'ok'],
	['XY-999', 'Grace Williams', '221b Baker St', 'EC1A 1BB', NHS[3], 'B801200005001', '31/02/2011', 'High', 'X01000004', 'n'],
	['', 'Harry O\'Neill', '', '', '', '', 'not known', 'Low', 'X01000005', '']
];
/** Every value that must not survive, and fragments of them that must not survive either. */
const IDENTIFYING = [
	'ab 123', 'AB123', 'a b 1 2 3', 'XY-999', 'Olivia', 'Smith', 'Jack Jones', 'Grace', "O'Neill", 'High Street', 'Park Road',
	'Baker', 'SS1 2AB', 'ss12ab', 'SS0 7QT', 'EC1A 1BB', ...NHS, ...NHS.map((n) => n.replace(/\D/g, '')),
	'B801200005001', 'P207000016049', 'M80120000500A', '15/03/2011', '2010-07-04', '01-12-2009', '31/02/2011'
];

/** Build a staged all-VARCHAR table from rows, values bound as parameters. */
async function stage(engine: Engine, header: string[], rows: (string | null)[][]): Promise<void> {
	const cols = header.map((h) => `${quoteIdent(h)} VARCHAR`).join(', ');
	await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} (${cols})`);
	const placeholders = rows.map(() => `(${header.map(() => '?').join(', ')})`).join(', ');
	await engine.query(`INSERT INTO ${STAGE} VALUES ${placeholders}`, rows.flat().map((v) => (v === '' ? null : v)));
}

async function allCells(engine: Engine, header: string[]): Promise<Record<string, string | null>[]> {
	return engine.query<Record<string, string | null>>(
		`SELECT ${header.map(quoteIdent).join(', ')} FROM ${STAGE} ORDER BY rowid`
	);
}

describe('pseudonymFor', () => {
	it('is HMAC-SHA-256 of the normalised id, P- and 16 hex digits', async () => {
		const p = await pseudonymFor(KEY, 'AB123');
		expect(p).toMatch(/^P-[0-9A-F]{16}$/);
		expect(p).toBe(expected(KEY, 'AB123'));
		expect(p).toBe('P-' + createHmac('sha256', KEY).update('AB123').digest('hex').slice(0, 16).toUpperCase());
		expect(await pseudonymFor('ключ £ ü', 'ÿ-1')).toBe(expected('ключ £ ü', 'ÿ-1'));
	});

	it('links the same id however it is spaced or cased', async () => {
		const a = await pseudonymFor(KEY, 'ab 123');
		expect(await pseudonymFor(KEY, 'AB123')).toBe(a);
		expect(await pseudonymFor(KEY, ' a b\t1 2 3 ')).toBe(a);
		expect(await pseudonymFor(KEY, 'AB124')).not.toBe(a);
		expect(normaliseId(' ab 1\u00a023 ')).toBe('AB123');
	});

	it('differs between keys, and needs a key', async () => {
		expect(await pseudonymFor('key one', 'AB123')).not.toBe(await pseudonymFor('key two', 'AB123'));
		await expect(pseudonymFor('', 'AB123')).rejects.toThrow(/partnership key/);
	});

	it('makes many in order', async () => {
		const ids = Array.from({ length: 2500 }, (_, i) => `id ${i}`);
		const made = await pseudonymsFor(KEY, ids, 300);
		expect(made).toHaveLength(2500);
		for (const i of [0, 299, 300, 1234, 2499]) expect(made[i]).toBe(expected(KEY, ids[i]));
	});
});

describe('applyPrivacy (DuckDB)', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	it('detects every identifying column of the test file, and nothing else', () => {
		const plan = detectIdentifyingColumns(HEADER, ROWS);
		expect(plan.map((p) => [p.column, p.kind, p.action])).toEqual([
			['Case ID', 'case_id', 'pseudonymise'],
			['Child Name', 'name', 'drop'],
			['Address Line 1', 'address', 'drop'],
			['Postcode', 'postcode', 'drop'],
			['NHS Number', 'nhs_number', 'drop'],
			['UPN', 'upn', 'drop'],
			['DOB', 'date_of_birth', 'degrade_to_month']
		]);
		// A case ID is known by its header only; every other column by its header and its values.
		expect(plan.map((p) => p.evidence)).toEqual(['header', 'both', 'both', 'both', 'both', 'both', 'both']);
	});

	it('leaves no identifying value anywhere in the staged table', async () => {
		await stage(engine, HEADER, ROWS);
		const plan = detectIdentifyingColumns(HEADER, ROWS);
		const report = await applyPrivacy(engine, STAGE, plan, KEY);
		expect(report.dropped).toEqual(['Child Name', 'Address Line 1', 'Postcode', 'NHS Number', 'UPN']);
		expect(report.degraded).toEqual(['DOB']);
		expect(report.pseudonymised).toEqual(['Case ID']);
		expect(report.notices).toContain("Column 'NHS Number' looked like NHS numbers and was not imported.");
		expect(report.notices.join('\n')).toMatch(/'DOB'.*month of birth.*2 values were not a date/);

		const cells = await allCells(engine, HEADER);
		expect(cells).toHaveLength(ROWS.length);
		const text = cells.flatMap((r) => Object.values(r)).filter((v): v is string => v !== null);
		for (const bad of IDENTIFYING) {
			for (const cell of text) expect(cell.toLowerCase().includes(bad.toLowerCase()), `${bad} in ${cell}`).toBe(false);
		}
		// The dropped columns are empty; the safe ones are as they were.
		for (const r of cells) for (const c of ['Child Name', 'Address Line 1', 'Postcode', 'NHS Number', 'UPN']) expect(r[c]).toBeNull();
		expect(cells.map((r) => r['Risk'])).toEqual(['High', 'Medium', 'Low', 'High', 'Low']);
		expect(cells.map((r) => r['Home LSOA'])).toEqual(ROWS.map((r) => r[8]));
		expect(cells.map((r) => r['Notes "x"'])).toEqual(['seen', null, 'ok', 'n', null]);
		// Dates of birth became months; an impossible or unreadable date became blank.
		expect(cells.map((r) => r['DOB'])).toEqual(['2011-03', '2010-07', '2009-12', null, null]);
		// The same child, typed three ways, has one pseudonym, equal to an independent HMAC.
		const ids = cells.map((r) => r['Case ID']);
		expect(ids[0]).toBe(expected(KEY, 'AB123'));
		expect(ids[1]).toBe(ids[0]);
		expect(ids[2]).toBe(ids[0]);
		expect(ids[3]).toBe(expected(KEY, 'XY-999'));
		expect(ids[4]).toBeNull();
		// The value → pseudonym table is gone, and nothing was written outside temporary storage.
		const [{ n }] = await engine.query<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'privacy_pseudonyms' OR (NOT temporary AND table_name = ?)`,
			[STAGE]
		);
		expect(n).toBe(0);
	});

	it('gives different pseudonyms under different keys', async () => {
		const plan = detectIdentifyingColumns(HEADER, ROWS);
		await stage(engine, HEADER, ROWS);
		await applyPrivacy(engine, STAGE, plan, 'key one');
		const one = (await allCells(engine, ['Case ID'])).map((r) => r['Case ID']);
		await stage(engine, HEADER, ROWS);
		await applyPrivacy(engine, STAGE, plan, 'key two');
		const two = (await allCells(engine, ['Case ID'])).map((r) => r['Case ID']);
		expect(one[0]).toBe(expected('key one', 'AB123'));
		expect(two[0]).toBe(expected('key two', 'AB123'));
		expect(one[0]).not.toBe(two[0]);
		expect(one[3]).not.toBe(two[3]);
	});

	it('without a key, drops the case identifiers and asks for the key', async () => {
		for (const key of [null, '']) {
			await stage(engine, HEADER, ROWS);
			const plan = detectIdentifyingColumns(HEADER, ROWS);
			const report = await applyPrivacy(engine, STAGE, plan, key);
			expect(report.pseudonymised).toEqual([]);
			expect(report.dropped).toContain('Case ID');
			expect(report.notices.join('\n')).toMatch(/'Case ID'.*not imported.*partnership key/s);
			const cells = await allCells(engine, ['Case ID']);
			expect(cells.every((r) => r['Case ID'] === null)).toBe(true);
		}
	});

	it('reads dates of birth in the usual UK and ISO forms', async () => {
		const dobs = ['15/03/2011', '5/3/2011', '2011-03-15', '15-03-2011', '15.03.2011', '2011/03/15', '15/03/2011 00:00',
			'2011-03-15T00:00:00', '15 Mar 2011', '15 March 2011', '15/03/11', '2011-03', '03/2011', '29/02/2011', 'unknown', '', '45000'];
		await stage(engine, ['dob'], dobs.map((d) => [d]));
		const plan: ColumnPrivacy[] = detectIdentifyingColumns(['dob'], dobs.map((d) => [d]));
		expect(plan).toMatchObject([{ kind: 'date_of_birth', action: 'degrade_to_month' }]);
		const report = await applyPrivacy(engine, STAGE, plan, null);
		const got = (await allCells(engine, ['dob'])).map((r) => r.dob);
		expect(got).toEqual([...Array(13).fill('2011-03'), null, null, null, null]);
		expect(report.notices[0]).toMatch(/3 values were not a date/);
	});

	it('pseudonymises an identifier that starts with U+FEFF (a byte order mark pasted into the cell)', async () => {
		// Strings read back from DuckDB through apache-arrow lose a leading U+FEFF; the value must
		// still find its row, and link with the same identifier typed without it.
		const rows = [['\ufeffAB123', 'High'], ['AB123', 'Low'], ['\ufeff', 'Low']];
		await stage(engine, ['Case ID', 'Risk'], rows);
		const plan: ColumnPrivacy[] = [{ column: 'Case ID', index: 0, kind: 'case_id', evidence: 'header', action: 'pseudonymise', message: '' }];
		await applyPrivacy(engine, STAGE, plan, KEY);
		const ids = (await allCells(engine, ['Case ID'])).map((r) => r['Case ID']);
		expect(ids).toEqual([expected(KEY, 'AB123'), expected(KEY, 'AB123'), null]);
	});

	it('quotes identifiers and treats hostile values as data', async () => {
		const header = ['Child "ID"; DROP TABLE concerns; --', 'Risk'];
		const rows = [["x'); DROP TABLE concerns; --", 'High'], ['12345', 'Low']];
		await stage(engine, header, rows);
		const plan: ColumnPrivacy[] = [
			{ column: header[0], index: 0, kind: 'case_id', evidence: 'header', action: 'pseudonymise', message: '' }
		];
		await applyPrivacy(engine, STAGE, plan, KEY);
		const cells = await allCells(engine, header);
		expect(cells.map((r) => r[header[0]])).toEqual([expected(KEY, rows[0][0]), expected(KEY, '12345')]);
		const [{ n }] = await engine.query<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'concerns'`
		);
		expect(n).toBe(1);
	});

	it('works on a CSV staged by stageCsv, including repeated and empty header cells', async () => {
		const csv = 'Name,Risk,Name,Date of Birth,\r\nOlivia Smith,High,Smith,01/02/2011,SS1 2AB\r\nJack Jones,Low,Jones,2010-12-31,SS0 7QT\r\n';
		const { columns } = await stageCsv(engine, { name: 'people.csv', bytes: new TextEncoder().encode(csv) }, 'people.csv');
		const header = ['Name', 'Risk', 'Name', 'Date of Birth', ''];
		const rows = [['Olivia Smith', 'High', 'Smith', '01/02/2011', 'SS1 2AB'], ['Jack Jones', 'Low', 'Jones', '2010-12-31', 'SS0 7QT']];
		const plan = detectIdentifyingColumns(header, rows);
		expect(plan.map((p) => [p.index, p.kind])).toEqual([[0, 'name'], [2, 'name'], [3, 'date_of_birth'], [4, 'postcode']]);
		await applyPrivacy(engine, STAGE, plan, KEY);
		const cells = await engine.query<Record<string, string | null>>(
			`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${STAGE} ORDER BY rowid`
		);
		expect(cells.map((r) => Object.values(r))).toEqual([
			[null, 'High', null, '2011-02', null],
			[null, 'Low', null, '2010-12', null]
		]);
	});

	it('runs inside the import transaction', async () => {
		await stage(engine, HEADER, ROWS);
		await engine.exec('BEGIN TRANSACTION');
		const report = await applyPrivacy(engine, STAGE, detectIdentifyingColumns(HEADER, ROWS), KEY);
		await engine.exec('COMMIT');
		expect(report.pseudonymised).toEqual(['Case ID']);
		expect((await allCells(engine, ['Case ID']))[0]['Case ID']).toBe(expected(KEY, 'AB123'));
	});

	it('refuses a plan naming a column the table does not have', async () => {
		await stage(engine, ['Risk'], [['High']]);
		const plan: ColumnPrivacy[] = [{ column: 'Surname', index: 3, kind: 'name', evidence: 'header', action: 'drop', message: '' }];
		await expect(applyPrivacy(engine, STAGE, plan, KEY)).rejects.toThrow(/'Surname'.*could not be found/);
	});

	it('does nothing with an empty plan', async () => {
		await stage(engine, ['Risk'], [['High']]);
		expect(await applyPrivacy(engine, STAGE, [], KEY)).toEqual({ dropped: [], degraded: [], pseudonymised: [], notices: [] });
		expect(await allCells(engine, ['Risk'])).toEqual([{ Risk: 'High' }]);
	});

	it('pseudonymises 100,000 distinct case identifiers in a few seconds', async () => {
		const N = 100_000;
		// 100,000 distinct children, some of them seen again typed differently (150,000 rows).
		await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS
			SELECT 'MOS' || lpad(i::VARCHAR, 7, '0') AS "Mosaic ID", 'High' AS "Risk" FROM range(${N}) t(i)
			UNION ALL
			SELECT 'mos ' || lpad(i::VARCHAR, 7, '0') AS "Mosaic ID", 'Low' AS "Risk" FROM range(0, ${N}, 2) t(i)`);
		const plan = detectIdentifyingColumns(['Mosaic ID', 'Risk'], [['MOS0000001', 'High']]);
		expect(plan).toMatchObject([{ kind: 'case_id', action: 'pseudonymise' }]);
		const started = performance.now();
		const report = await applyPrivacy(engine, STAGE, plan, KEY);
		const seconds = (performance.now() - started) / 1000;
		console.info(`applyPrivacy: ${N.toLocaleString('en-GB')} distinct ids (${(N * 1.5).toLocaleString('en-GB')} rows) in ${seconds.toFixed(2)} s`);
		expect(report.notices[0]).toContain('100,000 different identifiers');
		const [stats] = await engine.query<{ rows: number; distinct: number; bad: number }>(
			`SELECT count(*)::INTEGER AS rows, count(DISTINCT "Mosaic ID")::INTEGER AS distinct,
			        count(*) FILTER (WHERE NOT regexp_full_match("Mosaic ID", 'P-[0-9A-F]{16}'))::INTEGER AS bad
			 FROM ${STAGE}`
		);
		expect(stats).toEqual({ rows: N * 1.5, distinct: N, bad: 0 });
		const sample = await engine.query<{ risk: string; id: string }>(
			`SELECT "Risk" AS risk, "Mosaic ID" AS id FROM ${STAGE} WHERE rowid IN (SELECT min(rowid) FROM ${STAGE}) OR "Mosaic ID" = ?`,
			[expected(KEY, 'MOS0000000')]
		);
		expect(sample.length).toBe(2); // 'MOS0000000' and 'mos 0000000' link
		expect(sample.every((r) => r.id === expected(KEY, 'MOS0000000'))).toBe(true);
	}, 60_000);
});

describe('through the import pipeline', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	it('stores no identifying value in any table, rejected rows included', async () => {
		const { inspectFile, importFile } = await import('$lib/ingest/pipeline');
		const csv = [
			'Case ID,Child Name,Address,Postcode,NHS Number,DOB,Date Identified,Risk Level',
			'ab 123,Olivia Smith,12 High Street,SS1 2AB,943 476 5919,15/03/2011,01/10/2024,High',
			'AB123,Olivia Smith,12 High Street,SS1 2AB,943 476 5919,15/03/2011,01/11/2024,Medium',
			'XY-999,Jack Jones,Flat 3 4 Park Road,SS0 7QT,401 023 2137,01-12-2009,not a date,Low'
		].join('\r\n') + '\r\n';
		const file = { name: 'police-export.csv', bytes: new TextEncoder().encode(csv) };
		const inspection = await inspectFile(engine, file);
		expect(inspection.privacy.map((p) => p.column)).toEqual(['Case ID', 'Child Name', 'Address', 'Postcode', 'NHS Number', 'DOB']);
		const mapping: Mapping = {
			name: 'Test police export', agency: 'Police', target: 'concerns', header: csv.split('\r\n')[0].split(','), dateFormat: 'dmy',
			fields: {
				child_id: { column: 'Case ID' },
				identified_on: { column: 'Date Identified' },
				risk_level: { column: 'Risk Level' },
				birth_month: { column: 'DOB', format: 'ym' }
			}
		};
		const outcome = await importFile(engine, inspection, { mapping, key: KEY, today: '2025-01-31' });
		expect(outcome.result).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
		expect(outcome.notices.length).toBe(6);

		const loaded = await engine.query<{ child_id: string; birth_month: string }>(
			`SELECT child_id, birth_month::VARCHAR AS birth_month FROM concerns ORDER BY identified_on`
		);
		expect(loaded).toEqual([
			{ child_id: expected(KEY, 'AB123'), birth_month: '2011-03-01' },
			{ child_id: expected(KEY, 'AB123'), birth_month: '2011-03-01' }
		]);
		const [rejected] = await engine.query<{ raw: string }>(`SELECT raw FROM rejected_rows`);
		expect(rejected.raw).toContain(expected(KEY, 'XY-999'));

		// Every text cell of every table, temporary ones included: one query per table.
		const columns = await engine.query<{ schema: string; table: string; column: string }>(
			`SELECT c.schema_name AS schema, c.table_name AS "table", c.column_name AS "column"
			 FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
			 WHERE c.data_type IN ('VARCHAR', 'JSON') OR c.data_type LIKE '%[]'`
		);
		const byTable = new Map<string, string[]>();
		for (const c of columns) {
			const name = `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;
			byTable.set(name, [...(byTable.get(name) ?? []), `${quoteIdent(c.column)}::VARCHAR`]);
		}
		const bad = ['ab 123', 'AB123', 'XY-999', 'Olivia', 'Smith', 'Jack', 'Jones', 'High Street', 'Park Road', 'SS1 2AB', 'SS0 7QT',
			'943 476 5919', '9434765919', '401 023 2137', '15/03/2011', '01-12-2009'];
		let scanned = 0;
		for (const [table, cols] of byTable) {
			const rows = await engine.query<{ v: (string | null)[] }>(`SELECT [${cols.join(', ')}] AS v FROM ${table}`);
			for (const { v } of rows) {
				for (const cell of v) {
					if (cell === null) continue;
					scanned++;
					for (const b of bad) expect(cell.includes(b), `${b} in ${table}: ${cell}`).toBe(false);
				}
			}
		}
		expect(scanned).toBeGreaterThan(10);
	});
});
