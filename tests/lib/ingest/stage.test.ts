/**
 * stageCsv: what reaches DuckDB from the files agencies send. Every cell arrives as text, exactly
 * as written; every non-blank record is a row carrying the line it starts on; a file that cannot
 * be staged whole is refused with a clear ImportError and nothing half-staged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { quoteIdent } from '$lib/db/engine';
import { ImportError } from '$lib/ingest/errors';
import { LINE_COLUMN, LINE_NUMBER, STAGE, prepareCsv, stageCsv, stageCsvStreamed, stageColumnNames, type StagedCsv } from '$lib/ingest/stage';

const REAL = join(process.cwd(), '..', 'shared', 'realdata');
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number)[]) =>
	Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p].map((c) => c.charCodeAt(0)))));

type Cells = Record<string, string | number | null>;

describe('stageCsv', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	let n = 0;
	const stage = (data: string | Uint8Array, name = `file-${++n}.csv`): Promise<StagedCsv> =>
		stageCsv(engine, { name, bytes: typeof data === 'string' ? utf8(data) : data }, `stage-test-${n}.csv`);

	/** The staged rows in file order: their line, then each returned column's value. */
	async function staged(columns: string[]): Promise<(string | number | null)[][]> {
		const rows = await engine.query<Cells>(
			`SELECT ${LINE_NUMBER} AS "line", ${columns.map((c) => `${STAGE}.${quoteIdent(c)}`).join(', ')} FROM ${STAGE} ORDER BY ${LINE_NUMBER}`
		);
		return rows.map((r) => Object.values(r));
	}

	async function tableColumns(): Promise<string[]> {
		const rows = await engine.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [STAGE]);
		return rows.map((r) => r.name);
	}

	async function refusal(data: string | Uint8Array, name?: string): Promise<ImportError> {
		const err = await stage(data, name).catch((e) => e);
		expect(err).toBeInstanceOf(ImportError);
		expect((err as ImportError).detail).toMatch(/^could not be read as CSV: /);
		expect((err as ImportError).advice.length).toBeGreaterThan(20);
		return err as ImportError;
	}

	describe('encodings', () => {
		it('stages Windows-1252 text as the characters it means (£, é, smart quotes, €)', async () => {
			const s = await stage(bytes('Name,Note\r\nCaf', 0xe9, ',', 0xa3, '5 ', 0x93, 'ok', 0x94, ' ', 0x80, '2\r\n'));
			expect(s.decoded.encoding).toBe('windows-1252');
			expect(await staged(s.columns)).toEqual([[2, 'Café', '£5 “ok” €2']]);
		});

		it('stages UTF-16 LE "Unicode text" (BOM, TAB-delimited, CRLF)', async () => {
			const text = 'Child ID\tNotes\r\nA1\tZoë’s “file”\r\nB2\t£3\r\n';
			const s = await stage(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
			expect([s.decoded.encoding, s.decoded.delimiter]).toEqual(['utf-16le', '\t']);
			expect(s.columns).toEqual(['Child ID', 'Notes']);
			expect(await staged(s.columns)).toEqual([[2, 'A1', 'Zoë’s “file”'], [3, 'B2', '£3']]);
		});

		it('stages a byte that is not UTF-8 after a BOM as U+FFFD, never as the raw byte (the same length as ASCII text)', async () => {
			const s = await stage(bytes(0xef, 0xbb, 0xbf, 'area,count\nE0', 0xff, ',3\n'));
			expect(s.decoded.encoding).toBe('utf-8-bom');
			expect(await staged(s.columns)).toEqual([[2, 'E0\uFFFD', '3']]);
		});

		it('stages plain ASCII without a BOM byte for byte, and a file with one multi-byte character as text', async () => {
			expect(await staged((await stage('area,count\nE01,3\nE02,4\n')).columns)).toEqual([[2, 'E01', '3'], [3, 'E02', '4']]);
			expect(await staged((await stage('area,count\nE01,3\nÉ02,4\n')).columns)).toEqual([[2, 'E01', '3'], [3, 'É02', '4']]);
		});

		it('names the first column without the UTF-8 BOM', async () => {
			const s = await stage('\uFEFFarea,count\r\nE01,3\r\n');
			expect(s.columns).toEqual(['area', 'count']);
			expect(await staged(s.columns)).toEqual([[2, 'E01', '3']]);
		});
	});

	describe('delimiters, quoting and line ends', () => {
		it.each([
			[',', 'a,b,c\n1,"x,y",3\n4,5,6\n'],
			[';', 'a;b;c\n1;"x;y";3\n4;5;6\n'],
			['\t', 'a\tb\tc\n1\t"x\ty"\t3\n4\t5\t6\n'],
			['|', 'a|b|c\n1|"x|y"|3\n4|5|6\n']
		])('stages a %j-delimited file, keeping a quoted delimiter inside its cell', async (d, text) => {
			const s = await stage(text);
			expect(s.decoded.delimiter).toBe(d);
			expect(await staged(s.columns)).toEqual([[2, '1', `x${d}y`, '3'], [3, '4', '5', '6']]);
		});

		it('keeps quoted commas, doubled quotes and newlines (CRLF inside a cell becomes \\n)', async () => {
			const s = await stage('Name,Note\r\n"Smith, J","He said ""hi""\r\nthen left"\r\nB,"="\r\n');
			expect(await staged(s.columns)).toEqual([[2, 'Smith, J', 'He said "hi"\nthen left'], [4, 'B', '=']]);
		});

		it('reads CRLF, LF, CR and mixed line ends alike, with no \\r left in any cell', async () => {
			for (const text of ['a,b\r\n1,2\r\n3,4\r\n', 'a,b\n1,2\n3,4\n', 'a,b\r1,2\r3,4\r', 'a,b\r\n1,2\n3,4\r', 'a,b\n1,2\n3,4']) {
				const s = await stage(text);
				expect(await staged(s.columns), JSON.stringify(text)).toEqual([[2, '1', '2'], [3, '3', '4']]);
			}
		});

		it('keeps "1,296" as the text 1,296 (a thousands separator, not two cells)', async () => {
			const s = await stage('Area,Population\r\nE01015814,"1,296"\r\nE01015815,987\r\n');
			expect(await staged(s.columns)).toEqual([[2, 'E01015814', '1,296'], [3, 'E01015815', '987']]);
		});

		it('keeps text exactly inside a cell: a quote inside an unquoted cell, a stray quote inside a quoted one, empty cells as NULL', async () => {
			const s = await stage('a,b,c\npadded  out,x"y,"He said "hi" ok"\nz,"",\n');
			expect(await staged(s.columns)).toEqual([
				[2, 'padded  out', 'x"y', 'He said "hi" ok'],
				[3, 'z', null, null]
			]);
		});

		it('trims spaces, tabs, line breaks and no-break spaces from both ends of every cell, quoted or not; a blank cell is NULL', async () => {
			const s = await stage('a,b,c,d\n  padded  ,"\n quoted\t",\u00a0nbsp\u00a0, \t \nplain,x, ,"  "\n');
			expect(await staged(s.columns)).toEqual([
				[2, 'padded', 'quoted', 'nbsp', null],
				[4, 'plain', 'x', null, null]
			]);
		});

		it('trims in TAB-delimited files without taking empty cells for blanks', async () => {
			const s = await stage('a\tb\tc\n x \t\ty\n\t\tz \n');
			expect(await staged(s.columns)).toEqual([
				[2, 'x', null, 'y'],
				[3, null, null, 'z']
			]);
		});
	});

	describe('files read as they are (asIs)', () => {
		const ROWS = 3000;
		/** Rows `R<i>,<i mod 7>,x<i>` on lines 2…; `change` may rewrite the line of row i. */
		function file(change: (i: number, line: string) => string = (_, l) => l): string {
			return ['Id,Group,Note', ...Array.from({ length: ROWS }, (_, i) => change(i, `R${i},${i % 7},x${i}`))].join('\n') + '\n';
		}
		const expected = (i: number, line = i + 2): (string | number | null)[] => [line, `R${i}`, String(i % 7), `x${i}`];

		it('stages a plain ASCII file without copying it: every row at its line, the header skipped', async () => {
			const bytes = utf8(file());
			const prepared = prepareCsv('plain.csv', bytes);
			expect(prepared.staging.asIs).toBe(true);
			expect(prepared.staging.bytes).toBe(bytes);
			const s = await stageCsv(engine, { name: 'plain.csv', bytes, prepared }, 'as-is.csv');
			expect(await staged(s.columns)).toEqual(Array.from({ length: ROWS }, (_, i) => expected(i)));
		});

		it('copies the file instead, with the same rows and lines, from the first record that needs it to be copied', async () => {
			const late = 2500;
			const cases: [string, (i: number, l: string) => string, (i: number) => (string | number | null)[] | null][] = [
				['a short row', (i, l) => (i === late ? `R${i},${i % 7}` : l), (i) => (i === late ? [i + 2, `R${i}`, String(i % 7), null] : expected(i))],
				['a blank line', (i, l) => (i === late ? '' : l), (i) => (i === late ? null : expected(i))],
				['a cell to trim', (i, l) => (i === late ? `R${i}, ${i % 7} ,x${i}` : l), (i) => expected(i)],
				['a quoted cell', (i, l) => (i === late ? `R${i},"${i % 7}",x${i}` : l), (i) => expected(i)],
				['trailing empty cells', (i, l) => (i === late ? `${l},,` : l), (i) => expected(i)]
			];
			for (const [what, change, want] of cases) {
				const bytes = utf8(file(change));
				const prepared = prepareCsv(`${what}.csv`, bytes);
				expect(prepared.staging.asIs, what).toBeFalsy();
				const s = await stageCsv(engine, { name: `${what}.csv`, bytes, prepared }, 'copied.csv');
				const rows = Array.from({ length: ROWS }, (_, i) => want(i)).filter((r) => r !== null);
				expect(await staged(s.columns), what).toEqual(rows);
			}
		});

		it('copies a file with a line of delimiters after its last record, a BOM, CRLF or lone CR line ends', async () => {
			for (const [what, text] of [
				['delimiters after the last record', `${file()},,\n`],
				['a BOM', `\uFEFF${file()}`],
				['CRLF', file().replaceAll('\n', '\r\n')],
				['lone CR', file().replaceAll('\n', '\r')]
			]) {
				const bytes = utf8(text);
				const prepared = prepareCsv(`${what}.csv`, bytes);
				expect(prepared.staging.asIs, what).toBeFalsy();
				const s = await stageCsv(engine, { name: `${what}.csv`, bytes, prepared }, 'copied.csv');
				expect(await staged(s.columns), what).toEqual(Array.from({ length: ROWS }, (_, i) => expected(i)));
			}
		});
	});

	describe('line numbers', () => {
		it('numbers each row by the line it starts on (header = 1), across blank lines and multi-line cells', async () => {
			const text = [
				'', //                              1 blank before the header
				'Child,Note', //                    2 header
				'A,one', //                         3
				'', //                              4 blank
				'   ', //                           5 spaces only
				'B,"two', //                        6 B starts here…
				'lines"', //                        7 …and ends here
				',', //                             8 empty cells only: blank
				'C,"three', //                      9
				'', //                             10 a blank line inside a quoted cell
				'lines"', //                       11
				'D,four', //                       12
				'',
				''
			].join('\r\n');
			const s = await stage(text);
			expect(await staged(s.columns)).toEqual([
				[3, 'A', 'one'],
				[6, 'B', 'two\nlines'],
				[9, 'C', 'three\n\nlines'],
				[12, 'D', 'four']
			]);
			expect(s.decoded.dataLines).toBe(4);
		});

		it('keeps line numbers right through a file of many rows with blank lines and multi-line cells among them', async () => {
			const lines = ['id,note'];
			const expected: [number, string, string][] = [];
			let line = 2;
			for (let i = 1; i <= 20_000; i++) {
				if (i % 97 === 0) {
					lines.push('');
					line++;
				}
				const multi = i % 101 === 0;
				expected.push([line, `r${i}`, multi ? `two\nlines, ${i}` : `n${i}`]);
				lines.push(multi ? `r${i},"two\nlines, ${i}"` : `r${i},n${i}`);
				line += multi ? 2 : 1;
			}
			const s = await stage(lines.join('\n') + '\n');
			const rows = await staged(s.columns);
			expect(rows.length).toBe(20_000);
			expect(rows).toEqual(expected);
		});

		it('puts the line in a last helper column that the returned columns leave out', async () => {
			const s = await stage('a,b\n1,2\n');
			expect(s.columns).toEqual(['a', 'b']);
			expect(await tableColumns()).toEqual(['a', 'b', LINE_COLUMN]);
			expect(LINE_NUMBER).toBe(`${STAGE}.${LINE_COLUMN}`);
		});
	});

	describe('rows of the wrong width', () => {
		it('stages a short row with NULLs for its missing cells (validation then judges it)', async () => {
			const s = await stage('a,b,c\n1,2\n3\n4,5,6\n');
			expect(await staged(s.columns)).toEqual([[2, '1', '2', null], [3, '3', null, null], [4, '4', '5', '6']]);
		});

		it('accepts a row whose extra cells are all empty (trailing delimiters), dropping only the empties', async () => {
			const s = await stage('a,b\n1,2,,\n3,"4",, \n');
			expect(await staged(s.columns)).toEqual([[2, '1', '2'], [3, '3', '4']]);
		});

		it('refuses a file with a row longer than the header, naming its line, rather than lose or shift a cell', async () => {
			const err = await refusal('Child,Date\nA,01/02/2024\n\nB,Smith, J,02/02/2024\n');
			expect(err.detail).toMatch(/line 4 has more cells than the header has columns \(2 columns; up to 4 cells\)/);
			expect(err.advice).toMatch(/delimiter \(","\) without quotes/);
		});

		it('names the first few long lines and counts the rest', async () => {
			const rows = Array.from({ length: 9 }, (_, i) => `x${i},1,2`);
			const err = await refusal(['a;b', 'ok;1', ...rows.map((r) => r.replaceAll(',', ';'))].join('\n'));
			expect(err.detail).toMatch(/lines 3, 4, 5, 6, 7 and 4 more have more cells/);
			expect(err.advice).toMatch(/delimiter \(";"\)/);
		});
	});

	describe('headers', () => {
		it('stages empty and repeated header cells under the names in the table', async () => {
			const s = await stage('Name,name,,Risk,Name,__line\nA,B,C,D,E,F\n');
			expect(s.columns).toEqual(['Name', 'name_1', 'column2', 'Risk', 'Name_2', '__line_1']);
			expect(await tableColumns()).toEqual([...s.columns, LINE_COLUMN]);
			expect(await staged(s.columns)).toEqual([[2, 'A', 'B', 'C', 'D', 'E', 'F']]);
			expect(s.decoded.header).toEqual(['Name', 'name', '', 'Risk', 'Name', '__line']);
		});

		it('makes names unique whatever the header holds', () => {
			expect(stageColumnNames(['a', 'a_1', 'a', ' a ', ''])).toEqual(['a', 'a_1', 'a_2', 'a_3', 'column4']);
		});

		it('stages header cells holding quotes, commas and SQL as plain names, and runs none of it', async () => {
			const s = await stage(`"it's","say ""hi""","x); DROP TABLE imports; --"\n1,2,3\n`);
			expect(s.columns).toEqual([`it's`, 'say "hi"', 'x); DROP TABLE imports; --']);
			expect(await staged(s.columns)).toEqual([[2, '1', '2', '3']]);
			const [{ tables }] = await engine.query<{ tables: number }>(`SELECT count(*)::INTEGER AS tables FROM information_schema.tables WHERE table_name = 'imports'`);
			expect(tables).toBe(1);
		});

		it('stages a header with no data rows as an empty table with its columns', async () => {
			const s = await stage('a,b\r\n\r\n');
			expect(s.columns).toEqual(['a', 'b']);
			expect(await staged(s.columns)).toEqual([]);
			expect(await tableColumns()).toEqual(['a', 'b', LINE_COLUMN]);
		});

		it('stages a one-column file', async () => {
			const s = await stage('Child ID\nA\n\nB\n');
			expect(await staged(s.columns)).toEqual([[2, 'A'], [4, 'B']]);
		});
	});

	describe('files that cannot be staged', () => {
		it.each([
			['an empty file', new Uint8Array(0), /empty \(0 bytes\)/],
			['whitespace only', utf8(' \r\n\r\n\t'), /only blank lines or spaces/],
			['a BOM only', utf8('\uFEFF'), /only blank lines or spaces/],
			['an Excel workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, ...utf8('[Content_Types].xml')]), /Excel workbook \(\.xlsx\)/],
			['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /PNG image/],
			['binary with NULs', bytes('a,b\n', 0, 0, 1, 2, '\n'), /binary data/],
			['only delimiters', utf8(',,\n,,\n'), /no column names/]
		])('refuses %s with a clear ImportError and stages nothing', async (_, data, detail) => {
			await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
			expect((await refusal(data, 'Returns.xlsx')).detail).toMatch(detail);
			expect(await tableColumns()).toEqual([]);
		});

		it('refuses a quoted cell that never closes, naming the line it opens on', async () => {
			const err = await refusal('a,b\n1,2\n\n3,"oops\n4,5\n6,7\n');
			expect(err.detail).toMatch(/a double quote \("\) on line 4 starts a quoted cell that is never closed/);
			expect(err.advice).toMatch(/line 4/);
		});
	});

	describe('agrees with papaparse on generated awkward files', () => {
		/** A fixed pseudo-random sequence, so every run checks the same files. */
		function lcg(seed: number) {
			let s = seed;
			return () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
		}
		const PIECES = ['a', 'Zoë', '£5', ' ', ',', ';', '"', '""', '\n', '\r\n', 'x y', "O'Neil", '1,296', '\t', '|', ''];

		const ASCII_PIECES = PIECES.filter((p) => /^[\x00-\x7f]*$/.test(p));

		/**
		 * `seed` picks the delimiter, line end and width; `ascii` files use only ASCII pieces, so they
		 * go through the byte-copy path (stage.ts: asciiBytes), with a BOM on some.
		 */
		async function roundTrip(seed: number, ascii: boolean) {
			const rand = lcg(seed);
			const delimiter = [',', ';', '\t', '|'][seed % 4];
			const newline = ascii && seed % 3 === 0 ? '\r' : seed % 2 ? '\r\n' : '\n';
			const pieces = ascii ? ASCII_PIECES : PIECES;
			const width = 2 + (seed % 4);
			const header = Array.from({ length: width }, (_, i) => `col ${i}`);
			const records: string[][] = [];
			for (let r = 0; r < 300; r++) {
				records.push(Array.from({ length: width }, () => Array.from({ length: Math.floor(rand() * 4) }, () => pieces[Math.floor(rand() * pieces.length)]).join('')));
			}
			// Serialise like a careful exporter would, with blank lines sprinkled in.
			const lines: string[] = [Papa.unparse([header], { delimiter, newline })];
			const expected: (string | number | null)[][] = [];
			let line = 2;
			for (const record of records) {
				if (rand() < 0.1) {
					lines.push('');
					line++;
				}
				const text = Papa.unparse([record], { delimiter, newline, quotes: (v: unknown) => /[",;\t|\r\n]/.test(String(v)) || String(v).trim() !== String(v) });
				const blank = record.every((c) => c.trim() === '');
				// Staged cells are trimmed of blanks at both ends (stage.ts: trimCell), a blank one is NULL.
				const trimmed = (c: string) => c.replace(/\r\n?/g, '\n').replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '');
				if (!blank) expected.push([line, ...record.map((c) => trimmed(c) || null)]);
				lines.push(text);
				line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0); // the record's own lines, cells' line breaks included
			}
			const bom = ascii && seed % 2 === 0 ? '\uFEFF' : '';
			const s = await stage(bom + lines.join(newline) + newline);
			expect(s.decoded.delimiter).toBe(delimiter);
			expect(s.columns).toEqual(header);
			const rows = await staged(s.columns);
			expect(rows.length).toBe(expected.length);
			expect(rows).toEqual(expected);
			expect(s.decoded.dataLines).toBe(expected.length);
		}

		it.each([1, 2, 3, 4, 5, 6])('seed %i: every record staged with its cells and starting line', (seed) => roundTrip(seed, false));

		it.each([7, 8, 9, 10, 11, 12])('seed %i, ASCII only (bytes copied as they are): the same', (seed) => roundTrip(seed, true));
	});

	describe('real published files (../shared/realdata)', () => {
		it('stages the ONS LSOA population file: BOM, CRLF, "1,296"-style numbers, 107 rows', async () => {
			const file = join(REAL, 'population', 'lsoa2011-population-mid2015-southend.csv');
			if (!existsSync(file)) {
				console.warn(`${file} is absent (a fresh clone without ../shared/realdata): nothing to check here.`);
				return;
			}
			const s = await stage(new Uint8Array(readFileSync(file)), 'lsoa2011-population-mid2015-southend.csv');
			expect(s.decoded.encoding).toBe('utf-8-bom');
			expect(s.columns[0]).toBe('LSOA code (2011)');
			expect(s.columns).toHaveLength(9);
			const [{ rows, first, last }] = await engine.query<{ rows: number; first: number; last: number }>(
				`SELECT count(*)::INTEGER AS rows, min(${LINE_NUMBER}) AS first, max(${LINE_NUMBER}) AS last FROM ${STAGE}`
			);
			expect([rows, first, last]).toEqual([107, 2, 108]);
			const total = quoteIdent('Total population: mid 2015 (excluding prisoners)');
			const [row] = await engine.query<Cells>(
				`SELECT ${LINE_NUMBER} AS line, ${total} AS total, "LSOA name (2011)" AS name FROM ${STAGE} WHERE "LSOA code (2011)" = 'E01015814'`
			);
			expect(row).toEqual({ line: 2, total: '1,492', name: 'Southend-on-Sea 003A' });
			const [{ withCr }] = await engine.query<{ withCr: number }>(
				`SELECT count(*)::INTEGER AS withCr FROM ${STAGE} WHERE ${s.columns.map((c) => `contains(${quoteIdent(c)}, chr(13))`).join(' OR ')}`
			);
			expect(withCr).toBe(0);
		});

		it('stages a police.uk street-level crime file: 1,798 rows, known cells intact', async () => {
			const file = join(REAL, 'police-uk', '2022-01-essex-street-southend.csv');
			if (!existsSync(file)) {
				console.warn(`${file} is absent (a fresh clone without ../shared/realdata): nothing to check here.`);
				return;
			}
			const s = await stage(new Uint8Array(readFileSync(file)), '2022-01-essex-street-southend.csv');
			expect(s.columns).toEqual(['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context']);
			expect(s.decoded.dataLines).toBe(1798);
			const [{ rows, last }] = await engine.query<{ rows: number; last: number }>(
				`SELECT count(*)::INTEGER AS rows, max(${LINE_NUMBER}) AS last FROM ${STAGE}`
			);
			expect([rows, last]).toEqual([1798, 1799]);
			const rowsAt = (line: number) =>
				engine.query<Cells>(`SELECT "Crime ID" AS id, Longitude AS lon, Location AS loc, "Crime type" AS type, Context AS ctx FROM ${STAGE} WHERE ${LINE_NUMBER} = ?`, [line]);
			expect(await rowsAt(2)).toEqual([{ id: null, lon: '0.661293', loc: 'On or near Willow Close', type: 'Anti-social behaviour', ctx: null }]);
			expect(await rowsAt(3)).toEqual([
				{ id: '2eee82f6d1e7a839af75ed0e71aadcaf11180d46fd0be3ecce42dc2d004f2cfc', lon: '0.661293', loc: 'On or near Willow Close', type: 'Public order', ctx: null }
			]);
			expect((await rowsAt(1799))[0].id).toBe('d9dd4625f46baf404525440d7ada90ddec39f1b7302ca11529e5243fa99a6df9');
		});
	});

	it('reads records longer than DuckDB\'s default line limit (2 MiB), plain and quoted, in any script', async () => {
		const plain = 'x'.repeat(3 * 1024 * 1024);
		const wide = 'é€'.repeat(700 * 1024); // 1.4 million code units, 3.5 MB of UTF-8
		const quoted = `a,"b\n${'y'.repeat(2.5 * 1024 * 1024)}"`;
		const s = await stage(`Id,Text\n1,${plain}\n2,${wide}\n3,${quoted.slice(2)}\n4,short\n`);
		const [{ lens }] = await engine.query<{ lens: number[] }>(`SELECT list(length(${quoteIdent(s.columns[1])}) ORDER BY ${LINE_NUMBER}) AS lens FROM ${STAGE}`);
		expect(lens).toEqual([plain.length, wide.length, quoted.length - 2 - 2, 5]);
	});

	it('builds the staging text in batches, growing its buffer for text that is longer in UTF-8 (every character 3 bytes)', () => {
		const cell = '€'.repeat(100);
		const rows = Array.from({ length: 25_000 }, (_, i) => `${i},${cell}`);
		const prepared = prepareCsv('euros.csv', utf8(['Id,Text', ...rows].join('\n') + '\n'));
		const text = new TextDecoder().decode(prepared.staging.bytes);
		expect(prepared.staging.rows).toBe(25_000);
		expect(text).toBe(rows.map((r, i) => `${r},${i + 2}\n`).join(''));
		expect(prepared.staging.longestLineBytes).toBeGreaterThanOrEqual(utf8(`24999,${cell},25001\n`).length);
	});

	describe('streamed (a view over the reader instead of a table)', () => {
		const TRICKY = 'Name,Note,Extra\r\n"Smith, J","He said ""hi""\r\nthen left",x\r\n\r\nshort\r\nB,"=",,\r\n';

		it('reads the same rows, lines and columns as the staged table, and leaves nothing behind', async () => {
			const table = await stage(TRICKY, 'tricky.csv');
			const asTable = await staged(table.columns);
			const file = { name: 'tricky.csv', bytes: utf8(TRICKY) };
			const view = await stageCsvStreamed(engine, file, 'streamed-1.csv');
			try {
				expect(view.columns).toEqual(table.columns);
				expect(await staged(view.columns)).toEqual(asTable);
				expect(asTable.map((r) => r[0])).toEqual([2, 5, 6]);
				expect(() => view.checkRows(asTable.length)).not.toThrow();
				await view.dropView();
			} finally {
				await view.release();
			}
			const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ?`, [STAGE]);
			expect(n).toBe(0);
		});

		it('refuses a file whose rows read back are not the records counted', async () => {
			const view = await stageCsvStreamed(engine, { name: 'count.csv', bytes: utf8('a,b\n1,2\n3,4\n') }, 'streamed-2.csv');
			try {
				expect(() => view.checkRows(1)).toThrow(ImportError);
				expect(() => view.checkRows(1)).toThrow(/2 records with the columns a, b were found, but 1 rows/);
				await view.dropView();
			} finally {
				await view.release();
			}
		});

		it('replaces a stage table another loader left, and stages a header with no rows', async () => {
			await stage('x,y\n1,2\n');
			const view = await stageCsvStreamed(engine, { name: 'empty.csv', bytes: utf8('p,q\n') }, 'streamed-3.csv');
			try {
				expect(view.columns).toEqual(['p', 'q']);
				expect(await staged(view.columns)).toEqual([]);
				await view.dropView();
			} finally {
				await view.release();
			}
			expect(await tableColumns()).toEqual([]);
		});
	});
});
