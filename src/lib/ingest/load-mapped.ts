/**
 * Loads one CSV through a mapping into its canonical table, in DuckDB:
 *   stage every cell as text → convert each mapped field with SQL → check every rule →
 *   insert the rows that pass, keep the others in `rejected_rows` with all their reasons.
 * It runs in one transaction (runImport), so a file is either wholly accounted for or not
 * imported at all, and `rows_read = rows_loaded + rows_rejected` always holds.
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent, type SqlParam } from '$lib/db/engine';
import { ImportError } from './errors';
import { DATE_FORMAT_LABELS, DEFAULT_BOOLEAN_VALUES, normaliseHeaderCell, type Mapping, type MappedValue } from './mapping';
import { ParamList } from './sql-params';
import { convertSql } from './convert-sql';
import { AGENCY_TABLES, TARGETS, type FieldSpec } from './targets';
import { RULES, reasonKey } from './rules';
import type { FieldSql } from './rules/rule';
import { todayIso } from '$lib/measures/today';
import { runImport, type ImportResult, type SourceFile } from './import-run';
import { rawRowSql } from './kinds/sql';
import type { ValueSample } from './value-sample';
import { CELL_BLANKS, LINE_NUMBER, STAGE, csvReadError, dropStage, isCsvReadError, stageCsv, stageCsvStreamed } from './stage';

export type { ImportResult, SourceFile } from './import-run';

/**
 * A part of a cell (`rule.part`, e.g. the second of "cse / cce") trimmed of the blank characters
 * staging trims from whole cells (stage.ts: trimCell), NULL when nothing is left. Whole cells come
 * from the stage trimmed already, with blank cells as NULL.
 */
function trimmedPartSql(part: string): string {
	return `NULLIF(trim(${part}, ${CELL_BLANKS.map((c) => `chr(${c})`).join(' || ')}), '')`;
}

/**
 * At most this many spellings of a coded column, the ones most often seen in the file's value
 * sample, are compared with the cell as it is, before it is lowered and compared with every key.
 * A system export writes each code one way (`0`/`1`, `Y`/`N`, `Female`), so nearly every cell
 * matches here and is never lowered; a cell that does not pays for these few comparisons more.
 */
const SPELLINGS_TRIED_FIRST = 8;

/**
 * A coded or yes/no cell mapped in two steps: `index` says which of the mapping's distinct values
 * the lowered cell's key gives (1, 2, …; NULL for a key the mapping lacks), and `value` turns
 * the index into that value. The key is known exactly when the index is not NULL. Coded columns
 * are most of an export (19 of the 27 fields of the sample children's social care export) and were
 * about 60% of the conversion's time in DuckDB-wasm, when a CASE gave the value and an IN list
 * over the same keys said whether it was known; the keys are now compared once.
 *
 * `seen` (how often each trimmed cell occurs in the column's value sample) only orders the work:
 * a blank cell is NULL at once, the spellings seen most are compared as they are first, and the
 * lowered keys are tried most used first. The keys are distinct, so the order never changes a
 * result. Spellings are compared as they are only when ASCII, where JavaScript's and DuckDB's
 * lower case agree.
 *
 * The lowered cell is looked up in a list of the keys (`list_position`), not with a CASE branch
 * per key: the thirteen yes/no columns of the children's social care export made about 250
 * branches, and every branch is an expression DuckDB plans and sets up for each statement (about
 * 13 ms per import), besides being tried row by row.
 */
function valueMapSql(
	raw: string,
	values: Record<string, MappedValue>,
	kind: 'code' | 'boolean',
	keys: ParamList,
	valueParams: ParamList,
	index: string,
	seen: ReadonlyMap<string, number> = new Map()
) {
	const cast = kind === 'boolean' ? '::BOOLEAN' : '::VARCHAR';
	const distinct: MappedValue[] = [];
	const slot = (v: MappedValue) => (distinct.includes(v) ? distinct.indexOf(v) : distinct.push(v) - 1) + 1;
	// Keys compare lowered, so `Yes` and `yes` are one key; a later entry (the mapping's own values
	// come after the defaults) decides it.
	const slotByKey = new Map<string, number>();
	for (const [k, v] of Object.entries(values)) slotByKey.set(k.toLowerCase(), slot(v));
	const uses = new Map<string, number>();
	for (const [cell, n] of seen) {
		const key = cell.toLowerCase();
		if (slotByKey.has(key)) uses.set(key, (uses.get(key) ?? 0) + n);
	}
	const byUse = (a: [string, number], b: [string, number]) => b[1] - a[1];
	const orderedKeys = [...slotByKey.keys()].map((k): [string, number] => [k, uses.get(k) ?? 0]).sort(byUse);
	const spellings = [...seen]
		.filter(([cell]) => cell !== '' && /^[\x20-\x7e]+$/.test(cell) && slotByKey.has(cell.toLowerCase()))
		.sort(byUse)
		.slice(0, SPELLINGS_TRIED_FIRST);
	// Placeholders are bound in the order they appear in the text: the spellings, then the keys.
	const firstTried = spellings.map(([cell]) => `WHEN ${raw} = ${keys.add(cell)} THEN ${slotByKey.get(cell.toLowerCase())}`).join(' ');
	const lowered = orderedKeys.length
		? `[${orderedKeys.map(([k]) => slotByKey.get(k)).join(', ')}][list_position([${orderedKeys.map(([k]) => `${keys.add(k)}::VARCHAR`).join(', ')}], lower(${raw}))]`
		: 'NULL::INTEGER';
	const indexSql = `CASE WHEN ${raw} IS NULL THEN NULL::INTEGER ${firstTried} ELSE ${lowered} END`;
	const given = distinct.flatMap((v, i) => (v === null ? [] : [`WHEN ${i + 1} THEN ${valueParams.add(v)}${cast}`]));
	return { index: indexSql, value: given.length ? `CASE ${index} ${given.join(' ')} END` : `NULL${cast}`, known: `(${index} IS NOT NULL)` };
}

/**
 * Refuse a mapping that would turn a cell into a value its field cannot hold: a code not in the
 * field's list, or anything but yes, no or not recorded for a yes/no field. The conversion writes
 * only mapping values, so this is what keeps the coded columns to their codes (schema.ts:
 * CODED_COLUMNS). The mapping editor offers only these; a saved mapping edited by hand may not.
 */
function checkMappedValues(mapping: Mapping, column: string, spec: FieldSpec, values: Record<string, MappedValue>, fileName: string): void {
	const allowed = (v: MappedValue) => v === null || (spec.kind === 'boolean' ? typeof v === 'boolean' : typeof v === 'string' && (spec.codes ?? []).includes(v));
	const wrong = Object.entries(values).find(([, v]) => !allowed(v));
	if (!wrong) return;
	const choices = spec.kind === 'boolean' ? 'yes, no or not recorded' : `one of ${(spec.codes ?? []).join(', ')}, or not recorded`;
	throw new ImportError(
		fileName,
		`the mapping "${mapping.name}" turns "${wrong[0]}" in the column "${column}" into ${JSON.stringify(wrong[1])}, which ${spec.label} cannot be (it is ${choices}).`,
		`Edit the mapping and choose ${choices} for "${wrong[0]}".`
	);
}

/**
 * Refuse a mapping this version cannot carry out: one for a table it does not have, or with a date
 * format it does not know. Mappings are saved as JSON in the workspace, so one may come from an
 * edited or damaged workspace file; without this it would fail with a programming error.
 */
function checkMappingShape(mapping: Mapping, fileName: string): void {
	const refuse = (what: string) => {
		throw new ImportError(fileName, `the mapping "${mapping.name}" ${what}.`, 'Make the mapping again on the Import page (or choose another), then import the file.');
	};
	if (!Object.hasOwn(TARGETS, mapping.target)) refuse(`is for ${JSON.stringify(mapping.target)}, which is not a kind of data CSE Profile keeps`);
	const formats = [mapping.dateFormat, ...Object.values(mapping.fields ?? {}).map((rule) => rule.format)];
	const unknown = formats.find((f) => f !== undefined && !Object.hasOwn(DATE_FORMAT_LABELS, f));
	if (unknown !== undefined) refuse(`has the date format ${JSON.stringify(unknown)}, which is not one of ${Object.values(DATE_FORMAT_LABELS).join(', ')}`);
}

/**
 * Build the SELECT that converts staged rows and lists every reason a row fails. It runs in layers
 * so each parameter placeholder appears exactly once in the SQL text however many rules look at a
 * field: `cells` (the text of each mapped field), `compared` (checks across rows), `kept` (the rows
 * to convert), `conv` (converted values, and for coded fields the index of their mapped value),
 * `coded` (coded values and whether they are known), then the final row with its reasons.
 * The layers are subqueries, each inside the next, rather than a WITH list: DuckDB-wasm took
 * 33 ms to plan the children's social care conversion as a WITH list and 26 ms as this (planning
 * is paid once per statement, whatever the file's size). `compared` and `kept` are left out when
 * they would pass every row through unchanged.
 *
 * `notLoadedBy`: convert only the staged rows that import (by its id) did not load into the target
 * table. That is how rejected rows are found after the loaded ones are inserted: the rows not
 * loaded are exactly those that fail, and there are usually few. Checks that compare a row with
 * the others (`acrossRows`, e.g. repeated record IDs) still see every row. Each row then also has
 * `raw`, its staged cells as CSV text (rawRowSql), made from the cells it carried through.
 *
 * `valueSample`: how often each value occurs in each staged column (value-sample.ts), to try a
 * coded column's common values first. It changes how fast the SELECT runs, never what it gives.
 */
export function buildConversion(
	mapping: Mapping,
	stagedColumns: string[],
	fileName: string,
	today: string,
	{ notLoadedBy, valueSample }: { notLoadedBy?: number; valueSample?: ValueSample } = {}
) {
	checkMappingShape(mapping, fileName);
	// One list per layer: placeholders must be bound in the order they appear in the text, which
	// for nested layers is the outermost first (see the return).
	const cellsP = new ParamList();
	const convP = new ParamList();
	const codedP = new ParamList();
	const outP = new ParamList();
	const todayCol = `${cellsP.add(today)}::DATE AS today`;
	const byNormalised = new Map(stagedColumns.map((c) => [normaliseHeaderCell(c), c]));
	const cellCols: string[] = [];
	const convCols: string[] = [];
	const codedCols: string[] = [];
	const fields = new Map<string, FieldSql>();
	for (const spec of TARGETS[mapping.target]) {
		const rule = mapping.fields[spec.name];
		if (!rule) continue;
		const column = byNormalised.get(normaliseHeaderCell(rule.column));
		if (column === undefined) {
			throw new ImportError(
				fileName,
				`the mapping "${mapping.name}" expects a column "${rule.column}", which is not in the file (columns found: ${stagedColumns.join(', ')}).`,
				'Choose the right mapping for this file, or edit the mapping to use the columns it has.'
			);
		}
		const part = rule.part;
		const staged = `${STAGE}.${quoteIdent(column)}`;
		const raw = quoteIdent(`r_${spec.name}`);
		const value = quoteIdent(`v_${spec.name}`);
		cellCols.push(`${part ? trimmedPartSql(`split_part(${staged}, ${cellsP.add(part.separator)}, ${part.index + 1})`) : staged} AS ${raw}`);
		if (spec.kind === 'code' || spec.kind === 'boolean') {
			const values =
				spec.kind === 'boolean'
					? { ...DEFAULT_BOOLEAN_VALUES, ...rule.values }
					: { ...Object.fromEntries((spec.codes ?? []).map((c) => [c, c])), ...rule.values };
			checkMappedValues(mapping, rule.column, spec, values, fileName);
			const known = quoteIdent(`k_${spec.name}`);
			const index = quoteIdent(`i_${spec.name}`);
			// A part of a cell (`rule.part`) is not a value the sample counted.
			const seen = part ? undefined : valueSample?.[stagedColumns.indexOf(column)];
			const sql = valueMapSql(raw, values, spec.kind, convP, codedP, index, seen);
			convCols.push(`${sql.index} AS ${index}`);
			codedCols.push(`${sql.value} AS ${value}`, `${sql.known} AS ${known}`);
			fields.set(spec.name, { spec, raw, value, known });
		} else {
			convCols.push(`${convertSql(raw, spec.kind, rule.format ?? mapping.dateFormat)} AS ${value}`);
			fields.set(spec.name, { spec, raw, value });
		}
	}
	const constants = Object.entries(mapping.constants ?? {}).filter(([name]) => !fields.has(name));
	const wantsAgency =
		(AGENCY_TABLES.has(mapping.target) || mapping.target === 'locations') &&
		!fields.has('agency') &&
		!constants.some(([name]) => name === 'agency');
	const missingRequired = TARGETS[mapping.target].filter(
		(s) => s.required && !fields.has(s.name) && !constants.some(([name]) => name === s.name) && !(s.name === 'agency' && wantsAgency)
	);
	if (missingRequired.length) {
		throw new ImportError(
			fileName,
			`the mapping "${mapping.name}" does not say which column holds ${missingRequired.map((s) => s.label).join(', ')}.`,
			'Edit the mapping and choose a column for each required field.'
		);
	}

	// A check that compares a row with the file's other rows is worked out over every staged row,
	// before the rows to convert are chosen (`kept`), and referred to by name after.
	const acrossCols: string[] = [];
	const checks = RULES.flatMap((rule) =>
		rule.check({ target: mapping.target, fields, today: 'today' }).map((c) => {
			const key = reasonKey(rule.code, c.field);
			if (!c.acrossRows) return { failsWhen: c.failsWhen, key };
			const name = quoteIdent(`x_${acrossCols.length}`);
			acrossCols.push(`(${c.failsWhen}) AS ${name}`);
			return { failsWhen: name, key };
		})
	);
	// The list of reasons is built only for rows that fail something: building and filtering a list
	// for every row cost about 0.05 s per 100,000 rows in DuckDB-wasm, and most rows pass. A row
	// fails when any check is TRUE (a NULL check passes, as it does inside the list).
	const reasons = checks.length
		? `CASE WHEN ${checks.map((c) => `(${c.failsWhen})`).join(' OR ')}
			THEN list_filter([${checks.map((c) => `CASE WHEN ${c.failsWhen} THEN '${c.key}' END`).join(', ')}], r -> r IS NOT NULL)
			ELSE []::VARCHAR[] END`
		: `[]::VARCHAR[]`;
	const outCols = [...fields.entries()].map(([name, f]) => `${f.value} AS ${quoteIdent(name)}`);
	for (const [name, value] of constants) outCols.push(`${outP.add(value)} AS ${quoteIdent(name)}`);
	if (wantsAgency) outCols.push(`${outP.add(mapping.agency)} AS agency`);

	const keptP = new ParamList();
	const notLoaded =
		notLoadedBy === undefined
			? ''
			: // Cast: a number from JavaScript binds as a DOUBLE, which would cast every import_id to compare.
				`ANTI JOIN (SELECT line FROM ${quoteIdent(mapping.target)} WHERE import_id = ${keptP.add(notLoadedBy)}::INTEGER) AS loaded ON loaded.line = compared.line`;
	// The rows not loaded carry every staged cell (`s_<i>`), so their text is made from them at the
	// end, for those rows only, without reading the file again to join it back.
	const stagedCells = notLoadedBy === undefined ? '' : stagedColumns.map((c, i) => `, ${STAGE}.${quoteIdent(c)} AS ${quoteIdent(`s_${i}`)}`).join('');
	const cells = `SELECT ${LINE_NUMBER} AS line, ${todayCol}, ${cellCols.join(', ')}${stagedCells} FROM ${STAGE}`;
	const compared = acrossCols.length ? `SELECT cells.*${acrossCols.map((c) => `, ${c}`).join('')} FROM (${cells}) AS cells` : cells;
	const kept = notLoaded ? `SELECT compared.* FROM (${compared}) AS compared ${notLoaded}` : compared;
	const conv = `SELECT kept.*, ${convCols.join(', ')} FROM (${kept}) AS kept`;
	const coded = `SELECT conv.*${codedCols.map((c) => `, ${c}`).join('')} FROM (${conv}) AS conv`;
	const raw = notLoadedBy === undefined ? '' : `, ${rawRowSql(stagedColumns, (_, i) => quoteIdent(`s_${i}`))} AS raw`;
	const select = `SELECT line, ${reasons} AS reasons${raw}, ${outCols.join(', ')} FROM (${coded}) AS coded`;
	const targetColumns = [...fields.keys(), ...constants.map(([name]) => name), ...(wantsAgency ? ['agency'] : [])];
	// The outer layers come first in the text; `kept`'s anti-join follows the layers inside it.
	return { select, params: [...outP.values, ...codedP.values, ...convP.values, ...cellsP.values, ...keptP.values], targetColumns };
}

/**
 * Keeps every row (no file has 2^63 rows) but stops DuckDB pushing the filter above it down into
 * the conversion: pushed down, the filter worked every value out once to test the row and again
 * to insert it, which took the insert from 0.3 s to 0.6 s per 100,000 rows in DuckDB-wasm.
 */
const KEEP_EVERY_ROW = 'LIMIT 9223372036854775807';

export interface Statement {
	/** What the step does, for progress and for the benchmark's breakdown. */
	step: 'insert_loaded' | 'insert_rejected';
	sql: string;
	params: SqlParam[];
}

/** The statements that take the stage into its canonical table and `rejected_rows`: run them with runStatements. */
export interface ConversionStatements {
	/** Converts every staged row and inserts those that pass every rule; gives the number inserted. */
	loaded: Statement;
	/** Converts the rows not loaded and keeps each in `rejected_rows` with its reasons; gives the number kept. */
	rejected: Statement;
}

/**
 * The statements that take the staged rows into their canonical table and `rejected_rows`. There
 * is no table of converted rows between: the loaded rows go straight into the target, and the
 * rows it did not take are converted again to list their reasons (few, as a rule). One place, so
 * the app and the benchmark's native DuckDB run exactly the same SQL.
 */
export function conversionStatements(
	mapping: Mapping,
	stagedColumns: string[],
	fileName: string,
	today: string,
	importId: number,
	valueSample?: ValueSample
): ConversionStatements {
	const all = buildConversion(mapping, stagedColumns, fileName, today, { valueSample });
	const failing = buildConversion(mapping, stagedColumns, fileName, today, { notLoadedBy: importId, valueSample });
	const cols = ['import_id', 'line', ...all.targetColumns].map(quoteIdent).join(', ');
	const values = all.targetColumns.map(quoteIdent).join(', ');
	return {
		loaded: {
			step: 'insert_loaded',
			sql: `INSERT INTO ${quoteIdent(mapping.target)} (${cols})
				SELECT ?, line, ${values} FROM (${all.select} ${KEEP_EVERY_ROW}) WHERE len(reasons) = 0`,
			params: [importId, ...all.params]
		},
		rejected: {
			step: 'insert_rejected',
			sql: `INSERT INTO rejected_rows SELECT ?, line, raw, reasons
				FROM (${failing.select} ${KEEP_EVERY_ROW}) WHERE len(reasons) > 0`,
			params: [importId, ...failing.params]
		}
	};
}

/** The number of rows an INSERT reports it inserted (DuckDB answers with one row, one count). */
export function insertedCount(rows: readonly Record<string, unknown>[]): number {
	const value = rows.length === 1 ? Object.values(rows[0])[0] : undefined;
	if (typeof value !== 'number' && typeof value !== 'bigint') throw new Error(`An INSERT reported ${JSON.stringify(rows)} instead of a row count.`);
	return Number(value);
}

/**
 * Run the statements, as loadMapped and the benchmark's native DuckDB both do: insert the loaded
 * rows, then, unless every one of the `staged` rows was loaded, the rejected ones. `run` gives the
 * number of rows a statement inserted. Returns the rows read (loaded + rejected) and rejected; the
 * caller checks the rows read against what it staged.
 */
export async function runStatements(
	statements: ConversionStatements,
	staged: number,
	run: (statement: Statement) => Promise<number>
): Promise<{ read: number; rejected: number }> {
	const loaded = await run(statements.loaded);
	// Building rejected rows reads the stage again; a clean file (the usual case) skips it.
	const rejected = loaded === staged ? 0 : await run(statements.rejected);
	return { read: loaded + rejected, rejected };
}

/** Import one file through `mapping`. Throws ImportError (and changes nothing) if the file as a whole is unusable. */
export interface LoadOptions {
	/** Today's date (ISO); defaults to the user's today. Dates after it are rejected. */
	today?: string;
	/**
	 * Runs on the staged text table before anything is converted or kept, e.g. to remove
	 * identifying columns, so they never reach a canonical table or a rejected row. Pass it only
	 * when there is something to rewrite: without it the file is read through a view (cheaper).
	 */
	beforeConvert?: (engine: Engine) => Promise<void>;
	/** Checked between steps; aborting rolls the whole import back. */
	signal?: AbortSignal;
	/** Reports which step is running, as words and a fraction of the whole. */
	onStage?: (label: string, progress: number) => void;
}

export async function loadMapped(engine: Engine, file: SourceFile, mapping: Mapping, options: LoadOptions = {}): Promise<ImportResult> {
	const meta = { kind: mapping.target, agency: mapping.agency, mappingName: mapping.name, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const step = (label: string, progress: number) => {
			options.signal?.throwIfAborted();
			options.onStage?.(label, progress);
		};
		const registered = `import-${importId}.csv`;
		// A stage that is rewritten first (identifying columns) must be a table; otherwise the
		// conversion reads the file straight through a view, and no copy of it is kept.
		const rewrite = options.beforeConvert;
		const stage = rewrite ? null : await stageCsvStreamed(engine, file, registered);
		try {
			const staged = stage ?? (await stageCsv(engine, file, registered));
			step('Checking for identifying columns', 0.3);
			await rewrite?.(engine);
			step('Converting and checking every row', 0.5);
			const statements = conversionStatements(mapping, staged.columns, file.name, options.today ?? todayIso(), importId, staged.valueSample);
			const counts = await runStatements(statements, staged.rows, async (statement) => {
				if (statement.step === 'insert_rejected') step('Keeping the rejected rows', 0.8);
				try {
					return insertedCount(await engine.query(statement.sql, statement.params));
				} catch (err) {
					// Through the view, DuckDB reads the file during the conversion, not while staging.
					throw stage && isCsvReadError(err) ? csvReadError(file, err) : err;
				}
			});
			// Every staged row must have been read, and each loaded or rejected exactly once.
			staged.checkRows(counts.read);
			if (stage) await stage.dropView();
			else await dropStage(engine);
			options.signal?.throwIfAborted();
			return { ...counts, header: staged.columns };
		} finally {
			await stage?.release();
		}
	});
}
