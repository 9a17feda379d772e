/**
 * The conversion SQL's shortcuts (convert-sql.ts): a cell of a format's common shape is read the
 * cheap way, and a plain whole number skips the regular expression. Each shortcut must give exactly
 * what the general patterns give, for awkward cells of the shape as well as ordinary ones; and a
 * cell the conversion declares no date without trying the patterns must be one they cannot read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { convertSql } from '$lib/ingest/convert-sql';
import type { DateFormat } from '$lib/ingest/mapping';
import type { FieldKind } from '$lib/ingest/targets';

let engine: Engine;
beforeAll(async () => {
	engine = await createNodeEngine();
});
afterAll(async () => {
	await engine.close();
});

/** Each cell converted by convertSql and by `general` (the cell written `{c}` in it), as text. */
async function both(cells: string[], kind: FieldKind, format: DateFormat, general: string) {
	const out: { cell: string; fast: string | null; general: string | null }[] = [];
	for (const cell of cells) {
		const [row] = await engine.query<{ fast: string | null; general: string | null }>(
			`SELECT (${convertSql('c', kind, format)})::VARCHAR AS fast, (${general.replaceAll('{c}', 'c')})::VARCHAR AS general FROM (SELECT ?::VARCHAR AS c)`,
			[cell]
		);
		out.push({ cell, ...row });
	}
	return out;
}

describe('date shortcuts give what the format patterns give', () => {
	it('ISO dates: the cast reads digits only, as %Y-%m-%d does', async () => {
		const cells = ['2024-02-29', '2023-02-29', '2024-13-01', '2024-01-00', '0000-01-01', '-024-01-01', '+024-01-01', '2024-1 -05', '2024-0a-05', '1999-12-31', '9999-12-31', '2024-01-05'];
		const rows = await both(cells, 'date', 'iso', `try_strptime({c}, '%Y-%m-%d')::DATE`);
		for (const r of rows) expect(r.fast, r.cell).toBe(r.general);
		expect(rows.find((r) => r.cell === '2024-01-05')?.fast).toBe('2024-01-05');
	});

	it('UK dates of the dd/mm/yyyy shape, and the other UK forms through the pattern list', async () => {
		const cells = ['31/02/2024', '29/02/2024', '00/01/2024', '1 /01/2024', '01/01/-024', '05/01/2024'];
		for (const r of await both(cells, 'date', 'dmy', `try_strptime({c}, '%d/%m/%Y')::DATE`)) expect(r.fast, r.cell).toBe(r.general);
		const other = await both(['5/1/24', '05/01/2024 10:30', '05-01-2024'], 'date', 'dmy', `try_strptime({c}, ['%d/%m/%y %H:%M', '%d/%m/%y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y'])::DATE`);
		expect(other.map((r) => r.fast)).toEqual(['2024-01-05', '2024-01-05', '2024-01-05']);
		for (const r of other) expect(r.fast, r.cell).toBe(r.general);
	});

	it('months (yyyy-mm), including a timestamp kind read from an ISO date', async () => {
		const cells = ['2008-11', '2008-00', '2008-13', '-008-01', '0000-01', '2008-+1', '20a8-01', '2008-1'];
		for (const r of await both(cells, 'month', 'ym', `date_trunc('month', try_strptime({c} || '-01', '%Y-%m-%d'))::DATE`)) expect(r.fast, r.cell).toBe(r.general);
		const [stamp] = await both(['2024-03-09'], 'timestamp', 'iso', `try_strptime({c}, '%Y-%m-%d')::TIMESTAMP`);
		expect(stamp.fast).toBe('2024-03-09 00:00:00');
	});
});

describe('cells no date pattern can read are NULL without trying the patterns', () => {
	const DMY = `['%d/%m/%y %H:%M', '%d/%m/%y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y']`;
	const ISO = `['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']`;
	const MON = `['%b-%y', '%b-%Y', '%b %Y', '%B %Y']`;
	const GENERAL: [DateFormat, string][] = [
		['dmy', `try_strptime({c}, ${DMY})::DATE`],
		['iso', `try_strptime({c}, ${ISO})::DATE`],
		['ym', `try_strptime({c} || '-01', '%Y-%m-%d')::DATE`],
		['mon-yy', `try_strptime({c}, ${MON})::DATE`]
	];
	/** Dates of every format, each other's mistakes, blanks DuckDB skips, and near misses. */
	const KNOWN = [
		'09/10/2024', '9/10/2024', '9/1/24', ' 09/10/2024', '\v09/10/2024', '\f1-2-2020', '1.2.2020', '09/10/2024 10:30', '010/02/2020', '0/1/2020',
		'2024-10-09', '2024-1-9', ' 2024-10-09', '2024-10-09T10:30:00', '2024-10-09 10:30', '202-01', '2024/10/09', '2024.10.09', '+2024-10-09',
		'2024-10', ' 2024-10', 'Jan-22', 'jan-2022', 'Sep 2022', 'September 2022', ' Jan-22', '\vJan-22', '1 Jan 2022', '22-Jan', 'unknown', 'N/A', '-', '.', '/'
	];
	const token = fc.oneof(
		fc.integer({ min: 0, max: 99_999 }).chain((n) => fc.constantFrom(String(n), String(n).padStart(2, '0'), String(n).padStart(4, '0'))),
		fc.constantFrom('/', '-', '.', ' ', ':', 'T', 'Jan', 'jan', 'January', 'Sept', 'x', 'N', '\v', '\t', '\f', '+', '٣', 'é')
	);
	const number = fc
		.oneof(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 }))
		.chain((n) => fc.constantFrom(String(n), String(n).padStart(2, '0'), String(n).padStart(4, '0')));
	const separator = fc.constantFrom('/', '-', '.', ' ');
	/** Three numbers (or a month's name) between separators, with a blank before or a time after: mostly near a date. */
	const dateLike = fc
		.tuple(fc.constantFrom('', '', ' ', '\v'), number, separator, fc.oneof(number, fc.constantFrom('Jan', 'Sept')), separator, number, fc.constantFrom('', '', ' 10:30', 'T10:30:00'))
		.map((parts) => parts.join(''));
	const cellArb = fc.oneof(fc.array(token, { minLength: 1, maxLength: 7 }).map((t) => t.join('')), dateLike);

	/** Cells whose conversion differs from the patterns', per format (one query per format). */
	async function differences(cells: string[]): Promise<string[]> {
		await engine.exec('CREATE OR REPLACE TEMP TABLE date_cells (c VARCHAR)');
		await engine.query(`INSERT INTO date_cells VALUES ${cells.map(() => '(?)').join(', ')}`, cells);
		const found: string[] = [];
		for (const [format, general] of GENERAL) {
			const rows = await engine.query<{ c: string; fast: string | null; general: string | null }>(
				`SELECT c, (${convertSql('c', 'date', format)})::VARCHAR AS fast, (${general.replaceAll('{c}', 'c')})::VARCHAR AS general
				 FROM date_cells WHERE fast IS DISTINCT FROM general`
			);
			for (const r of rows) found.push(`${format} ${JSON.stringify(r.c)}: ${r.fast} instead of ${r.general}`);
		}
		return found;
	}

	it('for dates of every format, each read as the others, and near misses', async () => {
		expect(await differences(KNOWN)).toEqual([]);
		// Some of them are dates, so the test compares real values as well as NULLs.
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM date_cells WHERE (${convertSql('c', 'date', 'dmy')}) IS NOT NULL`);
		expect(n).toBeGreaterThan(5);
	});

	it('for generated cells of digits, separators, month names and blanks', async () => {
		await fc.assert(fc.asyncProperty(fc.array(cellArb, { minLength: 200, maxLength: 200 }), async (cells) => {
			expect(await differences(cells)).toEqual([]);
		}), { numRuns: 15 });
	});
});

describe('number shortcut', () => {
	const regexInteger = `CASE WHEN regexp_full_match({c}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)') THEN TRY_CAST(replace({c}, ',', '') AS INTEGER) END`;
	const regexNumber = `CASE WHEN regexp_full_match({c}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]+)?') THEN TRY_CAST(replace({c}, ',', '') AS DOUBLE) END`;
	const cells = ['1', '-1', '+1', '01', '-0', '0', '1.0', '12.6', '1e2', '1,296', '1,0', '2147483648', '0x10', '1_000', '9223372036854775808', 'abc'];

	it('whole numbers: plain ones cast, the rest judged by the regular expression, as before', async () => {
		for (const r of await both(cells, 'integer', 'iso', regexInteger)) expect(r.fast, r.cell).toBe(r.general);
	});

	it('numbers: the same for decimals and thousands separators', async () => {
		const rows = await both(cells, 'number', 'iso', regexNumber);
		for (const r of rows) expect(r.fast, r.cell).toBe(r.general);
		expect(rows.find((r) => r.cell === '1,296')?.fast).toBe('1296.0');
	});
});
