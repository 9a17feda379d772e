/**
 * Property tests of the import pipeline (inspectFile → importFile) with generated files:
 *   1. random bytes never crash it and never half-load: a clear ImportError with the workspace
 *      unchanged, or an import that accounts for every row it read;
 *   2. valid police-referral CSVs, mutilated the ways real exports are, lose no row, garble no
 *      text and put every row at its line of the file;
 *   3. importing the same bytes twice changes nothing the second time.
 *
 * fast-check picks a new seed every run and prints it (with the failing input) when a property
 * fails. Re-run one with FC_SEED=<seed> (and FC_PATH=<path> to go straight to the shrunk input);
 * FC_NUM_RUNS=<n> runs each property n times (FC_TIMEOUT=<ms> gives each test longer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { importFile, inspectFile, needsMapping, type ImportOutcome, type Inspection } from '$lib/ingest/pipeline';
import { loadMapped } from '$lib/ingest/load-mapped';
import { ImportError } from '$lib/ingest/errors';
import { decodeCsv } from '$lib/ingest/decode';
import { POLICE_REFERRALS } from '$lib/ingest/sample-mappings';
import { normaliseId, pseudonymsFor } from '$lib/ingest/pseudonym';
import type { ImportResult, SourceFile } from '$lib/ingest/import-run';
import { COL, POLICE_HEADER, csvFileArb, randomFileArb, type BuiltCsv } from './property-arbitraries';

const TODAY = '2026-11-28';
const KEY = 'property-test-partnership-key';

/** Every table an import can write to. */
const TABLES = [
	'imports', 'concerns', 'rejected_rows', 'police_crimes', 'population', 'published_stats', 'missing_episodes', 'locations', 'areas'
] as const;
/** Tables whose rows carry the import they came from. */
const DATA_TABLES = ['concerns', 'missing_episodes', 'locations', 'police_crimes', 'population', 'published_stats'] as const;
/** Working tables the loaders make and must drop, whatever happens. */
const WORK_TABLES = ['ingest_stage', 'privacy_pseudonyms'];

/** Per test: generous, because shrinking a failure re-runs imports many times. */
const TIMEOUT = process.env.FC_TIMEOUT ? Number(process.env.FC_TIMEOUT) : 120_000;

function runs(n: number): fc.Parameters<unknown> {
	return {
		numRuns: process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : n,
		seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
		path: process.env.FC_PATH || undefined,
		// Stop (as a failure, with the seed and the input so far) before the test's own timeout,
		// so a slow run or a long shrink still says what failed.
		interruptAfterTimeLimit: TIMEOUT - 10_000,
		markInterruptAsFailure: true
	};
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

describe('import pipeline properties', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	let fileNo = 0;
	/** A new name for every import: only the bytes decide whether a file is a repeat. */
	const nextFile = (bytes: Uint8Array): SourceFile => ({ name: `property-${++fileNo}.csv`, bytes });

	/** Rows in every table an import can write to (one UNION query: this runs around every import). */
	async function tableCounts(): Promise<Record<string, number>> {
		const rows = await engine.query<{ t: string; n: number }>(
			TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM ${t}`).join(' UNION ALL ')
		);
		return Object.fromEntries(TABLES.map((t) => [t, rows.find((r) => r.t === t)?.n ?? -1]));
	}

	async function workTablesLeft(): Promise<string[]> {
		const rows = await engine.query<{ name: string }>(
			`SELECT table_name AS name FROM duckdb_tables() WHERE table_name IN (${WORK_TABLES.map(() => '?').join(', ')})`,
			WORK_TABLES
		);
		return rows.map((r) => r.name);
	}

	/** Rows an import put in the data tables and in rejected_rows. */
	async function rowsOfImport(importId: number): Promise<{ loaded: number; rejected: number }> {
		const rows = await engine.query<{ t: string; n: number }>(
			[...DATA_TABLES, 'rejected_rows'].map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM ${t} WHERE import_id = ?`).join(' UNION ALL '),
			Array(DATA_TABLES.length + 1).fill(importId)
		);
		const rejected = rows.find((r) => r.t === 'rejected_rows')?.n ?? 0;
		return { loaded: rows.reduce((sum, r) => sum + r.n, 0) - rejected, rejected };
	}

	type Attempt = { refused: ImportError } | { result: ImportResult; outcome?: ImportOutcome };

	/**
	 * Run one import and check it is whole or nothing: a refusal is an ImportError (never a plain
	 * Error or a DuckDB error) and changes nothing; a result accounts for every row it read, in the
	 * tables; a repeat of an earlier file changes nothing.
	 */
	async function wholeOrNothing(work: () => Promise<ImportResult | ImportOutcome>): Promise<Attempt> {
		const before = await tableCounts();
		let got: ImportResult | ImportOutcome;
		try {
			got = await work();
		} catch (err) {
			expect(err, `expected an ImportError, got ${errorText(err)}`).toBeInstanceOf(ImportError);
			const e = err as ImportError;
			expect(e.advice.length).toBeGreaterThan(10);
			expect(await tableCounts()).toEqual(before);
			expect(await workTablesLeft()).toEqual([]);
			return { refused: e };
		}
		const outcome = 'result' in got ? got : undefined;
		const result = 'result' in got ? got.result : got;
		const after = await tableCounts();
		for (const n of [result.rowsRead, result.rowsLoaded, result.rowsRejected]) {
			expect(Number.isInteger(n) && n >= 0, `row counts ${JSON.stringify(result)}`).toBe(true);
		}
		expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
		expect(await workTablesLeft()).toEqual([]);
		if (result.duplicate) {
			expect(after).toEqual(before);
			return { result, outcome };
		}
		expect(after.imports - before.imports).toBe(1);
		expect(after.rejected_rows - before.rejected_rows).toBe(result.rowsRejected);
		const mine = await rowsOfImport(result.importId);
		expect(mine.rejected).toBe(result.rowsRejected);
		if (result.kind !== 'areas') expect(mine.loaded).toBe(result.rowsLoaded);
		const [recorded] = await engine.query<{ rows_read: number; rows_loaded: number; rows_rejected: number }>(
			`SELECT rows_read, rows_loaded, rows_rejected FROM imports WHERE import_id = ?`,
			[result.importId]
		);
		expect(recorded).toEqual({ rows_read: result.rowsRead, rows_loaded: result.rowsLoaded, rows_rejected: result.rowsRejected });
		return { result, outcome };
	}

	const importOptions = { key: KEY, today: TODAY };

	/** How the generated files fared, printed after each property so a run shows what it exercised. */
	function tally() {
		const counts: Record<string, number> = {};
		return {
			add(attempt: Attempt | 'needs mapping', label = '') {
				const key = `${label}${attempt === 'needs mapping' ? 'needs mapping' : 'refused' in attempt ? 'refused' : attempt.result.duplicate ? 'duplicate' : 'imported'}`;
				counts[key] = (counts[key] ?? 0) + 1;
			},
			print(name: string) {
				console.info(`${name}: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
			}
		};
	}

	it('1. random bytes never crash the pipeline and never half-load', async () => {
		const seen = tally();
		await fc.assert(
			fc.asyncProperty(randomFileArb, fc.constantFrom('inspect', 'forced'), async (bytes, path) => {
				const file = nextFile(bytes);
				let inspection: Inspection | null = null;
				try {
					inspection = await inspectFile(engine, file);
				} catch (err) {
					expect(err, `inspectFile threw ${errorText(err)}`).toBeInstanceOf(ImportError);
				}
				if (path === 'inspect') {
					// As the Import page does: import what the product recognises or has a mapping for.
					const insp = inspection as Inspection | null;
					if (!insp) return seen.add({ refused: new ImportError(file.name, '', '') }, 'inspect: ');
					if (needsMapping(insp)) return seen.add('needs mapping', 'inspect: ');
					seen.add(await wholeOrNothing(() => importFile(engine, insp, importOptions)), 'inspect: ');
				} else {
					// The user picks the police mapping for whatever this is (or, when inspection refused
					// the file, the loader is called directly, as the command line may).
					const insp = inspection as Inspection | null;
					const attempt = await wholeOrNothing(() =>
						insp ? importFile(engine, insp, { ...importOptions, mapping: POLICE_REFERRALS }) : loadMapped(engine, file, POLICE_REFERRALS, { today: TODAY })
					);
					seen.add(attempt, 'forced: ');
				}
			}),
			runs(100)
		);
		seen.print('1. random bytes');
	}, TIMEOUT);

	/** The cells of a rejected row's raw text (comma-separated, quoted as CSV). */
	function rawCells(raw: string): string[] {
		const parsed = Papa.parse<string[]>(raw, { delimiter: ',', newline: '\n', quoteChar: '"' });
		expect(parsed.errors, `raw ${JSON.stringify(raw)} parses back`).toEqual([]);
		expect(parsed.data.length).toBe(1);
		return parsed.data[0];
	}

	/** True when the file line `line` (1-based) holds the start of `cell` (as written, or with its quotes doubled). */
	function lineHolds(text: string, line: number, cell: string): boolean {
		const lines = text.split('\n');
		if (line < 1 || line > lines.length) return false;
		const start = cell.split('\n')[0].trim();
		return lines[line - 1].includes(start) || lines[line - 1].includes(start.replaceAll('"', '""'));
	}

	it('2. mutilated police-referral CSVs: every row read is loaded or rejected, at its line, ungarbled', async () => {
		const seen = tally();
		await fc.assert(
			fc.asyncProperty(csvFileArb({ maxRows: 25 }), async (built: BuiltCsv) => {
				const file = nextFile(built.bytes);
				const attempt = await wholeOrNothing(async () =>
					importFile(engine, await inspectFile(engine, file), { ...importOptions, mapping: POLICE_REFERRALS })
				);
				seen.add(attempt, built.truncated ? 'cut: ' : 'whole: ');
				if ('refused' in attempt) {
					// Only a cut-off file may be refused: a whole one is a CSV the product must read.
					expect(built.truncated, `a whole file was refused: ${attempt.refused.message}`).toBe(true);
					return;
				}
				const { result, outcome } = attempt;
				if (!built.truncated) expect(result.rowsRead).toBe(built.rows.length);
				if (result.duplicate) return; // these bytes were generated before: checked as a repeat
				const privacy = outcome?.privacy;
				const pseudonymised = privacy?.pseudonymised.includes('Subject ID') ?? false;
				const dropped = new Set(privacy?.dropped ?? []);

				const loaded = await engine.query<{
					line: number; child_id: string; record_id: string | null; risk_label: string | null; home_area: string | null; ethnicity_code: string | null;
				}>(
					`SELECT line, child_id, record_id, risk_label, home_area, ethnicity_code FROM concerns WHERE import_id = ? ORDER BY line`,
					[result.importId]
				);
				const rejected = await engine.query<{ line: number; raw: string }>(`SELECT line, raw FROM rejected_rows WHERE import_id = ? ORDER BY line`, [
					result.importId
				]);

				// No mojibake: every character stored was in the file (or is the re-quoting of the raw
				// text, or part of a pseudonym the pipeline made). A file cut inside a character ends
				// in U+FFFD, the decoder's honest mark for the half character. So may any cut file: a
				// Windows-1252 file cut just after its only non-ASCII byte (say "é", E9) ends the way a
				// UTF-8 file cut inside "€" would, and the decoder reads it so (decode.ts decodeText).
				const allowed = new Set([
					...built.text, ',', '"', '\n', ...(pseudonymised ? 'P-0123456789ABCDEF' : ''), ...(built.truncated ? '\ufffd' : '')
				]);
				const strange = (s: string) => [...s].filter((c) => !allowed.has(c));
				for (const r of loaded) expect(strange(r.child_id), `child_id ${JSON.stringify(r.child_id)} at line ${r.line}`).toEqual([]);
				for (const r of rejected) expect(strange(r.raw), `raw of line ${r.line}`).toEqual([]);

				// Every row is at the line its record starts on: the line holds its first cell (Ref No).
				const text = decodeCsv(file.name, built.bytes).text;
				for (const r of rejected) {
					const first = rawCells(r.raw)[COL.ref];
					expect(lineHolds(text, r.line, first), `rejected line ${r.line} holds ${JSON.stringify(first)}`).toBe(true);
				}
				for (const r of loaded) {
					if (r.record_id === null) continue;
					expect(lineHolds(text, r.line, r.record_id), `loaded line ${r.line} holds ${JSON.stringify(r.record_id)}`).toBe(true);
				}
				// Nothing the pipeline keeps as a child is blank.
				for (const r of loaded) expect(r.child_id.trim(), `blank child_id ${JSON.stringify(r.child_id)} at line ${r.line}`).not.toBe('');

				if (built.truncated) return;

				// The whole file decodes to exactly the text written (UTF-16, Windows-1252, BOM, CRLF).
				expect(text).toBe(built.text);
				// No row lost, none twice: the lines kept are exactly the lines the rows start on.
				const kept = [...loaded.map((r) => r.line), ...rejected.map((r) => r.line)].sort((a, b) => a - b);
				expect(kept).toEqual(built.lines);

				// Each row holds what was generated (its child ID pseudonymised when the pipeline said so).
				const childCells = built.rows.map((r) => r[COL.child]);
				const ids = childCells.map(normaliseId).filter((n) => n !== '');
				const made = pseudonymised ? await pseudonymsFor(KEY, [...new Set(ids)]) : [];
				const pseudo = new Map([...new Set(ids)].map((n, i) => [n, made[i]]));
				const expectedChild = (cell: string) => (!pseudonymised ? cell : normaliseId(cell) === '' ? '' : (pseudo.get(normaliseId(cell)) as string));
				const rowAt = new Map(built.lines.map((line, i) => [line, built.rows[i]]));
				const textOf = (value: string | null, cells: string[], col: number) =>
					[(value ?? '').trim(), dropped.has(POLICE_HEADER[col]) ? '' : cells[col].trim()];
				for (const r of loaded) {
					const cells = rowAt.get(r.line) as string[];
					const want = expectedChild(cells[COL.child]);
					expect(r.child_id.trim(), `child at line ${r.line}`).toBe(want.trim());
					for (const [value, col] of [[r.record_id, COL.ref], [r.risk_label, COL.risk], [r.home_area, COL.lsoa], [r.ethnicity_code, COL.ethnicity]] as const) {
						const [got, expected] = textOf(value, cells, col);
						expect(got, `${POLICE_HEADER[col]} at line ${r.line}`).toBe(expected);
					}
				}
				for (const r of rejected) {
					const cells = rowAt.get(r.line) as string[];
					// The raw row is the staged cells: each trimmed of blanks at its ends (stage.ts: trimCell).
					const staged = (c: string) => c.replace(/^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g, '');
					const want = cells.map((c, j) => (dropped.has(POLICE_HEADER[j]) ? '' : j === COL.child ? staged(expectedChild(c)) : staged(c)));
					expect(rawCells(r.raw), `rejected row at line ${r.line}`).toEqual(want);
				}
			}),
			runs(60)
		);
		seen.print('2. mutilated CSVs');
	}, TIMEOUT);

	it('3. importing the same bytes twice: the second is a duplicate and changes nothing', async () => {
		const seen = tally();
		await fc.assert(
			fc.asyncProperty(csvFileArb({ maxRows: 12 }), async (built: BuiltCsv) => {
				const importOnce = () =>
					wholeOrNothing(async () => importFile(engine, await inspectFile(engine, nextFile(built.bytes)), { ...importOptions, mapping: POLICE_REFERRALS }));
				const first = await importOnce();
				seen.add(first, 'first: ');
				const afterFirst = await tableCounts();
				const second = await importOnce();
				expect(await tableCounts()).toEqual(afterFirst);
				if ('refused' in first) {
					expect('refused' in second, 'refused the first time, so refused again').toBe(true);
					return;
				}
				expect('result' in second).toBe(true);
				if (!('result' in second)) return;
				expect(second.result.duplicate).toBe(true);
				const { importId, rowsRead, rowsLoaded, rowsRejected } = first.result;
				expect(second.result).toMatchObject({ importId, rowsRead, rowsLoaded, rowsRejected });
			}),
			runs(25)
		);
		seen.print('3. idempotence');
	}, TIMEOUT);
});
